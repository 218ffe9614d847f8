/**
 * The version of this package, which is also the version every engine binary it accepts must
 * report in its hello (scripts/build.sh stamps it). Read from package.json at build time: tsup
 * inlines the JSON into dist (ESM and CJS alike), and the `@helm-sdk/source` condition reads the
 * same file, so the constant cannot drift from the published version.
 */
import manifest from '../package.json' with { type: 'json' };

/** The `@helm-sdk/engine-go` version, e.g. `0.1.0`. */
export const ENGINE_VERSION: string = manifest.version;

/**
 * What an engine built without the version ldflag reports (a plain `go build`). Core accepts it
 * with a warning: it is a developer's own build, not a mix-up of installed packages.
 */
export const DEV_ENGINE_VERSION = '0.0.0-dev';
