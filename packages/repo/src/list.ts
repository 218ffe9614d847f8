/**
 * `listRepos`: the repositories of the Configuration's repositories.yaml, as `helm repo list`
 * (engine method `repo.list`, Go `internal/methods/repo_list.go`). Passwords are never returned.
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec } from '@helm-sdk/core';

export interface ListReposOptions extends CallOptions {}

/** One configured repository; the password stays in the file (`hasPassword` says whether there is one). */
export interface RepoEntry {
  readonly name: string;
  readonly url: string;
  readonly username?: string;
  readonly hasPassword: boolean;
  readonly certFile?: string;
  readonly keyFile?: string;
  readonly caFile?: string;
  readonly insecureSkipTlsVerify: boolean;
  readonly passCredentials: boolean;
}

const spec: OptionSpec<ListReposOptions> = { ...callSpec };

/** Lists configured repositories in file order; an absent repositories.yaml is an empty list. */
export async function listRepos(cfg: Configuration, options: ListReposOptions = {}): Promise<RepoEntry[]> {
  checkOptions('listRepos', options, spec);
  const r = await cfg.call('repo.list', {}, { action: 'listRepos', signal: options.signal, timeout: options.timeout, retryOnCrash: true });
  return (r.repositories ?? []).map((e) => {
    const out: Record<string, unknown> = {
      name: e.name,
      url: e.url,
      hasPassword: e.hasPassword,
      insecureSkipTlsVerify: e.insecureSkipTlsVerify,
      passCredentials: e.passCredentials,
    };
    if (e.username) out.username = e.username;
    if (e.certFile) out.certFile = e.certFile;
    if (e.keyFile) out.keyFile = e.keyFile;
    if (e.caFile) out.caFile = e.caFile;
    return out as unknown as RepoEntry;
  });
}
