/**
 * Finds the TypeScript blocks of the READMEs and turns each into a module that can be type-checked
 * and run. The READMEs are what a new user copies first, so a renamed option must break the build,
 * not the docs (issue 11, section 5). The conventions (HTML comments, invisible on GitHub, right
 * before a block's opening fence) are described in tools/readme-check/README.md:
 *
 *   <!-- readme-check: typecheck-only -->   type-checked, never run (needs a real cluster, registry...)
 *   <!-- readme-check: continues -->        the block goes on from the previous block of the same
 *                                           file: both are one module (a fragment using its `cfg`)
 *   <!-- readme-check: prelude
 *   declare const cfg: Configuration;       hidden declarations put before the block
 *   -->
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

export interface Block {
  /** README path relative to the repository root */
  readonly file: string;
  /** 1-based line of the block's first code line */
  readonly line: number;
  readonly code: string;
  readonly typecheckOnly: boolean;
  readonly continues: boolean;
  readonly prelude: string;
}

/** A module made of one block, or of a block and the blocks that continue it. */
export interface BlockModule {
  /** e.g. packages-chart-README-2 (file name of the generated module, without .ts) */
  readonly name: string;
  readonly blocks: readonly Block[];
  /** true when no block of the module is typecheck-only */
  readonly runnable: boolean;
  readonly source: string;
}

/** The READMEs that are checked: the root one and every package's. */
export function readmeFiles(root: string = repoRoot): string[] {
  const files = [join(root, 'README.md')];
  for (const pkg of readdirSync(join(root, 'packages')).sort()) {
    const f = join(root, 'packages', pkg, 'README.md');
    try {
      readFileSync(f);
      files.push(f);
    } catch {
      // a package without a README has nothing to check
    }
  }
  return files;
}

const fence = /^```(ts|typescript)\s*$/;
const marker = /^<!--\s*readme-check:\s*([a-z-]+)(?:\s*-->)?\s*$/;

/** Every ```ts block of one markdown text, with the markers right before it. */
export function parseBlocks(markdown: string, file: string): Block[] {
  const lines = markdown.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!fence.test(lines[i] ?? '')) continue;
    const end = lines.findIndex((l, j) => j > i && l.trimEnd() === '```');
    if (end < 0) throw new Error(`${file}:${i + 1}: unterminated code block`);
    // Markers: the HTML comments between the previous non-blank prose line and the fence.
    let typecheckOnly = false;
    let continues = false;
    let prelude = '';
    let j = i - 1;
    while (j >= 0 && (lines[j] ?? '').trim() === '') j--;
    while (j >= 0) {
      const l = lines[j] ?? '';
      if (l.trim() === '-->') {
        // the end of a multi-line prelude comment
        const start = lines.findLastIndex((s, k) => k < j && marker.test(s));
        const m = start >= 0 ? marker.exec(lines[start] ?? '') : null;
        if (m?.[1] !== 'prelude') throw new Error(`${file}:${j + 1}: a multi-line readme-check comment must be a prelude`);
        prelude = `${lines.slice(start + 1, j).join('\n')}\n${prelude}`;
        j = start - 1;
      } else {
        const m = marker.exec(l);
        if (!m) break;
        if (m[1] === 'typecheck-only') typecheckOnly = true;
        else if (m[1] === 'continues') continues = true;
        else throw new Error(`${file}:${j + 1}: unknown readme-check marker ${m[1]}`);
        j--;
      }
      while (j >= 0 && (lines[j] ?? '').trim() === '') j--;
    }
    blocks.push({ file, line: i + 2, code: lines.slice(i + 1, end).join('\n'), typecheckOnly, continues, prelude });
    i = end;
  }
  return blocks;
}

/** Groups a file's blocks into modules: a `continues` block joins the module before it. */
export function toModules(blocks: readonly Block[]): BlockModule[] {
  const groups: Block[][] = [];
  for (const b of blocks) {
    const last = groups.at(-1);
    if (b.continues) {
      if (!last || last[0]?.file !== b.file) throw new Error(`${b.file}:${b.line}: 'continues' but no block before it in this file`);
      last.push(b);
    } else {
      groups.push([b]);
    }
  }
  const counts = new Map<string, number>();
  return groups.map((g) => {
    const first = g[0] as Block;
    const n = (counts.get(first.file) ?? 0) + 1;
    counts.set(first.file, n);
    const parts = g.map((b) => `${b.prelude}// ${b.file}:${b.line}\n${b.code}\n`);
    return {
      name: `${first.file.replace(/\.md$/, '').replace(/[^A-Za-z0-9]+/g, '-')}-${n}`,
      blocks: g,
      runnable: g.every((b) => !b.typecheckOnly),
      // `export {}` makes a block without imports a module too (top-level await, own scope).
      source: `${parts.join('\n')}\nexport {};\n`,
    };
  });
}

/** All modules of all READMEs under root. */
export function readmeModules(root: string = repoRoot): BlockModule[] {
  return readmeFiles(root).flatMap((f) => toModules(parseBlocks(readFileSync(f, 'utf8'), relative(root, f))));
}

/**
 * Names imported by a module that it never uses again: an example that imports what it does not
 * need teaches the reader to do the same (and hides which import matters).
 */
export function unusedImports(source: string): string[] {
  const unused: string[] = [];
  for (const m of source.matchAll(/import\s+(?:type\s+)?\{([^}]*)\}\s+from\s+['"][^'"]+['"]/g)) {
    // Line comments do not count as a use ('oci://' in a string is not a comment: no space before //).
    const rest = source.replace(m[0], '').replace(/(^|\s)\/\/.*$/gm, '');
    for (const spec of (m[1] ?? '').split(',')) {
      const name = spec
        .replace(/^\s*type\s+/, '')
        .split(/\s+as\s+/)
        .pop()
        ?.trim();
      if (name && !new RegExp(`\\b${name}\\b`).test(rest)) unused.push(name);
    }
  }
  return unused;
}
