/**
 * DNS (RFC 1035) and mDNS (RFC 6762) messages as tcpdump 4.99.3 prints them after `-n`.
 *
 * Everything here was found by experiment against tcpdump 4.99.3 (see dns.test.ts):
 * - Query: `ID[ opcode][+ RD][% CD][ [b2&3=0xFLAGS]][ [Na]][ [Nq]][ [Nn]][ [Nau]] TYPE? name.`
 *   then at -vv the answer, ` ns:` and ` ar:` records, then ` (LEN)`. `[b2&3=…]` (the whole flags
 *   word) appears when a query has any of AA, TC, RA, Z or an rcode set. An inverse query turns
 *   the counts around: `[Nq]` unless 0, `[Na]` unless 1, and in that order.
 * - Response: `ID[ opcode][ rcode][* AA][- no RA][| TC][$ AD][ [Nq]]`, the questions (only at -vv,
 *   as ` q: TYPE? name.` joined by `,`; below -vv a bare `,` between questions, tcpdump's
 *   quirk), ` AN/NS/AR`, the answers joined by `,`, at -vv ` ns:` and ` ar:` sections, ` (LEN)`.
 *   The rcode includes the EDNS extended rcode of an OPT record in the additional section.
 * - A record: at -v its owner name first; class unless IN; mDNS `(Cache flush)`; at -vvv the TTL
 *   as `[1d2h3m4s]`; the type; then data for the types tcpdump decodes (A, NS, CNAME, SOA at -v,
 *   PTR, MX, TXT, AAAA, SRV, A6, DNAME, OPT, UNSPECA, TSIG at -v, URI).
 * - Reads are bounded by the capture, not by the DNS length: tcpdump reads past `LEN` when the
 *   datagram carries more bytes. `LEN` < 12 prints `domain [length LEN < 12] (invalid)`.
 * - Names: labels as they are (dots and backslashes unescaped), bytes < 0x20 as `^X`, 0x7f as
 *   `^?`, bytes >= 0x80 as `M-` and the same for the low 7 bits. A compression pointer must point
 *   below the name's start and below every earlier pointer's target, else `<BAD PTR>` and the
 *   packet ends in `[|domain]`. Label bytes counted with their length bytes, root included, may
 *   not exceed 256: the label that would cross prints `<DOMAIN NAME TOO LONG>` instead and the
 *   rest of the name is skipped. Label type 0x41 is an RFC 2673 bit label (`\[xHEX/BITS]`); other
 *   extended label types end the packet in `[|domain]`.
 */

import type { Ctx } from './ctx.js';
import { ipv4, ipv6 } from './addr.js';
import { asJump, JUMP_TRUNC } from './hexdump.js';

const HEX = '0123456789abcdef';

const TYPE_NAMES: string[] = [];
{
  const low = 'A NS MD MF CNAME SOA MB MG MR NULL WKS PTR HINFO MINFO MX TXT RP AFSDB X25 ISDN RT NSAP NSAP_PTR SIG KEY PX GPOS AAAA LOC NXT EID NIMLOC SRV ATMA NAPTR KX CERT A6 DNAME SINK OPT APL DS SSHFP IPSECKEY RRSIG NSEC DNSKEY';
  low.split(' ').forEach((n, i) => (TYPE_NAMES[i + 1] = n));
  'SPF UINFO UID GID UNSPEC UNSPECA'.split(' ').forEach((n, i) => (TYPE_NAMES[99 + i] = n));
  'TKEY TSIG IXFR AXFR MAILB MAILA ANY URI'.split(' ').forEach((n, i) => (TYPE_NAMES[249 + i] = n));
}

export function dnsTypeName(t: number): string {
  return TYPE_NAMES[t] ?? 'Type' + t;
}

function className(c: number): string {
  switch (c) {
    case 3:
      return 'CHAOS';
    case 4:
      return 'HS';
    case 255:
      return 'ANY';
    default:
      return '(Class ' + c + ')';
  }
}

const OPCODES = ['', 'inv_q', 'stat', 'op3', 'notify', 'update', 'op6', 'op7', 'op8', 'updateA', 'updateD', 'updateDA', 'updateM', 'updateMA', 'zoneInit', 'zoneRef'];

