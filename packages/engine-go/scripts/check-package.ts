/**
 * Checks the tarball a package would publish, in the package's directory (every publishable
 * package's `check:package` runs it; `pnpm check:packages` runs them all).
 *
 * It packs the way the release must: `pnpm pack` for the JS packages (`workspace:*` replaced by
 * versions, `publishConfig` applied, the root LICENSE added), `npm pack` for the platform packages,
 * because pnpm packs every file that is not a `bin` entry with mode 0644, which would publish an
 * engine binary that cannot be executed. Then it checks the tarball itself:
 *   - publint --strict, and @arethetypeswrong/cli with the node16 profile (node16 from ESM and
 *     from CJS, and bundler) for packages with entry points;
 *   - README.md and LICENSE (the repository's, byte for byte) inside, a `license` field, no install scripts, no `workspace:`
 *     range, every `@helm-sdk/*` dependency pinned to exactly this version (one fixed group);
 *   - no `@helm-sdk/source` condition (it points at src/, which is not published), and the
 *     published `exports` equal the workspace ones without it (so the two cannot drift);
 *   - @helm-sdk/engine-go: no engine binary inside, and all five platform packages as
 *     optional dependencies;
 *   - a platform package: exactly `bin/helm-sdk-engine[.exe]` besides the manifest, README and
 *     LICENSE, executable, and built for the package's own `os`/`cpu` (read from its header).
 *
 * Usage (in a package directory): tsx ../engine-go/scripts/check-package.ts
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { binaryPlatformOf } from '../src/binary-format.js';
import { ENGINE_PLATFORMS } from '../src/resolve.js';

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };
type Manifest = { [key: string]: Json };

const started = performance.now();
const dir = process.cwd();
const workspace = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')) as Manifest;
const name = String(workspace.name);
const failures: string[] = [];
const fail = (message: string): void => {
  failures.push(message);
};

const platform = /^@helm-sdk\/engine-([a-z0-9]+)-([a-z0-9]+)$/.exec(name);
const work = mkdtempSync(join(tmpdir(), 'helm-sdk-check-package-'));
try {
  const [packer, ...quiet] = platform ? ['npm', '--loglevel', 'error'] : ['pnpm'];
  execFileSync(packer ?? 'pnpm', ['pack', '--pack-destination', work, ...quiet], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  const tarball = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tarball) throw new Error(`${name}: pnpm pack wrote no tarball`);
  const tgz = join(work, tarball);
  const unpacked = join(work, 'unpacked');
  execFileSync('mkdir', [unpacked]);
  execFileSync('tar', ['xzf', tgz, '-C', unpacked]);
  const root = join(unpacked, 'package');
  const files = listFiles(root);
  const packed = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Manifest;
  const version = String(packed.version);

  checkCommon(packed, files, version);
  if (files.includes('LICENSE') && !readFileSync(join(root, 'LICENSE')).equals(readFileSync(join(dir, '..', '..', 'LICENSE')))) {
    fail('LICENSE differs from the repository LICENSE');
  }
  if (platform) checkPlatformPackage(packed, files, root, platform[1] ?? '', platform[2] ?? '');
  else checkExports(packed, files);
  if (name === '@helm-sdk/engine-go') checkEngineGo(packed, files, version);

  const tools: string[] = [];
  run('publint', ['run', tgz, '--strict'], tools);
  // attw resolves entry points and their types; a platform package has none, only a binary.
  if (!platform) run('attw', [tgz, '--profile', 'node16', '--format', 'table-flipped'], tools);

  const ms = Math.round(performance.now() - started);
  const size = statSync(tgz).size;
  if (failures.length > 0) {
    console.error(`${name}: FAILED (${ms} ms)\n${failures.map((f) => `  - ${f}`).join('\n')}`);
    process.exitCode = 1;
  } else {
    console.log(`${name}: ok (${tools.join(', ')}, ${files.length} files, ${formatBytes(size)} packed, ${ms} ms)`);
  }
} finally {
  rmSync(work, { recursive: true, force: true });
}

function checkCommon(packed: Manifest, files: readonly string[], version: string): void {
  for (const required of ['README.md', 'LICENSE', 'package.json']) {
    if (!files.includes(required)) fail(`the tarball has no ${required}`);
  }
  if (typeof packed.license !== 'string') fail('no "license" field');
  const scripts = (packed.scripts ?? {}) as Manifest;
  for (const hook of ['preinstall', 'install', 'postinstall']) {
    if (hook in scripts) fail(`an install script "${hook}": npm 12, pnpm 10 and Bun skip them, so nothing may depend on one`);
  }
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies']) {
    for (const [dep, range] of Object.entries((packed[field] ?? {}) as Manifest)) {
      if (String(range).startsWith('workspace:')) fail(`${field}.${dep} is still "${String(range)}"`);
      if (dep.startsWith('@helm-sdk/') && range !== version) fail(`${field}.${dep} is "${String(range)}", not exactly ${version}`);
    }
  }
  if (JSON.stringify(packed.exports ?? null).includes('@helm-sdk/source')) {
    fail('the published exports keep the "@helm-sdk/source" condition (src/ is not published): list exports without it in publishConfig');
  }
}

function checkExports(packed: Manifest, files: readonly string[]): void {
  const expected = withoutSourceCondition(workspace.exports ?? null);
  if (JSON.stringify(packed.exports ?? null) !== JSON.stringify(expected)) {
    fail(`publishConfig.exports is not the workspace "exports" without "@helm-sdk/source":\n    ${JSON.stringify(packed.exports)}`);
  }
  if (!files.some((f) => f.startsWith('dist/'))) fail('the tarball has no dist/ (build first)');
}

function checkEngineGo(packed: Manifest, files: readonly string[], version: string): void {
  const binaries = files.filter((f) => /(^|\/)helm-sdk-engine(\.exe)?$/.test(f));
  if (binaries.length > 0) fail(`carries engine binaries (${binaries.join(', ')}): the platform packages carry them`);
  const optional = (packed.optionalDependencies ?? {}) as Manifest;
  for (const target of ENGINE_PLATFORMS) {
    const dep = `@helm-sdk/engine-${target}`;
    if (optional[dep] !== version) fail(`optionalDependencies.${dep} is ${JSON.stringify(optional[dep])}, not ${version}`);
  }
}

function checkPlatformPackage(packed: Manifest, files: readonly string[], root: string, os: string, cpu: string): void {
  if (JSON.stringify(packed.os) !== JSON.stringify([os])) fail(`"os" is ${JSON.stringify(packed.os)}, not ["${os}"]`);
  if (JSON.stringify(packed.cpu) !== JSON.stringify([cpu])) fail(`"cpu" is ${JSON.stringify(packed.cpu)}, not ["${cpu}"]`);
  if (JSON.stringify(packed.files) !== JSON.stringify(['bin'])) fail(`"files" is ${JSON.stringify(packed.files)}, not ["bin"]`);
  const binary = `bin/helm-sdk-engine${os === 'win32' ? '.exe' : ''}`;
  const extra = files.filter((f) => ![binary, 'package.json', 'README.md', 'LICENSE'].includes(f));
  if (extra.length > 0) fail(`unexpected files: ${extra.join(', ')}`);
  if (!files.includes(binary)) {
    fail(`no ${binary}: run \`bash packages/engine-go/scripts/build-platforms.sh ${os}-${cpu}\` first`);
    return;
  }
  const path = join(root, binary);
  if (os !== 'win32' && (statSync(path).mode & 0o111) === 0) fail(`${binary} is not executable in the tarball`);
  const header = readFileSync(path).subarray(0, 4096);
  const found = binaryPlatformOf(header);
  if (!found || found.os !== os || found.arch !== cpu) {
    fail(`${binary} is a ${found ? `${found.os}-${found.arch}` : 'unknown-format'} binary, not ${os}-${cpu}`);
  }
}

function withoutSourceCondition(value: Json): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).flatMap(([k, v]) => (k === '@helm-sdk/source' ? [] : [[k, withoutSourceCondition(v)]])));
}

function run(tool: string, args: readonly string[], ran: string[]): void {
  try {
    execFileSync(tool, args, { cwd: dir, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } });
    ran.push(tool);
  } catch (error) {
    const e = error as { stdout?: string; stderr?: string; message: string };
    fail(`${tool} failed:\n${e.stdout ?? ''}${e.stderr ?? ''}`.trimEnd() || `${tool} failed: ${e.message}`);
  }
}

function listFiles(base: string, prefix = ''): string[] {
  return readdirSync(join(base, prefix), { withFileTypes: true }).flatMap((entry) => {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    return entry.isDirectory() ? listFiles(base, rel) : [rel];
  });
}

function formatBytes(bytes: number): string {
  return bytes > 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MiB` : `${(bytes / 1024).toFixed(1)} KiB`;
}
