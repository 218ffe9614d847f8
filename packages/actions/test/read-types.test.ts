/**
 * The read-side result types are written by hand for readability (readonly, documented); these
 * type tests pin their keys to the wire types generated from the Go structs, so a field added or
 * renamed on one side fails here.
 */
import type { EngineMethods } from '@helm-sdk/core';
import { describe, expectTypeOf, it } from 'vitest';
import type {
  GetAllResult,
  ListOptions,
  Release,
  ReleaseDependency,
  ReleaseHook,
  ReleaseMetadata,
  ReleaseResource,
  ReleaseStatusResult,
  StatusOptions,
  TestContainerLog,
  TestReleaseResult,
  TestRun,
} from '../src/index.js';

type Result<M extends keyof EngineMethods> = EngineMethods[M]['result'];
type Params<M extends keyof EngineMethods> = EngineMethods[M]['params'];
type Elem<T> = NonNullable<T> extends readonly (infer E)[] ? E : never;

describe('read-side types match the wire', () => {
  it('Release and its parts', () => {
    expectTypeOf<keyof Release>().toEqualTypeOf<keyof Elem<Result<'release.list'>['releases']>>();
    expectTypeOf<keyof ReleaseHook>().toEqualTypeOf<keyof Elem<Result<'release.getHooks'>['hooks']>>();
  });
  it('status', () => {
    expectTypeOf<keyof ReleaseStatusResult>().toEqualTypeOf<keyof Result<'release.status'>>();
    expectTypeOf<keyof ReleaseResource>().toEqualTypeOf<keyof Elem<Result<'release.status'>['resources']>>();
    expectTypeOf<Exclude<keyof StatusOptions, 'signal' | 'timeout'>>().toEqualTypeOf<keyof Params<'release.status'>>();
  });
  it('list options', () => {
    expectTypeOf<Exclude<keyof ListOptions, 'signal' | 'timeout'>>().toEqualTypeOf<keyof Params<'release.list'>>();
  });
  it('getAll', () => {
    expectTypeOf<keyof GetAllResult>().toEqualTypeOf<keyof Result<'release.getAll'>>();
  });
  it('metadata', () => {
    expectTypeOf<keyof ReleaseMetadata>().toEqualTypeOf<keyof Result<'release.getMetadata'>>();
    expectTypeOf<keyof ReleaseDependency>().toEqualTypeOf<keyof Elem<Result<'release.getMetadata'>['dependencies']>>();
  });
  it('test results', () => {
    expectTypeOf<keyof TestReleaseResult>().toEqualTypeOf<keyof Result<'release.test'>>();
    expectTypeOf<keyof TestRun>().toEqualTypeOf<keyof Elem<Result<'release.test'>['tests']>>();
    expectTypeOf<keyof TestContainerLog>().toEqualTypeOf<keyof Elem<Elem<Result<'release.test'>['tests']>['logs']>>();
  });
});
