/**
 * Issue 7, "registry or chart repository down mid-pull": the connection dies (or stalls) while
 * the chart archive is on the wire, for real:
 *
 * - an HTTP chart repository served by this test (the test environment's real index.yaml and
 *   .tgz), which sends the headers and half the archive, then cuts the connection, or stalls;
 * - an HTTP proxy in front of the test environment's real OCI registry that passes everything
 *   through but the chart layer's blob, of which it sends half, then cuts the connection.
 *
 * Each pull must fail with a typed error naming the chart and the server, and leave nothing
 * behind: the destination directory, the Helm home (repository cache, content cache) and the
 * engine's temp directory (TMPDIR, private to this suite) list exactly as before, no partial .tgz.
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer, request as httpRequest, type IncomingMessage, type ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type HelmHome, runHelm } from '@helm-sdk/test-utils';
import { type Fault, FaultyServers, listing } from '@helm-sdk/test-utils/faults';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Configuration, HelmSdkError, ping, pullChart, TimeoutError } from '../src/index.js';
import { emitted, env, passwords, sdk } from './setup.js';

const app = env.charts.find((c) => c.name === 'testenv-app') ?? (env.charts[0] as (typeof env.charts)[number]);
const appBytes = readFileSync(app.archive);
const engineTmp = mkdtempSync(join(tmpdir(), 'helm-sdk-pull-faults-tmp-'));
let cfg: Configuration;
let home: HelmHome;
const faulty = new FaultyServers();

beforeAll(() => {
  // the engine's own temp dir, so "no temp files left" is not confused by other suites
  ({ cfg, home } = sdk(undefined, { env: { TMPDIR: engineTmp } }));
  for (const dir of [home.repositoryCache, home.contentCache]) mkdirSync(dir, { recursive: true });
});
afterAll(async () => {
  await cfg?.close();
  await faulty.close();
  rmSync(engineTmp, { recursive: true, force: true });
  for (const p of passwords) expect(emitted.join('\n')).not.toContain(p);
});

/** What a failed pull may not change: the destination, the Helm home, the engine's temp dir. */
function snapshot(dest: string): { dest: string[]; home: string[]; tmp: string[] } {
  return { dest: listing(dest), home: listing(home.dir), tmp: listing(engineTmp) };
}

/** A chart repository with the test environment's real index.yaml and archive; the archive fails. */
async function flakyRepo(fault: Fault): Promise<string> {
  const index = Buffer.from(await (await fetch(`${env.repos.plain.url}/index.yaml`)).arrayBuffer());
  const host = await faulty.listen(
    createServer((req, res) => {
      if (req.url === '/index.yaml') res.end(index);
      else if (req.url === `/${app.name}-${app.version}.tgz`) faulty.halfThen(res, appBytes, fault, 'application/gzip');
      else res.writeHead(404).end();
    }),
  );
  return `http://${host}`;
}

/** A proxy to the open OCI registry that cuts the chart layer's blob in half. */
async function flakyRegistryProxy(): Promise<string> {
  const upstream = env.registries.open.host;
  const manifest = (await (
    await fetch(`http://${upstream}/v2/charts/${app.name}/manifests/${app.version}`, {
      headers: { accept: 'application/vnd.oci.image.manifest.v1+json' },
    })
  ).json()) as { layers: { mediaType: string; digest: string }[] };
  const layer = manifest.layers.find((l) => l.mediaType === 'application/vnd.cncf.helm.chart.content.v1.tar+gzip')?.digest;
  expect(layer).toMatch(/^sha256:/);
  const forward = (req: IncomingMessage, res: ServerResponse) => {
    const up = httpRequest(
      { host: upstream.split(':')[0], port: Number(upstream.split(':')[1]), path: req.url, method: req.method, headers: req.headers },
      (ur) => {
        if (req.method === 'GET' && req.url?.endsWith(`/blobs/${layer}`)) {
          const chunks: Buffer[] = [];
          ur.on('data', (c: Buffer) => chunks.push(c));
          ur.on('end', () => faulty.halfThen(res, Buffer.concat(chunks), 'cut', ur.headers['content-type'] ?? 'application/octet-stream'));
          return;
        }
        res.writeHead(ur.statusCode ?? 502, ur.headers);
        ur.pipe(res);
      },
    );
    up.on('error', () => res.destroy());
    req.pipe(up);
  };
  return `oci://${await faulty.listen(createServer(forward))}`;
}

/**
 * The error a fault must give: `cut`, a transfer cut short, is what the engine calls every
 * unreachable repository or registry (INVALID_ARGUMENT, "unexpected EOF"); `stall`, a transfer
 * that never ends, is the call's own deadline (TimeoutError naming its `timeout`), never a cut.
 */
