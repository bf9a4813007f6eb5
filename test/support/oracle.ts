/**
 * The live tcpdump oracle: write generated frames as a pcap, run `tcpdump -n -r` on it, print the
 * same bytes with our TcpdumpPrinter, and say where the two differ.
 *
 * Mapping output to packets: packet i (0-based) gets the timestamp BASE + i seconds and i
 * microseconds, so every packet's first line starts with a timestamp no other packet has, for
 * every -t mode except -t (none) and -ttt (delta). tcpdump's "[Invalid header: ...]" lines carry
 * no timestamp; we predict them from the record header (caplen 0, len 0, len < caplen). The
 * whole texts are compared first; splitting is only for pointing at the packet and for triage.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CaptureParser } from '../../src/capture/reader.js';
import { PcapWriter, concatBytes } from '../../src/capture/writer.js';
import type { CaptureProblem, Frame } from '../../src/capture/types.js';
import { TcpdumpPrinter } from '../../src/render/tcpdump/printer.js';
import type { TcpdumpOptions } from '../../src/render/tcpdump/ctx.js';
import type { GenFrame } from './packet-gen.js';
import { run as runCli } from '../../src/cli/main.js';
import { StringWriter } from '../../src/cli/output.js';

/** 2023-11-14 22:13:20 UTC: far from midnight, so 500 one-second steps never wrap the day. */
export const TS_BASE = 1_700_000_000;

export interface TcpdumpInfo {
  ok: boolean;
  version: string;
  reason: string;
}

let cachedInfo: TcpdumpInfo | undefined;

/** Whether `tcpdump` can be run here (and which version it is). */
export function tcpdumpInfo(): TcpdumpInfo {
  if (cachedInfo) return cachedInfo;
  const r = spawnSync('tcpdump', ['--version'], { encoding: 'utf8' });
  if (r.error || r.status !== 0) cachedInfo = { ok: false, version: '', reason: 'tcpdump not installed' };
  else {
    const m = /tcpdump version (\S+)/.exec(r.stdout + r.stderr);
    cachedInfo = { ok: true, version: m ? m[1] : 'unknown', reason: '' };
  }
  return cachedInfo;
}

export const tcpdumpAvailable = (): boolean => tcpdumpInfo().ok;

// ---------------------------------------------------------------------------------------------
// Flags

/** tcpdump arguments and the TcpdumpOptions that mean the same. */
export function argsToOptions(args: readonly string[]): Partial<TcpdumpOptions> {
  const o: Partial<TcpdumpOptions> = {};
  for (const a of args) {
    if (a === '--nano') o.nano = true;
    else if (a.startsWith('-') && !a.startsWith('--')) {
      for (const c of a.slice(1)) {
        if (c === 'v') o.vflag = (o.vflag ?? 0) + 1;
        else if (c === 't') o.tflag = (o.tflag ?? 0) + 1;
        else if (c === 'x') o.xflag = (o.xflag ?? 0) + 1;
        else if (c === 'X') o.Xflag = (o.Xflag ?? 0) + 1;
        else if (c === 'e') o.eflag = true;
        else if (c === 'q') o.qflag = true;
        else if (c === 'S') o.Sflag = true;
        else if (c !== 'n') throw new Error(`oracle: tcpdump flag -${c} has no TcpdumpOptions equivalent`);
      }
    } else throw new Error(`oracle: unsupported tcpdump argument ${a}`);
  }
  return o;
}

// ---------------------------------------------------------------------------------------------
// Writing

export interface WrittenCapture {
  path: string;
  bytes: Uint8Array;
  linkType: number;
  frames: GenFrame[];
  nano: boolean;
}

/** Packet i's timestamp: BASE + i seconds, i microseconds (i nanoseconds more in nano files). */
export function tsOf(i: number, nano: boolean): { sec: number; nsec: number } {
  return { sec: TS_BASE + i, nsec: i * 1000 + (nano ? i % 1000 : 0) };
}

let scratch: string | undefined;

