/**
 * @helm-sdk/chart: operations on charts: show, lint, load, package, create, pull, push, verify and
 * dependencies. Every function takes a `Configuration` and one options object.
 *
 * @module @helm-sdk/chart
 */
export * from '@helm-sdk/core';
export type { CreateChartOptions } from './create.js';
export { createChart } from './create.js';
export type {
  DependencyList,
  DependencyStatus,
  DependencyUpdateResult,
  ListDependenciesOptions,
  UpdateDependenciesOptions,
} from './dependencies.js';
export { buildDependencies, listDependencies, updateDependencies } from './dependencies.js';
export type { LintedChart, LintMessage, LintOptions, LintResult, LintSeverity } from './lint.js';
export { lintChart } from './lint.js';
export type { ChartDependency, ChartMaintainer, ChartMetadata, LoadChartOptions, LoadedChart } from './load.js';
export { loadChart } from './load.js';
export type { PackageChartOptions, PackageResult } from './package.js';
export { packageChart } from './package.js';
export type { PullChartOptions, PullResult } from './pull.js';
export { pullChart } from './pull.js';
export type { PushChartOptions, PushResult } from './push.js';
export { pushChart } from './push.js';
export type { RemoteOptions } from './remote-options.js';
export type { ShowOptions, ShowWhat } from './show.js';
export { showChart } from './show.js';
export type { Verification, VerifyChartOptions } from './verify.js';
export { verifyChart } from './verify.js';