/** The rcode text with its leading space; tcpdump prints 17 and 21 without the space. */
function rcodeText(rc: number): string {
  switch (rc) {
    case 0: return '';
    case 1: return ' FormErr';
    case 2: return ' ServFail';
    case 3: return ' NXDomain';
    case 4: return ' NotImp';
    case 5: return ' Refused';
    case 6: return ' YXDomain';
    case 7: return ' YXRRSet';
    case 8: return ' NXRRSet';
    case 9: return ' NotAuth';
    case 10: return ' NotZone';
    case 15: return ' NoChange';
    case 16: return ' BadVers';
    case 23: return ' BadCookie';
    case 17: case 21: return 'Resp' + rc;
    default: return ' Resp' + rc;
  }
}

/** One byte as tcpdump's safe-print writes it. */
export function safeChar(c: number): string {
  let p = '';
  if (c >= 0x80) {
    p = 'M-';
    c &= 0x7f;
  }
  if (c < 0x20) return p + '^' + String.fromCharCode(c + 0x40);
  if (c === 0x7f) return p + '^?';
  return p + String.fromCharCode(c);
}

/** Bytes [off, off+n) through safeChar; the caller checked they were captured. */
function safeBytes(buf: Uint8Array, off: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) {
    const c = buf[off + i];
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : safeChar(c);
  }
  return s;
}

function hexBytes(buf: Uint8Array, off: number, n: number): string {
  let s = '';
  for (let i = 0; i < n; i++) s += HEX[buf[off + i] >> 4] + HEX[buf[off + i] & 15];
  return s;
}

/** Maximum wire length of a name tcpdump prints (labels with their length bytes, root included). */
const MAX_NAME = 256;

/** The DNS message printer; one per Ctx would do, but the state is small enough to pass around. */
class Dns {
  constructor(
    readonly ctx: Ctx,
    /** Offset of the DNS header: compression pointers count from here. */
    readonly base: number,
    readonly mdns: boolean,
  ) {}

  /**
   * Offset just past the name at cp (pointers not followed), or -1 for a name tcpdump cannot
   * skip: an extended label type other than a bit label, label type 0x80, or a name that runs
   * past the capture (tcpdump's skip does not end the packet there; its callers decide).
   */
  skipName(cp: number): number {
    const buf = this.ctx.buf;
    const end = this.ctx.end;
    for (;;) {
      if (cp >= end) return -1;
      const l = buf[cp];
      // tcpdump's skip does not look at a pointer's second byte
      if ((l & 0xc0) === 0xc0) return cp + 2;
      if ((l & 0xc0) === 0x40) {
        if (l !== 0x41 || cp + 1 >= end) return -1;
        cp += 2 + bitLabelBytes(buf[cp + 1]);
        continue;
      }
      if ((l & 0xc0) === 0x80) return -1;
      cp += 1;
      if (l === 0) return cp;
      cp += l;
    }
  }

  /** skipName for places where tcpdump gives up on an unskippable name with the truncation mark. */
  skipNameOrTrunc(cp: number): number {
    const p = this.skipName(cp);
    if (p < 0) this.ctx.trunc();
    return p;
  }

