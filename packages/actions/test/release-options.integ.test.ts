/**
 * The release options of install, upgrade and uninstall, each used end to end against the real
 * control plane with an assertion on its effect, next to the same call without it (issue 11,
 * section 3): what ends up in the cluster is read back from the API server itself, not only
 * from the SDK's results. Each test has its own namespace and release names; one Configuration
 * (one engine) serves them all, through each call's `namespace`.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type {} from '@helm-sdk/testenv/global-setup';
import { kubeRequest } from '@helm-sdk/testenv/service-account';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  Configuration,
  getNotes,
  HelmError,
  history,
  InvalidArgumentError,
  install,
  list,
  type Release,
  ReleaseNotFoundError,
  RenderError,
  ResourceConflictError,
  status,
  TimeoutError,
  uninstall,
  upgrade,
} from '../src/index.js';
import { uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const chart = fileURLToPath(new URL('./charts/options', import.meta.url));
const namespaces: string[] = [];
let cfg: Configuration;

beforeAll(() => {
  cfg = new Configuration({ kubeconfig: ep.kubeconfig });
});
afterAll(async () => {
  await cfg?.close();
  await Promise.all(namespaces.map((ns) => kubeRequest(ep, 'DELETE', `/api/v1/namespaces/${ns}`)));
});

/** A namespace of its own for one test, deleted after the file. */
async function freshNamespace(prefix: string): Promise<string> {
  const ns = uniqueNamespace(prefix);
  const r = await kubeRequest(ep, 'POST', '/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  if (r.status !== 201) throw new Error(`creating namespace ${ns}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  namespaces.push(ns);
  return ns;
}

interface ManagedField {
  manager: string;
  operation: string;
  fieldsV1?: Record<string, unknown>;
}

interface KubeObject {
  metadata: {
    name: string;
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    ownerReferences?: { kind: string; name: string }[];
    managedFields?: ManagedField[];
    resourceVersion?: string;
    deletionTimestamp?: string;
    finalizers?: string[];
  };
  data?: Record<string, string>;
  spec?: Record<string, unknown>;
  status?: {
    succeeded?: number;
    active?: number;
    startTime?: string;
    conditions?: { type: string; status: string }[];
  };
}

/** GET an object from the API server; undefined when it does not exist (404). */
async function getObject(path: string): Promise<KubeObject | undefined> {
  const r = await kubeRequest(ep, 'GET', path);
  if (r.status === 404) return undefined;
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return r.body as KubeObject;
}

async function listObjects(path: string): Promise<KubeObject[]> {
  const r = await kubeRequest(ep, 'GET', path);
  if (r.status !== 200) throw new Error(`GET ${path}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
  return (r.body as { items: KubeObject[] }).items;
}

const configMap = (ns: string, name: string) => `/api/v1/namespaces/${ns}/configmaps/${name}`;
const replicaSets = (ns: string, release: string) =>
  `/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=${encodeURIComponent(`app.kubernetes.io/instance=${release}`)}`;

/**
 * Changes a ConfigMap as another client would (a PUT under field manager `intruder`), so that
 * `intruder` owns the fields it set.
 */
async function intrude(ns: string, name: string, data: Record<string, string>): Promise<void> {
  const cm = await getObject(configMap(ns, name));
  if (!cm) throw new Error(`ConfigMap ${ns}/${name} does not exist`);
  const r = await kubeRequest(ep, 'PUT', `${configMap(ns, name)}?fieldManager=intruder`, { ...cm, data: { ...cm.data, ...data } });
  if (r.status !== 200) throw new Error(`PUT ConfigMap ${ns}/${name}: HTTP ${r.status} ${JSON.stringify(r.body)}`);
}

/**
 * Polls until fn returns a value; for state the cluster's controllers reach after a call
 * returns. The default bound is far above what the garbage collector needs (well under a second
 * on a quiet machine, a few seconds with the 2 cores saturated by parallel suites): it only
 * turns a hang into a failure.
 */
async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

async function rejection(p: Promise<unknown>): Promise<HelmError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(HelmError.isInstance(e), `expected a HelmError, got ${String(e)}`).toBe(true);
  return e as HelmError;
}

/** A copy of the options chart as version 0.2.0, whose `tier` default is `two`. */
function chartV2(): string {
  const dir = join(mkdtempSync(join(tmpdir(), 'helm-sdk-options-')), 'options');
  cpSync(chart, dir, { recursive: true });
  const chartYaml = join(dir, 'Chart.yaml');
  writeFileSync(chartYaml, readFileSync(chartYaml, 'utf8').replace('version: 0.1.0', 'version: 0.2.0'));
  const values = join(dir, 'values.yaml');
  writeFileSync(values, readFileSync(values, 'utf8').replace('tier: one', 'tier: two'));
  return dir;
}

describe('labels', () => {
  it('are stored on the release and its storage Secret, returned, selectable, and merged by upgrade ("null" removes one)', async () => {
    const ns = await freshNamespace('opt-labels');
    const rel = await install(cfg, { releaseName: 'labelled', namespace: ns, chart, labels: { team: 'payments', tier: 'gold' } });
    expect(rel.labels).toEqual({ team: 'payments', tier: 'gold' });
    expect((await status(cfg, { releaseName: 'labelled', namespace: ns, noResources: true })).labels).toEqual({
      team: 'payments',
      tier: 'gold',
    });
    const v1 = await getObject(`/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.labelled.v1`);
    expect(v1?.metadata.labels).toMatchObject({ team: 'payments', tier: 'gold', owner: 'helm', name: 'labelled' });

    const up = await upgrade(cfg, { releaseName: 'labelled', namespace: ns, chart, labels: { tier: 'silver', team: 'null' } });
    expect(up.labels).toEqual({ tier: 'silver' });
    const v2 = await getObject(`/api/v1/namespaces/${ns}/secrets/sh.helm.release.v1.labelled.v2`);
    expect(v2?.metadata.labels).toMatchObject({ tier: 'silver', name: 'labelled' });
    expect(v2?.metadata.labels).not.toHaveProperty('team');

    // A second release without labels tells the selector apart.
    await install(cfg, { releaseName: 'plain', namespace: ns, chart });
    expect((await list(cfg, { namespace: ns, selector: 'tier=silver' })).map((r) => r.name)).toEqual(['labelled']);
    expect((await list(cfg, { namespace: ns })).map((r) => r.name).sort()).toEqual(['labelled', 'plain']);
  });
});

describe('maxHistory', () => {
  it('keeps every revision without it, and prunes the oldest beyond it', async () => {
    const ns = await freshNamespace('opt-history');
    const releaseName = 'pruned';
    await install(cfg, { releaseName, namespace: ns, chart });
    await upgrade(cfg, { releaseName, namespace: ns, chart, values: { message: 'two' } });
    await upgrade(cfg, { releaseName, namespace: ns, chart, values: { message: 'three' } });
    expect((await history(cfg, { releaseName, namespace: ns })).map((r) => r.revision)).toEqual([1, 2, 3]);

    const rel = await upgrade(cfg, { releaseName, namespace: ns, chart, values: { message: 'four' }, maxHistory: 2 });
    expect(rel.revision).toBe(4);
    expect((await history(cfg, { releaseName, namespace: ns })).map((r) => [r.revision, r.status])).toEqual([
      [3, 'superseded'],
      [4, 'deployed'],
    ]);
    // The records are gone from storage, not only from the listing.
    const secrets = await listObjects(
      `/api/v1/namespaces/${ns}/secrets?labelSelector=${encodeURIComponent(`owner=helm,name=${releaseName}`)}`,
    );
    expect(secrets.map((s) => s.metadata.name).sort()).toEqual([
      `sh.helm.release.v1.${releaseName}.v3`,
      `sh.helm.release.v1.${releaseName}.v4`,
    ]);
  });
});

describe('cascade', () => {
  const withDeployment = { deployment: true, hook: false };

  async function installWithReplicaSet(ns: string, releaseName: string): Promise<void> {
    await install(cfg, { releaseName, namespace: ns, chart, values: withDeployment, waitStrategy: 'watcher', timeout: 60_000 });
    // The watcher wait returned with the Deployment Current, which needs its ReplicaSet.
    const rs = await listObjects(replicaSets(ns, releaseName));
    expect(rs).toHaveLength(1);
    expect(rs[0]?.metadata.ownerReferences?.map((o) => `${o.kind}/${o.name}`)).toEqual([`Deployment/${releaseName}`]);
  }

  it("'orphan' leaves the Deployment's ReplicaSet behind without owner; the default 'background' deletes it", async () => {
    const ns = await freshNamespace('opt-cascade');
    await installWithReplicaSet(ns, 'orphaned');
    await installWithReplicaSet(ns, 'cascaded');

    await uninstall(cfg, { releaseName: 'orphaned', namespace: ns, cascade: 'orphan' });
    await uninstall(cfg, { releaseName: 'cascaded', namespace: ns });

    // The garbage collector works after the calls return: poll for the end state of each.
    const orphan = await until('the orphaned ReplicaSet to lose its owner', async () => {
      const rs = await listObjects(replicaSets(ns, 'orphaned'));
      return rs.length === 1 && !rs[0]?.metadata.ownerReferences?.length ? rs[0] : undefined;
    });
    expect(orphan.metadata.name).toMatch(/^orphaned-/);
    expect(await getObject(`/apis/apps/v1/namespaces/${ns}/deployments/orphaned`)).toBeUndefined();
    await until('the background-deleted ReplicaSet to go', async () =>
      (await listObjects(replicaSets(ns, 'cascaded'))).length === 0 ? true : undefined,
    );
    // Still there after the other one's dependents were collected: orphaned for good.
    expect(await listObjects(replicaSets(ns, 'orphaned'))).toHaveLength(1);
  });

  it("'foreground' deletes the ReplicaSet before the Deployment (which carries the foregroundDeletion finalizer meanwhile)", async () => {
    const ns = await freshNamespace('opt-foreground');
    await installWithReplicaSet(ns, 'fg');
    await uninstall(cfg, { releaseName: 'fg', namespace: ns, cascade: 'foreground', waitStrategy: 'watcher', timeout: 60_000 });
    // Foreground propagation: the Deployment is kept, with the `foregroundDeletion` finalizer,
    // until the garbage collector has deleted (or started deleting) its ReplicaSet. Helm's wait
    // may return while the Deployment still carries that finalizer (a loaded clean-clone run saw
    // it), so the test polls for the Deployment to go and checks the order: once it is gone, no
    // ReplicaSet of it is left un-deleted. With a background deletion the Deployment goes first,
    // without the finalizer, and its ReplicaSet is collected afterwards.
    const deployment = `/apis/apps/v1/namespaces/${ns}/deployments/fg`;
    const atReturn = await getObject(deployment);
    if (atReturn) expect(atReturn.metadata.finalizers).toContain('foregroundDeletion');
    await until('the foreground-deleted Deployment to go', async () => ((await getObject(deployment)) === undefined ? true : undefined));
    const left = await listObjects(replicaSets(ns, 'fg'));
    expect(left.filter((rs) => rs.metadata.deletionTimestamp === undefined)).toEqual([]);
    await until('the foreground-deleted ReplicaSet to go', async () =>
      (await listObjects(replicaSets(ns, 'fg'))).length === 0 ? true : undefined,
    );
  });
});

describe('forceConflicts', () => {
  it('an upgrade changing a field another manager owns is a ResourceConflictError; with forceConflicts Helm takes it over', async () => {
    const ns = await freshNamespace('opt-conflicts');
    const releaseName = 'ssa';
    await install(cfg, { releaseName, namespace: ns, chart, values: { message: 'from helm' } });
    await intrude(ns, `${releaseName}-config`, { message: 'from intruder' });

    const err = await rejection(upgrade(cfg, { releaseName, namespace: ns, chart, values: { message: 'helm again' } }));
    expect(ResourceConflictError.isInstance(err), err.message).toBe(true);
    expect(err).toMatchObject({ code: 'RESOURCE_CONFLICT', details: { input: 'forceConflicts' } });
    expect(err.message).toMatch(/conflict with "intruder"/);
    expect(err.message).toContain('.data.message');
    expect((err.details.release as Release).status).toBe('failed');
    expect((await getObject(configMap(ns, `${releaseName}-config`)))?.data?.message).toBe('from intruder');

    const rel = await upgrade(cfg, { releaseName, namespace: ns, chart, values: { message: 'helm again' }, forceConflicts: true });
    expect(rel).toMatchObject({ revision: 3, status: 'deployed' });
    const cm = await getObject(configMap(ns, `${releaseName}-config`));
    expect(cm?.data?.message).toBe('helm again');
    // The intruder no longer manages the field.
    const intruder = cm?.metadata.managedFields?.find((f) => f.manager === 'intruder');
    expect(JSON.stringify(intruder?.fieldsV1 ?? {})).not.toContain('f:message');
  });
});

describe('forceReplace', () => {
  it("replaces the object with the chart's, dropping what another client added; a patch keeps it", async () => {
    const ns = await freshNamespace('opt-replace');
    const releaseName = 'replaced';
    // Helm refuses forceReplace with server-side apply: this release is applied client-side.
    await install(cfg, { releaseName, namespace: ns, chart, serverSideApply: false });
    await intrude(ns, `${releaseName}-config`, { added: 'by hand' });

    await upgrade(cfg, { releaseName, namespace: ns, chart, serverSideApply: false, values: { message: 'patched' } });
    const patched = await getObject(configMap(ns, `${releaseName}-config`));
    expect(patched?.data).toEqual({ message: 'patched', tier: 'one', added: 'by hand' });

    await upgrade(cfg, { releaseName, namespace: ns, chart, serverSideApply: false, forceReplace: true, values: { message: 'replaced' } });
    const replaced = await getObject(configMap(ns, `${releaseName}-config`));
    expect(replaced?.data).toEqual({ message: 'replaced', tier: 'one' });
  });
});

describe('waitForJobs', () => {
  it('install returns only after the Job completed', async () => {
    const ns = await freshNamespace('opt-jobs');
    const rel = await install(cfg, {
      releaseName: 'jobs',
      namespace: ns,
      chart,
      values: { job: { enabled: true } },
      waitStrategy: 'watcher',
      waitForJobs: true,
      timeout: 60_000,
    });
    expect(rel.status).toBe('deployed');
    // Read right at return, no polling: the Job must already be complete.
    const job = await getObject(`/apis/batch/v1/namespaces/${ns}/jobs/jobs-job`);
    expect(job?.status?.succeeded).toBe(1);
    expect(job?.status?.conditions).toEqual(expect.arrayContaining([expect.objectContaining({ type: 'Complete', status: 'True' })]));
  });

  it('a Job that never completes fails the install with waitForJobs, and not without it', async () => {
    const ns = await freshNamespace('opt-jobs-stuck');
    const stuck = { job: { enabled: true, unschedulable: true } };
    // Without waitForJobs a started Job counts as ready (kstatus), complete or not.
    const rel = await install(cfg, {
      releaseName: 'started',
      namespace: ns,
      chart,
      values: stuck,
      waitStrategy: 'watcher',
      timeout: 60_000,
    });
    expect(rel.status).toBe('deployed');
    const job = await getObject(`/apis/batch/v1/namespaces/${ns}/jobs/started-job`);
    expect(job?.status?.startTime).toBeDefined();
    expect(job?.status?.succeeded ?? 0).toBe(0);

    // The pod can never be scheduled, so this can only end by Helm's timeout; 3 s is enough for
    // the API calls before the wait even on a loaded machine (the wait itself is what times out).
    const err = await rejection(
      install(cfg, {
        releaseName: 'awaited',
        namespace: ns,
        chart,
        values: stuck,
        waitStrategy: 'watcher',
        waitForJobs: true,
        timeout: 3_000,
      }),
    );
    expect(TimeoutError.isInstance(err), err.message).toBe(true);
    expect(err.message).toContain('Job/');
    expect((err.details.release as Release).status).toBe('failed');
  });
});

describe('disableHooks', () => {
  it('does not create hook resources; without it they are created', async () => {
    const ns = await freshNamespace('opt-hooks');
    await install(cfg, { releaseName: 'hooked', namespace: ns, chart });
    expect((await getObject(configMap(ns, 'hooked-hook')))?.data).toEqual({ ran: 'post-install' });

    const rel = await install(cfg, { releaseName: 'hookless', namespace: ns, chart, disableHooks: true });
    expect(rel.status).toBe('deployed');
    expect(rel.hooks?.map((h) => h.name)).toEqual(['hookless-hook']); // recorded, never run
    expect(await getObject(configMap(ns, 'hookless-hook'))).toBeUndefined();
    expect(await getObject(configMap(ns, 'hookless-config'))).toBeDefined();
  });
});

describe('takeOwnership', () => {
  it('an existing object without Helm ownership is a ResourceConflictError naming it; takeOwnership adopts it (with forceConflicts for fields holding other values)', async () => {
    const ns = await freshNamespace('opt-adopt');
    const created = await kubeRequest(ep, 'POST', `/api/v1/namespaces/${ns}/configmaps?fieldManager=hand`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'adopt-config' },
      data: { message: 'made by hand' },
    });
    expect(created.status).toBe(201);

    const err = await rejection(install(cfg, { releaseName: 'adopt', namespace: ns, chart }));
    expect(ResourceConflictError.isInstance(err), err.message).toBe(true);
    expect(err).toMatchObject({ code: 'RESOURCE_CONFLICT', details: { input: 'takeOwnership' } });
    expect(err.message).toContain('ConfigMap "adopt-config" in namespace');
    expect(err.message).toContain('cannot be imported into the current release');
    expect((await getObject(configMap(ns, 'adopt-config')))?.data).toEqual({ message: 'made by hand' });
    await expect(status(cfg, { releaseName: 'adopt', namespace: ns })).rejects.toSatisfy(ReleaseNotFoundError.isInstance);

    // Adopting it is server-side apply over fields its creator (field manager "hand") owns,
    // with other values: Helm needs forceConflicts for those as well.
    const conflict = await rejection(install(cfg, { releaseName: 'adopt', namespace: ns, chart, takeOwnership: true }));
    expect(ResourceConflictError.isInstance(conflict), conflict.message).toBe(true);
    expect(conflict.details.input).toBe('forceConflicts');
    expect(conflict.message).toMatch(/conflict with "hand" using v1: \.data\.message/);
    expect((conflict.details.release as Release).status).toBe('failed');

    // replace: the name of the failed release is reused.
    const rel = await install(cfg, {
      releaseName: 'adopt',
      namespace: ns,
      chart,
      takeOwnership: true,
      forceConflicts: true,
      replace: true,
    });
    expect(rel).toMatchObject({ revision: 2, status: 'deployed' });
    const cm = await getObject(configMap(ns, 'adopt-config'));
    expect(cm?.data).toEqual({ message: 'chart default', tier: 'one' });
    expect(cm?.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'adopt', 'meta.helm.sh/release-namespace': ns });
    expect(cm?.metadata.labels).toMatchObject({ 'app.kubernetes.io/managed-by': 'Helm' });
  });

  it("adopts an object whose fields already hold the chart's values with takeOwnership alone", async () => {
    const ns = await freshNamespace('opt-adopt-same');
    const created = await kubeRequest(ep, 'POST', `/api/v1/namespaces/${ns}/configmaps?fieldManager=hand`, {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'same-config' },
      data: { message: 'chart default', tier: 'one' },
    });
    expect(created.status).toBe(201);
    expect(ResourceConflictError.isInstance(await rejection(install(cfg, { releaseName: 'same', namespace: ns, chart })))).toBe(true);

    const rel = await install(cfg, { releaseName: 'same', namespace: ns, chart, takeOwnership: true });
    expect(rel.status).toBe('deployed');
    const cm = await getObject(configMap(ns, 'same-config'));
    expect(cm?.metadata.annotations).toMatchObject({ 'meta.helm.sh/release-name': 'same', 'meta.helm.sh/release-namespace': ns });
    expect(cm?.metadata.managedFields?.map((f) => f.manager)).toContain('helm');
  });
});

describe('hideSecret', () => {
  it("leaves Secrets out of a dry run's manifest, and needs a dry run", async () => {
    const ns = await freshNamespace('opt-hide-secret');
    const values = { secret: true };
    const shown = await install(cfg, { releaseName: 'secretive', namespace: ns, chart, values, dryRun: 'server' });
    expect(shown.manifest).toContain('options-fixture-password');

    for (const dryRun of ['client', 'server'] as const) {
      const hidden = await install(cfg, { releaseName: 'secretive', namespace: ns, chart, values, dryRun, hideSecret: true });
      expect(hidden.manifest).not.toContain('options-fixture-password');
      expect(hidden.manifest).toContain('# Source: options/templates/secret.yaml\n# HIDDEN: The Secret output has been suppressed\n');
      expect(hidden.manifest).toContain('name: secretive-config'); // the rest is still there
    }
    const err = await rejection(install(cfg, { releaseName: 'secretive', namespace: ns, chart, values, hideSecret: true }));
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect(err.details.input).toBe('hideSecret');
    expect(await getObject(`/api/v1/namespaces/${ns}/secrets/secretive-secret`)).toBeUndefined();
  });
});

describe('hideNotes', () => {
  it('drops notes from the result; the release record keeps them', async () => {
    const ns = await freshNamespace('opt-notes');
    const shown = await install(cfg, { releaseName: 'noted', namespace: ns, chart });
    expect(shown.notes).toBe('noted notes: chart default\n');

    const hidden = await install(cfg, { releaseName: 'quiet', namespace: ns, chart, hideNotes: true });
    expect(hidden.notes).toBeUndefined();
    expect(await getNotes(cfg, { releaseName: 'quiet', namespace: ns })).toBe('quiet notes: chart default\n');
    const up = await upgrade(cfg, { releaseName: 'quiet', namespace: ns, chart, hideNotes: true, values: { message: 'two' } });
    expect(up.notes).toBeUndefined();
  });
});

describe('resetValues, reuseValues and resetThenReuseValues', () => {
  async function message(ns: string, releaseName: string): Promise<Record<string, string> | undefined> {
    return (await getObject(configMap(ns, `${releaseName}-config`)))?.data;
  }

  it("an upgrade without values reuses the last ones; resetValues goes back to the chart's", async () => {
    const ns = await freshNamespace('opt-reset');
    await install(cfg, { releaseName: 'reset', namespace: ns, chart, values: { message: 'custom' } });
    const reused = await upgrade(cfg, { releaseName: 'reset', namespace: ns, chart });
    expect(reused.config).toEqual({ message: 'custom' });
    expect(await message(ns, 'reset')).toEqual({ message: 'custom', tier: 'one' });

    const reset = await upgrade(cfg, { releaseName: 'reset', namespace: ns, chart, resetValues: true });
    expect(reset.config ?? {}).toEqual({});
    expect(await message(ns, 'reset')).toEqual({ message: 'chart default', tier: 'one' });
  });

  it("resetThenReuseValues: the new chart's defaults, then the last values, then the new ones; reuseValues keeps the old chart's defaults", async () => {
    const ns = await freshNamespace('opt-reuse');
    const v2 = chartV2();
    // `hook: false` is a new value in every upgrade below, so no upgrade falls back to reusing
    // the last values on its own (Helm does that only when no values are given).
    const newValues = { hook: false };
    for (const releaseName of ['plain', 'reuse', 'reset-reuse']) {
      await install(cfg, { releaseName, namespace: ns, chart, values: { message: 'custom' } });
    }
    const plain = await upgrade(cfg, { releaseName: 'plain', namespace: ns, chart: v2, values: newValues });
    const reuse = await upgrade(cfg, { releaseName: 'reuse', namespace: ns, chart: v2, values: newValues, reuseValues: true });
    const resetReuse = await upgrade(cfg, {
      releaseName: 'reset-reuse',
      namespace: ns,
      chart: v2,
      values: newValues,
      resetThenReuseValues: true,
    });
    expect([plain, reuse, resetReuse].map((r) => r.chart.version)).toEqual(['0.2.0', '0.2.0', '0.2.0']);

    expect(plain.config).toEqual({ hook: false });
    expect(await message(ns, 'plain')).toEqual({ message: 'chart default', tier: 'two' });
    expect(reuse.config).toEqual({ hook: false, message: 'custom' });
    expect(await message(ns, 'reuse')).toEqual({ message: 'custom', tier: 'one' });
    expect(resetReuse.config).toEqual({ hook: false, message: 'custom' });
    expect(await message(ns, 'reset-reuse')).toEqual({ message: 'custom', tier: 'two' });
  });
});

describe('cleanupOnFail', () => {
  it('deletes the resources a failed upgrade created; without it they stay', async () => {
    const ns = await freshNamespace('opt-cleanup');
    // The upgrade adds a ConfigMap, then its post-upgrade hook Job fails (kwok fails the pod).
    const failing = { extra: true, failUpgradeHook: true };
    for (const [releaseName, cleanupOnFail] of [
      ['cleaned', true],
      ['kept', false],
    ] as const) {
      await install(cfg, { releaseName, namespace: ns, chart });
      expect(await getObject(configMap(ns, `${releaseName}-extra`))).toBeUndefined();
      const err = await rejection(upgrade(cfg, { releaseName, namespace: ns, chart, values: failing, cleanupOnFail, timeout: 60_000 }));
      expect(err.message).toContain('post-upgrade hooks failed');
      expect(err.details.release as Release).toMatchObject({ revision: 2, status: 'failed' });
    }
    // Helm deletes before it answers, and a ConfigMap has no finalizers: gone at return.
    expect(await getObject(configMap(ns, 'cleaned-extra'))).toBeUndefined();
    expect((await getObject(configMap(ns, 'kept-extra')))?.data).toEqual({ added: 'by an upgrade' });
  });
});

describe('generateName', () => {
  it("names a release installed from archive bytes after the chart in it, as the CLI names it after the chart's path", async () => {
    const ns = await freshNamespace('opt-generate');
    const app = ep.charts.find((c) => c.name === 'testenv-app');
    if (!app) throw new Error('the test environment publishes no testenv-app chart');
    const rel = await install(cfg, { generateName: true, namespace: ns, chart: new Uint8Array(readFileSync(app.archive)) });
    // NameAndChart's <base>-<unix seconds>; "chartData-..." before the fix, which Helm's
    // lowercase name rule rejected.
    expect(rel.name).toMatch(/^testenv-app-\d{10}$/);
    expect(rel).toMatchObject({ namespace: ns, revision: 1, status: 'deployed', chart: { name: 'testenv-app' } });
    expect((await status(cfg, { releaseName: rel.name, namespace: ns, noResources: true })).status).toBe('deployed');
  });
});

describe('render failures', () => {
  it('install and upgrade of a chart that fails to render are RenderError (were InternalError), as template', async () => {
    const ns = await freshNamespace('opt-render');
    const values = { broken: true };
    const message = 'execution error at (options/templates/broken.yaml:1:27): the options chart was asked to fail rendering';
    const fromInstall = await rejection(install(cfg, { releaseName: 'broken', namespace: ns, chart, values }));
    expect(RenderError.isInstance(fromInstall), fromInstall.message).toBe(true);
    expect(fromInstall.message).toContain(message);
    await install(cfg, { releaseName: 'broken', namespace: ns, chart });
    const fromUpgrade = await rejection(upgrade(cfg, { releaseName: 'broken', namespace: ns, chart, values }));
    expect(RenderError.isInstance(fromUpgrade), fromUpgrade.message).toBe(true);
    expect(fromUpgrade.message).toContain(message);
  });
});
