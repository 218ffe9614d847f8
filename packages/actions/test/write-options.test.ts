/**
 * Host-side behaviour of the mutating release functions that needs no engine: option checking
 * before anything is sent, and how `timeout` becomes the call's deadline.
 */
import { describe, expect, it } from 'vitest';
import { Configuration, install, rollback, uninstall, upgrade } from '../src/index.js';
import { callDeadline, serverSideParam } from '../src/write-options.js';

// Never started: every call below must fail before the engine is needed.
const cfg = new Configuration({ enginePath: '/nonexistent/helm-sdk-engine' });

describe('option checking', () => {
  it.each([
    ['install without chart', () => install(cfg, { releaseName: 'r' } as never), 'chart'],
    ['install without a name', () => install(cfg, { chart: './c' }), 'releaseName'],
    ['install with a typo', () => install(cfg, { releaseName: 'r', chart: './c', atomic: true } as never), 'atomic'],
    [
      'install with a bad serverSideApply',
      () => install(cfg, { releaseName: 'r', chart: './c', serverSideApply: 'yes' as never }),
      'serverSideApply',
    ],
    ['upgrade without a name', () => upgrade(cfg, { chart: './c' } as never), 'releaseName'],
    ['upgrade with a negative maxHistory', () => upgrade(cfg, { releaseName: 'r', chart: './c', maxHistory: -1 }), 'maxHistory'],
    ['uninstall with a bad cascade', () => uninstall(cfg, { releaseName: 'r', cascade: 'sideways' as never }), 'cascade'],
    ['rollback with a string revision', () => rollback(cfg, { releaseName: 'r', revision: '1' as never }), 'revision'],
    ['rollback with a bad dryRun', () => rollback(cfg, { releaseName: 'r', dryRun: true as never }), 'dryRun'],
  ])('%s is INVALID_ARGUMENT naming the option', async (_, call, input) => {
    await expect(call()).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', details: { input } });
  });
});

describe('timeout', () => {
  it("is Helm's --timeout, and the call's deadline leaves Helm room to answer first", () => {
    expect(callDeadline(undefined)).toBeUndefined();
    expect(callDeadline(5_000)).toBe(15_000);
    expect(callDeadline(5_000, true)).toBe(20_000); // rollbackOnFailure waits a second time
  });

  it('serverSideApply has one shape on every verb', () => {
    expect([serverSideParam(true), serverSideParam(false), serverSideParam('auto'), serverSideParam(undefined)]).toEqual([
      'true',
      'false',
      'auto',
      undefined,
    ]);
  });
});
