/**
 * `addRepo`: add a chart repository to the Configuration's repositories.yaml, as `helm repo add`
 * does (engine method `repo.add`, Go `internal/methods/repo_add.go`): file lock, no `/` in names,
 * same name with the same settings is a no-op, different settings need `forceUpdate`, the index
 * is downloaded first, and the file is written with mode 0600.
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';

export interface AddRepoOptions extends CallOptions {
  /** `NAME`: the repository's name; must not contain `/`. */
  readonly name: string;
  /** `URL`: the repository's URL (http or https). */
  readonly url: string;
  /** `--username`. */
  readonly username?: string;
  /** `--password`. Stored in repositories.yaml as the CLI stores it; never logged or returned. */
  readonly password?: string;
  /** `--pass-credentials`: send the credentials to every domain (chart URLs on other hosts). Default `false`. */
  readonly passCredentials?: boolean;
  /** `--cert-file`: client certificate. */
  readonly certFile?: string;
  /** `--key-file`: client key. */
  readonly keyFile?: string;
  /** `--ca-file`: CA bundle for the repository's certificate. */
  readonly caFile?: string;
  /** `--insecure-skip-tls-verify`. Default `false`: certificates are verified. */
  readonly insecureSkipTlsVerify?: boolean;
  /** `--force-update`: replace an entry of the same name with different settings. Default `false`. */
  readonly forceUpdate?: boolean;
}

export interface AddRepoResult {
  /** False when an identical entry already existed (nothing was written). */
  readonly added: boolean;
}

const spec: OptionSpec<AddRepoOptions> = {
  ...callSpec,
  name: 'string',
  url: 'string',
  username: 'string',
  password: 'string',
  passCredentials: 'boolean',
  certFile: 'string',
  keyFile: 'string',
  caFile: 'string',
  insecureSkipTlsVerify: 'boolean',
  forceUpdate: 'boolean',
};

/** Adds a chart repository; rejects with `InvalidArgumentError` naming the URL when it cannot be reached or is not a repository. */
export async function addRepo(cfg: Configuration, options: AddRepoOptions): Promise<AddRepoResult> {
  checkOptions('addRepo', options, spec);
  requireOption('addRepo', options, 'name');
  requireOption('addRepo', options, 'url');
  const { signal, timeout, ...params } = options;
  // The call's timeout also bounds the index download (the CLI's --timeout, default 120 s).
  const timeoutSeconds = timeout === undefined ? undefined : Math.max(1, Math.ceil(timeout / 1000));
  const r = await cfg.call('repo.add', { ...params, timeoutSeconds }, { action: 'addRepo', signal, timeout });
  return { added: r.added };
}
