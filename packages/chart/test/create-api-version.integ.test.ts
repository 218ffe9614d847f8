/**
 * createChart({ chartApiVersion }) against `helm create --chart-api-version`: v3 charts sit behind
 * Helm's feature gate HELM_EXPERIMENTAL_CHART_V3, which the engine reads from its environment as
 * the CLI reads its own.
 */
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { makeHelmHome, runHelm } from '@helm-sdk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { createChart, InvalidArgumentError } from '../src/index.js';
import { sdk } from './setup.js';

const GATE = 'HELM_EXPERIMENTAL_CHART_V3';
const tmp = () => mkdtempSync(join(tmpdir(), 'helm-sdk-create-v3-'));
const walk = (dir: string) =>
  readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
// values.yaml without its comments: the only lines where Helm's v3 scaffold may differ.
const withoutComments = (s: string) =>
  s
    .split('\n')
    .filter((l) => !/^\s*#/.test(l))
    .join('\n');

const home = makeHelmHome();
const homeEnv = {
  HELM_CONFIG_HOME: join(home.dir, 'config'),
  HELM_CACHE_HOME: join(home.dir, 'cache'),
  HELM_DATA_HOME: join(home.dir, 'data'),
};
const off = sdk(home).cfg;
const on = sdk(home, { env: { ...homeEnv, [GATE]: '1' } }).cfg;
afterAll(async () => {
  await off.close();
  await on.close();
});

describe('createChart chartApiVersion', () => {
  it("rejects v3 without the gate with Helm's gate message, as helm create does", async () => {
    const dir = tmp();
    const err = await createChart(off, { name: join(dir, 'c3'), chartApiVersion: 'v3' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err)).toBe(true);
    expect((err as InvalidArgumentError).details.input).toBe('chartApiVersion');
    const cli = await runHelm(['create', join(dir, 'cli'), '--chart-api-version', 'v3'], home.env);
    expect(cli.exitCode).not.toBe(0);
    expect(cli.stderr).toContain((err as Error).message.replace(/ \(input: .*\)$/, ''));
    expect((err as Error).message).toContain(`Please set ${GATE}=1`);
    expect(walk(dir)).toEqual([]);
  });

  it('creates a v3 chart with the gate: Chart.yaml and templates as helm create writes them', async () => {
    const sdkDir = tmp();
    const cliDir = tmp();
    const res = await createChart(on, { name: join(sdkDir, 'c3'), chartApiVersion: 'v3' });
    const cli = await runHelm(['create', join(cliDir, 'c3'), '--chart-api-version', 'v3'], { ...home.env, [GATE]: '1' });
    expect(cli.exitCode, cli.stderr).toBe(0);
    const files = walk(join(cliDir, 'c3'));
    expect(walk(res.path)).toEqual(files);
    const chartYaml = readFileSync(join(res.path, 'Chart.yaml'), 'utf8');
    expect(chartYaml.startsWith('apiVersion: v3\n')).toBe(true);
    for (const f of files) {
      const mine = readFileSync(join(res.path, f), 'utf8');
      const theirs = readFileSync(join(cliDir, 'c3', f), 'utf8');
      if (f === 'values.yaml') expect(withoutComments(mine), f).toBe(withoutComments(theirs));
      else expect(mine, f).toBe(theirs);
    }
  });

  it('creates v2 by default and with v2, gate or not', async () => {
    const dir = tmp();
    for (const [cfg, name, opts] of [
      [off, 'plain', {}],
      [on, 'explicit', { chartApiVersion: 'v2' as const }],
    ] as const) {
      const res = await createChart(cfg, { name: join(dir, name), ...opts });
      expect(readFileSync(join(res.path, 'Chart.yaml'), 'utf8').startsWith('apiVersion: v2\n')).toBe(true);
    }
  });

  it('rejects another version before calling the engine', async () => {
    await expect(createChart(on, { name: join(tmp(), 'x'), chartApiVersion: 'v1' } as never)).rejects.toThrow(
      /option 'chartApiVersion' must be one of 'v2', 'v3'/,
    );
  });
});
