import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CaptureParser, parseCapture } from './reader.js';
import { PcapWriter, PcapngWriter, concatBytes } from './writer.js';
import type { CaptureInterface, CaptureProblem, DecryptionSecrets } from './types.js';

interface SeenFrame {
  number: number;
  linkType: number;
  tsSec: number;
  tsNsec: number;
  capLen: number;
  origLen: number;
  data: Uint8Array;
  interfaceId: number;
  snapLen: number;
  fileOffset: number;
}

interface Seen {
  frames: SeenFrame[];
  problems: CaptureProblem[];
  secrets: DecryptionSecrets[];
  ifaces: CaptureInterface[];
  format: string | undefined;
  consumed: number;
  failed: boolean;
}

/** Feed `bytes` in chunks whose sizes cycle through `sizes` (all of it at once when empty). */
function run(bytes: Uint8Array, sizes: readonly number[] = [], opts: { reuse?: boolean } = {}): Seen {
  const seen: Seen = { frames: [], problems: [], secrets: [], ifaces: [], format: undefined, consumed: 0, failed: false };
  const parser = new CaptureParser({
    frame: (f) => seen.frames.push({ ...f, data: f.data.slice() }),
    problem: (p) => seen.problems.push(p),
    secrets: (s) => seen.secrets.push(s),
    interface: (i) => seen.ifaces.push(i),
  });
  if (sizes.length === 0) parser.push(bytes);
  else {
    // With `reuse`, every chunk is copied into one scratch buffer that is overwritten by the
    // next chunk, as io/read-capture does with its read buffers.
    const scratch = new Uint8Array(Math.max(...sizes));
    let i = 0;
    for (let o = 0; o < bytes.length; i++) {
      const n = Math.min(sizes[i % sizes.length], bytes.length - o);
      if (opts.reuse) {
        scratch.set(bytes.subarray(o, o + n));
        parser.push(scratch.subarray(0, n));
        scratch.fill(0xee);
      } else parser.push(bytes.subarray(o, o + n));
      o += n;
    }
  }
  parser.finish();
  seen.format = parser.format;
  seen.consumed = parser.bytesConsumed;
  seen.failed = parser.failed;
  assert.equal(parser.framesEmitted, seen.frames.length);
  return seen;
}

const pkt = (n: number, seed = 0) => Uint8Array.from({ length: n }, (_, i) => (i * 31 + seed) & 0xff);

/** A small pcap and the byte ranges of its units. */
function smallPcap(bigEndian = false, nano = false) {
  const w = new PcapWriter({ linkType: 1, nano, bigEndian });
  const parts = [w.header(), w.record(1700000000, 123456789, pkt(60)), w.record(1700000001, 5000, pkt(1514, 1), 1600), w.record(1700000002, 0, pkt(42, 2))];
  return { bytes: concatBytes(parts), parts, packets: [false, true, true, true] };
}

/** A small pcapng: two sections, two interfaces, EPB, DSB, ISB, SPB, OPB; and its units. */
function smallPcapng(bigEndian = false) {
  const w = new PcapngWriter({ bigEndian });
  const parts: Uint8Array[] = [];
  const packets: boolean[] = [];
  const add = (b: Uint8Array, isPacket = false) => {
    parts.push(b);
    packets.push(isPacket);
  };
  add(w.shb());
  add(w.idb({ linkType: 1, name: 'eth0', tsresol: 9 }));
  add(w.idb({ linkType: 113, snapLen: 128 }));
  add(w.epb(0, 1700000000, 123456789, pkt(60), 60), true);
  add(w.dsb(0x544c534b, new TextEncoder().encode('CLIENT_RANDOM 00 11\n')));
  add(w.epb(1, 1700000001, 999999000, pkt(128, 3), 1500), true);
  add(w.block(5, new Uint8Array(12)));
  add(w.shb());
  add(w.idb({ linkType: 276, snapLen: 100 }));
  add(w.spb(pkt(100, 4), 200), true);
  add(w.opb(0, 1700000002_000000n, pkt(33, 5)), true);
  return { bytes: concatBytes(parts), parts, packets };
}

