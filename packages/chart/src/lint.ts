/**
 * `lintChart`: examine a chart for problems, as `helm lint` does (engine method `chart.lint`,
 * Go `internal/methods/chart_lint.go`).
 */
import {
  type CallOptions,
  type Configuration,
  callSpec,
  checkOptions,
  type OptionSpec,
  requireOption,
  type ValuesOptions,
  valuesSpec,
} from '@helm-sdk/core';

export interface LintOptions extends ValuesOptions, CallOptions {
  /** Path to the chart directory or `.tgz` archive. */
  readonly chart: string;
  /** `--strict`: warnings make the lint fail. Default `false`. */
  readonly strict?: boolean;
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
}

export interface LintResult {
  /** False when `helm lint` would exit non-zero (errors; with `strict`, warnings too). */
  readonly ok: boolean;
  readonly messages: readonly LintMessage[];
}

const spec: OptionSpec<LintOptions> = {
  ...valuesSpec,
  ...callSpec,
  chart: 'string',
  strict: 'boolean',
  namespace: 'string',
  kubeVersion: 'string',
  withSubcharts: 'boolean',
  skipSchemaValidation: 'boolean',
};

/** Lints a chart; problems come back as messages, not as a rejection. */
export async function lintChart(cfg: Configuration, options: LintOptions): Promise<LintResult> {
  checkOptions('lintChart', options, spec);
  requireOption('lintChart', options, 'chart');
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('chart.lint', params, { action: 'lintChart', signal, timeout, retryOnCrash: true });
  const { ok, messages } = result as { ok: boolean; messages?: LintMessage[] | null };
  return { ok, messages: messages ?? [] };
}
