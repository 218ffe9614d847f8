/**
 * pullChart and pushChart against the real chart repositories and OCI registries of
 * tools/testenv, with the reference `helm` CLI on the other side.
 */
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { HelmHome } from '@helm-sdk/test-utils';
import { repoRoot, runHelm } from '@helm-sdk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Configuration, InvalidArgumentError, packageChart, pullChart, pushChart, RegistryAuthError } from '../src/index.js';
import { emitted, env, passwords, record, sdk } from './setup.js';

const app = env.charts.find((c) => c.name === 'testenv-app') ?? (env.charts[0] as (typeof env.charts)[number]);
const appBytes = readFileSync(app.archive);
let cfg: Configuration;
let home: HelmHome;
const open: Configuration[] = [];
const tmp = (p = 'helm-sdk-pull-') => mkdtempSync(join(tmpdir(), p));

beforeAll(async () => {
  ({ cfg, home } = sdk());
  open.push(cfg);
  // repositories.yaml written by the CLI, read by the SDK.
  expect((await runHelm(['repo', 'add', 'plain', env.repos.plain.url], home.env)).exitCode).toBe(0);
  const a = env.repos.auth;
  expect(
    (await runHelm(['repo', 'add', 'auth', a.url, '--username', a.username ?? '', '--password', a.password ?? ''], home.env)).exitCode,
  ).toBe(0);
});
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  for (const p of passwords) expect(emitted.join('\n')).not.toContain(p);
});

