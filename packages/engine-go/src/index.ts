/**
 * @helm-sdk/engine-go: the helm-sdk engine (a Go binary that links the Helm v4 library) and the
 * resolver that finds it. The binary itself ships in the platform packages
 * `@helm-sdk/engine-<os>-<arch>` (optional dependencies of this one); this package ships none.
 *
 * @module @helm-sdk/engine-go
 */
export type { BinaryPlatform } from './binary-format.js';
export { binaryPlatformOf, readBinaryPlatform } from './binary-format.js';
export type { EngineSource, ResolveAttempt, ResolveFailure } from './not-found.js';
export { EngineNotFoundError } from './not-found.js';
export type { ResolvedEngine, ResolveEngineOptions } from './resolve.js';
export { checkExecutable, ENGINE_BINARY_NAME, ENGINE_PLATFORMS, isSourceCheckout, platformPackageName, resolveEngine } from './resolve.js';
export { DEV_ENGINE_VERSION, ENGINE_VERSION } from './version.js';