test('classic pcap: frames, timestamps and lengths in both byte orders and resolutions', () => {
  for (const bigEndian of [false, true]) {
    for (const nano of [false, true]) {
      const { bytes } = smallPcap(bigEndian, nano);
      const s = run(bytes);
      assert.deepEqual(s.problems, []);
      assert.equal(s.format, nano ? 'pcap-ns' : 'pcap');
      assert.equal(s.consumed, bytes.length);
      assert.equal(s.frames.length, 3);
      const [a, b, c] = s.frames;
      assert.deepEqual([a.number, a.tsSec, a.tsNsec, a.capLen, a.origLen, a.linkType, a.snapLen, a.fileOffset], [1, 1700000000, nano ? 123456789 : 123456000, 60, 60, 1, 262144, 24]);
      assert.deepEqual([b.number, b.tsSec, b.tsNsec, b.capLen, b.origLen, b.fileOffset], [2, 1700000001, 5000, 1514, 1600, 24 + 16 + 60]);
      assert.deepEqual(b.data, pkt(1514, 1));
      assert.deepEqual([c.tsSec, c.tsNsec, c.capLen], [1700000002, 0, 42]);
      assert.deepEqual(s.ifaces, [{ globalId: 0, linkType: 1, snapLen: 262144, unitsPerSecond: nano ? 1e9 : 1e6, tsOffset: 0 }]);
    }
  }
});

test('classic pcap: LinkType keeps only its low 16 bits; the FCS bits become fcsLen', () => {
  const h = new PcapWriter({ linkType: 1 }).header();
  new DataView(h.buffer).setUint32(20, (2 << 28) | 0x04000000 | 1, true); // FCS present, 2 words
  const s = run(concatBytes([h, new PcapWriter({ linkType: 1 }).record(1, 0, pkt(20))]));
  assert.equal(s.frames[0].linkType, 1);
  assert.equal(s.ifaces[0].fcsLen, 4);
});

test('bad magic names the bytes found and stops', () => {
  const elf = Uint8Array.of(0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0);
  for (const sizes of [[], [1], [3]]) {
    const s = run(elf, sizes);
    assert.deepEqual(s.problems, [{ severity: 'fatal', offset: 0, message: 'not a pcap or pcapng file: magic bytes 0x7f 0x45 0x4c 0x46 at offset 0' }]);
    assert.equal(s.failed, true);
    assert.equal(s.format, undefined);
  }
});

test('an empty input is one fatal problem', () => {
  const s = run(new Uint8Array(0));
  assert.equal(s.problems.length, 1);
  assert.equal(s.problems[0].severity, 'fatal');
  assert.equal(s.problems[0].offset, 0);
  assert.match(s.problems[0].message, /empty/);
});

test('a pcap with only its file header has no frames and no problem', () => {
  const s = run(new PcapWriter({ linkType: 1 }).header());
  assert.deepEqual(s.problems, []);
  assert.equal(s.frames.length, 0);
  assert.equal(s.format, 'pcap');
});

/** Truncate at every offset: never throws, every complete unit before the cut is delivered. */
function truncateEverywhere(file: { bytes: Uint8Array; parts: Uint8Array[]; packets: boolean[] }, sizes: number[]) {
  const starts: number[] = [];
  let o = 0;
  for (const p of file.parts) {
    starts.push(o);
    o += p.length;
  }
  for (let cut = 0; cut < file.bytes.length; cut++) {
    const s = run(file.bytes.subarray(0, cut), sizes);
    let whole = 0;
    let expectFrames = 0;
    while (whole < file.parts.length && starts[whole] + file.parts[whole].length <= cut) {
      if (file.packets[whole]) expectFrames++;
      whole++;
    }
    assert.equal(s.frames.length, expectFrames, `cut ${cut}`);
    if (cut === 0) {
      assert.equal(s.problems.length, 1);
      continue;
    }
    if (whole < file.parts.length && starts[whole] === cut) {
      assert.deepEqual(s.problems, [], `cut ${cut} at a boundary`);
      assert.equal(s.consumed, cut);
      continue;
    }
    assert.equal(s.problems.length, 1, `cut ${cut}`);
    const pr = s.problems[0];
    assert.equal(pr.severity, 'fatal');
    assert.equal(pr.offset, starts[whole], `cut ${cut}: ${pr.message}`);
    assert.equal(s.consumed, starts[whole]);
    assert.match(pr.message, new RegExp(`^truncated .* at byte offset ${starts[whole]}: .* only ${cut - starts[whole] - (/record at/.test(pr.message) ? 16 : 0)} present$`), pr.message);
  }
}

