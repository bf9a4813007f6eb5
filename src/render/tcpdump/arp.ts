/**
 * ARP and RARP (RFC 826, RFC 903, RFC 2390 InARP) as tcpdump 4.99.3 prints them.
 *
 * Rules found by experiment against tcpdump 4.99.3:
 * - The fixed 8 bytes and all four addresses must be captured, or nothing but ` [|arp]` is
 *   printed (not even `ARP, `), and tcpdump abandons the packet the longjmp way (the -x dump
 *   then starts at the frame's first byte: see hexdump.ts).
 * - `ARP, ` is printed unless -e (the link layer then already named the ethertype). RARP frames
 *   (ethertype 0x8035) print the same way, `ARP, ` included.
 * - Without -v, a packet whose protocol is not IPv4 (0x0800, or 0x1000 "Trail"), whose protocol
 *   address length is not 4, or whose hardware address length is 0 prints only
 *   `HW (len h), PROTO (len p), length N`. With -v that prefix (plus `, `) comes first always, and
 *   the addresses print as `<wrong proto type>`, `<wrong len>`, `<empty>`.
 * - An unknown operation prints `Unknown (op) ` (or `NACK Reply `) followed by a hex-and-ASCII
 *   dump of the captured ARP bytes and no length.
 * - Hardware type 19 (ATM, RFC 2225) has another layout; it is not decoded here (see report).
 */

import type { Ctx } from './ctx.js';
import { ipv4, mac } from './addr.js';
import { dumpBytes, asJump, JUMP_TRUNC } from './hexdump.js';

const HARDWARE: Record<number, string> = {
  1: 'Ethernet',
  6: 'TokenRing',
  7: 'ArcNet',
  15: 'FrameRelay',
  23: 'Strip',
  24: 'IEEE 1394',
  32: 'InfiniBand',
};

/**
 * Ethertype names as tcpdump 4.99.3 prints them (`ethertype IPv4 (0x0800)` with -e, ARP protocol
 * types with -v). Enumerated by printing every 16-bit value as an ARP protocol type.
 */
export const ETHERTYPE_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00fe, 'GRE-OSI'],
  [0x0200, 'PUP'],
  [0x0500, 'Sprite'],
  [0x0600, 'NS'],
  [0x0707, 'GeoNet (old)'],
  [0x0800, 'IPv4'],
  [0x0806, 'ARP'],
  [0x1000, 'Trail'],
  [0x1111, 'CALM FAST'],
  [0x6001, 'MOP DL'],
  [0x6002, 'MOP RC'],
  [0x6003, 'DN'],
  [0x6004, 'LAT'],
  [0x6007, 'SCA'],
  [0x6558, 'TEB'],
  [0x8035, 'Reverse ARP'],
  [0x8038, 'Lanbridge'],
  [0x803c, 'DEC DNS'],
  [0x803e, 'DEC DTS'],
  [0x805b, 'VEXP'],
  [0x805c, 'VPROD'],
  [0x809b, 'Appletalk'],
  [0x80f3, 'Appletalk ARP'],
  [0x8100, '802.1Q'],
  [0x8137, 'IPX'],
  [0x86dd, 'IPv6'],
  [0x8808, 'MPCP'],
  [0x8809, 'Slow Protocols'],
  [0x880b, 'PPP'],
  [0x8847, 'MPLS unicast'],
  [0x8848, 'MPLS multicast'],
  [0x8863, 'PPPoE D'],
  [0x8864, 'PPPoE S'],
  [0x886f, 'MS NLB heartbeat'],
  [0x8870, 'Jumbo'],
  [0x888e, 'EAPOL'],
  [0x8899, 'Realtek protocols'],
  [0x88a2, 'AoE'],
  [0x88a8, '802.1Q-QinQ'],
  [0x88ca, 'TIPC'],
  [0x88cc, 'LLDP'],
  [0x88e5, '802.1AE MACsec'],
  [0x88f7, 'PTP'],
  [0x8902, 'CFM'],
  [0x893a, 'IEEE1905.1'],
  [0x8947, 'GeoNet'],
  [0x894f, 'NSH'],
  [0x9000, 'Loopback'],
  [0x9100, '802.1Q-9100'],
  [0x9200, '802.1Q-9200'],
  [0xabcd, 'CFM (old)'],
  [0xd28b, 'Arista Vendor Specific Protocol'],
  [0xfefe, 'OSI'],
]);

