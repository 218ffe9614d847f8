/**
 * Tools the dist test takes from the npm registry, pinned to exact versions and installed once into
 * `~/.cache/helm-sdk/tools/<name>-<version>` (outside the repository, so fresh clones reuse them
 * and the workspace's own install stays small):
 *
 * - Node 24 from the `node` package (its preinstall fetches `node-<os>-<arch>` of the same version);
 * - Bun from the `bun` package (its optional `@oven/bun-<os>-<arch>` carries the binary);
 * - verdaccio, with the committed `tools/dist-test/verdaccio/package-lock.json` (`npm ci`), whose
 *   directory name carries a hash of that lockfile so an updated lockfile gets a fresh install.
 *
 * An install goes to a temp directory first and is renamed into place only when it works, so an
 * interrupted download never leaves a half-installed cache that later runs would trust.
 */
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { cacheRoot } from '@helm-sdk/testenv';
import { execa } from 'execa';
import { userEnv } from './user-env.js';

export const NODE24_VERSION = '24.21.0';
export const NODE22_VERSION = '22.23.3';
export const BUN_VERSION = '1.4.5';

const verdaccioDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'verdaccio');

export interface CachedTool {
  /** Absolute path of the executable (or, for verdaccio, of its entry script). */
  readonly bin: string;
  /** True when this run downloaded it. */
  readonly downloaded: boolean;
  readonly seconds: number;
}

const npmQuiet = ['--no-audit', '--no-fund', '--loglevel', 'error'];

async function cached(name: string, bin: string, install: (dir: string) => Promise<void>): Promise<CachedTool> {
  const start = performance.now();
  const dir = join(cacheRoot(), 'tools', name);
  const target = join(dir, bin);
  if (existsSync(target)) return { bin: target, downloaded: false, seconds: (performance.now() - start) / 1000 };
  const staging = `${dir}.tmp-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  try {
    await install(staging);
    if (!existsSync(join(staging, bin))) throw new Error(`installing ${name}: ${bin} is missing after the install`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
  } finally {
    rmSync(staging, { recursive: true, force: true });
  }
  return { bin: target, downloaded: true, seconds: (performance.now() - start) / 1000 };
}

async function npmInstallExact(dir: string, spec: string): Promise<void> {
  await execa('npm', ['install', '--prefix', dir, ...npmQuiet, spec], { env: userEnv(), extendEnv: false });
}

/** Checks that `bin --version` prints `expected` (the `node` package swaps its bin in a preinstall). */
async function assertVersion(bin: string, expected: string): Promise<void> {
  const { stdout } = await execa(bin, ['--version'], { env: userEnv(), extendEnv: false });
  if (stdout.trim() !== expected) throw new Error(`${bin} --version printed "${stdout.trim()}", expected "${expected}"`);
}

/** A pinned Node from the npm registry's `node` package, cached in ~/.cache/helm-sdk/tools/node-<version>. */
export async function ensureNode(version: string): Promise<CachedTool> {
  const tool = await cached(`node-${version}`, 'node_modules/node/bin/node', (dir) => npmInstallExact(dir, `node@${version}`));
  await assertVersion(tool.bin, `v${version}`);
  return tool;
}

export function ensureNode24(): Promise<CachedTool> {
  return ensureNode(NODE24_VERSION);
}

export async function ensureBun(): Promise<CachedTool> {
  const tool = await cached(`bun-${BUN_VERSION}`, 'node_modules/bun/bin/bun.exe', (dir) => npmInstallExact(dir, `bun@${BUN_VERSION}`));
  await assertVersion(tool.bin, BUN_VERSION);
  return tool;
}

export function verdaccioVersion(): string {
  const manifest = JSON.parse(readFileSync(join(verdaccioDir, 'package.json'), 'utf8')) as { dependencies: { verdaccio: string } };
  return manifest.dependencies.verdaccio;
}

export async function ensureVerdaccio(): Promise<CachedTool> {
  const lock = readFileSync(join(verdaccioDir, 'package-lock.json'));
  const hash = createHash('sha256').update(lock).digest('hex').slice(0, 12);
  return cached(`verdaccio-${verdaccioVersion()}-${hash}`, 'node_modules/verdaccio/bin/verdaccio', async (dir) => {
    copyFileSync(join(verdaccioDir, 'package.json'), join(dir, 'package.json'));
    copyFileSync(join(verdaccioDir, 'package-lock.json'), join(dir, 'package-lock.json'));
    await execa('npm', ['ci', ...npmQuiet], { cwd: dir, env: userEnv(), extendEnv: false });
  });
}