describe('pullChart from chart repositories', () => {
  it('pulls repo/name into destination, byte-identical to the published archive', async () => {
    const dest = tmp();
    const res = await pullChart(cfg, { chart: 'plain/testenv-app', destination: dest });
    expect(res).toEqual({ path: join(dest, 'testenv-app-0.1.0.tgz'), name: 'testenv-app', version: '0.1.0' });
    expect(readFileSync(join(dest, 'testenv-app-0.1.0.tgz')).equals(appBytes)).toBe(true);
  });

  it('pulls from a basic-auth repository configured by helm repo add', async () => {
    const res = await pullChart(cfg, { chart: 'auth/testenv-app', version: '0.1.0', returnBytes: true });
    expect(Buffer.from(res.data ?? []).equals(appBytes)).toBe(true);
  });

  it('pulls by repository URL (--repo) and returns bytes', async () => {
    const res = await pullChart(cfg, { chart: 'testenv-app', repo: env.repos.plain.url, returnBytes: true });
    expect(res.path).toBeUndefined();
    expect(Buffer.from(res.data ?? []).equals(appBytes)).toBe(true);
  });

  it('pulls an https URL from the TLS repository with caFile, and refuses it without', async () => {
    const t = env.repos.tls;
    const url = `${t.url}/testenv-app-0.1.0.tgz`;
    const res = await pullChart(cfg, { chart: url, caFile: t.caFile ?? '', returnBytes: true });
    expect(Buffer.from(res.data ?? []).equals(appBytes)).toBe(true);
    const err = await pullChart(cfg, { chart: url, returnBytes: true }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toMatch(/certificate|x509/);
    expect((err as Error).message).toContain(url);
  });

  it('untars into untarDir', async () => {
    const dest = tmp();
    const res = await pullChart(cfg, { chart: 'plain/testenv-app', destination: dest, untar: true, untarDir: 'out' });
    expect(res.path).toBe(join(dest, 'out', 'testenv-app'));
    expect(readFileSync(join(dest, 'out', 'testenv-app', 'Chart.yaml'), 'utf8')).toContain('name: testenv-app');
  });
});

describe('pullChart from OCI registries', () => {
  const open_ = env.registries.open;
  const auth = env.registries.auth;

  it('pulls from the open registry', async () => {
    const res = await pullChart(cfg, { chart: `${open_.url}/charts/testenv-app`, version: '0.1.0', plainHttp: true, returnBytes: true });
    expect(res.name).toBe('testenv-app');
    expect(Buffer.from(res.data ?? []).equals(appBytes)).toBe(true);
  });

  it('is refused by the auth registry without login: REGISTRY_AUTH naming the host, not the password', async () => {
    const { cfg: anon } = sdk();
    open.push(anon);
    const err = await record(
      pullChart(anon, { chart: `${auth.url}/charts/testenv-app`, version: '0.1.0', plainHttp: true, returnBytes: true }),
    ).catch((e: unknown) => e);
    expect(RegistryAuthError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(auth.host);
    const wrong = await record(
      pullChart(anon, {
        chart: `${auth.url}/charts/testenv-app`,
        version: '0.1.0',
        plainHttp: true,
        username: auth.username ?? '',
        password: 'nope-nope-nope',
        returnBytes: true,
      }),
    ).catch((e: unknown) => e);
    expect(RegistryAuthError.isInstance(wrong), String(wrong)).toBe(true);
    expect((wrong as Error).message).toContain(auth.host);
    expect((wrong as Error).message).not.toContain('nope-nope-nope');
  });

  it('pulls from the auth registry with credentials, and after registry login without them', async () => {
    const { cfg: c, home: h } = sdk();
    open.push(c);
    const ref = `${auth.url}/charts/testenv-app`;
    const withCreds = await pullChart(c, {
      chart: ref,
      version: '0.1.0',
      plainHttp: true,
      username: auth.username ?? '',
      password: auth.password ?? '',
      returnBytes: true,
    });
    expect(Buffer.from(withCreds.data ?? []).equals(appBytes)).toBe(true);
    // registryLogin of @helm-sdk/repo is this engine method; the chart package does not depend on repo.
    await c.call('registry.login', { host: auth.host, username: auth.username ?? '', password: auth.password ?? '', plainHttp: true });
    const after = await pullChart(c, { chart: ref, version: '0.1.0', plainHttp: true, returnBytes: true });
    expect(Buffer.from(after.data ?? []).equals(appBytes)).toBe(true);
    expect(existsSync(h.registryConfig)).toBe(true);
  });
});

describe('pushChart', () => {
  const reg = env.registries.open;

  it('pushes an archive that helm pull gets back byte for byte, with the digest helm push reports', async () => {
    const res = await pushChart(cfg, { chart: app.archive, remote: `${reg.url}/sdk-pushed`, plainHttp: true });
    expect(res.ref).toBe(`${reg.host}/sdk-pushed/testenv-app:0.1.0`);
    expect(res.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    const dest = tmp();
    const cli = await runHelm(['pull', `${reg.url}/sdk-pushed/testenv-app`, '--version', '0.1.0', '--plain-http', '-d', dest], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(readFileSync(join(dest, 'testenv-app-0.1.0.tgz')).equals(appBytes)).toBe(true);
    // The same file pushed by the CLI elsewhere has the same manifest digest.
    const push = await runHelm(['push', app.archive, `${reg.url}/cli-pushed`, '--plain-http'], home.env);
    expect(push.exitCode, push.stderr).toBe(0);
    expect(`${push.stdout}${push.stderr}`).toContain(`Digest: ${res.digest}`);
  });

  it('pulls what helm push pushed', async () => {
    const push = await runHelm(['push', app.archive, `${reg.url}/cli-pushed-2`, '--plain-http'], home.env);
    expect(push.exitCode, push.stderr).toBe(0);
    const res = await pullChart(cfg, {
      chart: `${reg.url}/cli-pushed-2/testenv-app`,
      version: '0.1.0',
      plainHttp: true,
      returnBytes: true,
    });
    expect(Buffer.from(res.data ?? []).equals(appBytes)).toBe(true);
  });

  it('pushes a signed chart with its .prov; pullChart verify checks it against the keyring', async () => {
    const keys = join(__dirname, 'fixtures/keys');
    const chart = join(repoRoot, 'tools/fixtures/charts/helpers');
    const out = tmp();
    const pkg = await packageChart(cfg, {
      chart,
      destination: out,
      sign: true,
      key: 'helm-test',
      keyring: join(keys, 'helm-test-key.secret'),
    });
    await pushChart(cfg, { chart: pkg.path ?? '', remote: `${reg.url}/signed`, plainHttp: true });
    const dest = tmp();
    const res = await pullChart(cfg, {
      chart: `${reg.url}/signed/${pkg.name}`,
      version: pkg.version,
      plainHttp: true,
      verify: true,
      keyring: join(keys, 'helm-test-key.pub'),
      destination: dest,
    });
    expect(res.signedBy?.join()).toContain('helm-testing@helm.sh');
    expect(res.fileHash).toMatch(/^sha256:/);
    const cli = await runHelm(
      [
        'pull',
        `${reg.url}/signed/${pkg.name}`,
        '--version',
        pkg.version,
        '--plain-http',
        '--verify',
        '--keyring',
        join(keys, 'helm-test-key.pub'),
        '-d',
        tmp(),
      ],
      home.env,
    );
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`Chart Hash Verified: ${res.fileHash}`);
  });

  it('pushes archive bytes', async () => {
    const res = await pushChart(cfg, { chart: new Uint8Array(appBytes), remote: `${reg.url}/from-bytes`, plainHttp: true });
    expect(res.ref).toBe(`${reg.host}/from-bytes/testenv-app:0.1.0`);
  });

  it('is refused by the auth registry without credentials, and accepted with them', async () => {
    const auth = env.registries.auth;
    const { cfg: anon } = sdk();
    open.push(anon);
    const err = await record(pushChart(anon, { chart: app.archive, remote: `${auth.url}/sdk`, plainHttp: true })).catch((e: unknown) => e);
    expect(RegistryAuthError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(auth.host);
    const ok = await pushChart(anon, {
      chart: app.archive,
      remote: `${auth.url}/sdk`,
      plainHttp: true,
      username: auth.username ?? '',
      password: auth.password ?? '',
    });
    expect(ok.ref).toBe(`${auth.host}/sdk/testenv-app:0.1.0`);
  });
});
