/**
 * addRepo, listRepos, removeRepo, updateRepos against the real chart repositories of
 * tools/testenv (plain, basic auth, TLS), and interop of repositories.yaml with `helm repo`.
 */
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { makeHelmHome, runHelm } from '@helm-sdk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addRepo,
  ChartNotFoundError,
  type Configuration,
  InvalidArgumentError,
  listRepos,
  RegistryAuthError,
  removeRepo,
  updateRepos,
} from '../src/index.js';
import { emitted, env, passwords, record, sdk } from './setup.js';

const open: Configuration[] = [];
function fresh() {
  const s = sdk();
  open.push(s.cfg);
  return s;
}
afterAll(async () => {
  await Promise.all(open.map((c) => c.close()));
  // The secrets check of this file: nothing the SDK or engine emitted names a test password.
  for (const p of passwords) expect(emitted.join('\n')).not.toContain(p);
});

describe('addRepo', () => {
  it('adds a repository that helm repo list reads, written with mode 0600', async () => {
    const { cfg, home } = fresh();
    expect(await addRepo(cfg, { name: 'plain', url: env.repos.plain.url })).toEqual({ added: true });
    expect(statSync(home.repositoryConfig).mode & 0o777).toBe(0o600);
    expect(existsSync(join(home.repositoryCache, 'plain-index.yaml'))).toBe(true);
    const cli = await runHelm(['repo', 'list', '-o', 'json'], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(JSON.parse(cli.stdout)).toEqual([{ name: 'plain', url: env.repos.plain.url }]);
  });

  it('reads repositories.yaml written by helm repo add, without returning passwords', async () => {
    const { cfg, home } = fresh();
    const a = env.repos.auth;
    const cli = await runHelm(['repo', 'add', 'auth', a.url, '--username', a.username ?? '', '--password', a.password ?? ''], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const repos = await listRepos(cfg);
    expect(repos).toEqual([
      { name: 'auth', url: a.url, username: a.username, hasPassword: true, insecureSkipTlsVerify: false, passCredentials: false },
    ]);
    expect(JSON.stringify(repos)).not.toContain(a.password);
    // Same name, same settings: a no-op, as the CLI's "already exists with the same configuration".
    expect(await addRepo(cfg, { name: 'auth', url: a.url, username: a.username ?? '', password: a.password ?? '' })).toEqual({
      added: false,
    });
  });

  it('refuses a different config under the same name unless forceUpdate', async () => {
    const { cfg, home } = fresh();
    await addRepo(cfg, { name: 'r', url: env.repos.plain.url });
    const err = await addRepo(cfg, { name: 'r', url: `${env.repos.plain.url}/` }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain('repository name (r) already exists');
    expect(await addRepo(cfg, { name: 'r', url: env.repos.tls.url, caFile: env.repos.tls.caFile ?? '', forceUpdate: true })).toEqual({
      added: true,
    });
    expect((await listRepos(cfg)).map((r) => r.url)).toEqual([env.repos.tls.url]);
    expect(readFileSync(home.repositoryConfig, 'utf8')).toContain(env.repos.tls.url);
  });

  it("refuses names with '/'", async () => {
    const { cfg } = fresh();
    const err = await addRepo(cfg, { name: 'a/b', url: env.repos.plain.url }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect((err as InvalidArgumentError).input).toBe('name');
    expect((err as Error).message).toContain("contains '/'");
  });

  it('needs credentials for the basic-auth repository and names the URL, not the password', async () => {
    const { cfg } = fresh();
    const a = env.repos.auth;
    const anon = await record(addRepo(cfg, { name: 'auth', url: a.url })).catch((e: unknown) => e);
    expect(RegistryAuthError.isInstance(anon), String(anon)).toBe(true);
    expect((anon as Error).message).toContain(a.url);
    const wrong = await record(addRepo(cfg, { name: 'auth', url: a.url, username: a.username ?? '', password: 'not-the-password' })).catch(
      (e: unknown) => e,
    );
    expect(RegistryAuthError.isInstance(wrong)).toBe(true);
    expect((wrong as Error).message).toContain(a.url);
    expect((wrong as Error).message).not.toContain('not-the-password');
    expect(await addRepo(cfg, { name: 'auth', url: a.url, username: a.username ?? '', password: a.password ?? '' })).toEqual({
      added: true,
    });
  });

  it('verifies TLS: refused without the CA, accepted with caFile or insecureSkipTlsVerify', async () => {
    const { cfg } = fresh();
    const t = env.repos.tls;
    const err = await record(addRepo(cfg, { name: 'tls', url: t.url })).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(t.url);
    expect((err as Error).message).toMatch(/certificate|x509/);
    expect(await addRepo(cfg, { name: 'tls', url: t.url, caFile: t.caFile ?? '' })).toEqual({ added: true });
    expect(await addRepo(cfg, { name: 'tls-insecure', url: t.url, insecureSkipTlsVerify: true })).toEqual({ added: true });
    expect((await listRepos(cfg)).map((r) => [r.name, r.caFile, r.insecureSkipTlsVerify])).toEqual([
      ['tls', t.caFile, false],
      ['tls-insecure', undefined, true],
    ]);
  });

  it('keeps every entry when adds run in parallel on the same file (one engine and two engines)', async () => {
    const a = fresh();
    const b = sdk(a.home);
    open.push(b.cfg);
    const names = ['p1', 'p2', 'p3', 'p4'];
    await Promise.all(names.map((name, i) => addRepo(i % 2 ? b.cfg : a.cfg, { name, url: env.repos.plain.url })));
    await Promise.all([addRepo(a.cfg, { name: 'q1', url: env.repos.plain.url }), addRepo(a.cfg, { name: 'q2', url: env.repos.plain.url })]);
    expect((await listRepos(a.cfg)).map((r) => r.name).sort()).toEqual(['p1', 'p2', 'p3', 'p4', 'q1', 'q2']);
    const cli = await runHelm(['repo', 'list', '-o', 'json'], a.home.env);
    expect((JSON.parse(cli.stdout) as { name: string }[]).length).toBe(6);
  });

  it('names an unreachable repository in the error', async () => {
    const { cfg } = fresh();
    const url = 'http://127.0.0.1:1/charts';
    const err = await addRepo(cfg, { name: 'gone', url }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(url);
    expect((err as InvalidArgumentError).details.url).toBe(url);
  });

  it('rejects a repository whose index.yaml is not an index', async () => {
    const server: Server = createServer((_req, res) => {
      res.end('this: [is not an index');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    try {
      const { cfg } = fresh();
      const err = await addRepo(cfg, { name: 'bad', url }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
      expect((err as Error).message).toContain(url);
    } finally {
      server.close();
    }
  });
});

describe('Configuration isolation', () => {
  it('two Configurations with different paths never see each other’s repositories', async () => {
    const one = fresh();
    const two = fresh();
    await addRepo(one.cfg, { name: 'only-one', url: env.repos.plain.url });
    expect(await listRepos(two.cfg)).toEqual([]);
    expect((await listRepos(one.cfg)).map((r) => r.name)).toEqual(['only-one']);
  });
});

describe('removeRepo', () => {
  it('removes the entry and its cached index; helm repo list agrees', async () => {
    const { cfg, home } = fresh();
    await addRepo(cfg, { name: 'a', url: env.repos.plain.url });
    await addRepo(cfg, { name: 'b', url: env.repos.plain.url });
    expect(await removeRepo(cfg, { name: 'a' })).toEqual({ removed: ['a'] });
    expect(existsSync(join(home.repositoryCache, 'a-index.yaml'))).toBe(false);
    expect(existsSync(join(home.repositoryCache, 'a-charts.txt'))).toBe(false);
    expect(existsSync(join(home.repositoryCache, 'b-index.yaml'))).toBe(true);
    expect(statSync(home.repositoryConfig).mode & 0o777).toBe(0o600);
    const cli = await runHelm(['repo', 'list', '-o', 'json'], home.env);
    expect(JSON.parse(cli.stdout)).toEqual([{ name: 'b', url: env.repos.plain.url }]);
  });

  it('removes a repository added by helm repo add', async () => {
    const { cfg, home } = fresh();
    expect((await runHelm(['repo', 'add', 'cli', env.repos.plain.url], home.env)).exitCode).toBe(0);
    await removeRepo(cfg, { names: ['cli'] });
    expect(existsSync(join(home.repositoryCache, 'cli-index.yaml'))).toBe(false);
  });

  it('rejects an unknown name, naming it', async () => {
    const { cfg } = fresh();
    await addRepo(cfg, { name: 'a', url: env.repos.plain.url });
    const err = await removeRepo(cfg, { name: 'nope' }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(err)).toBe(true);
    expect((err as Error).message).toBe('no repo named "nope" found');
  });
});

describe('updateRepos', () => {
  it('updates every repository in parallel and reports a failing one without stopping the others', async () => {
    const { cfg, home } = fresh();
    const a = env.repos.auth;
    await addRepo(cfg, { name: 'plain', url: env.repos.plain.url });
    await addRepo(cfg, { name: 'auth', url: a.url, username: a.username ?? '', password: a.password ?? '' });
    await addRepo(cfg, { name: 'tls', url: env.repos.tls.url, caFile: env.repos.tls.caFile ?? '' });
    // A repository that went away after it was added (edit the file as a user would).
    writeFileSync(home.repositoryConfig, `${readFileSync(home.repositoryConfig, 'utf8')}- name: gone\n  url: http://127.0.0.1:1/gone\n`);
    const t0 = Date.now();
    const res = await updateRepos(cfg);
    expect(Date.now() - t0).toBeLessThan(30_000);
    expect(res.ok).toBe(false);
    expect(res.repositories.map((r) => [r.name, r.ok])).toEqual([
      ['plain', true],
      ['auth', true],
      ['tls', true],
      ['gone', false],
    ]);
    const gone = res.repositories[3]?.error;
    expect(gone?.message).toContain('http://127.0.0.1:1/gone');
    emitted.push(gone?.message ?? '');
  });

  it('updates only the named repositories; an unknown name is an error', async () => {
    const { cfg } = fresh();
    await addRepo(cfg, { name: 'plain', url: env.repos.plain.url });
    await addRepo(cfg, { name: 'other', url: env.repos.plain.url });
    const res = await updateRepos(cfg, { names: ['other'] });
    expect(res).toEqual({ ok: true, repositories: [{ name: 'other', url: env.repos.plain.url, ok: true }] });
    const err = await updateRepos(cfg, { names: ['nope'] }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain("'nope'");
  });

  it('reports a changed password as REGISTRY_AUTH for that repository only', async () => {
    const { cfg, home } = fresh();
    const a = env.repos.auth;
    await addRepo(cfg, { name: 'plain', url: env.repos.plain.url });
    await addRepo(cfg, { name: 'auth', url: a.url, username: a.username ?? '', password: a.password ?? '' });
    writeFileSync(home.repositoryConfig, readFileSync(home.repositoryConfig, 'utf8').replace(a.password ?? '', 'rotated-away'));
    const res = await updateRepos(cfg);
    expect(res.repositories.map((r) => [r.name, r.ok, r.error?.code])).toEqual([
      ['plain', true, undefined],
      ['auth', false, 'REGISTRY_AUTH'],
    ]);
    expect(res.repositories[1]?.error?.message).toContain(a.url);
    expect(res.repositories[1]?.error?.message).not.toContain('rotated-away');
  });
});

describe('makeHelmHome', () => {
  it('gives each test its own files', () => {
    const a = makeHelmHome();
    const b = makeHelmHome();
    expect(a.repositoryConfig).not.toBe(b.repositoryConfig);
    a.remove();
    b.remove();
  });
});