test('truncation at every offset of a small pcap (LE µs, BE ns), whole and in 7-byte chunks', () => {
  for (const f of [smallPcap(false, false), smallPcap(true, true)]) {
    truncateEverywhere(f, []);
    truncateEverywhere(f, [7]);
  }
});

test('truncation at every offset of a small pcapng (LE, BE), whole and in 5-byte chunks', () => {
  for (const f of [smallPcapng(false), smallPcapng(true)]) {
    truncateEverywhere(f, []);
    truncateEverywhere(f, [5]);
  }
});

test('truncated record message says what the header claimed and what was there', () => {
  const w = new PcapWriter({ linkType: 1 });
  const bytes = concatBytes([w.header(), w.record(1, 0, pkt(1514))]);
  const s = run(bytes.subarray(0, 24 + 16 + 100));
  assert.deepEqual(s.problems, [{ severity: 'fatal', offset: 24, message: 'truncated packet record at byte offset 24: header says 1514 captured bytes, only 100 present' }]);
});

test('a caplen above 262144 is fatal, names the offset and allocates nothing', () => {
  const w = new PcapWriter({ linkType: 1 });
  const rec = w.record(1, 0, pkt(10));
  new DataView(rec.buffer).setUint32(8, 0xfffffff0, true);
  for (const sizes of [[], [3]]) {
    const s = run(concatBytes([w.header(), w.record(1, 0, pkt(10)), rec, new Uint8Array(100)]), sizes);
    assert.equal(s.frames.length, 1);
    assert.deepEqual(s.problems, [
      { severity: 'fatal', offset: 50, message: 'invalid packet capture length 4294967280, bigger than maximum of 262144, in the packet record at byte offset 50' },
    ]);
  }
});

test('pcapng: frames, interfaces, secrets, sections', () => {
  for (const bigEndian of [false, true]) {
    const { bytes } = smallPcapng(bigEndian);
    const s = run(bytes);
    assert.deepEqual(s.problems, []);
    assert.equal(s.format, 'pcapng');
    assert.equal(s.consumed, bytes.length);
    assert.deepEqual(
      s.ifaces.map((i) => [i.globalId, i.linkType, i.snapLen, i.name, i.unitsPerSecond]),
      [
        [0, 1, 0, 'eth0', 1e9],
        [1, 113, 128, undefined, 1e6],
        [2, 276, 100, undefined, 1e6],
      ],
    );
    const [a, b, c, d] = s.frames;
    assert.deepEqual([a.interfaceId, a.linkType, a.tsSec, a.tsNsec, a.capLen, a.origLen], [0, 1, 1700000000, 123456789, 60, 60]);
    assert.deepEqual([b.interfaceId, b.linkType, b.tsSec, b.tsNsec, b.capLen, b.origLen, b.snapLen], [1, 113, 1700000001, 999999000, 128, 1500, 128]);
    // SPB: interface 0 of the second section, no timestamp, caplen = min(snaplen 100, origLen 200)
    assert.deepEqual([c.interfaceId, c.linkType, c.tsSec, c.tsNsec, c.capLen, c.origLen], [0, 276, 0, 0, 100, 200]);
    assert.deepEqual(c.data, pkt(100, 4));
    // OPB in the second section
    assert.deepEqual([d.interfaceId, d.linkType, d.tsSec, d.tsNsec, d.capLen, d.number], [0, 276, 1700000002, 0, 33, 4]);
    assert.equal(s.secrets.length, 1);
    assert.equal(s.secrets[0].secretsType, 0x544c534b);
    assert.equal(new TextDecoder().decode(s.secrets[0].data), 'CLIENT_RANDOM 00 11\n');
  }
});

