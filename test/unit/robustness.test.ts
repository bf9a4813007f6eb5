/**
 * No capture, however broken, makes the reader or the tcpdump printer throw or hang (STYLE §4,
 * §10). Real captures (test/captures) and generated ones are mutated: bit flips, truncation at
 * any offset, length fields of pcap/pcapng records and of IP/TCP/UDP headers set to extremes,
 * garbage spliced in. Each mutant is pushed through CaptureParser in random chunk sizes and
 * every frame through TcpdumpPrinter with several flag sets. The CLI must turn the same damage
 * into one message and exit status 0 (something printed) or 2 (nothing readable).
 *
 * No tcpdump needed. A failure writes the mutant to a temp file and names it.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { CaptureParser } from '../../src/capture/reader.js';
import { PcapWriter } from '../../src/capture/writer.js';
import type { CaptureProblem, Frame } from '../../src/capture/types.js';
import { TcpdumpPrinter } from '../../src/render/tcpdump/printer.js';
import type { TcpdumpOptions } from '../../src/render/tcpdump/ctx.js';
import { run } from '../../src/cli/main.js';
import { StringWriter } from '../../src/cli/output.js';
import { ALL_LINKTYPES, LINKTYPE, captureArb } from '../support/packet-gen.js';

const ROOT = new URL('../../', import.meta.url).pathname;
const SEED = Number(process.env.FC_SEED ?? 0x7e57);
const RUNS = Number(process.env.ROBUST_RUNS ?? 800);
/** Mutants of the big recorded captures keep their first 64 KiB: damage is local, time is not. */
const MAX_SOURCE = 64 * 1024;
/** A case (one mutant, all flag sets) slower than this is a hang in the making. */
const CASE_MS = Number(process.env.ROBUST_CASE_MS ?? 3000);

const FLAG_SETS: Partial<TcpdumpOptions>[] = [
  {},
  { vflag: 1, xflag: 1 },
  { vflag: 3, Xflag: 2, eflag: true, tflag: 5 },
  { vflag: 2, xflag: 2, Sflag: true, tflag: 2, nano: true },
];

const scratch = mkdtempSync(join(tmpdir(), 'tlslens-robust-'));

// ---------------------------------------------------------------------------------------------
// Sources: committed captures, plus generated ones on every link type

interface Source {
  name: string;
  bytes: Uint8Array;
}

function committedCaptures(): Source[] {
  const dir = join(ROOT, 'test/captures');
  let names: string[] = [];
  try {
    names = readdirSync(dir).filter((n) => /\.(pcap|pcapng|cap)$/.test(n));
  } catch {
    // none recorded yet: the generated sources below still run
  }
  return names.sort().map((n) => ({ name: `test/captures/${n}`, bytes: new Uint8Array(readFileSync(join(dir, n))).subarray(0, MAX_SOURCE) }));
}

