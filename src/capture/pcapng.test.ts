import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { BT_EPB, BT_SHB, blockName, minBlockLen, readIdb, tsResolution, unitsToTime } from './pcapng.js';
import { PcapngWriter } from './writer.js';

/** The reference: exact BigInt arithmetic, truncating. */
function reference(hi: number, lo: number, raw: number): [number, number] {
  const ts = (BigInt(hi) << 32n) | BigInt(lo);
  const ups = raw & 0x80 ? 1n << BigInt(raw & 0x7f) : 10n ** BigInt(raw & 0x7f);
  return [Number(ts / ups), Number(((ts % ups) * 1_000_000_000n) / ups)];
}

function convert(hi: number, lo: number, raw: number): [number, number] {
  const out = { tsSec: -1, tsNsec: -1 };
  unitsToTime(hi, lo, tsResolution(raw), out);
  return [out.tsSec, out.tsNsec];
}

test('if_tsresol: powers of 10 and of 2, default 10^-6', () => {
  assert.equal(tsResolution(6).unitsPerSecond, 1e6);
  assert.equal(tsResolution(9).unitsPerSecond, 1e9);
  assert.equal(tsResolution(0x80 | 10).unitsPerSecond, 1024);
  assert.equal(tsResolution(0x80 | 20).binary, true);
  assert.equal(tsResolution(3).exp, 3);
});

test('units to seconds + nanoseconds: known values', () => {
  // 1700000000.123456789 s in ns: above 2^53, where naive hi * 2^32 + lo loses bits
  const ns = 1700000000123456789n;
  const hi = Number(ns >> 32n);
  const lo = Number(ns & 0xffffffffn);
  assert.deepEqual(convert(hi, lo, 9), [1700000000, 123456789]);
  // the same instant in µs
  const us = 1700000000123456n;
  assert.deepEqual(convert(Number(us >> 32n), Number(us & 0xffffffffn), 6), [1700000000, 123456000]);
  // 2^-10 s units: 1.5 s = 1536 units; 1 unit = 976562.5 ns, truncated
  assert.deepEqual(convert(0, 1536, 0x80 | 10), [1, 500000000]);
  assert.deepEqual(convert(0, 1, 0x80 | 10), [0, 976562]);
  // 2^-32: lo is the fraction
  assert.deepEqual(convert(5, 0x80000000, 0x80 | 32), [5, 500000000]);
  // picoseconds (10^-12): 1 unit below a second
  assert.deepEqual(convert(0, 999, 12), [0, 0]);
  assert.deepEqual(convert(0xe8, 0xd4a51000 + 1500, 12), [1, 1]);
  // the largest value
  assert.deepEqual(convert(0xffffffff, 0xffffffff, 9), reference(0xffffffff, 0xffffffff, 9));
  assert.deepEqual(convert(0xffffffff, 0xffffffff, 6), reference(0xffffffff, 0xffffffff, 6));
});

test('property: unitsToTime equals exact BigInt arithmetic for every resolution', () => {
  const resolutions = fc.oneof(
    fc.constantFrom(6, 9, 3, 0, 1, 12, 15, 0x80 | 10, 0x80 | 20, 0x80 | 30, 0x80 | 32, 0x80 | 33, 0x80 | 40, 0x80 | 64),
    fc.integer({ min: 0, max: 19 }),
    fc.integer({ min: 0x80, max: 0x80 | 63 }),
  );
  const halves = fc.oneof(
    fc.tuple(fc.nat({ max: 0xffffffff }), fc.nat({ max: 0xffffffff })),
    fc.tuple(fc.nat({ max: 0xfffff }), fc.nat({ max: 0xffffffff })), // the below-2^52 path
    fc.tuple(fc.integer({ min: 0x17000000, max: 0x18000000 }), fc.nat({ max: 0xffffffff })), // ns around now
  );
  fc.assert(
    fc.property(halves, resolutions, ([hi, lo], raw) => {
      const [sec, nsec] = convert(hi, lo, raw);
      const [rs, rn] = reference(hi, lo, raw);
      // seconds beyond 2^53 cannot be exact in a number; compare as the number they round to
      assert.equal(sec, rs);
      assert.equal(nsec, rn);
      assert.ok(nsec >= 0 && nsec <= 999_999_999);
    }),
    { numRuns: 20000 },
  );
});

test('property: values just below a multiple of the unit do not round up', () => {
  fc.assert(
    fc.property(fc.constantFrom(4, 5, 6, 7, 8, 9), fc.bigInt({ min: 1n, max: (1n << 64n) / 10n ** 9n - 1n }), (exp, sec) => {
      const ts = sec * 10n ** BigInt(exp) - 1n;
      const [s, n] = convert(Number(ts >> 32n), Number(ts & 0xffffffffn), exp);
      assert.deepEqual([s, n], reference(Number(ts >> 32n), Number(ts & 0xffffffffn), exp));
    }),
    { numRuns: 5000 },
  );
});

function idbOf(bytes: Uint8Array, bigEndian: boolean) {
  // skip the SHB the writer does not add here: the IDB block starts at 0
  return readIdb(bytes, new DataView(bytes.buffer, bytes.byteOffset, bytes.length), 0, bytes.length, !bigEndian, 1000);
}

test('IDB options: if_name, if_tsresol, if_tsoffset (signed), if_fcslen, both byte orders', () => {
  for (const bigEndian of [false, true]) {
    const w = new PcapngWriter({ bigEndian });
    w.shb();
    const info = idbOf(w.idb({ linkType: 113, snapLen: 4096, name: 'wlp0s20f3 ✓', tsresol: 0x80 | 16, tsoffset: -1234567890123, fcsLen: 4 }), bigEndian);
    assert.equal(info.linkType, 113);
    assert.equal(info.snapLen, 4096);
    assert.equal(info.name, 'wlp0s20f3 ✓');
    assert.equal(info.resolution.raw, 0x80 | 16);
    assert.equal(info.tsOffset, -1234567890123);
    assert.equal(info.fcsLen, 4);
    assert.equal(info.optionProblem, undefined);
    const plain = idbOf(w.idb({ linkType: 1 }), bigEndian);
    assert.equal(plain.resolution.unitsPerSecond, 1e6);
    assert.equal(plain.tsOffset, 0);
    assert.equal(plain.name, undefined);
  }
});

test('IDB options: an option running past the block is reported and the rest ignored', () => {
  const w = new PcapngWriter();
  w.shb();
  const b = w.idb({ linkType: 1, name: 'eth0', tsresol: 9 });
  // if_name's length word is at 16 + 2: claim 200 bytes
  new DataView(b.buffer).setUint16(18, 200, true);
  const info = idbOf(b, false);
  assert.equal(info.name, undefined);
  assert.equal(info.resolution.raw, 6);
  assert.equal(info.optionProblem, 'option 2 of length 200 at byte offset 1016 runs past the end of the block');
});

test('block names and minimum lengths', () => {
  assert.equal(blockName(BT_EPB), 'Enhanced Packet Block');
  assert.equal(blockName(BT_SHB), 'Section Header Block');
  assert.equal(blockName(0x12345678), 'block of type 0x12345678');
  assert.equal(minBlockLen(BT_EPB), 32);
  assert.equal(minBlockLen(0x12345678), 0);
});
