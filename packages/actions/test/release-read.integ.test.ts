/**
 * list, status, history, getValues, getManifest, getNotes, getHooks, getMetadata against the real
 * cluster of tools/testenv. Releases are made by the reference `helm` CLI, and every read is
 * compared with what `helm ... -o json` (or its text) says about the same release.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Endpoints } from '@helm-sdk/testenv';
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  AbortError,
  Configuration,
  getHooks,
  getManifest,
  getMetadata,
  getNotes,
  getValues,
  history,
  InvalidArgumentError,
  KubeUnreachableError,
  type ListOptions,
  list,
  type Release,
  ReleaseNotFoundError,
  status,
} from '../src/index.js';
import { cmOnly, helmJson, helmOk, helmRun, parseGoTime, readApp, runId, seconds } from './read-helpers.js';

const ep: Endpoints = inject('testenv');
const id = runId();
const ns = `read-${id}`;
const ns2 = `read2-${id}`;
// Release names carry the run id so that lists across namespaces only match this run's.
const rel = { app: `${id}-app`, blue: `${id}-blue`, gone: `${id}-gone`, bad: `${id}-bad`, other: `${id}-other` };
const failChart = ep.charts.find((c) => c.name === 'testenv-fail')?.archive as string;

const cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace: ns });

interface CliListItem {
  name: string;
  namespace: string;
  revision: string;
  updated: string;
  status: string;
  chart: string;
  app_version: string;
}
interface CliHistoryItem {
  revision: number;
  updated: string;
  status: string;
  chart: string;
  app_version: string;
  description: string;
}
interface CliHook {
  name: string;
  kind: string;
  path: string;
  manifest: string;
  events: string[];
  last_run: { started_at?: string; completed_at?: string; phase: string };
}
interface CliStatus {
  name: string;
  namespace: string;
  version: number;
  info: {
    first_deployed: string;
    last_deployed: string;
    description: string;
    status: string;
    notes?: string;
    resources?: Record<string, { kind: string; metadata: { name: string; namespace?: string } }[]>;
  };
  config?: Record<string, unknown>;
  manifest: string;
  hooks?: CliHook[];
  apply_method?: string;
}

beforeAll(async () => {
  const common = ['-n', ns, '--create-namespace'];
  await Promise.all([
    // app: revision 1 superseded by revision 2 (changed values).
    helmOk(ep, ['install', rel.app, readApp, ...common, '--set', 'message=one']).then(() =>
      helmOk(ep, ['upgrade', rel.app, readApp, '-n', ns, '--set', 'message=two', '--set', 'nested.flag=false', '--description', 'second']),
    ),
    helmOk(ep, ['install', rel.blue, cmOnly, ...common, '--labels', 'team=blue']),
    helmOk(ep, ['install', rel.gone, cmOnly, ...common]).then(() => helmOk(ep, ['uninstall', rel.gone, '-n', ns, '--keep-history'])),
    // A failed release: its pod never becomes ready and the wait runs out.
    helmRun(ep, ['install', rel.bad, failChart, ...common, '--wait', '--timeout', '2s']),
    helmOk(ep, ['install', rel.other, cmOnly, '-n', ns2, '--create-namespace']),
  ]);
}, 120_000);

afterAll(async () => {
  await cfg.close();
  await Promise.all([ns, ns2].map((n) => helmRun(ep, ['uninstall', ...Object.values(rel), '-n', n, '--ignore-not-found'])));
});

/** The CLI's `helm list` flags for the SDK's options, for side-by-side checks. */
function listFlags(o: ListOptions): string[] {
  const f: string[] = [];
  for (const k of ['deployed', 'failed', 'pending', 'superseded', 'uninstalled', 'uninstalling', 'reverse'] as const)
    if (o[k]) f.push(`--${k}`);
  if (o.allNamespaces) f.push('-A');
  if (o.filter) f.push('--filter', o.filter);
  if (o.selector) f.push('--selector', o.selector);
  if (o.sortBy === 'date') f.push('--date');
  if (o.limit !== undefined) f.push('--max', String(o.limit));
  if (o.offset !== undefined) f.push('--offset', String(o.offset));
  return f;
}

