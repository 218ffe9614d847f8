/**
 * `pnpm testenv up` (default) / `pnpm testenv down`: see up.ts and down.ts.
 */
const cmd = process.argv[2] ?? 'up';
if (cmd === 'down') await import('./down.js');
else if (cmd === 'up' || cmd.startsWith('--')) await import('./up.js');
else {
  console.error('usage: testenv [up [--out FILE] [--keep] [--json] | down]');
  process.exit(2);
}