/** A directory for this process's pcaps (kept: failing runs name files in it). */
export function scratchDir(): string {
  if (!scratch) scratch = mkdtempSync(join(process.env.ORACLE_TMP ?? tmpdir(), 'tlslens-oracle-'));
  return scratch;
}

export function pcapBytes(linkType: number, frames: readonly GenFrame[], o: { nano?: boolean; bigEndian?: boolean } = {}): Uint8Array {
  const w = new PcapWriter({ linkType, nano: o.nano ?? false, bigEndian: o.bigEndian ?? false });
  const parts: Uint8Array[] = [w.header()];
  frames.forEach((f, i) => {
    const t = tsOf(i, o.nano ?? false);
    parts.push(w.record(t.sec, t.nsec, f.data, f.origLen));
  });
  return concatBytes(parts);
}

export function writeCapture(name: string, linkType: number, frames: GenFrame[], o: { nano?: boolean; bigEndian?: boolean; dir?: string } = {}): WrittenCapture {
  const dir = o.dir ?? scratchDir();
  mkdirSync(dir, { recursive: true });
  const path = join(dir, name);
  const bytes = pcapBytes(linkType, frames, o);
  writeFileSync(path, bytes);
  return { path, bytes, linkType, frames, nano: o.nano ?? false };
}

// ---------------------------------------------------------------------------------------------
// Running both sides

export interface TcpdumpRun {
  stdout: string;
  stderr: string;
  status: number | null;
  ms: number;
}

export function runTcpdump(path: string, args: readonly string[]): TcpdumpRun {
  const t0 = performance.now();
  const r = spawnSync('tcpdump', ['-n', '-r', path, ...args], {
    encoding: 'latin1', // tcpdump prints bytes; latin1 keeps every one of them as one char
    env: { ...process.env, TZ: 'UTC', LC_ALL: 'C' },
    maxBuffer: 1 << 28,
  });
  if (r.error) throw r.error;
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, ms: performance.now() - t0 };
}

export interface OurRun {
  /** One entry per frame the parser emitted: the printer's text, or `<<threw ...>>`. */
  chunks: string[];
  problems: CaptureProblem[];
  ms: number;
}

let ifNames: Map<number, string> | undefined;

/** Interface names by index as tcpdump's if_indextoname() sees them here (SLL2 prints them). */
export function localIfNames(): Map<number, string> {
  if (ifNames) return ifNames;
  ifNames = new Map();
  try {
    for (const name of readdirSync('/sys/class/net')) {
      const idx = Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim());
      if (Number.isInteger(idx)) ifNames.set(idx, name);
    }
  } catch {
    // no /sys: every index prints as '?', on both sides
  }
  return ifNames;
}

export function runOurs(bytes: Uint8Array, opts: Partial<TcpdumpOptions>): OurRun {
  const t0 = performance.now();
  const names = localIfNames();
  const printer = new TcpdumpPrinter(opts, { ifName: (i) => names.get(i) });
  const chunks: string[] = [];
  const problems: CaptureProblem[] = [];
  const parser = new CaptureParser({
    frame(f: Frame) {
      try {
        chunks.push(printer.format(f));
      } catch (e) {
        chunks.push(`<<threw ${e instanceof Error ? (e.stack ?? e.message) : String(e)}>>\n`);
      }
    },
    problem(p) {
      problems.push(p);
    },
  });
  parser.push(bytes);
  parser.finish();
  return { chunks, problems, ms: performance.now() - t0 };
}

// ---------------------------------------------------------------------------------------------
// Splitting tcpdump's text into packets

const pad = (n: number, w: number) => String(n).padStart(w, '0');

