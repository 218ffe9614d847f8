/**
 * Issue 7, "engine killed in the middle of an upgrade": the engine is SIGKILLed while Helm is
 * working on revision 3 (waiting for its pods, or running its post-upgrade hook). The release is
 * left `pending-upgrade`; the documented recovery (README "Recovering a stuck release":
 * `upgrade` says OPERATION_IN_PROGRESS, then `rollback`) brings it back to `deployed` with its
 * history intact: every revision number, status and chart version before and after, as the SDK
 * and the reference `helm history` both see them, and the recovered revision carries the manifest
 * and values of the last good revision.
 *
 * Each revision uses its own chart version (copies of the lifecycle chart as 0.1.0, 0.2.0,
 * 0.3.0), so a history that mixed them up would show.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  Configuration,
  EngineCrashedError,
  getManifest,
  getValues,
  history,
  install,
  OperationInProgressError,
  ping,
  rollback,
  status,
  upgrade,
} from '../src/index.js';
import { cliStatus, helm, lifecycleChart, uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const namespace = uniqueNamespace('sdk-killed-upgrade');
const work = mkdtempSync(join(tmpdir(), 'helm-sdk-killed-upgrade-'));
let cfg: Configuration;

/**
 * A copy of the lifecycle chart with another version. `slowHook` adds a post-upgrade hook Pod that
 * never succeeds (restartPolicy Always: kwok keeps it Running), so Helm sits in the hook until its
 * timeout, a window in which to kill the engine.
 */
function chartVersion(version: string, slowHook = false): string {
  const dir = join(work, `lifecycle-${version}${slowHook ? '-hook' : ''}`);
  cpSync(lifecycleChart, dir, { recursive: true });
  const meta = join(dir, 'Chart.yaml');
  writeFileSync(meta, readFileSync(meta, 'utf8').replace(/^version: .*$/m, `version: ${version}`));
  if (slowHook) {
    writeFileSync(
      join(dir, 'templates', 'slow-hook.yaml'),
      [
        'apiVersion: v1',
        'kind: Pod',
        'metadata:',
        '  name: {{ .Release.Name }}-slow-hook',
        '  annotations:',
        '    helm.sh/hook: post-upgrade',
        '    helm.sh/hook-delete-policy: before-hook-creation',
        'spec:',
        '  restartPolicy: Always',
        '  containers:',
        '    - name: wait',
        '      image: {{ .Values.image }}',
        '',
      ].join('\n'),
    );
  }
  return dir;
}

