/**
 * `upgrade`: upgrade a release to a new chart or values, as `helm upgrade` does; with
 * `install: true` as `helm upgrade --install` (engine method `release.upgrade`, Go
 * `internal/methods/release_upgrade.go`, which reproduces the CLI's install-or-upgrade decision).
 * Mutating: never retried on an engine crash.
 */
import { type Configuration, checkOptions, InvalidArgumentError, type OptionSpec } from '@helm-sdk/core';
import { checkWriteOptions, type ReleaseWriteOptions, releaseWriteSpec, writeParams } from './install.js';
import type { Release } from './release.js';
import { callDeadline, releaseEvents } from './write-options.js';

export interface UpgradeOptions extends ReleaseWriteOptions {
  /** `RELEASE`: the release to upgrade. Required. */
  readonly releaseName: string;
  /** `-i/--install`: install when no release by this name exists, or its last revision is uninstalled. Default `false`. */
  readonly install?: boolean;
  /** `--reuse-values`: merge the new values into the last release's values. Default `false`. */
  readonly reuseValues?: boolean;
  /** `--reset-values`: start from the chart's values, dropping the last release's. Default `false`. */
  readonly resetValues?: boolean;
  /** `--reset-then-reuse-values`: chart values, then the last release's, then the new ones. Default `false`. */
  readonly resetThenReuseValues?: boolean;
  /** `--history-max`: revisions kept for the release; `0` for no limit. Defaults to the Configuration's `maxHistory` (10). */
  readonly maxHistory?: number;
  /** `--cleanup-on-fail`: delete resources created by a failed upgrade. Default `false`. */
  readonly cleanupOnFail?: boolean;
}

const spec: OptionSpec<UpgradeOptions> = {
  ...releaseWriteSpec,
  releaseName: 'string',
  install: 'boolean',
  reuseValues: 'boolean',
  resetValues: 'boolean',
  resetThenReuseValues: 'boolean',
  maxHistory: 'number',
  cleanupOnFail: 'boolean',
};

/**
 * Upgrades a release, like `helm upgrade`. Resolves with the new revision. A release that is
 * `pending-*` rejects with `OperationInProgressError` (roll it back to recover); a failed upgrade
 * rejects with a typed error whose `details.release` is the failed revision.
 */
export async function upgrade(cfg: Configuration, options: UpgradeOptions): Promise<Release> {
  checkOptions('upgrade', options, spec);
  checkWriteOptions('upgrade', options);
  if (!options.releaseName) {
    throw new InvalidArgumentError("upgrade: option 'releaseName' is required", 'upgrade', { input: 'releaseName' });
  }
  const result = await cfg.call('release.upgrade', writeParams(options), {
    action: 'upgrade',
    signal: options.signal,
    timeout: callDeadline(options.timeout, options.rollbackOnFailure),
    onEvent: releaseEvents(options.onEvent),
  });
  return result as Release;
}
