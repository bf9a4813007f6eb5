/**
 * UDP (RFC 768) as tcpdump 4.99.3 prints it, and the port dispatch to the printers we have.
 *
 * Rules found by experiment against tcpdump 4.99.3 (`len` is the length the IP layer gives):
 * - Ports not captured: `src > dst: ` and the truncation mark. Otherwise `src.sport > dst.dport: `
 *   (only `sport > dport: ` after IPv6 extension headers, when the IP layer printed addresses).
 * - `len` < 8: `truncated-udp LEN`. Header not fully captured: truncation mark.
 * - Length field < 8: `truncated-udplength ULEN` (no space: that is tcpdump's text).
 * - Length field <= len: the datagram is `ulen` bytes (IP padding is ignored).
 * - Checksum with -vv over IPv4 (-v is enough over IPv6), when the datagram is not a fragment
 *   and was captured whole: `[udp sum ok] `, `[bad udp cksum 0xFIELD -> 0xRIGHT!] `, and over
 *   IPv4 a zero field is `[no cksum] `. It covers min(ulen, len) bytes.
 * - Length field > len: a port tcpdump decodes is decoded over `len` bytes; any other port prints
 *   `UDP, bad length ULEN-8 > LEN-8`, except in a first fragment (MF set): `UDP, length ULEN-8`.
 * - Port 443 is not decoded as QUIC by default (`UDP, length N`).
 */

import type { Ctx, IpInfo } from './ctx.js';
import { sum16, pseudoHeaderSum, foldComplement } from '../../net/checksum.js';
import { printDns } from './dns.js';
import { JUMP_TRUNC } from './hexdump.js';

/**
 * Every UDP port that tcpdump 4.99.3 hands to a protocol printer by default (either direction,
 * IPv4 and IPv6 alike), found by sending a datagram to and from each of the 65535 ports. We
 * decode only 53 (DNS), 5353 (mDNS) and 123 (NTP); a datagram on another of these ports gets
 * `UDP, length N` from us where tcpdump prints its protocol.
 */
export const TCPDUMP_UDP_PORTS: readonly number[] = [
  53, 67, 68, 69, 88, 123, 161, 162, 319, 320, 496, 500, 514, 520, 521, 525, 546, 547, 646, 654, 698,
  701, 750, 921, 1589, 1645, 1646, 1700, 1701, 1812, 1813, 1985, 2049, 2103, 2104, 3456, 3503, 3784,
  3785, 3799, 4342, 4500, 4567, 4784, 4789, 4790, 5060, 5353, 5359, 6081, 6343, 6635, 6696, 6697, 6784,
  7000, 7001, 7002, 7003, 7004, 7005, 7006, 7007, 7008, 7009, 7500, 8231, 8472, 8500, 12222, 12223,
  17754, 30490, 49152,
];

/**
 * Ports whose printer tcpdump tries before NTP's: a datagram between 123 and one of these is not
 * printed as NTP (found by pairing 123 with every port above).
 */
function beatsNtp(p: number): boolean {
  switch (p) {
    case 53: case 67: case 68: case 69: case 161: case 162: case 500: case 520: case 525: case 654:
    case 2049: case 4500: case 5353: case 7500: case 8500:
      return true;
    default:
      return false;
  }
}

export function printUdp(ctx: Ctx, off: number, len: number, ip: IpInfo): void {
  ctx.protocol = 'udp';
  const buf = ctx.buf;
  if (!ctx.has(off, 4)) {
    if (ip.printAddrs) ctx.out += ip.src + ' > ' + ip.dst + ': ';
    ctx.trunc();
  }
  const sport = (buf[off] << 8) | buf[off + 1];
  const dport = (buf[off + 2] << 8) | buf[off + 3];
  if (ip.printAddrs) ctx.out += ip.src + '.' + sport + ' > ' + ip.dst + '.' + dport + ': ';
  else ctx.out += sport + ' > ' + dport + ': ';
  if (len < 8) {
    ctx.out += 'truncated-udp ' + len;
    return;
  }
  ctx.need(off, 8);
  const ulen = (buf[off + 4] << 8) | buf[off + 5];
  if (ulen < 8) {
    ctx.out += 'truncated-udplength ' + ulen;
    return;
  }
  // a first fragment carries only part of the datagram its length field describes: no
  // complaint, and `UDP, length` still gives the length field
  const badLength = ulen > len && !ip.fragmented;
  if (ulen <= len) len = ulen;

  if (!ip.fragmented && (ip.version === 6 ? ctx.opts.vflag > 0 : ctx.opts.vflag > 1) && ctx.has(off, len)) {
    const field = (buf[off + 6] << 8) | buf[off + 7];
    if (ip.version === 4 && field === 0) {
      ctx.out += '[no cksum] ';
    } else {
      const computed = foldComplement(
        sum16(buf, off, len, pseudoHeaderSum(buf, ip.version, ip.srcOff, ip.dstOff, 17, len)),
      );
      if (computed === 0) ctx.out += '[udp sum ok] ';
      else ctx.out += '[bad udp cksum ' + hex4(field) + ' -> ' + hex4(shouldBe(field, computed)) + '!] ';
    }
  }

  const poff = off + 8;
  const plen = len - 8;
  if (sport === 53 || dport === 53) {
    printDns(ctx, poff, plen, false);
    return;
  }
  if (sport === 5353 || dport === 5353) {
    printDns(ctx, poff, plen, true);
    return;
  }
  if ((sport === 123 && !beatsNtp(dport)) || (dport === 123 && !beatsNtp(sport))) {
    printNtp(ctx, poff, plen);
    return;
  }
  ctx.protocol = 'udp';
  if (badLength) ctx.out += 'UDP, bad length ' + (ulen - 8) + ' > ' + plen;
  else ctx.out += 'UDP, length ' + (ulen - 8);
}

/** `0x%04x`. */
export function hex4(v: number): string {
  return '0x' + (v + 0x10000).toString(16).slice(1);
}

/**
 * The checksum field value that would have verified, as tcpdump prints it after `->`: the
 * ones'-complement sum (end-around carry, no final complement) of the field and the computed
 * complement. Verified against tcpdump: a datagram whose right value is 0 shows `-> 0xffff`.
 */
export function shouldBe(field: number, computed: number): number {
  let s = field + computed;
  s = (s & 0xffff) + (s >>> 16);
  return (s & 0xffff) + (s >>> 16);
}

const NTP_MODES = [
  'unspecified',
  'symmetric active',
  'symmetric passive',
  'Client',
  'Server',
  'Broadcast',
  'Control Message',
  'Reserved',
];

/**
 * NTP (RFC 5905) at default verbosity: `NTPv4, Client, length 48`, from the first byte only
 * (version bits 3-5, mode bits 0-2), whatever the length. The -v detail lines are not done yet.
 */
function printNtp(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'ntp';
  // tcpdump abandons a packet whose NTP byte is missing the longjmp way (see hexdump.ts)
  if (!ctx.has(off, 1)) throw JUMP_TRUNC;
  const b = ctx.buf[off];
  ctx.out += 'NTPv' + ((b >> 3) & 7) + ', ' + NTP_MODES[b & 7] + ', length ' + len;
}
