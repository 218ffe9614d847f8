/**
 * loadChart().values keep values.yaml's key order: the engine decodes values into Go maps, whose
 * iteration order is random, so the keys came back in a different order on every call (issue 11,
 * section 5). Twenty calls must all give the file's order, at every level.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { type Configuration, loadChart } from '../src/index.js';
import { sdk } from './setup.js';

const { cfg }: { cfg: Configuration } = sdk();
afterAll(() => cfg.close());

/** Every key path of a values tree, depth first, in object key order. */
function keyPaths(v: unknown, prefix = ''): string[] {
  if (Array.isArray(v)) return v.flatMap((x, i) => keyPaths(x, `${prefix}${i}.`));
  if (v === null || typeof v !== 'object') return [];
  return Object.entries(v).flatMap(([k, x]) => [`${prefix}${k}`, ...keyPaths(x, `${prefix}${k}.`)]);
}

describe('loadChart values', () => {
  it("keep values.yaml's key order on every call", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'helm-sdk-values-order-'));
    mkdirSync(join(dir, 'templates'));
    writeFileSync(join(dir, 'Chart.yaml'), 'apiVersion: v2\nname: order\nversion: 0.1.0\n');
    // Not alphabetical at any level, and long enough that a random order is never the file's by chance.
    writeFileSync(
      join(dir, 'values.yaml'),
      [
        'zeta: 1',
        'replicaCount: 2',
        'image:',
        '  tag: "1.0"',
        '  repository: nginx',
        '  pullPolicy: IfNotPresent',
        'service:',
        '  type: ClusterIP',
        '  port: 80',
        'containers:',
        '  - name: app',
        '    image: x',
        'alpha: true',
        'middle: {}',
        '',
      ].join('\n'),
    );
    const want = [
      'zeta',
      'replicaCount',
      'image',
      'image.tag',
      'image.repository',
      'image.pullPolicy',
      'service',
      'service.type',
      'service.port',
      'containers',
      'containers.0.name',
      'containers.0.image',
      'alpha',
      'middle',
    ];
    for (let i = 0; i < 20; i++) {
      const { values } = await loadChart(cfg, { chart: dir });
      expect(keyPaths(values), `call ${i + 1}`).toEqual(want);
    }
  });
});
