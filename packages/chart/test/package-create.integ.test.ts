/**
 * packageChart, createChart, loadChart and verifyChart against `helm package`, `helm create` and
 * `helm verify`: the same archive bytes, the same files, the same verdicts.
 */
import { cpSync, mkdtempSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { type HelmHome, repoRoot, runHelm } from '@helm-sdk/test-utils';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ChartNotFoundError,
  type Configuration,
  createChart,
  InvalidArgumentError,
  InvalidChartError,
  loadChart,
  packageChart,
  verifyChart,
} from '../src/index.js';
import { emitted, sdk } from './setup.js';

const keys = join(__dirname, 'fixtures/keys');
const tmp = (p = 'helm-sdk-pkg-') => mkdtempSync(join(tmpdir(), p));
let cfg: Configuration;
let home: HelmHome;
beforeAll(() => {
  ({ cfg, home } = sdk());
});
afterAll(async () => {
  await cfg.close();
  expect(emitted.join('\n')).not.toContain('secret-passphrase-of-test');
});

/** A private copy of a fixture chart with fixed file times, as a user's checkout would have. */
function chartCopy(name: string): string {
  const dir = join(tmp('helm-sdk-chart-'), name);
  cpSync(join(repoRoot, 'tools/fixtures/charts', name), dir, { recursive: true });
  return dir;
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((d) => d.isFile())
    .map((d) => relative(dir, join(d.parentPath, d.name)))
    .sort();
}