test('pcapng: sections may change byte order; interface ids restart per section', () => {
  const le = new PcapngWriter();
  const be = new PcapngWriter({ bigEndian: true });
  const bytes = concatBytes([
    le.shb(),
    le.idb({ linkType: 1 }),
    le.idb({ linkType: 101 }),
    le.epb(1, 10, 0, pkt(20)),
    be.shb(),
    be.idb({ linkType: 113, tsresol: 3 }),
    be.epb(0, 20, 5_000_000, pkt(30)),
    le.shb(),
    le.idb({ linkType: 276 }),
    le.epb(0, 30, 0, pkt(40)),
  ]);
  const s = run(bytes, [3]);
  assert.deepEqual(s.problems, []);
  assert.deepEqual(
    s.frames.map((f) => [f.interfaceId, f.linkType, f.tsSec, f.tsNsec, f.capLen]),
    [
      [1, 101, 10, 0, 20],
      [0, 113, 20, 5_000_000, 30],
      [0, 276, 30, 0, 40],
    ],
  );
  assert.deepEqual(s.ifaces.map((i) => i.globalId), [0, 1, 2, 3]);
});

test('pcapng: a packet on an interface the section does not have is fatal, like libpcap', () => {
  const w = new PcapngWriter();
  const shb = w.shb();
  const idb = w.idb({ linkType: 1 });
  const ok = w.epb(0, 1, 0, pkt(10));
  const bad = w.epb(0, 1, 0, pkt(10));
  new DataView(bad.buffer).setUint32(8, 3, true);
  const s = run(concatBytes([shb, idb, ok, bad, ok]));
  assert.equal(s.frames.length, 1);
  const at = shb.length + idb.length + ok.length;
  assert.deepEqual(s.problems, [
    { severity: 'fatal', offset: at, message: `Enhanced Packet Block at byte offset ${at}: interface ID 3 >= number of interfaces (1) in this section` },
  ]);
  // A Simple Packet Block with no IDB at all
  const w2 = new PcapngWriter();
  const s2 = run(concatBytes([w2.shb(), w2.spb(pkt(10))]));
  assert.match(s2.problems[0].message, /^Simple Packet Block at byte offset 28: interface ID 0 >= number of interfaces \(0\)/);
});

