/**
 * uninstall({ releaseNames }) against `helm uninstall a b c`: in order, one result per release,
 * and on a missing release the CLI's semantics (stop there; the ones before stay uninstalled, the
 * ones after are not attempted).
 */
import type { Endpoints } from '@helm-sdk/testenv';
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Configuration, InvalidArgumentError, install, list, ReleaseNotFoundError, uninstall } from '../src/index.js';
import { cmOnly, helmOk, helmRun, runId } from './read-helpers.js';

const ep: Endpoints = inject('testenv');
const id = runId();
const ns = `unmany-${id}`;
const cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace: ns });
const n = (s: string) => `${id}-${s}`;

beforeAll(async () => {
  await install(cfg, { releaseName: n('a'), chart: cmOnly, createNamespace: true });
  await Promise.all(['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map((s) => install(cfg, { releaseName: n(s), chart: cmOnly })));
}, 120_000);

afterAll(async () => {
  await cfg.close();
  await helmRun(ep, ['uninstall', ...['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h', 'i', 'j'].map(n), '-n', ns, '--ignore-not-found']);
});

const names = async () => (await list(cfg, {})).map((r) => r.name);

describe('uninstall of several releases', () => {
  it('uninstalls each in order and returns one result per release', async () => {
    const res = await uninstall(cfg, { releaseNames: [n('a'), n('b'), n('c')] });
    expect(res.releases.map((r) => r.releaseName)).toEqual([n('a'), n('b'), n('c')]);
    for (const r of res.releases) expect(r.release).toMatchObject({ name: r.releaseName, status: 'uninstalled' });
    const left = await names();
    for (const s of ['a', 'b', 'c']) expect(left).not.toContain(n(s));
    expect(left).toContain(n('d'));
  });

  it('stops at a missing release as the CLI does: earlier ones uninstalled, later ones untouched', async () => {
    const err = await uninstall(cfg, { releaseNames: [n('d'), n('missing'), n('e')] }).catch((e: unknown) => e);
    expect(ReleaseNotFoundError.isInstance(err)).toBe(true);
    expect((err as ReleaseNotFoundError).message).toContain(n('missing'));
    expect((err as ReleaseNotFoundError).details).toMatchObject({
      input: 'releaseNames',
      releaseName: n('missing'),
      uninstalled: [n('d')],
      notAttempted: [n('e')],
    });
    // The reference CLI, same shape: f uninstalled, then the error, g untouched.
    const cli = await helmRun(ep, ['uninstall', n('f'), n('missing'), n('g'), '-n', ns]);
    expect(cli.exitCode).not.toBe(0);
    expect(cli.stdout).toBe(`release "${n('f')}" uninstalled\n`);
    const left = await names();
    expect(left).not.toContain(n('d'));
    expect(left).not.toContain(n('f'));
    expect(left).toContain(n('e'));
    expect(left).toContain(n('g'));
  });

  it('goes on past missing releases with ignoreNotFound, which then have no release', async () => {
    const res = await uninstall(cfg, { releaseNames: [n('e'), n('missing'), n('g')], ignoreNotFound: true });
    expect(res.releases.map((r) => [r.releaseName, r.release?.status])).toEqual([
      [n('e'), 'uninstalled'],
      [n('missing'), undefined],
      [n('g'), 'uninstalled'],
    ]);
    const cli = await helmRun(ep, ['uninstall', n('h'), n('missing'), n('i'), '-n', ns, '--ignore-not-found']);
    expect(cli.exitCode, cli.stderr).toBe(0);
    expect(await names()).toEqual([n('j')]);
  });

  it('keeps history for each with keepHistory', async () => {
    const res = await uninstall(cfg, { releaseNames: [n('j')], keepHistory: true });
    expect(res.releases[0]?.release?.status).toBe('uninstalled');
    expect((await list(cfg, { uninstalled: true })).map((r) => r.name)).toEqual([n('j')]);
    expect(await helmOk(ep, ['status', n('j'), '-n', ns])).toContain('STATUS: uninstalled');
  });

  it('checks every name before uninstalling any', async () => {
    await install(cfg, { releaseName: n('k'), chart: cmOnly });
    const err = await uninstall(cfg, { releaseNames: [n('k'), 'Not_A_Name'] }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect((err as InvalidArgumentError).message).toContain('releaseNames[1]');
    expect((err as InvalidArgumentError).message).toContain('Not_A_Name');
    expect(await names()).toContain(n('k'));
    await uninstall(cfg, { releaseName: n('k') });
  });

  it('rejects an empty list, a mixed call and a non-string name by option name', async () => {
    await expect(uninstall(cfg, { releaseNames: [] })).rejects.toThrow(/'releaseNames' must name at least one release/);
    await expect(uninstall(cfg, { releaseNames: [n('a')], releaseName: n('a') } as never)).rejects.toThrow(/unknown option 'releaseName'/);
    await expect(uninstall(cfg, { releaseNames: [n('a'), 7] } as never)).rejects.toThrow(/'releaseNames' must be an array of strings/);
  });
});
