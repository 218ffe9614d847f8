/**
 * searchHub against `helm search hub`, both pointed (--endpoint) at a hub served by this test: a
 * local HTTP server that answers the search API the CLI uses (GET
 * /api/chartsvc/v1/charts/search?q=..., Artifact Hub's Monocular-compatible endpoint) with that
 * API's JSON. The real Artifact Hub is unreachable here.
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { HelmHome } from '@helm-sdk/test-utils';
import { runHelm } from '@helm-sdk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ChartNotFoundError, type Configuration, HelmError, InvalidArgumentError, searchHub } from '../src/index.js';
import { sdk } from './setup.js';

/** One package as the hub's search API returns it (fields the CLI does not read included). */
function pkg(
  id: string,
  version: string,
  appVersion: string,
  description: string,
  repo: { name: string; url: string },
  packageUrl?: string,
) {
  return {
    id,
    type: 'chart',
    ...(packageUrl ? { artifactHub: { packageUrl } } : {}),
    attributes: { name: id.split('/')[1], repo, description, home: 'https://example.com', keywords: ['k'], icon: '' },
    links: { self: `/v1/charts/${id}` },
    relationships: {
      latestChartVersion: {
        data: { version, app_version: appVersion, created: '2026-01-02T03:04:05Z', digest: 'sha256:0', urls: [] },
        links: { self: '' },
      },
    },
  };
}

const packages = [
  pkg(
    'bitnami/nginx',
    '18.2.4',
    '1.27.2',
    'NGINX Open Source is a web server',
    { name: 'bitnami', url: 'https://charts.bitnami.com/bitnami' },
    'https://artifacthub.io/packages/helm/bitnami/nginx',
  ),
  // No packageUrl: the CLI builds a Monocular URL from the endpoint and the id.
  pkg('stable/nginx-ingress', '1.41.3', 'v0.34.1', 'An nginx Ingress controller', { name: 'stable', url: 'https://charts.helm.sh/stable' }),
  pkg(
    'ingress-nginx/ingress-nginx',
    '4.11.3',
    '1.11.3',
    'Ingress controller for Kubernetes using NGINX',
    { name: 'ingress-nginx', url: 'https://kubernetes.github.io/ingress-nginx' },
    'https://artifacthub.io/packages/helm/ingress-nginx/ingress-nginx',
  ),
];

interface Seen {
  readonly path: string;
  readonly query: string;
  readonly userAgent: string;
}
const seen: Seen[] = [];
let answer: (q: string) => { status: number; body: string } = (q) => ({
  status: 200,
  body: JSON.stringify({
    data: packages.filter((p) => q === '' || p.id.includes(q) || p.attributes.description.toLowerCase().includes(q)),
  }),
});

let server: Server;
let endpoint: string;
let cfg: Configuration;
let home: HelmHome;

