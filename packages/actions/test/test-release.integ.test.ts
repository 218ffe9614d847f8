/**
 * testRelease against the real cluster: the test pods of test/charts/read-app run under kwok
 * (restartPolicy Never pods go Running -> Succeeded, or Failed with the helm-sdk.test/fail
 * annotation). kwok runs no containers, so pod logs cannot be read: the result says so per
 * container instead of failing the call.
 */
import type { Endpoints } from '@helm-sdk/testenv';
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Configuration, type EngineEvent, getHooks, InvalidArgumentError, ReleaseNotFoundError, testRelease } from '../src/index.js';
import { helmJson, helmOk, helmRun, readApp, runId } from './read-helpers.js';

const ep: Endpoints = inject('testenv');
const id = runId();
const ns = `readtest-${id}`;
const ok = `${id}-ok`;
const bad = `${id}-bad`;
const cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace: ns });

beforeAll(async () => {
  await Promise.all([
    helmOk(ep, ['install', ok, readApp, '-n', ns, '--create-namespace']),
    helmOk(ep, ['install', bad, readApp, '-n', ns, '--create-namespace', '--set', 'failTest=true']),
  ]);
}, 120_000);

afterAll(async () => {
  await cfg.close();
  await helmRun(ep, ['uninstall', ok, bad, '-n', ns, '--ignore-not-found']);
});

interface CliHook {
  name: string;
  last_run: { started_at?: string; completed_at?: string; phase: string };
}

describe('testRelease', () => {
  it('runs every test pod and returns its phase, times and logs', async () => {
    const t0 = Date.now();
    const events: EngineEvent[] = [];
    const res = await testRelease(cfg, { releaseName: ok, timeout: 60_000, onEvent: (e) => events.push(e) });
    expect(res.passed).toBe(true);
    expect(res.error).toBeUndefined();
    expect(res.release).toMatchObject({ name: ok, namespace: ns, revision: 1, status: 'deployed' });
    expect(res.tests.map((t) => [t.name, t.kind, t.phase])).toEqual([
      [`${ok}-test-ok`, 'Pod', 'Succeeded'],
      [`${ok}-test-second`, 'Pod', 'Succeeded'],
    ]);
    for (const t of res.tests) {
      expect(t.started).toBeInstanceOf(Date);
      expect(t.completed).toBeInstanceOf(Date);
      expect(t.started?.getTime()).toBeGreaterThanOrEqual(t0 - 1000);
      expect(t.completed?.getTime()).toBeGreaterThanOrEqual(t.started?.getTime() ?? 0);
      // One entry per container. kwok serves no logs: the entry carries the API server's error.
      expect(t.logs?.map((l) => l.container)).toEqual(['check']);
      // The entry is there (logs were asked for), empty, and its error names the pod: what a
      // result whose logs were dropped or never fetched could not show.
      const log = t.logs?.[0];
      expect(log?.log).toBe('');
      expect(log?.error).toContain(t.name);
    }
    // One hook event per executed test, with its final phase.
    expect(events.filter((e) => e.type === 'hook').map((e) => [e.type === 'hook' && e.name, e.type === 'hook' && e.phase])).toEqual([
      [`${ok}-test-ok`, 'succeeded'],
      [`${ok}-test-second`, 'succeeded'],
    ]);
    // The run is recorded on the release, as helm status/get hooks show it.
    const hooks = await helmJson<{ hooks: CliHook[] }>(ep, ['status', ok, '-n', ns]);
    const cliPhases = hooks.hooks.filter((h) => h.name.includes('-test-')).map((h) => [h.name, h.last_run.phase]);
    expect(cliPhases).toEqual(res.tests.map((t) => [t.name, t.phase]));
    const started = hooks.hooks.find((h) => h.name === `${ok}-test-ok`)?.last_run.started_at;
    expect(res.tests[0]?.started?.getTime()).toBe(Date.parse(started ?? ''));
  });

  it('reports a failing test in the result, not as a throw, like helm test prints then fails', async () => {
    const res = await testRelease(cfg, { releaseName: bad, logs: false });
    expect(res.passed).toBe(false);
    expect(res.error).toMatch(/test-second/);
    expect(res.tests.map((t) => [t.name, t.phase])).toEqual([
      [`${bad}-test-ok`, 'Succeeded'],
      [`${bad}-test-second`, 'Failed'],
    ]);
    expect(res.tests.every((t) => t.logs === undefined)).toBe(true);
    const cli = await helmRun(ep, ['test', bad, '-n', ns]);
    expect(cli.exitCode).not.toBe(0);
    expect(cli.stdout).toContain('Phase:          Failed');
  });

  it('runs only the tests named by filter, and skips those excluded', async () => {
    const only = await testRelease(cfg, { releaseName: bad, filter: [`name=${bad}-test-ok`], logs: false });
    expect(only.passed).toBe(true);
    expect(only.tests.map((t) => [t.name, t.skipped ?? false])).toEqual([
      [`${bad}-test-ok`, false],
      [`${bad}-test-second`, true],
    ]);
    const without = await testRelease(cfg, { releaseName: bad, filter: [`!name=${bad}-test-second`], logs: false });
    expect(without.passed).toBe(true);
    expect(without.tests.find((t) => t.skipped)?.name).toBe(`${bad}-test-second`);
  });

  it('agrees with a helm test run: the CLI then sees the phases the SDK reported', async () => {
    const cli = await helmRun(ep, ['test', ok, '-n', ns]);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(cli.stdout).toContain(`TEST SUITE:     ${ok}-test-ok`);
    const hooks = await getHooks(cfg, { releaseName: ok });
    expect(hooks.filter((h) => h.events.includes('test')).map((h) => h.lastRunPhase)).toEqual(['Succeeded', 'Succeeded']);
  });

  it('throws ReleaseNotFoundError for an unknown release and InvalidArgumentError for a bad filter', async () => {
    const err = await testRelease(cfg, { releaseName: `${id}-missing` }).catch((e: unknown) => e);
    expect(ReleaseNotFoundError.isInstance(err)).toBe(true);
    expect((err as ReleaseNotFoundError).details).toMatchObject({ releaseName: `${id}-missing` });
    const err2 = await testRelease(cfg, { releaseName: ok, filter: ['kind=Pod'] }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err2)).toBe(true);
    expect((err2 as InvalidArgumentError).details.input).toBe('filter');
  });
});
