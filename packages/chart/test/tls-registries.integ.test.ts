/**
 * pushChart, pullChart and showChart against the real TLS servers of the test environment (issue
 * 11, section 3), with the reference `helm` CLI on the other side: the TLS registry (its own CA,
 * basic auth) with `caFile` and credentials, and the mutual-TLS repository (client certificate
 * required) with `caFile`, `certFile` and `keyFile`, by URL and by the name of a repository the
 * CLI added. Each missing piece gives its typed error: no CA -> `InvalidArgumentError` naming
 * `caFile` and the host, a wrong password -> `RegistryAuthError` naming the host, no client
 * certificate -> `InvalidArgumentError` naming `certFile` and the URL, a key file that is not a
 * key -> `InvalidArgumentError` naming `keyFile`.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runHelm } from '@helm-sdk/test-utils';
import { addSecret } from '@helm-sdk/test-utils/leak-guard';
import { afterAll, describe, expect, it } from 'vitest';
import { HelmError, InvalidArgumentError, pullChart, pushChart, RegistryAuthError, showChart } from '../src/index.js';
import { emitted, env, passwords, sdk } from './setup.js';

const reg = env.registries.tls;
const mtls = env.repos.mtls;
const creds = { username: reg.username ?? '', password: reg.password ?? '' };
const mtlsFiles = { caFile: mtls.caFile ?? '', certFile: mtls.certFile ?? '', keyFile: mtls.keyFile ?? '' };
const app = env.charts.find((c) => c.name === 'testenv-app') ?? (env.charts[0] as (typeof env.charts)[number]);
const appBytes = readFileSync(app.archive);
const { cfg, home } = sdk();
afterAll(async () => {
  await cfg.close();
  home.remove();
  for (const p of passwords) expect(emitted.join('\n')).not.toContain(p);
});

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

describe('the TLS registry', () => {
  const remote = `${reg.url}/sdk-pushed`;

  it('pushChart without caFile: InvalidArgumentError naming caFile and the host', async () => {
    const e = await rejection(pushChart(cfg, { chart: app.archive, remote, ...creds }));
    expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
    expect([e.input, e.details.url]).toEqual(['caFile', reg.host]);
    expect(e.message).toContain(`the certificate of ${reg.host} is signed by a CA this client does not trust; pass caFile`);
  });

  it('pushChart with caFile and a wrong password: RegistryAuthError naming the host', async () => {
    const wrong = 'wrong-tls-push-password';
    addSecret(wrong, 'the wrong push password', creds.username);
    const e = await rejection(pushChart(cfg, { chart: app.archive, remote, caFile: reg.caFile ?? '', ...creds, password: wrong }));
    expect(RegistryAuthError.isInstance(e), String(e)).toBe(true);
    expect(e.message).toContain(reg.host);
    expect(e.details.url).toBe(reg.host);
  });

  it('pushChart with caFile and credentials; helm pull --ca-file gets the same bytes back, and so does pullChart', async () => {
    const pushed = await pushChart(cfg, { chart: app.archive, remote, caFile: reg.caFile ?? '', ...creds });
    expect(pushed).toMatchObject({ ref: `${reg.host}/sdk-pushed/testenv-app:0.1.0`, name: 'testenv-app', version: '0.1.0' });
    expect(pushed.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const dest = mkdtempSync(join(tmpdir(), 'tls-pull-cli-'));
    const cli = await runHelm(
      [
        'pull',
        `${remote}/testenv-app`,
        '--version',
        '0.1.0',
        '--ca-file',
        reg.caFile ?? '',
        '--username',
        creds.username,
        '--password',
        creds.password,
        '-d',
        dest,
      ],
      home.env,
    );
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(readFileSync(join(dest, 'testenv-app-0.1.0.tgz')).equals(appBytes)).toBe(true);
    const pulled = await pullChart(cfg, {
      chart: `${remote}/testenv-app`,
      version: '0.1.0',
      caFile: reg.caFile ?? '',
      ...creds,
      returnBytes: true,
    });
    expect(Buffer.from(pulled.data ?? []).equals(appBytes)).toBe(true);
  });

  it('pullChart of the published fixture without credentials: RegistryAuthError naming the host', async () => {
    const e = await rejection(
      pullChart(cfg, { chart: `${reg.url}/charts/testenv-app`, version: '0.1.0', caFile: reg.caFile ?? '', returnBytes: true }),
    );
    expect(RegistryAuthError.isInstance(e), String(e)).toBe(true);
    expect(e.message).toContain(reg.host);
  });
});

describe('the mutual-TLS repository', () => {
  const source = { chart: 'testenv-app', repo: mtls.url } as const;

  it('pullChart and showChart with caFile, certFile and keyFile', async () => {
    const pulled = await pullChart(cfg, { ...source, ...mtlsFiles, returnBytes: true });
    expect(Buffer.from(pulled.data ?? []).equals(appBytes)).toBe(true);
    expect(await showChart(cfg, { ...source, ...mtlsFiles, what: 'chart' })).toContain('name: testenv-app');
  });

  it('without the client certificate: InvalidArgumentError naming certFile and the repository URL', async () => {
    for (const call of [
      () => pullChart(cfg, { ...source, caFile: mtlsFiles.caFile, returnBytes: true }),
      () => showChart(cfg, { ...source, caFile: mtlsFiles.caFile, what: 'chart' }),
    ]) {
      const e = await rejection(call());
      expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
      expect([e.input, e.details.url]).toEqual(['certFile', mtls.url]);
      expect(e.message).toContain(`${mtls.url} refused the TLS handshake: it requires a client certificate`);
    }
  });

  it('a key file that holds a certificate: InvalidArgumentError naming keyFile', async () => {
    const e = await rejection(pullChart(cfg, { ...source, ...mtlsFiles, keyFile: mtlsFiles.certFile, returnBytes: true }));
    expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
    expect(e.input).toBe('keyFile');
  });

  it('pullChart by name from the repository helm repo add stored with --ca-file --cert-file --key-file', async () => {
    const add = await runHelm(
      ['repo', 'add', 'mtls', mtls.url, '--ca-file', mtlsFiles.caFile, '--cert-file', mtlsFiles.certFile, '--key-file', mtlsFiles.keyFile],
      home.env,
    );
    expect(add.exitCode, add.stderr).toBe(0);
    const dest = mkdtempSync(join(tmpdir(), 'mtls-pull-'));
    const res = await pullChart(cfg, { chart: 'mtls/testenv-app', destination: dest });
    expect(res).toEqual({ path: join(dest, 'testenv-app-0.1.0.tgz'), name: 'testenv-app', version: '0.1.0' });
    expect(readFileSync(res.path ?? '').equals(appBytes)).toBe(true);
  });
});