function generatedCaptures(): Source[] {
  return ALL_LINKTYPES.map((lt, i) => {
    const [cap] = fc.sample(captureArb({ count: 60, linkTypes: [lt] }), { seed: SEED + i, numRuns: 1 });
    const w = new PcapWriter({ linkType: lt, nano: i % 2 === 1, bigEndian: i % 3 === 0 });
    const parts = [w.header(), ...cap.frames.map((f, k) => w.record(1_700_000_000 + k, k * 1000, f.data, f.origLen))];
    return { name: `generated link-type ${lt}`, bytes: concat(parts) };
  });
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const SOURCES: Source[] = [...committedCaptures(), ...generatedCaptures()];

// ---------------------------------------------------------------------------------------------
// Where the length fields are

interface Unit {
  /** Offset of a record header (pcap) or block (pcapng). */
  at: number;
  pcapng: boolean;
  le: boolean;
}

/** Record/block offsets, walked leniently (a walk that goes wrong just finds fewer). */
function units(b: Uint8Array): Unit[] {
  const out: Unit[] = [];
  if (b.length < 24) return out;
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  const m = dv.getUint32(0, true);
  if (m === 0x0a0d0d0a) {
    let le = true;
    for (let at = 0; at + 12 <= b.length && out.length < 10_000; ) {
      if (dv.getUint32(at, true) === 0x0a0d0d0a) le = dv.getUint32(at + 8, true) === 0x1a2b3c4d;
      const len = dv.getUint32(at + 4, le);
      out.push({ at, pcapng: true, le });
      if (len < 12 || len % 4) break;
      at += len;
    }
    return out;
  }
  const le = m === 0xa1b2c3d4 || m === 0xa1b23c4d;
  for (let at = 24; at + 16 <= b.length && out.length < 10_000; ) {
    out.push({ at, pcapng: false, le });
    at += 16 + dv.getUint32(at + 8, le);
  }
  return out;
}

/** Offsets of IP/TCP/UDP length fields inside the frame at `data` (best effort, any link type). */
function headerFields(linkType: number, d: Uint8Array): { off: number; size: 1 | 2; nibble?: 'hi' | 'lo' }[] {
  let off = -1;
  if (linkType === LINKTYPE.ETHERNET) {
    off = 14;
    while (off + 2 <= d.length && (d[off - 2] << 8 | d[off - 1]) >= 0x8100 && [0x8100, 0x88a8, 0x9100].includes(d[off - 2] << 8 | d[off - 1])) off += 4;
  } else if (linkType === LINKTYPE.LINUX_SLL) off = 16;
  else if (linkType === LINKTYPE.LINUX_SLL2) off = 20;
  else if (linkType === LINKTYPE.NULL) off = 4;
  else if (linkType === LINKTYPE.RAW || linkType === LINKTYPE.IPV4 || linkType === LINKTYPE.IPV6) off = 0;
  if (off < 0 || off >= d.length) return [];
  const f: { off: number; size: 1 | 2; nibble?: 'hi' | 'lo' }[] = [{ off, size: 1, nibble: 'hi' }];
  let l4 = -1;
  let proto = -1;
  if (d[off] >> 4 === 4) {
    f.push({ off, size: 1, nibble: 'lo' }, { off: off + 2, size: 2 }, { off: off + 6, size: 2 }, { off: off + 9, size: 1 });
    l4 = off + (d[off] & 15) * 4;
    proto = d[off + 9];
  } else if (d[off] >> 4 === 6) {
    f.push({ off: off + 4, size: 2 }, { off: off + 6, size: 1 });
    l4 = off + 40;
    proto = d[off + 6];
  }
  if (proto === 6) f.push({ off: l4 + 12, size: 1, nibble: 'hi' }, { off: l4 + 20, size: 1 }, { off: l4 + 21, size: 1 });
  if (proto === 17) f.push({ off: l4 + 4, size: 2 });
  return f.filter((x) => x.off + x.size <= d.length);
}

// ---------------------------------------------------------------------------------------------
// Mutations

type Mutation =
  | { k: 'flip'; spots: [number, number][] }
  | { k: 'truncate'; at: number }
  | { k: 'record'; unit: number; field: number; value: number }
  | { k: 'header'; frame: number; field: number; value: number }
  | { k: 'splice'; at: number; bytes: Uint8Array; replace: boolean };

const EXTREMES = [0, 1, 0xff, 0xffff, 0xffffffff, 0x7fffffff, 0x80000000, 0x40000, 0x40001, 0x10000, 15, 16, 17];
const extreme = fc.oneof(fc.constantFrom(...EXTREMES), fc.integer({ min: 0, max: 0xffffffff }));

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({ k: fc.constant<'flip'>('flip'), spots: fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 7 })), { minLength: 1, maxLength: 16 }) }),
  fc.record({ k: fc.constant<'truncate'>('truncate'), at: fc.nat() }),
  fc.record({ k: fc.constant<'record'>('record'), unit: fc.nat(), field: fc.nat(), value: extreme }),
  fc.record({ k: fc.constant<'header'>('header'), frame: fc.nat(), field: fc.nat(), value: extreme }),
  fc.record({ k: fc.constant<'splice'>('splice'), at: fc.nat(), bytes: fc.uint8Array({ minLength: 1, maxLength: 40 }), replace: fc.boolean() }),
);

