/**
 * `pnpm release --registry URL`: build everything, pack every publishable `@helm-sdk/*` package in
 * dependency order, check the tarballs, publish them. See RELEASING.md for the whole flow
 * (changesets first, then this).
 *
 * Stages, each timed: build (nx) -> engines (cross-builds of the platform binaries) -> verify
 * engines (each platform package holds a binary for its own OS and CPU) -> pack (`pnpm pack`, so
 * `workspace:*` becomes the exact version; manifests checked inside the tarball) -> check (publint,
 * attw) -> publish (`npm publish <tgz>`, platform packages first so no published package ever
 * points at a missing dependency).
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readBinaryPlatform } from '@helm-sdk/engine-go';
import { execa } from 'execa';
import { checkTarball, findPackageTools } from './check.js';
import { mapLimit } from './concurrency.js';
import { parseReleaseArgs, type ReleaseOptions, USAGE, UsageError } from './options.js';
import { manifestProblems, notExecutable, type PackedPackage, packPackage, readPackedManifest } from './pack.js';
import { Publisher } from './publish.js';
import { Stages } from './timing.js';
import { findPublishablePackages, publishOrder, type WorkspacePackage } from './workspace.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const platformBuildScript = join(root, 'packages', 'engine-go', 'scripts', 'build-platforms.sh');
/** Packs and checks run this many at a time; publishing stays sequential, in dependency order. */
const PARALLEL = 3;
const log = (line: string): void => {
  process.stdout.write(`${line}\n`);
};

async function release(options: ReleaseOptions): Promise<void> {
  const stages = new Stages(log);
  const all = publishOrder(findPublishablePackages(root));
  const packages = all.filter((p) => !p.platformTarget || options.targets.includes(p.platformTarget));
  const skipped = all.filter((p) => !packages.includes(p)).map((p) => p.name);
  log(`release of ${packages.length} packages to ${options.registry}${options.dryRun ? ' (dry run: nothing is published)' : ''}`);
  log(`order: ${packages.map((p) => `${p.name}@${p.version}`).join(', ')}`);
  if (skipped.length > 0) log(`not released (outside --targets): ${skipped.join(', ')}`);

  try {
    await stages.run('build (nx)', () => execa('pnpm', ['build'], { cwd: root, stdout: 'inherit', stderr: 'inherit' }));
    await stages.run('engines', () => buildEngines(options.targets));
    await stages.run('verify engines', async () => verifyEngines(packages, options.targets));

    const outDir = options.out ? resolve(options.out) : mkdtempSync(join(tmpdir(), 'helm-sdk-release-'));
    if (!options.out) removeOnSignal(outDir);
    mkdirSync(outDir, { recursive: true });
    const packed = await stages.run('pack', () => packAll(packages, outDir));
    await stages.run('check (publint, attw)', () => checkAll(packed));
    if (options.dryRun) {
      log(`dry run: ${packed.length} tarballs ${options.out ? `kept in ${outDir}` : 'checked'}, nothing published`);
    } else {
      await stages.run('publish', () => publishAll(packed, options));
    }
    if (!options.out) rmSync(outDir, { recursive: true, force: true });
  } finally {
    log(stages.summary('release timings'));
  }
}

/** Removes `dir` when the release is interrupted (Ctrl-C, a CI timeout) instead of leaving tarballs in /tmp. */
function removeOnSignal(dir: string): void {
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.on(signal, () => {
      rmSync(dir, { recursive: true, force: true });
      process.exit(130);
    });
  }
}

async function buildEngines(targets: readonly string[]): Promise<void> {
  log(`  targets: ${targets.join(', ')}`);
  if (!existsSync(platformBuildScript)) {
    log(`  ${platformBuildScript} not found: no platform binaries built`);
    return;
  }
  await execa('bash', [platformBuildScript, ...targets], { cwd: root, stdout: 'inherit', stderr: 'inherit' });
}