  /**
   * Print the name at cp and return the offset just past it in the record, or -1 when a label's
   * bytes start past the capture (tcpdump's quiet failure). `<BAD PTR>`, `<ELT n>` and
   * `<BAD LABEL TYPE>` end the packet in the truncation mark, as in tcpdump.
   */
  printName(cp: number): number {
    const ctx = this.ctx;
    const buf = ctx.buf;
    let end = -1;
    let limit = cp; // pointers must go below the name's start and below every earlier target
    let count = 0;
    // only a name that is the root label itself prints as "."; one reached through a pointer to
    // a zero byte prints nothing
    if (ctx.u8(cp) === 0) {
      ctx.out += '.';
      return cp + 1;
    }
    const first = cp;
    // appended label by label: at a truncation tcpdump has printed what came before
    for (;;) {
      const l = ctx.u8(cp);
      if ((l & 0xc0) === 0xc0) {
        // a pointer's missing second byte ends the packet when the pointer is the name's first
        // byte, and is a quiet failure after labels (as a label whose bytes are missing)
        if (cp + 1 >= ctx.end && cp !== first) return -1;
        const target = this.base + (((l & 0x3f) << 8) | ctx.u8(cp + 1));
        if (end < 0) end = cp + 2;
        if (target >= limit) {
          ctx.out += '<BAD PTR>';
          ctx.trunc();
        }
        limit = target;
        cp = target;
        continue;
      }
      if ((l & 0xc0) === 0x40) {
        if (l !== 0x41) {
          ctx.out += '<ELT ' + (l & 0x3f) + '>';
          ctx.trunc();
        }
        const bits = ctx.u8(cp + 1);
        const nb = bitLabelBytes(bits);
        this.bitLabel(cp + 2, bits);
        ctx.out += '.';
        count += nb + 2;
        cp += 2 + nb;
        continue;
      }
      if ((l & 0xc0) === 0x80) {
        ctx.out += '<BAD LABEL TYPE>';
        ctx.trunc();
      }
      if (count + l + 1 > MAX_NAME) {
        ctx.out += '<DOMAIN NAME TOO LONG>';
        return end >= 0 ? end : this.skipNameOrTrunc(cp);
      }
      count += l + 1;
      if (l === 0) break;
      // tcpdump gives up quietly (-1) when not even the label's first byte was captured, and
      // otherwise prints the captured bytes before the truncation mark
      if (cp + 1 >= ctx.end) return -1;
      if (!ctx.has(cp + 1, l)) {
        ctx.out += safeBytes(buf, cp + 1, ctx.end - (cp + 1));
        ctx.trunc();
      }
      ctx.out += safeBytes(buf, cp + 1, l) + '.';
      cp += l + 1;
    }
    return end >= 0 ? end : cp + 1;
  }


  /**
   * RFC 2673 bit-string label `\[xHEX/BITS]`, the last partial byte masked to its bits. Printed
   * byte by byte: tcpdump shows the bytes it had before the truncation mark.
   */
  bitLabel(p: number, bits: number): void {
    try {
      this.bitLabelBytes(p, bits);
    } catch (e) {
      // the one place where tcpdump's DNS printer abandons the packet the longjmp way
      asJump(e);
    }
  }

  private bitLabelBytes(p: number, bits: number): void {
    const ctx = this.ctx;
    const n = bits === 0 ? 256 : bits;
    ctx.out += '\\[x';
    const full = n >> 3;
    for (let i = 0; i < full; i++) {
      const b = ctx.u8(p + i);
      ctx.out += HEX[b >> 4] + HEX[b & 15];
    }
    const rest = n & 7;
    if (rest > 4) {
      const b = ctx.u8(p + full) & ((0xff << (8 - rest)) & 0xff);
      ctx.out += HEX[b >> 4] + HEX[b & 15];
    } else if (rest > 0) {
      ctx.out += HEX[(ctx.u8(p + full) >> 4) & ((0xf << (4 - rest)) & 0xf)];
    }
    ctx.out += '/' + n + ']';
  }

  /** ` TYPE[ class][ (QU)]? name.`; returns the offset after the question. */
  question(cp: number): number {
    const ctx = this.ctx;
    const np = this.skipNameOrTrunc(cp);
    const type = ctx.u16(np);
    let cls = ctx.u16(np + 2);
    let s = ' ' + dnsTypeName(type);
    let qu = false;
    if (this.mdns) {
      qu = (cls & 0x8000) !== 0;
      cls &= 0x7fff;
    }
    if (cls !== 1) s += ' ' + className(cls);
    // mDNS always says which kind of answer the question asks for (RFC 6762 §5.4)
    if (this.mdns) s += qu ? ' (QU)' : ' (QM)';
    ctx.out += s + '? ';
    if (this.printName(cp) < 0) ctx.trunc();
    return np + 4;
  }

