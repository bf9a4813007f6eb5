/**
 * Builds the benchmark capture: bench-data/big.pcap, at least BENCH_MB MiB (default 512), made by
 * replicating the conversations recorded in test/captures with shifted addresses, ports and times.
 *
 *   npx tsx scripts/bench/make-capture.ts [--rebuild] [--mb N] [--out bench-data/big.pcap]
 *
 * How a copy is made
 * - Templates: every Ethernet capture in test/captures (pcap or pcapng) whose frames are all whole
 *   (not snap-length-cut) IPv4/IPv6 TCP or UDP: the loopback recordings (zero MACs), the derived
 *   "-inet" ones, DNS over UDP. Each template is a set of flows; a flow's client is the end that
 *   sent the SYN (else the sender of its first packet).
 * - Copy k of a template (k counts conversations across the whole file) gets its own client
 *   address (IPv4 scattered over the unicast space by a hash of k, or 10.x.y.z from k with
 *   BENCH_CLIENTS=10net; IPv6 2001:db8:c::/64 + k), one of 16 servers (198.51.100.1-16,
 *   2001:db8:5::1-16), and client ports shifted by k * 7919 within 32768..60999 (Linux's ephemeral
 *   range). Server ports, MACs, TTLs, IP ids, sequence numbers and payloads are kept.
 * - The IPv4 header checksum and the TCP/UDP checksum are recomputed, so `tcpdump -v` finds them
 *   correct (the loopback recordings carried partial, offloaded checksums).
 * - Time: conversations start at exponential intervals (mean BENCH_GAP_US, default 2000 µs) and
 *   keep their recorded inner timing; frames of all open conversations are merged in time order,
 *   so about a hundred connections are open at any moment.
 * - Templates are picked at random (seeded, BENCH_SEED) with weights: handshake-sized
 *   conversations 3, the 1 MiB HTTP/2 download over the Internet-like link 1, the same download on
 *   loopback (64 KiB segments) 0.25. The mix averages ~900 bytes per frame, close to Internet traffic.
 * - When the size is reached no new conversation starts; the open ones are finished, so the file
 *   ends slightly above the target with every conversation whole.
 *
 * The file is streamed through a 4 MiB buffer with fs.writeSync (memory stays small), written to
 * a temporary name and renamed at the end. Next to it, FILE.meta.json records the parameters and
 * counts; a later run with the same parameters reuses the file (--rebuild forces a new one).
 */
