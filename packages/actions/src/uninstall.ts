/**
 * `uninstall`: delete a release's resources and its record (or keep the record, marked
 * `uninstalled`), as `helm uninstall` does (engine method `release.uninstall`, Go
 * `internal/methods/release_uninstall.go`), for one release (`releaseName`) or several
 * (`releaseNames`, as `helm uninstall a b c`). Mutating: never retried on an engine crash.
 */
import { type Configuration, checkOptions, InvalidArgumentError, type OptionSpec, requireOption } from '@helm-sdk/core';
import type { Release } from './release.js';
import { callDeadline, releaseEvents, type WaitOptions, waitSpec } from './write-options.js';

/** The flags of `helm uninstall`, shared by the one-release and several-release forms. */
export interface UninstallFlags extends WaitOptions {
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

export interface UninstallOptions extends UninstallFlags {
  /** `RELEASE_NAME`: the release to uninstall. Required. */
  readonly releaseName: string;
}

/**
 * Several releases in one call, as `helm uninstall a b c`: uninstalled in order, with the same
 * flags, stopping at the first failure as the CLI does. That failure rejects with its own typed
 * error (e.g. `ReleaseNotFoundError` for a missing release without `ignoreNotFound`), whose
 * `details.uninstalled` lists the releases already uninstalled and `details.notAttempted` the
 * rest. Every name is checked before the first uninstall, so an invalid name uninstalls nothing.
 */
export interface UninstallManyOptions extends UninstallFlags {
  /** `RELEASE_NAME...`: the releases to uninstall, in order. At least one. */
  readonly releaseNames: readonly string[];
}

/** What `uninstall` did to one of several `releaseNames`. */
export interface UninstalledRelease extends UninstallResult {
  readonly releaseName: string;
}

export interface UninstallManyResult {
  /** One entry per name, in the order given. */
  readonly releases: readonly UninstalledRelease[];
}

export interface UninstallResult {
  /** The release as uninstalled (status `uninstalled`); absent when `ignoreNotFound` found none. */
  readonly release?: Release;
  /** Resources kept because of `helm.sh/resource-policy: keep`, as the CLI prints them. */
  readonly info?: string;
}

const flagSpec: OptionSpec<UninstallFlags> = {
  ...waitSpec,
  namespace: 'string',
  keepHistory: 'boolean',
  ignoreNotFound: 'boolean',
  cascade: ['background', 'orphan', 'foreground'],
  dryRun: 'boolean',
  disableHooks: 'boolean',
  description: 'string',
};
const spec: OptionSpec<UninstallOptions> = { ...flagSpec, releaseName: 'string' };
const manySpec: OptionSpec<UninstallManyOptions> = { ...flagSpec, releaseNames: 'string[]' };

/** Uninstalls a release, like `helm uninstall`. A missing release rejects with `ReleaseNotFoundError` unless `ignoreNotFound`. */
export async function uninstall(cfg: Configuration, options: UninstallOptions): Promise<UninstallResult>;
/** Uninstalls several releases in order, like `helm uninstall a b c` (see `UninstallManyOptions`). */
export async function uninstall(cfg: Configuration, options: UninstallManyOptions): Promise<UninstallManyResult>;
export async function uninstall(
  cfg: Configuration,
  options: UninstallOptions | UninstallManyOptions,
): Promise<UninstallResult | UninstallManyResult> {
  if (typeof options === 'object' && options !== null && 'releaseNames' in options) {
    checkOptions('uninstall', options, manySpec);
    requireOption('uninstall', options, 'releaseNames');
    if (options.releaseNames.length === 0) {
      throw new InvalidArgumentError("uninstall: option 'releaseNames' must name at least one release", 'uninstall', {
        input: 'releaseNames',
      });
    }
  } else {
    checkOptions('uninstall', options, spec);
    requireOption('uninstall', options, 'releaseName');
  }
  const { signal, onEvent, ...params } = options;
  if (params.timeout !== undefined) (params as { timeout?: number }).timeout = Math.round(params.timeout);
  const result = await cfg.call('release.uninstall', params, {
    action: 'uninstall',
    signal,
    timeout: callDeadline(options.timeout),
    onEvent: releaseEvents(onEvent),
  });
  if ('releaseNames' in options) return { releases: (result.releases ?? []) as UninstalledRelease[] };
  return result as UninstallResult;
}