/** The timestamp text tcpdump starts packet i with, or null when it is not unique (-t, -ttt). */
export function tsPrefix(i: number, opts: Partial<TcpdumpOptions>): string | null {
  const nano = opts.nano ?? false;
  const t = tsOf(i, nano);
  const frac = nano ? pad(t.nsec, 9) : pad(Math.floor(t.nsec / 1000), 6);
  const d = new Date(t.sec * 1000);
  const hms = `${pad(d.getUTCHours(), 2)}:${pad(d.getUTCMinutes(), 2)}:${pad(d.getUTCSeconds(), 2)}`;
  switch (opts.tflag ?? 0) {
    case 0:
      return `${hms}.${frac} `;
    case 2:
      return `${t.sec}.${frac} `;
    case 4:
      return `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1, 2)}-${pad(d.getUTCDate(), 2)} ${hms}.${frac} `;
    case 5: {
      const t0 = tsOf(0, nano);
      const ds = t.sec - t0.sec;
      const dn = t.nsec - t0.nsec;
      const dfrac = nano ? pad(dn, 9) : pad(Math.floor(dn / 1000), 6);
      return `${pad(Math.floor(ds / 3600), 2)}:${pad(Math.floor(ds / 60) % 60, 2)}:${pad(ds % 60, 2)}.${dfrac} `;
    }
    default:
      return null;
  }
}

/** tcpdump prints "[Invalid header: ...]" instead of a packet for these record headers. */
export const invalidHeader = (capLen: number, origLen: number): boolean => capLen === 0 || origLen === 0 || origLen < capLen;

/**
 * tcpdump's text for each packet, or null when it cannot be split with certainty (then only the
 * whole text is compared).
 */
export function splitTcpdump(text: string, frames: readonly GenFrame[], opts: Partial<TcpdumpOptions>): string[] | null {
  if (tsPrefix(0, opts) === null) return null;
  const out: string[] = [];
  let pos = 0;
  for (let i = 0; i < frames.length; i++) {
    const f = frames[i];
    if (invalidHeader(f.data.length, f.origLen)) {
      if (!text.startsWith('[Invalid header', pos)) return null;
      const nl = text.indexOf('\n', pos);
      const end = nl < 0 ? text.length : nl + 1;
      out.push(text.slice(pos, end));
      pos = end;
      continue;
    }
    if (!text.startsWith(tsPrefix(i, opts)!, pos)) return null;
    // the packet runs up to the next packet's start: its timestamp or an invalid-header line
    let end = text.length;
    for (let j = i + 1; j < frames.length; j++) {
      const g = frames[j];
      const marker = invalidHeader(g.data.length, g.origLen) ? '\n[Invalid header' : '\n' + tsPrefix(j, opts)!;
      const k = text.indexOf(marker, pos);
      if (k >= 0) end = k + 1;
      break;
    }
    out.push(text.slice(pos, end));
    pos = end;
  }
  return pos === text.length ? out : null;
}

// ---------------------------------------------------------------------------------------------
// Comparing

export interface Mismatch {
  /** 0-based packet index in the capture. */
  index: number;
  frame: GenFrame;
  expected: string;
  actual: string;
}

export interface Comparison {
  capture: WrittenCapture;
  args: string[];
  equal: boolean;
  /** Packets compared (frames in the file). */
  packets: number;
  mismatches: Mismatch[];
  /** Why the run as a whole is wrong beyond per-packet text (exit status, parser problems...). */
  troubles: string[];
  tcpdump: TcpdumpRun;
  ours: OurRun;
}

