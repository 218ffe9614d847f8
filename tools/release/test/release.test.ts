/**
 * The release pipeline's pure parts: which packages it publishes and in which order, what it
 * refuses in a packed manifest, how it recognises a binary's platform, and its command line.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mapLimit } from '../src/concurrency.js';
import { parseReleaseArgs, UsageError } from '../src/options.js';
import { manifestProblems, notExecutable, packPackage, readPackedManifest } from '../src/pack.js';
import { registryAuthKey } from '../src/publish.js';
import { findPublishablePackages, publishOrder, type WorkspacePackage } from '../src/workspace.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

function fakeWorkspace(manifests: readonly Record<string, unknown>[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'release-test-'));
  for (const [i, manifest] of manifests.entries()) {
    mkdirSync(join(dir, 'packages', `p${i}`), { recursive: true });
    writeFileSync(join(dir, 'packages', `p${i}`, 'package.json'), JSON.stringify(manifest));
  }
  return dir;
}

describe('publishOrder', () => {
  it('puts platform engines, then engine-go, then core before the feature packages', () => {
    const dir = fakeWorkspace([
      { name: '@helm-sdk/actions', version: '1.0.0', dependencies: { '@helm-sdk/core': 'workspace:*' } },
      { name: '@helm-sdk/core', version: '1.0.0', dependencies: { '@helm-sdk/engine-go': 'workspace:*', execa: '9.6.1' } },
      {
        name: '@helm-sdk/engine-go',
        version: '1.0.0',
        optionalDependencies: { '@helm-sdk/engine-linux-x64': 'workspace:*', '@helm-sdk/engine-win32-x64': 'workspace:*' },
      },
      { name: '@helm-sdk/engine-win32-x64', version: '1.0.0', os: ['win32'] },
      { name: '@helm-sdk/engine-linux-x64', version: '1.0.0', os: ['linux'] },
      { name: '@helm-sdk/chart', version: '1.0.0', dependencies: { '@helm-sdk/core': 'workspace:*' } },
      { name: '@helm-sdk/test-utils', version: '0.0.0', private: true },
      { name: 'not-ours', version: '1.0.0' },
    ]);
    const order = publishOrder(findPublishablePackages(dir)).map((p) => p.name);
    expect(order).toEqual([
      '@helm-sdk/engine-linux-x64',
      '@helm-sdk/engine-win32-x64',
      '@helm-sdk/engine-go',
      '@helm-sdk/core',
      '@helm-sdk/actions',
      '@helm-sdk/chart',
    ]);
    const platforms = findPublishablePackages(dir).flatMap((p) => (p.platformTarget ? [p.platformTarget] : []));
    expect(platforms.sort()).toEqual(['linux-x64', 'win32-x64']);
  });

  it('names the packages of a dependency cycle', () => {
    const pkg = (name: string, deps: string[]): WorkspacePackage => ({ name, version: '1.0.0', dir: '/x', internalDependencies: deps });
    expect(() => publishOrder([pkg('@helm-sdk/a', ['@helm-sdk/b']), pkg('@helm-sdk/b', ['@helm-sdk/a'])])).toThrow(
      '@helm-sdk/a -> @helm-sdk/b -> @helm-sdk/a',
    );
  });

  it('orders the real workspace with core after engine-go and actions after core', () => {
    const order = publishOrder(findPublishablePackages(root)).map((p) => p.name);
    expect(order.indexOf('@helm-sdk/engine-go')).toBeLessThan(order.indexOf('@helm-sdk/core'));
    expect(order.indexOf('@helm-sdk/core')).toBeLessThan(order.indexOf('@helm-sdk/actions'));
    expect(order).not.toContain('@helm-sdk/test-utils');
    for (const platform of order.filter((n) => /^@helm-sdk\/engine-.+-.+$/.test(n))) {
      expect(order.indexOf(platform)).toBeLessThan(order.indexOf('@helm-sdk/engine-go'));
    }
  });
});

describe('manifestProblems', () => {
  const versions = new Map([
    ['@helm-sdk/core', '1.2.0'],
    ['@helm-sdk/engine-linux-x64', '1.2.0'],
  ]);

  it('accepts exact versions of the packages being released and any range for third parties', () => {
    const manifest = { name: '@helm-sdk/actions', version: '1.2.0', dependencies: { '@helm-sdk/core': '1.2.0', execa: '^9.6.1' } };
    expect(manifestProblems(manifest, versions)).toEqual([]);
  });

  it('refuses a leftover workspace: range and a version that is not the released one', () => {
    const manifest = {
      name: '@helm-sdk/engine-go',
      version: '1.2.0',
      dependencies: { '@helm-sdk/core': 'workspace:*' },
      optionalDependencies: { '@helm-sdk/engine-linux-x64': '1.1.0' },
    };
    expect(manifestProblems(manifest, versions)).toEqual([
      'dependencies.@helm-sdk/core is still "workspace:*"',
      'optionalDependencies.@helm-sdk/engine-linux-x64 is "1.1.0", expected exactly "1.2.0"',
    ]);
  });
});

describe('packPackage', () => {
  it('packs a platform package with npm so the engine stays executable, and finds a 0644 one', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'release-pack-'));
    const pkgDir = join(dir, 'engine-linux-x64');
    mkdirSync(join(pkgDir, 'bin'), { recursive: true });
    writeFileSync(join(pkgDir, 'package.json'), JSON.stringify({ name: '@helm-sdk/engine-linux-x64', version: '1.0.0', files: ['bin'] }));
    writeFileSync(join(pkgDir, 'bin', 'helm-sdk-engine'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(join(pkgDir, 'bin', 'helm-sdk-engine-copy'), '#!/bin/sh\n', { mode: 0o644 });
    const pkg: WorkspacePackage = {
      name: '@helm-sdk/engine-linux-x64',
      version: '1.0.0',
      dir: pkgDir,
      internalDependencies: [],
      platformTarget: 'linux-x64',
    };
    const packed = await packPackage(pkg, dir);
    expect(packed.tarball).toBe(join(dir, 'helm-sdk-engine-linux-x64-1.0.0.tgz'));
    expect([...packed.files].sort()).toEqual(['bin/helm-sdk-engine', 'bin/helm-sdk-engine-copy', 'package.json']);
    expect(await notExecutable(packed.tarball, ['bin/helm-sdk-engine', 'bin/helm-sdk-engine-copy'])).toEqual(['bin/helm-sdk-engine-copy']);
    expect((await readPackedManifest(packed.tarball)).name).toBe('@helm-sdk/engine-linux-x64');
  });
});

describe('parseReleaseArgs', () => {
  it('defaults to all five targets, no tag, publishing', () => {
    expect(parseReleaseArgs(['--registry', 'http://127.0.0.1:4873'])).toEqual({
      registry: 'http://127.0.0.1:4873/',
      dryRun: false,
      targets: ['linux-x64', 'linux-arm64', 'darwin-x64', 'darwin-arm64', 'win32-x64'],
    });
  });

  it('takes a subset of targets, a tag and --dry-run', () => {
    expect(
      parseReleaseArgs(['--registry=https://r.example/npm/', '--targets', 'linux-x64,win32-x64', '--tag', 'next', '--dry-run']),
    ).toEqual({
      registry: 'https://r.example/npm/',
      dryRun: true,
      targets: ['linux-x64', 'win32-x64'],
      tag: 'next',
    });
  });

  it.each([
    [[], '--registry is required'],
    [['--registry', 'nope'], '--registry "nope" is not a URL'],
    [['--registry', 'ftp://x/'], 'must be an http or https URL'],
    [['--registry', 'https://u:secret@r.example/'], 'must not carry credentials'],
    [['--registry', 'https://r.example/', '--targets', 'linux-mips'], 'unknown target "linux-mips"'],
    [['--registry', 'https://r.example/', '--tag', '1.0.0'], '--tag "1.0.0" is not a valid dist-tag'],
    [['--registry', 'https://r.example/', '--publish'], "Unknown option '--publish'"],
  ])('refuses %j: %s', (argv, message) => {
    expect(() => parseReleaseArgs(argv)).toThrow(UsageError);
    expect(() => parseReleaseArgs(argv)).toThrow(message);
  });

  it('never echoes registry credentials in its error', () => {
    expect(() => parseReleaseArgs(['--registry', 'https://u:secret@r.example/'])).not.toThrow(/secret/);
  });
});

describe('mapLimit', () => {
  it('keeps input order and never runs more than the limit at once', async () => {
    let running = 0;
    let peak = 0;
    const results = await mapLimit([30, 5, 20, 1, 10], 2, async (ms) => {
      running++;
      peak = Math.max(peak, running);
      await new Promise((r) => setTimeout(r, ms));
      running--;
      return ms * 2;
    });
    expect(results).toEqual([60, 10, 40, 2, 20]);
    expect(peak).toBe(2);
  });

  it('rejects with the first failure', async () => {
    await expect(mapLimit([1, 2], 2, async (n) => (n === 2 ? Promise.reject(new Error('pack failed: 2')) : n))).rejects.toThrow(
      'pack failed: 2',
    );
  });
});

describe('registryAuthKey', () => {
  it('is the //host:port/path/ prefix npm looks credentials up by', () => {
    expect(registryAuthKey('http://127.0.0.1:4873/')).toBe('//127.0.0.1:4873/');
    expect(registryAuthKey('https://r.example/npm')).toBe('//r.example/npm/');
  });
});
