/**
 * The release lifecycle against the real test cluster: install (watcher wait, with live
 * events) -> upgrade -> rollback -> uninstall --keep-history, upgrade --install, and the typed
 * errors of the common mistakes. State is checked with the reference helm CLI as well as through
 * the SDK's results.
 */
import { readFileSync } from 'node:fs';
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  Configuration,
  install,
  type ReleaseEvent,
  ReleaseExistsError,
  ReleaseNotFoundError,
  rollback,
  SchemaValidationError,
  uninstall,
  upgrade,
} from '../src/index.js';
import { cliHistory, cliStatus, lifecycleChart, uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const namespace = uniqueNamespace('sdk-lifecycle');
let cfg: Configuration;

beforeAll(() => {
  cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace });
});
afterAll(async () => {
  await cfg?.close();
});

describe('install -> upgrade -> rollback -> uninstall', () => {
  const releaseName = 'life';

  it('installs with the watcher wait and reports each resource reaching Current', async () => {
    const events: ReleaseEvent[] = [];
    const t0 = Date.now();
    const rel = await install(cfg, {
      releaseName,
      chart: lifecycleChart,
      createNamespace: true,
      waitStrategy: 'watcher',
      timeout: 60_000,
      values: { message: 'first' },
      onEvent: (e) => events.push(e),
    });
    console.log(`install (watcher) took ${Date.now() - t0} ms, ${events.length} events`);
    expect(rel).toMatchObject({
      name: releaseName,
      namespace,
      revision: 1,
      status: 'deployed',
      chart: { name: 'lifecycle', version: '0.1.0' },
    });
    expect(rel.config).toEqual({ message: 'first' });
    expect(rel.notes).toContain('life says: first (2 replicas)');
    expect(rel.manifest).toContain('kind: Deployment');
    expect(rel.lastDeployed).toBeInstanceOf(Date);
    expect(rel.hooks?.map((h) => h.name)).toEqual(expect.arrayContaining(['life-post-install', 'life-test']));

    const phases = events.flatMap((e) => (e.type === 'phase' ? [e.name] : []));
    expect(phases).toEqual(expect.arrayContaining(['render', 'apply', 'wait', 'hooks']));
    expect(phases.indexOf('apply')).toBeLessThan(phases.indexOf('wait'));
    const deployment = events.flatMap((e) => (e.type === 'resource' && e.kind === 'Deployment' && e.name === releaseName ? [e] : []));
    expect(deployment.length).toBeGreaterThan(0);
    expect(deployment.at(-1)).toMatchObject({ status: 'Current', namespace });
    // Emitted on change only: no two consecutive identical statuses for one resource.
    for (let i = 1; i < deployment.length; i++) {
      expect([deployment[i]?.status, deployment[i]?.message]).not.toEqual([deployment[i - 1]?.status, deployment[i - 1]?.message]);
    }
    const hook = events.flatMap((e) => (e.type === 'hook' && e.name === 'life-post-install' ? [e.phase] : []));
    expect(hook).toEqual(['running', 'succeeded']);

    expect(await cliStatus(ep, releaseName, namespace)).toMatchObject({ version: 1, info: { status: 'deployed' } });
  });

  it('upgrades with changed values to revision 2', async () => {
    const rel = await upgrade(cfg, {
      releaseName,
      chart: lifecycleChart,
      values: { message: 'second' },
      set: ['replicas=1'],
      waitStrategy: 'watcher',
      timeout: 60_000,
    });
    expect(rel).toMatchObject({ revision: 2, status: 'deployed', config: { message: 'second', replicas: 1 } });
    expect(rel.manifest).toContain('message: "second"');
    expect(rel.notes).toContain('second (1 replicas)');
    const cli = await cliStatus(ep, releaseName, namespace);
    expect(cli).toMatchObject({ version: 2, info: { status: 'deployed' }, config: { message: 'second', replicas: 1 } });
  });

  it('rolls back to revision 1 as revision 3 with revision 1 values', async () => {
    const rel = await rollback(cfg, { releaseName, revision: 1, waitStrategy: 'watcher', timeout: 60_000 });
    expect(rel).toMatchObject({
      revision: 3,
      status: 'deployed',
      rollbackRevision: 1,
      config: { message: 'first' },
      description: 'Rollback to 1',
    });
    expect(await cliHistory(ep, releaseName, namespace)).toEqual([
      expect.objectContaining({ revision: 1, status: 'superseded' }),
      expect.objectContaining({ revision: 2, status: 'superseded' }),
      expect.objectContaining({ revision: 3, status: 'deployed' }),
    ]);
  });

  it('uninstalls with keepHistory, leaving the record marked uninstalled', async () => {
    const events: ReleaseEvent[] = [];
    const res = await uninstall(cfg, {
      releaseName,
      keepHistory: true,
      waitStrategy: 'watcher',
      timeout: 60_000,
      onEvent: (e) => events.push(e),
    });
    expect(res.release).toMatchObject({ name: releaseName, revision: 3, status: 'uninstalled', description: 'Uninstallation complete' });
    expect(events.some((e) => e.type === 'phase' && e.name === 'delete')).toBe(true);
    expect(events.some((e) => e.type === 'resource' && e.kind === 'Deployment' && e.status === 'NotFound')).toBe(true);
    expect(await cliStatus(ep, releaseName, namespace)).toMatchObject({ version: 3, info: { status: 'uninstalled' } });
  });

  it('upgrade with install: true reinstalls an uninstalled release (Replace), as helm upgrade --install', async () => {
    const rel = await upgrade(cfg, { releaseName, chart: lifecycleChart, install: true, values: { message: 'again' } });
    expect(rel).toMatchObject({ revision: 4, status: 'deployed', config: { message: 'again' } });
  });

  it('uninstall without keepHistory removes the release; a second uninstall is RELEASE_NOT_FOUND unless ignoreNotFound', async () => {
    await uninstall(cfg, { releaseName });
    expect(await cliStatus(ep, releaseName, namespace)).toBeUndefined();
    const err = await uninstall(cfg, { releaseName }).catch((e: unknown) => e);
    expect(ReleaseNotFoundError.isInstance(err)).toBe(true);
    expect(await uninstall(cfg, { releaseName, ignoreNotFound: true })).toEqual({});
  });
});

