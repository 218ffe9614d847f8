/**
 * `verifyChart`: check a chart archive against its `.prov` file, as `helm verify` does (engine
 * method `chart.verify`, Go `internal/methods/chart_verify.go`).
 */
import { type CallOptions, type Configuration, callSpec, checkOptions, type OptionSpec, requireOption } from '@helm-sdk/core';

export interface VerifyChartOptions extends CallOptions {
  /** `PATH`: the chart archive; `PATH.prov` must sit next to it. */
  readonly chart: string;
  /** `--keyring`: public keyring. Defaults to `~/.gnupg/pubring.gpg`. */
  readonly keyring?: string;
}

export interface Verification {
  /** Identities of the signing key. */
  readonly signedBy: readonly string[];
  /** The signing key's fingerprint (upper-case hex). */
  readonly fingerprint: string;
  /** The archive's hash as recorded in the provenance file (`sha256:...`). */
  readonly fileHash: string;
}

const spec: OptionSpec<VerifyChartOptions> = { ...callSpec, chart: 'string', keyring: 'string' };

/** Verifies a signed chart; rejects with `InvalidChartError` when the signature or hash does not match. */
export async function verifyChart(cfg: Configuration, options: VerifyChartOptions): Promise<Verification> {
  checkOptions('verifyChart', options, spec);
  requireOption('verifyChart', options, 'chart');
  const { signal, timeout, ...params } = options;
  const r = await cfg.call('chart.verify', params, { action: 'verifyChart', signal, timeout, retryOnCrash: true });
  return { signedBy: r.signedBy ?? [], fingerprint: r.fingerprint, fileHash: r.fileHash };
}
