/**
 * `template` options that change where and how it renders, without a cluster (issue 11,
 * section 4), each against the reference `helm` CLI built from the engine's Helm version:
 * - `outputDir` (`--output-dir`, `--release-name`): the file tree byte for byte;
 * - `enableDns` (`--enable-dns`): `getHostByName` resolves.
 * Rendering against the cluster (`dryRun: 'server'`, `validate`) is in template-cluster.integ.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { isolatedEnv, loadCases, repoRoot, runHelm, templateArgsToOptions } from '@helm-sdk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { Configuration, template } from '../src/index.js';

const clusterChart = fileURLToPath(new URL('./charts/cluster-render', import.meta.url));

// The same isolated environment as the reference CLI, as template.interop.test.ts does.
const local = new Configuration({ env: isolatedEnv, cwd: repoRoot });
afterAll(() => local.close());

/** Every file under dir, by path relative to it, with its bytes. */
function tree(dir: string): Record<string, Buffer> {
  const out: Record<string, Buffer> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out[relative(dir, p)] = readFileSync(p);
    }
  };
  walk(dir);
  return out;
}

/** The CLI's stdout without the `wrote <file>` lines it prints for --output-dir. */
const withoutWrote = (stdout: string) => stdout.replace(/^wrote .*\n/gm, '');

describe('template outputDir writes files as helm template --output-dir', () => {
  // --show-only picks from stdout, not from the files; failing cases write nothing useful.
  const cases = loadCases().filter((c) => c.args !== undefined && !c.expectError && !c.args.some((a) => a === '-s' || a === '--show-only'));

  it('has cases with subcharts, CRDs and hooks', () => {
    expect(cases.map((c) => c.name)).toEqual(expect.arrayContaining(['parent-include-crds-alias', 'hooks-default', 'crds-include-crds']));
  });

  for (const c of cases) {
    it(c.name, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-outdir-'));
      const args = c.args ?? [];
      const releaseArgs = c.releaseName ? [c.releaseName] : [];
      const cli = await runHelm(['template', ...releaseArgs, c.chart, ...args, '--output-dir', join(dir, 'cli')]);
      expect(cli.exitCode, cli.stderr).toBe(0);
      const sdk = await template(local, {
        chart: c.chart,
        ...(c.releaseName ? { releaseName: c.releaseName } : {}),
        ...templateArgsToOptions(args),
        outputDir: join(dir, 'sdk'),
      });
      const cliTree = tree(join(dir, 'cli'));
      expect(Object.keys(cliTree).length).toBeGreaterThan(0);
      expect(tree(join(dir, 'sdk'))).toEqual(cliTree);
      expect(sdk.manifest).toBe(withoutWrote(cli.stdout));
    });
  }

  it('useReleaseName (--release-name) writes under <outputDir>/<release>, and a second run appends hooks as the CLI does', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-outdir-'));
    const chart = 'tools/fixtures/charts/hooks';
    for (let run = 0; run < 2; run++) {
      const cli = await runHelm(['template', 'web', chart, '--output-dir', join(dir, 'cli'), '--release-name']);
      expect(cli.exitCode, cli.stderr).toBe(0);
      await template(local, { chart, releaseName: 'web', outputDir: join(dir, 'sdk'), useReleaseName: true });
    }
    const cliTree = tree(join(dir, 'cli'));
    expect(Object.keys(cliTree).every((p) => p.startsWith(join('web', 'hooks')))).toBe(true);
    expect(tree(join(dir, 'sdk'))).toEqual(cliTree);
  });

  it('resolves a relative outputDir against the Configuration cwd', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'helm-sdk-outdir-cwd-'));
    await using cfg = new Configuration({ env: isolatedEnv, cwd });
    const chart = join(repoRoot, 'tools/fixtures/charts/crds');
    await template(cfg, { chart, outputDir: 'out', includeCrds: true });
    await template(cfg, { chart, outputDir: join(cwd, 'absolute'), includeCrds: true });
    const written = tree(join(cwd, 'out'));
    expect(Object.keys(written).length).toBeGreaterThan(0);
    expect(written).toEqual(tree(join(cwd, 'absolute')));
  });
});

describe('template enableDns', () => {
  it('lets getHostByName resolve; without it the function returns "" (both as the CLI)', async () => {
    const off = await template(local, { chart: clusterChart, releaseName: 'r' });
    expect(off.manifest).toContain('host: ""');
    const on = await template(local, { chart: clusterChart, releaseName: 'r', enableDns: true });
    expect(on.manifest).toContain('host: "127.0.0.1"');
    for (const [sdk, extra] of [
      [off, []],
      [on, ['--enable-dns']],
    ] as const) {
      const cli = await runHelm(['template', 'r', clusterChart, ...extra]);
      expect(cli.exitCode, cli.stderr).toBe(0);
      expect(sdk.manifest).toBe(cli.stdout);
    }
  });
});