import { closeSync, mkdirSync, openSync, readFileSync, readSync, readdirSync, renameSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { readCapture } from '../../src/io/read-capture.js';
import { PcapWriter } from '../../src/capture/writer.js';
import { sum16, foldComplement } from '../../src/net/checksum.js';
import { mulberry32 } from '../lib/random.js';

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
export const BENCH_DIR = join(ROOT, 'bench-data');
const CAPTURES = join(ROOT, 'test', 'captures');
const MiB = 1024 * 1024;
/** Bump when the construction changes, so cached files are rebuilt. */
const GENERATOR_VERSION = 2;

/** Template weights by file name; anything not listed weighs DEFAULT_WEIGHT. */
const WEIGHTS: Record<string, number> = {
  'node-h2-1mib-inet.pcap': 1,
  'node-h2-1mib.pcap': 0.25,
};
const DEFAULT_WEIGHT = 3;
/** Not used as templates: cut frames (would not be a whole conversation). */
const EXCLUDE = new Set(['snaplen-96.pcap']);

// ---- templates --------------------------------------------------------------------------------

interface TFrame {
  /** Microseconds since the template's first frame. */
  relUs: number;
  data: Uint8Array;
  origLen: number;
  v6: boolean;
  ipOff: number;
  /** IPv4 header length (0 for IPv6). */
  ipHdrLen: number;
  l4Off: number;
  /** Offset of the checksum field inside the frame. */
  l4CkOff: number;
  udp: boolean;
  fromClient: boolean;
  /** Original client port (the port rewritten in this frame). */
  clientPort: number;
  /** Offset of the client port field (source port when fromClient, else destination port). */
  clientPortOff: number;
  /** Sums of the fixed parts (see rewriteBase). */
  ipBase: number;
  l4Base: number;
}

export interface Template {
  name: string;
  weight: number;
  frames: TFrame[];
  bytes: number;
  durationUs: number;
}

interface RawFrame {
  tsUs: number;
  data: Uint8Array;
  origLen: number;
}

async function loadFrames(path: string): Promise<{ linkTypes: Set<number>; frames: RawFrame[]; cut: boolean }> {
  const frames: RawFrame[] = [];
  const linkTypes = new Set<number>();
  let cut = false;
  let failed: string | undefined;
  await readCapture(path, {
    frame(f) {
      linkTypes.add(f.linkType);
      if (f.capLen < f.origLen) cut = true;
      frames.push({ tsUs: f.tsSec * 1e6 + Math.floor(f.tsNsec / 1000), data: f.data.slice(), origLen: f.origLen });
    },
    problem(p) {
      if (p.severity === 'fatal') failed = p.message;
    },
  });
  if (failed) throw new Error(`${path}: ${failed}`);
  return { linkTypes, frames, cut };
}

/** Parses one Ethernet frame; undefined when it is not plain IPv4/IPv6 TCP/UDP. */
function parseFrame(d: Uint8Array) {
  if (d.length < 14) return undefined;
  const et = (d[12] << 8) | d[13];
  const ipOff = 14;
  let v6: boolean, ipHdrLen: number, proto: number, l4Len: number, aOff: number, aLen: number;
  if (et === 0x0800) {
    v6 = false;
    ipHdrLen = (d[ipOff] & 15) * 4;
    if ((((d[ipOff + 6] << 8) | d[ipOff + 7]) & 0x3fff) !== 0) return undefined; // fragment
    proto = d[ipOff + 9];
    l4Len = ((d[ipOff + 2] << 8) | d[ipOff + 3]) - ipHdrLen;
    aOff = ipOff + 12;
    aLen = 4;
  } else if (et === 0x86dd) {
    v6 = true;
    ipHdrLen = 40;
    proto = d[ipOff + 6]; // no extension headers in the templates; others are refused below
    l4Len = (d[ipOff + 4] << 8) | d[ipOff + 5];
    aOff = ipOff + 8;
    aLen = 16;
  } else return undefined;
  if (proto !== 6 && proto !== 17) return undefined;
  const l4Off = ipOff + ipHdrLen;
  if (l4Off + l4Len > d.length || l4Len < (proto === 6 ? 20 : 8)) return undefined;
  const hex = (o: number) => Array.from(d.subarray(o, o + aLen), (b) => b.toString(16).padStart(2, '0')).join('');
  return {
    v6,
    ipOff,
    ipHdrLen,
    proto,
    l4Off,
    l4Len,
    src: `${hex(aOff)}/${(d[l4Off] << 8) | d[l4Off + 1]}`,
    dst: `${hex(aOff + aLen)}/${(d[l4Off + 2] << 8) | d[l4Off + 3]}`,
    flags: proto === 6 ? d[l4Off + 13] : 0,
  };
}

/**
 * The parts of each checksum that do not change between copies: the IPv4 header without its
 * addresses and checksum; the transport segment without the client port and checksum, plus the
 * protocol and length of the pseudo-header. A copy adds its addresses and port and folds.
 */
function rewriteBase(t: TFrame, proto: number, l4Len: number): void {
  const d = t.data;
  const ck = d[t.l4CkOff], ck1 = d[t.l4CkOff + 1];
  const p0 = d[t.clientPortOff], p1 = d[t.clientPortOff + 1];
  d[t.l4CkOff] = d[t.l4CkOff + 1] = 0;
  d[t.clientPortOff] = d[t.clientPortOff + 1] = 0;
  t.l4Base = sum16(d, t.l4Off, l4Len, proto + l4Len);
  d[t.l4CkOff] = ck;
  d[t.l4CkOff + 1] = ck1;
  d[t.clientPortOff] = p0;
  d[t.clientPortOff + 1] = p1;
  if (!t.v6) {
    const h = d.slice(t.ipOff, t.ipOff + t.ipHdrLen);
    h.fill(0, 10, 20); // checksum and both addresses
    t.ipBase = sum16(h, 0, h.length);
  }
}

export async function loadTemplates(dir = CAPTURES): Promise<Template[]> {
  const out: Template[] = [];
  for (const name of readdirSync(dir).sort()) {
    if (!/\.(pcap|pcapng)$/.test(name) || EXCLUDE.has(name)) continue;
    const { linkTypes, frames, cut } = await loadFrames(join(dir, name));
    if (cut || frames.length === 0 || linkTypes.size !== 1 || !linkTypes.has(1)) continue;
    const parsed = frames.map((f) => parseFrame(f.data));
    if (parsed.some((p) => p === undefined)) continue;
    // Clients: SYN senders, else the sender of a flow's first packet.
    const clients = new Set<string>();
    const seen = new Set<string>();
    for (const p of parsed) {
      if (p!.proto === 6 && (p!.flags & 0x12) === 0x02) {
        clients.add(p!.src);
        clients.delete(p!.dst);
      }
    }
    for (const p of parsed) {
      const flow = [p!.src, p!.dst].sort().join('-');
      if (seen.has(flow)) continue;
      seen.add(flow);
      if (!clients.has(p!.src) && !clients.has(p!.dst)) clients.add(p!.src);
    }
    const t0 = frames[0].tsUs;
    const tframes: TFrame[] = frames.map((f, i) => {
      const p = parsed[i]!;
      const fromClient = clients.has(p.src);
      const clientPortOff = p.l4Off + (fromClient ? 0 : 2);
      const t: TFrame = {
        relUs: Math.max(0, f.tsUs - t0),
        data: f.data,
        origLen: f.origLen,
        v6: p.v6,
        ipOff: p.ipOff,
        ipHdrLen: p.v6 ? 0 : p.ipHdrLen,
        l4Off: p.l4Off,
        l4CkOff: p.l4Off + (p.proto === 6 ? 16 : 6),
        udp: p.proto === 17,
        fromClient,
        clientPort: (f.data[clientPortOff] << 8) | f.data[clientPortOff + 1],
        clientPortOff,
        ipBase: 0,
        l4Base: 0,
      };
      rewriteBase(t, p.proto, p.l4Len);
      return t;
    });
    // keep time order inside the template (recordings are, but be safe)
    tframes.sort((a, b) => a.relUs - b.relUs);
    out.push({
      name,
      weight: WEIGHTS[name] ?? DEFAULT_WEIGHT,
      frames: tframes,
      bytes: tframes.reduce((n, f) => n + 16 + f.data.length, 0),
      durationUs: tframes[tframes.length - 1].relUs,
    });
  }
  return out;
}

// ---- deterministic randomness -----------------------------------------------------------------


// ---- a conversation copy ----------------------------------------------------------------------

interface Instance {
  k: number;
  tpl: Template;
  next: number; // index of the next frame
  startUs: number;
  nextUs: number; // time of the next frame
  client4: Uint8Array;
  server4: Uint8Array;
  client6: Uint8Array;
  server6: Uint8Array;
  /** Sums of the address words (client + server), for the checksums. */
  addr4Sum: number;
  addr6Sum: number;
  portShift: number;
}

/** A 32-bit integer hash (a bijection: distinct k give distinct values). */
function mix32(x: number): number {
  x = Math.imul(x ^ (x >>> 16), 0x7feb352d);
  x = Math.imul(x ^ (x >>> 15), 0x846ca68b);
  return (x ^ (x >>> 16)) >>> 0;
}

/**
 * The IPv4 client of conversation k. 'spread': scattered over the unicast space (first octet
 * 1-223 but not 10 or 127), as a server's clients are. '10net': 10.(k>>16).(k>>8).k, which puts
 * every client in 10.0.0.0/12 -- and that is tcpdump's worst case: its address-to-string cache
 * (addrtoname.c, ipaddr_string) hashes the address as stored in memory, & 4095, which on a
 * little-endian machine is the first octet and 4 bits of the second, so all such clients share
 * one chain and the time per packet grows with the number of clients seen.
 */
function client4Of(k: number, scheme: string): Uint8Array {
  if (scheme === '10net') return Uint8Array.of(10, ((k + 1) >>> 16) & 255, ((k + 1) >>> 8) & 255, (k + 1) & 255);
  const h = mix32(k + 1);
  let first = 1 + ((h >>> 24) % 223);
  if (first === 10 || first === 127) first++;
  return Uint8Array.of(first, (h >>> 16) & 255, (h >>> 8) & 255, h & 255);
}

function makeInstance(k: number, tpl: Template, startUs: number, scheme: string): Instance {
  const client4 = client4Of(k, scheme);
  const server4 = Uint8Array.of(198, 51, 100, 1 + (k % 16));
  const client6 = Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0x0c, 0, 0, 0, 0, 0, 0, (k >>> 24) & 255, (k >>> 16) & 255, (k >>> 8) & 255, k & 255);
  const server6 = Uint8Array.of(0x20, 0x01, 0x0d, 0xb8, 0, 0x05, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1 + (k % 16));
  return {
    k,
    tpl,
    next: 0,
    startUs,
    nextUs: startUs + tpl.frames[0].relUs,
    client4,
    server4,
    client6,
    server6,
    addr4Sum: sum16(client4, 0, 4, sum16(server4, 0, 4)),
    addr6Sum: sum16(client6, 0, 16, sum16(server6, 0, 16)),
    portShift: (k * 7919) % 28232,
  };
}

