/**
 * `tsc --noEmit` of consumer/types/consumer.{mts,cts} against the types installed from the
 * registry, with `moduleResolution` node16, nodenext and bundler. TypeScript and @types/node come
 * from the workspace (pinned there), passed by absolute path, so the consumer's own install stays
 * `npm install @helm-sdk/actions` and nothing else.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { userEnv } from './user-env.js';

export type ModuleResolution = 'node16' | 'nodenext' | 'bundler';

export const MODULE_RESOLUTIONS: readonly ModuleResolution[] = ['node16', 'nodenext', 'bundler'];

function tsconfig(resolution: ModuleResolution, typeRoots: string): object {
  const module = resolution === 'bundler' ? 'esnext' : resolution;
  return {
    compilerOptions: {
      target: 'ES2022',
      lib: ['ES2023', 'ESNext.Disposable'],
      module,
      moduleResolution: resolution,
      strict: true,
      noEmit: true,
      // Check the installed .d.ts files themselves, not only their use.
      skipLibCheck: false,
      typeRoots: [typeRoots],
      types: ['node'],
    },
    // The CommonJS flavour (.cts, "require" types) only exists for the node resolutions.
    files: resolution === 'bundler' ? ['types/consumer.mts'] : ['types/consumer.mts', 'types/consumer.cts'],
  };
}

/** Type-checks the consumer with one resolution mode; returns the tsc version or throws tsc's output. */
export async function typecheckConsumer(consumerDir: string, workspaceRoot: string, resolution: ModuleResolution): Promise<string> {
  const file = join(consumerDir, `tsconfig.${resolution}.json`);
  writeFileSync(file, `${JSON.stringify(tsconfig(resolution, join(workspaceRoot, 'node_modules', '@types')), null, 2)}\n`);
  const tsc = join(workspaceRoot, 'node_modules', '.bin', 'tsc');
  const result = await execa(tsc, ['-p', file], { cwd: consumerDir, env: userEnv(), extendEnv: false, reject: false, all: true });
  if (result.exitCode !== 0) throw new Error(`tsc -p ${file} failed:\n${result.all}`);
  const { stdout } = await execa(tsc, ['--version']);
  return stdout.trim();
}
