/**
 * `getNotes`: a release's rendered NOTES.txt, as `helm get notes` (engine method
 * `release.getNotes`, Go `internal/methods/release_get.go`).
 */
import { type Configuration, checkOptions, requireOption } from '@helm-sdk/core';
import { type GetOptions, getSpec } from './get-values.js';
import { checkIntegers } from './read-options.js';

export type GetNotesOptions = GetOptions;

/** The notes, or `''` when the chart has none (`helm get notes` prints `NOTES:\n<notes>\n`). */
export async function getNotes(cfg: Configuration, options: GetNotesOptions): Promise<string> {
  checkOptions('getNotes', options, getSpec);
  requireOption('getNotes', options, 'releaseName');
  checkIntegers('getNotes', options, ['revision']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.getNotes', params, { action: 'getNotes', signal, timeout, retryOnCrash: true });
  return result.notes;
}
