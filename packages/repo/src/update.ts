/**
 * `updateRepos`: refresh the cached indexes of all or some repositories, in parallel, as
 * `helm repo update` does (engine method `repo.update`, Go `internal/methods/repo_update.go`).
 * Unlike the CLI, a failing repository does not fail the call: each gets its own outcome.
 */
import {
  type CallOptions,
  type Configuration,
  callSpec,
  checkOptions,
  type HelmError,
  helmErrorFromWire,
  type OptionSpec,
} from '@helm-sdk/core';

export interface UpdateReposOptions extends CallOptions {
  /** `REPO...`: repositories to update (each must exist). Defaults to all. */
  readonly names?: readonly string[];
}

export interface RepoUpdateOutcome {
  readonly name: string;
  readonly url: string;
  readonly ok: boolean;
  /** Why this repository failed (a typed `HelmError`, e.g. `RegistryAuthError`), when it did. */
  readonly error?: HelmError;
}

export interface UpdateReposResult {
  /** True when every repository was updated. */
  readonly ok: boolean;
  /** One outcome per repository, in repositories.yaml order. */
  readonly repositories: readonly RepoUpdateOutcome[];
}

const spec: OptionSpec<UpdateReposOptions> = { ...callSpec, names: 'string[]' };

/** Updates repository indexes; rejects only when nothing can be tried (no repositories, unknown name). */
export async function updateRepos(cfg: Configuration, options: UpdateReposOptions = {}): Promise<UpdateReposResult> {
  checkOptions('updateRepos', options, spec);
  const { signal, timeout, names } = options;
  const timeoutSeconds = timeout === undefined ? undefined : Math.max(1, Math.ceil(timeout / 1000));
  const r = await cfg.call('repo.update', { names, timeoutSeconds }, { action: 'updateRepos', signal, timeout });
  return {
    ok: r.ok,
    repositories: (r.repositories ?? []).map((o) =>
      o.error
        ? { name: o.name, url: o.url, ok: o.ok, error: helmErrorFromWire(o.error, 'updateRepos') }
        : { name: o.name, url: o.url, ok: o.ok },
    ),
  };
}
