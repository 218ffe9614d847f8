/**
 * The binary resolver of DESIGN section 6 and its diagnosis: the lookup order, one documented
 * message per way an explicit path can be wrong, the platform of a binary read from its header,
 * and, through the built dist/ copied into a node_modules tree the way a user install lays it
 * out, the installed cases (platform package present, missing, incomplete, for another platform).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { runsOn } from '../src/binary-format.js';
import {
  binaryPlatformOf,
  ENGINE_BINARY_NAME,
  ENGINE_PLATFORMS,
  ENGINE_VERSION,
  EngineNotFoundError,
  isSourceCheckout,
  platformPackageName,
  readBinaryPlatform,
  resolveEngine,
} from '../src/index.js';
import { executableHeader } from './headers.js';

const pkgRoot = join(dirname(fileURLToPath(import.meta.url)), '..');
const host = `${process.platform}-${process.arch}`;
const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-resolve-'));

function file(name: string, content: string | Buffer, mode: number): string {
  const path = join(dir, name);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
  chmodSync(path, mode);
  return path;
}

const script = file('engine', '#!/bin/sh\nexit 0\n', 0o755);
const notExecutable = file('plain', '', 0o644);
const aDirectory = join(dir, 'subdir');
mkdirSync(aDirectory);
const dirWithBinary = join(dir, 'unpacked');
file(join('unpacked', ENGINE_BINARY_NAME), '#!/bin/sh\n', 0o755);
// A platform the host cannot run, and a binary header for it.
const foreign = host === 'linux-arm64' ? 'linux-x64' : 'linux-arm64';
const [foreignOs, foreignArch] = foreign.split('-') as [string, string];
const foreignBinary = file('foreign-engine', executableHeader(foreignOs, foreignArch), 0o755);

function thrown(fn: () => unknown): EngineNotFoundError {
  try {
    fn();
  } catch (error) {
    if (EngineNotFoundError.isInstance(error)) return error;
    throw error;
  }
  throw new Error('expected EngineNotFoundError');
}

describe('resolveEngine: order', () => {
  it('prefers the explicit option over the environment', () => {
    const found = resolveEngine({ enginePath: script, env: { HELM_SDK_ENGINE_PATH: '/elsewhere' } });
    expect(found).toMatchObject({ path: script, source: 'option' });
  });

  it('uses HELM_SDK_ENGINE_PATH when no option is given', () => {
    expect(resolveEngine({ env: { HELM_SDK_ENGINE_PATH: script } })).toMatchObject({ path: script, source: 'env' });
  });

  it('in a source checkout, uses the workspace build before the workspace-linked platform package', () => {
    // The platform packages are linked into this checkout; their bin/ is release output that may
    // be older than the sources, so the build of scripts/build.sh must win.
    expect(isSourceCheckout()).toBe(true);
    const found = resolveEngine({ env: {} });
    expect(found.source).toBe('workspace');
    expect(found.path).toBe(join(pkgRoot, 'bin', ENGINE_BINARY_NAME));
    expect(found.tried).toEqual([{ source: 'workspace', path: found.path }]);
  });

  it('names the platform package after os and cpu', () => {
    expect(platformPackageName('linux', 'x64')).toBe('@helm-sdk/engine-linux-x64');
    expect(platformPackageName('win32', 'x64')).toBe('@helm-sdk/engine-win32-x64');
    expect(ENGINE_PLATFORMS).toEqual(['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64']);
  });
});

describe('resolveEngine: a broken HELM_SDK_ENGINE_PATH or enginePath is an error, never a fallback', () => {
  const cases = [
    {
      what: 'a missing file',
      path: join(dir, 'no-such-engine'),
      failure: 'missing',
      problem: 'does not exist',
      fix: 'which does not exist: set it to the path of a helm-sdk-engine binary',
    },
    {
      what: 'a directory (with a suggestion when the binary is inside)',
      path: dirWithBinary,
      failure: 'directory',
      problem: 'a directory, not the binary',
      fix: `a directory: set it to the binary itself (did you mean ${join(dirWithBinary, ENGINE_BINARY_NAME)}?)`,
    },
    {
      what: 'a directory without the binary',
      path: aDirectory,
      failure: 'directory',
      problem: 'a directory, not the binary',
      fix: 'a directory: set it to the binary itself, ',
    },
    {
      what: 'a file that is not executable',
      path: notExecutable,
      failure: 'not-executable',
      problem: 'not executable (mode 644)',
      fix: 'which is not executable: run chmod +x on it',
    },
    {
      what: 'a binary for another platform',
      path: foreignBinary,
      failure: 'wrong-platform',
      problem: `a ${foreign} binary; this host is ${host}`,
      fix: `point it at the ${host} engine`,
    },
  ] as const;

  for (const c of cases) {
    it(`HELM_SDK_ENGINE_PATH to ${c.what}`, () => {
      const error = thrown(() => resolveEngine({ env: { HELM_SDK_ENGINE_PATH: c.path } }));
      expect(error.tried).toEqual([{ source: 'env', path: c.path, failure: c.failure, problem: c.problem }]);
      expect(error.message).toContain(`helm-sdk engine binary not found for ${host}. Tried:\n  - env: ${c.path} (${c.problem})`);
      expect(error.fix).toContain(`HELM_SDK_ENGINE_PATH is ${c.path}`);
      expect(error.fix).toContain(c.fix);
      expect(error.fix).toContain(`or unset HELM_SDK_ENGINE_PATH to use the engine of ${platformPackageName()}`);
      expect(error.message.endsWith(`Fix: ${error.fix}`)).toBe(true);
      expect(error.code).toBe('ENGINE_NOT_FOUND');
    });

    it(`enginePath option to ${c.what}`, () => {
      const error = thrown(() => resolveEngine({ enginePath: c.path, env: { HELM_SDK_ENGINE_PATH: script } }));
      expect(error.tried).toEqual([{ source: 'option', path: c.path, failure: c.failure, problem: c.problem }]);
      expect(error.fix).toContain(`the enginePath option is ${c.path}`);
      expect(error.fix).toContain(c.fix);
      expect(error.fix).toContain('or leave enginePath out');
    });
  }
});

describe('binary platform detection (header bytes only)', () => {
  it('names the platform of an executable for each shipped target', () => {
    for (const target of ENGINE_PLATFORMS) {
      const [os, arch] = target.split('-') as [string, string];
      expect(binaryPlatformOf(executableHeader(os, arch))).toEqual({ os, arch });
    }
  });

  it("reads this host's platform from the real workspace engine", () => {
    expect(readBinaryPlatform(join(pkgRoot, 'bin', ENGINE_BINARY_NAME))).toEqual({ os: process.platform, arch: process.arch });
  });

  it('gives scripts and unknown formats the benefit of the doubt', () => {
    expect(readBinaryPlatform(script)).toBeUndefined();
    expect(binaryPlatformOf(Buffer.from('MZ'))).toBeUndefined();
    expect(binaryPlatformOf(new Uint8Array())).toBeUndefined();
    expect(resolveEngine({ enginePath: script }).path).toBe(script);
  });

  it('accepts what the host runs by emulation (Rosetta 2, Windows on Arm)', () => {
    expect(runsOn({ os: 'darwin', arch: 'x64' }, { os: 'darwin', arch: 'arm64' })).toBe(true);
    expect(runsOn({ os: 'win32', arch: 'x64' }, { os: 'win32', arch: 'arm64' })).toBe(true);
    expect(runsOn({ os: 'darwin', arch: 'arm64' }, { os: 'darwin', arch: 'x64' })).toBe(false);
    expect(runsOn({ os: 'linux', arch: 'arm64' }, { os: 'linux', arch: 'x64' })).toBe(false);
  });
});

describe('resolveEngine never runs a candidate or a shell', () => {
  it('only looks at files: an executable that would leave a marker is not run, and shell syntax in a path stays a file name', () => {
    const marker = join(dir, 'ran');
    const trap = file('trap-engine', `#!/bin/sh\ntouch '${marker}'\n`, 0o755);
    expect(resolveEngine({ enginePath: trap }).path).toBe(trap);
    const injected = `${join(dir, 'x')}; touch '${marker}' $(touch '${marker}') \`touch '${marker}'\``;
    expect(thrown(() => resolveEngine({ env: { HELM_SDK_ENGINE_PATH: injected } })).tried[0]).toMatchObject({
      path: injected,
      failure: 'missing',
    });
    expect(existsSync(marker)).toBe(false);
  });
});

/**
 * A user install: dist/ (built by this package's build target) copied to
 * node_modules/@helm-sdk/engine-go without go.mod, next to whichever platform packages a case
 * installs, and resolved in a fresh Node process as ESM or CommonJS.
 */