/** A binary min-heap of instances by (nextUs, k). */
class Heap {
  private a: Instance[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): Instance | undefined {
    return this.a[0];
  }
  private less(x: Instance, y: Instance): boolean {
    return x.nextUs < y.nextUs || (x.nextUs === y.nextUs && x.k < y.k);
  }
  push(x: Instance): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(a[i], a[p])) break;
      [a[i], a[p]] = [a[p], a[i]];
      i = p;
    }
  }
  pop(): Instance | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1, r = l + 1;
        let m = i;
        if (l < a.length && this.less(a[l], a[m])) m = l;
        if (r < a.length && this.less(a[r], a[m])) m = r;
        if (m === i) break;
        [a[i], a[m]] = [a[m], a[i]];
        i = m;
      }
    }
    return top;
  }
}

// ---- building ---------------------------------------------------------------------------------

export interface BuildParams {
  mb: number;
  gapUs: number;
  seed: number;
  /** IPv4 client addressing: 'spread' (default) or '10net' (see client4Of). */
  clients: string;
  /** Epoch seconds of the first conversation start. */
  startEpoch: number;
  version: number;
  templates: { name: string; bytes: number; frames: number; weight: number }[];
}

export interface CaptureMeta {
  params?: BuildParams;
  /** For a prefix: the file it was cut from and the size asked for. */
  prefixOf?: { file: string; mb: number; sourceBytes: number };
  bytes: number;
  packets: number;
  conversations?: number;
  firstTs: number;
  lastTs: number;
  maxOpen?: number;
  avgOpen?: number;
}

