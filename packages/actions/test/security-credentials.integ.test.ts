/**
 * The kube bearer token never leaks (issue 7, Security): a release lifecycle run through a
 * kubeconfig that authenticates with a ServiceAccount token (tools/testenv/src/service-account.ts),
 * given as a path and as `kubeconfigData`, on an engine in debug mode, plus a refused token. The
 * suite-wide leak guard (tools/test-utils/src/leak-guard.ts) scans every log line, event, result and
 * error for the token; this file also proves the guard catches a planted canary.
 */

import { fileURLToPath } from 'node:url';
import { addSecret, leakGuardStats, leakHits, takeHits } from '@helm-sdk/test-utils/leak-guard';
import { serviceAccountKubeconfig } from '@helm-sdk/testenv/service-account';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Configuration, getValues, install, KubeUnreachableError, list, ping, status, uninstall } from '../src/index.js';
import { uniqueNamespace } from './write-helpers.js';

const ep = inject('testenv');
const cmOnly = fileURLToPath(new URL('./charts/cm-only', import.meta.url));
const namespace = uniqueNamespace('sdk-token');
const open: Configuration[] = [];
const configuration = (options: ConstructorParameters<typeof Configuration>[0]) => {
  const cfg = new Configuration(options);
  open.push(cfg);
  return cfg;
};
afterAll(() => Promise.all(open.map((cfg) => cfg.close())));

describe('a kube bearer token', () => {
  it('installs, lists, reads and uninstalls through a token kubeconfig without the token appearing anywhere', async () => {
    const token = await serviceAccountKubeconfig(ep);
    const before = leakGuardStats();
    const logs: string[] = [];
    for (const options of [{ kubeconfig: token.kubeconfig }, { kubeconfigData: token.kubeconfigData }]) {
      const cfg = configuration({ ...options, logger: (e) => logs.push(e.message) });
      // Debug: the engine and Helm's kube client log the most they ever log.
      await cfg.call('engine.configure', { ...options, debug: true });
      const releaseName = `tok-${open.length}`;
      const events: unknown[] = [];
      const rel = await install(cfg, {
        chart: cmOnly,
        releaseName,
        namespace,
        createNamespace: true,
        waitStrategy: 'watcher',
        timeout: 60_000,
        onEvent: (e) => events.push(e),
      });
      expect(rel.status).toBe('deployed');
      expect(events.length).toBeGreaterThan(0);
      expect((await list(cfg, { namespace })).map((r) => r.name)).toContain(releaseName);
      expect((await status(cfg, { releaseName, namespace })).status).toBe('deployed');
      expect(await getValues(cfg, { releaseName, namespace })).toEqual({});
      expect((await uninstall(cfg, { releaseName, namespace })).release?.status).toBe('uninstalled');
    }
    const seen = leakGuardStats();
    expect(seen.results - before.results).toBeGreaterThanOrEqual(12);
    expect(seen.events - before.events).toBeGreaterThan(0);
    expect(leakHits()).toEqual([]);
  });

  it('is refused without being named in the error', async () => {
    const bogus = 'eyJhbGciOiJSUzI1NiJ9.bogus-token-for-the-leak-guard.c2lnbmF0dXJl';
    addSecret(bogus, 'the refused token');
    const { kubeconfigData } = await serviceAccountKubeconfig(ep);
    const cfg = configuration({ kubeconfigData: kubeconfigData.replace(/token: \S+/, `token: ${bogus}`), logger: () => {} });
    const error = await list(cfg, { namespace }).catch((e: unknown) => e);
    expect(KubeUnreachableError.isInstance(error), String(error)).toBe(true);
    expect(String((error as Error).message)).toMatch(/Unauthorized|unauthorized|credentials/);
    expect(leakHits()).toEqual([]);
  });

  it('would be caught by the leak guard: a canary in a result is reported', async () => {
    const canary = 'canary-credential-0b9e4f';
    addSecret(canary, 'the canary');
    const cfg = configuration({ kubeconfig: ep.kubeconfig });
    await ping(cfg, { payload: { note: `it is ${canary}` } });
    await ping(cfg, { payload: Buffer.from(canary).toString('base64') });
    const caught = takeHits('the canary');
    expect(caught.length).toBe(2);
    expect(caught.join('\n')).not.toContain(canary);
    expect(caught.join('\n')).toContain('<CREDENTIAL>');
  });
});
