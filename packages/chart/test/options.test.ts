/**
 * Options are checked in TypeScript before anything reaches the engine (no engine is started).
 */
import { describe, expect, it } from 'vitest';
import { Configuration, InvalidArgumentError, packageChart, pullChart, pushChart } from '../src/index.js';

const cfg = new Configuration({ enginePath: '/nonexistent/engine' });

describe('option checking', () => {
  const cases: [string, () => Promise<unknown>, string][] = [
    ['unknown option', () => pullChart(cfg, { chart: 'a/b', untarDri: 'x' } as never), 'untarDri'],
    ['bytes for pull', () => pullChart(cfg, { chart: new Uint8Array(1) } as never), 'chart'],
    ['returnBytes with untar', () => pullChart(cfg, { chart: 'a/b', untar: true, returnBytes: true }), 'returnBytes'],
    ['bad sourceDateEpoch', () => packageChart(cfg, { chart: '.', sourceDateEpoch: 'yesterday' as never }), 'sourceDateEpoch'],
    ['push without remote', () => pushChart(cfg, { chart: 'x.tgz' } as never), 'remote'],
  ];
  for (const [title, call, input] of cases) {
    it(`${title} fails with InvalidArgumentError naming '${input}'`, async () => {
      const err = await call().catch((e: unknown) => e);
      expect(InvalidArgumentError.isInstance(err), String(err)).toBe(true);
      expect((err as InvalidArgumentError).input).toBe(input);
      expect(cfg.engineStarts).toBe(0);
    });
  }
});
