/**
 * `packageChart`: package a chart directory into a versioned archive, as `helm package` does
 * (engine method `chart.package`, Go `internal/methods/chart_package.go`). Signing takes the key's
 * passphrase as an option; the SDK never prompts.
 */
import {
  type CallOptions,
  type Configuration,
  callSpec,
  checkOptions,
  InvalidArgumentError,
  type OptionSpec,
  requireOption,
} from '@helm-sdk/core';
import { epochSeconds, type RemoteOptions, remoteSpec } from './remote-options.js';

export interface PackageChartOptions extends RemoteOptions, CallOptions {
  /** `CHART_PATH`: the chart directory. */
  readonly chart: string;
  /** `-d/--destination`: directory to write the archive to. Defaults to the Configuration's `cwd`. */
  readonly destination?: string;
  /** `--version`: set the chart's version (semver) in the archive. */
  readonly version?: string;
  /** `--app-version`: set the chart's appVersion in the archive. */
  readonly appVersion?: string;
  /** `-u/--dependency-update`: update `charts/` from Chart.yaml first. Default `false`. */
  readonly dependencyUpdate?: boolean;
  /** `--sign`: sign the archive with a PGP private key (writes `<archive>.prov`). Default `false`. */
  readonly sign?: boolean;
  /** `--key`: name of the signing key (required with `sign`). */
  readonly key?: string;
  /** `--keyring`: keyring holding the secret key. Defaults to `~/.gnupg/pubring.gpg`. */
  readonly keyring?: string;
  /** Passphrase of the signing key (the CLI's `--passphrase-file`, without a file). Never logged. */
  readonly passphrase?: string;
  /**
   * `SOURCE_DATE_EPOCH`: time stamped on every archive entry (a Date, or seconds since 1970), for
   * reproducible archives. Defaults to the files' modification times, as the CLI without the variable.
   */
  readonly sourceDateEpoch?: Date | number;
  /** Return the archive as bytes instead of writing it to `destination`. Default `false`. */
  readonly returnBytes?: boolean;
}

export interface PackageResult {
  /** Path of the archive written (absent with `returnBytes`). */
  readonly path?: string;
  /** The archive's bytes (only with `returnBytes`). */
  readonly data?: Uint8Array;
  /** Path of the `.prov` file written when signing. */
  readonly provPath?: string;
  /** The `.prov` content when signing with `returnBytes`. */
  readonly provData?: Uint8Array;
  readonly name: string;
  readonly version: string;
}

const spec: OptionSpec<PackageChartOptions> = {
  ...remoteSpec,
  ...callSpec,
  chart: 'string',
  destination: 'string',
  version: 'string',
  appVersion: 'string',
  dependencyUpdate: 'boolean',
  sign: 'boolean',
  key: 'string',
  keyring: 'string',
  passphrase: 'string',
  sourceDateEpoch: 'any',
  returnBytes: 'boolean',
};

/** Packages a chart directory; the archive is byte-identical to `helm package`'s. */
export async function packageChart(cfg: Configuration, options: PackageChartOptions): Promise<PackageResult> {
  checkOptions('packageChart', options, spec);
  requireOption('packageChart', options, 'chart');
  const { signal, timeout, sourceDateEpoch, ...params } = options;
  if (
    sourceDateEpoch !== undefined &&
    !(sourceDateEpoch instanceof Date) &&
    !(typeof sourceDateEpoch === 'number' && sourceDateEpoch >= 0)
  ) {
    throw new InvalidArgumentError(
      "packageChart: option 'sourceDateEpoch' must be a Date or a non-negative number of seconds",
      'packageChart',
      {
        input: 'sourceDateEpoch',
      },
    );
  }
  const r = await cfg.call(
    'chart.package',
    { ...params, sourceDateEpoch: epochSeconds(sourceDateEpoch) },
    { action: 'packageChart', signal, timeout },
  );
  const out: Record<string, unknown> = { name: r.name, version: r.version };
  if (r.path) out.path = r.path;
  if (r.data) out.data = r.data;
  if (r.provPath) out.provPath = r.provPath;
  if (r.provData) out.provData = r.provData;
  return out as unknown as PackageResult;
}
