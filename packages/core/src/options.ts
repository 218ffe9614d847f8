/**
 * Option checking before anything is sent to the engine (esbuild's `checkForInvalidFlags`): an
 * unknown key or a value of the wrong type fails at once, in TypeScript, naming the option. This
 * catches typos that types miss in plain JS callers, and keeps nonsense off the wire.
 */
import { InvalidArgumentError } from './errors.js';

export type OptionKind =
  | 'string'
  | 'boolean'
  | 'number'
  | 'string[]'
  | 'object'
  | 'function'
  | 'signal'
  | 'chart'
  | 'any'
  | readonly string[];

/** Every key of `T` with the kind of value it takes. */
export type OptionSpec<T> = { readonly [K in keyof Required<T>]: OptionKind };

function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (value instanceof Uint8Array) return 'a Uint8Array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

function problem(kind: OptionKind, value: unknown): string | undefined {
  if (Array.isArray(kind)) {
    return typeof value === 'string' && kind.includes(value) ? undefined : `must be one of ${kind.map((k) => `'${k}'`).join(', ')}`;
  }
  switch (kind) {
    case 'string':
    case 'boolean':
    case 'function':
      return typeof value === kind ? undefined : `must be a ${kind}`;
    case 'number':
      return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? undefined : 'must be a non-negative finite number';
    case 'string[]':
      return Array.isArray(value) && value.every((v) => typeof v === 'string') ? undefined : 'must be an array of strings';
    case 'object':
      return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Uint8Array)
        ? undefined
        : 'must be a plain object';
    case 'signal':
      return value instanceof AbortSignal ? undefined : 'must be an AbortSignal';
    case 'chart':
      return (typeof value === 'string' && value !== '') || value instanceof Uint8Array
        ? undefined
        : 'must be a non-empty string (path, repo/name, oci:// or https URL) or a Uint8Array holding a chart archive';
    case 'any':
      return undefined;
  }
  return undefined;
}

/**
 * Throws `InvalidArgumentError` for the first unknown key or mistyped value in `options`.
 * `undefined` values are treated as absent.
 */
export function checkOptions<T extends object>(action: string, options: T, spec: OptionSpec<T>): void {
  if (typeof options !== 'object' || options === null || Array.isArray(options)) {
    throw new InvalidArgumentError(`${action}: options must be an object, got ${describe(options)}`, action, { input: 'options' });
  }
  const known = spec as Readonly<Record<string, OptionKind>>;
  for (const [key, value] of Object.entries(options)) {
    const kind = known[key];
    if (kind === undefined) {
      throw new InvalidArgumentError(`${action}: unknown option '${key}'`, action, { input: key });
    }
    if (value === undefined) continue;
    const why = problem(kind, value);
    if (why) {
      throw new InvalidArgumentError(`${action}: option '${key}' ${why}, got ${describe(value)}`, action, { input: key });
    }
  }
}

/** Throws `InvalidArgumentError` when a required option is missing. */
export function requireOption<T extends object>(action: string, options: T, key: keyof T & string): void {
  if (options[key] === undefined || options[key] === null) {
    throw new InvalidArgumentError(`${action}: option '${key}' is required`, action, { input: key });
  }
}

/**
 * Every option that weakens transport security, by the name it has in SDK options and on the wire
 * (the inventory of issue 7): TLS verification is on by default everywhere, and turning any of these
 * on makes the call log one warning naming the option and the host (never a credential).
 */
export const weakTlsOptions = {
  /** Configuration: `--kube-insecure-skip-tls-verify`. */
  kubeInsecureSkipTlsVerify: 'does not verify the API server certificate',
  /** Chart sources (template, install, upgrade, pull, show, load), push, package, dependencies, addRepo: `--insecure-skip-tls-verify`. */
  insecureSkipTlsVerify: 'does not verify the server certificate',
  /** registryLogin: `--insecure`. */
  insecure: 'does not verify the registry certificate',
  /** OCI calls (chart sources, push, package, dependencies, registryLogin): `--plain-http`. */
  plainHttp: 'uses plain HTTP without TLS, so charts and credentials travel unencrypted',
} as const;

// The host a call talks to, for the warning: the URL's host only (userinfo dropped).
function hostOf(params: Readonly<Record<string, unknown>>): string {
  const hostOnly = (value: string): string => {
    try {
      const url = new URL(value.includes('://') ? value : `oci://${value}`);
      return url.host || value.replace(/^.*@/, '');
    } catch {
      return value.replace(/^.*@/, '');
    }
  };
  for (const key of ['remote', 'url', 'host', 'repo', 'kubeApiServer'] as const) {
    const value = params[key];
    if (typeof value === 'string' && value !== '') return hostOnly(value);
  }
  const chart = params.chart;
  if (typeof chart === 'string' && /^(oci|https?):\/\//.test(chart)) return hostOnly(chart);
  const server = typeof params.kubeconfigData === 'string' ? /^\s*server:\s*(\S+)/m.exec(params.kubeconfigData)?.[1] : undefined;
  if (server) return hostOnly(server);
  if ('kubeInsecureSkipTlsVerify' in params) return "the kubeconfig's API server";
  return "the chart's repositories";
}

/**
 * The warnings a call with these options (or wire params) must log: one per weakening option set
 * to `true`, plus one for a `kubeconfigData` whose cluster says `insecure-skip-tls-verify: true`.
 */
export function weakTlsWarnings(action: string, params: unknown): string[] {
  if (typeof params !== 'object' || params === null) return [];
  const record = params as Readonly<Record<string, unknown>>;
  const warnings: string[] = [];
  for (const [option, effect] of Object.entries(weakTlsOptions)) {
    if (record[option] === true) warnings.push(`${action}: option '${option}' is on: ${effect} (${hostOf(record)})`);
  }
  const data = record.kubeconfigData;
  if (typeof data === 'string' && /^\s*insecure-skip-tls-verify:\s*true\b/m.test(data)) {
    warnings.push(
      `${action}: kubeconfigData sets 'insecure-skip-tls-verify: true': ${weakTlsOptions.kubeInsecureSkipTlsVerify} (${hostOf(record)})`,
    );
  }
  return warnings;
}
