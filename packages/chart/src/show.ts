/**
 * `showChart`: print a chart's information, as `helm show <what>` does (engine method
 * `chart.show`, Go `internal/methods/chart_show.go`).
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

/** What to show: `helm show all|chart|values|readme|crds`. */
export type ShowWhat = 'all' | 'chart' | 'values' | 'readme' | 'crds';

export interface ShowOptions extends ChartSourceOptions, CallOptions {
  /** Which part of the chart to show. Defaults to `all`. */
  readonly what?: ShowWhat;
  /** `--jsonpath` for `values`: a JSONPath expression to print instead of the whole file. */
  readonly jsonpath?: string;
}

const spec: OptionSpec<ShowOptions> = {
  ...chartSourceSpec,
  ...callSpec,
  what: ['all', 'chart', 'values', 'readme', 'crds'],
  jsonpath: 'string',
};

/** Returns exactly the text `helm show <what>` prints for the chart. */
export async function showChart(cfg: Configuration, options: ShowOptions): Promise<string> {
  checkOptions('showChart', options, spec);
  requireOption('showChart', options, 'chart');
  const params = { ...toWireParams(options), what: options.what ?? 'all' };
  const result = await cfg.call('chart.show', params, {
    action: 'showChart',
    signal: options.signal,
    timeout: options.timeout,
    retryOnCrash: true,
  });
  return (result as { text: string }).text;
}
