/**
 * Finds the helm-sdk engine binary for this platform.
 *
 * Order (DESIGN section 6): an explicit path, then `HELM_SDK_ENGINE_PATH`, then the installed
 * platform package `@helm-sdk/engine-<os>-<arch>`, then the binary built inside this workspace.
 * Each candidate is checked (regular file, executable) and recorded, so a failure can say exactly
 * what was tried and how to fix it. No postinstall step is involved: package managers skip them.
 */
import { accessSync, constants, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The file name of the engine binary on this platform. */
export const ENGINE_BINARY_NAME = process.platform === 'win32' ? 'helm-sdk-engine.exe' : 'helm-sdk-engine';

/** The npm package that carries the engine for this platform, e.g. `@helm-sdk/engine-linux-x64`. */
export function platformPackageName(platform: string = process.platform, arch: string = process.arch): string {
  return `@helm-sdk/engine-${platform}-${arch}`;
}

/** One place the resolver looked, and why it was not used. */
export interface ResolveAttempt {
  readonly source: 'option' | 'env' | 'platform-package' | 'workspace';
  readonly path: string;
  readonly problem?: string;
}

export interface ResolvedEngine {
  readonly path: string;
  readonly source: ResolveAttempt['source'];
  readonly tried: readonly ResolveAttempt[];
}

export interface ResolveEngineOptions {
  /** An explicit path to the engine binary; wins over everything else. */
  readonly enginePath?: string | undefined;
  /** The environment to read `HELM_SDK_ENGINE_PATH` from. Defaults to `process.env`. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** Thrown when no usable engine binary was found; `tried` lists every candidate and its problem. */
export class EngineNotFoundError extends Error {
  override readonly name = 'EngineNotFoundError';
  readonly code = 'ENGINE_NOT_FOUND';
  readonly tried: readonly ResolveAttempt[];

  constructor(tried: readonly ResolveAttempt[]) {
    const lines = tried.map((t) => `  - ${t.source}: ${t.path}${t.problem ? ` (${t.problem})` : ''}`);
    super(
      [
        `helm-sdk engine binary not found for ${process.platform}-${process.arch}. Tried:`,
        ...lines,
        `Fix: install ${platformPackageName()} (it is an optional dependency of @helm-sdk/engine-go; ` +
          'reinstall without --no-optional / --omit=optional), or set HELM_SDK_ENGINE_PATH ' +
          'or the enginePath option to an executable engine binary.',
      ].join('\n'),
    );
    this.tried = tried;
  }

  static isInstance(value: unknown): value is EngineNotFoundError {
    return value instanceof Error && (value as { code?: unknown }).code === 'ENGINE_NOT_FOUND';
  }
}

/** Why `path` cannot be used as the engine, or undefined when it can. */
export function checkExecutable(path: string): string | undefined {
  let stats: ReturnType<typeof statSync>;
  try {
    stats = statSync(path);
  } catch {
    return 'does not exist';
  }
  if (!stats.isFile()) return 'not a regular file';
  if (process.platform !== 'win32') {
    try {
      accessSync(path, constants.X_OK);
    } catch {
      return 'not executable';
    }
  }
  return undefined;
}

function moduleDir(): string {
  // tsup's shims give the CJS build an import.meta.url too.
  return dirname(fileURLToPath(import.meta.url));
}

/** Resolves the engine binary or throws {@link EngineNotFoundError}. */
export function resolveEngine(options: ResolveEngineOptions = {}): ResolvedEngine {
  const tried: ResolveAttempt[] = [];
  const attempt = (source: ResolveAttempt['source'], path: string): ResolvedEngine | undefined => {
    const problem = checkExecutable(path);
    tried.push(problem ? { source, path, problem } : { source, path });
    return problem ? undefined : { path, source, tried };
  };

  // An explicit choice that is broken is an error, not a reason to silently use another binary.
  if (options.enginePath !== undefined) {
    return attempt('option', options.enginePath) ?? throwNotFound(tried);
  }
  const fromEnv = (options.env ?? process.env).HELM_SDK_ENGINE_PATH;
  if (fromEnv) {
    return attempt('env', fromEnv) ?? throwNotFound(tried);
  }

  const pkg = platformPackageName();
  try {
    const require = createRequire(join(moduleDir(), 'index.js'));
    const pkgJson = require.resolve(`${pkg}/package.json`);
    const found = attempt('platform-package', join(dirname(pkgJson), 'bin', ENGINE_BINARY_NAME));
    if (found) return found;
  } catch {
    tried.push({ source: 'platform-package', path: pkg, problem: 'package not installed' });
  }

  // src/index.ts and dist/index.js both sit one level below the package root.
  const workspaceBinary = join(moduleDir(), '..', 'bin', ENGINE_BINARY_NAME);
  return attempt('workspace', workspaceBinary) ?? throwNotFound(tried);
}

function throwNotFound(tried: readonly ResolveAttempt[]): never {
  throw new EngineNotFoundError(tried);
}