test('pcapng: bad block lengths are fatal with the offset', () => {
  const w = new PcapngWriter();
  const head = concatBytes([w.shb(), w.idb({ linkType: 1 })]);
  const at = head.length;
  const cases: [string, (b: Uint8Array, dv: DataView) => void, RegExp][] = [
    ['too small', (_b, dv) => dv.setUint32(4, 8, true), /has a total length of 8 < 12/],
    ['not a multiple of 4', (_b, dv) => dv.setUint32(4, 46, true), /not a multiple of 4/],
    ['huge', (_b, dv) => dv.setUint32(4, 0x7ffffff0, true), /bigger than the maximum of 16777216/],
    ['trailer mismatch', (b, dv) => dv.setUint32(b.length - 4, 99, true), /block total length in header \(44\) and trailer \(99\) don't match/],
    ['caplen past the block', (_b, dv) => dv.setUint32(20, 13, true), /captured length 13 does not fit in a block of 44 bytes/],
    ['below the EPB minimum', (b, dv) => { dv.setUint32(4, 28, true); dv.setUint32(24, 28, true); void b; }, /has a total length of 28 < 32/],
  ];
  for (const [name, mutate, re] of cases) {
    const epb = w.epb(0, 1, 0, pkt(12));
    assert.equal(epb.length, 44);
    mutate(epb, new DataView(epb.buffer));
    const s = run(concatBytes([head, epb, w.epb(0, 1, 0, pkt(12))]));
    assert.equal(s.frames.length, 0, name);
    assert.equal(s.problems.length, 1, name);
    assert.equal(s.problems[0].severity, 'fatal', name);
    assert.equal(s.problems[0].offset, at, name);
    assert.equal(s.consumed, at, name);
    assert.match(s.problems[0].message, re, name);
    assert.match(s.problems[0].message, new RegExp(`byte offset ${at}`), name);
  }
});

test('pcapng: bad byte-order magic and unsupported versions', () => {
  const w = new PcapngWriter();
  const shb = w.shb();
  shb.set([1, 2, 3, 4], 8);
  assert.match(run(shb).problems[0].message, /byte-order magic 0x01 0x02 0x03 0x04/);
  const s2 = run(new PcapngWriter().shb({ major: 2, minor: 0 }));
  assert.match(s2.problems[0].message, /unsupported pcapng version 2\.0/);
  assert.deepEqual(run(new PcapngWriter().shb({ major: 1, minor: 2 })).problems, []);
});

test('pcapng: NRB, ISB, custom and unknown blocks are skipped by their length', () => {
  const w = new PcapngWriter();
  const bytes = concatBytes([
    w.shb(),
    w.block(4, new Uint8Array(16)),
    w.idb({ linkType: 1 }),
    w.block(5, new Uint8Array(12)),
    w.block(0xbad, Uint8Array.of(0, 0, 0x7e, 0xd9, 1, 2, 3)),
    w.block(0x40000bad, new Uint8Array(8)),
    w.block(0x80000001, new Uint8Array(0)),
    w.epb(0, 5, 0, pkt(10)),
  ]);
  const s = run(bytes);
  assert.deepEqual(s.problems, []);
  assert.equal(s.frames.length, 1);
});

test('pcapng: a DSB whose secrets length overruns its block is a warning; reading goes on', () => {
  const w = new PcapngWriter();
  const dsb = w.dsb(0x544c534b, pkt(8));
  new DataView(dsb.buffer).setUint32(12, 100, true);
  const s = run(concatBytes([w.shb(), w.idb({ linkType: 1 }), dsb, w.epb(0, 1, 0, pkt(4))]));
  assert.equal(s.secrets.length, 0);
  assert.equal(s.frames.length, 1);
  assert.equal(s.problems.length, 1);
  assert.equal(s.problems[0].severity, 'warning');
});

test('DSB data is a copy that outlives the chunk', () => {
  const w = new PcapngWriter();
  const bytes = concatBytes([w.shb(), w.dsb(0x544c534b, pkt(50))]);
  const s = run(bytes);
  bytes.fill(0);
  assert.deepEqual(s.secrets[0].data, pkt(50));
  assert.equal(s.secrets[0].fileOffset, 28);
});

test('frames inside one chunk are zero-copy views; one Frame object is reused', () => {
  const { bytes } = smallPcap();
  const seen: unknown[] = [];
  let sameBuffer = true;
  parseCapture(bytes, {
    frame: (f) => {
      seen.push(f);
      if (f.data.buffer !== bytes.buffer) sameBuffer = false;
    },
  });
  assert.equal(sameBuffer, true);
  assert.equal(seen.length, 3);
  assert.ok(seen.every((f) => f === seen[0]));
});

test('a reused read buffer is safe: the carry is a copy', () => {
  for (const f of [smallPcap(), smallPcapng(true)]) {
    const whole = run(f.bytes);
    for (const size of [1, 2, 7, 13, 64, 1000]) assert.deepEqual(run(f.bytes, [size], { reuse: true }), whole, `size ${size}`);
  }
});

test('maxFrames and stop() end the stream without a problem', () => {
  const { bytes } = smallPcapng();
  let n = 0;
  const p = new CaptureParser({ frame: () => n++, problem: () => assert.fail('no problem expected') }, { maxFrames: 2 });
  p.push(bytes);
  p.finish();
  assert.equal(n, 2);
  assert.equal(p.stopped, true);
  assert.equal(p.failed, false);

  let m = 0;
  const q: CaptureParser = new CaptureParser({ frame: () => (++m === 1 ? q.stop() : undefined) });
  for (let i = 0; i < bytes.length; i++) q.push(bytes.subarray(i, i + 1));
  q.finish();
  assert.equal(m, 1);
});

test('pcap: a microsecond field >= 10^6 is carried into the seconds, with one warning', () => {
  const w = new PcapWriter({ linkType: 1 });
  const r1 = w.record(10, 0, pkt(4));
  new DataView(r1.buffer).setUint32(4, 2_500_000, true);
  const s = run(concatBytes([w.header(), r1, r1]));
  assert.deepEqual(s.frames.map((f) => [f.tsSec, f.tsNsec]), [
    [12, 500_000_000],
    [12, 500_000_000],
  ]);
  assert.equal(s.problems.length, 1);
  assert.equal(s.problems[0].severity, 'warning');
});

test('modified (Kuznetzov) pcap: 24-byte record headers', () => {
  const w = new PcapWriter({ linkType: 1 });
  const h = w.header();
  new DataView(h.buffer).setUint32(0, 0xa1b2cd34, true);
  const rec = (sec: number, data: Uint8Array) => {
    const r = new Uint8Array(24 + data.length);
    const dv = new DataView(r.buffer);
    dv.setUint32(0, sec, true);
    dv.setUint32(4, 7, true);
    dv.setUint32(8, data.length, true);
    dv.setUint32(12, data.length, true);
    r.set(data, 24);
    return r;
  };
  const s = run(concatBytes([h, rec(1, pkt(10)), rec(2, pkt(20, 1))]), [5]);
  assert.deepEqual(s.problems, []);
  assert.deepEqual(s.frames.map((f) => [f.tsSec, f.tsNsec, f.capLen, f.fileOffset]), [
    [1, 7000, 10, 24],
    [2, 7000, 20, 58],
  ]);
  assert.deepEqual(s.frames[1].data, pkt(20, 1));
});

const chunkings = fc.oneof(
  fc.constant([1]),
  fc.constant([7]),
  fc.array(fc.integer({ min: 1, max: 200 }), { minLength: 1, maxLength: 20 }),
  fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 5 }),
);

