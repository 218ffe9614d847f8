/**
 * Writes every README block as a module under tools/readme-check/generated/, where
 * tsconfig.blocks.json type-checks them against the workspace packages' sources (the
 * @helm-sdk/source condition). Part of `pnpm typecheck`.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readmeModules, repoRoot } from './blocks.js';

export const generatedDir = join(repoRoot, 'tools', 'readme-check', 'generated');

export function writeModules(): number {
  rmSync(generatedDir, { recursive: true, force: true });
  mkdirSync(generatedDir, { recursive: true });
  const modules = readmeModules();
  for (const m of modules) writeFileSync(join(generatedDir, `${m.name}.ts`), m.source);
  return modules.length;
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].replace(/^.*\//, '/'))) {
  const n = writeModules();
  process.stdout.write(`readme-check: ${n} modules from the READMEs' TypeScript blocks in ${generatedDir}\n`);
}