export const metaPath = (file: string) => file + '.meta.json';

export function readMeta(file: string): CaptureMeta | undefined {
  try {
    const m = JSON.parse(readFileSync(metaPath(file), 'utf8')) as CaptureMeta;
    if (statSync(file).size !== m.bytes) return undefined;
    return m;
  } catch {
    return undefined;
  }
}

export function paramsFromEnv(over: Partial<Pick<BuildParams, 'mb' | 'gapUs' | 'seed' | 'clients'>> = {}): Omit<BuildParams, 'templates' | 'version'> {
  return {
    mb: over.mb ?? Number(process.env.BENCH_MB ?? 512),
    gapUs: over.gapUs ?? Number(process.env.BENCH_GAP_US ?? 2000),
    seed: over.seed ?? Number(process.env.BENCH_SEED ?? 1),
    clients: over.clients ?? process.env.BENCH_CLIENTS ?? 'spread',
    startEpoch: 1735732800, // 2025-01-01 12:00:00 UTC
  };
}

class ChunkWriter {
  private buf = new Uint8Array(4 * MiB);
  private pos = 0;
  written = 0;
  constructor(private readonly fd: number) {}
  /** Room for n bytes at the returned offset of `buf` (flushing first when needed). */
  reserve(n: number): number {
    if (this.pos + n > this.buf.length) {
      this.flush();
      if (n > this.buf.length) this.buf = new Uint8Array(n);
    }
    const at = this.pos;
    this.pos += n;
    this.written += n;
    return at;
  }
  get bytes(): Uint8Array {
    return this.buf;
  }
  flush(): void {
    let off = 0;
    while (off < this.pos) off += writeSync(this.fd, this.buf, off, this.pos - off);
    this.pos = 0;
  }
}

