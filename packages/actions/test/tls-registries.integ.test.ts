/**
 * install from the real TLS servers of the test environment (issue 11, section 3): an `oci://`
 * chart in the TLS registry (its own CA, basic auth) with `caFile` and credentials given to the
 * call or stored by `registryLogin`, and a chart in the mutual-TLS repository (client certificate
 * required) with `caFile`, `certFile` and `keyFile`, by URL and by the name `addRepo` stored.
 * Without the CA the install is `InvalidArgumentError` naming `caFile` and the host (it was
 * `ChartNotFoundError`, which sends users looking for a chart that is there); with a wrong
 * password `RegistryAuthError` naming the host; without the client certificate
 * `InvalidArgumentError` naming `certFile` and the repository URL. Nothing is installed by a call
 * that failed.
 */
import { addRepo, registryLogin } from '@helm-sdk/repo';
import { addSecret } from '@helm-sdk/test-utils/leak-guard';
import { sdk } from '@helm-sdk/test-utils/suite';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { HelmError, InvalidArgumentError, install, list, RegistryAuthError, uninstall } from '../src/index.js';
import { uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const reg = ep.registries.tls;
const mtls = ep.repos.mtls;
const creds = { username: reg.username ?? '', password: reg.password ?? '' };
const mtlsFiles = { caFile: mtls.caFile ?? '', certFile: mtls.certFile ?? '', keyFile: mtls.keyFile ?? '' };
const namespace = uniqueNamespace('tls-install');
const { cfg, home } = sdk(undefined, { kubeconfig: ep.kubeconfig, namespace });
afterAll(async () => {
  await cfg.close();
  home.remove();
});

/** `helm list --all`: a failed or pending release counts too. */
const everyState = { deployed: true, failed: true, pending: true, superseded: true, uninstalled: true, uninstalling: true } as const;
const ociChart = { chart: `${reg.url}/charts/testenv-app`, version: '0.1.0' } as const;
const rejection = (p: Promise<unknown>): Promise<HelmError> =>
  p.then(
    (v) => {
      throw new Error(`expected a rejection, got ${JSON.stringify(v)}`);
    },
    (e: unknown) => {
      expect(HelmError.isInstance(e), String(e)).toBe(true);
      return e as HelmError;
    },
  );

/** Installs (no wait: the point is where the chart came from), checks, and uninstalls. */
async function installs(releaseName: string, options: Omit<Parameters<typeof install>[1], 'releaseName'>): Promise<void> {
  const rel = await install(cfg, { ...options, releaseName, createNamespace: true });
  expect([rel.name, rel.namespace, rel.status, rel.chart.name, rel.chart.version]).toEqual([
    releaseName,
    namespace,
    'deployed',
    'testenv-app',
    '0.1.0',
  ]);
  expect((await uninstall(cfg, { releaseName })).release?.status).toBe('uninstalled');
}

describe('install from the TLS registry', () => {
  it('without caFile: InvalidArgumentError naming caFile and the host, nothing installed', async () => {
    const e = await rejection(install(cfg, { ...ociChart, ...creds, releaseName: 'oci-noca', createNamespace: true }));
    expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
    expect([e.input, e.details.url]).toEqual(['caFile', reg.host]);
    expect(e.message).toContain(`the certificate of ${reg.host} is signed by a CA this client does not trust; pass caFile`);
    expect(await list(cfg, everyState)).toEqual([]);
  });

  it('with caFile and a wrong password: RegistryAuthError naming the host', async () => {
    const wrong = 'wrong-tls-install-password';
    addSecret(wrong, 'the wrong install password', creds.username);
    const e = await rejection(
      install(cfg, { ...ociChart, caFile: reg.caFile ?? '', ...creds, password: wrong, releaseName: 'oci-badpw', createNamespace: true }),
    );
    expect(RegistryAuthError.isInstance(e), String(e)).toBe(true);
    expect(e.message).toContain(reg.host);
  });

  it('with caFile and credentials', async () => {
    await installs('oci-creds', { ...ociChart, caFile: reg.caFile ?? '', ...creds });
  });

  it('with caFile after registryLogin with caFile (credentials from the registry config)', async () => {
    await registryLogin(cfg, { host: reg.host, ...creds, caFile: reg.caFile ?? '' });
    await installs('oci-login', { ...ociChart, caFile: reg.caFile ?? '' });
  });
});

describe('install from the mutual-TLS repository', () => {
  const byUrl = { chart: 'testenv-app', repo: mtls.url } as const;

  it('with the CA but no client certificate: InvalidArgumentError naming certFile and the URL, nothing installed', async () => {
    const e = await rejection(install(cfg, { ...byUrl, caFile: mtlsFiles.caFile, releaseName: 'mtls-nocert', createNamespace: true }));
    expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
    expect([e.input, e.details.url]).toEqual(['certFile', mtls.url]);
    expect(e.message).toContain(`${mtls.url} refused the TLS handshake: it requires a client certificate`);
    expect((await list(cfg, everyState)).map((r) => r.name)).not.toContain('mtls-nocert');
  });

  it('by URL with caFile, certFile and keyFile', async () => {
    await installs('mtls-url', { ...byUrl, ...mtlsFiles });
  });

  it('by the name addRepo stored with caFile, certFile and keyFile', async () => {
    expect(await addRepo(cfg, { name: 'mtls', url: mtls.url, ...mtlsFiles })).toEqual({ added: true });
    await installs('mtls-name', { chart: 'mtls/testenv-app' });
  });
});
