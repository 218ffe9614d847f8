/**
 * `env`: the Helm settings a Configuration resolves to, as `helm env` prints them (engine method
 * `engine.env`, Go `internal/methods/engine_env.go`). The keys are exactly `helm env`'s; the values
 * are the Configuration's (its kubeconfig, namespace, paths, limits), not the shell's `HELM_*`
 * variables. Secrets never leave the engine: `HELM_KUBETOKEN` and the password of any connection
 * string read `***`. `HELM_BIN` is the engine binary, the program that runs Helm here. Lives in
 * core (re-exported by @helm-sdk/actions) because it is about the Configuration, not a feature.
 */

import { callSpec } from './chart-source.js';
import type { CallOptions, Configuration } from './configuration.js';
import { checkOptions, type OptionSpec } from './options.js';

export interface EnvResult {
  /** `helm env`'s variables, e.g. `HELM_NAMESPACE`, `HELM_REPOSITORY_CONFIG`; secrets read `***`. */
  readonly vars: Readonly<Record<string, string>>;
  /** What `helm env` prints: `KEY="value"` lines sorted by key. */
  readonly text: string;
  /** `HELM_DRIVER`: the release storage driver (`secret` by default), which `helm env` does not print. */
  readonly driver: string;
}

const spec: OptionSpec<CallOptions> = callSpec;

/** The resolved Helm settings, like `helm env`, with secrets redacted. */
export async function env(cfg: Configuration, options: CallOptions = {}): Promise<EnvResult> {
  checkOptions('env', options, spec);
  return await cfg.call('engine.env', {}, { ...options, action: 'env', retryOnCrash: true });
}