describe('resolveEngine in an installed copy', () => {
  const realEngine = join(pkgRoot, 'bin', ENGINE_BINARY_NAME);

  function install(platformPackages: Record<string, 'binary' | 'no-binary' | 'foreign-binary'>): string {
    const root = mkdtempSync(join(tmpdir(), 'helm-sdk-install-'));
    const engineGo = join(root, 'node_modules', '@helm-sdk', 'engine-go');
    cpSync(join(pkgRoot, 'dist'), join(engineGo, 'dist'), { recursive: true });
    cpSync(join(pkgRoot, 'package.json'), join(engineGo, 'package.json'));
    for (const [target, kind] of Object.entries(platformPackages)) {
      const pkgDir = join(root, 'node_modules', '@helm-sdk', `engine-${target}`);
      mkdirSync(join(pkgDir, 'bin'), { recursive: true });
      writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: `@helm-sdk/engine-${target}`, version: ENGINE_VERSION }));
      const binary = join(pkgDir, 'bin', ENGINE_BINARY_NAME);
      if (kind === 'binary') symlinkSync(realEngine, binary);
      if (kind === 'foreign-binary') {
        writeFileSync(binary, executableHeader(foreignOs, foreignArch));
        chmodSync(binary, 0o755);
      }
    }
    return root;
  }

  type Outcome = { path?: string; source?: string; tried?: unknown[]; message?: string; version?: string };

  function resolveIn(root: string, format: 'esm' | 'cjs'): Outcome {
    const entry = join(root, 'node_modules', '@helm-sdk', 'engine-go', 'dist', format === 'esm' ? 'index.js' : 'index.cjs');
    const body =
      'try { const r = m.resolveEngine({ env: {} }); out = { path: r.path, source: r.source, tried: r.tried }; }' +
      ' catch (e) { out = { message: e.message, tried: e.tried }; } out.version = m.ENGINE_VERSION; console.log(JSON.stringify(out));';
    const code =
      format === 'esm'
        ? `const m = await import(${JSON.stringify(entry)}); let out; ${body}`
        : `const m = require(${JSON.stringify(entry)}); let out; ${body}`;
    const args = format === 'esm' ? ['--input-type=module', '-e', code] : ['-e', code];
    // pnpm's bin shims (vitest's included) export a NODE_PATH into this workspace's store; a user's
    // process has none, and with it the workspace's platform packages would be found.
    const env = { ...process.env, NODE_PATH: '' };
    return JSON.parse(execFileSync(process.execPath, args, { cwd: root, encoding: 'utf8', env })) as Outcome;
  }

  it('exports its own version from the ESM and the CommonJS build alike', () => {
    const version = (JSON.parse(readFileSync(join(pkgRoot, 'package.json'), 'utf8')) as { version: string }).version;
    expect(ENGINE_VERSION).toBe(version);
    const root = install({ [host]: 'binary' });
    expect(resolveIn(root, 'esm').version).toBe(version);
    expect(resolveIn(root, 'cjs').version).toBe(version);
  });

  for (const format of ['esm', 'cjs'] as const) {
    it(`uses the platform package's binary and lists no workspace build (${format})`, () => {
      const root = install({ [host]: 'binary' });
      const binary = join(root, 'node_modules', '@helm-sdk', `engine-${host}`, 'bin', ENGINE_BINARY_NAME);
      expect(resolveIn(root, format)).toMatchObject({
        path: binary,
        source: 'platform-package',
        tried: [{ source: 'platform-package', path: binary }],
      });
    });
  }

  it('without the platform package: names it and why package managers leave it out', () => {
    const outcome = resolveIn(install({}), 'esm');
    const pkg = platformPackageName();
    expect(outcome.tried).toEqual([
      { source: 'platform-package', path: pkg, failure: 'package-not-installed', problem: 'package not installed' },
    ]);
    for (const expected of [
      `helm-sdk engine binary not found for ${host}. Tried:\n  - platform-package: ${pkg} (package not installed)\nFix: install ${pkg}.`,
      '--omit=optional or --no-optional',
      `supportedArchitectures (pnpm-workspace.yaml or package.json "pnpm") does not list os "${process.platform}" and cpu "${process.arch}"`,
      'the lockfile was written on another platform',
      `npm install ${pkg}`,
      'HELM_SDK_ENGINE_PATH',
    ]) {
      expect(outcome.message).toContain(expected);
    }
    expect(outcome.message).not.toContain('installed on another platform');
  });

  it('with only another platform’s package: says node_modules was installed elsewhere', () => {
    const outcome = resolveIn(install({ [foreign]: 'binary' }), 'cjs');
    expect(outcome.message).toContain(`node_modules was installed on another platform (it has @helm-sdk/engine-${foreign})`);
  });

  it('with a platform package that lacks its binary: says to reinstall it', () => {
    const root = install({ [host]: 'no-binary' });
    const outcome = resolveIn(root, 'esm');
    const binary = join(root, 'node_modules', '@helm-sdk', `engine-${host}`, 'bin', ENGINE_BINARY_NAME);
    expect(outcome.tried).toEqual([
      { source: 'platform-package', path: binary, failure: 'package-without-binary', problem: 'the package has no binary' },
    ]);
    expect(outcome.message).toContain(`Fix: reinstall ${platformPackageName()}: it is installed but its binary is missing`);
  });

  it('with a platform package that carries another platform’s binary: names both platforms', () => {
    const outcome = resolveIn(install({ [host]: 'foreign-binary' }), 'esm');
    expect(outcome.message).toContain(`(a ${foreign} binary; this host is ${host})`);
    expect(outcome.message).toContain(`Fix: reinstall ${platformPackageName()}: the installed copy carries a ${foreign} binary`);
  });
});
