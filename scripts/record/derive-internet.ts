/**
 * Turns a capture recorded on the loopback interface into one that looks as if it had been
 * recorded on a client's Ethernet interface talking to a server across the Internet.
 *
 *   npx tsx scripts/record/derive-internet.ts IN.pcap OUT.pcap [--rtt-ms 30] [--jitter-ms 3] [--mbps 100]
 *
 * What changes (everything else, TCP payload bytes included, is copied from the recording):
 * - Addresses: for each TCP connection the side that sent the SYN is the client. Clients become
 *   192.0.2.10 / 2001:db8::10, servers 198.51.100.20 / 2001:db8:1::20 (RFC 5737 / RFC 3849
 *   documentation ranges). Ports are kept.
 * - Link layer: Ethernet with documentation MACs (RFC 7042): the client 00:00:5e:00:53:01, its
 *   default gateway 00:00:5e:00:53:02 (the server is behind it).
 * - TCP: the MSS option in SYNs becomes 1460 (IPv4) or 1440 (IPv6); payloads longer than the
 *   MSS minus the options carried (1448 with timestamps over IPv4) are cut into several segments.
 *   Sequence numbers keep numbering the same bytes, so every seq/ack stays consistent and the byte
 *   streams (and so the TLS records and what decrypts) are identical. PSH and FIN stay on the last piece.
 * - IP: total/payload length, IPv4 id (a counter per direction), TTL / hop limit (64 for what
 *   the client sends, 52 for what arrives from the server), IPv4 and TCP checksums recomputed.
 * - Time, as seen from the client: when the server sends after the client sent something that
 *   needs an answer (SYN, FIN or payload), one round trip passes first (--rtt-ms ± --jitter-ms,
 *   from a PRNG seeded by the output file name, so the output is reproducible); each frame from the
 *   server also costs its serialisation time on a --mbps link. The recorded gaps are kept on top.
 *
 * Reads classic pcap (µs or ns, either byte order) with the project's readCapture
 * (src/io/read-capture.ts) and writes little-endian classic pcap with its PcapWriter
 * (src/capture/writer.ts), keeping the input's timestamp resolution.
 */
import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import { concatBytes, PcapWriter } from '../../src/capture/writer.js';
import { readCapture } from '../../src/io/read-capture.js';
import { mulberry32 } from '../lib/random.js';

// ---- capture I/O: the project's own reader and writer --------------------------------------

interface RawFrame {
  tsSec: number;
  tsNsec: number;
  data: Uint8Array;
  origLen: number;
}

interface Capture {
  linkType: number;
  snapLen: number;
  nano: boolean;
  frames: RawFrame[];
}

async function load(path: string): Promise<Capture> {
  const frames: RawFrame[] = [];
  let linkType = -1;
  let snapLen = 262144;
  const problems: string[] = [];
  const res = await readCapture(path, {
    frame(f) {
      if (linkType === -1) [linkType, snapLen] = [f.linkType, f.snapLen || 262144];
      else if (f.linkType !== linkType) throw new Error('captures with several link types are not handled');
      // f.data is a view valid only during this call: keep a copy.
      frames.push({ tsSec: f.tsSec, tsNsec: f.tsNsec, data: f.data.slice(), origLen: f.origLen });
    },
    problem(p) {
      problems.push(`${p.severity} at offset ${p.offset}: ${p.message}`);
    },
  });
  if (res.failed || problems.length > 0) throw new Error(`${path}: ${problems.join('; ')}`);
  if (res.format === 'pcapng') throw new Error(`${path}: pcapng input is not handled (classic pcap only)`);
  return { linkType, snapLen, nano: res.format === 'pcap-ns', frames };
}

function save(c: Capture): Uint8Array {
  const w = new PcapWriter({ linkType: c.linkType, snapLen: c.snapLen, nano: c.nano });
  return concatBytes([w.header(), ...c.frames.map((f) => w.record(f.tsSec, f.tsNsec, f.data, f.origLen))]);
}

// ---- checksums --------------------------------------------------------------------------------

function sum16(data: Uint8Array, start: number, end: number, acc = 0): number {
  let s = acc;
  let i = start;
  for (; i + 1 < end; i += 2) s += (data[i] << 8) | data[i + 1];
  if (i < end) s += data[i] << 8;
  return s;
}

function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return ~s & 0xffff;
}

// ---- deterministic randomness -----------------------------------------------------------------

function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h;
}


// ---- the rewrite ------------------------------------------------------------------------------

const CLIENT_MAC = [0x00, 0x00, 0x5e, 0x00, 0x53, 0x01];
const GATEWAY_MAC = [0x00, 0x00, 0x5e, 0x00, 0x53, 0x02];
const CLIENT_V4 = [192, 0, 2, 10];
const SERVER_V4 = [198, 51, 100, 20];
const CLIENT_V6 = [0x20, 0x01, 0x0d, 0xb8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x10];
const SERVER_V6 = [0x20, 0x01, 0x0d, 0xb8, 0, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x20];

interface Options {
  rttMs: number;
  jitterMs: number;
  mbps: number;
  seed: number;
}

