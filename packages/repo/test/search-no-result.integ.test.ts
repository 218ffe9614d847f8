/**
 * searchRepos({ failOnNoResult }) against `helm search repo --fail-on-no-result`.
 */
import type { HelmHome } from '@helm-sdk/test-utils';
import { runHelm } from '@helm-sdk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addRepo, ChartNotFoundError, type Configuration, searchRepos } from '../src/index.js';
import { env, sdk } from './setup.js';

let cfg: Configuration;
let home: HelmHome;
beforeAll(async () => {
  ({ cfg, home } = sdk());
  await addRepo(cfg, { name: 'plain', url: env.repos.plain.url });
});
afterAll(() => cfg.close());

describe('searchRepos failOnNoResult', () => {
  it('rejects with ChartNotFoundError naming the keyword when nothing matches, as the CLI fails', async () => {
    const err = await searchRepos(cfg, { keyword: 'no-such-chart-anywhere', failOnNoResult: true }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(err)).toBe(true);
    expect((err as ChartNotFoundError).message).toBe('no results found for keyword "no-such-chart-anywhere"');
    expect((err as ChartNotFoundError).details).toMatchObject({ input: 'keyword', keyword: 'no-such-chart-anywhere' });
    const cli = await runHelm(['search', 'repo', 'no-such-chart-anywhere', '--fail-on-no-result'], home.env);
    expect(cli.exitCode).not.toBe(0);
    expect(cli.stderr).toContain('no results found');
  });

  it('counts hits after the version constraint, as the CLI', async () => {
    const opts = { keyword: 'testenv', version: '>=999.0.0' };
    expect((await searchRepos(cfg, opts)).charts).toEqual([]);
    await expect(searchRepos(cfg, { ...opts, failOnNoResult: true })).rejects.toThrow(ChartNotFoundError);
    const cli = await runHelm(['search', 'repo', 'testenv', '--version', '>=999.0.0', '--fail-on-no-result'], home.env);
    expect(cli.exitCode).not.toBe(0);
  });

  it('resolves as usual when something matches, and without the option when nothing does', async () => {
    const hits = await searchRepos(cfg, { keyword: 'testenv', failOnNoResult: true });
    expect(hits.charts.length).toBeGreaterThan(0);
    expect((await searchRepos(cfg, { keyword: 'no-such-chart-anywhere' })).charts).toEqual([]);
  });
});
