/**
 * `getManifest`: a release's rendered manifest, as `helm get manifest` (engine method
 * `release.getManifest`, Go `internal/methods/release_get.go`).
 */
import { type Configuration, checkOptions, requireOption } from '@helm-sdk/core';
import { type GetOptions, getSpec } from './get-values.js';
import { checkIntegers } from './read-options.js';

export type GetManifestOptions = GetOptions;

/** The manifest as stored; `helm get manifest` prints it followed by a newline. */
export async function getManifest(cfg: Configuration, options: GetManifestOptions): Promise<string> {
  checkOptions('getManifest', options, getSpec);
  requireOption('getManifest', options, 'releaseName');
  checkIntegers('getManifest', options, ['revision']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.getManifest', params, { action: 'getManifest', signal, timeout, retryOnCrash: true });
  return result.manifest;
}