interface Parsed {
  v6: boolean;
  ipOff: number; // offset of the IP header in the frame
  ipHdrLen: number; // IPv4 header length, or 40 + extension headers for IPv6
  tcpOff: number;
  tcpHdrLen: number;
  payloadLen: number;
  src: string; // "addr|port"
  dst: string;
  flags: number;
}

const hex = (b: Uint8Array) => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

function parse(d: Uint8Array): Parsed {
  if (d.length < 14) throw new Error('frame shorter than an Ethernet header');
  const etherType = (d[12] << 8) | d[13];
  const ipOff = 14;
  let v6: boolean;
  let ipHdrLen: number;
  let ipTotal: number;
  let proto: number;
  let srcA: Uint8Array;
  let dstA: Uint8Array;
  if (etherType === 0x0800) {
    v6 = false;
    ipHdrLen = (d[ipOff] & 0x0f) * 4;
    ipTotal = (d[ipOff + 2] << 8) | d[ipOff + 3];
    proto = d[ipOff + 9];
    const fragField = (d[ipOff + 6] << 8) | d[ipOff + 7];
    if (fragField & 0x3fff) throw new Error('IPv4 fragments are not handled');
    srcA = d.subarray(ipOff + 12, ipOff + 16);
    dstA = d.subarray(ipOff + 16, ipOff + 20);
  } else if (etherType === 0x86dd) {
    v6 = true;
    ipHdrLen = 40;
    ipTotal = 40 + ((d[ipOff + 4] << 8) | d[ipOff + 5]);
    proto = d[ipOff + 6];
    if (proto !== 6) throw new Error(`IPv6 next header ${proto} is not handled (TCP only)`);
    srcA = d.subarray(ipOff + 8, ipOff + 24);
    dstA = d.subarray(ipOff + 24, ipOff + 40);
  } else {
    throw new Error(`EtherType 0x${etherType.toString(16)} is not handled`);
  }
  if (proto !== 6) throw new Error(`IP protocol ${proto} is not handled (TCP only)`);
  if (ipOff + ipTotal > d.length) throw new Error('truncated frame (recorded with a snap length?)');
  const tcpOff = ipOff + ipHdrLen;
  const tcpHdrLen = (d[tcpOff + 12] >> 4) * 4;
  const payloadLen = ipTotal - ipHdrLen - tcpHdrLen;
  const sport = (d[tcpOff] << 8) | d[tcpOff + 1];
  const dport = (d[tcpOff + 2] << 8) | d[tcpOff + 3];
  return {
    v6,
    ipOff,
    ipHdrLen,
    tcpOff,
    tcpHdrLen,
    payloadLen,
    src: `${hex(srcA)}|${sport}`,
    dst: `${hex(dstA)}|${dport}`,
    flags: d[tcpOff + 13],
  };
}

/** Rewrites the MSS option of a SYN in place. */
function setMss(d: Uint8Array, tcpOff: number, tcpHdrLen: number, mss: number): void {
  let i = tcpOff + 20;
  const end = tcpOff + tcpHdrLen;
  while (i < end) {
    const kind = d[i];
    if (kind === 0) break;
    if (kind === 1) {
      i++;
      continue;
    }
    const len = d[i + 1];
    if (len < 2) break;
    if (kind === 2 && len === 4) {
      d[i + 2] = mss >> 8;
      d[i + 3] = mss & 0xff;
    }
    i += len;
  }
}

interface Dir {
  fromClient: boolean;
  ipId: number;
}

