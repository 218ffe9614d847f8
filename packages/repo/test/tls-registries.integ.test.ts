/**
 * Real TLS servers of the test environment (issue 11, section 3): `registryLogin` to the TLS
 * registry (its own CA, basic auth) and `addRepo`/`updateRepos` of the mutual-TLS repository
 * (client certificate required), with `caFile`/`certFile`/`keyFile`, and the typed error each
 * missing piece gives: no CA -> `InvalidArgumentError` naming `caFile` and the host, a wrong
 * password -> `RegistryAuthError` naming the host, no client certificate ->
 * `InvalidArgumentError` naming `certFile` and the repository URL. The leak guard scans every
 * call for the registry password and the client key's PEM.
 */
import { copyFileSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addSecret, leakGuardStats, leakHits, takeHits } from '@helm-sdk/test-utils/leak-guard';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addRepo,
  HelmError,
  InvalidArgumentError,
  listRepos,
  ping,
  RegistryAuthError,
  registryLogin,
  registryLogout,
  updateRepos,
} from '../src/index.js';
import { env, sdk } from './setup.js';

const reg = env.registries.tls;
const mtls = env.repos.mtls;
const files = { caFile: mtls.caFile ?? '', certFile: mtls.certFile ?? '', keyFile: mtls.keyFile ?? '' };
const opened: { close(): Promise<void> }[] = [];
const fresh = () => {
  const s = sdk();
  opened.push({ close: () => s.cfg.close().finally(() => s.home.remove()) });
  return s;
};
afterAll(() => Promise.all(opened.map((o) => o.close())));

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

describe('registryLogin to the TLS registry', () => {
  const login = { host: reg.host, username: reg.username ?? '', password: reg.password ?? '' };

  it('without caFile: InvalidArgumentError naming caFile and the host, nothing stored', async () => {
    const { cfg, home } = fresh();
    const e = await rejection(registryLogin(cfg, login));
    expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
    expect(e.input).toBe('caFile');
    expect(e.details.url).toBe(reg.host);
    expect(e.message).toContain(`the certificate of ${reg.host} is signed by a CA this client does not trust; pass caFile`);
    expect(e.message).toContain('x509: certificate signed by unknown authority');
    expect(() => readFileSync(home.registryConfig, 'utf8')).toThrow(/ENOENT/);
  });

  it("with another CA (the repositories'): the same error", async () => {
    const { cfg } = fresh();
    const e = await rejection(registryLogin(cfg, { ...login, caFile: env.repos.tls.caFile ?? '' }));
    expect([e.code, e.input, e.details.url]).toEqual(['INVALID_ARGUMENT', 'caFile', reg.host]);
  });

  it('with caFile and a wrong password: RegistryAuthError naming the host, not the password', async () => {
    const wrong = 'not-the-tls-registry-password';
    addSecret(wrong, 'the wrong TLS registry password', login.username);
    const { cfg } = fresh();
    const e = await rejection(registryLogin(cfg, { ...login, password: wrong, caFile: reg.caFile ?? '' }));
    expect(RegistryAuthError.isInstance(e), String(e)).toBe(true);
    expect(e.message).toContain(reg.host);
    expect(e.message).toMatch(/401|unauthorized/i);
    expect(e.details.url).toBe(reg.host);
  });

  it('with caFile and the password: stores the credentials, which a pull with caFile then uses', async () => {
    const { cfg, home } = fresh();
    const before = leakGuardStats();
    expect(await registryLogin(cfg, { ...login, caFile: reg.caFile ?? '' })).toEqual({ host: reg.host });
    const stored = JSON.parse(readFileSync(home.registryConfig, 'utf8')) as { auths: Record<string, unknown> };
    expect(Object.keys(stored.auths)).toEqual([reg.host]);
    const chart = `${reg.url}/charts/testenv-app`;
    const pulled = await cfg.call('chart.pull', { chart, version: '0.1.0', caFile: reg.caFile ?? '', returnBytes: true });
    expect([pulled.name, pulled.version]).toEqual(['testenv-app', '0.1.0']);
    // the stored credentials do not replace the CA
    const noCa = await rejection(cfg.call('chart.pull', { chart, version: '0.1.0', returnBytes: true }));
    expect([noCa.code, noCa.input, noCa.details.url]).toEqual(['INVALID_ARGUMENT', 'caFile', reg.host]);
    await registryLogout(cfg, { host: reg.host });
    const loggedOut = await rejection(cfg.call('chart.pull', { chart, version: '0.1.0', caFile: reg.caFile ?? '', returnBytes: true }));
    expect(RegistryAuthError.isInstance(loggedOut), String(loggedOut)).toBe(true);
    expect(loggedOut.message).toContain(reg.host);
    expect(leakGuardStats().items - before.items).toBeGreaterThanOrEqual(5);
  });
});

