/**
 * `getHooks`: a release's hooks, as `helm get hooks` (engine method `release.getHooks`, Go
 * `internal/methods/release_get.go`).
 */
import { type Configuration, checkOptions, requireOption } from '@helm-sdk/core';
import { type GetOptions, getSpec } from './get-values.js';
import { checkIntegers } from './read-options.js';
import type { ReleaseHook } from './release.js';

export type GetHooksOptions = GetOptions;

/** The hooks with their manifests and last runs, in stored order (the CLI prints `---\n# Source: <path>\n<manifest>` each). */
export async function getHooks(cfg: Configuration, options: GetHooksOptions): Promise<ReleaseHook[]> {
  checkOptions('getHooks', options, getSpec);
  requireOption('getHooks', options, 'releaseName');
  checkIntegers('getHooks', options, ['revision']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.getHooks', params, { action: 'getHooks', signal, timeout, retryOnCrash: true });
  return result.hooks as ReleaseHook[];
}
