/**
 * `tlslens read --plain` equals tcpdump 4.99.3 byte for byte on every committed capture and
 * every flag set that scripts/record/make-goldens.sh recorded (TZ=UTC). Goldens only: no tcpdump needed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { readCapture } from '../../src/io/read-capture.js';
import { TcpdumpPrinter } from '../../src/render/tcpdump/printer.js';
import { tcpdumpGoldens, TCPDUMP_SETS } from '../support/goldens.js';

process.env.TZ = 'UTC';

/** The machine that made the goldens named ifindex 1 "lo" (SLL2 lines print interface names). */
const ifName = (i: number) => (i === 1 ? 'lo' : undefined);

export async function printPlain(capture: string, set: string): Promise<string> {
  const opts = TCPDUMP_SETS[set];
  if (!opts) throw new Error(`unknown flag set ${set}`);
  const printer = new TcpdumpPrinter(opts, { ifName });
  let text = '';
  await readCapture(capture, { frame: (f) => void (text += printer.format(f)) });
  return text;
}

function firstDifference(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  for (let i = 0; i < Math.max(e.length, a.length); i++) {
    if (e[i] !== a[i]) return `line ${i + 1}\n  tcpdump: ${JSON.stringify(e[i])}\n  tlslens: ${JSON.stringify(a[i])}`;
  }
  return 'no difference';
}

const goldens = tcpdumpGoldens();

test('tcpdump goldens exist', () => {
  // a suite that finds nothing does not pass
  assert.ok(goldens.length >= 50, `only ${goldens.length} tcpdump goldens found`);
  assert.ok(new Set(goldens.map((g) => g.capture)).size >= 10);
});

for (const g of goldens) {
  test(`read --plain ${basename(g.capture)} [${g.set}] equals tcpdump`, async () => {
    const expected = readFileSync(g.goldenPath, 'utf8');
    const actual = await printPlain(g.capture, g.set);
    if (actual !== expected) assert.fail(firstDifference(expected, actual));
  });
}
