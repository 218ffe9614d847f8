/**
 * listDependencies' status with a repository URL longer than the CLI's table: `helm dependency
 * list` cuts its columns at 80 characters, so reading the status back from that table (what the
 * engine did before) gave pieces of the URL as the status. The engine now computes it as Helm does.
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HelmHome, runHelm } from '@helm-sdk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Configuration, createChart, listDependencies } from '../src/index.js';
import { env, sdk } from './setup.js';

let cfg: Configuration;
let home: HelmHome;
beforeAll(() => {
  ({ cfg, home } = sdk());
});
afterAll(() => cfg.close());

const longUrl = `https://charts.example.com/${'a-rather-long-path-segment/'.repeat(5)}stable`;

/** A chart depending on testenv-app (its archive in charts/) and on a chart that is missing. */
async function chartWithDeps(url: string): Promise<string> {
  const app = env.charts.find((c) => c.name === 'testenv-app');
  if (!app) throw new Error('no testenv-app fixture chart');
  const { path } = await createChart(cfg, { name: join(mkdtempSync(join(tmpdir(), 'helm-sdk-deps-')), 'withdeps') });
  writeFileSync(
    join(path, 'Chart.yaml'),
    `apiVersion: v2\nname: withdeps\nversion: 0.1.0\ndependencies:\n` +
      `  - {name: testenv-app, version: "${app.version}", repository: "${url}"}\n` +
      `  - {name: not-there, version: "1.0.0", repository: "${url}"}\n` +
      `  - {name: testenv-app-old, version: "^9.0.0", repository: "${url}"}\n`,
  );
  mkdirSync(join(path, 'charts'), { recursive: true });
  copyFileSync(app.archive, join(path, 'charts', `testenv-app-${app.version}.tgz`));
  return path;
}

describe('listDependencies status', () => {
  it('is right for a repository URL longer than the CLI table, and the same as for a short one', async () => {
    const short = await listDependencies(cfg, { chart: await chartWithDeps('https://c.example/r') });
    const long = await listDependencies(cfg, { chart: await chartWithDeps(longUrl) });
    expect(long.dependencies.map((d) => [d.name, d.repository, d.status])).toEqual([
      ['testenv-app', longUrl, 'ok'],
      ['not-there', longUrl, 'missing'],
      ['testenv-app-old', longUrl, 'missing'],
    ]);
    expect(long.dependencies.map((d) => d.status)).toEqual(short.dependencies.map((d) => d.status));
  });

  it('agrees with helm dependency list where its table is readable, which it is not for the long URL', async () => {
    const chart = await chartWithDeps('https://c.example/r');
    const res = await listDependencies(cfg, { chart });
    const cli = await runHelm(['dependency', 'list', chart], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    for (const d of res.dependencies) {
      expect(cli.stdout).toMatch(
        new RegExp(`^${d.name}\\s+${d.version.replace(/[.^]/g, '\\$&')}\\s+${d.repository}\\s+${d.status}\\s*$`, 'm'),
      );
    }
    const wrapped = await runHelm(['dependency', 'list', await chartWithDeps(longUrl)], home.env);
    expect(wrapped.stdout.split('\n').some((l) => l.includes(longUrl))).toBe(false);
  });
});
