/**
 * `searchHub`: search Artifact Hub, or another hub instance, for charts, as `helm search hub`
 * (engine method `repo.searchHub`, Go `internal/methods/repo_search_hub.go`). Like the CLI, it
 * asks `<endpoint>/api/chartsvc/v1/charts/search?q=<keyword>`, the Monocular-compatible search API
 * Artifact Hub serves for Helm, and returns the fields of `helm search hub -o json`. The CLI's
 * `--max-col-width` and `--list-repo-url` shape its table only: every hit carries its repository.
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec } from '@helm-sdk/core';

export interface SearchHubOptions extends CallOptions {
  /** `KEYWORD`: the search terms (the CLI joins several with spaces). Defaults to every package. */
  readonly keyword?: string;
  /** `--endpoint`: the hub instance, an http(s) URL. Default `'https://hub.helm.sh'`. */
  readonly endpoint?: string;
  /** `--fail-on-no-result`: when nothing matches, reject with `ChartNotFoundError` naming the keyword instead of resolving with no charts. Default `false`. */
  readonly failOnNoResult?: boolean;
}

/** One package found (a row of `helm search hub`). */
export interface HubSearchHit {
  /** The package's page on the hub (Artifact Hub's package URL, else `<endpoint>/charts/<id>`). */
  readonly url: string;
  /** The latest chart version. */
  readonly version: string;
  readonly appVersion: string;
  readonly description: string;
  /** The chart repository it comes from (the CLI's `REPO URL` column with `--list-repo-url`). */
  readonly repository: { readonly url: string; readonly name: string };
}

export interface SearchHubResult {
  /** Hits in the hub's order. */
  readonly charts: readonly HubSearchHit[];
}

const spec: OptionSpec<SearchHubOptions> = { ...callSpec, keyword: 'string', endpoint: 'string', failOnNoResult: 'boolean' };

/**
 * Searches a hub. An endpoint that is not an http(s) URL, cannot be reached, answers with an HTTP
 * error or with something other than the API's JSON rejects with a typed error naming the endpoint.
 */
export async function searchHub(cfg: Configuration, options: SearchHubOptions = {}): Promise<SearchHubResult> {
  checkOptions('searchHub', options, spec);
  const { signal, timeout, ...params } = options;
  const r = await cfg.call('repo.searchHub', params, { action: 'searchHub', signal, timeout, retryOnCrash: true });
  return { charts: r.charts ?? [] };
}
