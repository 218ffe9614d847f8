/**
 * A second way into the test cluster: a ServiceAccount bound to cluster-admin and a kubeconfig
 * that authenticates with its bearer token (TokenRequest API). The admin kubeconfig uses a client
 * certificate, so without this no test would ever hand the SDK a kube token, and the security
 * suite could not prove that tokens stay out of logs, events and errors.
 *
 * The token is minted once per environment and cached in `<env dir>/sa-token.json` (first writer
 * wins, so parallel vitest workers agree on one token), and re-minted when it is about to expire.
 */
import { linkSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:https';
import { join } from 'node:path';
import type { Endpoints } from './index.js';

export const serviceAccountName = 'helm-sdk-test-admin';
const serviceAccountNamespace = 'kube-system';

export interface TokenKubeconfig {
  /** Path of the kubeconfig (context `testenv-token`, namespace `default`). */
  readonly kubeconfig: string;
  /** The same kubeconfig as YAML text (for `kubeconfigData`). */
  readonly kubeconfigData: string;
  /** The bearer token: a credential the test suites must never see in any output. */
  readonly token: string;
  readonly expires: string;
}

export interface KubeResponse {
  readonly status: number;
  readonly body: unknown;
}

function kubeconfigField(text: string, field: string): string {
  const match = new RegExp(`${field}:\\s*(\\S+)`).exec(text);
  if (!match?.[1]) throw new Error(`testenv kubeconfig has no ${field}`);
  return match[1];
}

/** One request to the test cluster's API server with the admin client certificate. */
export function kubeRequest(ep: Endpoints, method: string, path: string, body?: unknown): Promise<KubeResponse> {
  const admin = readFileSync(ep.kubeconfig, 'utf8');
  const pem = (field: string) => Buffer.from(kubeconfigField(admin, field), 'base64');
  const payload = body === undefined ? undefined : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = request(
      `${ep.apiServer}${path}`,
      {
        method,
        ca: pem('certificate-authority-data'),
        cert: pem('client-certificate-data'),
        key: pem('client-key-data'),
        headers: payload === undefined ? {} : { 'content-type': 'application/json' },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (d: string) => {
          text += d;
        });
        res.on('end', () => {
          let parsed: unknown = text;
          try {
            parsed = JSON.parse(text);
          } catch {
            // not JSON: keep the text
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

async function createIfMissing(ep: Endpoints, path: string, body: unknown): Promise<void> {
  const r = await kubeRequest(ep, 'POST', path, body);
  if (r.status !== 201 && r.status !== 409) throw new Error(`POST ${path}: HTTP ${r.status}`);
}

async function mintToken(ep: Endpoints): Promise<{ token: string; expires: string }> {
  await createIfMissing(ep, `/api/v1/namespaces/${serviceAccountNamespace}/serviceaccounts`, {
    apiVersion: 'v1',
    kind: 'ServiceAccount',
    metadata: { name: serviceAccountName },
  });
  await createIfMissing(ep, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: serviceAccountName },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: 'cluster-admin' },
    subjects: [{ kind: 'ServiceAccount', name: serviceAccountName, namespace: serviceAccountNamespace }],
  });
  const r = await kubeRequest(ep, 'POST', `/api/v1/namespaces/${serviceAccountNamespace}/serviceaccounts/${serviceAccountName}/token`, {
    apiVersion: 'authentication.k8s.io/v1',
    kind: 'TokenRequest',
    spec: { expirationSeconds: 7 * 24 * 3600 },
  });
  const status = (r.body as { status?: { token?: string; expirationTimestamp?: string } }).status;
  if (r.status !== 201 || !status?.token) throw new Error(`TokenRequest for ${serviceAccountName}: HTTP ${r.status}`);
  return { token: status.token, expires: status.expirationTimestamp ?? '' };
}

function render(ep: Endpoints, token: string): string {
  const ca = kubeconfigField(readFileSync(ep.kubeconfig, 'utf8'), 'certificate-authority-data');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: testenv',
    '  cluster:',
    `    server: ${ep.apiServer}`,
    `    certificate-authority-data: ${ca}`,
    'users:',
    `- name: ${serviceAccountName}`,
    '  user:',
    `    token: ${token}`,
    'contexts:',
    '- name: testenv-token',
    '  context:',
    '    cluster: testenv',
    `    user: ${serviceAccountName}`,
    '    namespace: default',
    'current-context: testenv-token',
    '',
  ].join('\n');
}

function readCached(file: string): TokenKubeconfig | undefined {
  try {
    const cached = JSON.parse(readFileSync(file, 'utf8')) as TokenKubeconfig;
    // Re-mint an hour ahead of expiry: a long-running `pnpm testenv up` outlives any one token.
    if (Date.parse(cached.expires) - Date.now() > 3600_000) return cached;
  } catch {
    // absent or half-written by nobody (writes are atomic): mint one
  }
  return undefined;
}

/** The ServiceAccount-token kubeconfig of this environment (minted on first use, then cached). */
export async function serviceAccountKubeconfig(ep: Endpoints): Promise<TokenKubeconfig> {
  const file = join(ep.dir, 'sa-token.json');
  const cached = readCached(file);
  if (cached) {
    writeFileSync(join(ep.dir, 'sa-kubeconfig'), cached.kubeconfigData, { mode: 0o600 });
    return cached;
  }
  // Absent or about to expire: drop the stale one so the link below can publish a new one.
  rmSync(file, { force: true });
  const { token, expires } = await mintToken(ep);
  const kubeconfig = join(ep.dir, 'sa-kubeconfig');
  const kubeconfigData = render(ep, token);
  const result: TokenKubeconfig = { kubeconfig, kubeconfigData, token, expires };
  // Publish atomically: write a private temp file and hard-link it into place. link() fails when
  // another worker won the race; then everyone uses the winner's token.
  const temp = `${file}.${process.pid}.${Date.now()}`;
  writeFileSync(temp, JSON.stringify(result), { mode: 0o600 });
  try {
    linkSync(temp, file);
  } catch {
    // lost the race
  } finally {
    rmSync(temp, { force: true });
  }
  const winner = readCached(file) ?? result;
  writeFileSync(kubeconfig, winner.kubeconfigData, { mode: 0o600 });
  return winner;
}