/** Run both sides on one written capture with one flag set. */
export function compare(capture: WrittenCapture, args: readonly string[]): Comparison {
  const opts = argsToOptions(args);
  const td = runTcpdump(capture.path, args);
  const ours = runOurs(capture.bytes, opts);
  const troubles: string[] = [];
  if (td.status !== 0) troubles.push(`tcpdump exited ${td.status}: ${td.stderr.trim()}`);
  const stderrRest = td.stderr
    .split('\n')
    // tcpdump warns that SLL2 interface names come from this machine, not the capturing one
    .filter((l) => l && !l.startsWith('reading from file') && l !== 'Warning: interface names might be incorrect')
    .join('\n');
  if (stderrRest) troubles.push(`tcpdump stderr: ${stderrRest}`);
  for (const p of ours.problems) troubles.push(`CaptureParser ${p.severity} at ${p.offset}: ${p.message}`);
  if (ours.chunks.length !== capture.frames.length) troubles.push(`CaptureParser emitted ${ours.chunks.length} frames, the file has ${capture.frames.length}`);
  const actual = ours.chunks.join('');
  const equal = actual === td.stdout && troubles.length === 0;
  const mismatches: Mismatch[] = [];
  if (actual !== td.stdout) {
    const split = splitTcpdump(td.stdout, capture.frames, opts);
    if (split) {
      for (let i = 0; i < capture.frames.length; i++) {
        const a = ours.chunks[i] ?? '<<no frame>>\n';
        if (a !== split[i]) mismatches.push({ index: i, frame: capture.frames[i], expected: split[i], actual: a });
      }
    } else {
      // no split: find the first differing character, and blame our chunk that holds it
      const k = firstDiff(actual, td.stdout);
      let at = 0;
      let i = 0;
      while (i < ours.chunks.length && at + ours.chunks[i].length <= k) at += ours.chunks[i++].length;
      const i2 = Math.min(i, capture.frames.length - 1);
      const nl = td.stdout.indexOf('\n', k);
      mismatches.push({
        index: i2,
        frame: capture.frames[i2],
        expected: td.stdout.slice(at, nl < 0 ? td.stdout.length : nl + 1) + (nl >= 0 ? '[... rest of tcpdump output not split]\n' : ''),
        actual: ours.chunks[i2] ?? '<<no frame>>\n',
      });
    }
  }
  return { capture, args: [...args], equal, packets: capture.frames.length, mismatches, troubles, tcpdump: td, ours };
}

export function firstDiff(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) return i;
  return n;
}

/**
 * The product itself: `tlslens read FILE --plain ARGS` run in-process, its standard output
 * compared with tcpdump's. Mismatches are located like the printer's.
 */
export async function compareCli(capture: WrittenCapture, args: readonly string[], td?: TcpdumpRun): Promise<Comparison> {
  const tdRun = td ?? runTcpdump(capture.path, args);
  const out = new StringWriter();
  const err = new StringWriter();
  const t0 = performance.now();
  const code = await runCli(['read', capture.path, '--plain', ...args], { stdout: out, stderr: err, isTTY: false });
  const ms = performance.now() - t0;
  const troubles: string[] = [];
  if (code !== 0) troubles.push(`tlslens exited ${code}: ${err.text.trim()}`);
  const extra = err.text.split('\n').filter((l) => l && !l.startsWith('reading from file'));
  if (extra.length) troubles.push(`tlslens stderr: ${extra.join(' | ')}`);
  const mismatches: Mismatch[] = [];
  if (out.text !== tdRun.stdout) {
    const opts = argsToOptions(args);
    const a = splitTcpdump(out.text, capture.frames, opts);
    const e = splitTcpdump(tdRun.stdout, capture.frames, opts);
    if (a && e) {
      capture.frames.forEach((f, i) => {
        if (a[i] !== e[i]) mismatches.push({ index: i, frame: f, expected: e[i], actual: a[i] });
      });
    } else {
      const k = firstDiff(out.text, tdRun.stdout);
      const line = (t: string) => t.slice(t.lastIndexOf('\n', k - 1) + 1, (t.indexOf('\n', k) + 1 || t.length + 1) - 1) + '\n';
      mismatches.push({ index: -1, frame: capture.frames[0], expected: line(tdRun.stdout), actual: line(out.text) });
    }
  }
  return {
    capture,
    args: ['(tlslens read --plain)', ...args],
    equal: mismatches.length === 0 && troubles.length === 0,
    packets: capture.frames.length,
    mismatches,
    troubles,
    tcpdump: tdRun,
    ours: { chunks: [out.text], problems: [], ms },
  };
}

// ---------------------------------------------------------------------------------------------
// Reporting

