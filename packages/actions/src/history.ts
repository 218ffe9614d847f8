/**
 * `history`: a release's revisions, as `helm history` (engine method `release.history`, Go
 * `internal/methods/release_history.go`).
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';
import { checkIntegers } from './read-options.js';
import type { Release } from './release.js';

export interface HistoryOptions extends CallOptions {
  /** The release (`helm history RELEASE_NAME`). Required. */
  readonly releaseName: string;
  /** `-n/--namespace`: the release's namespace. Defaults to the Configuration's namespace. */
  readonly namespace?: string;
  /** `--max`: how many of the newest revisions to return. Default `256`. */
  readonly max?: number;
}

const spec: OptionSpec<HistoryOptions> = { ...callSpec, releaseName: 'string', namespace: 'string', max: 'number' };

/**
 * Lists a release's revisions, oldest first, like `helm history`. Entries carry no manifest,
 * values, notes or hooks; `rollbackRevision` is set on revisions made by a rollback.
 */
export async function history(cfg: Configuration, options: HistoryOptions): Promise<Release[]> {
  checkOptions('history', options, spec);
  requireOption('history', options, 'releaseName');
  checkIntegers('history', options, ['max']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.history', params, { action: 'history', signal, timeout, retryOnCrash: true });
  return result.releases as Release[];
}