  /**
   * One resource record with its leading space; returns the offset after it, or -1 when (below
   * -v) its owner name cannot be skipped: tcpdump then ends the section silently.
   */
  rr(cp: number): number {
    const ctx = this.ctx;
    const v = ctx.opts.vflag;
    let np: number;
    if (v > 0) {
      ctx.out += ' ';
      np = this.printName(cp);
      if (np < 0) return -1;
    } else {
      np = this.skipName(cp);
      if (np < 0) return -1;
    }
    // type, class, TTL and length not captured: tcpdump ends the record silently (and the
    // section's next record, if any, in the truncation mark)
    if (!ctx.has(np, 10)) return -1;
    const buf = ctx.buf;
    const type = ctx.u16(np);
    let cls = ctx.u16(np + 2);
    const ttl = ctx.u32(np + 4);
    const rdlen = ctx.u16(np + 8);
    const rp = np + 10;
    const rend = rp + rdlen;
    let s = '';
    let flush = false;
    if (this.mdns) {
      flush = (cls & 0x8000) !== 0;
      cls &= 0x7fff;
    }
    if (type === 41) {
      // the mDNS cache-flush bit is taken off an OPT record's UDP size too
      ctx.out += (flush ? ' (Cache flush)' : '') + ' OPT';
      ctx.need(rp, rdlen);
      ctx.out += ' UDPsize=' + cls + ((ttl & 0x8000) !== 0 ? ' DO' : '');
      if (rdlen > 0) this.ednsOptions(rp, rdlen);
      return rend;
    }
    if (cls !== 1) s += ' ' + className(cls);
    if (flush) s += ' (Cache flush)';
    if (v > 2) s += ' [' + relTime(ttl) + ']';
    ctx.out += s + ' ' + dnsTypeName(type);
    // the whole data must be captured, whatever the type makes of it
    ctx.need(rp, rdlen);
    switch (type) {
      case 1:
        ctx.need(rp, 4);
        ctx.out += ' ' + ipv4(buf, rp);
        break;
      case 2:
      case 5:
      case 12:
      case 39:
        // a quiet failure in the data's name does not end the record: tcpdump goes on at the
        // record's end (below); where it reads on from the name's end, it reads from nowhere
        ctx.out += ' ';
        this.printName(rp);
        break;
      case 6: {
        if (v === 0) break;
        ctx.out += ' ';
        let p = this.printName(rp);
        ctx.out += ' ';
        if (p < 0) ctx.trunc();
        p = this.printName(p);
        if (p < 0) ctx.trunc();
        ctx.need(p, 20);
        ctx.out += ' ' + ctx.u32(p) + ' ' + ctx.u32(p + 4) + ' ' + ctx.u32(p + 8) + ' ' + ctx.u32(p + 12) + ' ' + ctx.u32(p + 16);
        break;
      }
      case 15:
        ctx.out += ' ';
        this.printName(rp + 2);
        ctx.out += ' ' + ctx.u16(rp);
        break;
      case 16: {
        let p = rp;
        while (p < rend) {
          const n = ctx.u8(p);
          ctx.out += ' "';
          if (!ctx.has(p + 1, n)) {
            // the string's captured characters, then the mark
            if (ctx.end > p + 1) ctx.out += safeBytes(buf, p + 1, ctx.end - (p + 1));
            ctx.trunc();
          }
          ctx.out += safeBytes(buf, p + 1, n) + '"';
          p += 1 + n;
        }
        break;
      }
      case 28:
        ctx.need(rp, 16);
        ctx.out += ' ' + ipv6(buf, rp);
        break;
      case 33: {
        ctx.out += ' ';
        this.printName(rp + 6);
        ctx.out += ':' + ctx.u16(rp + 4) + ' ' + ctx.u16(rp) + ' ' + ctx.u16(rp + 2);
        break;
      }
      case 38:
        this.a6(rp);
        break;
      case 104:
        ctx.need(rp, rdlen);
        ctx.out += safeBytes(buf, rp, rdlen);
        break;
      case 250: {
        if (v === 0) break;
        ctx.out += ' ';
        let p = this.printName(rp);
        if (p < 0) ctx.trunc();
        // field by field: tcpdump shows what it read before the mark
        ctx.need(p, 6); // time signed
        ctx.out += ' fudge=' + ctx.u16(p + 6);
        const maclen = ctx.u16(p + 8);
        ctx.out += ' maclen=' + maclen;
        p += 10 + maclen;
        ctx.out += ' origid=' + ctx.u16(p);
        ctx.out += ' error=' + ctx.u16(p + 2);
        ctx.out += ' otherlen=' + ctx.u16(p + 4);
        break;
      }
      case 256: {
        // reading priority and weight past the capture abandons the packet the longjmp way
        if (!ctx.has(rp, 4)) throw JUMP_TRUNC;
        ctx.out += ' ' + ctx.u16(rp) + ' ' + ctx.u16(rp + 2) + ' ';
        if (rdlen < 4) {
          // tcpdump's target length wraps around: it prints to the end of the capture
          if (ctx.end > rp + 4) ctx.out += safeBytes(buf, rp + 4, ctx.end - (rp + 4));
          ctx.trunc();
        }
        ctx.out += safeBytes(buf, rp + 4, rdlen - 4);
        break;
      }
      default:
        break;
    }
    return rend;
  }

