/**
 * The options every chart-taking function shares: where the chart comes from, and the values
 * given to it. Kept in core so actions and chart read the same way without importing each other.
 */
import type { OptionSpec } from './options.js';

/** A chart: a directory, a `.tgz` path, `repo/name`, `oci://...`, an https URL, or archive bytes. */
export type ChartReference = string | Uint8Array;

export interface ChartSourceOptions {
  /** The chart: a path, `repo/name`, `oci://` reference, https URL, or a `Uint8Array` archive. */
  readonly chart: ChartReference;
  /** `--version`: a version constraint for remote charts. Defaults to the latest stable version. */
  readonly version?: string;
  /** `--repo`: chart repository URL to find `chart` in. */
  readonly repo?: string;
  /** `--username` for the chart repository or registry. */
  readonly username?: string;
  /** `--password` for the chart repository or registry. Never logged. */
  readonly password?: string;
  /** `--ca-file`: CA bundle for the repository's or registry's certificate. */
  readonly caFile?: string;
  /** `--cert-file`: client certificate. */
  readonly certFile?: string;
  /** `--key-file`: client key. */
  readonly keyFile?: string;
  /** `--insecure-skip-tls-verify`. Default `false`. */
  readonly insecureSkipTlsVerify?: boolean;
  /** `--plain-http`: use HTTP for an OCI registry. Default `false`. */
  readonly plainHttp?: boolean;
  /** `--pass-credentials`: send credentials to every domain. Default `false`. */
  readonly passCredentials?: boolean;
  /** `--verify`: verify the chart's provenance. Default `false`. */
  readonly verify?: boolean;
  /** `--keyring`: keyring used for verification. */
  readonly keyring?: string;
  /** `--devel`: consider pre-release versions. Default `false`. */
  readonly devel?: boolean;
}

export interface ValuesOptions {
  /** Values as an object; merged first, like a values file given before all others. */
  readonly values?: Readonly<Record<string, unknown>>;
  /** `-f/--values`: values files, merged in order. */
  readonly valueFiles?: readonly string[];
  /** `--set key=value[,key=value]`. */
  readonly set?: readonly string[];
  /** `--set-string`: values forced to strings. */
  readonly setString?: readonly string[];
  /** `--set-json key=<json>`. */
  readonly setJson?: readonly string[];
  /** `--set-file key=path`: the file's content becomes the value. */
  readonly setFile?: readonly string[];
  /** `--set-literal key=value`: the value is taken verbatim. */
  readonly setLiteral?: readonly string[];
}

export const chartSourceSpec: OptionSpec<ChartSourceOptions> = {
  chart: 'chart',
  version: 'string',
  repo: 'string',
  username: 'string',
  password: 'string',
  caFile: 'string',
  certFile: 'string',
  keyFile: 'string',
  insecureSkipTlsVerify: 'boolean',
  plainHttp: 'boolean',
  passCredentials: 'boolean',
  verify: 'boolean',
  keyring: 'string',
  devel: 'boolean',
};

export const valuesSpec: OptionSpec<ValuesOptions> = {
  values: 'object',
  valueFiles: 'string[]',
  set: 'string[]',
  setString: 'string[]',
  setJson: 'string[]',
  setFile: 'string[]',
  setLiteral: 'string[]',
};

export const callSpec = { signal: 'signal', timeout: 'number' } as const;

/**
 * Splits SDK options into wire params: a `Uint8Array` chart travels as `chartData` (msgpack bin),
 * a string as `chart`; `signal` and `timeout` stay on the host.
 */
export function toWireParams<T extends { chart?: ChartReference; signal?: AbortSignal; timeout?: number }>(
  options: T,
): Record<string, unknown> {
  const { chart, signal: _signal, timeout: _timeout, ...rest } = options;
  const params: Record<string, unknown> = { ...rest };
  if (chart instanceof Uint8Array) params.chartData = chart;
  else if (chart !== undefined) params.chart = chart;
  return params;
}
