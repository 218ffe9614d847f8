import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { makeHelm } from './helm.js';

const ep = inject('testenv');
const run = Date.now().toString(36);

async function addUpdatePull(helm: ReturnType<typeof makeHelm>, name: string, extra: string[]) {
  await helm.ok(['repo', 'add', name, ...extra]);
  const up = await helm.ok(['repo', 'update', name]);
  expect(up.stdout).toContain('Successfully got an update');
  const search = await helm.ok(['search', 'repo', `${name}/`, '-o', 'json']);
  expect((JSON.parse(search.stdout) as { name: string }[]).map((c) => c.name).sort()).toEqual([
    `${name}/testenv-app`,
    `${name}/testenv-fail`,
  ]);
  const dest = mkdtempSync(join(tmpdir(), 'testenv-repo-pull-'));
  await helm.ok(['pull', `${name}/testenv-app`, '--version', '0.1.0', '-d', dest]);
  expect(existsSync(join(dest, 'testenv-app-0.1.0.tgz'))).toBe(true);
}

describe('chart repositories', () => {
  it('plain HTTP: repo add, update, pull', async () => {
    await addUpdatePull(makeHelm(ep), 'plain', [ep.repos.plain.url]);
  });

  it('basic auth: refused without credentials, works with them', async () => {
    const helm = makeHelm(ep);
    const r = ep.repos.auth;
    const refused = await helm.run(['repo', 'add', 'noauth', r.url]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/401|Unauthorized/i);
    const wrong = await helm.run(['repo', 'add', 'wrong', r.url, '--username', r.username ?? '', '--password', 'nope']);
    expect(wrong.code).not.toBe(0);
    await addUpdatePull(helm, 'auth', [r.url, '--username', r.username ?? '', '--password', r.password ?? '']);
  });

  it('TLS with a self-signed CA: refused without --ca-file, works with it', async () => {
    const helm = makeHelm(ep);
    const r = ep.repos.tls;
    const refused = await helm.run(['repo', 'add', 'notls', r.url]);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/certificate|x509|tls/i);
    await addUpdatePull(helm, 'tls', [r.url, '--ca-file', r.caFile ?? '']);
  });

  it('install from a repository', async () => {
    const helm = makeHelm(ep);
    await helm.ok(['repo', 'add', 'plain', ep.repos.plain.url]);
    await helm.ok([
      'install',
      `fromrepo-${run}`,
      'plain/testenv-app',
      '-n',
      `fromrepo-${run}`,
      '--create-namespace',
      '--set',
      'statefulset.enabled=false',
      '--wait',
      '--timeout',
      '120s',
    ]);
    await helm.ok(['uninstall', `fromrepo-${run}`, '-n', `fromrepo-${run}`, '--wait']);
  });
});
