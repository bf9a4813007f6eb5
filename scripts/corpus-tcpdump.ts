/**
 * Agreement of `tlslens read --plain` with the tcpdump outputs published beside the public corpus
 * (../shared/corpus/NAME.tcpdump.txt, made with `TZ=UTC tcpdump -n -r`). Read in place, never copied.
 *
 *   npx tsx scripts/corpus-tcpdump.ts [--verbose] [NAME-SUBSTRING…]
 *
 * Prints one row per capture (lines equal / lines in tcpdump's output) and the overall rate.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture } from '../src/io/read-capture.js';
import { TcpdumpPrinter } from '../src/render/tcpdump/printer.js';

export const CORPUS = new URL('../../shared/corpus/', import.meta.url).pathname;

export interface Agreement {
  name: string;
  equal: number;
  total: number;
  firstDiff?: { line: number; expected: string; actual: string };
}

export async function agreement(name: string, file: string): Promise<Agreement> {
  const expected = readFileSync(join(CORPUS, `${name}.tcpdump.txt`), 'utf8').split('\n');
  if (expected[expected.length - 1] === '') expected.pop();
  const printer = new TcpdumpPrinter({}, { ifName: (i) => (i === 1 ? 'lo' : undefined) });
  const actual: string[] = [];
  await readCapture(join(CORPUS, file), {
    frame(f) {
      const t = printer.format(f);
      for (const l of t.slice(0, -1).split('\n')) actual.push(l);
    },
  });
  let equal = 0;
  let firstDiff: Agreement['firstDiff'];
  for (let i = 0; i < expected.length; i++) {
    if (expected[i] === actual[i]) equal++;
    else if (!firstDiff) firstDiff = { line: i + 1, expected: expected[i], actual: actual[i] ?? '<missing>' };
  }
  return { name, equal, total: expected.length, firstDiff };
}

async function main(): Promise<void> {
  if (!existsSync(CORPUS)) {
    console.log(`corpus not found at ${CORPUS}: skipped`);
    return;
  }
  process.env.TZ = 'UTC';
  const args = process.argv.slice(2);
  const verbose = args.includes('--verbose');
  const filters = args.filter((a) => !a.startsWith('--'));
  const files = readdirSync(CORPUS).filter((f) => /\.(pcap|pcapng)$/.test(f));
  let eq = 0;
  let tot = 0;
  let filesEqual = 0;
  let n = 0;
  for (const file of files.sort()) {
    const name = file.replace(/\.(pcap|pcapng)$/, '');
    if (filters.length && !filters.some((s) => name.includes(s))) continue;
    if (!existsSync(join(CORPUS, `${name}.tcpdump.txt`))) continue;
    const a = await agreement(name, file);
    n++;
    eq += a.equal;
    tot += a.total;
    if (a.equal === a.total) filesEqual++;
    else {
      console.log(`${name}: ${a.equal}/${a.total}`);
      if (verbose && a.firstDiff) {
        console.log(`  line ${a.firstDiff.line}\n  tcpdump: ${a.firstDiff.expected}\n  tlslens: ${a.firstDiff.actual}`);
      }
    }
  }
  console.log(`captures identical: ${filesEqual}/${n}; lines identical: ${eq}/${tot} (${((100 * eq) / Math.max(1, tot)).toFixed(2)}%)`);
}

if (process.argv[1] && process.argv[1].endsWith('corpus-tcpdump.ts')) await main();
