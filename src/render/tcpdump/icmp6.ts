/**
 * ICMPv6 (RFC 4443), neighbour discovery (RFC 4861) and MLD (RFC 2710, RFC 3810) as tcpdump
 * 4.99.3 prints them, after the IP layer's `src > dst: `.
 *
 * Found by experiment against tcpdump 4.99.3 (see icmp6.test.ts):
 * - With -v, a message captured whole (and not a fragment) starts with `[icmp6 sum ok] ` or
 *   `[bad icmp6 cksum 0xFIELD -> 0xRIGHT!] `.
 * - `ICMP6, ` then the message, printed as it is read: a missing byte ends the packet in
 *   ` [|icmp6]` after what was already printed.
 * - Echo, errors and MLD end in `, length N` without -v and print no length with -v. Router and
 *   neighbour messages print `, length N` right after their name with -v (and at the end
 *   without), then at -v their fields and options on `\n\t` lines.
 * - Types tcpdump does not know print `unknown icmp6 type (N), length N` and a hex dump.
 * Not done (rare around HTTPS): node information, router renumbering, inverse ND, mobile IPv6,
 * RPL, mtrace, the redirected-header option's dump; they print as unknown types here.
 */

import type { Ctx, IpInfo } from './ctx.js';
import { ipv6, mac } from './addr.js';
import { sum16, pseudoHeaderSum, foldComplement } from '../../net/checksum.js';
import { hex4, shouldBe } from './udp.js';
import { dumpBytes, asJump } from './hexdump.js';

const INFINITY = 0xffffffff;

function secs(v: number): string {
  return v === INFINITY ? 'infinity' : v + 's';
}

/** The ND router preference field (RFC 4191). */
const PREF = ['medium', 'high', 'rsv', 'low'];

export function printIcmp6(ctx: Ctx, off: number, len: number, ip: IpInfo): void {
  ctx.protocol = 'icmp6';
  const buf = ctx.buf;
  const v = ctx.opts.vflag;
  if (v > 0 && !ip.fragmented && ctx.has(off, len)) {
    const field = ctx.u16(off + 2);
    const computed = foldComplement(
      sum16(buf, off, len, pseudoHeaderSum(buf, 6, ip.srcOff, ip.dstOff, 58, len)),
    );
    if (computed === 0) ctx.out += '[icmp6 sum ok] ';
    else ctx.out += '[bad icmp6 cksum ' + hex4(field) + ' -> ' + hex4(shouldBe(field, computed)) + '!] ';
  }
  try {
    ctx.u8(off);
    ctx.out += 'ICMP6, ';
    message(ctx, off, len);
  } catch (e) {
    // every ICMPv6 truncation abandons the packet the longjmp way (hex dumps from byte 0)
    asJump(e);
  }
}

function message(ctx: Ctx, off: number, len: number): void {
  const buf = ctx.buf;
  const v = ctx.opts.vflag;
  const type = ctx.u8(off);
  const tail = v > 0 ? '' : ', length ' + len;
  // the code byte is read only where it matters (a message may end after its type)
  const code = (): number => ctx.u8(off + 1);
  switch (type) {
    case 128:
    case 129:
      ctx.out += type === 128 ? 'echo request' : 'echo reply';
      ctx.out += ', id ' + ctx.u16(off + 4) + ', seq ' + ctx.u16(off + 6) + tail;
      return;
    case 1:
      ctx.out += 'destination unreachable';
      {
        const c = code();
        ctx.out += ', ';
        if (unreachable(ctx, off, c)) ctx.out += tail;
      }
      return;
    case 2:
      ctx.out += 'packet too big';
      ctx.out += ', mtu ' + ctx.u32(off + 4) + tail;
      return;
    case 3: {
      const c = code();
      if (c === 0) {
        ctx.out += 'time exceeded in-transit';
        ctx.out += ' for ' + innerDst(ctx, off);
      }
      else if (c === 1) ctx.out += 'time exceeded in-transit (reassembly)';
      else ctx.out += 'time exceeded in-transit, unknown code (' + c + ')';
      ctx.out += tail;
      return;
    }
    case 4: {
      ctx.out += 'parameter problem';
      const pointer = ctx.u32(off + 4);
      const c = code();
      const names = ['erroneous', 'next header', 'option', 'incomplete header chain'];
      if (c < names.length) ctx.out += ', ' + names[c] + ' - octet ' + pointer;
      else ctx.out += ', code-#' + c;
      ctx.out += tail;
      return;
    }
    case 130:
    case 131:
    case 132:
      mld(ctx, off, len, type);
      ctx.out += tail;
      return;
    case 143:
      mld2Report(ctx, off);
      ctx.out += tail;
      return;
    case 133:
    case 134:
    case 135:
    case 136:
    case 137:
      nd(ctx, off, len, type);
      return;
    default:
      ctx.out += type === 200 ? 'mtrace response' : type === 201 ? 'mtrace message' : 'unknown icmp6 type (' + type + ')';
      ctx.out += ', length ' + len;
      // the message in hex, below -vv only
      if (v < 2) ctx.out += dumpBytes(buf, off, Math.min(len, ctx.end - off), false);
  }
}