describe('upgrade --install', () => {
  it('installs a release that does not exist', async () => {
    const rel = await upgrade(cfg, { releaseName: 'fresh', chart: lifecycleChart, install: true, createNamespace: true });
    expect(rel).toMatchObject({ name: 'fresh', revision: 1, status: 'deployed', description: 'Install complete' });
    const again = await upgrade(cfg, { releaseName: 'fresh', chart: lifecycleChart, install: true, set: ['message=up'] });
    expect(again).toMatchObject({ revision: 2, status: 'deployed', description: 'Upgrade complete', config: { message: 'up' } });
  });

  it('without install, upgrading a missing release is RELEASE_NOT_FOUND', async () => {
    const err = await upgrade(cfg, { releaseName: 'missing', chart: lifecycleChart }).catch((e: unknown) => e);
    expect(ReleaseNotFoundError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'RELEASE_NOT_FOUND', action: 'upgrade', details: { input: 'releaseName' } });
  });
});

describe('chart sources and install modes', () => {
  const app = ep.charts.find((c) => c.name === 'testenv-app');

  it('installs from an in-memory archive, an oci:// reference and a --repo URL', async () => {
    if (!app) throw new Error('testenv-app missing from the test environment');
    const bytes = new Uint8Array(readFileSync(app.archive));
    const fromBytes = await install(cfg, {
      releaseName: 'src-bytes',
      chart: bytes,
      createNamespace: true,
      set: ['statefulset.enabled=false'],
    });
    expect(fromBytes).toMatchObject({ status: 'deployed', chart: { name: 'testenv-app', version: app.version } });
    const fromOci = await install(cfg, {
      releaseName: 'src-oci',
      chart: `${ep.registries.open.url}/charts/testenv-app`,
      version: app.version,
      plainHttp: true,
      set: ['statefulset.enabled=false'],
    });
    expect(fromOci).toMatchObject({ status: 'deployed', chart: { name: 'testenv-app' } });
    const fromRepo = await install(cfg, {
      releaseName: 'src-repo',
      chart: 'testenv-app',
      repo: ep.repos.plain.url,
      set: ['statefulset.enabled=false'],
    });
    expect(fromRepo).toMatchObject({ status: 'deployed', chart: { name: 'testenv-app' } });
  });

  it('generateName names the release from the chart', async () => {
    const rel = await install(cfg, { generateName: true, chart: lifecycleChart, createNamespace: true });
    expect(rel.name).toMatch(/^lifecycle-\d+$/);
    expect(rel.status).toBe('deployed');
  });

  it('a client dry run renders without recording anything', async () => {
    const rel = await install(cfg, { releaseName: 'dry', chart: lifecycleChart, dryRun: 'client', kubeVersion: '1.30.0' });
    expect(rel).toMatchObject({ name: 'dry', description: 'Dry run complete' });
    expect(rel.manifest).toContain('kind: Secret');
    expect(await cliStatus(ep, 'dry', namespace)).toBeUndefined();
  });
});

describe('install errors', () => {
  it('an existing name is RELEASE_EXISTS', async () => {
    await install(cfg, { releaseName: 'taken', chart: lifecycleChart });
    const err = await install(cfg, { releaseName: 'taken', chart: lifecycleChart }).catch((e: unknown) => e);
    expect(ReleaseExistsError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'RELEASE_EXISTS', details: { input: 'releaseName', releaseName: 'taken', namespace } });
    expect((err as Error).message).toContain('cannot reuse a name that is still in use');
  });

  it('values that break values.schema.json are SCHEMA_VALIDATION naming the field, and nothing is installed', async () => {
    const err = await install(cfg, { releaseName: 'bad-values', chart: lifecycleChart, set: ['replicas=eleven'] }).catch((e: unknown) => e);
    expect(SchemaValidationError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ details: { field: 'replicas', fields: ['replicas'] } });
    expect((err as Error).message).toMatch(/replicas/);
    expect(await cliStatus(ep, 'bad-values', namespace)).toBeUndefined();
    const tooMany = await install(cfg, { releaseName: 'bad-values', chart: lifecycleChart, values: { replicas: 11 } }).catch(
      (e: unknown) => e,
    );
    expect(tooMany).toMatchObject({ code: 'SCHEMA_VALIDATION' });
    expect((tooMany as Error).message).toMatch(/replicas/);
  });

  it('a missing namespace without createNamespace is INVALID_ARGUMENT naming namespace', async () => {
    const err = await install(cfg, { releaseName: 'nowhere', chart: lifecycleChart, namespace: 'no-such-namespace-here' }).catch(
      (e: unknown) => e,
    );
    expect(err).toMatchObject({ code: 'INVALID_ARGUMENT', details: { input: 'namespace' } });
    expect((err as Error).message).toContain('createNamespace');
  });

  it('unknown options fail in TypeScript before reaching the engine', async () => {
    await expect(install(cfg, { releaseName: 'x', chart: lifecycleChart, wait: true } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { input: 'wait' },
    });
    await expect(install(cfg, { releaseName: 'x', chart: lifecycleChart, waitStrategy: 'always' } as never)).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { input: 'waitStrategy' },
    });
  });
});
