/**
 * Credential leak guard, a vitest setupFile of every suite that touches the test environment
 * (issue 7, "Security"): while a test file runs, everything every Configuration emits is captured
 * and scanned for every credential the suites use, and the file fails at the end if any turned up.
 *
 * Captured, for every Configuration created anywhere in the file (no test has to opt in):
 * - every log entry (engine stderr lines and SDK notices), through core's `helm-sdk:log`
 *   diagnostics channel, which sees Configurations with and without a logger;
 * - every call's events, result, and error: name, message, details, stack and the whole `cause`
 *   chain (a wrapper around `Configuration.prototype.call` that calls straight through).
 *
 * Credentials: the passwords of the auth registry, the TLS registry and the auth chart repository,
 * the ServiceAccount bearer token (tools/testenv/src/service-account.ts), the admin kubeconfig's
 * client key, the mutual-TLS repository's client key (the whole PEM, and each line of its base64
 * body, so a key cut into lines or quoted in part is still found), and any a test registers with
 * `addSecret` (e.g. a deliberately wrong password). Each is searched plain, base64, URL-encoded,
 * and as the base64 of `user:password` (HTTP basic auth).
 *
 * `leakGuardStats()` tells a test how much was scanned; one `[leak-guard]` line per file reports it.
 */
import { subscribe, unsubscribe } from 'node:diagnostics_channel';
import { readFileSync } from 'node:fs';
import { Configuration, LOG_CHANNEL } from '@helm-sdk/core';
import type {} from '@helm-sdk/testenv/global-setup';
import { serviceAccountKubeconfig } from '@helm-sdk/testenv/service-account';
import { afterAll, beforeAll, expect, inject } from 'vitest';

interface Needle {
  readonly text: string;
  /** What it is, for the failure message (never the credential itself). */
  readonly label: string;
}

const needles: Needle[] = [];
const usernames = new Set<string>();
const hits: string[] = [];
const stats = { items: 0, logs: 0, events: 0, results: 0, errors: 0, credentials: 0 };