async function listBoth(o: ListOptions): Promise<{ sdk: Release[]; cli: CliListItem[] }> {
  const [sdk, cli] = await Promise.all([
    list(cfg, o),
    helmJson<CliListItem[]>(ep, ['list', ...(o.allNamespaces ? [] : ['-n', ns]), ...listFlags(o)]),
  ]);
  return { sdk, cli };
}

const names = (rs: readonly { name: string }[]) => rs.map((r) => r.name);

describe('list', () => {
  it('agrees with helm list -o json field by field (every state by default)', async () => {
    const { sdk, cli } = await listBoth({});
    expect(names(sdk)).toEqual([rel.app, rel.bad, rel.blue, rel.gone]);
    expect(sdk.length).toBe(cli.length);
    sdk.forEach((r, i) => {
      const c = cli[i] as CliListItem;
      expect(r.name).toBe(c.name);
      expect(r.namespace).toBe(c.namespace);
      expect(String(r.revision)).toBe(c.revision);
      expect(r.status).toBe(c.status);
      expect(`${r.chart.name}-${r.chart.version}`).toBe(c.chart);
      expect(r.chart.appVersion ?? '').toBe(c.app_version);
      expect(r.lastDeployed).toBeInstanceOf(Date);
      expect(seconds(r.lastDeployed)).toBe(seconds(parseGoTime(c.updated)));
      // list results are summaries.
      expect(r.manifest).toBeUndefined();
      expect(r.config).toBeUndefined();
    });
    expect(sdk.map((r) => [r.name, r.revision, r.status])).toEqual([
      [rel.app, 2, 'deployed'],
      [rel.bad, 1, 'failed'],
      [rel.blue, 1, 'deployed'],
      [rel.gone, 1, 'uninstalled'],
    ]);
  });

  const stateCases: [string, ListOptions, string[]][] = [
    ['deployed', { deployed: true }, [rel.app, rel.blue]],
    ['failed', { failed: true }, [rel.bad]],
    ['deployed + failed', { deployed: true, failed: true }, [rel.app, rel.bad, rel.blue]],
    ['superseded (the old revision of an upgraded release)', { superseded: true }, [rel.app]],
    ['uninstalled (after uninstall --keep-history)', { uninstalled: true }, [rel.gone]],
    ['pending', { pending: true }, []],
    ['uninstalling', { uninstalling: true }, []],
  ];
  for (const [title, o, want] of stateCases) {
    it(`filters by state: ${title}, as helm list does`, async () => {
      const { sdk, cli } = await listBoth(o);
      expect(names(sdk)).toEqual(want);
      expect(names(sdk)).toEqual(names(cli));
      expect(sdk.map((r) => String(r.revision))).toEqual(cli.map((c) => c.revision));
    });
  }

  it('shows the superseded revision itself', async () => {
    const [r] = await list(cfg, { superseded: true });
    expect(r).toMatchObject({ name: rel.app, revision: 1, status: 'superseded' });
  });

  it('filters by name with a regular expression', async () => {
    const o = { filter: `^${id}-(app|blue)$` };
    const { sdk, cli } = await listBoth(o);
    expect(names(sdk)).toEqual([rel.app, rel.blue]);
    expect(names(sdk)).toEqual(names(cli));
  });

  it('rejects an invalid regular expression with InvalidArgumentError naming filter', async () => {
    const err = await list(cfg, { filter: '(unclosed' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect((err as InvalidArgumentError).details.input).toBe('filter');
    expect((err as Error).message).toContain('(unclosed');
    expect((await helmRun(ep, ['list', '-n', ns, '--filter', '(unclosed'])).exitCode).not.toBe(0);
  });

  it('filters by label selector', async () => {
    const { sdk, cli } = await listBoth({ selector: 'team=blue' });
    expect(names(sdk)).toEqual([rel.blue]);
    expect(names(cli)).toEqual([rel.blue]);
    expect(sdk[0]?.labels?.team).toBe('blue');
  });

  const pageCases: [string, ListOptions][] = [
    ['limit', { limit: 2 }],
    ['limit + offset', { limit: 2, offset: 1 }],
    ['offset past the end', { offset: 10 }],
    ['reverse', { reverse: true }],
    ['sortBy date (oldest first, as the CLI)', { sortBy: 'date' }],
    ['sortBy date reversed (latest first)', { sortBy: 'date', reverse: true }],
  ];
  for (const [title, o] of pageCases) {
    it(`pages and sorts as helm list: ${title}`, async () => {
      const { sdk, cli } = await listBoth(o);
      expect(names(sdk)).toEqual(names(cli));
    });
  }

  it('reverse sorts names Z to A; limit and offset page through', async () => {
    expect(names(await list(cfg, { reverse: true }))).toEqual([rel.gone, rel.blue, rel.bad, rel.app]);
    expect(names(await list(cfg, { limit: 2, offset: 1 }))).toEqual([rel.bad, rel.blue]);
    expect(await list(cfg, { offset: 10 })).toEqual([]);
  });

  it('lists across namespaces with allNamespaces', async () => {
    const o: ListOptions = { allNamespaces: true, filter: `^${id}-` };
    const { sdk, cli } = await listBoth(o);
    expect(sdk.map((r) => `${r.namespace}/${r.name}`).sort()).toEqual(
      [...[rel.app, rel.bad, rel.blue, rel.gone].map((n) => `${ns}/${n}`), `${ns2}/${rel.other}`].sort(),
    );
    expect(sdk.map((r) => `${r.namespace}/${r.name}`)).toEqual(cli.map((c) => `${c.namespace}/${c.name}`));
  });

  it('the namespace option overrides the Configuration namespace', async () => {
    expect(names(await list(cfg, { namespace: ns2 }))).toEqual([rel.other]);
  });

  it('rejects unknown options and wrong types before calling the engine', async () => {
    await expect(list(cfg, { limt: 3 } as never)).rejects.toMatchObject({ name: 'InvalidArgumentError', details: { input: 'limt' } });
    await expect(list(cfg, { sortBy: 'size' } as never)).rejects.toMatchObject({ details: { input: 'sortBy' } });
  });
});

describe('status', () => {
  it('agrees with helm status -o json', async () => {
    const [sdk, cli] = await Promise.all([status(cfg, { releaseName: rel.app }), helmJson<CliStatus>(ep, ['status', rel.app, '-n', ns])]);
    expect(sdk).toMatchObject({ name: cli.name, namespace: cli.namespace, revision: cli.version, status: cli.info.status });
    expect(sdk.revision).toBe(2);
    expect(sdk.description).toBe(cli.info.description);
    expect(sdk.description).toBe('second');
    expect(sdk.firstDeployed?.getTime()).toBe(Date.parse(cli.info.first_deployed));
    expect(sdk.lastDeployed?.getTime()).toBe(Date.parse(cli.info.last_deployed));
    expect(sdk.notes).toBe(cli.info.notes);
    expect(sdk.manifest).toBe(cli.manifest);
    expect(sdk.config).toEqual(cli.config);
    expect(sdk.applyMethod).toBe(cli.apply_method);
    expect(sdk.chart).toMatchObject({ name: 'read-app', version: '0.2.0', appVersion: '1.4.2' });
    expect(sdk.hooks?.map((h) => [h.name, h.lastRunPhase ?? ''])).toEqual(cli.hooks?.map((h) => [h.name, h.last_run.phase]));
  });

  it('lists the live resources with a ready summary, the same objects helm status reads', async () => {
    const [sdk, cli] = await Promise.all([status(cfg, { releaseName: rel.app }), helmJson<CliStatus>(ep, ['status', rel.app, '-n', ns])]);
    const own = sdk.resources.filter((r) => !r.related);
    expect(own.map((r) => `${r.kind}/${r.name}`)).toEqual([
      `ConfigMap/${rel.app}-config`,
      `ConfigMap/${rel.app}-sub`,
      `Deployment/${rel.app}`,
    ]);
    const cliObjects = Object.entries(cli.info.resources ?? {}).flatMap(([key, objs]) =>
      objs.flatMap((o) => {
        // Related pods come back as a PodList under "v1/Pod(related)".
        const items = (o as unknown as { items?: typeof objs }).items ?? [o];
        return items.map((i) => `${key.includes('(related)') ? 'related ' : ''}${i.kind ?? 'Pod'}/${i.metadata.name}`);
      }),
    );
    const sdkObjects = sdk.resources.map((r) => `${r.related ? 'related ' : ''}${r.kind}/${r.name}`);
    expect(sdkObjects.sort()).toEqual(cliObjects.sort());
    for (const r of own) {
      expect(r).toMatchObject({ namespace: ns, status: 'Current', ready: true });
      expect(r.apiVersion).toMatch(/^(v1|apps\/v1)$/);
    }
    expect(own.find((r) => r.kind === 'Deployment')?.message).toMatch(/available/i);
    const pods = sdk.resources.filter((r) => r.related);
    expect(pods.length).toBe(1); // replicas: 1, kwok makes it Ready
    expect(pods[0]).toMatchObject({ kind: 'Pod', namespace: ns });
  });

  it('shows an older revision with revision, as helm status --revision', async () => {
    const [sdk, cli] = await Promise.all([
      status(cfg, { releaseName: rel.app, revision: 1, noResources: true }),
      helmJson<CliStatus>(ep, ['status', rel.app, '-n', ns, '--revision', '1']),
    ]);
    expect(sdk).toMatchObject({ revision: 1, status: 'superseded', config: { message: 'one' } });
    expect(sdk.status).toBe(cli.info.status);
    expect(sdk.notes).toBe(cli.info.notes);
    expect(sdk.resources).toEqual([]);
  });

  it('reports a failed release as failed, with Helm description', async () => {
    const [sdk, cli] = await Promise.all([status(cfg, { releaseName: rel.bad }), helmJson<CliStatus>(ep, ['status', rel.bad, '-n', ns])]);
    expect(sdk.status).toBe('failed');
    expect(sdk.description).toBe(cli.info.description);
    const dep = sdk.resources.find((r) => r.kind === 'Deployment');
    expect(dep?.ready).toBe(false);
    expect(dep?.status).toBe('InProgress');
  });
});

describe('status of an uninstalled release', () => {
  it('reports it uninstalled with its objects NotFound, as the record kept by --keep-history says', async () => {
    const [sdk, cli] = await Promise.all([status(cfg, { releaseName: rel.gone }), helmJson<CliStatus>(ep, ['status', rel.gone, '-n', ns])]);
    expect(sdk.status).toBe('uninstalled');
    expect(sdk.status).toBe(cli.info.status);
    expect(sdk.description).toBe(cli.info.description);
    expect(sdk.resources).toEqual([
      {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        name: rel.gone,
        namespace: ns,
        status: 'NotFound',
        ready: false,
        message: 'not found in the cluster',
      },
    ]);
  });

  it('reads a release of another namespace with the namespace option', async () => {
    const other = await status(cfg, { releaseName: rel.other, namespace: ns2 });
    expect(other).toMatchObject({ name: rel.other, namespace: ns2, status: 'deployed' });
    expect(other.resources.map((r) => `${r.kind}/${r.namespace}/${r.name}`)).toEqual([`ConfigMap/${ns2}/${rel.other}`]);
  });
});

describe('history', () => {
  it('agrees with helm history -o json', async () => {
    const [sdk, cli] = await Promise.all([
      history(cfg, { releaseName: rel.app }),
      helmJson<CliHistoryItem[]>(ep, ['history', rel.app, '-n', ns]),
    ]);
    expect(sdk.map((r) => [r.revision, r.status, r.description])).toEqual([
      [1, 'superseded', 'Install complete'],
      [2, 'deployed', 'second'],
    ]);
    expect(sdk.length).toBe(cli.length);
    sdk.forEach((r, i) => {
      const c = cli[i] as CliHistoryItem;
      expect(r.revision).toBe(c.revision);
      expect(r.status).toBe(c.status);
      expect(r.description).toBe(c.description);
      expect(`${r.chart.name}-${r.chart.version}`).toBe(c.chart);
      expect(r.chart.appVersion ?? '').toBe(c.app_version);
      expect(seconds(r.lastDeployed)).toBe(seconds(c.updated));
      expect(r.manifest).toBeUndefined();
    });
  });

  it('keeps the newest revisions with max', async () => {
    const [sdk, cli] = await Promise.all([
      history(cfg, { releaseName: rel.app, max: 1 }),
      helmJson<CliHistoryItem[]>(ep, ['history', rel.app, '-n', ns, '--max', '1']),
    ]);
    expect(sdk.map((r) => r.revision)).toEqual([2]);
    expect(cli.map((r) => r.revision)).toEqual([2]);
  });

  it('shows an uninstalled release kept with --keep-history', async () => {
    const sdk = await history(cfg, { releaseName: rel.gone });
    expect(sdk.map((r) => [r.revision, r.status])).toEqual([[1, 'uninstalled']]);
    expect(sdk[0]?.description).toBe('Uninstallation complete');
  });
});

describe('get*', () => {
  it('getValues returns the user-supplied values, as helm get values -o json', async () => {
    const [sdk, cli] = await Promise.all([getValues(cfg, { releaseName: rel.app }), helmJson(ep, ['get', 'values', rel.app, '-n', ns])]);
    expect(sdk).toEqual({ message: 'two', nested: { flag: false } });
    expect(sdk).toEqual(cli);
  });

  it('getValues with all returns the computed values, as helm get values --all', async () => {
    const [sdk, cli] = await Promise.all([
      getValues(cfg, { releaseName: rel.app, all: true }),
      helmJson(ep, ['get', 'values', rel.app, '-n', ns, '--all']),
    ]);
    expect(sdk).toEqual(cli);
    expect(sdk).toMatchObject({
      message: 'two',
      replicas: 1,
      nested: { flag: false, list: ['a', 'b'] },
      'read-sub': { greeting: 'from-sub' },
    });
  });

  it('getValues reads an older revision', async () => {
    const [sdk, cli] = await Promise.all([
      getValues(cfg, { releaseName: rel.app, revision: 1 }),
      helmJson(ep, ['get', 'values', rel.app, '-n', ns, '--revision', '1']),
    ]);
    expect(sdk).toEqual({ message: 'one' });
    expect(sdk).toEqual(cli);
  });

  it('getValues of a release without user values is an empty object', async () => {
    expect(await getValues(cfg, { releaseName: rel.blue })).toEqual({});
  });

  it('getManifest is the text helm get manifest prints (plus its newline)', async () => {
    for (const revision of [undefined, 1]) {
      const args = ['get', 'manifest', rel.app, '-n', ns, ...(revision ? ['--revision', String(revision)] : [])];
      const [sdk, cli] = await Promise.all([
        getManifest(cfg, { releaseName: rel.app, ...(revision ? { revision } : {}) }),
        helmOk(ep, args),
      ]);
      expect(`${sdk}\n`).toBe(cli);
      expect(sdk).toContain(`name: ${rel.app}-config`);
      expect(sdk).toContain(`revision: "${revision ?? 2}"`);
    }
  });

  it('getNotes is the text helm get notes prints', async () => {
    const [sdk, cli] = await Promise.all([getNotes(cfg, { releaseName: rel.app }), helmOk(ep, ['get', 'notes', rel.app, '-n', ns])]);
    expect(`NOTES:\n${sdk}\n`).toBe(cli);
    expect(sdk).toBe(`Release ${rel.app} (revision 2) of read-app 0.2.0.\nMessage: two\n`);
    expect(await getNotes(cfg, { releaseName: rel.app, revision: 1 })).toContain('Message: one');
    expect(await getNotes(cfg, { releaseName: rel.blue })).toBe('');
  });

  it('getHooks returns the hooks helm get hooks prints', async () => {
    const [sdk, cli] = await Promise.all([getHooks(cfg, { releaseName: rel.app }), helmOk(ep, ['get', 'hooks', rel.app, '-n', ns])]);
    expect(sdk.map((h) => `---\n# Source: ${h.path}\n${h.manifest}\n`).join('')).toBe(cli);
    expect(sdk.map((h) => [h.name, h.kind, h.events])).toEqual([
      [`${rel.app}-pre-install`, 'ConfigMap', ['pre-install', 'pre-upgrade']],
      [`${rel.app}-test-ok`, 'Pod', ['test']],
      [`${rel.app}-test-second`, 'Pod', ['test']],
    ]);
    const pre = sdk[0];
    expect(pre).toMatchObject({ weight: -5, deletePolicies: ['before-hook-creation'], lastRunPhase: 'Succeeded' });
    expect(pre?.lastRunStarted).toBeInstanceOf(Date);
  });

  it('getMetadata agrees with helm get metadata -o json', async () => {
    const [sdk, cli] = await Promise.all([
      getMetadata(cfg, { releaseName: rel.app }),
      helmJson<Record<string, unknown>>(ep, ['get', 'metadata', rel.app, '-n', ns]),
    ]);
    const { deployedAt, ...rest } = sdk;
    const { deployedAt: cliDeployedAt, ...cliRest } = cli;
    expect(rest).toEqual(cliRest);
    expect(seconds(deployedAt)).toBe(seconds(cliDeployedAt as string));
    expect(sdk).toMatchObject({
      name: rel.app,
      chart: 'read-app',
      version: '0.2.0',
      appVersion: '1.4.2',
      annotations: { 'helm-sdk.test/purpose': 'read-side' },
      dependencies: [{ name: 'read-sub', version: '0.1.0', repository: '', condition: 'sub.enabled' }],
      namespace: ns,
      revision: 2,
      status: 'deployed',
      applyMethod: 'ssa',
    });
    const old = await getMetadata(cfg, { releaseName: rel.app, revision: 1 });
    expect(old).toMatchObject({ revision: 1, status: 'superseded' });
  });
});

describe('errors', () => {
  const missing = `${id}-missing`;
  const calls = {
    status: () => status(cfg, { releaseName: missing }),
    history: () => history(cfg, { releaseName: missing }),
    getValues: () => getValues(cfg, { releaseName: missing }),
    getManifest: () => getManifest(cfg, { releaseName: missing }),
    getNotes: () => getNotes(cfg, { releaseName: missing }),
    getHooks: () => getHooks(cfg, { releaseName: missing }),
    getMetadata: () => getMetadata(cfg, { releaseName: missing }),
  };
  for (const [action, call] of Object.entries(calls)) {
    it(`${action} of an unknown release throws ReleaseNotFoundError naming it`, async () => {
      const err = await call().catch((e: unknown) => e);
      expect(ReleaseNotFoundError.isInstance(err), String(err)).toBe(true);
      const e = err as ReleaseNotFoundError;
      expect(e.code).toBe('RELEASE_NOT_FOUND');
      expect(e.action).toBe(action);
      expect(e.details).toMatchObject({ input: 'releaseName', releaseName: missing, namespace: ns });
      expect(e.message).toContain(missing);
    });
  }

  it('the CLI fails the same way', async () => {
    const r = await helmRun(ep, ['status', missing, '-n', ns]);
    expect(r.exitCode).not.toBe(0);
    expect(r.stderr).toContain('release: not found');
    const err = (await status(cfg, { releaseName: missing }).catch((e: unknown) => e)) as Error;
    expect(err.message).toContain('release: not found');
  });

  it('an unknown revision is RELEASE_NOT_FOUND with details.revision', async () => {
    for (const call of [
      () => status(cfg, { releaseName: rel.app, revision: 99 }),
      () => getValues(cfg, { releaseName: rel.app, revision: 99 }),
      () => getManifest(cfg, { releaseName: rel.app, revision: 99 }),
    ]) {
      const err = await call().catch((e: unknown) => e);
      expect(ReleaseNotFoundError.isInstance(err)).toBe(true);
      expect((err as ReleaseNotFoundError).details).toMatchObject({ input: 'revision', releaseName: rel.app, revision: 99 });
      expect((err as Error).message).toContain('revision 99');
    }
  });

  it('an invalid release name is INVALID_ARGUMENT naming releaseName', async () => {
    await expect(status(cfg, { releaseName: 'Not_A_Name' })).rejects.toMatchObject({
      code: 'INVALID_ARGUMENT',
      details: { input: 'releaseName' },
    });
    await expect(status(cfg, {} as never)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { input: 'releaseName' } });
  });

  it('an unreachable API server is KUBE_UNREACHABLE', async () => {
    const kc = readFileSync(ep.kubeconfig, 'utf8').replace(/server: .*/, 'server: https://127.0.0.1:1');
    const file = join(tmpdir(), `unreachable-${id}.kubeconfig`);
    writeFileSync(file, kc);
    const dead = new Configuration({ kubeconfig: file, namespace: ns });
    try {
      const err = await list(dead).catch((e: unknown) => e);
      expect(KubeUnreachableError.isInstance(err), String(err)).toBe(true);
      const err2 = await status(dead, { releaseName: rel.app }).catch((e: unknown) => e);
      expect(KubeUnreachableError.isInstance(err2), String(err2)).toBe(true);
    } finally {
      await dead.close();
    }
  });

  it('an aborted call rejects with AbortError', async () => {
    const err = await status(cfg, { releaseName: rel.app, signal: AbortSignal.abort() }).catch((e: unknown) => e);
    expect(AbortError.isInstance(err)).toBe(true);
  });
});
