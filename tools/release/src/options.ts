/**
 * Command line of `pnpm release`. Errors name the flag and the value at fault.
 */
import { parseArgs } from 'node:util';
import { ENGINE_PLATFORMS } from '@helm-sdk/engine-go';

/** Every platform an engine package is built for, in Node's `<platform>-<arch>` names. */
export const ALL_TARGETS: readonly string[] = ENGINE_PLATFORMS;

export interface ReleaseOptions {
  /** Registry to publish to, e.g. `https://registry.npmjs.org/` or `http://127.0.0.1:4873/`. */
  readonly registry: string;
  /** Build, pack and check; publish nothing. */
  readonly dryRun: boolean;
  /** The platform packages to build and publish. */
  readonly targets: readonly string[];
  /** npm dist-tag (npm's default `latest` when unset). */
  readonly tag?: string;
  /** Keep the tarballs here (default: a temp dir, removed at the end). */
  readonly out?: string;
}

export const USAGE = `usage: pnpm release --registry URL [--dry-run] [--targets linux-x64,darwin-arm64,...] [--tag TAG] [--out DIR]
  --registry URL   registry to publish to (required)
  --dry-run        build, pack and check every package; publish nothing
  --targets LIST   platform packages to build and publish (default: all: ${ALL_TARGETS.join(',')})
  --tag TAG        npm dist-tag (default: latest)
  --out DIR        keep the packed tarballs in DIR
Auth: NODE_AUTH_TOKEN if set (never printed), else your npm configuration.`;

export class UsageError extends Error {
  override readonly name = 'UsageError';
}

export function parseReleaseArgs(argv: readonly string[]): ReleaseOptions | 'help' {
  let parsed: ReturnType<typeof parseArgsStrict>;
  try {
    parsed = parseArgsStrict(argv);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) return 'help';
  if (!values.registry) throw new UsageError('--registry is required');
  let url: URL;
  try {
    url = new URL(values.registry);
  } catch {
    throw new UsageError(`--registry "${values.registry}" is not a URL`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new UsageError(`--registry "${values.registry}" must be an http or https URL`);
  }
  if (url.username || url.password) {
    throw new UsageError('--registry must not carry credentials; set NODE_AUTH_TOKEN or use npm login');
  }
  const targets = values.targets === undefined ? [...ALL_TARGETS] : values.targets.split(',').map((t) => t.trim());
  for (const target of targets) {
    if (!ALL_TARGETS.includes(target)) {
      throw new UsageError(`--targets: unknown target "${target}" (known: ${ALL_TARGETS.join(', ')})`);
    }
  }
  if (targets.length === 0) throw new UsageError('--targets is empty');
  if (values.tag !== undefined && !/^[a-z][a-z0-9._-]*$/i.test(values.tag)) {
    throw new UsageError(`--tag "${values.tag}" is not a valid dist-tag`);
  }
  return {
    registry: url.href,
    dryRun: values['dry-run'] ?? false,
    targets: [...new Set(targets)],
    ...(values.tag !== undefined ? { tag: values.tag } : {}),
    ...(values.out !== undefined ? { out: values.out } : {}),
  };
}

function parseArgsStrict(argv: readonly string[]) {
  return parseArgs({
    args: [...argv],
    strict: true,
    allowPositionals: false,
    options: {
      registry: { type: 'string' },
      'dry-run': { type: 'boolean' },
      targets: { type: 'string' },
      tag: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
}
