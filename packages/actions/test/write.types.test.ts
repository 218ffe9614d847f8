/**
 * The options of install/upgrade/uninstall/rollback and the wire params generated from the Go
 * structs (methods.generated.ts) name the same things: an option the engine does not know, or a
 * wire param with no option, fails this type test.
 */
import type { EngineMethods } from '@helm-sdk/core';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  InstallOptions,
  Release,
  RollbackOptions,
  UninstalledRelease,
  UninstallManyOptions,
  UninstallManyResult,
  UninstallOptions,
  UninstallResult,
  UpgradeOptions,
} from '../src/index.js';

type Params<M extends keyof EngineMethods> = keyof EngineMethods[M]['params'];
type HostOnly = 'signal' | 'onEvent';
// Wire-only: `chart` travels as chartData when it is bytes; cwd is set by the Configuration.
type WireOnly = 'chartData' | 'cwd';

describe('mutating release options match the engine params', () => {
  it('install', () => {
    expectTypeOf<Exclude<keyof InstallOptions, HostOnly>>().toEqualTypeOf<Exclude<Params<'release.install'>, WireOnly>>();
    expectTypeOf<EngineMethods['release.install']['result']['revision']>().toEqualTypeOf<Release['revision']>();
  });
  it('upgrade (no install-only name options)', () => {
    type NotUpgrade = 'generateName' | 'nameTemplate' | 'replace' | 'kubeVersion' | 'apiVersions';
    expectTypeOf<Exclude<keyof UpgradeOptions, HostOnly>>().toEqualTypeOf<Exclude<Params<'release.upgrade'>, WireOnly | NotUpgrade>>();
  });
  it('uninstall', () => {
    type Wire = EngineMethods['release.uninstall'];
    // One release or several: each form is the wire params less the other form's name key.
    expectTypeOf<Exclude<keyof UninstallOptions, HostOnly>>().toEqualTypeOf<Exclude<Params<'release.uninstall'>, 'releaseNames'>>();
    expectTypeOf<Exclude<keyof UninstallManyOptions, HostOnly>>().toEqualTypeOf<Exclude<Params<'release.uninstall'>, 'releaseName'>>();
    expectTypeOf<keyof UninstallResult>().toEqualTypeOf<Exclude<keyof Wire['result'], 'releases'>>();
    expectTypeOf<keyof UninstallManyResult>().toEqualTypeOf<'releases'>();
    expectTypeOf<keyof UninstalledRelease>().toEqualTypeOf<keyof NonNullable<Wire['result']['releases']>[number]>();
  });
  it('rollback', () => {
    expectTypeOf<Exclude<keyof RollbackOptions, HostOnly>>().toEqualTypeOf<Params<'release.rollback'>>();
  });
});