function expectTypedNaming(err: unknown, fault: Fault, ...names: string[]): HelmSdkError {
  expect(HelmSdkError.isInstance(err), String(err)).toBe(true);
  const e = err as HelmSdkError;
  if (fault === 'cut') {
    expect(e.code).toBe('INVALID_ARGUMENT');
    expect(e.message).toContain('unexpected EOF');
  } else {
    expect(TimeoutError.isInstance(e), `${e.code} ${e.message}`).toBe(true);
    expect(e.message).toMatch(/timed out after \d+ ms/);
    expect((e as { details?: unknown }).details).toMatchObject({ input: 'timeout' });
  }
  for (const n of names) expect(`${e.message} ${JSON.stringify((e as { details?: unknown }).details)}`).toContain(n);
  return e;
}

const figures: Record<string, unknown> = {};
afterAll(() => console.log(`PULL_FAULTS ${JSON.stringify(figures)}`));

describe('chart repository down mid-pull', () => {
  it('connection cut halfway through the .tgz (--repo URL): typed error, nothing written anywhere', async () => {
    const repo = await flakyRepo('cut');
    const dest = mkdtempSync(join(tmpdir(), 'helm-sdk-pull-dest-'));
    const before = snapshot(dest);
    const err = await pullChart(cfg, { chart: app.name, repo, destination: dest }).catch((e: unknown) => e);
    const e = expectTypedNaming(err, 'cut', app.name, repo);
    figures['repo cut'] = { code: e.code, message: e.message };
    expect(snapshot(dest)).toEqual(before);
  });

  it('connection cut halfway through the .tgz (repo/name from repositories.yaml): same, and the cached index is untouched', async () => {
    const repo = await flakyRepo('cut');
    // a repository entry and its cached index, left by the reference `helm repo add`
    expect((await runHelm(['repo', 'add', 'flaky', repo], home.env)).exitCode).toBe(0);
    const dest = mkdtempSync(join(tmpdir(), 'helm-sdk-pull-dest-'));
    const before = snapshot(dest);
    expect(before.home.some((l) => l.startsWith('cache/repository/flaky-index.yaml '))).toBe(true);
    const err = await pullChart(cfg, { chart: `flaky/${app.name}`, destination: dest }).catch((e: unknown) => e);
    const e = expectTypedNaming(err, 'cut', app.name);
    figures['repo/name cut'] = { code: e.code, message: e.message };
    expect(snapshot(dest)).toEqual(before);
  });

  it('stalled halfway through the .tgz: TIMEOUT at the call timeout, and nothing written even when the rest arrives later', async () => {
    const repo = await flakyRepo('stall');
    const dest = mkdtempSync(join(tmpdir(), 'helm-sdk-pull-dest-'));
    const before = snapshot(dest);
    const t0 = Date.now();
    const err = await pullChart(cfg, { chart: app.name, repo, destination: dest, timeout: 1_500 }).catch((e: unknown) => e);
    const ms = Date.now() - t0;
    const e = expectTypedNaming(err, 'stall');
    figures['repo stall'] = { code: e.code, ms, message: e.message };
    // The call's own deadline ended it (the host's timer, details.timeout), not Helm's HTTP
    // client, which has none for a body that stalls. Only this worker's event-loop lag comes on
    // top: milliseconds idle, under a second even when the full suite starves this 2-core
    // machine; 2 s of slack still tells a deadline kept from one that is not.
    expect((e as { details?: unknown }).details).toMatchObject({ timeout: 1_500 });
    expect(ms).toBeLessThan(1_500 + 2_000);
    // the server finishes the archive after the caller has given up: the engine must not save it
    await faulty.finishStalledAfter(ping(cfg));
    expect(snapshot(dest)).toEqual(before);
  });
});

describe('OCI registry down mid-pull', () => {
  it('connection cut halfway through the chart layer blob: typed error, nothing written anywhere', async () => {
    const proxy = await flakyRegistryProxy();
    const dest = mkdtempSync(join(tmpdir(), 'helm-sdk-pull-dest-'));
    const before = snapshot(dest);
    const ref = `${proxy}/charts/${app.name}`;
    const err = await pullChart(cfg, { chart: ref, version: app.version, plainHttp: true, destination: dest }).catch((e: unknown) => e);
    const e = expectTypedNaming(err, 'cut', ref);
    figures['oci cut'] = { code: e.code, message: e.message };
    expect(snapshot(dest)).toEqual(before);
    // the same chart through the real registry works with the same Configuration
    const ok = await pullChart(cfg, {
      chart: `${env.registries.open.url}/charts/${app.name}`,
      version: app.version,
      plainHttp: true,
      destination: dest,
    });
    expect(readFileSync(ok.path as string).equals(appBytes)).toBe(true);
  });
});