  /** RFC 2874 A6: prefix length, the address bits carried, and the prefix name. */
  a6(rp: number): void {
    const ctx = this.ctx;
    // reads past the capture here abandon the packet the longjmp way (tcpdump 4.99.3)
    if (!ctx.has(rp, 1)) throw JUMP_TRUNC;
    const pbit = ctx.buf[rp];
    if (pbit > 128) {
      ctx.out += ' ' + pbit + '(bad plen)';
      return;
    }
    if (pbit === 128) {
      // no address bits: only the prefix name
      ctx.out += ' ';
      this.printName(rp + 1);
      return;
    }
    const pbyte = (pbit >> 3) | 0;
    const suffix = 16 - pbyte;
    if (!ctx.has(rp + 1, suffix)) throw JUMP_TRUNC;
    const a = new Uint8Array(16);
    a.set(ctx.buf.subarray(rp + 1, rp + 1 + suffix), pbyte);
    ctx.out += ' ' + pbit + ' ' + ipv6(a, 0);
    if (pbit > 0) {
      ctx.out += ' ';
      this.printName(rp + 1 + suffix);
    }
  }

  /** EDNS(0) options of an OPT record: ` [NAME data,NAME data]`, each name before its data is checked. */
  ednsOptions(p: number, len: number): void {
    const ctx = this.ctx;
    const stop = p + len;
    ctx.out += ' [';
    let first = true;
    while (p < stop) {
      const code = ctx.u16(p);
      if (!first) ctx.out += ',';
      first = false;
      ctx.out += EDNS_OPTION_NAMES[code] ?? 'Opt' + code;
      const olen = ctx.u16(p + 2);
      p += 4;
      ctx.need(p, olen);
      if (olen > 0) {
        ctx.out += ' ';
        if (code === 13) this.printName(p);
        else ctx.out += ednsOptionData(ctx.buf, code, p, olen) ?? ' (invalid)';
      }
      p += olen;
    }
    ctx.out += ']';
  }

}

/** Bytes a bit label of `bits` bits occupies (0 means 256). */
function bitLabelBytes(bits: number): number {
  return ((bits === 0 ? 256 : bits) + 7) >> 3;
}

/** `[68y5w3h14m7s]`-style relative time: years of 365 days, weeks, days, h, m, s; `0s` for 0. */
function relTime(t: number): string {
  if (t === 0) return '0s';
  let s = '';
  const units: [number, string][] = [
    [31536000, 'y'],
    [604800, 'w'],
    [86400, 'd'],
    [3600, 'h'],
    [60, 'm'],
  ];
  for (const [u, c] of units) {
    if (t >= u) {
      s += Math.floor(t / u) + c;
      t %= u;
    }
  }
  if (t > 0) s += t + 's';
  return s;
}

const EDNS_OPTION_NAMES: Record<number, string> = {
  3: 'NSID',
  5: 'DAU',
  6: 'DHU',
  7: 'N3U',
  8: 'ECS',
  9: 'EXPIRE',
  10: 'COOKIE',
  11: 'KEEPALIVE',
  12: 'PADDING',
  13: 'CHAIN',
  14: 'KEY-TAG',
};

