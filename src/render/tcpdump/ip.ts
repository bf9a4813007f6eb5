/** IPv4 as tcpdump 4.99 prints it: `IP ` then the transport, or with -v the header in parentheses. */
import { Ctx, IpInfo } from './ctx.js';
import { ipv4 } from './addr.js';
import { sum16, foldComplement } from '../../net/checksum.js';
import { printTcp } from './tcp.js';
import { printUdp } from './udp.js';
import { printIcmp } from './icmp.js';

/** tcpdump's names for IP protocol numbers (its -v "proto NAME (N)"). */
export const IPPROTO_NAMES: Record<number, string> = {
  0: 'Options',
  1: 'ICMP',
  2: 'IGMP',
  4: 'IPIP',
  6: 'TCP',
  8: 'EGP',
  9: 'IGRP',
  17: 'UDP',
  29: 'ISO-TP4',
  41: 'IPv6',
  43: 'Routing',
  44: 'Fragment',
  46: 'RSVP',
  47: 'GRE',
  50: 'ESP',
  51: 'AH',
  54: 'mobile',
  58: 'ICMPv6',
  59: 'none',
  60: 'dstopts',
  88: 'EIGRP',
  89: 'OSPF',
  94: 'IPIP',
  103: 'PIM',
  108: 'Compressed IP',
  112: 'VRRP',
  115: 'L2TP',
  132: 'SCTP',
  135: 'Mobility',
  139: 'HIP',
  140: 'Shim6',
};

const TOS_ECN = ['', ',ECT(1)', ',ECT(0)', ',CE'];

const IPOPT_NAMES: Record<number, string> = {
  0: 'EOL',
  1: 'NOP',
  7: 'RR',
  68: 'TS',
  130: 'security',
  131: 'LSRR',
  137: 'SSRR',
  148: 'RA',
};

/** `options (...)` of the -v header; tcpdump prints names only for the common ones. */
function ipOptions(ctx: Ctx, off: number, len: number): string {
  let s = '';
  let i = 0;
  while (i < len) {
    const t = ctx.buf[off + i];
    if (s) s += ',';
    if (t === 0 || t === 1) {
      s += IPOPT_NAMES[t];
      i++;
      if (t === 0) {
        // tcpdump names each remaining EOL byte too
        while (i < len) {
          s += ',EOL';
          i++;
        }
      }
      continue;
    }
    const name = IPOPT_NAMES[t] ?? `unknown ${t}`;
    if (i + 1 >= len) {
      s += `${name} [bad length ${len - i}]`;
      break;
    }
    const ol = ctx.buf[off + i + 1];
    if (ol < 2 || i + ol > len) {
      s += `${name} [bad length ${ol}]`;
      break;
    }
    s += name;
    i += ol;
  }
  return s;
}

/**
 * off: start of the IPv4 header in ctx.buf; len: bytes the link layer says follow
 * (the frame's wire length minus the link header).
 */
export function printIp(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'ip';
  // with -e the link layer has named the ethertype, and tcpdump leaves out the "IP " prefix
  const e = ctx.opts.eflag && ctx.linkLen > 0;
  if (!e) ctx.out += 'IP ';
  ctx.need(off, 1);
  const vh = ctx.buf[off];
  const version = vh >> 4;
  if (version !== 4) {
    if (!e) ctx.out = ctx.out.slice(0, -3);
    ctx.out += `IP${version} (invalid)`;
    return;
  }
  const hlen = (vh & 15) * 4;
  if (hlen < 20) {
    ctx.out += `bad-hlen ${hlen}`;
    return;
  }
  ctx.need(off, 20);
  const total = ctx.u16(off + 2);
  if (total < hlen) {
    ctx.out += `bad-len ${total}`;
    return;
  }
  let ipLen = total;
  if (total > len) {
    ctx.out += `truncated-ip - ${total - len} bytes missing! `;
    ipLen = len;
  }
  ctx.need(off, hlen);
  const tos = ctx.buf[off + 1];
  const id = ctx.u16(off + 4);
  const fragWord = ctx.u16(off + 6);
  const ttl = ctx.buf[off + 8];
  const proto = ctx.buf[off + 9];
  const fragOff = (fragWord & 0x1fff) * 8;
  const mf = (fragWord & 0x2000) !== 0;
  const df = (fragWord & 0x4000) !== 0;
  const rsvd = (fragWord & 0x8000) !== 0;
  ctx.pushEnd(off + ipLen);
  if (ctx.opts.vflag > 0) {
    let s = '(tos 0x' + tos.toString(16) + TOS_ECN[tos & 3];
    s += `, ttl ${ttl}, id ${id}, offset ${fragOff}, flags [`;
    const fl = (rsvd ? 'rsvd' : '') + (df ? 'DF' : '') + (mf ? '+' : '');
    s += fl || 'none';
    s += `], proto ${IPPROTO_NAMES[proto] ?? 'unknown'} (${proto}), length ${total}`;
    if (hlen > 20) s += `, options (${ipOptions(ctx, off + 20, hlen - 20)})`;
    // the header checksum is verified whenever the whole header was captured
    const computed = foldComplement(sum16(ctx.buf, off, hlen));
    if (computed !== 0) {
      const field = ctx.u16(off + 10);
      s += `, bad cksum ${field.toString(16)} (->${shouldBe(field, computed).toString(16)})!`;
    }
    s += ')\n    ';
    ctx.out += s;
  }
  const info: IpInfo = {
    version: 4,
    srcOff: off + 12,
    dstOff: off + 16,
    src: ipv4(ctx.buf, off + 12),
    dst: ipv4(ctx.buf, off + 16),
    proto,
    ipOff: off,
    laterFragment: fragOff !== 0,
    fragmented: fragOff !== 0 || mf,
    printAddrs: true,
  };
  const poff = off + hlen;
  const plen = ipLen - hlen;
  if (fragOff !== 0) {
    ctx.out += `${info.src} > ${info.dst}: ip-proto-${proto}`;
    ctx.popEnd();
    return;
  }
  switch (proto) {
    case 6:
      printTcp(ctx, poff, plen, info);
      break;
    case 17:
      printUdp(ctx, poff, plen, info);
      break;
    case 1:
      ctx.out += `${info.src} > ${info.dst}: `;
      printIcmp(ctx, poff, plen, info);
      break;
    default:
      ctx.out += `${info.src} > ${info.dst}:  ip-proto-${proto} ${plen}`;
  }
  ctx.popEnd();
}

/** The checksum field value that would make the sum verify (RFC 1624 arithmetic). */
export function shouldBe(field: number, computed: number): number {
  let s = field + computed;
  s = (s & 0xffff) + (s >>> 16);
  s = (s & 0xffff) + (s >>> 16);
  return s;
}
