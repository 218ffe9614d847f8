/**
 * A kubeconfig *file* that turns off TLS verification of the API server warns too (issue 7,
 * Security): the SDK does not read kubeconfig files, the engine does, and logs one `warn` entry
 * (source `engine`) per call naming the host. The file is the test environment's admin kubeconfig
 * with its CA replaced by `insecure-skip-tls-verify: true`.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Configuration, type LogEntry, list } from '../src/index.js';

const ep = inject('testenv');
const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-insecure-kc-'));
const insecureKubeconfig = join(dir, 'kubeconfig');
const original = readFileSync(ep.kubeconfig, 'utf8');
const patched = original.replace(/^(\s*)certificate-authority(-data)?:.*$/m, '$1insecure-skip-tls-verify: true');
writeFileSync(insecureKubeconfig, patched, { mode: 0o600 });

const open: Configuration[] = [];
afterAll(async () => {
  await Promise.all(open.map((cfg) => cfg.close()));
  rmSync(dir, { recursive: true, force: true });
});
const withLogs = (kubeconfig: string) => {
  const logs: LogEntry[] = [];
  const cfg = new Configuration({ kubeconfig, logger: (e) => logs.push(e) });
  open.push(cfg);
  return { cfg, warnings: () => logs.filter((e) => e.level === 'warn') };
};

describe('insecure-skip-tls-verify in a kubeconfig file', () => {
  const host = new URL(ep.apiServer).host;

  it('is the test set-up: the CA was replaced by the opt-out', () => {
    expect(patched).not.toBe(original);
    expect(patched).toMatch(/^\s*insecure-skip-tls-verify: true$/m);
    expect(patched).not.toMatch(/certificate-authority/);
  });

  it('lists, with one warning from the engine naming the host, per call', async () => {
    const { cfg, warnings } = withLogs(insecureKubeconfig);
    expect(Array.isArray(await list(cfg, { allNamespaces: true }))).toBe(true);
    expect(warnings()).toHaveLength(1);
    const [w] = warnings();
    expect(w?.source).toBe('engine');
    expect(w?.message).toContain("the kubeconfig sets 'insecure-skip-tls-verify: true'");
    expect(w?.message).toContain(`(${host})`);
    await list(cfg, {});
    expect(warnings()).toHaveLength(2);
  });

  it('is silent with the original kubeconfig (CA verified)', async () => {
    const { cfg, warnings } = withLogs(ep.kubeconfig);
    await list(cfg, { allNamespaces: true });
    expect(warnings()).toEqual([]);
  });
});
