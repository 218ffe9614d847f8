/**
 * `searchRepos`: search the cached indexes of the configured repositories, as `helm search repo`
 * does (engine method `repo.search`, Go `internal/methods/repo_search.go`). Run `updateRepos`
 * first to refresh the caches.
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec } from '@helm-sdk/core';

export interface SearchReposOptions extends CallOptions {
  /** `KEYWORD`: matched against names, descriptions and keywords. Defaults to listing every chart. */
  readonly keyword?: string;
  /** `-r/--regexp`: `keyword` is a regular expression. Default `false`. */
  readonly regexp?: boolean;
  /** `-l/--versions`: every version, not only the newest. Default `false`. */
  readonly versions?: boolean;
  /** `--version`: a semver constraint, e.g. `^1.0.0`. Defaults to the newest stable version. */
  readonly version?: string;
  /** `--devel`: include pre-release versions. Default `false`. */
  readonly devel?: boolean;
  /** `--fail-on-no-result`: when nothing matches, reject with `ChartNotFoundError` naming the keyword instead of resolving with no charts. Default `false`. */
  readonly failOnNoResult?: boolean;
}

/** One chart version found (a row of `helm search repo`). */
export interface SearchHit {
  /** `repo/chart`, the CLI's NAME column. */
  readonly name: string;
  readonly version: string;
  readonly appVersion: string;
  readonly description: string;
  /** Search distance; lower is closer. */
  readonly score: number;
  /** The version's download URLs from the index. */
  readonly urls: readonly string[];
  readonly digest?: string;
  /** Keywords, home, sources, ... from the index entry. */
  readonly chart: Readonly<Record<string, unknown>>;
}

export interface SearchReposResult {
  /** Hits in the CLI's order. */
  readonly charts: readonly SearchHit[];
  /** Repositories skipped because their cached index is missing or corrupt. */
  readonly skipped: readonly string[];
}

const spec: OptionSpec<SearchReposOptions> = {
  ...callSpec,
  keyword: 'string',
  regexp: 'boolean',
  versions: 'boolean',
  version: 'string',
  devel: 'boolean',
  failOnNoResult: 'boolean',
};

/** Searches the repositories' cached indexes; a bad `version` constraint rejects with `InvalidArgumentError`. */
export async function searchRepos(cfg: Configuration, options: SearchReposOptions = {}): Promise<SearchReposResult> {
  checkOptions('searchRepos', options, spec);
  const { signal, timeout, ...params } = options;
  const r = await cfg.call('repo.search', params, { action: 'searchRepos', signal, timeout, retryOnCrash: true });
  return {
    charts: (r.charts ?? []).map((h) => {
      const hit: Record<string, unknown> = {
        name: h.name,
        version: h.version,
        appVersion: h.appVersion,
        description: h.description,
        score: h.score,
        urls: h.urls ?? [],
        chart: h.chart,
      };
      if (h.digest) hit.digest = h.digest;
      return hit as unknown as SearchHit;
    }),
    skipped: r.skipped ?? [],
  };
}
