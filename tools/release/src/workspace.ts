/**
 * The publishable packages of the workspace and the order they must be published in.
 *
 * Publishable: a `package.json` under `packages/` whose name is `@helm-sdk/...` and that is not
 * `private`. Order: dependencies first (dependencies, optionalDependencies and peerDependencies
 * between the packages), so a registry never holds a package whose `@helm-sdk/*` dependency is not
 * there yet: the platform engines, then `engine-go`, then `core`, then `actions`, `chart`, `repo`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export interface WorkspacePackage {
  readonly name: string;
  readonly version: string;
  readonly dir: string;
  /** Names of the other `@helm-sdk/*` packages this one needs at install time. */
  readonly internalDependencies: readonly string[];
  /** Set for `@helm-sdk/engine-<os>-<arch>`: the `<os>-<arch>` target it carries. */
  readonly platformTarget?: string;
}

interface PackageJson {
  readonly name?: string;
  readonly version?: string;
  readonly private?: boolean;
  readonly dependencies?: Readonly<Record<string, string>>;
  readonly optionalDependencies?: Readonly<Record<string, string>>;
  readonly peerDependencies?: Readonly<Record<string, string>>;
}

const SCOPE = '@helm-sdk/';
const PLATFORM_PACKAGE = /^@helm-sdk\/engine-([a-z0-9]+-[a-z0-9]+)$/;

/** Every publishable `@helm-sdk/*` package under `<root>/packages`, unordered. */
export function findPublishablePackages(root: string): WorkspacePackage[] {
  const packagesDir = join(root, 'packages');
  const found: WorkspacePackage[] = [];
  for (const entry of readdirSync(packagesDir, { withFileTypes: true })) {
    const manifestPath = join(packagesDir, entry.name, 'package.json');
    if (!entry.isDirectory() || !existsSync(manifestPath)) continue;
    const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as PackageJson;
    if (!manifest.name?.startsWith(SCOPE) || manifest.private === true) continue;
    if (!manifest.version) throw new Error(`${manifestPath}: a publishable package needs a version`);
    const internal = new Set(
      [manifest.dependencies, manifest.optionalDependencies, manifest.peerDependencies]
        .flatMap((deps) => Object.keys(deps ?? {}))
        .filter((dep) => dep.startsWith(SCOPE)),
    );
    const target = PLATFORM_PACKAGE.exec(manifest.name)?.[1];
    found.push({
      name: manifest.name,
      version: manifest.version,
      dir: join(packagesDir, entry.name),
      internalDependencies: [...internal].sort(),
      ...(target ? { platformTarget: target } : {}),
    });
  }
  return found;
}

/**
 * Orders packages so that each comes after every package it depends on (a stable topological
 * sort: ties keep name order). Throws on a dependency cycle, naming the packages in it.
 */
export function publishOrder(packages: readonly WorkspacePackage[]): WorkspacePackage[] {
  const byName = new Map(packages.map((p) => [p.name, p]));
  const ordered: WorkspacePackage[] = [];
  const state = new Map<string, 'visiting' | 'done'>();
  const visit = (pkg: WorkspacePackage, path: readonly string[]): void => {
    const seen = state.get(pkg.name);
    if (seen === 'done') return;
    if (seen === 'visiting') throw new Error(`dependency cycle between packages: ${[...path, pkg.name].join(' -> ')}`);
    state.set(pkg.name, 'visiting');
    for (const dep of pkg.internalDependencies) {
      const target = byName.get(dep);
      if (target) visit(target, [...path, pkg.name]);
    }
    state.set(pkg.name, 'done');
    ordered.push(pkg);
  };
  for (const pkg of [...packages].sort((a, b) => a.name.localeCompare(b.name))) visit(pkg, []);
  return ordered;
}
