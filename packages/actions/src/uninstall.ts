/**
 * `uninstall`: delete a release's resources and its record (or keep the record, marked
 * `uninstalled`), as `helm uninstall` does for one release (engine method `release.uninstall`,
 * Go `internal/methods/release_uninstall.go`). Mutating: never retried on an engine crash.
 */
import { type Configuration, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';
import type { Release } from './release.js';
import { callDeadline, releaseEvents, type WaitOptions, waitSpec } from './write-options.js';

export interface UninstallOptions extends WaitOptions {
  /** `RELEASE_NAME`: the release to uninstall. Required. */
  readonly releaseName: string;
  /** `-n/--namespace`: the release's namespace. Defaults to the Configuration's namespace. */
  readonly namespace?: string;
  /** `--keep-history`: keep the release record, marked `uninstalled` (a later `install` with `replace` reuses the name). Default `false`. */
  readonly keepHistory?: boolean;
  /** `--ignore-not-found`: a missing release is a success (the result has no `release`). Default `false`. */
  readonly ignoreNotFound?: boolean;
  /** `--cascade`: deletion propagation of dependents. Default `'background'`. */
  readonly cascade?: 'background' | 'orphan' | 'foreground';
  /** `--dry-run`: only report what would be uninstalled. Default `false`. */
  readonly dryRun?: boolean;
  /** `--no-hooks`: do not run pre/post-delete hooks. Default `false`. */
  readonly disableHooks?: boolean;
  /** `--description`: description of the uninstalled revision (with `keepHistory`). */
  readonly description?: string;
}

export interface UninstallResult {
  /** The release as uninstalled (status `uninstalled`); absent when `ignoreNotFound` found none. */
  readonly release?: Release;
  /** Resources kept because of `helm.sh/resource-policy: keep`, as the CLI prints them. */
  readonly info?: string;
}

const spec: OptionSpec<UninstallOptions> = {
  ...waitSpec,
  releaseName: 'string',
  namespace: 'string',
  keepHistory: 'boolean',
  ignoreNotFound: 'boolean',
  cascade: ['background', 'orphan', 'foreground'],
  dryRun: 'boolean',
  disableHooks: 'boolean',
  description: 'string',
};

/** Uninstalls a release, like `helm uninstall`. A missing release rejects with `ReleaseNotFoundError` unless `ignoreNotFound`. */
export async function uninstall(cfg: Configuration, options: UninstallOptions): Promise<UninstallResult> {
  checkOptions('uninstall', options, spec);
  requireOption('uninstall', options, 'releaseName');
  const { signal, onEvent, ...params } = options;
  if (params.timeout !== undefined) (params as { timeout?: number }).timeout = Math.round(params.timeout);
  const result = await cfg.call('release.uninstall', params, {
    action: 'uninstall',
    signal,
    timeout: callDeadline(options.timeout),
    onEvent: releaseEvents(onEvent),
  });
  return result as UninstallResult;
}