beforeAll(async () => {
  server = createServer((req: IncomingMessage, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    seen.push({ path: url.pathname, query: url.search, userAgent: String(req.headers['user-agent']) });
    if (url.pathname !== '/api/chartsvc/v1/charts/search') {
      res.writeHead(404).end('not found');
      return;
    }
    const { status, body } = answer(url.searchParams.get('q') ?? '');
    res.writeHead(status, { 'content-type': 'application/json' }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  ({ cfg, home } = sdk());
});
afterAll(async () => {
  await cfg.close();
  await new Promise((resolve) => server.close(resolve));
});

interface CliHubHit {
  url: string;
  version: string;
  app_version: string;
  description: string;
  repository: { url: string; name: string };
}

/** The CLI's search against the local hub, and the requests it made. */
async function cliSearch(args: readonly string[]) {
  const from = seen.length;
  const run = await runHelm(['search', 'hub', '--endpoint', endpoint, ...args], home.env);
  return { run, requests: seen.slice(from) };
}

describe('searchHub', () => {
  for (const [title, keyword] of [
    ['finds packages by keyword', 'nginx'],
    ['narrows by keyword', 'ingress'],
    ['lists every package without a keyword', ''],
  ] as const) {
    it(`${title}, with the fields and requests of helm search hub`, async () => {
      const from = seen.length;
      const res = await searchHub(cfg, { endpoint, ...(keyword ? { keyword } : {}) });
      const sdkRequests = seen.slice(from);
      const cli = await cliSearch([...(keyword ? [keyword] : []), '-o', 'json']);
      expect(cli.run.exitCode, cli.run.stderr).toBe(0);
      const expected = (JSON.parse(cli.run.stdout) as CliHubHit[]).map((h) => ({
        url: h.url,
        version: h.version,
        appVersion: h.app_version,
        description: h.description,
        repository: h.repository,
      }));
      expect(expected.length).toBeGreaterThan(0);
      expect(res.charts).toEqual(expected);
      // The same request: path, query and user agent.
      expect(sdkRequests).toEqual(cli.requests);
      expect(sdkRequests[0]?.userAgent).toMatch(/^Helm\/4\.\d+\.\d+/);
    });
  }

  it("uses the package's hub URL, else <endpoint>/charts/<id>", async () => {
    const res = await searchHub(cfg, { endpoint, keyword: 'nginx' });
    expect(res.charts.map((c) => c.url)).toEqual([
      'https://artifacthub.io/packages/helm/bitnami/nginx',
      `${endpoint}/charts/stable/nginx-ingress`,
      'https://artifacthub.io/packages/helm/ingress-nginx/ingress-nginx',
    ]);
    expect(res.charts[0]?.repository).toEqual({ name: 'bitnami', url: 'https://charts.bitnami.com/bitnami' });
  });

  it('resolves with no charts when nothing matches, as the CLI prints "No results found"', async () => {
    expect((await searchHub(cfg, { endpoint, keyword: 'no-such-package' })).charts).toEqual([]);
    const cli = await cliSearch(['no-such-package']);
    expect(cli.run.exitCode).toBe(0);
    expect(cli.run.stdout).toBe('No results found\n');
  });

  it('rejects with ChartNotFoundError naming the keyword with failOnNoResult, as --fail-on-no-result fails', async () => {
    const err = await searchHub(cfg, { endpoint, keyword: 'no-such-package', failOnNoResult: true }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(err)).toBe(true);
    expect((err as ChartNotFoundError).message).toContain('no results found');
    expect((err as ChartNotFoundError).message).toContain('"no-such-package"');
    expect((err as ChartNotFoundError).details.input).toBe('keyword');
    const cli = await cliSearch(['no-such-package', '--fail-on-no-result']);
    expect(cli.run.exitCode).not.toBe(0);
    expect(cli.run.stderr).toContain('no results found');
    // With results, the option changes nothing.
    expect((await searchHub(cfg, { endpoint, keyword: 'nginx', failOnNoResult: true })).charts).toHaveLength(3);
  });

  it('rejects an HTTP error of the hub with a typed error naming the endpoint, as the CLI fails', async () => {
    const saved = answer;
    answer = () => ({ status: 500, body: 'boom' });
    try {
      const err = await searchHub(cfg, { endpoint, keyword: 'nginx' }).catch((e: unknown) => e);
      expect(HelmError.isInstance(err)).toBe(true);
      expect((err as HelmError).message).toContain(`unable to perform search against "${endpoint}"`);
      expect((err as HelmError).message).toContain('500');
      expect((err as HelmError).details.input).toBe('endpoint');
      const cli = await cliSearch(['nginx']);
      expect(cli.run.exitCode).not.toBe(0);
      expect(cli.run.stderr).toContain(`unable to perform search against "${endpoint}"`);
    } finally {
      answer = saved;
    }
  });

  it('rejects an answer that is not the API JSON (the CLI would print "No results found")', async () => {
    const saved = answer;
    answer = () => ({ status: 200, body: '<html>a login page</html>' });
    try {
      const err = await searchHub(cfg, { endpoint, keyword: 'nginx' }).catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(err)).toBe(true);
      expect((err as InvalidArgumentError).message).toContain("not the search API's JSON");
      expect((err as InvalidArgumentError).details.input).toBe('endpoint');
    } finally {
      answer = saved;
    }
  });

  it('rejects an unreachable endpoint and one that is no http(s) URL, naming it', async () => {
    // Port 9 (discard) on 127.0.0.1: nothing listens there in the test environment.
    const down = await searchHub(cfg, { endpoint: 'http://127.0.0.1:9', keyword: 'x' }).catch((e: unknown) => e);
    expect(HelmError.isInstance(down)).toBe(true);
    expect((down as HelmError).message).toContain('unable to perform search against "http://127.0.0.1:9"');
    expect((down as HelmError).details.input).toBe('endpoint');
    const bad = await searchHub(cfg, { endpoint: 'ftp://hub.example', keyword: 'x' }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(bad)).toBe(true);
    expect((bad as InvalidArgumentError).message).toContain('ftp://hub.example');
  });

  it('checks its options before calling the engine', async () => {
    await expect(searchHub(cfg, { endpoint: 42 } as never)).rejects.toThrow(/option 'endpoint' must be a string/);
    await expect(searchHub(cfg, { maxColWidth: 10 } as never)).rejects.toThrow(/unknown option 'maxColWidth'/);
  });
});