export function deriveInternet(input: Capture, opt: Options): Capture {
  if (input.linkType !== 1) throw new Error(`link type ${input.linkType}: only Ethernet (Linux lo) recordings are handled`);
  const rnd = mulberry32(opt.seed);
  const servers = new Set<string>(); // "addr|port" of each connection's server end
  const dirs = new Map<string, Dir>(); // "src>dst" -> direction state
  const out: RawFrame[] = [];
  let offsetNs = 0; // nanoseconds added to every timestamp from here on
  let awaitingServer = false; // the client sent something that needs an answer
  const firstIds = [Math.floor(rnd() * 0xffff), Math.floor(rnd() * 0xffff)];

  for (const fr of input.frames) {
    if (fr.data.length < fr.origLen) throw new Error('truncated frame (recorded with a snap length?)');
    const d = fr.data.slice();
    const p = parse(d);
    const syn = (p.flags & 0x02) !== 0;
    const ack = (p.flags & 0x10) !== 0;
    const fin = (p.flags & 0x01) !== 0;
    if (syn && !ack) servers.add(p.dst);
    if (syn && ack) servers.add(p.src);
    const fromClient = servers.has(p.dst) || !servers.has(p.src);
    const key = `${p.src}>${p.dst}`;
    let dir = dirs.get(key);
    if (!dir) {
      dir = { fromClient, ipId: firstIds[fromClient ? 0 : 1] };
      firstIds[fromClient ? 0 : 1] += 0x1000;
      dirs.set(key, dir);
    }

    // Time.
    if (fromClient) {
      if (syn || fin || p.payloadLen > 0) awaitingServer = true;
    } else if (awaitingServer) {
      offsetNs += Math.round((opt.rttMs + (rnd() * 2 - 1) * opt.jitterMs) * 1e6);
      awaitingServer = false;
    }

    // Link layer.
    d.set(fromClient ? GATEWAY_MAC : CLIENT_MAC, 0);
    d.set(fromClient ? CLIENT_MAC : GATEWAY_MAC, 6);
    // Addresses.
    const cl = p.v6 ? CLIENT_V6 : CLIENT_V4;
    const sv = p.v6 ? SERVER_V6 : SERVER_V4;
    const aOff = p.ipOff + (p.v6 ? 8 : 12);
    const alen = p.v6 ? 16 : 4;
    d.set(fromClient ? cl : sv, aOff);
    d.set(fromClient ? sv : cl, aOff + alen);
    // MSS.
    const mss = p.v6 ? 1440 : 1460;
    if (syn) setMss(d, p.tcpOff, p.tcpHdrLen, mss);
    const optLen = p.tcpHdrLen - 20;
    // Linux subtracts the options a segment carries (timestamps: 12 bytes) from the MSS.
    const maxPayload = mss - (syn ? 0 : optLen);

    const headers = d.subarray(0, p.tcpOff + p.tcpHdrLen);
    const payload = d.subarray(p.tcpOff + p.tcpHdrLen, p.tcpOff + p.tcpHdrLen + p.payloadLen);
    const seq0 = new DataView(d.buffer).getUint32(p.tcpOff + 4, false);
    const nPieces = Math.max(1, Math.ceil(p.payloadLen / maxPayload));
    for (let k = 0; k < nPieces; k++) {
      const start = k * maxPayload;
      const len = Math.min(maxPayload, p.payloadLen - start);
      const seg = new Uint8Array(headers.length + Math.max(0, len));
      seg.set(headers, 0);
      if (len > 0) seg.set(payload.subarray(start, start + len), headers.length);
      const dv = new DataView(seg.buffer);
      const last = k === nPieces - 1;
      // TCP: sequence number of the piece; PSH and FIN only on the last piece.
      dv.setUint32(p.tcpOff + 4, (seq0 + start) >>> 0, false);
      if (!last) seg[p.tcpOff + 13] &= ~(0x08 | 0x01);
      // IP lengths, id, TTL.
      if (p.v6) {
        dv.setUint16(p.ipOff + 4, seg.length - p.ipOff - 40, false);
        seg[p.ipOff + 7] = fromClient ? 64 : 52;
      } else {
        dv.setUint16(p.ipOff + 2, seg.length - p.ipOff, false);
        dv.setUint16(p.ipOff + 4, dir.ipId & 0xffff, false);
        dir.ipId = (dir.ipId + 1) & 0xffff;
        seg[p.ipOff + 8] = fromClient ? 64 : 52;
        dv.setUint16(p.ipOff + 10, 0, false);
        dv.setUint16(p.ipOff + 10, fold(sum16(seg, p.ipOff, p.ipOff + p.ipHdrLen)), false);
      }
      // TCP checksum over the pseudo-header.
      const tcpLen = seg.length - p.tcpOff;
      dv.setUint16(p.tcpOff + 16, 0, false);
      let s = p.v6
        ? sum16(seg, p.ipOff + 8, p.ipOff + 40) + tcpLen + 6
        : sum16(seg, p.ipOff + 12, p.ipOff + 20) + tcpLen + 6;
      s = sum16(seg, p.tcpOff, seg.length, s);
      dv.setUint16(p.tcpOff + 16, fold(s), false);

      // Serialisation on the client's access link for what comes from the server.
      // (24 bytes: preamble, FCS and inter-frame gap.)
      if (!fromClient) offsetNs += Math.round(((seg.length + 24) * 8 * 1e3) / opt.mbps);
      const ns = fr.tsNsec + offsetNs;
      out.push({ tsSec: fr.tsSec + Math.floor(ns / 1e9), tsNsec: ns % 1e9, data: seg, origLen: seg.length });
    }
  }
  return { linkType: 1, snapLen: input.snapLen, nano: input.nano, frames: out };
}

async function main(argv: string[]): Promise<void> {
  const args = argv.slice(2);
  const pos: string[] = [];
  const opt: Options = { rttMs: 30, jitterMs: 3, mbps: 100, seed: 0 };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--rtt-ms') opt.rttMs = Number(args[++i]);
    else if (a === '--jitter-ms') opt.jitterMs = Number(args[++i]);
    else if (a === '--mbps') opt.mbps = Number(args[++i]);
    else pos.push(a);
  }
  if (pos.length !== 2) {
    console.error('usage: derive-internet.ts IN.pcap OUT.pcap [--rtt-ms 30] [--jitter-ms 3] [--mbps 100]');
    process.exit(1);
  }
  const [inPath, outPath] = pos;
  opt.seed = fnv1a(basename(outPath));
  const input = await load(inPath);
  const result = deriveInternet(input, opt);
  writeFileSync(outPath, save(result));
  console.error(`derive-internet: ${inPath} (${input.frames.length} frames) -> ${outPath} (${result.frames.length} frames)`);
}

await main(process.argv);
