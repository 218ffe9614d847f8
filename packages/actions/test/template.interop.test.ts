/**
 * `template` must print what `helm template` prints, byte for byte, for every interop case in
 * tools/fixtures/cases.json and for `helm create`'s default chart. The reference CLI is built
 * from the engine's exact Helm version (tools/helm-cli/build.sh).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { isolatedEnv, loadCases, repoRoot, runHelm, templateArgsToOptions } from '@helm-sdk/test-utils';
import { afterAll, describe, expect, it } from 'vitest';
import { Configuration, HelmError, template } from '../src/index.js';

// The engine gets the same isolated environment as the reference CLI.
const cfg = new Configuration({ env: isolatedEnv, cwd: repoRoot });
afterAll(() => cfg.close());

const cases = loadCases().filter((c) => c.args !== undefined || c.expectError);

describe('template matches helm template', () => {
  it('has enough cases to mean something', () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  for (const c of cases) {
    it(c.name, async () => {
      const args = c.args ?? [];
      const options = templateArgsToOptions(args);
      const releaseArgs = c.releaseName ? [c.releaseName] : [];
      const cli = await runHelm(['template', ...releaseArgs, c.chart, ...args]);
      const sdk = await template(cfg, {
        chart: c.chart,
        ...(c.releaseName ? { releaseName: c.releaseName } : {}),
        ...options,
      }).catch((e: unknown) => e);

      if (c.expectError) {
        expect(cli.exitCode).not.toBe(0);
        expect(HelmError.isInstance(sdk)).toBe(true);
        if (c.nondeterministicStderr) return;
        // The CLI prints "Error: <message>"; the SDK's message is that message.
        const first = (sdk as HelmError).message.split('\n')[0] as string;
        expect(cli.stderr).toContain(first);
        return;
      }
      expect(cli.exitCode, cli.stderr).toBe(0);
      if (!(typeof sdk === 'object' && sdk !== null && 'manifest' in sdk)) throw sdk;
      expect(sdk.manifest).toBe(cli.stdout);
    });
  }

  it("matches for helm create's default chart", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-create-'));
    const created = await runHelm(['create', join(dir, 'webapp')]);
    expect(created.exitCode, created.stderr).toBe(0);
    const chart = join(dir, 'webapp');
    for (const extra of [[], ['--set', 'ingress.enabled=true', '--set', 'autoscaling.enabled=true']]) {
      const cli = await runHelm(['template', 'web', chart, ...extra]);
      expect(cli.exitCode, cli.stderr).toBe(0);
      const sdk = await template(cfg, { chart, releaseName: 'web', ...templateArgsToOptions(extra) });
      expect(sdk.manifest).toBe(cli.stdout);
    }
  });
});