/** Builds `out` unless a file with the same parameters is already there. Returns its meta. */
export async function ensureCapture(
  out: string,
  opts: { rebuild?: boolean; mb?: number; gapUs?: number; seed?: number; clients?: string; log?: (s: string) => void } = {},
): Promise<CaptureMeta> {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const templates = await loadTemplates();
  if (templates.length === 0) throw new Error(`no usable template captures in ${CAPTURES}`);
  const params: BuildParams = {
    ...paramsFromEnv(opts),
    version: GENERATOR_VERSION,
    templates: templates.map((t) => ({ name: t.name, bytes: t.bytes, frames: t.frames.length, weight: t.weight })),
  };
  const old = readMeta(out);
  if (!opts.rebuild && old?.params && JSON.stringify(old.params) === JSON.stringify(params)) {
    log(`make-capture: reusing ${out} (${(old.bytes / MiB).toFixed(1)} MiB, ${old.packets} packets; --rebuild to make it again)`);
    return old;
  }
  mkdirSync(dirname(out), { recursive: true });
  const t0 = performance.now();
  const target = params.mb * MiB;
  const rnd = mulberry32(params.seed);
  const totalWeight = templates.reduce((s, t) => s + t.weight, 0);
  const pick = (): Template => {
    let r = rnd() * totalWeight;
    for (const t of templates) if ((r -= t.weight) < 0) return t;
    return templates[templates.length - 1];
  };
  const gap = () => -Math.log(1 - rnd()) * params.gapUs;

  const tmp = out + '.tmp';
  const fd = openSync(tmp, 'w');
  const w = new ChunkWriter(fd);
  const header = new PcapWriter({ linkType: 1 }).header();
  w.bytes.set(header, w.reserve(header.length));

  const heap = new Heap();
  const base = params.startEpoch * 1e6;
  let nextStart = 0;
  let k = 0;
  let packets = 0;
  let firstTs = Infinity;
  let lastTs = 0;
  let maxOpen = 0;
  let openSum = 0;
  let nextReport = 64 * MiB;
  const spawn = () => {
    heap.push(makeInstance(k++, pick(), nextStart, params.clients));
    nextStart += gap();
  };
  try {
    for (;;) {
      // start every conversation due before the next frame (until the size is reached)
      while (w.written < target && (heap.size === 0 || nextStart <= heap.peek()!.nextUs)) spawn();
      const inst = heap.pop();
      if (!inst) break;
      openSum += heap.size + 1;
      if (heap.size + 1 > maxOpen) maxOpen = heap.size + 1;
      const tf = inst.tpl.frames[inst.next];
      const tUs = Math.floor(base + inst.nextUs);
      const len = tf.data.length;
      const at = w.reserve(16 + len);
      const b = w.bytes;
      const sec = Math.floor(tUs / 1e6);
      const usec = tUs - sec * 1e6;
      // record header, little-endian, as PcapWriter.record writes it
      b[at] = sec & 255; b[at + 1] = (sec >>> 8) & 255; b[at + 2] = (sec >>> 16) & 255; b[at + 3] = sec >>> 24;
      b[at + 4] = usec & 255; b[at + 5] = (usec >>> 8) & 255; b[at + 6] = (usec >>> 16) & 255; b[at + 7] = usec >>> 24;
      b[at + 8] = len & 255; b[at + 9] = (len >>> 8) & 255; b[at + 10] = (len >>> 16) & 255; b[at + 11] = len >>> 24;
      const ol = tf.origLen;
      b[at + 12] = ol & 255; b[at + 13] = (ol >>> 8) & 255; b[at + 14] = (ol >>> 16) & 255; b[at + 15] = ol >>> 24;
      const p = at + 16;
      b.set(tf.data, p);
      // addresses
      let addrSum: number;
      if (tf.v6) {
        b.set(tf.fromClient ? inst.client6 : inst.server6, p + tf.ipOff + 8);
        b.set(tf.fromClient ? inst.server6 : inst.client6, p + tf.ipOff + 24);
        addrSum = inst.addr6Sum;
      } else {
        b.set(tf.fromClient ? inst.client4 : inst.server4, p + tf.ipOff + 12);
        b.set(tf.fromClient ? inst.server4 : inst.client4, p + tf.ipOff + 16);
        addrSum = inst.addr4Sum;
        const ipck = foldComplement(tf.ipBase + addrSum);
        b[p + tf.ipOff + 10] = ipck >> 8;
        b[p + tf.ipOff + 11] = ipck & 255;
      }
      // client port
      const port = 32768 + ((tf.clientPort + inst.portShift) % 28232);
      b[p + tf.clientPortOff] = port >> 8;
      b[p + tf.clientPortOff + 1] = port & 255;
      let ck = foldComplement(tf.l4Base + addrSum + port);
      if (tf.udp && ck === 0) ck = 0xffff;
      b[p + tf.l4CkOff] = ck >> 8;
      b[p + tf.l4CkOff + 1] = ck & 255;

      packets++;
      if (tUs < firstTs) firstTs = tUs;
      if (tUs > lastTs) lastTs = tUs;
      if (++inst.next < inst.tpl.frames.length) {
        inst.nextUs = inst.startUs + inst.tpl.frames[inst.next].relUs;
        heap.push(inst);
      }
      if (w.written >= nextReport) {
        log(`make-capture: ${(w.written / MiB).toFixed(0)} / ${params.mb} MiB`);
        nextReport += 64 * MiB;
      }
    }
    w.flush();
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, out);
  const meta: CaptureMeta = {
    params,
    bytes: w.written,
    packets,
    conversations: k,
    firstTs: firstTs / 1e6,
    lastTs: lastTs / 1e6,
    maxOpen,
    avgOpen: openSum / packets,
  };
  writeFileSync(metaPath(out), JSON.stringify(meta, null, 2) + '\n');
  log(
    `make-capture: wrote ${out}: ${(w.written / MiB).toFixed(1)} MiB, ${packets} packets, ${k} conversations ` +
      `from ${templates.length} templates, ${(meta.lastTs - meta.firstTs).toFixed(1)} s of traffic, ` +
      `${meta.avgOpen!.toFixed(0)} conversations open on average (max ${maxOpen}), in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
  );
  return meta;
}

/**
 * Copies the whole records of `src` that fit in the first `mb` MiB into `dst` (a prefix of the
 * capture: the same traffic, cut short). Reused when `src` has not changed.
 */
export function ensurePrefix(src: string, dst: string, mb: number, log: (s: string) => void = (s) => void process.stderr.write(s + '\n')): CaptureMeta {
  const srcBytes = statSync(src).size;
  const old = readMeta(dst);
  if (old?.prefixOf && old.prefixOf.file === basename(src) && old.prefixOf.mb === mb && old.prefixOf.sourceBytes === srcBytes && statSync(src).mtimeMs <= statSync(dst).mtimeMs) {
    return old;
  }
  const limit = mb * MiB;
  const ifd = openSync(src, 'r');
  const ofd = openSync(dst + '.tmp', 'w');
  const buf = new Uint8Array(4 * MiB + 65536 * 5);
  const dv = new DataView(buf.buffer);
  let have = 0; // bytes in buf
  let filePos = 0; // file offset of buf[0]
  let eof = false;
  let out = 0;
  let packets = 0;
  let firstTs = Infinity;
  let lastTs = 0;
  const fill = () => {
    if (eof) return;
    const n = readSync(ifd, buf, have, buf.length - have, filePos + have);
    if (n === 0) eof = true;
    have += n;
  };
  try {
    fill();
    const le = dv.getUint32(0, true) === 0xa1b2c3d4 || dv.getUint32(0, true) === 0xa1b23c4d;
    const nano = dv.getUint32(0, le) === 0xa1b23c4d;
    let pos = 24;
    let done = false;
    while (!done) {
      // records wholly inside the buffer
      while (pos + 16 <= have) {
        const cap = dv.getUint32(pos + 8, le);
        if (pos + 16 + cap > have) break;
        if (filePos + pos + 16 + cap > limit) {
          done = true;
          break;
        }
        const ts = dv.getUint32(pos, le) + dv.getUint32(pos + 4, le) / (nano ? 1e9 : 1e6);
        if (ts < firstTs) firstTs = ts;
        if (ts > lastTs) lastTs = ts;
        packets++;
        pos += 16 + cap;
      }
      // write the whole records, keep the partial one
      let off = 0;
      while (off < pos) off += writeSync(ofd, buf, off, pos - off);
      out += pos;
      if (done || (eof && pos >= have)) break;
      if (eof) break; // a truncated last record: leave it out
      buf.copyWithin(0, pos, have);
      filePos += pos;
      have -= pos;
      pos = 0;
      fill();
    }
  } finally {
    closeSync(ifd);
    closeSync(ofd);
  }
  renameSync(dst + '.tmp', dst);
  const meta: CaptureMeta = { prefixOf: { file: basename(src), mb, sourceBytes: srcBytes }, bytes: out, packets, firstTs, lastTs };
  writeFileSync(metaPath(dst), JSON.stringify(meta, null, 2) + '\n');
  log(`make-capture: wrote ${dst}: first ${(out / MiB).toFixed(1)} MiB of ${basename(src)}, ${packets} packets`);
  return meta;
}

/** Counts the records of a classic pcap file from their headers (for files without a meta). */
export function countPackets(file: string): number {
  const fd = openSync(file, 'r');
  try {
    const h = new Uint8Array(24);
    readSync(fd, h, 0, 24, 0);
    const dv = new DataView(h.buffer);
    const le = dv.getUint32(0, true) === 0xa1b2c3d4 || dv.getUint32(0, true) === 0xa1b23c4d;
    const size = statSync(file).size;
    const rh = new Uint8Array(16);
    const rdv = new DataView(rh.buffer);
    let pos = 24;
    let n = 0;
    while (pos + 16 <= size) {
      readSync(fd, rh, 0, 16, pos);
      pos += 16 + rdv.getUint32(8, le);
      if (pos <= size) n++;
    }
    return n;
  } finally {
    closeSync(fd);
  }
}

// ---- command line -----------------------------------------------------------------------------

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const val = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const out = val('--out') ?? join(BENCH_DIR, 'big.pcap');
  const mb = val('--mb');
  ensureCapture(out, { rebuild: args.includes('--rebuild'), ...(mb ? { mb: Number(mb) } : {}) }).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
