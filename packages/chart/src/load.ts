/**
 * `loadChart`: load a chart and return what it declares (metadata, default values, values schema,
 * dependencies, files) without rendering anything (engine method `chart.load`, Go
 * `internal/methods/chart_load.go`).
 */
import {
  type CallOptions,
  type ChartDependency,
  type ChartMaintainer,
  type ChartMetadata,
  type ChartSourceOptions,
  type Configuration,
  callSpec,
  chartSourceSpec,
  checkOptions,
  type OptionSpec,
  requireOption,
  toWireParams,
} from '@helm-sdk/core';

export interface LoadChartOptions extends ChartSourceOptions, CallOptions {}

export type { ChartDependency, ChartMaintainer, ChartMetadata };

export interface LoadedChart {
  readonly metadata: ChartMetadata;
  readonly maintainers: readonly ChartMaintainer[];
  readonly dependencies: readonly ChartDependency[];
  /** The default values (values.yaml). */
  readonly values: Readonly<Record<string, unknown>>;
  /** values.schema.json, parsed; undefined when the chart has none. */
  readonly schema?: Readonly<Record<string, unknown>>;
  /** Template file names, e.g. `templates/deployment.yaml`. */
  readonly templates: readonly string[];
  /** Every file in the chart, sorted. */
  readonly files: readonly string[];
  /** Names of the charts bundled under `charts/`. */
  readonly subcharts: readonly string[];
}

const spec: OptionSpec<LoadChartOptions> = { ...chartSourceSpec, ...callSpec };

/** Loads a chart from any chart source; nothing is rendered and no cluster is contacted. */
export async function loadChart(cfg: Configuration, options: LoadChartOptions): Promise<LoadedChart> {
  checkOptions('loadChart', options, spec);
  requireOption('loadChart', options, 'chart');
  const r = await cfg.call('chart.load', toWireParams(options), {
    action: 'loadChart',
    signal: options.signal,
    timeout: options.timeout,
    retryOnCrash: true,
  });
  const out: LoadedChart = {
    metadata: r.metadata as ChartMetadata,
    maintainers: (r.maintainers ?? []) as ChartMaintainer[],
    dependencies: (r.dependencies ?? []) as ChartDependency[],
    values: r.values ?? {},
    templates: r.templates ?? [],
    files: r.files ?? [],
    subcharts: r.subcharts ?? [],
  };
  return r.schema ? { ...out, schema: r.schema } : out;
}
