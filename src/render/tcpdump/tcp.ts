/**
 * TCP as tcpdump 4.99 prints it: ports, flags, relative sequence numbers, window, options, length.
 *
 * Relative numbers (tcpdump's behaviour, observed): a table keyed by the connection's two
 * endpoints remembers, for each side, a base sequence number. It is filled by the first packet
 * of the connection with the ACK flag (and refilled by any later SYN with ACK): that packet's
 * seq becomes its side's base and its ack-1 the other side's. That packet itself prints
 * absolute numbers; later ones print seq-base(own side) and ack-base(other side). Packets
 * without ACK always print absolute numbers. SACK edges are made relative to the other side's
 * base whenever an entry exists, the creating packet included.
 */
import { Ctx, IpInfo, Truncated } from './ctx.js';
import { sum16, pseudoHeaderSum, foldComplement } from '../../net/checksum.js';
import { shouldBe } from './ip.js';
import { printTcpApp } from './tcp-app.js';

/** Bases of one connection: `lo` for the side whose address sorts first, `hi` for the other. */
interface SeqEntry {
  lo: number;
  hi: number;
}

const FLAG_CHARS = ['F', 'S', 'R', 'P', '.', 'U', 'E', 'W'];
const FLAG_STRINGS: string[] = [];
for (let f = 0; f < 256; f++) {
  let s = '';
  for (let i = 0; i < 8; i++) if (f & (1 << i)) s += FLAG_CHARS[i];
  FLAG_STRINGS.push(s || 'none');
}

const TH_FIN = 0x01;
const TH_SYN = 0x02;
const TH_RST = 0x04;
const TH_ACK = 0x10;
const TH_URG = 0x20;

/** Compare the address bytes of the two endpoints, then the ports: which side sorts first. */
function sideIsHi(buf: Uint8Array, info: IpInfo, sport: number, dport: number): boolean {
  const n = info.version === 4 ? 4 : 16;
  for (let i = 0; i < n; i++) {
    const a = buf[info.srcOff + i];
    const b = buf[info.dstOff + i];
    if (a !== b) return a > b;
  }
  return sport > dport;
}

