/**
 * Option checks of the read-side functions that fail before anything reaches the engine (no
 * engine is started: the Configuration is lazy).
 */
import { describe, expect, it } from 'vitest';
import { Configuration, getManifest, history, InvalidArgumentError, list, status, template, testRelease } from '../src/index.js';

const cfg = new Configuration({ enginePath: '/nonexistent/engine' });

async function rejection(p: Promise<unknown>): Promise<InvalidArgumentError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(InvalidArgumentError.isInstance(e), String(e)).toBe(true);
  return e as InvalidArgumentError;
}

describe('read-side option checks', () => {
  it('requires releaseName', async () => {
    expect((await rejection(status(cfg, {} as never))).details.input).toBe('releaseName');
    expect((await rejection(history(cfg, {} as never))).details.input).toBe('releaseName');
    expect((await rejection(testRelease(cfg, {} as never))).details.input).toBe('releaseName');
  });

  it('wants whole numbers for revision, max, limit and offset', async () => {
    expect((await rejection(status(cfg, { releaseName: 'a', revision: 1.5 }))).details.input).toBe('revision');
    expect((await rejection(getManifest(cfg, { releaseName: 'a', revision: 0.1 }))).details.input).toBe('revision');
    expect((await rejection(history(cfg, { releaseName: 'a', max: 2.5 }))).details.input).toBe('max');
    expect((await rejection(list(cfg, { limit: 1.5 }))).details.input).toBe('limit');
    expect((await rejection(list(cfg, { offset: -1 }))).details.input).toBe('offset');
  });

  it('names unknown options and wrong types', async () => {
    expect((await rejection(list(cfg, { allNamespace: true } as never))).details.input).toBe('allNamespace');
    expect((await rejection(list(cfg, { sortBy: 'size' } as never))).details.input).toBe('sortBy');
    expect((await rejection(testRelease(cfg, { releaseName: 'a', filter: 'name=x' } as never))).details.input).toBe('filter');
  });

  it("checks template's cluster and output options", async () => {
    const chart = './c';
    expect((await rejection(template(cfg, { chart, dryRun: 'none' as never }))).details.input).toBe('dryRun');
    expect((await rejection(template(cfg, { chart, dryRun: 'server', validate: true }))).details.input).toBe('validate');
    expect((await rejection(template(cfg, { chart, validate: 'yes' as never }))).details.input).toBe('validate');
    expect((await rejection(template(cfg, { chart, enableDns: 1 as never }))).details.input).toBe('enableDns');
    expect((await rejection(template(cfg, { chart, outputDir: true as never }))).details.input).toBe('outputDir');
    expect((await rejection(template(cfg, { chart, useReleaseName: true }))).details.input).toBe('useReleaseName');
  });

  it('never started an engine', () => {
    expect(cfg.engineStarts).toBe(0);
  });
});