/**
 * The quoted datagram's destination (its IPv6 header must be there). Callers append their text
 * to ctx.out before calling: tcpdump has printed it when the address turns out to be missing.
 */
function innerDst(ctx: Ctx, off: number): string {
  ctx.need(off + 8 + 24, 16);
  return ipv6(ctx.buf, off + 8 + 24);
}

/** Prints the unreachable message; false when tcpdump prints no length after it. */
function unreachable(ctx: Ctx, off: number, code: number): boolean {
  switch (code) {
    case 0:
      ctx.out += 'unreachable route';
      ctx.out += ' ' + innerDst(ctx, off);
      return true;
    case 1:
      // two spaces: tcpdump's text
      ctx.out += ' unreachable prohibited';
      ctx.out += ' ' + innerDst(ctx, off);
      return true;
    case 2:
      ctx.out += 'beyond scope';
      ctx.out += ' ' + innerDst(ctx, off);
      ctx.need(off + 8 + 8, 16);
      ctx.out += ', source address ' + ipv6(ctx.buf, off + 8 + 8);
      return true;
    case 3:
      ctx.out += 'unreachable address';
      ctx.out += ' ' + innerDst(ctx, off);
      return true;
    case 4: {
      ctx.out += 'unreachable port';
      const inner = off + 8;
      ctx.need(inner, 40);
      const nh = ctx.buf[inner + 6];
      // only a quoted TCP or UDP header names the port
      if (nh !== 6 && nh !== 17) ctx.trunc();
      const port = ctx.u16(inner + 40 + 2);
      ctx.out += ', ' + ipv6(ctx.buf, inner + 24) + (nh === 6 ? ' tcp' : ' udp') + ' port ' + port;
      return true;
    }
    default:
      ctx.out += 'unknown unreach code (' + code + ')';
      // then, below -vv, a hex dump of the message, and no length (found by experiment)
      if (ctx.opts.vflag < 2) ctx.out += dumpBytes(ctx.buf, off, ctx.end - off, false);
      return false;
  }
}