const hex4 = (v: number): string => '0x' + (v + 0x10000).toString(16).slice(1);

function hardwareName(t: number): string {
  return HARDWARE[t] ?? `Unknown Hardware (${t})`;
}

function protoName(t: number): string {
  return ETHERTYPE_NAMES.get(t) ?? `Unknown Protocol (${hex4(t)})`;
}

/**
 * Print the ARP packet at `off`; `len` is the length the link layer hands over (Ethernet
 * padding included, as tcpdump's `length 46`).
 */
export function printArp(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'arp';
  const buf = ctx.buf;
  let htype: number, ptype: number, hlen: number, plen: number, op: number;
  try {
    htype = ctx.u16(off);
    ptype = ctx.u16(off + 2);
    hlen = ctx.u8(off + 4);
    plen = ctx.u8(off + 5);
    op = ctx.u16(off + 6);
    // all four addresses must be there before anything is printed
    ctx.need(off + 8, 2 * hlen + 2 * plen);
  } catch (e) {
    asJump(e);
  }
  if (htype === 19) {
    // ATM ARP (RFC 2225) uses another layout that we do not decode; tcpdump's reading of a
    // packet that is not ATM ARP ends in the truncation mark, which is the likeliest line.
    throw JUMP_TRUNC;
  }
  const sha = off + 8;
  const spa = sha + hlen;
  const tha = spa + plen;
  const tpa = tha + hlen;
  const ipProto = ptype === 0x0800 || ptype === 0x1000;

  let s = ctx.opts.eflag ? '' : 'ARP, ';
  const header = `${hardwareName(htype)} (len ${hlen}), ${protoName(ptype)} (len ${plen})`;
  if (ctx.opts.vflag > 0) {
    s += header + ', ';
  } else if (!ipProto || plen !== 4 || hlen === 0) {
    ctx.out += s + header + ', length ' + len;
    return;
  }

  const paddr = (at: number): string => (!ipProto ? '<wrong proto type>' : plen !== 4 ? '<wrong len>' : ipv4(buf, at));
  const haddr = (at: number): string => (hlen === 0 ? '<empty>' : mac(buf, at, hlen));

  switch (op) {
    case 1: {
      s += 'Request who-has ' + paddr(tpa);
      let zero = true;
      for (let i = 0; i < hlen; i++) if (buf[tha + i] !== 0) zero = false;
      if (!zero) s += ' (' + haddr(tha) + ')';
      s += ' tell ' + paddr(spa);
      break;
    }
    case 2:
      s += 'Reply ' + paddr(spa) + ' is-at ' + haddr(sha);
      break;
    case 3:
      s += 'Reverse Request who-is ' + haddr(tha) + ' tell ' + haddr(sha);
      break;
    case 4:
      s += 'Reverse Reply ' + haddr(tha) + ' at ' + paddr(tpa);
      break;
    case 8:
      s += 'Inverse Request who-is ' + haddr(tha) + ' tell ' + haddr(sha);
      break;
    case 9:
      s += 'Inverse Reply ' + haddr(sha) + ' at ' + paddr(spa);
      break;
    default: {
      s += op === 10 ? 'NACK Reply ' : `Unknown (${op}) `;
      // the dump covers the ARP bytes that were captured, padding included
      const avail = ctx.end - off;
      ctx.out += s + dumpBytes(buf, off, len < avail ? len : avail, true);
      return;
    }
  }
  ctx.out += s + ', length ' + len;
}
