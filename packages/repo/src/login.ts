/**
 * `registryLogin`: store credentials for an OCI registry in the Configuration's registry config
 * file, as `helm registry login` does (engine method `registry.login`, Go
 * `internal/methods/registry_login.go`). The password is an option, never a prompt.
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';

export interface RegistryLoginOptions extends CallOptions {
  /** `HOST`: the registry, `host[:port]` (a leading `oci://` is accepted). */
  readonly host: string;
  /** `-u/--username`. Omit it to log in with a token alone (then `password` is the token), as the CLI allows. */
  readonly username?: string;
  /** `-p/--password`: the password, or the token when `username` is omitted. Never logged. */
  readonly password: string;
  /** `--cert-file`: client certificate. */
  readonly certFile?: string;
  /** `--key-file`: client key. */
  readonly keyFile?: string;
  /** `--ca-file`: CA bundle for the registry's certificate. */
  readonly caFile?: string;
  /** `--insecure`: accept a TLS registry without verifying its certificate. Default `false`. */
  readonly insecure?: boolean;
  /** `--plain-http`: talk HTTP, not HTTPS. Default `false`. */
  readonly plainHttp?: boolean;
}

const spec: OptionSpec<RegistryLoginOptions> = {
  ...callSpec,
  host: 'string',
  username: 'string',
  password: 'string',
  certFile: 'string',
  keyFile: 'string',
  caFile: 'string',
  insecure: 'boolean',
  plainHttp: 'boolean',
};

/** Logs in; rejects with `RegistryAuthError` naming the host (never the password) when refused. */
export async function registryLogin(cfg: Configuration, options: RegistryLoginOptions): Promise<{ readonly host: string }> {
  checkOptions('registryLogin', options, spec);
  requireOption('registryLogin', options, 'host');
  requireOption('registryLogin', options, 'password');
  const { signal, timeout, ...params } = options;
  const r = await cfg.call('registry.login', params, { action: 'registryLogin', signal, timeout });
  return { host: r.host };
}
