/**
 * `loadChart`: load a chart and return what it declares (metadata, default values, values schema,
 * dependencies, files) without rendering anything (engine method `chart.load`, Go
 * `internal/methods/chart_load.go`).
 */
import {
  type CallOptions,
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

/** Chart.yaml's fields. */
export interface ChartMetadata {
  readonly name: string;
  readonly version: string;
  readonly appVersion?: string;
  readonly description?: string;
  readonly apiVersion?: string;
  readonly type?: string;
  readonly kubeVersion?: string;
  readonly home?: string;
  readonly icon?: string;
  readonly keywords?: readonly string[];
  readonly sources?: readonly string[];
  readonly annotations?: Readonly<Record<string, string>>;
  readonly deprecated?: boolean;
}

export interface ChartMaintainer {
  readonly name: string;
  readonly email?: string;
  readonly url?: string;
}

/** One `dependencies:` entry of Chart.yaml. */
export interface ChartDependency {
  readonly name: string;
  readonly version?: string;
  readonly repository: string;
  readonly condition?: string;
  readonly tags?: readonly string[];
  readonly alias?: string;
}

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