test('property: the same bytes in any chunking give the same frames, secrets and problems', () => {
  const files = [smallPcap().bytes, smallPcap(true, true).bytes, smallPcapng().bytes, smallPcapng(true).bytes];
  const reference = files.map((b) => run(b));
  fc.assert(
    fc.property(fc.integer({ min: 0, max: files.length - 1 }), chunkings, fc.boolean(), (i, sizes, reuse) => {
      assert.deepEqual(run(files[i], sizes, { reuse }), reference[i]);
    }),
    { numRuns: 300 },
  );
});

test('property: corrupted captures never throw, and chunking still does not matter', () => {
  const files = [smallPcap().bytes, smallPcapng().bytes, smallPcapng(true).bytes];
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: files.length - 1 }),
      fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
      fc.nat(),
      chunkings,
      (i, flips, cutAt, sizes) => {
        const b = files[i].slice(0, files[i].length - (cutAt % 40));
        for (const [at, v] of flips) b[at % b.length] = v;
        const whole = run(b);
        assert.ok(whole.problems.filter((p) => p.severity === 'fatal').length <= 1);
        for (const f of whole.frames) assert.equal(f.data.length, f.capLen);
        assert.deepEqual(run(b, sizes), whole);
      },
    ),
    { numRuns: 500 },
  );
});

test('property: random bytes after a valid header never throw', () => {
  const heads = [new PcapWriter({ linkType: 1 }).header(), new PcapngWriter().shb()];
  fc.assert(
    fc.property(fc.integer({ min: 0, max: 1 }), fc.uint8Array({ maxLength: 2000 }), chunkings, (i, tail, sizes) => {
      const b = concatBytes([heads[i], tail]);
      assert.deepEqual(run(b, sizes), run(b));
    }),
    { numRuns: 300 },
  );
});

test('big units across seams: a 250 kB pcap record and a 2 MiB pcapng block in any chunking', () => {
  const pw = new PcapWriter({ linkType: 1 });
  const pcapBytes = concatBytes([pw.header(), pw.record(1, 0, pkt(100)), pw.record(2, 0, pkt(250_000, 9)), pw.record(3, 0, pkt(70_000, 8)), pw.record(4, 0, pkt(10))]);
  const nw = new PcapngWriter();
  const ngBytes = concatBytes([nw.shb(), nw.idb({ linkType: 1 }), nw.epb(0, 1, 0, pkt(2 * 1024 * 1024, 7)), nw.epb(0, 2, 0, pkt(100_000, 6)), nw.epb(0, 3, 0, pkt(20))]);
  for (const bytes of [pcapBytes, ngBytes]) {
    const whole = run(bytes);
    assert.deepEqual(whole.problems, []);
    assert.equal(whole.frames.length, bytes === pcapBytes ? 4 : 3);
    for (const sizes of [[1000], [997], [65536], [100_000, 3], [150, 1 << 20], [50, 1 << 20], [1 << 20]]) assert.deepEqual(run(bytes, sizes, { reuse: true }), whole, `sizes ${sizes}`);
  }
});

test('Simple Packet Block time is 0 + if_tsoffset, as libpcap reports it', () => {
  const w = new PcapngWriter();
  const s = run(concatBytes([w.shb(), w.idb({ linkType: 1, tsoffset: 86400 }), w.spb(pkt(61))]));
  assert.deepEqual(s.frames.map((f) => [f.tsSec, f.tsNsec, f.capLen, f.origLen]), [[86400, 0, 61, 61]]);
});
