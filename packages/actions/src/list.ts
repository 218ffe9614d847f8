/**
 * `list`: the releases of a namespace (or of all), as `helm list` (engine method `release.list`,
 * Go `internal/methods/release_list.go`). One entry per release: its latest revision.
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec } from '@helm-sdk/core';
import { checkIntegers } from './read-options.js';
import type { Release } from './release.js';

export interface ListOptions extends CallOptions {
  /** `-n/--namespace`: the namespace to list. Defaults to the Configuration's namespace. */
  readonly namespace?: string;
  /** `-A/--all-namespaces`: list releases of every namespace (wins over `namespace`). Default `false`. */
  readonly allNamespaces?: boolean;
  /** `-f/--filter`: a regular expression (Go RE2 syntax) the release name must match. */
  readonly filter?: string;
  /** `-l/--selector`: label query on the release's labels (`key=value,key!=value`). Secret and configmap drivers only. */
  readonly selector?: string;
  /**
   * `--deployed`: show deployed releases. The state filters combine; when none is set, releases
   * in every state are shown (Helm v4's default). Default `false`.
   */
  readonly deployed?: boolean;
  /** `--failed`: show failed releases. Default `false`. */
  readonly failed?: boolean;
  /** `--pending`: show pending-install, pending-upgrade and pending-rollback releases. Default `false`. */
  readonly pending?: boolean;
  /** `--superseded`: show superseded revisions (only these when it is the only filter). Default `false`. */
  readonly superseded?: boolean;
  /** `--uninstalled`: show releases uninstalled with `keepHistory`. Default `false`. */
  readonly uninstalled?: boolean;
  /** `--uninstalling`: show releases being uninstalled. Default `false`. */
  readonly uninstalling?: boolean;
  /**
   * Sort key: `'name'` (default, A to Z) or `'date'` (`-d/--date`: by last deployed, oldest
   * first, exactly as the CLI sorts; add `reverse` for latest first).
   */
  readonly sortBy?: 'name' | 'date';
  /** `-r/--reverse`: reverse the sort order. Default `false`. */
  readonly reverse?: boolean;
  /** `-m/--max`: the most releases to return. Defaults to `256`, like the CLI; `0` means no limit. */
  readonly limit?: number;
  /** `--offset`: skip this many releases (for paging with `limit`). Default `0`. */
  readonly offset?: number;
}

const spec: OptionSpec<ListOptions> = {
  ...callSpec,
  namespace: 'string',
  allNamespaces: 'boolean',
  filter: 'string',
  selector: 'string',
  deployed: 'boolean',
  failed: 'boolean',
  pending: 'boolean',
  superseded: 'boolean',
  uninstalled: 'boolean',
  uninstalling: 'boolean',
  sortBy: ['name', 'date'],
  reverse: 'boolean',
  limit: 'number',
  offset: 'number',
};

/** Lists releases, like `helm list`. Results carry no manifest, values, notes or hooks. */
export async function list(cfg: Configuration, options: ListOptions = {}): Promise<Release[]> {
  checkOptions('list', options, spec);
  checkIntegers('list', options, ['limit', 'offset']);
  const { signal, timeout, ...params } = options;
  const result = await cfg.call('release.list', params, { action: 'list', signal, timeout, retryOnCrash: true });
  return result.releases as Release[];
}
