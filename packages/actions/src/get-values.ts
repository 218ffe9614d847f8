/**
 * `getValues`: a release's values, as `helm get values` (engine method `release.getValues`, Go
 * `internal/methods/release_get.go`).
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';
import { checkIntegers } from './read-options.js';

/** Options every `get*` function takes: which release, and which revision. */
export interface GetOptions extends CallOptions {
  /** The release (`helm get ... RELEASE_NAME`). Required. */
  readonly releaseName: string;
  /** `-n/--namespace`: the release's namespace. Defaults to the Configuration's namespace. */
  readonly namespace?: string;
  /** `--revision`: the revision to read. Defaults to the latest. */
  readonly revision?: number;
}

/** @internal shared by the get* functions. */
export const getSpec: OptionSpec<GetOptions> = { ...callSpec, releaseName: 'string', namespace: 'string', revision: 'number' };

export interface GetValuesOptions extends GetOptions {
  /** `-a/--all`: all computed values (chart defaults coalesced with the user's). Default `false`. */
  readonly all?: boolean;
}

const spec: OptionSpec<GetValuesOptions> = { ...getSpec, all: 'boolean' };

/** The values a release was installed or upgraded with (or all computed values), like `helm get values -o json`. */
export async function getValues(cfg: Configuration, options: GetValuesOptions): Promise<Record<string, unknown>> {
  checkOptions('getValues', options, spec);
  requireOption('getValues', options, 'releaseName');
  checkIntegers('getValues', options, ['revision']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.getValues', params, { action: 'getValues', signal, timeout, retryOnCrash: true });
  return result.values;
}
