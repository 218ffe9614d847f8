/**
 * A registry that speaks plain HTTP, used without plainHttp: Helm asks over TLS and Go answers
 * "server gave HTTP response to HTTPS client". The SDK said CHART_NOT_FOUND, which sends users
 * looking for a chart that is there; it is INVALID_ARGUMENT naming plainHttp and saying what to
 * pass (issue 11, section 5). The testenv registries are plain HTTP.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { type Configuration, InvalidArgumentError, loadChart, pullChart, pushChart, showChart } from '../src/index.js';
import { env, sdk } from './setup.js';

const open = env.registries.open;
const ref = `${open.url}/charts/testenv-app`;
const { cfg }: { cfg: Configuration } = sdk();
afterAll(() => cfg.close());

function expectPlainHttpHint(e: unknown): void {
  expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
  const err = e as InvalidArgumentError;
  expect(err.details.input).toBe('plainHttp');
  expect(err.details.url).toBe(open.host);
  expect(err.message).toContain(`${open.host} answered plain HTTP to an HTTPS request; pass plainHttp: true`);
}

describe('a plain-HTTP registry used without plainHttp', () => {
  it('pullChart rejects with InvalidArgumentError naming plainHttp, and pulls with it', async () => {
    expectPlainHttpHint(await pullChart(cfg, { chart: ref, version: '0.1.0', returnBytes: true }).catch((e: unknown) => e));
    const ok = await pullChart(cfg, { chart: ref, version: '0.1.0', returnBytes: true, plainHttp: true });
    expect(ok).toMatchObject({ name: 'testenv-app', version: '0.1.0' });
  });

  it('showChart and loadChart (which locate the chart as install and template do) say the same', async () => {
    expectPlainHttpHint(await showChart(cfg, { chart: ref, version: '0.1.0', what: 'chart' }).catch((e: unknown) => e));
    expectPlainHttpHint(await loadChart(cfg, { chart: ref, version: '0.1.0' }).catch((e: unknown) => e));
    expect((await loadChart(cfg, { chart: ref, version: '0.1.0', plainHttp: true })).metadata.name).toBe('testenv-app');
  });

  it('an https:// repository URL for a plain-HTTP chart repository says to use its http:// URL', async () => {
    const https = env.repos.plain.url.replace(/^http:/, 'https:');
    const e = await pullChart(cfg, { chart: 'testenv-app', repo: https, returnBytes: true }).catch((err: unknown) => err);
    expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
    expect((e as InvalidArgumentError).details).toMatchObject({ input: 'repo', url: https });
    expect((e as InvalidArgumentError).message).toContain(`${https} answered plain HTTP to an HTTPS request; use its http:// URL`);
  });

  it('pushChart says the same', async () => {
    const { data } = await pullChart(cfg, { chart: ref, version: '0.1.0', returnBytes: true, plainHttp: true });
    expectPlainHttpHint(
      await pushChart(cfg, { chart: data ?? new Uint8Array(), remote: `${open.url}/plain-http-check` }).catch((e: unknown) => e),
    );
  });
});