export function printTcp(ctx: Ctx, off: number, len: number, info: IpInfo): void {
  ctx.protocol = 'tcp';
  if (!ctx.has(off, 4)) {
    // not even the ports: tcpdump names the hosts alone
    if (info.printAddrs) ctx.out += `${info.src} > ${info.dst}:`;
    ctx.trunc();
  }
  const sport = ctx.u16(off);
  const dport = ctx.u16(off + 2);
  if (info.printAddrs) ctx.out += `${info.src}.${sport} > ${info.dst}.${dport}: `;
  else ctx.out += `${sport} > ${dport}: `;
  ctx.need(off, 20);
  const buf = ctx.buf;
  let seq = ctx.u32(off + 4);
  let ack = ctx.u32(off + 8);
  const hlen = (buf[off + 12] >> 4) * 4;
  const flags = buf[off + 13];
  const win = ctx.u16(off + 14);
  const cksum = ctx.u16(off + 16);
  const urp = ctx.u16(off + 18);
  if (hlen < 20) {
    ctx.out += ` tcp ${len - hlen} [bad hdr length ${hlen} - too short, < 20]`;
    return;
  }
  ctx.out += 'Flags [' + FLAG_STRINGS[flags] + ']';
  if (hlen > len) {
    ctx.out += ` [bad hdr length ${hlen} - too long, > ${len}]`;
    return;
  }
  const plen = len - hlen;
  ctx.tcpFlags = flags;
  ctx.tcpPayload = plen;
  ctx.tcpIp = info;
  ctx.tcpSport = sport;
  ctx.tcpDport = dport;

  // relative sequence numbers
  let hiSide = false;
  let entry: SeqEntry | undefined;
  if (!ctx.opts.Sflag && flags & TH_ACK) {
    hiSide = sideIsHi(buf, info, sport, dport);
    const table = ctx.tcpSeq;
    const key = hiSide
      ? `${info.dst}|${info.src}|${dport}|${sport}`
      : `${info.src}|${info.dst}|${sport}|${dport}`;
    entry = table.map.get(key);
    if (entry === undefined || flags & TH_SYN) {
      const base = seq;
      const other = (ack - 1) >>> 0;
      if (entry === undefined) {
        entry = hiSide ? { lo: other, hi: base } : { lo: base, hi: other };
        table.map.set(key, entry);
      } else if (hiSide) {
        entry.lo = other;
        entry.hi = base;
      } else {
        entry.lo = base;
        entry.hi = other;
      }
    } else if (hiSide) {
      seq = (seq - entry.hi) >>> 0;
      ack = (ack - entry.lo) >>> 0;
    } else {
      seq = (seq - entry.lo) >>> 0;
      ack = (ack - entry.hi) >>> 0;
    }
  }
  const otherBase = entry === undefined ? 0 : hiSide ? entry.lo : entry.hi;

  if (ctx.opts.vflag > 0 && !info.fragmented && ctx.has(off, len)) {
    const sum = foldComplement(sum16(buf, off, len, pseudoHeaderSum(buf, info.version, info.srcOff, info.dstOff, 6, len)));
    ctx.out += `, cksum 0x${cksum.toString(16).padStart(4, '0')} `;
    ctx.out += sum === 0 ? '(correct)' : `(incorrect -> 0x${shouldBe(cksum, sum).toString(16).padStart(4, '0')})`;
  }

  if (ctx.opts.vflag > 1 || plen > 0 || flags & (TH_SYN | TH_FIN | TH_RST)) {
    ctx.out += ', seq ' + seq;
    if (plen > 0) ctx.out += ':' + ((seq + plen) >>> 0);
  }
  if (flags & TH_ACK) ctx.out += ', ack ' + ack;
  ctx.out += ', win ' + win;
  if (flags & TH_URG) ctx.out += ', urg ' + urp;
  if (hlen > 20) {
    ctx.out += ', options [';
    try {
      if (!printOptions(ctx, off + 20, hlen - 20, otherBase)) return;
    } catch (e) {
      if (!(e instanceof Truncated)) throw e;
      // tcpdump 4.99.3 ends a line whose options were cut by the capture with " [|tcp]>"
      ctx.out += ' [|tcp]>';
      return;
    }
    ctx.out += ']';
  }
  ctx.out += ', length ' + plen;
  if (flags & TH_RST) {
    if (ctx.opts.vflag > 0 && plen > 0) rstData(ctx, off + hlen, plen);
    return;
  }
  if (plen > 0) printTcpApp(ctx, off + hlen, plen, sport, dport);
}

