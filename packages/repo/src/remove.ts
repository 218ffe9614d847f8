/**
 * `removeRepo`: remove chart repositories and their cached indexes, as `helm repo remove` does
 * (engine method `repo.remove`, Go `internal/methods/repo_remove.go`).
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, InvalidArgumentError, type OptionSpec } from '@helm-sdk/core';

export interface RemoveRepoOptions extends CallOptions {
  /** `NAME`: one repository to remove. */
  readonly name?: string;
  /** `NAME...`: several repositories, removed in order (each must exist). */
  readonly names?: readonly string[];
}

const spec: OptionSpec<RemoveRepoOptions> = { ...callSpec, name: 'string', names: 'string[]' };

/** Removes repositories; rejects with `ChartNotFoundError` naming the first one that is not configured. */
export async function removeRepo(cfg: Configuration, options: RemoveRepoOptions): Promise<{ readonly removed: readonly string[] }> {
  checkOptions('removeRepo', options, spec);
  const names = [...(options.name === undefined ? [] : [options.name]), ...(options.names ?? [])];
  if (names.length === 0) {
    throw new InvalidArgumentError("removeRepo: option 'name' or 'names' is required", 'removeRepo', { input: 'name' });
  }
  const r = await cfg.call('repo.remove', { names }, { action: 'removeRepo', signal: options.signal, timeout: options.timeout });
  return { removed: r.removed ?? [] };
}
