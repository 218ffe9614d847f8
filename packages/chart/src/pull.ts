/**
 * `pullChart`: download a chart from a chart repository, an OCI registry or a URL, as `helm pull`
 * does (engine method `chart.pull`, Go `internal/methods/chart_pull.go`).
 */
import {
  type CallOptions,
  type ChartSourceOptions,
  type Configuration,
  callSpec,
  chartSourceSpec,
  checkOptions,
  InvalidArgumentError,
  type OptionSpec,
  requireOption,
} from '@helm-sdk/core';

export interface PullChartOptions extends Omit<ChartSourceOptions, 'chart'>, CallOptions {
  /** `CHART`: `repo/name`, a chart name with `repo`, an `oci://` reference or an https URL. */
  readonly chart: string;
  /** `-d/--destination`: directory to write to. Defaults to the Configuration's `cwd`. */
  readonly destination?: string;
  /** `--untar`: unpack the chart after downloading. Default `false`. */
  readonly untar?: boolean;
  /** `--untardir`: where to unpack, relative to `destination`. Defaults to `.`. */
  readonly untarDir?: string;
  /** `--prov`: also fetch the provenance file. Default `false`. */
  readonly prov?: boolean;
  /** Return the archive as bytes instead of writing it. Default `false`. */
  readonly returnBytes?: boolean;
}

export interface PullResult {
  /** The saved archive, or with `untar` the unpacked chart directory (absent with `returnBytes`). */
  readonly path?: string;
  /** The archive's bytes (only with `returnBytes`). */
  readonly data?: Uint8Array;
  readonly name: string;
  readonly version: string;
  /** With `verify`: identities that signed the chart. */
  readonly signedBy?: readonly string[];
  /** With `verify`: the signing key's fingerprint. */
  readonly fingerprint?: string;
  /** With `verify`: the verified archive hash. */
  readonly fileHash?: string;
}

const spec: OptionSpec<PullChartOptions> = {
  ...chartSourceSpec,
  ...callSpec,
  chart: 'string',
  destination: 'string',
  untar: 'boolean',
  untarDir: 'string',
  prov: 'boolean',
  returnBytes: 'boolean',
};

/** Downloads a chart; resolves with where it went (or its bytes). */
export async function pullChart(cfg: Configuration, options: PullChartOptions): Promise<PullResult> {
  checkOptions('pullChart', options, spec);
  requireOption('pullChart', options, 'chart');
  if (options.returnBytes && options.untar) {
    throw new InvalidArgumentError('pullChart: returnBytes and untar are exclusive', 'pullChart', { input: 'returnBytes' });
  }
  const { signal, timeout, ...params } = options;
  // Only a pull that writes nothing (returnBytes) counts as read-only and may retry after a crash.
  const r = await cfg.call('chart.pull', params, { action: 'pullChart', signal, timeout, retryOnCrash: options.returnBytes === true });
  const out: Record<string, unknown> = { name: r.name, version: r.version };
  if (r.path) out.path = r.path;
  if (r.data) out.data = r.data;
  if (r.signedBy) out.signedBy = r.signedBy;
  if (r.fingerprint) out.fingerprint = r.fingerprint;
  if (r.fileHash) out.fileHash = r.fileHash;
  return out as unknown as PullResult;
}
