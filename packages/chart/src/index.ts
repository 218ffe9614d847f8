/**
 * @helm-sdk/chart: operations on charts (show, lint; package, pull, push to follow).
 */
export * from '@helm-sdk/core';
export type { LintMessage, LintOptions, LintResult, LintSeverity } from './lint.js';
export { lintChart } from './lint.js';
export type { ShowOptions, ShowWhat } from './show.js';
export { showChart } from './show.js';
