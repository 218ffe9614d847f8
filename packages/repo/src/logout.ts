/**
 * `registryLogout`: remove a registry's credentials from the Configuration's registry config
 * file, as `helm registry logout` does (engine method `registry.logout`, Go
 * `internal/methods/registry_logout.go`).
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';

export interface RegistryLogoutOptions extends CallOptions {
  /** `HOST`: the registry, `host[:port]` (a leading `oci://` is accepted). */
  readonly host: string;
}

const spec: OptionSpec<RegistryLogoutOptions> = { ...callSpec, host: 'string' };

/** Logs out of a registry; rejects when there were no credentials for it. */
export async function registryLogout(cfg: Configuration, options: RegistryLogoutOptions): Promise<{ readonly host: string }> {
  checkOptions('registryLogout', options, spec);
  requireOption('registryLogout', options, 'host');
  const r = await cfg.call(
    'registry.logout',
    { host: options.host },
    { action: 'registryLogout', signal: options.signal, timeout: options.timeout },
  );
  return { host: r.host };
}
