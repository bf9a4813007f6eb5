/**
 * ICMP (RFC 792 and friends) as tcpdump 4.99.3 prints it, after the IP layer's `src > dst: `.
 *
 * Rules found by experiment against tcpdump 4.99.3 (see icmp.test.ts):
 * - The message text is built first: if a byte it needs was not captured, nothing but the
 *   truncation mark is printed. Type and code need 2 bytes; echo and timestamp query need 8;
 *   timestamp reply 20; mask reply 12; unreachable, redirect and time exceeded need the quoted IP
 *   header (20 bytes), port unreachable also the quoted transport's destination port.
 * - `ICMP TEXT, length LEN` where LEN is the ICMP length the IP layer gives.
 * - With -v, when the message was captured whole and is not a fragment, a bad checksum adds
 *   ` (wrong icmp cksum FIELD (->RIGHT)!)` (bare lowercase hex).
 * - With -v, the messages that quote a datagram (unreachable, source quench, redirect, time
 *   exceeded, parameter problem) print it on a new line after a tab, through the IP printer,
 *   given the quoted header's own total length (so no `truncated-ip`); fewer than 4 quoted bytes
 *   end the packet in ` [|icmp]` right after the tab.
 */

import type { Ctx, IpInfo } from './ctx.js';
import { ipv4 } from './addr.js';
import { sum16, foldComplement } from '../../net/checksum.js';
import { shouldBe } from './udp.js';
import { printIp } from './ip.js';
import { asJump, JUMP_TRUNC } from './hexdump.js';

const UNREACH: string[] = [
  'net %s unreachable',
  'host %s unreachable',
  '', // protocol: built below
  '', // port: built below
  '', // need to frag: built below
  '%s unreachable - source route failed',
  'net %s unreachable - unknown',
  'host %s unreachable - unknown',
  '%s unreachable - source host isolated',
  'net %s unreachable - admin prohibited',
  'host %s unreachable - admin prohibited',
  'net %s unreachable - tos prohibited',
  'host %s unreachable - tos prohibited',
  'host %s unreachable - admin prohibited filter',
  'host %s unreachable - host precedence violation',
  'host %s unreachable - precedence cutoff',
];

/** `%02u:%02u:%02u.%03u` of milliseconds since midnight UT; hours are not wrapped. */
function msTime(t: number): string {
  const h = Math.floor(t / 3600000);
  const m = Math.floor(t / 60000) % 60;
  const s = Math.floor(t / 1000) % 60;
  const ms = t % 1000;
  return (h < 10 ? '0' : '') + h + ':' + pad2(m) + ':' + pad2(s) + '.' + (ms < 10 ? '00' : ms < 100 ? '0' : '') + ms;
}

function pad2(v: number): string {
  return v < 10 ? '0' + v : '' + v;
}

/** Router advertisement lifetime: `S`, `M:SS` or `H:MM:SS`. */
function lifetime(t: number): string {
  if (t < 60) return '' + t;
  if (t < 3600) return Math.floor(t / 60) + ':' + pad2(t % 60);
  return Math.floor(t / 3600) + ':' + pad2(Math.floor(t / 60) % 60) + ':' + pad2(t % 60);
}

/** Types that quote the offending datagram (printed with -v). */
function quotes(type: number): boolean {
  return type === 3 || type === 4 || type === 5 || type === 11 || type === 12;
}

export function printIcmp(ctx: Ctx, off: number, len: number, ip: IpInfo): void {
  ctx.protocol = 'icmp';
  const buf = ctx.buf;
  // Which truncations tcpdump signals the longjmp way (the -x dump then starts at the frame's
  // first byte, see hexdump.ts) was found per message: most reads are; the up-front checks
  // below print the mark and return.
  if (!ctx.has(off, 2)) throw JUMP_TRUNC;
  const type = buf[off];
  const code = buf[off + 1];
  const inner = off + 8;
  if (type === 3 && code === 3 && !ctx.has(inner + 9, 1)) ctx.trunc();
  if (type === 11 && !ctx.has(inner, 20)) ctx.trunc();
  if (type === 14 && !ctx.has(off, 20)) ctx.trunc();
  if (type === 9) {
    ctx.need(off, 8);
    if (buf[off + 5] === 2) ctx.need(off + 8, 8 * buf[off + 4]);
  }
  let s: string;
  try {
    s = message(ctx, off, type, code);
  } catch (e) {
    asJump(e);
  }
  ctx.out += 'ICMP ' + s + ', length ' + len;

  if (ctx.opts.vflag > 0 && !ip.fragmented && ctx.has(off, len)) {
    if (!ctx.has(off + 2, 2)) throw JUMP_TRUNC;
    const field = ctx.u16(off + 2);
    const computed = foldComplement(sum16(buf, off, len));
    if (computed !== 0) {
      ctx.out += ' (wrong icmp cksum ' + field.toString(16) + ' (->' + shouldBe(field, computed).toString(16) + ')!)';
    }
  }

  if (ctx.opts.vflag > 0 && quotes(type)) {
    ctx.out += '\n\t';
    // the quoted header's total length is read before the IP printer runs
    if (!ctx.has(inner, 4)) throw JUMP_TRUNC;
    printIp(ctx, inner, ctx.u16(inner + 2));
  }
}

