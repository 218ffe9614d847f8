/**
 * The binary resolver of DESIGN section 6: option, HELM_SDK_ENGINE_PATH, platform package,
 * workspace build; and a diagnosis that lists every candidate when none works.
 */
import { chmodSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGINE_BINARY_NAME, EngineNotFoundError, platformPackageName, resolveEngine } from '../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-resolve-'));
const executable = join(dir, 'engine');
writeFileSync(executable, '#!/bin/sh\n');
chmodSync(executable, 0o755);
const notExecutable = join(dir, 'plain');
writeFileSync(notExecutable, '');
chmodSync(notExecutable, 0o644);
const aDirectory = join(dir, 'subdir');
mkdirSync(aDirectory);

describe('resolveEngine', () => {
  it('prefers the explicit option over the environment', () => {
    const found = resolveEngine({ enginePath: executable, env: { HELM_SDK_ENGINE_PATH: '/elsewhere' } });
    expect(found).toMatchObject({ path: executable, source: 'option' });
  });

  it('uses HELM_SDK_ENGINE_PATH when no option is given', () => {
    expect(resolveEngine({ env: { HELM_SDK_ENGINE_PATH: executable } })).toMatchObject({ path: executable, source: 'env' });
  });

  it('does not fall back when an explicit choice is broken', () => {
    for (const [path, problem] of [
      ['/does/not/exist', 'does not exist'],
      [notExecutable, 'not executable'],
      [aDirectory, 'not a regular file'],
    ] as const) {
      const error = (() => {
        try {
          resolveEngine({ env: { HELM_SDK_ENGINE_PATH: path } });
        } catch (e) {
          return e;
        }
      })();
      expect(EngineNotFoundError.isInstance(error)).toBe(true);
      expect((error as EngineNotFoundError).tried).toEqual([{ source: 'env', path, problem }]);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).toContain(platformPackageName());
    }
  });

  it('finds the workspace build and records that the platform package is missing', () => {
    const found = resolveEngine({ env: {} });
    expect(found.source).toBe('workspace');
    expect(found.path.endsWith(join('bin', ENGINE_BINARY_NAME))).toBe(true);
    expect(found.tried[0]).toMatchObject({ source: 'platform-package', problem: 'package not installed' });
  });

  it('names the platform package after os and cpu', () => {
    expect(platformPackageName('linux', 'x64')).toBe('@helm-sdk/engine-linux-x64');
    expect(platformPackageName('win32', 'x64')).toBe('@helm-sdk/engine-win32-x64');
  });
});
