import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { chartsDir, makeHelm } from './helm.js';

const ep = inject('testenv');
const run = Date.now().toString(36);

async function packaged(helm: ReturnType<typeof makeHelm>) {
  const out = mkdtempSync(join(tmpdir(), 'testenv-pkg-'));
  await helm.ok(['package', join(chartsDir, 'testenv-fail'), '--version', '0.2.0', '-d', out]);
  return join(out, 'testenv-fail-0.2.0.tgz');
}

describe('OCI registries', () => {
  it('open registry: push and pull, and the fixture charts are there', async () => {
    const helm = makeHelm(ep);
    const reg = ep.registries.open;
    const tgz = await packaged(helm);
    const push = await helm.ok(['push', tgz, `${reg.url}/pushed`, '--plain-http']);
    expect(push.stderr + push.stdout).toContain('Digest:');
    const dest = mkdtempSync(join(tmpdir(), 'testenv-pull-'));
    await helm.ok(['pull', `${reg.url}/pushed/testenv-fail`, '--version', '0.2.0', '--plain-http', '-d', dest]);
    await helm.ok(['pull', `${reg.url}/charts/testenv-app`, '--version', '0.1.0', '--plain-http', '-d', dest]);
    expect(readdirSync(dest).sort()).toEqual(['testenv-app-0.1.0.tgz', 'testenv-fail-0.2.0.tgz']);
  });

  it('auth registry: refused without login, works after helm registry login', async () => {
    const helm = makeHelm(ep);
    const reg = ep.registries.auth;
    const tgz = await packaged(helm);
    const refused = await helm.run(['push', tgz, `${reg.url}/pushed`, '--plain-http']);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toMatch(/401|unauthorized|basic credential/i);
    const pullRefused = await helm.run(['pull', `${reg.url}/charts/testenv-app`, '--version', '0.1.0', '--plain-http', '-d', helm.home]);
    expect(pullRefused.code).not.toBe(0);

    const bad = await helm.run(
      ['registry', 'login', reg.host, '--username', reg.username ?? '', '--password-stdin', '--plain-http'],
      'wrong',
    );
    expect(bad.code).not.toBe(0);
    await helm.ok(['registry', 'login', reg.host, '--username', reg.username ?? '', '--password-stdin', '--plain-http'], reg.password);
    await helm.ok(['push', tgz, `${reg.url}/pushed`, '--plain-http']);
    const dest = mkdtempSync(join(tmpdir(), 'testenv-pull-'));
    await helm.ok(['pull', `${reg.url}/pushed/testenv-fail`, '--version', '0.2.0', '--plain-http', '-d', dest]);
    await helm.ok(['pull', `${reg.url}/charts/testenv-app`, '--version', '0.1.0', '--plain-http', '-d', dest]);
    expect(readdirSync(dest).sort()).toEqual(['testenv-app-0.1.0.tgz', 'testenv-fail-0.2.0.tgz']);
  });

  it('install straight from the registry', async () => {
    const helm = makeHelm(ep);
    await helm.ok([
      'install',
      `fromoci-${run}`,
      `${ep.registries.open.url}/charts/testenv-app`,
      '--version',
      '0.1.0',
      '--plain-http',
      '-n',
      `fromoci-${run}`,
      '--create-namespace',
      '--set',
      'statefulset.enabled=false',
      '--wait',
      '--timeout',
      '120s',
    ]);
    await helm.ok(['uninstall', `fromoci-${run}`, '-n', `fromoci-${run}`, '--wait']);
  });
});