/** Frames of a capture, copied, with their link type (for header mutations). */
function framesOf(bytes: Uint8Array): { linkType: number; data: Uint8Array; origLen: number; tsSec: number; tsNsec: number }[] {
  const out: { linkType: number; data: Uint8Array; origLen: number; tsSec: number; tsNsec: number }[] = [];
  const p = new CaptureParser({ frame: (f) => out.push({ linkType: f.linkType, data: f.data.slice(), origLen: f.origLen, tsSec: f.tsSec, tsNsec: f.tsNsec }) });
  p.push(bytes);
  p.finish();
  return out;
}

function setField(b: Uint8Array, off: number, size: number, le: boolean, v: number): void {
  const dv = new DataView(b.buffer, b.byteOffset, b.byteLength);
  if (size === 4 && off + 4 <= b.length) dv.setUint32(off, v >>> 0, le);
  else if (size === 2 && off + 2 <= b.length) dv.setUint16(off, v & 0xffff, le);
  else if (off < b.length) b[off] = v & 0xff;
}

function mutate(src: Uint8Array, m: Mutation): Uint8Array {
  const b = src.slice();
  switch (m.k) {
    case 'flip':
      if (b.length) for (const [at, bit] of m.spots) b[at % b.length] ^= 1 << bit;
      return b;
    case 'truncate':
      return b.subarray(0, m.at % (b.length + 1));
    case 'splice': {
      const at = m.at % (b.length + 1);
      return concat([b.subarray(0, at), m.bytes, b.subarray(m.replace ? Math.min(b.length, at + m.bytes.length) : at)]);
    }
    case 'record': {
      const us = units(b);
      if (!us.length) return b;
      const u = us[m.unit % us.length];
      // pcap: ts_sec, ts_frac, caplen, len; pcapng: block length (front and back), EPB caplen/len
      const fields = u.pcapng ? [4, 20, 24, 8] : [8, 12, 0, 4];
      const f = fields[m.field % fields.length];
      setField(b, u.at + f, 4, u.le, m.value);
      if (u.pcapng && f === 4 && m.field % 8 === 4) {
        const len = new DataView(src.buffer, src.byteOffset, src.byteLength).getUint32(u.at + 4, u.le);
        setField(b, u.at + len - 4, 4, u.le, m.value); // both copies of the length, consistently wrong
      }
      return b;
    }
    case 'header': {
      // rewrite as a classic pcap with one frame's header field set to an extreme
      const frames = framesOf(src);
      if (!frames.length) return b;
      const i = m.frame % frames.length;
      const fr = frames[i];
      const fields = headerFields(fr.linkType, fr.data);
      if (fields.length) {
        const f = fields[m.field % fields.length];
        if (f.nibble === 'hi') fr.data[f.off] = (fr.data[f.off] & 0x0f) | ((m.value & 15) << 4);
        else if (f.nibble === 'lo') fr.data[f.off] = (fr.data[f.off] & 0xf0) | (m.value & 15);
        else setField(fr.data, f.off, f.size, false, m.value);
      }
      const w = new PcapWriter({ linkType: frames[0].linkType });
      return concat([w.header(), ...frames.map((x) => w.record(Math.min(x.tsSec, 0xffffffff), x.tsNsec, x.data, x.origLen))]);
    }
  }
}

// ---------------------------------------------------------------------------------------------
// The checks

interface Outcome {
  frames: number;
  problems: CaptureProblem[];
  ms: number;
}