describe('the mutual-TLS repository', () => {
  it('addRepo without caFile: InvalidArgumentError naming caFile and the URL', async () => {
    const { cfg } = fresh();
    const e = await rejection(addRepo(cfg, { name: 'mtls', url: mtls.url }));
    expect([e.code, e.input, e.details.url]).toEqual(['INVALID_ARGUMENT', 'caFile', mtls.url]);
    expect(e.message).toContain(`the certificate of ${mtls.url} is signed by a CA this client does not trust`);
  });

  it('addRepo with the CA but no client certificate: InvalidArgumentError naming certFile and the URL', async () => {
    const { cfg } = fresh();
    const e = await rejection(addRepo(cfg, { name: 'mtls', url: mtls.url, caFile: files.caFile }));
    expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
    expect(e.input).toBe('certFile');
    expect(e.details.url).toBe(mtls.url);
    expect(e.message).toContain(`${mtls.url} refused the TLS handshake: it requires a client certificate`);
    expect(e.message).toContain('pass certFile and keyFile');
    expect(e.message).toContain('tls: certificate required');
    expect(await listRepos(cfg)).toEqual([]);
  });

  it('addRepo, listRepos and updateRepos with caFile, certFile and keyFile', async () => {
    const { cfg } = fresh();
    expect(await addRepo(cfg, { name: 'mtls', url: mtls.url, ...files })).toEqual({ added: true });
    expect((await listRepos(cfg)).map((r) => [r.name, r.url, r.caFile, r.certFile, r.keyFile])).toEqual([
      ['mtls', mtls.url, files.caFile, files.certFile, files.keyFile],
    ]);
    const up = await updateRepos(cfg, { names: ['mtls'] });
    expect(up).toEqual({ ok: true, repositories: [{ name: 'mtls', url: mtls.url, ok: true }] });
  });

  it('updateRepos of a stored repository whose client key is gone: a failed outcome naming keyFile and the URL', async () => {
    const { cfg } = fresh();
    const dir = mkdtempSync(join(tmpdir(), 'mtls-keys-'));
    const keyCopy = join(dir, 'client.key');
    copyFileSync(files.keyFile, keyCopy);
    await addRepo(cfg, { name: 'rotated', url: mtls.url, ...files, keyFile: keyCopy });
    rmSync(dir, { recursive: true });
    const up = await updateRepos(cfg, { names: ['rotated'] });
    expect(up.ok).toBe(false);
    const [outcome] = up.repositories;
    expect([outcome?.name, outcome?.ok]).toEqual(['rotated', false]);
    // was ChartNotFoundError: the "no such file" of Helm's text read as a missing chart
    expect(InvalidArgumentError.isInstance(outcome?.error), String(outcome?.error)).toBe(true);
    expect(outcome?.error?.input).toBe('keyFile');
    expect(outcome?.error?.message).toContain(`unable to read key file: "${keyCopy}"`);
    expect(outcome?.error?.details.url).toBe(mtls.url);
  });

  it('the leak guard knows the client key: its PEM, or one line of it, in a result is caught', async () => {
    const { cfg } = fresh();
    const pem = readFileSync(files.keyFile, 'utf8');
    const line = pem.split('\n')[1] ?? '';
    expect(line.length).toBeGreaterThan(16);
    await ping(cfg, { payload: { pem } });
    await ping(cfg, { payload: `quoted in part: ${line}` });
    const caught = takeHits("the mutual-TLS repository's client key");
    expect(caught.length).toBeGreaterThanOrEqual(2);
    expect(caught.join('\n')).not.toContain(line);
    expect(leakHits()).toEqual([]);
  });
});
