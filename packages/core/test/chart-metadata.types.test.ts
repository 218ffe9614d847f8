/** The hand-written chart metadata types must have exactly the wire types' keys (generated from Go). */
import { describe, expectTypeOf, it } from 'vitest';
import type { ChartDependency, ChartMaintainer, ChartMetadata, EngineMethods } from '../src/index.js';

type LoadResult = EngineMethods['chart.load']['result'];
type Elem<T> = NonNullable<T> extends readonly (infer E)[] ? E : never;

describe('chart metadata types match the wire', () => {
  it('ChartMetadata is chart.load metadata and a release chart', () => {
    expectTypeOf<keyof ChartMetadata>().toEqualTypeOf<keyof LoadResult['metadata']>();
    expectTypeOf<keyof ChartMetadata>().toEqualTypeOf<keyof Elem<EngineMethods['release.list']['result']['releases']>['chart']>();
  });
  it('maintainers and dependencies', () => {
    expectTypeOf<keyof ChartMaintainer>().toEqualTypeOf<keyof Elem<LoadResult['maintainers']>>();
    expectTypeOf<keyof ChartDependency>().toEqualTypeOf<keyof Elem<LoadResult['dependencies']>>();
  });
});
