/**
 * getAll against `helm get all` on a release the reference CLI made and tested: the text is the
 * CLI's byte for byte, and the data fields equal what `helm get values|manifest|notes|hooks` say.
 * The text's dates keep the zone the release was written in (Go's time.ANSIC of the stored time),
 * so the release is written by a CLI in a zone other than the machine's, and read by an engine in
 * yet another: both must print the writer's.
 */
import { runHelm } from '@helm-sdk/test-utils';
import type { Endpoints } from '@helm-sdk/testenv';
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Configuration, getAll, InvalidArgumentError, ReleaseNotFoundError } from '../src/index.js';
import { cmOnly, helmJson, helmOk, helmRun, readApp, runId } from './read-helpers.js';

const ep: Endpoints = inject('testenv');
const id = runId();
const ns = `getall-${id}`;
const name = `${id}-all`;
const plain = `${id}-plain`;
// The writer's zone: an offset and no daylight saving, so a zone mix-up shows in the text.
const TZ = 'Asia/Kolkata';
const cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace: ns, env: { TZ: 'America/Chicago' } });
const writer = async (args: readonly string[]) => {
  const r = await runHelm(args, { KUBECONFIG: ep.kubeconfig, TZ });
  if (r.exitCode !== 0) throw new Error(`helm ${args.join(' ')}: ${r.stderr}`);
};
const helm = (args: readonly string[]) => helmRun(ep, args);

beforeAll(async () => {
  await writer(['install', name, readApp, '-n', ns, '--create-namespace', '--set', 'message=one']);
  await writer(['upgrade', name, readApp, '-n', ns, '--set', 'message=two', '--set', 'nested.flag=false']);
  // Runs the test hooks, so the text has its TEST SUITE lines with run times.
  await writer(['test', name, '-n', ns, '--timeout', '60s']);
  // No hooks, no notes, no values: the "TEST SUITE: None" and empty-section paths.
  await writer(['install', plain, cmOnly, '-n', ns]);
}, 120_000);

afterAll(async () => {
  await cfg.close();
  await helmRun(ep, ['uninstall', name, plain, '-n', ns, '--ignore-not-found']);
});

async function cliGetAll(extra: readonly string[] = [], release = name): Promise<string> {
  // The reader's zone differs from the writer's too.
  const r = await runHelm(['get', 'all', release, '-n', ns, ...extra], { KUBECONFIG: ep.kubeconfig, TZ: 'Europe/Berlin' });
  expect(r.exitCode, r.stderr).toBe(0);
  return r.stdout;
}

/** Go's time.ANSIC ("Mon Jan _2 15:04:05 2006") of d in the time zone tz. */
function ansic(d: Date, tz: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      weekday: 'short',
      month: 'short',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      year: 'numeric',
      hourCycle: 'h23',
    })
      .formatToParts(d)
      .map((p) => [p.type, p.value]),
  );
  return `${parts.weekday} ${parts.month} ${String(parts.day).padStart(2, ' ')} ${parts.hour}:${parts.minute}:${parts.second} ${parts.year}`;
}

describe('getAll', () => {
  it('gives the text of helm get all byte for byte', async () => {
    const res = await getAll(cfg, { releaseName: name });
    const cli = await cliGetAll();
    expect(res.text).toBe(cli);
    // What makes the comparison worth having: every section is there.
    for (const part of [
      'TEST SUITE:     ',
      'Last Started:',
      'USER-SUPPLIED VALUES:',
      'COMPUTED VALUES:',
      'HOOKS:',
      'MANIFEST:',
      'NOTES:',
    ]) {
      expect(res.text).toContain(part);
    }
    // The date is the release's, in the writer's zone, in Go's time.ANSIC layout.
    expect(res.text).toContain(`\nLAST DEPLOYED: ${ansic(res.lastDeployed as Date, TZ)}\n`);
  });

  it('gives the text of helm get all for a release without hooks, notes or values', async () => {
    const res = await getAll(cfg, { releaseName: plain });
    expect(res.text).toBe(await cliGetAll([], plain));
    expect(res.text).toContain('TEST SUITE: None\n');
    expect(res.text).not.toContain('NOTES:');
    expect(res.config ?? {}).toEqual({});
  });

  it('reads an older revision with revision, as --revision', async () => {
    const res = await getAll(cfg, { releaseName: name, revision: 1 });
    expect(res.revision).toBe(1);
    expect(res.config).toEqual({ message: 'one' });
    expect(res.text).toBe(await cliGetAll(['--revision', '1']));
  });

  it('returns the same data as helm get values, values --all, manifest, notes and hooks', async () => {
    const res = await getAll(cfg, { releaseName: name });
    const [values, all] = await Promise.all([
      helmJson<Record<string, unknown>>(ep, ['get', 'values', name, '-n', ns]),
      helmJson<Record<string, unknown>>(ep, ['get', 'values', name, '-n', ns, '--all']),
    ]);
    expect(res.config).toEqual(values);
    expect(res.computedValues).toEqual(all);
    expect(res.computedValues).not.toEqual(res.config);
    expect(`${res.manifest}\n`).toBe(await helmOk(ep, ['get', 'manifest', name, '-n', ns]));
    expect(`NOTES:\n${res.notes}\n`).toBe(await helmOk(ep, ['get', 'notes', name, '-n', ns]));
    const hooks = (await helm(['get', 'hooks', name, '-n', ns])).stdout;
    for (const h of res.hooks ?? []) expect(hooks).toContain(`# Source: ${h.path}\n${h.manifest}`);
    expect(res.hooks?.filter((h) => h.events.includes('test')).every((h) => h.lastRunPhase === 'Succeeded')).toBe(true);
    expect(res).toMatchObject({ name, namespace: ns, revision: 2, status: 'deployed' });
  });

  it('rejects a missing release and bad options by name', async () => {
    await expect(getAll(cfg, { releaseName: `${id}-nope` })).rejects.toThrow(ReleaseNotFoundError);
    await expect(getAll(cfg, { releaseName: name, revision: 99 })).rejects.toThrow(/revision 99/);
    await expect(getAll(cfg, { releaseName: name, revision: 1.5 })).rejects.toThrow(InvalidArgumentError);
    await expect(getAll(cfg, { releaseName: name, template: '{{.Release.Name}}' } as never)).rejects.toThrow(/unknown option 'template'/);
  });
});