/** DNSSEC algorithm names tcpdump prints in DAU (RFC 6975). */
const DNSSEC_ALGS: Record<number, string> = {
  0: 'DELETE', 1: 'RSAMD5', 2: 'DH', 3: 'DS', 5: 'RSASHA1', 6: 'DSA-NSEC3-SHA1', 7: 'RSASHA1-NSEC3-SHA1',
  8: 'RSASHA256', 10: 'RSASHA512', 12: 'ECC-GOST', 13: 'ECDSAP256SHA256', 14: 'ECDSAP384SHA384',
  15: 'ED25519', 16: 'ED448', 253: 'PRIVATEDNS', 254: 'PRIVATEOID',
};
const DS_DIGESTS: Record<number, string> = { 1: 'SHA-1', 2: 'SHA-256', 3: 'GOST_R_34.11-94', 4: 'SHA-384' };
const NSEC3_HASHES: Record<number, string> = { 1: 'SHA-1' };

/**
 * The data of one EDNS option (after `NAME `), or null when tcpdump calls it invalid (it then
 * prints ` (invalid)`). Rules found by experiment: ECS needs family 1 or 2, a source prefix
 * within the family's bits and exactly ceil(prefix/8) address bytes; COOKIE 8 or 16..40 bytes;
 * EXPIRE 4; KEEPALIVE 2 (in units of 100 ms); KEY-TAG an even length.
 */