beforeAll(() => {
  cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace });
});
afterAll(async () => {
  await cfg?.close();
  rmSync(work, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => T | undefined, ms = 30_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = fn();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** One history row as the SDK reports it, in the reference CLI's terms. */
interface Row {
  revision: number;
  status: string;
  chart: string;
  appVersion: string;
  description: string;
}

async function sdkHistory(releaseName: string): Promise<Row[]> {
  return (await history(cfg, { releaseName })).map((r) => ({
    revision: r.revision,
    status: r.status,
    chart: `${r.chart.name}-${r.chart.version}`,
    appVersion: r.chart.appVersion ?? '',
    description: r.description ?? '',
  }));
}

async function cliHistoryRows(releaseName: string): Promise<Row[]> {
  const out = await helm(ep, ['history', releaseName, '-n', namespace, '-o', 'json']);
  const rows = JSON.parse(out) as { revision: number; status: string; chart: string; app_version: string; description: string }[];
  return rows.map((r) => ({
    revision: r.revision,
    status: r.status,
    chart: r.chart,
    appVersion: r.app_version,
    description: r.description,
  }));
}

type KillPoint = 'wait' | 'hook';

describe('engine SIGKILLed in the middle of an upgrade', () => {
  it.each<KillPoint>(['wait', 'hook'])(
    'killed during the %s: pending-upgrade, OPERATION_IN_PROGRESS, rollback restores revision 2 with history intact',
    async (point) => {
      const releaseName = `killed-${point}`;
      // revisions 1 and 2: good
      await install(cfg, {
        releaseName,
        chart: chartVersion('0.1.0'),
        values: { message: 'v1' },
        createNamespace: true,
        timeout: 60_000,
      });
      const good = await upgrade(cfg, { releaseName, chart: chartVersion('0.2.0'), values: { message: 'v2' }, timeout: 60_000 });
      expect(good).toMatchObject({ revision: 2, status: 'deployed' });
      const goodManifest = await getManifest(cfg, { releaseName, revision: 2 });
      const goodValues = await getValues(cfg, { releaseName, revision: 2 });
      expect(goodValues).toEqual({ message: 'v2' });

      // revision 3: SIGKILL the engine while Helm works on it
      const pidBefore = cfg.enginePid as number;
      let killedAt: string | undefined;
      const upgrading = upgrade(cfg, {
        releaseName,
        ...(point === 'wait'
          ? { chart: chartVersion('0.3.0'), values: { message: 'v3', fail: { pods: true } }, waitStrategy: 'watcher' as const }
          : { chart: chartVersion('0.3.0', true), values: { message: 'v3' } }),
        timeout: 120_000,
        onEvent: (e) => {
          if (killedAt) return;
          const atWait = point === 'wait' && e.type === 'phase' && e.name === 'wait';
          const atHook = point === 'hook' && e.type === 'hook' && e.name === `${releaseName}-slow-hook` && e.phase === 'running';
          if (atWait || atHook) {
            killedAt = `${e.type} ${String(e.name)}`;
            process.kill(pidBefore, 'SIGKILL');
          }
        },
      }).catch((e: unknown) => e);
      await until('the kill point', () => killedAt);
      const crashed = await upgrading;
      expect(EngineCrashedError.isInstance(crashed)).toBe(true);
      expect(crashed).toMatchObject({ signal: 'SIGKILL' });

      const before = await sdkHistory(releaseName);
      expect(cfg.enginePid).not.toBe(pidBefore); // the read above ran on a restarted engine
      expect(before.map((r) => [r.revision, r.status, r.chart])).toEqual([
        [1, 'superseded', 'lifecycle-0.1.0'],
        [2, 'deployed', 'lifecycle-0.2.0'],
        [3, 'pending-upgrade', 'lifecycle-0.3.0'],
      ]);
      expect(await cliHistoryRows(releaseName)).toEqual(before);

      // the documented signal: an upgrade is refused while revision 3 is pending
      const refused = await upgrade(cfg, { releaseName, chart: chartVersion('0.2.0') }).catch((e: unknown) => e);
      expect(OperationInProgressError.isInstance(refused)).toBe(true);
      expect(refused).toMatchObject({ code: 'OPERATION_IN_PROGRESS', details: { releaseName, namespace, input: 'releaseName' } });
      expect(await sdkHistory(releaseName)).toEqual(before); // refusing wrote nothing

      // the documented recovery: roll back to the previous revision (the last good one)
      const recovered = await rollback(cfg, { releaseName, waitStrategy: 'watcher', timeout: 60_000 });
      expect(recovered).toMatchObject({ revision: 4, status: 'deployed', rollbackRevision: 2, config: { message: 'v2' } });

      const after = await sdkHistory(releaseName);
      console.log(`KILLED_UPGRADE ${JSON.stringify({ point, killedAt, before, after })}`);
      expect(after.map((r) => [r.revision, r.status, r.chart])).toEqual([
        [1, 'superseded', 'lifecycle-0.1.0'],
        [2, 'superseded', 'lifecycle-0.2.0'],
        // Helm's rollback supersedes only deployed revisions: the interrupted one keeps its
        // status, as after `helm rollback` (the CLI's history below says the same)
        [3, 'pending-upgrade', 'lifecycle-0.3.0'],
        [4, 'deployed', 'lifecycle-0.2.0'],
      ]);
      // nothing lost or rewritten: revisions 1-3 are as before, but for revision 2 now superseded
      expect(after.slice(0, 3)).toEqual(before.map((r) => (r.revision === 2 ? { ...r, status: 'superseded' } : r)));
      expect(after[3]?.description).toBe('Rollback to 2');
      expect(await cliHistoryRows(releaseName)).toEqual(after);

      // the recovered release is revision 2's manifest and values, byte for byte
      expect(await getManifest(cfg, { releaseName })).toBe(goodManifest);
      expect(await getValues(cfg, { releaseName })).toEqual(goodValues);
      expect(await status(cfg, { releaseName })).toMatchObject({ revision: 4, status: 'deployed', chart: { version: '0.2.0' } });
      expect(await cliStatus(ep, releaseName, namespace)).toMatchObject({
        version: 4,
        info: { status: 'deployed' },
        config: { message: 'v2' },
      });

      // and it upgrades again
      expect(await upgrade(cfg, { releaseName, chart: chartVersion('0.3.0'), values: { message: 'v5' }, timeout: 60_000 })).toMatchObject({
        revision: 5,
        status: 'deployed',
      });
      expect(await ping(cfg, { payload: 'ok' })).toBe('ok');
    },
  );
});