export function hexdump(b: Uint8Array, max = 512): string {
  const lines: string[] = [];
  for (let o = 0; o < Math.min(b.length, max); o += 16) {
    const row = Array.from(b.subarray(o, Math.min(o + 16, b.length)), (x) => x.toString(16).padStart(2, '0'));
    lines.push(`    ${o.toString(16).padStart(4, '0')}: ${row.join(' ')}`);
  }
  if (b.length > max) lines.push(`    ... ${b.length - max} more bytes`);
  return lines.join('\n');
}

const show = (s: string) =>
  s
    .replace(/\n$/, '')
    .split('\n')
    .map((l) => `    | ${JSON.stringify(l).slice(1, -1)}`)
    .join('\n');

/** Both texts with a caret under the first differing column of the first differing line. */
export function diffText(expected: string, actual: string): string {
  const e = expected.split('\n');
  const a = actual.split('\n');
  let line = 0;
  while (line < e.length && line < a.length && e[line] === a[line]) line++;
  const col = firstDiff(e[line] ?? '', a[line] ?? '');
  const caret = `      ${' '.repeat(JSON.stringify((e[line] ?? '').slice(0, col)).length - 2)}^ line ${line + 1}, column ${col + 1}`;
  return `  tcpdump:\n${show(expected)}\n  ours:\n${show(actual)}\n${caret}`;
}

/** A single-packet pcap of the mismatching frame, for a standalone reproduction. */
export function writeRepro(c: Comparison, m: Mismatch): string {
  if (m.index < 0) return c.capture.path;
  const name = `repro-${c.capture.path.split('/').pop()!.replace(/\.pcap$/, '')}-${m.index + 1}.pcap`;
  return writeCapture(name, c.capture.linkType, [m.frame], { nano: c.capture.nano }).path;
}

export function describeMismatch(c: Comparison, m: Mismatch): string {
  const f = m.frame;
  const repro = writeRepro(c, m);
  return [
    `${m.index < 0 ? 'first difference (output not split into packets)' : `packet #${m.index + 1}`} of ${c.capture.path} (link-type ${c.capture.linkType}, capLen ${f.data.length}, origLen ${f.origLen})`,
    `  tags: ${f.tags.join(' ')}`,
    `  bytes (hex): ${Array.from(f.data, (x) => x.toString(16).padStart(2, '0')).join('')}`,
    hexdump(f.data),
    diffText(m.expected, m.actual),
    `  standalone: TZ=UTC tcpdump -n -r ${repro} ${c.args.filter((a) => a.startsWith('-')).join(' ')}   (TCP relative seq/ack depend on earlier packets of the file)`,
  ].join('\n');
}

export function report(c: Comparison, maxPackets = 3): string {
  const head = `tcpdump -n -r ${c.capture.path} ${c.args.join(' ')}: ${c.mismatches.length ? `${c.mismatches.length} of ${c.packets} packets differ` : 'same text'}`;
  const lines = [head, ...c.troubles.map((t) => `  trouble: ${t}`)];
  for (const m of c.mismatches.slice(0, maxPackets)) lines.push(describeMismatch(c, m));
  if (c.mismatches.length > maxPackets) lines.push(`  ... and ${c.mismatches.length - maxPackets} more`);
  return lines.join('\n');
}

// ---------------------------------------------------------------------------------------------
// Triage: group mismatches

/** A short key for what differs: the first differing words of tcpdump's text and ours, numbers blurred. */
export function diffSignature(m: Mismatch): string {
  const e = m.expected;
  const a = m.actual;
  const k = firstDiff(e, a);
  // back up to a word start so the key reads as words
  let s = k;
  while (s > 0 && !/[\s,\[\(]/.test(e[s - 1])) s--;
  const blur = (t: string) =>
    t
      .slice(s, s + 24)
      .split('\n')[0]
      .replace(/0x[0-9a-f]+/g, '0x#')
      .replace(/[0-9]+/g, '#');
  return `${JSON.stringify(blur(e))} vs ${JSON.stringify(blur(a))}`;
}