function verifyEngines(packages: readonly WorkspacePackage[], targets: readonly string[]): void {
  const platformPackages = packages.filter((p) => p.platformTarget);
  if (platformPackages.length === 0) {
    log('  no platform packages (packages/engine-<os>-<arch>) in this workspace: nothing to verify');
    return;
  }
  const problems: string[] = [];
  for (const target of targets) {
    const pkg = platformPackages.find((p) => p.platformTarget === target);
    if (!pkg) {
      problems.push(`no package @helm-sdk/engine-${target} for --targets ${target}`);
      continue;
    }
    const binary = join(pkg.dir, 'bin', target.startsWith('win32-') ? 'helm-sdk-engine.exe' : 'helm-sdk-engine');
    if (!existsSync(binary)) {
      problems.push(`${pkg.name}: ${binary} is missing`);
      continue;
    }
    const platform = readBinaryPlatform(binary);
    const actual = platform ? `${platform.os}-${platform.arch}` : 'unknown format';
    if (actual !== target) problems.push(`${pkg.name}: ${binary} is a ${actual} binary, expected ${target}`);
    else log(`  ${pkg.name}: ${binary} (${actual})`);
  }
  if (problems.length > 0) throw new Error(`engine binaries:\n  ${problems.join('\n  ')}`);
}

async function packAll(packages: readonly WorkspacePackage[], outDir: string): Promise<PackedPackage[]> {
  const versions = new Map(packages.map((p) => [p.name, p.version]));
  return mapLimit(packages, PARALLEL, async (pkg) => {
    const result = await packPackage(pkg, outDir);
    const problems = manifestProblems(await readPackedManifest(result.tarball), versions);
    const engines = result.files.filter((f) => f.startsWith('bin/helm-sdk-engine'));
    if (pkg.platformTarget && engines.length !== 1) problems.push(`expected one bin/helm-sdk-engine[.exe], found ${engines.length}`);
    for (const file of await notExecutable(result.tarball, engines)) problems.push(`${file} is not executable in the tarball`);
    if (problems.length > 0) throw new Error(`${pkg.name}: packed package.json:\n  ${problems.join('\n  ')}`);
    log(`  ${result.tarball} (${(result.bytes / 1024).toFixed(0)} KiB, ${result.files.length} files)`);
    return result;
  });
}

async function checkAll(packed: readonly PackedPackage[]): Promise<void> {
  const tools = findPackageTools(root);
  if (!tools.publint || !tools.attw) {
    log(`  ${[tools.publint ? '' : 'publint', tools.attw ? '' : 'attw'].filter(Boolean).join(' and ')} not installed: not run`);
  }
  await mapLimit(packed, PARALLEL, async (p) => {
    const ran = await checkTarball(p, tools);
    log(`  ${p.pkg.name}: ${ran.length > 0 ? `${ran.join(' + ')} ok` : 'no checks'}`);
  });
}

async function publishAll(packed: readonly PackedPackage[], options: ReleaseOptions): Promise<void> {
  const publisher = new Publisher({ registry: options.registry, tag: options.tag });
  try {
    for (const p of packed) {
      if (await publisher.isPublished(p.pkg.name, p.pkg.version)) {
        log(`  ${p.pkg.name}@${p.pkg.version} is already in the registry: skipped`);
        continue;
      }
      await publisher.publish(p.tarball);
      log(`  published ${p.pkg.name}@${p.pkg.version}${options.tag ? ` (tag ${options.tag})` : ''}`);
    }
  } finally {
    publisher.dispose();
  }
}

try {
  const options = parseReleaseArgs(process.argv.slice(2));
  if (options === 'help') {
    log(USAGE);
  } else {
    await release(options);
  }
} catch (error) {
  if (error instanceof UsageError) {
    process.stderr.write(`release: ${error.message}\n${USAGE}\n`);
    process.exitCode = 2;
  } else {
    process.stderr.write(`release failed: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  }
}
