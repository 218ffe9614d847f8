/**
 * TLS verification is on by default for chart downloads, and turning it off is explicit and loud
 * (issue 7, Security): against the TLS chart repository of the test environment (its own CA),
 * `pullChart` and `showChart` without `caFile` are refused with a typed error; with the CA they
 * work silently; with `insecureSkipTlsVerify` they work and log one warning per call naming the
 * option and the host. A plain-HTTP push warns the same way.
 */
import type { LogEntry } from '@helm-sdk/core';
import { afterAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, pullChart, pushChart, showChart } from '../src/index.js';
import { env, sdk } from './setup.js';

const logs: LogEntry[] = [];
const { cfg, home } = sdk(undefined, { logger: (e) => logs.push(e) });
afterAll(async () => {
  await cfg.close();
  home.remove();
});
const warnings = () => logs.filter((e) => e.level === 'warn').map((e) => e.message);
const tls = env.repos.tls;
const tlsHost = new URL(tls.url).host;
const source = { chart: 'testenv-app', repo: tls.url } as const;

describe('TLS of chart downloads', () => {
  it('is verified by default: pull and show from a repository signed by an unknown CA fail with a typed error', async () => {
    // Thunks, not promises: a second call already running would reject unobserved meanwhile.
    for (const call of [() => pullChart(cfg, { ...source, returnBytes: true }), () => showChart(cfg, { ...source, what: 'chart' })]) {
      const error = await call().catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
      expect((error as Error).message).toMatch(/certificate signed by unknown authority/);
    }
    expect(warnings()).toEqual([]);
  });

  it('passes with the CA given, without a warning', async () => {
    const pulled = await pullChart(cfg, { ...source, caFile: tls.caFile ?? '', returnBytes: true });
    expect(pulled).toMatchObject({ name: 'testenv-app', version: '0.1.0' });
    expect(pulled.data?.length).toBeGreaterThan(0);
    expect(warnings()).toEqual([]);
  });

  it('can be turned off per call, and each such call logs one warning naming the option and the host', async () => {
    const pulled = await pullChart(cfg, { ...source, insecureSkipTlsVerify: true, returnBytes: true });
    expect(pulled.name).toBe('testenv-app');
    expect(await showChart(cfg, { ...source, insecureSkipTlsVerify: true, what: 'chart' })).toContain('name: testenv-app');
    expect(warnings()).toEqual([
      `pullChart: option 'insecureSkipTlsVerify' is on: does not verify the server certificate (${tlsHost})`,
      `showChart: option 'insecureSkipTlsVerify' is on: does not verify the server certificate (${tlsHost})`,
    ]);
  });

  it('warns for a plain-HTTP push, naming the registry', async () => {
    logs.length = 0;
    const open = env.registries.open;
    const r = await pushChart(cfg, { chart: env.charts[0]?.archive ?? '', remote: `${open.url}/tls-check`, plainHttp: true });
    expect(r.name).toBe('testenv-app');
    expect(warnings()).toEqual([
      `pushChart: option 'plainHttp' is on: uses plain HTTP without TLS, so charts and credentials travel unencrypted (${open.host})`,
    ]);
  });
});
