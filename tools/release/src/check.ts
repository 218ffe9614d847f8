/**
 * publint and @arethetypeswrong/cli on each packed tarball: the exact bytes that get published.
 * The tools come from the workspace's devDependencies (node_modules/.bin); when they are not
 * installed the release says so and goes on, because a release without the check is still a valid
 * release of what the tests cover, and a missing tool is a setup problem the log makes visible.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import type { PackedPackage } from './pack.js';

export interface PackageTools {
  readonly publint?: string;
  readonly attw?: string;
}

export function findPackageTools(root: string): PackageTools {
  const bin = (name: string): string | undefined => {
    const path = join(root, 'node_modules', '.bin', name);
    return existsSync(path) ? path : undefined;
  };
  const publint = bin('publint');
  const attw = bin('attw');
  return { ...(publint ? { publint } : {}), ...(attw ? { attw } : {}) };
}

/** Runs the tools on one tarball; throws with their output when one of them fails. */
export async function checkTarball(packed: PackedPackage, tools: PackageTools): Promise<string[]> {
  const ran: string[] = [];
  if (tools.publint) {
    await run(packed, tools.publint, ['run', packed.tarball, '--strict']);
    ran.push('publint');
  }
  // A platform package carries only a binary: there are no entry points for attw to resolve.
  if (tools.attw && !packed.pkg.platformTarget) {
    await run(packed, tools.attw, [packed.tarball, '--profile', 'node16', '--format', 'table-flipped']);
    ran.push('attw');
  }
  return ran;
}

async function run(packed: PackedPackage, tool: string, args: readonly string[]): Promise<void> {
  const result = await execa(tool, args, { reject: false, all: true });
  if (result.exitCode !== 0) {
    throw new Error(`${packed.pkg.name}: ${tool.split('/').pop()} failed on ${packed.tarball}:\n${result.all}`);
  }
}
