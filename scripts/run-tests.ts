/**
 * Lists the test files and runs them with node:test. Node 20's runner does not expand globs, so
 * we walk the tree ourselves, and a suite that finds no test file fails instead of passing.
 *
 *   tsx scripts/run-tests.ts unit     src/**\/*.test.ts and test/unit/**\/*.test.ts (goldens only, needs just Node)
 *   tsx scripts/run-tests.ts oracle   test/oracle/**\/*.test.ts (runs tcpdump/tshark live)
 */
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';

const root = new URL('..', import.meta.url).pathname;
const mode = process.argv[2] ?? 'unit';
const extra = process.argv.slice(3);

function walk(dir: string, acc: string[]): string[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return acc;
  }
  for (const n of names) {
    if (n === 'node_modules' || n.startsWith('.')) continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) walk(p, acc);
    else if (n.endsWith('.test.ts')) acc.push(p);
  }
  return acc;
}

const dirs = mode === 'oracle' ? ['test/oracle'] : ['src', 'test/unit'];
const files = dirs.flatMap((d) => walk(join(root, d), [])).sort();
const filtered = extra.length ? files.filter((f) => extra.some((e) => f.includes(e))) : files;
if (filtered.length === 0) {
  console.error(`run-tests: no test files found for '${mode}' under ${dirs.join(', ')}: failing, a suite that finds nothing does not pass`);
  process.exit(1);
}
console.error(`run-tests: ${filtered.length} ${mode} test file(s)`);
const r = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', '--test-reporter=spec', ...filtered.map((f) => relative(root, f))],
  { cwd: root, stdio: 'inherit', env: { ...process.env, TZ: process.env.TZ ?? 'UTC' } },
);
process.exit(r.status ?? 1);
