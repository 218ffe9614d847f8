/**
 * `lintChart`: examine a chart for problems, as `helm lint` does (engine method `chart.lint`,
 * Go `internal/methods/chart_lint.go`).
 */
import {
  type CallOptions,
  type ChartReference,
  type Configuration,
  callSpec,
  checkOptions,
  type OptionSpec,
  requireOption,
  toWireParams,
  type ValuesOptions,
  valuesSpec,
} from '@helm-sdk/core';

export interface LintOptions extends ValuesOptions, CallOptions {
  /** The chart: a directory or `.tgz` path, or a `Uint8Array` holding a chart archive. */
  readonly chart: ChartReference;
  /** `--strict`: warnings make the lint fail. Default `false`. */
  readonly strict?: boolean;
  /** `--quiet`: only warnings and errors in `messages` (info messages dropped); `ok` and `charts` are unchanged. Default `false`. */
  readonly quiet?: boolean;
  /** `--namespace` used while rendering. */
  readonly namespace?: string;
  /** `--kube-version` used for capability checks. */
  readonly kubeVersion?: string;
  /** `--with-subcharts`: lint dependent charts too. Default `false`. */
  readonly withSubcharts?: boolean;
  /** `--skip-schema-validation`. Default `false`. */
  readonly skipSchemaValidation?: boolean;
}

export type LintSeverity = 'info' | 'warning' | 'error';

export interface LintMessage {
  readonly severity: LintSeverity;
  /** The file the message is about, relative to the chart (e.g. `templates/deployment.yaml`). */
  readonly path: string;
  /** The text `helm lint` prints for it. */
  readonly message: string;
  /** The chart the message belongs to, as given (subcharts: under it; `chartData` for archive bytes). */
  readonly chart?: string;
}

/** The verdict on one linted chart: the chart itself, then each subchart with `withSubcharts`. */
export interface LintedChart {
  readonly chart: string;
  readonly ok: boolean;
  /** Set when the chart could not be linted at all (not a chart, unreadable archive). */
  readonly error?: string;
}

export interface LintResult {
  /** False when `helm lint` would exit non-zero (errors; with `strict`, warnings too). */
  readonly ok: boolean;
  readonly messages: readonly LintMessage[];
  /** Every chart linted, in order (`helm lint`'s "N chart(s) linted, M chart(s) failed"). */
  readonly charts: readonly LintedChart[];
}

const spec: OptionSpec<LintOptions> = {
  ...valuesSpec,
  ...callSpec,
  chart: 'chart',
  strict: 'boolean',
  quiet: 'boolean',
  namespace: 'string',
  kubeVersion: 'string',
  withSubcharts: 'boolean',
  skipSchemaValidation: 'boolean',
};

/** Lints a chart; problems come back as messages, not as a rejection. */
export async function lintChart(cfg: Configuration, options: LintOptions): Promise<LintResult> {
  checkOptions('lintChart', options, spec);
  requireOption('lintChart', options, 'chart');
  const { signal, timeout } = options;
  const result = await cfg.call('chart.lint', toWireParams(options), { action: 'lintChart', signal, timeout, retryOnCrash: true });
  const { ok, messages, charts } = result as { ok: boolean; messages?: LintMessage[] | null; charts?: LintedChart[] | null };
  return { ok, messages: messages ?? [], charts: charts ?? [] };
}
