/**
 * `EngineNotFoundError` and the fix it suggests. The fix depends on the candidate that decided
 * the outcome: a broken explicit path, a platform package that is not installed (and why that
 * happens with each package manager), an incomplete package, or a binary for another platform.
 */

/** Where the resolver looked. */
export type EngineSource = 'option' | 'env' | 'platform-package' | 'workspace';

/** Why a candidate was not used. */
export type ResolveFailure =
  | 'missing'
  | 'directory'
  | 'not-a-file'
  | 'not-executable'
  | 'wrong-platform'
  | 'package-not-installed'
  | 'package-without-binary';

/** One place the resolver looked, and why it was not used (`problem` unset: it was used). */
export interface ResolveAttempt {
  readonly source: EngineSource;
  readonly path: string;
  /** A short, human-readable reason, e.g. `does not exist`, `a linux-arm64 binary; this host is linux-x64`. */
  readonly problem?: string;
  /** The same reason as a stable code to branch on. */
  readonly failure?: ResolveFailure;
}

/** Facts the fix text needs besides the attempts. */
export interface NotFoundContext {
  /** `<os>-<arch>` of this process. */
  readonly host: string;
  /** The platform package for this host. */
  readonly platformPackage: string;
  /** Platform packages for other hosts that are installed here (node_modules made elsewhere). */
  readonly foreignPackages: readonly string[];
  /** True in a helm-sdk source checkout, where the engine comes from scripts/build.sh. */
  readonly sourceCheckout?: boolean | undefined;
  /** A file the user probably meant when an explicit path is a directory. */
  readonly binaryInDirectory?: string | undefined;
}

const BRAND = Symbol.for('@helm-sdk/error');

/**
 * No usable engine binary: `tried` lists every candidate with its problem, `fix` says what to do.
 * Also a `HelmSdkError` of `@helm-sdk/core` (same brand, `code` `ENGINE_NOT_FOUND`).
 */
export class EngineNotFoundError extends Error {
  override readonly name = 'EngineNotFoundError';
  readonly code = 'ENGINE_NOT_FOUND';
  readonly tried: readonly ResolveAttempt[];
  readonly fix: string;

  constructor(tried: readonly ResolveAttempt[], context: NotFoundContext) {
    const fix = fixFor(tried, context);
    const lines = tried.map((t) => `  - ${t.source}: ${t.path}${t.problem ? ` (${t.problem})` : ''}`);
    super([`helm-sdk engine binary not found for ${context.host}. Tried:`, ...lines, `Fix: ${fix}`].join('\n'));
    this.tried = tried;
    this.fix = fix;
    Object.defineProperty(this, BRAND, { value: true });
  }

  static isInstance(value: unknown): value is EngineNotFoundError {
    return value instanceof Error && (value as { code?: unknown }).code === 'ENGINE_NOT_FOUND';
  }
}

function fixFor(tried: readonly ResolveAttempt[], context: NotFoundContext): string {
  const last = tried.at(-1);
  if (!last) return `install ${context.platformPackage}.`;
  if (last.source === 'option' || last.source === 'env') return explicitFix(last, context);
  if (context.sourceCheckout) {
    return 'build the engine of this checkout: `bash packages/engine-go/scripts/build.sh` (or `pnpm build`), or set HELM_SDK_ENGINE_PATH to an engine binary.';
  }
  const pkgAttempt = tried.find((t) => t.source === 'platform-package');
  if (pkgAttempt?.failure === 'package-not-installed') return notInstalledFix(context);
  if (pkgAttempt?.failure === 'wrong-platform') {
    return `reinstall ${context.platformPackage}: the installed copy carries ${pkgAttempt.problem?.split(';')[0]}, which cannot run here.`;
  }
  if (pkgAttempt?.failure === 'not-executable') {
    return `make ${pkgAttempt.path} executable (chmod +x), or reinstall ${context.platformPackage}; something extracted it without its file mode.`;
  }
  return `reinstall ${context.platformPackage}: it is installed but its binary is missing or unusable (${pkgAttempt?.problem ?? last.problem}).`;
}

function explicitFix(attempt: ResolveAttempt, context: NotFoundContext): string {
  const setting = attempt.source === 'env' ? 'HELM_SDK_ENGINE_PATH' : 'the enginePath option';
  const alternative =
    attempt.source === 'env'
      ? `or unset HELM_SDK_ENGINE_PATH to use the engine of ${context.platformPackage}`
      : `or leave enginePath out to use HELM_SDK_ENGINE_PATH or the engine of ${context.platformPackage}`;
  switch (attempt.failure) {
    case 'missing':
      return `${setting} is ${attempt.path}, which does not exist: set it to the path of a helm-sdk-engine binary, ${alternative}.`;
    case 'directory':
      return (
        `${setting} is ${attempt.path}, a directory: set it to the binary itself` +
        `${context.binaryInDirectory ? ` (did you mean ${context.binaryInDirectory}?)` : ''}, ${alternative}.`
      );
    case 'not-executable':
      return `${setting} is ${attempt.path}, which is not executable: run chmod +x on it, ${alternative}.`;
    case 'wrong-platform':
      return `${setting} is ${attempt.path}, ${attempt.problem}: point it at the ${context.host} engine, ${alternative}.`;
    default:
      return `${setting} is ${attempt.path} (${attempt.problem}): set it to a helm-sdk-engine binary, ${alternative}.`;
  }
}

function notInstalledFix(context: NotFoundContext): string {
  const [os, cpu] = context.host.split('-');
  const lines = [
    `install ${context.platformPackage}. It is an optional dependency of @helm-sdk/engine-go that npm, pnpm and Bun install only on ${context.host}, and it is missing when:`,
  ];
  if (context.foreignPackages.length > 0) {
    lines.push(
      `  - node_modules was installed on another platform (it has ${context.foreignPackages.join(', ')}), e.g. on a Mac and then ` +
        'copied or mounted into a Linux container: run the install again on this machine;',
    );
  }
  lines.push(
    '  - npm ran with --omit=optional or --no-optional (or omit=optional / optional=false in .npmrc): install again without it;',
    `  - pnpm's supportedArchitectures (pnpm-workspace.yaml or package.json "pnpm") does not list os "${os}" and cpu "${cpu}": add them, or "current";`,
    '  - the lockfile was written on another platform by a package manager that then skips the optional packages it did not record: ' +
      `run \`npm install ${context.platformPackage}\` (or delete node_modules and the lockfile and install again);`,
    'or set HELM_SDK_ENGINE_PATH (or the enginePath option) to an engine binary.',
  );
  return lines.join('\n');
}