function mld(ctx: Ctx, off: number, len: number, type: number): void {
  const buf = ctx.buf;
  if (type === 130 && len >= 28) {
    // MLDv2 query (RFC 3810 §5.1)
    ctx.out += 'multicast listener query v2';
    if (ctx.opts.vflag > 0) ctx.out += ' [max resp delay=' + ctx.u16(off + 4) + ']';
    ctx.need(off + 4, 24);
    ctx.out += ' [gaddr ' + ipv6(buf, off + 8);
    const srcs = ctx.u16(off + 26);
    if (ctx.opts.vflag > 0) {
      const qrv = buf[off + 24] & 7;
      if (qrv) ctx.out += ' robustness=' + qrv;
      ctx.out += ' qqi=' + buf[off + 25];
    }
    if (ctx.opts.vflag > 1) {
      // -vv lists the sources
      ctx.out += ' {';
      for (let k = 0; k < srcs; k++) {
        ctx.need(off + 28 + 16 * k, 16);
        ctx.out += ' ' + ipv6(buf, off + 28 + 16 * k);
      }
      ctx.out += ' }';
    } else if (srcs > 0) ctx.out += ', ' + srcs + ' source(s)';
    ctx.out += ']';
    return;
  }
  ctx.out += 'multicast listener ' + (type === 130 ? 'query' : type === 131 ? 'report' : 'done');
  // an MLDv1 message not captured whole prints its name only, without the mark, once its
  // first word is there (found by experiment)
  ctx.need(off, 4);
  if (!ctx.has(off, 24)) return;
  ctx.out += 'max resp delay: ' + ctx.u16(off + 4) + ' addr: ' + ipv6(buf, off + 8);
}

const MLD2_RECORD = ['', 'is_in', 'is_ex', 'to_in', 'to_ex', 'allow', 'block'];

function mld2Report(ctx: Ctx, off: number): void {
  const n = ctx.u16(off + 6);
  ctx.out += 'multicast listener report v2, ' + n + ' group record(s)';
  if (ctx.opts.vflag === 0) return;
  let p = off + 8;
  for (let i = 0; i < n; i++) {
    ctx.need(p, 20);
    const rtype = ctx.buf[p];
    const aux = ctx.buf[p + 1];
    const nsrc = ctx.u16(p + 2);
    ctx.out += ' [gaddr ' + ipv6(ctx.buf, p + 4) + ' ' + (MLD2_RECORD[rtype] ?? 'rtype-' + rtype);
    if (ctx.opts.vflag > 1) {
      // -vv lists the sources
      ctx.out += ' {';
      for (let k = 0; k < nsrc; k++) {
        ctx.need(p + 20 + 16 * k, 16);
        ctx.out += ' ' + ipv6(ctx.buf, p + 20 + 16 * k);
      }
      ctx.out += ' }]';
    } else {
      ctx.out += ', ' + nsrc + ' source(s)]';
    }
    p += 20 + nsrc * 16 + aux * 4;
  }
}

/** Router/neighbour solicitation and advertisement, redirect (RFC 4861 §4). */
function nd(ctx: Ctx, off: number, len: number, type: number): void {
  const buf = ctx.buf;
  const v = ctx.opts.vflag;
  const lenText = ', length ' + len;
  let optOff: number;
  switch (type) {
    case 133:
      ctx.out += 'router solicitation';
      if (v > 0) ctx.out += lenText;
      ctx.need(off, 8);
      if (v === 0) ctx.out += lenText;
      optOff = off + 8;
      break;
    case 134:
      ctx.out += 'router advertisement' + lenText;
      optOff = off + 16;
      if (v > 0) {
        ctx.need(off + 4, 12);
        const fl = buf[off + 5];
        const names: string[] = [];
        if (fl & 0x80) names.push('managed');
        if (fl & 0x40) names.push('other stateful');
        if (fl & 0x20) names.push('home agent');
        if (fl & 0x02) names.push('ipv6 only');
        ctx.out +=
          '\n\thop limit ' + buf[off + 4] + ', Flags [' + (names.length ? names.join(', ') : 'none') + ']' +
          ', pref ' + PREF[(fl >> 3) & 3] + ', router lifetime ' + ctx.u16(off + 6) + 's' +
          ', reachable time ' + ctx.u32(off + 8) + 'ms, retrans timer ' + ctx.u32(off + 12) + 'ms';
      }
      break;
    case 135:
      if (v > 0) ctx.out += 'neighbor solicitation' + lenText;
      else ctx.out += 'neighbor solicitation';
      ctx.need(off + 8, 16);
      ctx.out += ', who has ' + ipv6(buf, off + 8);
      if (v === 0) ctx.out += lenText;
      optOff = off + 24;
      break;
    case 136: {
      ctx.out += 'neighbor advertisement' + (v > 0 ? lenText : '');
      ctx.need(off + 8, 16);
      ctx.out += ', tgt is ' + ipv6(buf, off + 8);
      if (v > 0) {
        const fl = buf[off + 4];
        const names: string[] = [];
        if (fl & 0x80) names.push('router');
        if (fl & 0x40) names.push('solicited');
        if (fl & 0x20) names.push('override');
        ctx.out += ', Flags [' + (names.length ? names.join(', ') : 'none') + ']';
      } else {
        ctx.out += lenText;
      }
      optOff = off + 24;
      break;
    }
    default:
      ctx.out += 'redirect' + (v > 0 ? lenText : '');
      ctx.need(off + 8, 32);
      ctx.out += ', ' + ipv6(buf, off + 24) + ' to ' + ipv6(buf, off + 8);
      if (v === 0) ctx.out += lenText;
      optOff = off + 40;
  }
  if (v > 0) ndOptions(ctx, optOff, off + len);
}

