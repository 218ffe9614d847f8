/**
 * `lintChart` and `showChart` against the reference `helm` CLI for every fixture chart:
 * the same messages and verdict as `helm lint`, the same text as `helm show`.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { isolatedEnv, loadCases, repoRoot, runHelm, templateArgsToOptions } from '@helm-sdk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { Configuration, lintChart, showChart } from '../src/index.js';

// The engine gets the same isolated environment as the reference CLI.
const cfg = new Configuration({ env: isolatedEnv, cwd: repoRoot });
afterAll(() => cfg.close());

const chartsDir = 'tools/fixtures/charts';
const charts = readdirSync(join(repoRoot, chartsDir), { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => `${chartsDir}/${d.name}`);

describe('lintChart matches helm lint', () => {
  it('covers at least 10 charts', () => {
    expect(charts.length).toBeGreaterThanOrEqual(10);
  });

  const lintCases = [
    ...charts.map((chart) => ({ name: chart, chart, lintArgs: [] as readonly string[] })),
    ...loadCases()
      .filter((c) => c.lintArgs !== undefined)
      .map((c) => ({ name: `${c.name} (lint ${c.lintArgs?.join(' ')})`, chart: c.chart, lintArgs: c.lintArgs ?? [] })),
  ];
  for (const c of lintCases) {
    it(c.name, async () => {
      const cli = await runHelm(['lint', c.chart, ...c.lintArgs]);
      const { releaseName: _r, ...options } = templateArgsToOptions(c.lintArgs);
      const sdk = await lintChart(cfg, { chart: c.chart, ...options });
      expect(sdk.ok).toBe(cli.exitCode === 0);
      // The CLI prints, per linted chart (subcharts too with --with-subcharts), "==> Linting <path>",
      // one "[SEVERITY] path: message" line per message, then a blank line; the summary follows
      // the last block on success. Messages may contain blank lines themselves.
      const blocks = cli.stdout.split(/^==> Linting [^\n]*\n/m).slice(1);
      const printed = blocks
        .map((block, i) => {
          const body = i === blocks.length - 1 ? block.replace(/\d+ chart\(s\) linted, \d+ chart\(s\) failed\n$/, '') : block;
          return body.slice(0, -1);
        })
        .join('');
      // With --quiet the engine drops the info messages itself, as the CLI does.
      if (options.quiet) expect(sdk.messages.some((m) => m.severity === 'info')).toBe(false);
      const expected = sdk.messages.map((m) => `[${m.severity.toUpperCase()}] ${m.path}: ${m.message}\n`).join('');
      expect(expected).toBe(printed);
    });
  }
});

describe('showChart matches helm show', () => {
  const whats = ['all', 'chart', 'values', 'readme', 'crds'] as const;
  for (const chart of charts) {
    it(chart, async () => {
      for (const what of whats) {
        const cli = await runHelm(['show', what, chart]);
        const sdk = await showChart(cfg, { chart, what }).catch((e: unknown) => e);
        if (cli.exitCode !== 0) {
          expect(sdk).toBeInstanceOf(Error);
          continue;
        }
        expect(sdk, `helm show ${what} ${chart}`).toBe(cli.stdout);
      }
    });
  }
});
