/**
 * TLS verification is on by default for charts a release call fetches, and turning it off is
 * explicit and loud (issue 7, Security): `template` of a chart in the TLS repository of the test
 * environment fails with a typed error without `caFile`, and with `insecureSkipTlsVerify` renders
 * and logs one warning naming the option and the host.
 */
import { afterAll, describe, expect, inject, it } from 'vitest';
import { Configuration, InvalidArgumentError, type LogEntry, template } from '../src/index.js';

const ep = inject('testenv');
const logs: LogEntry[] = [];
const cfg = new Configuration({ kubeconfig: ep.kubeconfig, logger: (e) => logs.push(e) });
afterAll(() => cfg.close());
const warnings = () => logs.filter((e) => e.level === 'warn').map((e) => e.message);
const source = { chart: 'testenv-app', repo: ep.repos.tls.url, releaseName: 'tls' } as const;

describe('TLS of charts fetched by release calls', () => {
  it('is verified by default', async () => {
    const error = await template(cfg, source).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(error), String(error)).toBe(true);
    expect((error as Error).message).toMatch(/certificate signed by unknown authority/);
    expect(warnings()).toEqual([]);
  });

  it('can be turned off explicitly, with one warning naming the option and the host', async () => {
    const r = await template(cfg, { ...source, insecureSkipTlsVerify: true });
    expect(r.manifest).toContain('testenv-app');
    expect(warnings()).toEqual([
      `template: option 'insecureSkipTlsVerify' is on: does not verify the server certificate (${new URL(ep.repos.tls.url).host})`,
    ]);
  });
});
