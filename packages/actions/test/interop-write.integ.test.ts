/**
 * The SDK and the reference helm CLI (same Helm version) operate on each other's releases
 * without server-side-apply field-manager conflicts (both manage fields as "helm"), and one
 * Configuration serves many concurrent installs.
 */
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Configuration, install, rollback, uninstall, upgrade } from '../src/index.js';
import { cliHistory, cliStatus, helm, lifecycleChart, uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const namespace = uniqueNamespace('sdk-interop-write');
let cfg: Configuration;

beforeAll(() => {
  cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace });
});
afterAll(async () => {
  await cfg?.close();
});

describe('interop with the helm CLI', () => {
  it('a release installed by the SDK is upgraded and rolled back by helm', async () => {
    await install(cfg, {
      releaseName: 'sdk-made',
      chart: lifecycleChart,
      createNamespace: true,
      values: { message: 'sdk' },
      waitStrategy: 'watcher',
      timeout: 60_000,
    });
    await helm(ep, ['upgrade', 'sdk-made', lifecycleChart, '-n', namespace, '--set', 'message=cli', '--wait', '--timeout', '60s']);
    expect(await cliStatus(ep, 'sdk-made', namespace)).toMatchObject({
      version: 2,
      info: { status: 'deployed' },
      config: { message: 'cli' },
    });
    await helm(ep, ['rollback', 'sdk-made', '1', '-n', namespace, '--wait', '--timeout', '60s']);
    expect(await cliHistory(ep, 'sdk-made', namespace)).toEqual([
      expect.objectContaining({ revision: 1, status: 'superseded' }),
      expect.objectContaining({ revision: 2, status: 'superseded' }),
      expect.objectContaining({ revision: 3, status: 'deployed' }),
    ]);
    // And back to the SDK, with server-side apply and no forceConflicts.
    const rel = await upgrade(cfg, {
      releaseName: 'sdk-made',
      chart: lifecycleChart,
      set: ['message=sdk-again', 'replicas=3'],
      waitStrategy: 'watcher',
      timeout: 60_000,
    });
    expect(rel).toMatchObject({ revision: 4, status: 'deployed', applyMethod: 'ssa' });
  });

  it('a release installed by helm is upgraded and rolled back by the SDK', async () => {
    await helm(ep, ['install', 'cli-made', lifecycleChart, '-n', namespace, '--set', 'message=cli', '--wait', '--timeout', '60s']);
    const up = await upgrade(cfg, {
      releaseName: 'cli-made',
      chart: lifecycleChart,
      reuseValues: true,
      set: ['replicas=1'],
      waitStrategy: 'watcher',
      timeout: 60_000,
    });
    expect(up).toMatchObject({ revision: 2, status: 'deployed', config: { message: 'cli', replicas: 1 } });
    const back = await rollback(cfg, { releaseName: 'cli-made', waitStrategy: 'watcher', timeout: 60_000 });
    expect(back).toMatchObject({ revision: 3, status: 'deployed', rollbackRevision: 1, config: { message: 'cli' } });
    await helm(ep, [
      'upgrade',
      'cli-made',
      lifecycleChart,
      '-n',
      namespace,
      '--reuse-values',
      '--set',
      'message=cli-2',
      '--wait',
      '--timeout',
      '60s',
    ]);
    expect(await cliStatus(ep, 'cli-made', namespace)).toMatchObject({ version: 4, info: { status: 'deployed' } });
    await uninstall(cfg, { releaseName: 'cli-made' });
    expect(await cliStatus(ep, 'cli-made', namespace)).toBeUndefined();
  });
});

describe('concurrency', () => {
  it('20 concurrent installs of different releases on one Configuration are all deployed', async () => {
    const names = Array.from({ length: 20 }, (_, i) => `many-${i}`);
    const t0 = Date.now();
    const rels = await Promise.all(
      names.map((releaseName, i) =>
        install(cfg, { releaseName, chart: lifecycleChart, set: [`message=n${i}`], waitStrategy: 'watcher', timeout: 120_000 }),
      ),
    );
    console.log(`20 concurrent watcher installs: ${Date.now() - t0} ms on engine pid ${cfg.enginePid} (starts: ${cfg.engineStarts})`);
    expect(rels.map((r) => [r.name, r.status, r.revision, r.config?.message])).toEqual(names.map((n, i) => [n, 'deployed', 1, `n${i}`]));
    const listed = JSON.parse(await helm(ep, ['list', '-n', namespace, '--filter', '^many-', '-o', 'json'])) as {
      name: string;
      status: string;
    }[];
    expect(listed).toHaveLength(20);
    expect(listed.every((r) => r.status === 'deployed')).toBe(true);
    await Promise.all(names.map((releaseName) => uninstall(cfg, { releaseName })));
  });

  it('two Configurations with different namespaces work concurrently on same-named releases', async () => {
    const nsA = uniqueNamespace('sdk-two-a');
    const nsB = uniqueNamespace('sdk-two-b');
    await using a = new Configuration({ kubeconfig: ep.kubeconfig, namespace: nsA });
    await using b = new Configuration({ kubeconfig: ep.kubeconfig, namespace: nsB });
    const run = async (c: Configuration, tag: string) => {
      await install(c, {
        releaseName: 'twin',
        chart: lifecycleChart,
        createNamespace: true,
        set: [`message=${tag}`],
        waitStrategy: 'legacy',
        timeout: 60_000,
      });
      return upgrade(c, {
        releaseName: 'twin',
        chart: lifecycleChart,
        reuseValues: true,
        set: ['replicas=1'],
        waitStrategy: 'watcher',
        timeout: 60_000,
      });
    };
    const [ra, rb] = await Promise.all([run(a, 'a'), run(b, 'b')]);
    expect(ra).toMatchObject({ namespace: nsA, revision: 2, status: 'deployed', config: { message: 'a', replicas: 1 } });
    expect(rb).toMatchObject({ namespace: nsB, revision: 2, status: 'deployed', config: { message: 'b', replicas: 1 } });
    expect(await cliStatus(ep, 'twin', nsA)).toMatchObject({ version: 2, config: { message: 'a' } });
    expect(await cliStatus(ep, 'twin', nsB)).toMatchObject({ version: 2, config: { message: 'b' } });
  });
});