/** Registers a credential to search for (plain and encoded), e.g. a test's wrong password. */
export function addSecret(secret: string, label: string, username?: string): void {
  if (secret.length < 6) throw new Error(`leak guard: ${label} is too short to search for without false hits`);
  if (username) usernames.add(username);
  const forms: [string, string][] = [
    [secret, 'plain'],
    [Buffer.from(secret).toString('base64'), 'base64'],
    [encodeURIComponent(secret), 'URL-encoded'],
    ...[...usernames].map((u): [string, string] => [Buffer.from(`${u}:${secret}`).toString('base64'), `basic auth of ${u}`]),
  ];
  for (const [text, form] of forms) {
    if (!needles.some((n) => n.text === text)) needles.push({ text, label: `${label} (${form})` });
  }
  stats.credentials = new Set(needles.map((n) => n.label.replace(/ \(.*$/, ''))).size;
}

/** Hits so far (descriptions with the credential masked); a test can assert on them itself. */
export function leakHits(): readonly string[] {
  return [...hits];
}

/**
 * Removes and returns the hits of one credential: lets a test plant a canary on purpose, prove the
 * guard catches it, and still end the file clean.
 */
export function takeHits(label: string): string[] {
  const taken = hits.filter((h) => h.startsWith(`${label} (`));
  for (const h of taken) hits.splice(hits.indexOf(h), 1);
  return taken;
}

/** How many captured items were scanned so far in this file, by kind. */
export function leakGuardStats(): Readonly<typeof stats> {
  return { ...stats };
}

function scan(kind: 'logs' | 'events' | 'results' | 'errors', text: string): void {
  stats.items++;
  stats[kind]++;
  const found = needles.filter((n) => text.includes(n.text));
  if (found.length === 0) return;
  // Mask every credential in the quoted text, not only the one reported: a hit's description is
  // printed in the failure, and must not leak the rest of a key cut into several needles.
  const masked = found.reduce((t, n) => t.replaceAll(n.text, '<CREDENTIAL>'), text).slice(0, 300);
  for (const n of found) hits.push(`${n.label} found in a captured ${kind.slice(0, -1)}: ${masked}`);
}

const json = (value: unknown): string => {
  try {
    return JSON.stringify(value, (_k, v: unknown) => (v instanceof Uint8Array ? `<${v.length} bytes>` : v)) ?? String(value);
  } catch {
    return String(value);
  }
};

/** An error, its details and stack, and every cause below it, as one text. */
export function describeError(error: unknown, depth = 0): string {
  if (typeof error !== 'object' || error === null || depth > 8) return String(error);
  const e = error as { name?: unknown; message?: unknown; stack?: unknown; details?: unknown; cause?: unknown };
  const own = `${String(e.name)}: ${String(e.message)} ${json(e.details ?? {})}\n${String(e.stack ?? '')}`;
  return e.cause === undefined ? own : `${own}\ncaused by ${describeError(e.cause, depth + 1)}`;
}

// The wrapper is installed once per module instance of core (vitest isolates test files, so each
// file gets its own core and its own wrapper).
const wrapped = Symbol.for('helm-sdk.leak-guard');
type Call = Configuration['call'];
const proto = Configuration.prototype as unknown as Record<symbol, boolean> & { call: Call };
if (!proto[wrapped]) {
  proto[wrapped] = true;
  const original = proto.call;
  proto.call = async function guardedCall(this: Configuration, method, params, options = {}) {
    const onEvent = options.onEvent;
    try {
      const result = await original.call(this, method, params, {
        ...options,
        onEvent: (event) => {
          scan('events', json(event));
          onEvent?.(event);
        },
      });
      scan('results', json(result));
      return result;
    } catch (error) {
      scan('errors', describeError(error));
      throw error;
    }
  } as Call;
}

const onLog = (entry: unknown): void => scan('logs', json(entry));

beforeAll(async () => {
  subscribe(LOG_CHANNEL, onLog);
  const ep = inject('testenv');
  const withPasswords: [{ password?: string; username?: string } | undefined, string][] = [
    [ep.registries.auth, 'the auth registry'],
    // optional: an environment started by an older launcher (HELM_SDK_TESTENV) has no TLS registry
    [ep.registries.tls as typeof ep.registries.tls | undefined, 'the TLS registry'],
    [ep.repos.auth, 'the auth repository'],
  ];
  for (const [endpoint, what] of withPasswords) {
    if (endpoint?.password) addSecret(endpoint.password, `the password of ${what}`, endpoint.username);
  }
  addSecret((await serviceAccountKubeconfig(ep)).token, 'the ServiceAccount bearer token');
  const clientKey = /client-key-data:\s*(\S+)/.exec(readFileSync(ep.kubeconfig, 'utf8'))?.[1];
  if (clientKey) addSecret(clientKey, "the admin kubeconfig's client key");
  const mtlsKeyFile = (ep.repos.mtls as typeof ep.repos.mtls | undefined)?.keyFile;
  if (mtlsKeyFile) {
    const pem = readFileSync(mtlsKeyFile, 'utf8');
    addSecret(pem.trim(), "the mutual-TLS repository's client key (PEM)");
    for (const line of pem.split('\n').filter((l) => l.length >= 16 && !l.startsWith('-----')))
      addSecret(line, "the mutual-TLS repository's client key (a line of its PEM body)");
  }
});

afterAll(() => {
  unsubscribe(LOG_CHANNEL, onLog);
  const file = (expect.getState().testPath ?? '').replace(/^.*\/(packages|tools)\//, '$1/');
  console.log(
    `[leak-guard] ${file}: scanned ${stats.items} items (${stats.logs} log lines, ${stats.events} events, ${stats.results} results, ${stats.errors} errors) for ${stats.credentials} credentials: ${hits.length} hits`,
  );
  expect(hits, 'credentials in captured output').toEqual([]);
});
