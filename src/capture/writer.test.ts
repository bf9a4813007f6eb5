import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parseCapture } from './reader.js';
import { PcapWriter, PcapngWriter, concatBytes } from './writer.js';
import type { CaptureProblem, Frame } from './types.js';

type Row = [tsSec: number, tsNsec: number, capLen: number, origLen: number, interfaceId: number, linkType: number, data: Uint8Array];

function read(bytes: Uint8Array): { rows: Row[]; problems: CaptureProblem[] } {
  const rows: Row[] = [];
  const problems: CaptureProblem[] = [];
  parseCapture(bytes, {
    frame: (f: Frame) => rows.push([f.tsSec, f.tsNsec, f.capLen, f.origLen, f.interfaceId, f.linkType, f.data.slice()]),
    problem: (p) => problems.push(p),
  });
  return { rows, problems };
}

const packet = fc.record({
  tsSec: fc.nat({ max: 0xffffffff }),
  tsNsec: fc.nat({ max: 999_999_999 }),
  data: fc.uint8Array({ maxLength: 300 }),
  extra: fc.nat({ max: 2000 }),
});

test('property: PcapWriter → CaptureParser round trip (both byte orders, µs and ns)', () => {
  fc.assert(
    fc.property(fc.boolean(), fc.boolean(), fc.nat({ max: 0xffff }), fc.array(packet, { maxLength: 20 }), (bigEndian, nano, linkType, pkts) => {
      const w = new PcapWriter({ linkType, nano, bigEndian });
      const bytes = concatBytes([w.header(), ...pkts.map((p) => w.record(p.tsSec, p.tsNsec, p.data, p.data.length + p.extra))]);
      const { rows, problems } = read(bytes);
      assert.deepEqual(problems, []);
      assert.deepEqual(
        rows,
        pkts.map((p): Row => [p.tsSec, nano ? p.tsNsec : Math.floor(p.tsNsec / 1000) * 1000, p.data.length, p.data.length + p.extra, 0, linkType, p.data]),
      );
    }),
    { numRuns: 300 },
  );
});

/** What a reader must see for a time written on an interface with raw if_tsresol `raw`: truncated twice. */
function expectedTime(tsSec: number, tsNsec: number, raw: number, tsoffset: number): [number, number] {
  const ups = raw & 0x80 ? 1n << BigInt(raw & 0x7f) : 10n ** BigInt(raw & 0x7f);
  const units = BigInt(tsSec - tsoffset) * ups + (BigInt(tsNsec) * ups) / 1_000_000_000n;
  return [Number(units / ups) + tsoffset, Number(((units % ups) * 1_000_000_000n) / ups)];
}

test('property: PcapngWriter → CaptureParser round trip (byte orders, resolutions, offsets, sections)', () => {
  const iface = fc.record({
    linkType: fc.nat({ max: 0xffff }),
    tsresol: fc.constantFrom(undefined, 6, 9, 3, 0, 12, 0x80 | 10, 0x80 | 20, 0x80 | 30, 0x80 | 40),
    tsoffset: fc.constantFrom(undefined, 0, -1000, 86400, 1700000000),
    name: fc.option(fc.string({ maxLength: 20 }), { nil: undefined }),
  });
  const section = fc.record({
    bigEndian: fc.boolean(),
    ifaces: fc.array(iface, { minLength: 1, maxLength: 3 }),
    pkts: fc.array(fc.tuple(fc.nat(), packet), { maxLength: 10 }),
  });
  fc.assert(
    fc.property(fc.array(section, { minLength: 1, maxLength: 3 }), (sections) => {
      const parts: Uint8Array[] = [];
      const expected: Row[] = [];
      for (const s of sections) {
        const w = new PcapngWriter({ bigEndian: s.bigEndian });
        parts.push(w.shb());
        for (const i of s.ifaces) parts.push(w.idb(i));
        for (const [k, p] of s.pkts) {
          const ifId = k % s.ifaces.length;
          const i = s.ifaces[ifId];
          // Keep (sec - if_tsoffset) * units-per-second within 64 bits and sec >= 0.
          const ups = i.tsresol === undefined ? 1e6 : i.tsresol & 0x80 ? 2 ** (i.tsresol & 0x7f) : 10 ** i.tsresol;
          const room = Math.min(2 ** 40, Math.floor(2 ** 64 / ups) - 2000);
          const sec = (p.tsSec % room) + (i.tsoffset ?? 0) + 1000;
          parts.push(w.epb(ifId, sec, p.tsNsec, p.data, p.data.length + p.extra));
          expected.push([...expectedTime(sec, p.tsNsec, i.tsresol ?? 6, i.tsoffset ?? 0), p.data.length, p.data.length + p.extra, ifId, i.linkType, p.data]);
        }
      }
      const { rows, problems } = read(concatBytes(parts));
      assert.deepEqual(problems, []);
      assert.deepEqual(rows, expected);
    }),
    { numRuns: 300 },
  );
});

test('nanosecond and microsecond interfaces keep their exact values', () => {
  const w = new PcapngWriter();
  const bytes = concatBytes([
    w.shb(),
    w.idb({ linkType: 1, tsresol: 9 }),
    w.idb({ linkType: 1 }),
    w.epb(0, 1700000000, 123456789, new Uint8Array(1)),
    w.epb(1, 1700000000, 123456789, new Uint8Array(1)),
    w.epbUnits(0, 0xffffffffffffffffn, new Uint8Array(1)),
  ]);
  const { rows } = read(bytes);
  assert.deepEqual(
    rows.map((r) => [r[0], r[1]]),
    [
      [1700000000, 123456789],
      [1700000000, 123456000],
      [18446744073, 709551615],
    ],
  );
});

test('writers refuse impossible values', () => {
  const w = new PcapWriter({ linkType: 1 });
  assert.throws(() => w.record(-1, 0, new Uint8Array(1)), RangeError);
  assert.throws(() => w.record(0, 1e9, new Uint8Array(1)), RangeError);
  assert.throws(() => w.record(2 ** 32, 0, new Uint8Array(1)), RangeError);
  assert.throws(() => w.record(0, 0, new Uint8Array(262145)), RangeError);
  const n = new PcapngWriter();
  n.shb();
  assert.throws(() => n.epb(0, 1, 0, new Uint8Array(1)), RangeError); // no interface yet
  n.idb({ linkType: 1, tsoffset: 100 });
  assert.throws(() => n.epb(0, 99, 0, new Uint8Array(1)), RangeError); // before the offset
  assert.throws(() => n.epbUnits(0, 1n << 64n, new Uint8Array(1)), RangeError);
});

test('PcapWriter header matches what tcpdump writes (LE, µs, v2.4, snaplen 262144)', () => {
  const h = new PcapWriter({ linkType: 1 }).header();
  assert.deepEqual(Array.from(h), [0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 1, 0, 0, 0]);
});
