/**
 * A user's project: a fresh directory under the system temp dir (outside the workspace, so no
 * parent node_modules or .npmrc can take part), with its own npm cache and an .npmrc that points at
 * the local registry only. Into it the test copies the consumer scripts and chart
 * (tools/dist-test/consumer) after `npm install`.
 */
import { cpSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { execa } from 'execa';
import { userEnv } from './user-env.js';

export const consumerFilesDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'consumer');

export interface Consumer {
  readonly dir: string;
  readonly nodeModules: string;
}

/** Creates the directory and runs `npm install <packages> ...npmArgs` in it against `registry`. */
export async function createConsumer(
  label: string,
  registry: string,
  packages: readonly string[],
  npmArgs: readonly string[] = [],
): Promise<Consumer> {
  const dir = mkdtempSync(join(tmpdir(), `helm-sdk-consumer-${label}-`));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify({ name: `consumer-${label}`, version: '1.0.0', private: true }, null, 2)}\n`);
  writeFileSync(join(dir, '.npmrc'), `registry=${registry}\n`);
  await execa(
    'npm',
    [
      'install',
      ...packages,
      ...npmArgs,
      '--userconfig',
      join(dir, '.npmrc'),
      '--cache',
      join(dir, '.npm-cache'),
      '--no-audit',
      '--no-fund',
      '--loglevel',
      'error',
    ],
    { cwd: dir, env: userEnv(), extendEnv: false },
  );
  cpSync(consumerFilesDir, dir, { recursive: true });
  return { dir, nodeModules: join(dir, 'node_modules') };
}

/** Every file under `root` whose name starts with `prefix` (symlinks are not followed). */
export function findFiles(root: string, prefix: string): string[] {
  const found: string[] = [];
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile() && entry.name.startsWith(prefix)) found.push(path);
    }
  };
  walk(root);
  return found;
}

/** Disk usage in KiB (`du -sk`), as a user would measure it. */
export async function diskKiB(path: string): Promise<number> {
  const { stdout } = await execa('du', ['-sk', path]);
  return Number(stdout.split(/\s+/)[0]);
}

export function formatKiB(kib: number): string {
  return kib >= 1024 ? `${(kib / 1024).toFixed(1)} MiB` : `${kib} KiB`;
}
