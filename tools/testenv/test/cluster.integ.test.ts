import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';
import { chartsDir, makeHelm } from './helm.js';

const ep = inject('testenv');
const helm = makeHelm(ep);
const app = join(chartsDir, 'testenv-app');
// unique namespaces, so the tests can run again against a long-lived environment (HELM_SDK_TESTENV)
const run = Date.now().toString(36);

async function status(release: string, ns: string) {
  const r = await helm.ok(['status', release, '-n', ns, '-o', 'json']);
  return JSON.parse(r.stdout) as { version: number; info: { status: string } };
}

describe('control plane', () => {
  it('reports the real Kubernetes version', async () => {
    expect(ep.kubernetesVersion).toBe('v1.37.1');
    const r = await helm.ok(['template', 'x', app, '--show-only', 'templates/configmap.yaml', '--kube-version', 'v1.37.1']);
    expect(r.stdout).toContain('kind: ConfigMap');
  });

  it('install --wait --wait-for-jobs, test, upgrade, rollback, uninstall', async () => {
    const ns = `lifecycle-${run}`;
    const t0 = Date.now();
    await helm.ok(['install', 'app', app, '-n', ns, '--create-namespace', '--wait', '--wait-for-jobs', '--timeout', '120s']);
    const installMs = Date.now() - t0;
    expect((await status('app', ns)).info.status).toBe('deployed');

    const test = await helm.ok(['test', 'app', '-n', ns, '--timeout', '60s']);
    expect(test.stdout).toMatch(/Phase:\s+Succeeded/);

    await helm.ok(['upgrade', 'app', app, '-n', ns, '--set', 'message=changed', '--wait', '--timeout', '120s']);
    let s = await status('app', ns);
    expect([s.version, s.info.status]).toEqual([2, 'deployed']);

    await helm.ok(['rollback', 'app', '1', '-n', ns, '--wait', '--timeout', '120s']);
    s = await status('app', ns);
    expect([s.version, s.info.status]).toEqual([3, 'deployed']);

    await helm.ok(['uninstall', 'app', '-n', ns, '--wait', '--timeout', '60s']);
    const gone = await helm.run(['status', 'app', '-n', ns]);
    expect(gone.code).not.toBe(0);
    expect(gone.stderr).toContain('not found');
    console.log(`install --wait --wait-for-jobs took ${installMs} ms`);
  });

  it('a chart whose pod fails makes --wait fail in time', async () => {
    const t0 = Date.now();
    const r = await helm.run([
      'install',
      'broken',
      join(chartsDir, 'testenv-fail'),
      '-n',
      `failing-${run}`,
      '--create-namespace',
      '--wait',
      '--timeout',
      '15s',
    ]);
    const ms = Date.now() - t0;
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/context deadline exceeded|timed out|not ready|InProgress|Failed/i);
    expect(ms).toBeLessThan(45_000);
    expect((await status('broken', `failing-${run}`)).info.status).toBe('failed');
  });

  it('a failing post-install Job hook fails the install', async () => {
    const r = await helm.run([
      'install',
      `hookfail-${run}`,
      app,
      '-n',
      `hookfail-${run}`,
      '--create-namespace',
      '--set',
      'fail.hook=true',
      '--wait',
      '--wait-for-jobs',
      '--timeout',
      '60s',
    ]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toMatch(/post-install|hook|BackoffLimitExceeded|failed/i);
  });

  it('a failing test pod makes helm test fail', async () => {
    const ns = `testfail-${run}`;
    await helm.ok([
      'install',
      'tf',
      app,
      '-n',
      ns,
      '--create-namespace',
      '--set',
      'fail.test=true',
      '--set',
      'statefulset.enabled=false',
      '--wait',
      '--timeout',
      '120s',
    ]);
    const r = await helm.run(['test', 'tf', '-n', ns, '--timeout', '60s']);
    expect(r.code).not.toBe(0);
    expect(`${r.stdout}${r.stderr}`).toMatch(/Failed|failed/);
  });
});
