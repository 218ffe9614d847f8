/**
 * `createChart`: scaffold a new chart, as `helm create` does (engine method `chart.create`, Go
 * `internal/methods/chart_create.go`).
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';

export interface CreateChartOptions extends CallOptions {
  /** `NAME`: the directory to create; its last path element is the chart's name. Relative to the Configuration's `cwd`. */
  readonly name: string;
  /** `--starter`: a starter chart name (under `$HELM_DATA_HOME/starters`) or an absolute path. Defaults to Helm's scaffold. */
  readonly starter?: string;
  /**
   * `--chart-api-version`: `'v2'` (default) or `'v3'`. Helm keeps v3 charts behind the feature gate
   * `HELM_EXPERIMENTAL_CHART_V3`: set it in the engine's environment (the Configuration's `env`
   * option, or the process environment) or `'v3'` rejects with `InvalidArgumentError`. A v3 chart is
   * Helm's scaffold with `apiVersion: v3`: Chart.yaml and templates are the CLI's; a few comments of
   * values.yaml are worded as in the v2 scaffold (Helm's v3 scaffold is internal to its library).
   */
  readonly chartApiVersion?: 'v2' | 'v3';
}

const spec: OptionSpec<CreateChartOptions> = { ...callSpec, name: 'string', starter: 'string', chartApiVersion: ['v2', 'v3'] };

/** Creates a chart directory; resolves with its path. Files are identical to `helm create`'s. */
export async function createChart(cfg: Configuration, options: CreateChartOptions): Promise<{ readonly path: string }> {
  checkOptions('createChart', options, spec);
  requireOption('createChart', options, 'name');
  const { signal, timeout, ...params } = options;
  const r = await cfg.call('chart.create', params, { action: 'createChart', signal, timeout });
  return { path: r.path };
}
