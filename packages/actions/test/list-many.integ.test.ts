/**
 * list over 100 releases (made by the reference helm CLI from a one-ConfigMap chart, 8 at a
 * time): all of them come back, in the CLI's order, and paging walks through them.
 */
import type { Endpoints } from '@helm-sdk/testenv';
import type {} from '@helm-sdk/testenv/global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { Configuration, list } from '../src/index.js';
import { cmOnly, helmJson, helmOk, helmRun, pool, runId } from './read-helpers.js';

const ep: Endpoints = inject('testenv');
const id = runId();
const ns = `many-${id}`;
const count = 100;
const releaseNames = Array.from({ length: count }, (_, i) => `r${String(i).padStart(3, '0')}`);
const cfg = new Configuration({ kubeconfig: ep.kubeconfig, namespace: ns });

beforeAll(async () => {
  await helmOk(ep, ['install', 'r000', cmOnly, '-n', ns, '--create-namespace']);
  await pool(releaseNames.slice(1), 8, (n) => helmOk(ep, ['install', n, cmOnly, '-n', ns, '--set', `n=${n}`]));
}, 240_000);

afterAll(async () => {
  await cfg.close();
  await pool(releaseNames, 16, (n) => helmRun(ep, ['uninstall', n, '-n', ns, '--ignore-not-found']));
}, 240_000);

describe('list with 100 releases', () => {
  it('returns all of them in the CLI order', async () => {
    const [sdk, cli] = await Promise.all([list(cfg), helmJson<{ name: string; revision: string }[]>(ep, ['list', '-n', ns])]);
    expect(sdk.map((r) => r.name)).toEqual(releaseNames);
    expect(sdk.map((r) => r.name)).toEqual(cli.map((r) => r.name));
    expect(sdk.every((r) => r.status === 'deployed' && r.revision === 1 && r.chart.name === 'cm-only')).toBe(true);
  });

  it('pages with limit and offset like helm list --max --offset', async () => {
    const pages: string[] = [];
    for (let offset = 0; offset < count; offset += 30) {
      const page = await list(cfg, { limit: 30, offset });
      pages.push(...page.map((r) => r.name));
    }
    expect(pages).toEqual(releaseNames);
    const [sdk, cli] = await Promise.all([
      list(cfg, { limit: 10, offset: 95 }),
      helmJson<{ name: string }[]>(ep, ['list', '-n', ns, '--max', '10', '--offset', '95']),
    ]);
    expect(sdk.map((r) => r.name)).toEqual(['r095', 'r096', 'r097', 'r098', 'r099']);
    expect(sdk.map((r) => r.name)).toEqual(cli.map((r) => r.name));
  });

  it('takes well under a second per call when warm', async () => {
    await list(cfg);
    const t0 = performance.now();
    for (let i = 0; i < 5; i++) await list(cfg);
    const ms = (performance.now() - t0) / 5;
    expect(ms).toBeLessThan(1000);
  });
});
