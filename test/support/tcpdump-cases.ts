/**
 * The harness of the printer tests (src/render/tcpdump/*.test.ts): each test file lists Ethernet
 * frames with the line tcpdump 4.99.3 printed for them, and `runCases` checks them one by one,
 * then cuts every frame at every byte and checks that printing still ends with a line.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpdumpPrinter } from '../../src/render/tcpdump/printer.js';
import type { TcpdumpOptions } from '../../src/render/tcpdump/ctx.js';
import type { Frame } from '../../src/capture/types.js';

/** One Ethernet frame, printed with -t (no timestamp) and the given flags. */
export function print(opts: Partial<TcpdumpOptions>, hex: string, origLen?: number, capLen?: number): string {
  const all = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  const data = capLen === undefined ? all : all.subarray(0, capLen);
  const frame: Frame = {
    number: 1,
    linkType: 1,
    tsSec: 0,
    tsNsec: 0,
    capLen: data.length,
    origLen: origLen ?? all.length,
    data,
    interfaceId: 0,
    snapLen: 262144,
    fileOffset: 0,
  };
  return new TcpdumpPrinter({ ...opts, tflag: 1 }).format(frame).replace(/\n$/, '');
}

export interface Case {
  name: string;
  opts: Partial<TcpdumpOptions>;
  hex: string;
  origLen?: number;
  expected: string;
}

export function runCases(cases: Case[]): void {
  for (const c of cases) {
    test(c.name, () => {
      assert.equal(print(c.opts, c.hex, c.origLen), c.expected);
    });
  }

  test('a capture cut at any byte prints a line and ends (no throw, no loop)', () => {
    for (const c of cases) {
      const n = c.hex.length / 2;
      for (let cap = 0; cap <= n; cap++) {
        const s = print(c.opts, c.hex, n, cap);
        assert.equal(typeof s, 'string', `${c.name} cut at ${cap}`);
      }
    }
  });
}
