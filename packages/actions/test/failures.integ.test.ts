/**
 * Failure paths of the mutating release functions against the real test cluster: a wait that
 * times out, rollbackOnFailure on install and upgrade, and an aborted wait (a release left
 * pending by a killed engine: killed-upgrade.integ.test.ts). Pods fail on purpose through the test
 * environment's `helm-sdk.test/fail` annotation (the lifecycle chart's `fail.pods` switch).
 */
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { AbortError, Configuration, InternalError, install, type Release, status, TimeoutError, upgrade } from '../src/index.js';
import { cliHistory, cliStatus, lifecycleChart, uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const namespace = uniqueNamespace('sdk-failures');
let cfg: Configuration;

beforeAll(async () => {
  cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace });
  await install(cfg, { releaseName: 'ns-anchor', chart: lifecycleChart, createNamespace: true });
});
afterAll(async () => {
  await cfg?.close();
});

async function until<T>(what: string, fn: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

const failing = { set: ['fail.pods=true'] } as const;

describe('waits that fail', () => {
  it('a failing pod with the watcher wait is TIMEOUT, with the failed release in details', async () => {
    const t0 = Date.now();
    const err = await install(cfg, {
      releaseName: 'times-out',
      chart: lifecycleChart,
      ...failing,
      waitStrategy: 'watcher',
      timeout: 4_000,
    }).catch((e: unknown) => e);
    const took = Date.now() - t0;
    expect(TimeoutError.isInstance(err)).toBe(true);
    expect(err).toMatchObject({ code: 'TIMEOUT', action: 'install', details: { input: 'timeout' } });
    expect((err as Error).message).toMatch(/Deployment\/.*\/times-out not ready/);
    const rel = (err as TimeoutError).details.release as Release;
    expect(rel).toMatchObject({ name: 'times-out', revision: 1, status: 'failed' });
    expect(took).toBeGreaterThanOrEqual(4_000);
    expect(took).toBeLessThan(9_000); // Helm's own timeout answered, not the host deadline (14 s)
    expect(await cliStatus(ep, 'times-out', namespace)).toMatchObject({ info: { status: 'failed' } });
  });

  it('install with rollbackOnFailure uninstalls the failed release, as helm install --rollback-on-failure', async () => {
    const err = await install(cfg, {
      releaseName: 'atomic-install',
      chart: lifecycleChart,
      ...failing,
      rollbackOnFailure: true,
      timeout: 4_000,
    }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain('has been uninstalled due to rollback-on-failure');
    expect(await cliStatus(ep, 'atomic-install', namespace)).toBeUndefined();
  });

  it('upgrade with rollbackOnFailure rolls back to the last deployed revision', async () => {
    await install(cfg, { releaseName: 'atomic-upgrade', chart: lifecycleChart, values: { message: 'good' } });
    const err = await upgrade(cfg, {
      releaseName: 'atomic-upgrade',
      chart: lifecycleChart,
      ...failing,
      rollbackOnFailure: true,
      timeout: 4_000,
    }).catch((e: unknown) => e);
    expect(TimeoutError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain('has been rolled back due to rollback-on-failure');
    expect((err as TimeoutError).details.release).toMatchObject({ revision: 2, status: 'failed' });
    expect(await cliHistory(ep, 'atomic-upgrade', namespace)).toEqual([
      expect.objectContaining({ revision: 1, status: 'superseded' }),
      expect.objectContaining({ revision: 2, status: 'failed' }),
      expect.objectContaining({ revision: 3, status: 'deployed' }),
    ]);
    expect(await cliStatus(ep, 'atomic-upgrade', namespace)).toMatchObject({ version: 3, config: { message: 'good' } });
  });
});

describe('hooks that fail', () => {
  it('a failing post-install Job fails the install, reported by hook events and in details.release.hooks', async () => {
    const hooks: string[] = [];
    const err = await install(cfg, {
      releaseName: 'bad-hook',
      chart: lifecycleChart,
      set: ['fail.hook=true'],
      timeout: 20_000,
      onEvent: (e) => {
        if (e.type === 'hook') hooks.push(`${e.kind}/${e.name} ${e.message}: ${e.phase}`);
      },
    }).catch((e: unknown) => e);
    // Not a timeout nor any other failure: the hook's own, naming the Job and how it ended. The
    // engine has no dedicated code for a failed hook yet and reports it as INTERNAL.
    expect(InternalError.isInstance(err), String(err)).toBe(true);
    expect(err).toMatchObject({ code: 'INTERNAL', action: 'install' });
    expect((err as Error).message).toMatch(/failed post-install: .*Job\/\S+\/bad-hook-post-install .*status: Failed/);
    expect(hooks).toEqual(['Job/bad-hook-post-install post-install: running', 'Job/bad-hook-post-install post-install: failed']);
    const rel = (err as InternalError).details.release as Release;
    expect(rel.status).toBe('failed');
    expect(rel.hooks?.find((h) => h.name === 'bad-hook-post-install')?.lastRunPhase).toBe('Failed');
  });
});

describe('aborting a wait', () => {
  it('rejects with AbortError at once, and the engine stops waiting: the release ends failed long before its timeout', async () => {
    const ac = new AbortController();
    const seen: string[] = [];
    const p = install(cfg, {
      releaseName: 'aborted',
      chart: lifecycleChart,
      ...failing,
      waitStrategy: 'watcher',
      timeout: 120_000,
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'phase') seen.push(e.name as string);
      },
    }).catch((e: unknown) => e);
    await until('the wait phase', async () => (seen.includes('wait') ? true : undefined));
    const t0 = Date.now();
    ac.abort();
    const err = await p;
    const rejectMs = Date.now() - t0;
    expect(AbortError.isInstance(err)).toBe(true);
    expect((err as Error).name).toBe('AbortError');
    expect(rejectMs).toBeLessThan(500);
    // Helm's failRelease runs when the request context is cancelled: pending-install -> failed.
    const final = await until('the failed record', async () => {
      const s = await cliStatus(ep, 'aborted', namespace);
      return s?.info.status === 'failed' ? s : undefined;
    });
    expect(Date.now() - t0).toBeLessThan(10_000);
    expect(final.info.description).toMatch(/context canceled/);
  });
});

describe('aborting a wait that would succeed', () => {
  it('stops Helm in the engine: the release stays failed instead of being completed later', async () => {
    // The pods of this install become ready about a second after they are applied. Were the
    // engine still waiting after the abort, Helm's install goroutine would finish the wait, run
    // the post-install hook and record the release as deployed over the failed record (checked:
    // with neither kube.WithWaitContext nor kube.Client.WaitContext set, this test fails with
    // status "deployed").
    //
    // When is "later"? A twin install of the same chart, started at the same moment and not
    // aborted, goes through exactly the steps a still-running wait would (pods ready, the hook,
    // the deployed record): once the twin is deployed, a live Helm goroutine of the aborted one
    // would be about done too. The aborted release is watched until then, and for as long again
    // as the twin took in all, a margin relative to this machine's speed right now (no fixed
    // sleep); a "deployed" seen at any point fails the test at once.
    const ac = new AbortController();
    const t0 = Date.now();
    const twin = install(cfg, { releaseName: 'abort-healthy-twin', chart: lifecycleChart, waitStrategy: 'watcher', timeout: 60_000 });
    const err = await install(cfg, {
      releaseName: 'abort-healthy',
      chart: lifecycleChart,
      waitStrategy: 'watcher',
      timeout: 60_000,
      signal: ac.signal,
      onEvent: (e) => {
        if (e.type === 'phase' && e.name === 'wait') ac.abort();
      },
    }).catch((e: unknown) => e);
    expect(AbortError.isInstance(err)).toBe(true);
    // the cancelled install records its failure just after the rejection (see the test above)
    await until('the failed record', async () =>
      (await status(cfg, { releaseName: 'abort-healthy' })).status === 'failed' ? true : undefined,
    );
    const statuses = new Set<string>();
    const watchAborted = async () => {
      const s = await status(cfg, { releaseName: 'abort-healthy' });
      statuses.add(`${s.revision} ${s.status}`);
      expect(s).toMatchObject({ revision: 1, status: 'failed' });
    };
    let twinDone = false;
    const twinSettled = twin
      .catch((e: unknown) => e)
      .finally(() => {
        twinDone = true;
      });
    while (!twinDone) {
      await watchAborted();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(await twinSettled).toMatchObject({ revision: 1, status: 'deployed' });
    const twinMs = Date.now() - t0;
    for (const end = Date.now() + twinMs; Date.now() < end; ) {
      await watchAborted();
      await new Promise((r) => setTimeout(r, 200));
    }
    expect([...statuses]).toEqual(['1 failed']);
    expect(await cliStatus(ep, 'abort-healthy', namespace)).toMatchObject({ version: 1, info: { status: 'failed' } });
  });
});

// A release left pending by a killed engine, and its recovery: killed-upgrade.integ.test.ts.