function ednsOptionData(buf: Uint8Array, code: number, p: number, n: number): string | null {
  switch (code) {
    case 5:
    case 6:
    case 7: {
      const names = code === 5 ? DNSSEC_ALGS : code === 6 ? DS_DIGESTS : NSEC3_HASHES;
      let s = '';
      for (let i = 0; i < n; i++) s += (i ? ' ' : '') + (names[buf[p + i]] ?? 'Alg_' + buf[p + i]);
      return s;
    }
    case 8: {
      if (n < 4) return null;
      const family = (buf[p] << 8) | buf[p + 1];
      const src = buf[p + 2];
      const scope = buf[p + 3];
      const alen = family === 1 ? 4 : family === 2 ? 16 : -1;
      if (alen < 0 || src > alen * 8 || n - 4 !== (src + 7) >> 3) return null;
      const a = new Uint8Array(alen);
      a.set(buf.subarray(p + 4, p + n), 0);
      return (alen === 4 ? ipv4(a, 0) : ipv6(a, 0)) + '/' + src + '/' + scope;
    }
    case 9:
      if (n !== 4) return null;
      return (((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0) + ' sec';
    case 10:
      if (n !== 8 && (n < 16 || n > 40)) return null;
      return hexBytes(buf, p, 8) + (n > 8 ? ' ' + hexBytes(buf, p + 8, n - 8) : '');
    case 11: {
      if (n !== 2) return null;
      const t = (buf[p] << 8) | buf[p + 1];
      return Math.floor(t / 10) + '.' + (t % 10) + ' sec';
    }
    case 12:
      return '(' + n + ')';
    case 14: {
      if (n & 1) return null;
      let s = '';
      for (let i = 0; i < n; i += 2) s += (i ? ' ' : '') + ((buf[p + i] << 8) | buf[p + i + 1]);
      return s;
    }
    default:
      return hexBytes(buf, p, n);
  }
}

/**
 * Print the DNS message at `off`; `len` is the length the transport gives (printed as `(len)`).
 * `mdns` turns on RFC 6762's class bits: `(QU)` in questions, `(Cache flush)` in records.
 */
export function printDns(ctx: Ctx, off: number, len: number, mdns: boolean): void {
  ctx.protocol = 'domain';
  if (len < 12) {
    ctx.out += 'domain [length ' + len + ' < 12] (invalid)';
    return;
  }
  const d = new Dns(ctx, off, mdns);
  const v = ctx.opts.vflag;
  const id = ctx.u16(off);
  const flags = ctx.u16(off + 2);
  const qd = ctx.u16(off + 4);
  const an = ctx.u16(off + 6);
  const ns = ctx.u16(off + 8);
  const ar = ctx.u16(off + 10);
  const opcode = (flags >> 11) & 15;
  let cp = off + 12;
  if (flags & 0x8000) {
    let s = '' + id;
    if (opcode) s += ' ' + OPCODES[opcode];
    s += rcodeText(((extendedRcode(d, cp, qd, an, ns, ar) << 4) | (flags & 15)) >>> 0);
    if (flags & 0x0400) s += '*';
    if (!(flags & 0x0080)) s += '-';
    if (flags & 0x0200) s += '|';
    if (flags & 0x0020) s += '$';
    if (qd !== 1) s += ' [' + qd + 'q]';
    ctx.out += s;
    for (let i = 0; i < qd; i++) {
      if (i > 0) ctx.out += ',';
      if (v > 1) {
        ctx.out += ' q:';
        cp = d.question(cp);
      } else {
        cp = d.skipNameOrTrunc(cp) + 4;
      }
    }
    ctx.out += ' ' + an + '/' + ns + '/' + ar;
    cp = section(d, cp, an, '');
    if (v > 1) {
      cp = section(d, cp, ns, ' ns:');
      section(d, cp, ar, ' ar:');
    }
  } else {
    let s = '' + id;
    if (opcode) s += ' ' + OPCODES[opcode];
    if (flags & 0x0100) s += '+';
    if (flags & 0x0010) s += '%';
    if (flags & 0x06cf) s += ' [b2&3=0x' + flags.toString(16) + ']';
    if (opcode === 1) {
      if (qd) s += ' [' + qd + 'q]';
      if (an !== 1) s += ' [' + an + 'a]';
    } else {
      if (an) s += ' [' + an + 'a]';
      if (qd !== 1) s += ' [' + qd + 'q]';
    }
    if (ns) s += ' [' + ns + 'n]';
    if (ar) s += ' [' + ar + 'au]';
    ctx.out += s;
    for (let i = 0; i < qd; i++) cp = d.question(cp);
    if (v > 1) {
      cp = section(d, cp, an, '');
      cp = section(d, cp, ns, ' ns:');
      section(d, cp, ar, ' ar:');
    }
  }
  ctx.out += ' (' + len + ')';
}

/** `count` records joined by `,` after `label`; returns the offset after them. */
function section(d: Dns, cp: number, count: number, label: string): number {
  if (count === 0) return cp;
  for (let i = 0; i < count; i++) {
    // tcpdump checks that the next record starts inside the capture before it prints the
    // separator or the ` ns:`/` ar:` label (not before the first answer); after a record it could not finish (-1) it reads the next one, in this
    // section or the next printed one, from nowhere. Both end in the truncation mark.
    if (cp < 0 || ((i > 0 || label !== '') && cp >= d.ctx.end)) d.ctx.trunc();
    if (i > 0) d.ctx.out += ',';
    else d.ctx.out += label;
    cp = d.rr(cp);
  }
  return cp;
}

/**
 * The EDNS extended rcode bits (RFC 6891 §6.1.3: the OPT TTL's top byte) of the first OPT record
 * in the additional section, or 0. A message we cannot walk to its end has none.
 */
function extendedRcode(d: Dns, cp: number, qd: number, an: number, ns: number, ar: number): number {
  const ctx = d.ctx;
  if (ar === 0) return 0;
  const buf = ctx.buf;
  const end = ctx.end;
  const skip = (p: number): number => d.skipName(p);
  for (let i = 0; i < qd; i++) {
    cp = skip(cp);
    if (cp < 0) return 0;
    cp += 4;
  }
  for (let i = 0; i < an + ns + ar; i++) {
    cp = skip(cp);
    if (cp < 0 || cp + 2 > end) return 0;
    const type = (buf[cp] << 8) | buf[cp + 1];
    // only the bytes actually read need to have been captured
    if (i >= an + ns && type === 41) return cp + 4 < end ? buf[cp + 4] : 0;
    if (cp + 10 > end) return 0;
    cp += 10 + ((buf[cp + 8] << 8) | buf[cp + 9]);
  }
  return 0;
}