/** The message text after `ICMP `; reads past the capture throw Truncated. */
function message(ctx: Ctx, off: number, type: number, code: number): string {
  const buf = ctx.buf;
  const inner = off + 8;
  let s: string;
  switch (type) {
    case 0:
    case 8:
      ctx.need(off + 4, 4);
      s = (type === 8 ? 'echo request' : 'echo reply') + ', id ' + ctx.u16(off + 4) + ', seq ' + ctx.u16(off + 6);
      break;
    case 3: {
      ctx.need(inner, 20);
      const dst = ipv4(buf, inner + 16);
      const proto = buf[inner + 9];
      if (code === 2) {
        s = dst + ' protocol ' + proto + ' unreachable';
      } else if (code === 3) {
        const port = ctx.u16(inner + (buf[inner] & 15) * 4 + 2);
        const p = proto === 6 ? 'tcp' : proto === 17 ? 'udp' : 'protocol ' + proto;
        s = dst + ' ' + p + ' port ' + port + ' unreachable';
      } else if (code === 4) {
        const mtu = ctx.u16(off + 6);
        s = dst + ' unreachable - need to frag' + (mtu !== 0 ? ' (mtu ' + mtu + ')' : '');
      } else if (code < UNREACH.length) {
        s = UNREACH[code].replace('%s', dst);
      } else {
        s = dst + ' unreachable - #' + code;
      }
      break;
    }
    case 4:
      s = 'source quench';
      break;
    case 5: {
      ctx.need(off + 4, 4);
      ctx.need(inner, 20);
      const gw = ipv4(buf, off + 4);
      const dst = ipv4(buf, inner + 16);
      if (code === 0) s = 'redirect ' + dst + ' to net ' + gw;
      else if (code === 1) s = 'redirect ' + dst + ' to host ' + gw;
      else if (code === 2) s = 'redirect-tos ' + dst + ' to net ' + gw;
      else if (code === 3) s = 'redirect-tos ' + dst + ' to host ' + gw;
      else s = 'redirect-#' + code + ' ' + dst + ' to ' + gw;
      break;
    }
    case 9: {
      ctx.need(off + 4, 4);
      const num = buf[off + 4];
      const size = buf[off + 5];
      s = 'router advertisement lifetime ' + lifetime(ctx.u16(off + 6)) + ' ' + num + ':';
      if (size !== 2) {
        s += ' [size ' + size + ']';
      } else {
        let p = off + 8;
        for (let i = 0; i < num; i++, p += 8) {
          ctx.need(p, 8);
          s += ' {' + ipv4(buf, p) + ' ' + ctx.u32(p + 4) + '}';
        }
      }
      break;
    }
    case 10:
      s = 'router solicitation';
      break;
    case 11:
      ctx.need(inner, 20);
      s = code === 0 ? 'time exceeded in-transit' : code === 1 ? 'ip reassembly time exceeded' : 'time exceeded-#' + code;
      break;
    case 12:
      if (code === 0) s = 'parameter problem - octet ' + ctx.u8(off + 4);
      else s = 'parameter problem - code ' + code;
      break;
    case 13:
    case 14:
      ctx.need(off + 4, 4);
      s = 'time stamp ' + (type === 13 ? 'query' : 'reply') + ' id ' + ctx.u16(off + 4) + ' seq ' + ctx.u16(off + 6);
      if (type === 14) {
        ctx.need(off + 8, 12);
        s += ': org ' + msTime(ctx.u32(off + 8)) + ', recv ' + msTime(ctx.u32(off + 12)) + ', xmit ' + msTime(ctx.u32(off + 16));
      }
      break;
    case 15:
      s = 'information request';
      break;
    case 16:
      s = 'information reply';
      break;
    case 17:
      s = 'address mask request';
      break;
    case 18:
      s = 'address mask is 0x' + (ctx.u32(off + 8) + 0x100000000).toString(16).slice(1);
      break;
    default:
      s = 'type-#' + type;
  }
  return s;
}
