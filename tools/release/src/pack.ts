/**
 * Packs a workspace package and checks what is inside the tarball: what a registry receives is
 * what users install, so the checks read the tarball, not the source `package.json`.
 *
 * JS packages are packed with `pnpm pack`, which rewrites `workspace:*` into the exact version and
 * applies `publishConfig`. Platform packages are packed with `npm pack`: pnpm stores every file that
 * is not a `bin` entry with mode 0644, which would publish an engine that cannot be executed (and
 * they have no `workspace:` ranges to rewrite).
 */
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { execa } from 'execa';
import type { WorkspacePackage } from './workspace.js';

export interface PackedPackage {
  readonly pkg: WorkspacePackage;
  readonly tarball: string;
  readonly files: readonly string[];
  readonly bytes: number;
}

interface PackJson {
  readonly filename: string;
  readonly files: readonly { readonly path: string }[];
}

interface PackedManifest {
  readonly name: string;
  readonly version: string;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

export async function packPackage(pkg: WorkspacePackage, destination: string): Promise<PackedPackage> {
  const tool = pkg.platformTarget ? 'npm' : 'pnpm';
  const { stdout } = await execa(tool, ['pack', '--pack-destination', destination, '--json', '--loglevel', 'error'], { cwd: pkg.dir });
  // pnpm prints one object with an absolute filename; npm an array with a bare file name.
  const parsed: unknown = JSON.parse(stdout);
  const result = (Array.isArray(parsed) ? parsed[0] : parsed) as PackJson | undefined;
  if (!result) throw new Error(`${pkg.name}: ${tool} pack printed no result`);
  const tarball = resolve(destination, result.filename);
  return { pkg, tarball, files: result.files.map((f) => f.path), bytes: statSync(tarball).size };
}

/** Files of a tarball whose mode lacks the executable bits: for an engine binary, unusable. */
export async function notExecutable(tarball: string, paths: readonly string[]): Promise<string[]> {
  const { stdout } = await execa('tar', ['-tvzf', tarball]);
  const modes = new Map(
    stdout
      .split('\n')
      .map((line) => line.trim().split(/\s+/))
      .map((cols) => [cols[cols.length - 1] ?? '', cols[0] ?? ''] as const),
  );
  return paths.filter((path) => !/^-rwx/.test(modes.get(`package/${path}`) ?? ''));
}

/** The `package/package.json` stored in a tarball. */
export async function readPackedManifest(tarball: string): Promise<PackedManifest> {
  const { stdout } = await execa('tar', ['-xzOf', tarball, 'package/package.json']);
  return JSON.parse(stdout) as PackedManifest;
}

/**
 * Problems with a packed manifest: a `workspace:` range left behind, or an `@helm-sdk/*`
 * dependency that is not exactly the version being released (all packages are versioned
 * together, one changesets `fixed` group).
 */
export function manifestProblems(manifest: PackedManifest, releaseVersions: ReadonlyMap<string, string>): string[] {
  const problems: string[] = [];
  for (const field of ['dependencies', 'optionalDependencies', 'peerDependencies'] as const) {
    for (const [dep, range] of Object.entries(manifest[field] ?? {})) {
      const expected = releaseVersions.get(dep);
      if (range.startsWith('workspace:')) problems.push(`${field}.${dep} is still "${range}"`);
      else if (expected !== undefined && range !== expected) problems.push(`${field}.${dep} is "${range}", expected exactly "${expected}"`);
    }
  }
  return problems;
}