describe('packageChart', () => {
  for (const name of ['helpers', 'parent', 'schema', 'crds', 'library-app']) {
    it(`${name}: archive byte-identical to helm package`, async () => {
      const chart = chartCopy(name);
      const sdkOut = tmp();
      const cliOut = tmp();
      const res = await packageChart(cfg, { chart, destination: sdkOut });
      const cli = await runHelm(['package', chart, '-d', cliOut], home.env);
      expect(cli.exitCode, cli.stderr).toBe(0);
      const file = readdirSync(cliOut)[0] ?? '';
      expect(res.path).toBe(join(sdkOut, file));
      expect(readFileSync(res.path ?? '').equals(readFileSync(join(cliOut, file)))).toBe(true);
    });
  }

  it('stamps sourceDateEpoch like SOURCE_DATE_EPOCH, with version and appVersion overrides', async () => {
    const chart = chartCopy('helpers');
    const cliOut = tmp();
    const cli = await runHelm(['package', chart, '-d', cliOut, '--version', '2.3.4', '--app-version', 'v9'], {
      ...home.env,
      SOURCE_DATE_EPOCH: '1700000000',
    });
    expect(cli.exitCode, cli.stderr).toBe(0);
    // Touch the files: with an epoch their times must not matter.
    const now = new Date();
    for (const f of walk(chart)) utimesSync(join(chart, f), now, now);
    const res = await packageChart(cfg, {
      chart,
      version: '2.3.4',
      appVersion: 'v9',
      sourceDateEpoch: new Date(1_700_000_000_000),
      returnBytes: true,
    });
    expect(res.path).toBeUndefined();
    expect(res.version).toBe('2.3.4');
    const file = readdirSync(cliOut)[0] ?? '';
    expect(Buffer.from(res.data ?? []).equals(readFileSync(join(cliOut, file)))).toBe(true);
  });

  it('signs with an unencrypted key; helm verify and verifyChart accept the result', async () => {
    const chart = chartCopy('helpers');
    const out = tmp();
    const res = await packageChart(cfg, {
      chart,
      destination: out,
      sign: true,
      key: 'helm-test',
      keyring: join(keys, 'helm-test-key.secret'),
    });
    expect(res.provPath).toBe(`${res.path}.prov`);
    const cli = await runHelm(['verify', res.path ?? '', '--keyring', join(keys, 'helm-test-key.pub')], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const v = await verifyChart(cfg, { chart: res.path ?? '', keyring: join(keys, 'helm-test-key.pub') });
    expect(v.signedBy.join()).toContain('helm-testing@helm.sh');
    expect(cli.stdout).toContain(`Using Key With Fingerprint: ${v.fingerprint}`);
    expect(cli.stdout).toContain(`Chart Hash Verified: ${v.fileHash}`);
  });

  it('signs with an encrypted key given its passphrase, never prompting', async () => {
    const chart = chartCopy('helpers');
    const keyring = join(keys, 'helm-password-key.secret');
    const key = 'password key (fake) <fake@helm.sh>';
    const res = await packageChart(cfg, { chart, sign: true, key, keyring, passphrase: 'secret', returnBytes: true });
    expect(new TextDecoder().decode(res.provData)).toContain('-----BEGIN PGP SIGNATURE-----');
    const none = await packageChart(cfg, { chart, destination: tmp(), sign: true, key, keyring, timeout: 20_000 }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(none), String(none)).toBe(true);
    expect((none as Error).message).toContain('no passphrase');
    const wrong = await packageChart(cfg, {
      chart,
      destination: tmp(),
      sign: true,
      key,
      keyring,
      passphrase: 'secret-passphrase-of-test',
    }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(wrong), String(wrong)).toBe(true);
    emitted.push((wrong as Error).message);
  });

  it('verifyChart rejects a tampered archive', async () => {
    const chart = chartCopy('helpers');
    const out = tmp();
    const res = await packageChart(cfg, {
      chart,
      destination: out,
      sign: true,
      key: 'helm-test',
      keyring: join(keys, 'helm-test-key.secret'),
    });
    const bytes = readFileSync(res.path ?? '');
    const at = bytes.length - 10;
    bytes[at] = (bytes[at] ?? 0) ^ 0xff;
    writeFileSync(res.path ?? '', bytes);
    const err = await verifyChart(cfg, { chart: res.path ?? '', keyring: join(keys, 'helm-test-key.pub') }).catch((e: unknown) => e);
    expect(InvalidChartError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(res.path ?? '');
  });

  it('rejects a version that is not semver, naming it', async () => {
    const err = await packageChart(cfg, { chart: chartCopy('helpers'), version: 'one.two', destination: tmp() }).catch((e: unknown) => e);
    expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
    expect((err as InvalidArgumentError).input).toBe('version');
    expect((err as Error).message).toContain('one.two');
  });

  it('rejects a non-chart directory and a missing one, naming them', async () => {
    const empty = tmp();
    const err = await packageChart(cfg, { chart: empty, destination: tmp() }).catch((e: unknown) => e);
    expect(InvalidChartError.isInstance(err), String(err)).toBe(true);
    expect((err as Error).message).toContain(empty);
    const missing = await packageChart(cfg, { chart: '/nonexistent/chart-dir' }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain('/nonexistent/chart-dir');
  });
});

describe('createChart', () => {
  it('creates the same files as helm create', async () => {
    const sdkDir = tmp();
    const cliDir = tmp();
    const res = await createChart(cfg, { name: join(sdkDir, 'mychart') });
    expect(res.path).toBe(join(sdkDir, 'mychart'));
    const cli = await runHelm(['create', join(cliDir, 'mychart')], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const files = walk(join(cliDir, 'mychart'));
    expect(walk(res.path)).toEqual(files);
    expect(files.length).toBeGreaterThan(8);
    for (const f of files) {
      expect(readFileSync(join(res.path, f), 'utf8'), f).toBe(readFileSync(join(cliDir, 'mychart', f), 'utf8'));
    }
    expect(statSync(join(res.path, 'Chart.yaml')).isFile()).toBe(true);
  });

  it('creates from a starter given by absolute path, as helm create --starter', async () => {
    const starter = chartCopy('helpers');
    const sdkDir = tmp();
    const cliDir = tmp();
    await createChart(cfg, { name: join(sdkDir, 'fromstarter'), starter });
    const cli = await runHelm(['create', join(cliDir, 'fromstarter'), '--starter', starter], home.env);
    expect(cli.exitCode, cli.stderr).toBe(0);
    const files = walk(join(cliDir, 'fromstarter'));
    expect(walk(join(sdkDir, 'fromstarter'))).toEqual(files);
    for (const f of files)
      expect(readFileSync(join(sdkDir, 'fromstarter', f), 'utf8')).toBe(readFileSync(join(cliDir, 'fromstarter', f), 'utf8'));
  });

  it('rejects an unknown starter, naming it', async () => {
    const err = await createChart(cfg, { name: join(tmp(), 'x'), starter: 'no-such-starter' }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(err)).toBe(true);
    expect((err as Error).message).toContain('no-such-starter');
  });
});

describe('loadChart', () => {
  it('returns metadata, values, schema, dependencies and files of a directory', async () => {
    const c = await loadChart(cfg, { chart: chartCopy('schema') });
    expect(c.metadata.name).toBe('schema');
    expect(c.schema).toBeTypeOf('object');
    expect(c.files).toContain('values.schema.json');
    expect(c.files).toContain('Chart.yaml');
    const p = await loadChart(cfg, { chart: chartCopy('parent') });
    expect(p.subcharts).toEqual(['child']);
    expect(p.dependencies.map((d) => d.name)).toContain('child');
  });

  it('loads archive bytes and agrees with the directory', async () => {
    const chart = chartCopy('helpers');
    const pkg = await packageChart(cfg, { chart, returnBytes: true });
    const fromBytes = await loadChart(cfg, { chart: pkg.data ?? new Uint8Array() });
    const fromDir = await loadChart(cfg, { chart });
    expect(fromBytes).toEqual(fromDir);
  });

  it('rejects a corrupt archive, a non-chart directory and a missing path with typed errors', async () => {
    const corrupt = await loadChart(cfg, { chart: new Uint8Array([0x1f, 0x8b, 1, 2, 3]) }).catch((e: unknown) => e);
    expect(InvalidChartError.isInstance(corrupt), String(corrupt)).toBe(true);
    expect((corrupt as InvalidChartError).input).toBe('chartData');
    const bad = join(tmp(), 'bad.tgz');
    writeFileSync(bad, 'not a tarball');
    const corruptFile = await loadChart(cfg, { chart: bad }).catch((e: unknown) => e);
    expect(InvalidChartError.isInstance(corruptFile), String(corruptFile)).toBe(true);
    expect((corruptFile as Error).message).toContain(bad);
    const empty = tmp();
    const notChart = await loadChart(cfg, { chart: empty }).catch((e: unknown) => e);
    expect(InvalidChartError.isInstance(notChart), String(notChart)).toBe(true);
    expect((notChart as Error).message).toContain(empty);
    const missing = await loadChart(cfg, { chart: '/nonexistent/nochart' }).catch((e: unknown) => e);
    expect(ChartNotFoundError.isInstance(missing)).toBe(true);
    expect((missing as Error).message).toContain('/nonexistent/nochart');
  });
});
