/**
 * A measurement sketch, not product code: how fast `read --plain` could go if the printer wrote
 * ASCII bytes into one output buffer instead of building strings (no `ctx.out +=`, no number to
 * string conversions, no UTF-8 encoding of a 64 KiB string per flush, almost no garbage).
 *
 *   node scripts/bench/byte-printer-sketch.mjs bench-data/big.pcap > /tmp/sketch.txt   (after a build)
 *
 * Fast path: Ethernet + IPv4 (no options, no fragments) + TCP with the options seen in the
 * benchmark capture (nop, mss, sackOK, wscale, TS), tcpdump's relative sequence numbers with
 * numeric keys; everything else goes through the real TcpdumpPrinter (a URG segment would then
 * print absolute numbers: the sketch does not share the seq table). Timestamps as TZ=UTC.
 * On bench-data/big.pcap its output is byte-identical to `tlslens read --plain` (TZ=UTC) and it
 * ran in about the time tcpdump takes, against ~1.75x for the current printer.
 */
import { readCapture } from '../../dist/io/read-capture.js';
import { TcpdumpPrinter } from '../../dist/render/tcpdump/printer.js';
import { writeSync } from 'node:fs';
const file = process.argv[2];
const OUT = Buffer.allocUnsafe(1 << 20); let pos = 0;
const flush = () => { writeSync(1, OUT, 0, pos); pos = 0; };
const enc = (s) => Buffer.from(s, 'latin1');
const C = Object.fromEntries(Object.entries({ IP: ' IP ', GT: ' > ', COLON: ': ', FLAGS: 'Flags [', SEQ: '], seq ', SEQ0: ']', ACK: ', ack ', WIN: ', win ', OPTS: ', options [', LEN: ', length ', NOP: 'nop', MSS: 'mss ', SACKOK: 'sackOK', TS: 'TS val ', ECR: ' ecr ', WS: 'wscale ' }).map(([k, v]) => [k, enc(v)]));
const put = (b) => { OUT.set(b, pos); pos += b.length; };
const FL = []; for (let f = 0; f < 256; f++) { let s = ''; for (let i = 0; i < 8; i++) if (f & (1 << i)) s += 'FSRP.UEW'[i]; FL.push(enc(s || 'none')); }
const DIG = new Uint8Array(10);
function num(n) { // unsigned decimal
  if (n < 10) { OUT[pos++] = 48 + n; return; }
  let i = 0; while (n > 0) { const q = Math.floor(n / 10); DIG[i++] = 48 + (n - q * 10); n = q; }
  while (i > 0) OUT[pos++] = DIG[--i];
}
function ip4(b, o) { num(b[o]); OUT[pos++] = 46; num(b[o + 1]); OUT[pos++] = 46; num(b[o + 2]); OUT[pos++] = 46; num(b[o + 3]); }
let lastSec = -1; const T = Buffer.alloc(9);
function time(sec, nsec) {
  if (sec !== lastSec) { lastSec = sec; const d = sec % 86400; const h = Math.floor(d / 3600), m = Math.floor(d / 60) % 60, s = d % 60; T.write(`${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}:${String(s).padStart(2, '0')}.`, 'latin1'); }
  put(T); let us = Math.floor(nsec / 1000); for (let i = 5; i >= 0; i--) { OUT[pos + i] = 48 + (us % 10); us = Math.floor(us / 10); } pos += 6;
}
const seqMap = new Map();
const fallback = new TcpdumpPrinter({});
function fast(f) {
  const b = f.data, n = f.capLen;
  if (f.linkType !== 1 || n < 54 || b[12] !== 8 || b[13] !== 0 || b[14] !== 0x45 || b[23] !== 6) return false;
  const total = (b[16] << 8) | b[17]; if (total + 14 > f.origLen || (((b[20] << 8) | b[21]) & 0x3fff)) return false;
  const t = 34, hlen = (b[t + 12] >> 4) * 4; if (hlen < 20 || t + hlen > n) return false;
  const plen = total - 20 - hlen; if (plen < 0) return false;
  const sport = (b[t] << 8) | b[t + 1], dport = (b[t + 2] << 8) | b[t + 3];
  const flags = b[t + 13]; if (flags & 0x20) return false;
  let seq = ((b[t + 4] << 24) | (b[t + 5] << 16) | (b[t + 6] << 8) | b[t + 7]) >>> 0;
  let ack = ((b[t + 8] << 24) | (b[t + 9] << 16) | (b[t + 10] << 8) | b[t + 11]) >>> 0;
  const win = (b[t + 14] << 8) | b[t + 15];
  const start = pos;
  time(f.tsSec, f.tsNsec); put(C.IP); ip4(b, 26); OUT[pos++] = 46; num(sport); put(C.GT); ip4(b, 30); OUT[pos++] = 46; num(dport); put(C.COLON);
  put(C.FLAGS); put(FL[flags]);
  if (flags & 0x10) {
    const a = ((b[26] << 24) | (b[27] << 16) | (b[28] << 8) | b[29]) >>> 0, d = ((b[30] << 24) | (b[31] << 16) | (b[32] << 8) | b[33]) >>> 0;
    const hi = a > d || (a === d && sport > dport);
    const lo = hi ? d * 65536 + dport : a * 65536 + sport, k2 = hi ? a * 65536 + sport : d * 65536 + dport;
    let inner = seqMap.get(lo); if (!inner) seqMap.set(lo, (inner = new Map()));
    let e = inner.get(k2);
    if (e === undefined || flags & 2) { const base = seq, other = (ack - 1) >>> 0; if (!e) inner.set(k2, (e = { lo: 0, hi: 0 })); if (hi) { e.lo = other; e.hi = base; } else { e.lo = base; e.hi = other; } }
    else if (hi) { seq = (seq - e.hi) >>> 0; ack = (ack - e.lo) >>> 0; } else { seq = (seq - e.lo) >>> 0; ack = (ack - e.hi) >>> 0; }
  }
  if (plen > 0 || flags & 7) { put(C.SEQ); num(seq); if (plen > 0) { OUT[pos++] = 58; num((seq + plen) >>> 0); } } else put(C.SEQ0);
  if (flags & 0x10) { put(C.ACK); num(ack); }
  put(C.WIN); num(win);
  if (hlen > 20) {
    put(C.OPTS); let p = t + 20; const e = t + hlen; let first = true;
    while (p < e) {
      if (!first) OUT[pos++] = 44; first = false;
      const k = b[p];
      if (k === 1) { put(C.NOP); p++; continue; }
      const l = b[p + 1];
      if (k === 2 && l === 4) put(C.MSS), num((b[p + 2] << 8) | b[p + 3]);
      else if (k === 4 && l === 2) put(C.SACKOK);
      else if (k === 3 && l === 3) put(C.WS), num(b[p + 2]);
      else if (k === 8 && l === 10) { put(C.TS); num(((b[p + 2] << 24) | (b[p + 3] << 16) | (b[p + 4] << 8) | b[p + 5]) >>> 0); put(C.ECR); num(((b[p + 6] << 24) | (b[p + 7] << 16) | (b[p + 8] << 8) | b[p + 9]) >>> 0); }
      else { pos = start; return false; }
      p += l;
    }
    OUT[pos++] = 93;
  }
  put(C.LEN); num(plen); OUT[pos++] = 10;
  return true;
}
const t0 = performance.now();
await readCapture(file, { frame(f) {
  if (pos > OUT.length - 4096) flush();
  if (!fast(f)) { const s = fallback.format(f); if (pos + s.length * 3 > OUT.length) flush(); pos += OUT.write(s, pos); }
}});
flush();
console.error('byte-printer-sketch', ((performance.now() - t0) / 1000).toFixed(3) + ' s');
