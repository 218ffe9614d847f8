/**
 * `getAll`: everything about a release, as `helm get all` (engine method `release.getAll`, Go
 * `internal/methods/release_get_all.go`). The result is the data (the release with its notes,
 * manifest, user-supplied values and hooks, plus the computed values) and, in `text`, exactly what
 * the CLI prints, for callers that want to show or diff it.
 */
import { type Configuration, checkOptions, requireOption } from '@helm-sdk/core';
import { type GetOptions, getSpec } from './get-values.js';
import { checkIntegers } from './read-options.js';
import type { Release } from './release.js';

export type GetAllOptions = GetOptions;

/** A release with everything `helm get all` shows. */
export interface GetAllResult extends Release {
  /** The chart's defaults coalesced with the user-supplied values (`COMPUTED VALUES`, `helm get values --all`). */
  readonly computedValues: Readonly<Record<string, unknown>>;
  /**
   * What `helm get all` prints, byte for byte: no colours (the CLI's output to a pipe), dates in
   * Go's `time.ANSIC` layout in the zone stored with the release (that of whoever wrote it).
   */
  readonly text: string;
}

/** Everything about a release (values, computed values, hooks, manifest, notes), like `helm get all`. */
export async function getAll(cfg: Configuration, options: GetAllOptions): Promise<GetAllResult> {
  checkOptions('getAll', options, getSpec);
  requireOption('getAll', options, 'releaseName');
  checkIntegers('getAll', options, ['revision']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.getAll', params, { action: 'getAll', signal, timeout, retryOnCrash: true });
  return result as GetAllResult;
}