/** ND options at -v: `\n\t  NAME option (T), length L (N): VALUE`. */
function ndOptions(ctx: Ctx, p: number, stop: number): void {
  const buf = ctx.buf;
  while (p < stop) {
    const t = ctx.u8(p);
    const n = ctx.u8(p + 1);
    // a zero-length option would never end: tcpdump stops with the mark
    if (n === 0) ctx.trunc();
    const olen = n * 8;
    ctx.need(p, olen);
    const d = p + 2;
    let s: string;
    switch (t) {
      case 1:
      case 2:
        s = (t === 1 ? 'source' : 'destination') + ' link-address option (' + t + '), length ' + olen + ' (' + n + '): ' + mac(buf, d, olen - 2);
        break;
      case 3: {
        const fl = buf[p + 3];
        const names: string[] = [];
        if (fl & 0x80) names.push('onlink');
        if (fl & 0x40) names.push('auto');
        if (fl & 0x20) names.push('router');
        s =
          'prefix info option (3), length ' + olen + ' (' + n + '): ' + ipv6(buf, p + 16) + '/' + buf[p + 2] +
          ', Flags [' + (names.length ? names.join(', ') : 'none') + '], valid time ' + secs(ctx.u32(p + 4)) +
          ', pref. time ' + secs(ctx.u32(p + 8));
        break;
      }
      case 5:
        s = 'mtu option (5), length ' + olen + ' (' + n + '):  ' + ctx.u32(p + 4);
        break;
      case 7:
        s = 'advertisement interval option (7), length ' + olen + ' (' + n + '):  ' + ctx.u32(p + 4) + 'ms';
        break;
      case 24: {
        const plen = buf[p + 2];
        const pref = PREF[(buf[p + 3] >> 3) & 3];
        const a = new Uint8Array(16);
        a.set(buf.subarray(p + 8, Math.min(p + olen, p + 24)), 0);
        s = 'route info option (24), length ' + olen + ' (' + n + '):  ' + ipv6(a, 0) + '/' + plen + ', pref=' + pref + ', lifetime=' + secs(ctx.u32(p + 4));
        break;
      }
      case 25: {
        s = 'rdnss option (25), length ' + olen + ' (' + n + '):  lifetime ' + secs(ctx.u32(p + 4));
        for (let a = p + 8; a + 16 <= p + olen; a += 16) s += (a === p + 8 ? ', addr: ' : ' addr: ') + ipv6(buf, a);
        break;
      }
      default:
        s = 'unknown option (' + t + '), length ' + olen + ' (' + n + '): ';
        // at -v its data in hex, and tcpdump prints no option after it; at -vv the data
        // comes below like every option's, and the options go on
        if (ctx.opts.vflag < 2) {
          ctx.out += '\n\t  ' + s + dumpBytes(buf, d, olen - 2, false, '\n\t  ');
          return;
        }
    }
    ctx.out += '\n\t  ' + s;
    if (ctx.opts.vflag > 1) ctx.out += dumpBytes(buf, d, olen - 2, false, '\n\t    ');
    p += olen;
  }
}
