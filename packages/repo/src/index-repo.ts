/**
 * `indexRepo`: write index.yaml for a directory of chart archives, as `helm repo index` does
 * (engine method `repo.index`, Go `internal/methods/repo_index.go`). The file is not named
 * `index.ts` because that is the package's entry point.
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';

export interface IndexRepoOptions extends CallOptions {
  /** `DIR`: the directory holding the chart archives; index.yaml is written there. */
  readonly dir: string;
  /** `--url`: base URL of the charts in the index. Defaults to none (relative URLs). */
  readonly url?: string;
  /** `--merge`: an existing index to merge into the generated one. */
  readonly merge?: string;
  /** `--json`: write the index as JSON (still to index.yaml, as the CLI does). Default `false`. */
  readonly json?: boolean;
}

export interface IndexRepoResult {
  /** The index file written. */
  readonly path: string;
  /** Number of chart versions in it. */
  readonly entries: number;
}

const spec: OptionSpec<IndexRepoOptions> = { ...callSpec, dir: 'string', url: 'string', merge: 'string', json: 'boolean' };

/** Indexes a directory of charts; the file matches `helm repo index`'s apart from its `generated` time. */
export async function indexRepo(cfg: Configuration, options: IndexRepoOptions): Promise<IndexRepoResult> {
  checkOptions('indexRepo', options, spec);
  requireOption('indexRepo', options, 'dir');
  const { signal, timeout, ...params } = options;
  const r = await cfg.call('repo.index', params, { action: 'indexRepo', signal, timeout });
  return { path: r.path, entries: r.entries };
}
