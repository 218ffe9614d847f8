/**
 * @helm-sdk/actions: the release lifecycle. Re-exports `Configuration` and the errors from
 * @helm-sdk/core so that installing this package alone gives a working SDK.
 *
 * @module @helm-sdk/actions
 */
export * from '@helm-sdk/core';
export type { GetAllOptions, GetAllResult } from './get-all.js';
export { getAll } from './get-all.js';
export type { GetHooksOptions } from './get-hooks.js';
export { getHooks } from './get-hooks.js';
export type { GetManifestOptions } from './get-manifest.js';
export { getManifest } from './get-manifest.js';
export type { GetMetadataOptions, ReleaseDependency, ReleaseMetadata } from './get-metadata.js';
export { getMetadata } from './get-metadata.js';
export type { GetNotesOptions } from './get-notes.js';
export { getNotes } from './get-notes.js';
export type { GetOptions, GetValuesOptions } from './get-values.js';
export { getValues } from './get-values.js';
export type { HistoryOptions } from './history.js';
export { history } from './history.js';
export type { InstallOptions, ReleaseWriteOptions } from './install.js';
export { install } from './install.js';
export type { ListOptions } from './list.js';
export { list } from './list.js';
export type { Release, ReleaseChart, ReleaseHook, ReleaseStatus } from './release.js';
export type { RollbackOptions } from './rollback.js';
export { rollback } from './rollback.js';
export type { ReleaseResource, ReleaseStatusResult, ResourceStatus, StatusOptions } from './status.js';
export { status } from './status.js';
export type { TemplateOptions, TemplateResult } from './template.js';
export { template } from './template.js';
export type { TestContainerLog, TestReleaseOptions, TestReleaseResult, TestRun } from './test-release.js';
export { testRelease } from './test-release.js';
export type {
  UninstalledRelease,
  UninstallFlags,
  UninstallManyOptions,
  UninstallManyResult,
  UninstallOptions,
  UninstallResult,
} from './uninstall.js';
export { uninstall } from './uninstall.js';
export type { UpgradeOptions } from './upgrade.js';
export { upgrade } from './upgrade.js';
export type { DryRunMode, ReleaseEvent, WaitOptions, WaitStrategy } from './write-options.js';
