/**
 * Finds the helm-sdk engine binary for this platform (DESIGN section 6).
 *
 * Order: the `enginePath` option, then `HELM_SDK_ENGINE_PATH`, then the installed platform package
 * `@helm-sdk/engine-<os>-<arch>`. An explicit choice that is broken is an error, never a reason to
 * silently use another binary.
 *
 * In a source checkout of helm-sdk (this package's go.mod is beside its package.json; the published
 * package has no go.mod) the engine built by scripts/build.sh comes before the platform package:
 * there the platform packages are workspace links whose bin/ holds release output of
 * scripts/build-platforms.sh, possibly from older sources, and must not shadow the fresh dev build.
 * A published install has no workspace build, so it is not tried and not listed there.
 *
 * Each candidate is only stat'ed and its first bytes read (to name the platform of a binary built
 * for another one); nothing is executed and no shell is involved.
 */
import { accessSync, constants, existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type BinaryPlatform, readBinaryPlatform, runsOn } from './binary-format.js';
import { EngineNotFoundError, type EngineSource, type ResolveAttempt, type ResolveFailure } from './not-found.js';

/** The file name of the engine binary on this platform. */
export const ENGINE_BINARY_NAME = process.platform === 'win32' ? 'helm-sdk-engine.exe' : 'helm-sdk-engine';

/** Every platform an engine package is published for, in Node's `<platform>-<arch>` names. */
export const ENGINE_PLATFORMS = ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'] as const;

/** The npm package that carries the engine for a platform, e.g. `@helm-sdk/engine-linux-x64`. */
export function platformPackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@helm-sdk/engine-${platform}-${arch}`;
}

export interface ResolvedEngine {
  readonly path: string;
  readonly source: EngineSource;
  readonly tried: readonly ResolveAttempt[];
}

export interface ResolveEngineOptions {
  /** An explicit path to the engine binary; wins over everything else. */
  readonly enginePath?: string | undefined;
  /** The environment to read `HELM_SDK_ENGINE_PATH` from. Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

interface Problem {
  readonly failure: ResolveFailure;
  readonly problem: string;
}

const HOST: BinaryPlatform = { os: process.platform, arch: process.arch };

/** Why `path` cannot be used as the engine on this host, or undefined when it can. Only reads the file. */
export function checkExecutable(path: string): string | undefined {
  return diagnose(path)?.problem;
}

function diagnose(path: string): Problem | undefined {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return { failure: 'missing', problem: 'does not exist' };
  }
  if (stats.isDirectory()) return { failure: 'directory', problem: 'a directory, not the binary' };
  if (!stats.isFile()) return { failure: 'not-a-file', problem: 'not a regular file' };
  if (process.platform !== 'win32') {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      return { failure: 'not-executable', problem: `not executable (mode ${(stats.mode & 0o777).toString(8)})` };
    }
  }
  // A script or an unknown format is given the benefit of the doubt (a wrapper script is fine);
  // a binary we recognise for another platform would only fail later with "exec format error".
  const platform = readBinaryPlatform(path);
  if (platform && !runsOn(platform, HOST)) {
    return { failure: 'wrong-platform', problem: `a ${platform.os}-${platform.arch} binary; this host is ${HOST.os}-${HOST.arch}` };
  }
  return undefined;
}

function packageRoot(): string {
  // src/resolve.ts and dist/index.js both sit one level below the package root; tsup's shims give
  // the CJS build an import.meta.url too.
  return join(dirname(fileURLToPath(import.meta.url)), '..');
}

/** True when this code runs from a helm-sdk source checkout rather than an installed package. */
export function isSourceCheckout(root: string = packageRoot()): boolean {
  return existsSync(join(root, 'go.mod'));
}

/** Resolves the engine binary or throws {@link EngineNotFoundError}. */
export function resolveEngine(options: ResolveEngineOptions = {}): ResolvedEngine {
  const tried: ResolveAttempt[] = [];
  const root = packageRoot();
  const requireFromHere = createRequire(join(root, 'package.json'));
  const notFound = (binaryInDirectory?: string): never => {
    throw new EngineNotFoundError(tried, {
      host: `${HOST.os}-${HOST.arch}`,
      platformPackage: platformPackageName(),
      foreignPackages: installedForeignPackages(requireFromHere),
      sourceCheckout: isSourceCheckout(root),
      binaryInDirectory,
    });
  };
  const attempt = (source: EngineSource, path: string): ResolvedEngine | undefined => {
    const found = diagnose(path);
    tried.push(found ? { source, path, ...found } : { source, path });
    return found ? undefined : { path, source, tried };
  };

  if (options.enginePath !== undefined) {
    return attempt('option', options.enginePath) ?? notFound(binaryInside(options.enginePath));
  }
  const fromEnv = (options.env ?? process.env).HELM_SDK_ENGINE_PATH;
  if (fromEnv) {
    return attempt('env', fromEnv) ?? notFound(binaryInside(fromEnv));
  }

  const workspaceBinary = join(root, 'bin', ENGINE_BINARY_NAME);
  const checkout = isSourceCheckout(root);
  if (checkout) {
    const found = attempt('workspace', workspaceBinary);
    if (found) return found;
  }

  const pkg = platformPackageName();
  let pkgDir: string | undefined;
  try {
    pkgDir = dirname(requireFromHere.resolve(`${pkg}/package.json`));
  } catch {
    tried.push({ source: 'platform-package', path: pkg, failure: 'package-not-installed', problem: 'package not installed' });
  }
  if (pkgDir !== undefined) {
    const binary = join(pkgDir, 'bin', ENGINE_BINARY_NAME);
    const found = diagnose(binary);
    if (!found) return { path: binary, source: 'platform-package', tried: [...tried, { source: 'platform-package', path: binary }] };
    // An installed package without its binary is a broken package, not a missing file the user chose.
    tried.push({
      source: 'platform-package',
      path: binary,
      ...(found.failure === 'missing' ? { failure: 'package-without-binary', problem: 'the package has no binary' } : found),
    });
  }
  return notFound();
}

function binaryInside(dir: string): string | undefined {
  for (const candidate of [join(dir, ENGINE_BINARY_NAME), join(dir, 'bin', ENGINE_BINARY_NAME)]) {
    if (diagnose(candidate) === undefined) return candidate;
  }
  return undefined;
}

function installedForeignPackages(requireFromHere: NodeJS.Require): string[] {
  const host = `${HOST.os}-${HOST.arch}`;
  return ENGINE_PLATFORMS.filter((target) => target !== host)
    .map((target) => `@helm-sdk/engine-${target}`)
    .filter((name) => {
      try {
        requireFromHere.resolve(`${name}/package.json`);
        return true;
      } catch {
        return false;
      }
    });
}
