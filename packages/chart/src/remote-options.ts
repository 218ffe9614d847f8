/**
 * Connection options shared by the chart functions that reach a repository or registry without a
 * chart source of their own (package with dependencyUpdate, push, dependency update/build).
 */
import type { OptionSpec } from '@helm-sdk/core';

export interface RemoteOptions {
  /** `--username` for the repository or registry. */
  readonly username?: string;
  /** `--password` for the repository or registry. Never logged. */
  readonly password?: string;
  /** `--cert-file`: client certificate. */
  readonly certFile?: string;
  /** `--key-file`: client key. */
  readonly keyFile?: string;
  /** `--ca-file`: CA bundle for the server's certificate. */
  readonly caFile?: string;
  /** `--insecure-skip-tls-verify`. Default `false`. */
  readonly insecureSkipTlsVerify?: boolean;
  /** `--plain-http`: talk HTTP to an OCI registry. Default `false`. */
  readonly plainHttp?: boolean;
}

export const remoteSpec: OptionSpec<RemoteOptions> = {
  username: 'string',
  password: 'string',
  certFile: 'string',
  keyFile: 'string',
  caFile: 'string',
  insecureSkipTlsVerify: 'boolean',
  plainHttp: 'boolean',
};

/** Seconds since the epoch for a `sourceDateEpoch` given as a Date or a number of seconds. */
export function epochSeconds(value: Date | number | undefined): number | undefined {
  if (value === undefined) return undefined;
  return value instanceof Date ? Math.floor(value.getTime() / 1000) : Math.floor(value);
}
