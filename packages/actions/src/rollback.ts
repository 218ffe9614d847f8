/**
 * `rollback`: roll a release back to an earlier revision, as `helm rollback` does (engine method
 * `release.rollback`, Go `internal/methods/release_rollback.go`). It is also how a release left
 * `pending-install`/`pending-upgrade` (for example by a killed process) is brought back.
 * Mutating: never retried on an engine crash.
 */
import { type Configuration, checkOptions, InvalidArgumentError, type OptionSpec, requireOption } from '@helm-sdk/core';
import type { Release } from './release.js';
import { callDeadline, type DryRunMode, releaseEvents, serverSideParam, type WaitOptions, waitSpec } from './write-options.js';

export interface RollbackOptions extends WaitOptions {
  /** `RELEASE`: the release to roll back. Required. */
  readonly releaseName: string;
  /** `REVISION`: the revision to restore; `0` means the previous one. Default `0`. */
  readonly revision?: number;
  /** `-n/--namespace`: the release's namespace. Defaults to the Configuration's namespace. */
  readonly namespace?: string;
  /** `--wait-for-jobs`: with a `watcher`/`legacy` wait, also wait for Jobs to complete. Default `false`. */
  readonly waitForJobs?: boolean;
  /** `--cleanup-on-fail`: delete resources created by a failed rollback. Default `false`. */
  readonly cleanupOnFail?: boolean;
  /** `--force-replace` (formerly `--force`): replace resources that cannot be updated. Default `false`. */
  readonly forceReplace?: boolean;
  /** `--force-conflicts`: take over fields other managers own (server-side apply only). Default `false`. */
  readonly forceConflicts?: boolean;
  /** `--server-side`: `true`, `false`, or `'auto'` (as the restored revision was applied). Default `'auto'`. */
  readonly serverSideApply?: boolean | 'auto';
  /** `--history-max`: revisions kept; `0` for no limit. Defaults to the Configuration's `maxHistory` (10). */
  readonly maxHistory?: number;
  /** `--dry-run`: `client` or `server` simulates the rollback (resolves with the revision it would restore). Default `none`. */
  readonly dryRun?: DryRunMode;
  /** `--description`: description of the new revision (at most 256 characters). Defaults to `Rollback to <revision>`. */
  readonly description?: string;
  /** `--no-hooks`: do not run pre/post-rollback hooks. Default `false`. */
  readonly disableHooks?: boolean;
}

const spec: OptionSpec<RollbackOptions> = {
  ...waitSpec,
  releaseName: 'string',
  revision: 'number',
  namespace: 'string',
  waitForJobs: 'boolean',
  cleanupOnFail: 'boolean',
  forceReplace: 'boolean',
  forceConflicts: 'boolean',
  serverSideApply: 'any',
  maxHistory: 'number',
  dryRun: ['none', 'client', 'server'],
  description: 'string',
  disableHooks: 'boolean',
};

/** Rolls a release back, like `helm rollback`. Resolves with the new revision (its `rollbackRevision` says which one it restored). */
export async function rollback(cfg: Configuration, options: RollbackOptions): Promise<Release> {
  checkOptions('rollback', options, spec);
  requireOption('rollback', options, 'releaseName');
  const { signal, onEvent, serverSideApply, ...params } = options;
  if (serverSideApply !== undefined && typeof serverSideApply !== 'boolean' && serverSideApply !== 'auto') {
    throw new InvalidArgumentError("rollback: option 'serverSideApply' must be a boolean or 'auto'", 'rollback', {
      input: 'serverSideApply',
    });
  }
  const wire: Record<string, unknown> = { ...params };
  if (params.timeout !== undefined) wire.timeout = Math.round(params.timeout);
  const ssa = serverSideParam(serverSideApply);
  if (ssa !== undefined) wire.serverSideApply = ssa;
  const result = await cfg.call('release.rollback', wire as never, {
    action: 'rollback',
    signal,
    timeout: callDeadline(options.timeout),
    onEvent: releaseEvents(onEvent),
  });
  return result as Release;
}