/** Parse in chunks and print every frame with every flag set; throws what the code throws. */
function exercise(bytes: Uint8Array, chunk: number): Outcome {
  const t0 = performance.now();
  const printers = FLAG_SETS.map((o) => new TcpdumpPrinter(o));
  const problems: CaptureProblem[] = [];
  let frames = 0;
  const parser = new CaptureParser({
    frame(f: Frame) {
      frames++;
      assert.ok(f.capLen === f.data.length, `frame ${f.number}: capLen ${f.capLen} but ${f.data.length} bytes`);
      for (const p of printers) {
        const s = p.format(f);
        assert.equal(typeof s, 'string');
        assert.ok(s.endsWith('\n'), `frame ${f.number}: output does not end in a newline: ${JSON.stringify(s.slice(-80))}`);
      }
    },
    problem(p) {
      problems.push(p);
      assert.ok(Number.isInteger(p.offset) && p.offset >= 0 && p.offset <= bytes.length, `problem offset ${p.offset} outside the ${bytes.length}-byte file: ${p.message}`);
      assert.ok(p.message.length > 0);
    },
  });
  for (let at = 0; at < bytes.length; at += chunk) parser.push(bytes.subarray(at, at + chunk));
  parser.finish();
  return { frames, problems, ms: performance.now() - t0 };
}

let saved = 0;
function keep(name: string, bytes: Uint8Array): string {
  const p = join(scratch, `mutant-${++saved}-${name.replace(/[^a-z0-9.-]+/gi, '_')}`);
  writeFileSync(p, bytes);
  return p;
}