/** tcpdump -v prints the text a RST carries (RFC 1122 4.2.2.12) as ` [RST text]`. */
function rstData(ctx: Ctx, off: number, len: number): void {
  let s = ' [RST';
  let n = Math.min(len, ctx.end - off);
  if (n < len) s += '+';
  s += ' ';
  for (let i = 0; i < n; i++) {
    const c = ctx.buf[off + i];
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  ctx.out += s + ']';
}

/** Option names; an option whose length runs past the header is "[bad opt]" and ends the line. */
const OPT_NAMES: Record<number, string> = {
  0: 'eol',
  1: 'nop',
  2: 'mss',
  3: 'wscale',
  4: 'sackOK',
  5: 'sack',
  8: 'TS',
  19: 'md5',
  29: 'tcp-ao',
  30: 'mptcp',
  34: 'tfo',
};

/** Returns false when printing stopped at a bad option (tcpdump ends the line there). */
function printOptions(ctx: Ctx, off: number, len: number, otherBase: number): boolean {
  let p = off;
  let left = len;
  let first = true;
  while (left > 0) {
    if (!first) ctx.out += ',';
    first = false;
    const opt = ctx.u8(p);
    p++;
    left--;
    let olen: number;
    if (opt === 0 || opt === 1) {
      olen = 1;
    } else {
      olen = ctx.u8(p);
      p++;
      left--;
      if (olen < 2) {
        ctx.out += '[bad opt]';
        return false;
      }
    }
    const dlen = opt === 0 || opt === 1 ? 0 : olen - 2;
    if (dlen > left) {
      ctx.out += '[bad opt]';
      return false;
    }
    let expect = -1;
    switch (opt) {
      case 0:
        ctx.out += 'eol';
        // tcpdump stops at the end-of-option-list
        return true;
      case 1:
        ctx.out += 'nop';
        break;
      case 2:
        expect = 2;
        if (left < 2) return badOpt(ctx, 'mss');
        ctx.out += 'mss';
        ctx.out += ' ' + ctx.u16(p);
        break;
      case 3:
        expect = 1;
        if (left < 1) return badOpt(ctx, 'wscale');
        ctx.out += 'wscale';
        ctx.out += ' ' + ctx.u8(p);
        break;
      case 4:
        expect = 0;
        ctx.out += 'sackOK';
        break;
      case 5: {
        ctx.out += 'sack';
        ctx.out += ` ${dlen >> 3} `;
        let q = p;
        for (let i = 0; i < dlen >> 3; i++) {
          const s = (ctx.u32(q) - otherBase) >>> 0;
          const e = (ctx.u32(q + 4) - otherBase) >>> 0;
          ctx.out += `{${s}:${e}}`;
          q += 8;
        }
        if (dlen % 8) ctx.out += `[len ${olen}]`;
        break;
      }
      case 8:
        expect = 8;
        if (left < 8) return badOpt(ctx, 'TS');
        ctx.out += 'TS';
        ctx.out += ` val ${ctx.u32(p)} ecr ${ctx.u32(p + 4)}`;
        break;
      case 19:
        expect = 16;
        if (left < 16) return badOpt(ctx, 'md5');
        ctx.out += 'md5';
        if (ctx.opts.vflag > 0) {
          ctx.out += 'shared secret not supplied with -M, can\'t check - ';
          appendHex(ctx, p, 16);
        }
        break;
      case 29:
        if (left < 2) return badOpt(ctx, 'tcp-ao');
        ctx.out += 'tcp-ao';
        ctx.out += ` keyid ${ctx.u8(p)} rnextkeyid ${ctx.u8(p + 1)}`;
        if (dlen > 2) {
          ctx.out += ' mac 0x';
          appendHex(ctx, p + 2, dlen - 2);
        }
        break;
      case 34:
      case 254:
      case 253: {
        let q = p;
        let n = dlen;
        if (opt !== 34) {
          if (dlen < 2 || ctx.u16(p) !== 0xf989) {
            ctx.need(p, dlen); // nothing of this option is printed when its bytes were cut
            ctx.out += `exp-${opt}`;
            if (dlen > 0) {
              ctx.out += ' 0x';
              appendHex(ctx, p, dlen);
            }
            break;
          }
          ctx.out += 'exp-';
          q += 2;
          n -= 2;
        }
        ctx.out += 'tfo';
        if (n === 0) ctx.out += '  cookiereq';
        else if (n < 4 || n > 16 || n & 1) ctx.out += ` cookie ${n} [bad length]`;
        else {
          ctx.out += ' cookie ';
          appendHex(ctx, q, n);
        }
        break;
      }
      default:
        ctx.out += `unknown-${opt}`;
        if (dlen > 0) {
          ctx.out += ' 0x';
          appendHex(ctx, p, dlen);
        }
    }
    if (expect >= 0 && dlen !== expect) ctx.out += `[len ${olen}]`;
    p += dlen;
    left -= dlen;
  }
  return true;
}

function badOpt(ctx: Ctx, name: string): false {
  ctx.out += name + '[bad opt]';
  return false;
}

/** Append n bytes at p as lowercase hex digits; a truncation leaves the digits printed so far. */
function appendHex(ctx: Ctx, p: number, n: number): void {
  for (let i = 0; i < n; i++) ctx.out += ctx.u8(p + i).toString(16).padStart(2, '0');
}
