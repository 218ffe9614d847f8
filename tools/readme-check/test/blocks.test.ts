/**
 * The extractor itself: markers, modules, and that every README block is covered and imports only
 * what it uses.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseBlocks, readmeFiles, readmeModules, repoRoot, toModules, unusedImports } from '../src/blocks.js';

const md = [
  'Intro.',
  '',
  '```ts',
  "import { a } from 'x';",
  'const cfg = a();',
  '```',
  '',
  'Then:',
  '',
  '<!-- readme-check: continues -->',
  '```ts',
  'cfg.go();',
  '```',
  '',
  '<!-- readme-check: typecheck-only -->',
  '<!-- readme-check: prelude',
  'declare const cfg: { go(): void };',
  '-->',
  '```typescript',
  'cfg.go();',
  '```',
  '```sh',
  'echo not ts',
  '```',
].join('\n');

describe('parseBlocks', () => {
  it('finds ts blocks with their markers and first line', () => {
    const blocks = parseBlocks(md, 'R.md');
    expect(blocks.map((b) => [b.line, b.continues, b.typecheckOnly, b.prelude.trim()])).toEqual([
      [4, false, false, ''],
      [12, true, false, ''],
      [20, false, true, 'declare const cfg: { go(): void };'],
    ]);
  });

  it('rejects an unknown marker, so a typo cannot silently turn a check off', () => {
    expect(() => parseBlocks('<!-- readme-check: typecheck-onyl -->\n```ts\nx\n```\n', 'R.md')).toThrow(
      /unknown readme-check marker typecheck-onyl/,
    );
  });
});

describe('toModules', () => {
  it('joins a continuing block to the one before it and puts the prelude first', () => {
    const modules = toModules(parseBlocks(md, 'docs/R.md'));
    expect(modules.map((m) => [m.name, m.blocks.length, m.runnable])).toEqual([
      ['docs-R-1', 2, true],
      ['docs-R-2', 1, false],
    ]);
    expect(modules[0]?.source).toMatch(/const cfg = a\(\);\n\n\/\/ docs\/R\.md:12\ncfg\.go\(\);/);
    expect(modules[1]?.source.indexOf('declare const cfg')).toBeLessThan(modules[1]?.source.indexOf('cfg.go()') ?? -1);
  });

  it('refuses a continuing block with nothing before it', () => {
    expect(() => toModules(parseBlocks('<!-- readme-check: continues -->\n```ts\nx\n```\n', 'R.md'))).toThrow(/no block before it/);
  });
});

describe('unusedImports', () => {
  it('names imports used only in comments or not at all', () => {
    expect(unusedImports("import { A, B, type C, D as E } from 'm';\nA(); // B\nlet x: C;\nconst u = 'oci://E';\n")).toEqual(['B']);
  });
});

describe('the READMEs', () => {
  const modules = readmeModules();

  it('has every ts block of every README in a module', () => {
    for (const file of readmeFiles()) {
      const fences = readFileSync(file, 'utf8')
        .split('\n')
        .filter((l) => /^```(ts|typescript)\s*$/.test(l)).length;
      const covered = modules.flatMap((m) => m.blocks).filter((b) => b.file === relative(repoRoot, file)).length;
      expect(covered, file).toBe(fences);
    }
    expect(modules.flatMap((m) => m.blocks).length).toBeGreaterThanOrEqual(12);
  });

  it('imports only names the example uses', () => {
    expect(modules.flatMap((m) => unusedImports(m.source).map((n) => `${m.name}: ${n}`))).toEqual([]);
  });
});
