/**
 * @helm-sdk/actions: the release lifecycle. Re-exports `Configuration` and the errors from
 * @helm-sdk/core so that installing this package alone gives a working SDK.
 */
export * from '@helm-sdk/core';
export type { TemplateOptions, TemplateResult } from './template.js';
export type { Release, ReleaseChart, ReleaseHook, ReleaseStatus } from './release.js';
export { template } from './template.js';
