/**
 * A throwaway local npm registry: verdaccio on 127.0.0.1 with its storage in a temp dir.
 *
 * - `@helm-sdk/*` is publish-only-local: no uplink, so a consumer can only get the packages this
 *   run published (a name missing here is a 404, never a silent fetch from the public registry);
 * - everything else proxies the public registry (the machine's `npm config get registry`), so
 *   third-party dependencies (execa, msgpackr, ...) install as a user gets them.
 *
 * verdaccio 6.10 needs Node >= 22, so it runs on the Node 24 the test downloads anyway. The child is
 * started with execa (killed with this process) and stopped with SIGTERM, then SIGKILL.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { userEnv } from './user-env.js';

export interface Verdaccio {
  /** http://127.0.0.1:PORT/ */
  readonly url: string;
  /** A publish token from adduser; pass it as NODE_AUTH_TOKEN, never print it. */
  readonly token: string;
  stop(): Promise<void>;
}

export interface VerdaccioOptions {
  /** Node >= 22 to run verdaccio with. */
  readonly node: string;
  /** verdaccio's bin/verdaccio script. */
  readonly entry: string;
  /** Registry that third-party packages are proxied from. */
  readonly uplink: string;
  readonly readyTimeoutMs?: number;
}

function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolvePort(port));
    });
  });
}

function config(dir: string, uplink: string): string {
  // YAML by hand: a handful of keys, and no YAML library for the test to depend on.
  return [
    `storage: ${JSON.stringify(join(dir, 'storage'))}`,
    'auth:',
    '  htpasswd:',
    `    file: ${JSON.stringify(join(dir, 'htpasswd'))}`,
    '    max_users: 10',
    'uplinks:',
    '  public:',
    `    url: ${JSON.stringify(uplink)}`,
    '    timeout: 60s',
    // engine tarballs are tens of MiB; the default limit is 10mb
    'max_body_size: 300mb',
    'packages:',
    "  '@helm-sdk/*':",
    '    access: $all',
    '    publish: $authenticated',
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    '    proxy: public',
    'log: { type: stdout, format: pretty, level: warn }',
    '',
  ].join('\n');
}

async function waitReady(url: string, child: Promise<unknown>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  let exited = false;
  void child.finally(() => {
    exited = true;
  });
  while (Date.now() < deadline) {
    if (exited) throw new Error('verdaccio exited before it was ready');
    try {
      const res = await fetch(new URL('-/ping', url));
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`verdaccio at ${url} not ready within ${timeoutMs} ms`);
}

/** Creates a user (verdaccio's adduser) and returns its token. */
async function addUser(url: string): Promise<string> {
  const name = 'helm-sdk-dist-test';
  const password = `p-${crypto.randomUUID()}`;
  const res = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || !body.token) throw new Error(`verdaccio adduser answered HTTP ${res.status} without a token`);
  return body.token;
}

export async function startVerdaccio(options: VerdaccioOptions): Promise<Verdaccio> {
  const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-verdaccio-'));
  writeFileSync(join(dir, 'config.yaml'), config(dir, options.uplink));
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/`;
  let output = '';
  const child = execa(options.node, [options.entry, '--config', join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], {
    env: userEnv(),
    extendEnv: false,
    reject: false,
    all: true,
    buffer: false,
    cleanup: true,
  });
  child.all?.setEncoding('utf8').on('data', (d: string) => {
    output = (output + d).slice(-4000);
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
      await child;
      clearTimeout(timer);
    }
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await waitReady(url, child, options.readyTimeoutMs ?? 60_000);
    return { url, token: await addUser(url), stop };
  } catch (error) {
    await stop();
    throw new Error(`${(error as Error).message}\nverdaccio output:\n${output}`);
  }
}