test('mutated captures never make the reader or the printer throw or stall', { timeout: 120_000 }, () => {
  assert.ok(SOURCES.length >= ALL_LINKTYPES.length, 'no sources to mutate');
  let cases = 0;
  let slowest = 0;
  let printed = 0;
  fc.assert(
    fc.property(fc.nat({ max: SOURCES.length - 1 }), fc.array(mutation, { minLength: 1, maxLength: 3 }), fc.integer({ min: 1, max: 8192 }), (si, muts, chunk) => {
      const src = SOURCES[si];
      let bytes = src.bytes;
      for (const m of muts) bytes = mutate(bytes, m);
      let out: Outcome;
      try {
        out = exercise(bytes, chunk);
      } catch (e) {
        const p = keep(src.name, bytes);
        throw new Error(`${src.name} mutated by ${JSON.stringify(muts)} (chunk ${chunk}), saved as ${p}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      }
      cases++;
      printed += out.frames;
      slowest = Math.max(slowest, out.ms);
      if (out.ms > CASE_MS) throw new Error(`${src.name} mutated by ${JSON.stringify(muts)} took ${out.ms.toFixed(0)} ms (saved as ${keep(src.name, bytes)})`);
      assert.ok(out.problems.filter((p) => p.severity === 'fatal').length <= 1, 'at most one fatal problem');
    }),
    { seed: SEED, numRuns: RUNS, endOnFailure: true },
  );
  assert.equal(cases, RUNS);
  // most mutants still hold packets: make sure the printer really ran on them
  assert.ok(printed > RUNS * 5, `only ${printed} frames printed over ${RUNS} mutants`);
});

test('every truncation point of a capture is survived', () => {
  // Exhaustive on two small files: one recorded (if any) and one generated.
  const small = [...SOURCES].filter((s) => s.bytes.length <= 8192).slice(0, 1);
  const picks = [...small, SOURCES[SOURCES.length - 1]].map((s) => ({ ...s, bytes: s.bytes.subarray(0, 2500) }));
  for (const s of picks) {
    let last = 0;
    for (let n = 0; n <= s.bytes.length; n++) {
      const out = exercise(s.bytes.subarray(0, n), 4096);
      assert.ok(out.frames >= last, `${s.name} cut at ${n}: ${out.frames} frames, ${last} with one byte less`);
      last = out.frames;
    }
  }
});

test('a frame truncated at every offset prints (with a truncation mark, not an exception)', () => {
  const [cap] = fc.sample(captureArb({ count: 120 }), { seed: SEED, numRuns: 1 });
  const printers = FLAG_SETS.map((o) => new TcpdumpPrinter(o));
  for (const f of cap.frames.slice(0, 60)) {
    for (let n = 0; n <= f.data.length; n++) {
      const frame: Frame = { number: 1, linkType: cap.linkType, tsSec: 1_700_000_000, tsNsec: 0, capLen: n, origLen: f.data.length, data: f.data.subarray(0, n), interfaceId: 0, snapLen: 262144, fileOffset: 24 };
      for (const p of printers) assert.equal(typeof p.format(frame), 'string');
    }
  }
});

// ---------------------------------------------------------------------------------------------
// The CLI on broken files

async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const out = new StringWriter();
  const err = new StringWriter();
  const code = await run(args, { stdout: out, stderr: err, isTTY: false });
  return { code, out: out.text, err: err.text };
}

const messages = (err: string) => err.split('\n').filter((l) => l && !l.startsWith('reading from file'));

test('CLI: a capture cut mid-record prints what it has, exits 0, and names the byte offset once', async () => {
  const src = SOURCES.find((s) => s.name.endsWith('.pcap')) ?? SOURCES[SOURCES.length - 1];
  // cut inside the data of the third record, so two packets are whole
  const us = units(src.bytes);
  assert.ok(us.length > 3, `${src.name} has too few records`);
  const file = keep('cut.pcap', src.bytes.subarray(0, us[2].at + 16 + 5));
  const r = await cli(['read', file, '--plain']);
  assert.equal(r.code, 0, r.err);
  assert.ok(r.out.split('\n').length > 1, 'printed packets');
  const msgs = messages(r.err);
  assert.equal(msgs.length, 1, r.err);
  assert.match(msgs[0], /offset \d+/);
  assert.doesNotMatch(r.err, /^\s+at /m);
});

test('CLI: a file with nothing readable exits 2 with one message', async () => {
  for (const [name, bytes, offset] of [
    ['garbage.pcap', Uint8Array.from({ length: 100 }, (_, i) => (i * 37 + 11) & 0xff), true],
    ['short-header.pcap', Uint8Array.of(0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0), true],
    ['empty.pcap', new Uint8Array(0), false],
  ] as const) {
    const r = await cli(['read', keep(name, bytes), '--plain']);
    assert.equal(r.code, 2, `${name}: ${r.err}`);
    assert.equal(r.out, '', name);
    const msgs = messages(r.err);
    assert.equal(msgs.length, 1, `${name}: ${r.err}`);
    if (offset) assert.match(msgs[0], /offset \d+/, name);
    assert.doesNotMatch(r.err, /^\s+at /m);
  }
});

test('CLI: every mutant of a capture exits 0 or 2, with at most one fatal message and no stack trace', async () => {
  const src = SOURCES.find((s) => s.name.startsWith('test/captures/') && s.bytes.length < 16384) ?? SOURCES[0];
  const muts = fc.sample(fc.array(mutation, { minLength: 1, maxLength: 2 }), { seed: SEED, numRuns: 40 });
  for (const ms of muts) {
    let bytes = src.bytes;
    for (const m of ms) bytes = mutate(bytes, m);
    const file = keep('cli-mutant.pcap', bytes);
    const r = await cli(['read', file, '--plain']);
    const printed = r.out.length > 0;
    assert.equal(r.code, printed ? 0 : 2, `${file} (${JSON.stringify(ms)}): exit ${r.code}, ${printed ? 'printed' : 'printed nothing'}\n${r.err}`);
    const fatal = messages(r.err).filter((l) => !l.startsWith('tlslens: warning:'));
    assert.ok(fatal.length <= 1, `${file}: ${r.err}`);
    assert.doesNotMatch(r.err, /^\s+at /m, file);
  }
});

test('CLI as a process: a corrupt file gives exit status 2 and a one-line message, no stack trace', () => {
  const file = keep('process-garbage.pcap', Uint8Array.from({ length: 64 }, (_, i) => (i * 7) & 0xff));
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src/cli/main.ts'), 'read', file, '--plain'], {
    cwd: ROOT,
    encoding: 'utf8',
    timeout: 60_000,
  });
  assert.equal(r.status, 2, r.stderr);
  assert.equal(r.stdout, '');
  const lines = r.stderr.split('\n').filter(Boolean);
  assert.equal(lines.length, 1, r.stderr);
  assert.match(lines[0], /^tlslens: .*offset \d+/);
});
