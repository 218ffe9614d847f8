/**
 * `version`: Helm's build information, as `helm version` (engine method `engine.version`, Go
 * `internal/methods/engine_version.go`), plus the engine's own version. `gitCommit` and
 * `gitTreeState` are empty unless the engine build stamped them (the SDK's builds, like the
 * reference CLI built from the Go module, do not). For the hello's facts (protocol, pid), see
 * `engineInfo`.
 */

import { callSpec } from './chart-source.js';
import type { CallOptions, Configuration } from './configuration.js';
import { checkOptions, type OptionSpec } from './options.js';

export interface VersionResult {
  /** Helm's version (`{{.Version}}`), e.g. `v4.3.1`. */
  readonly version: string;
  /** Helm's git commit (`{{.GitCommit}}`); `''` when the build did not stamp it. */
  readonly gitCommit: string;
  /** `clean` or `dirty` (`{{.GitTreeState}}`); `''` when the build did not stamp it. */
  readonly gitTreeState: string;
  /** The Go runtime of the engine (`{{.GoVersion}}`). */
  readonly goVersion: string;
  /** Kubernetes version of the linked client-go (`{{.KubeClientVersion}}`), e.g. `v1.37`. */
  readonly kubeClientVersion: string;
  /** The engine's own version (the @helm-sdk/engine-go package version); not in `helm version`. */
  readonly engine: string;
}

const spec: OptionSpec<CallOptions> = callSpec;

/** Helm's build information, like `helm version`. */
export async function version(cfg: Configuration, options: CallOptions = {}): Promise<VersionResult> {
  checkOptions('version', options, spec);
  return await cfg.call('engine.version', {}, { ...options, action: 'version', retryOnCrash: true });
}
