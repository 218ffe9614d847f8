/**
 * Engine and SDK are released together: core refuses an engine whose hello names another
 * version than the installed `@helm-sdk/engine-go` (esbuild does the same: "Host version ... does
 * not match binary version ..."). The protocol major is checked separately and first; this check
 * catches a mix-up the protocol version cannot see (same protocol, different Helm or fixes).
 *
 * One exception: an engine built without the version ldflag (a plain `go build`, reporting
 * `0.0.0-dev`) is a developer's own build, never something a package manager installed, so it is
 * accepted with a warning rather than refused.
 */
import { DEV_ENGINE_VERSION, ENGINE_VERSION } from '@helm-sdk/engine-go';
import { EngineVersionMismatchError } from '../errors.js';
import type { Logger } from '../logger.js';

/** The error that refuses this engine, or undefined when it may be used. */
export function checkEngineVersion(
  engineVersion: string,
  enginePath: string,
  logger: Logger | undefined,
  expected: string = ENGINE_VERSION,
): EngineVersionMismatchError | undefined {
  if (engineVersion === expected) return undefined;
  if (engineVersion === DEV_ENGINE_VERSION) {
    logger?.({
      level: 'warn',
      source: 'sdk',
      message:
        `helm-sdk engine at ${enginePath} is an unversioned development build (${DEV_ENGINE_VERSION}); using it with ` +
        `@helm-sdk/engine-go ${expected}. Build with packages/engine-go/scripts/build.sh to stamp the version.`,
    });
    return undefined;
  }
  return new EngineVersionMismatchError(engineVersion, expected, enginePath);
}
