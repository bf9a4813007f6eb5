/** Link layers as tcpdump prints them without -e: Ethernet (+802.1Q/802.1ad), Linux SLL/SLL2, BSD null/loop, raw IP. */
import { Ctx } from './ctx.js';
import { mac, hex4 } from './addr.js';
import { printIp } from './ip.js';
import { printIp6 } from './ip6.js';
import { printArp, ETHERTYPE_NAMES } from './arp.js';
import { dumpBytes } from './hexdump.js';

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LOOP: 108,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;


export interface LinkHooks {
  /** Interface name for an SLL2 interface index, as the local machine names it (tcpdump uses if_indextoname). */
  ifName?(index: number): string | undefined;
}

/**
 * Print the packet's link layer and what it carries. Returns the link header length (for -x),
 * or -1 when no network layer was reached.
 */
export function printLink(ctx: Ctx, linkType: number, hooks: LinkHooks): number {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return printEther(ctx);
    case LINKTYPE.LINUX_SLL:
      return printSll(ctx);
    case LINKTYPE.LINUX_SLL2:
      return printSll2(ctx, hooks);
    case LINKTYPE.NULL:
    case LINKTYPE.LOOP:
      return printNull(ctx, linkType);
    case LINKTYPE.RAW:
    case 12: // DLT_RAW on some BSDs, as libpcap maps it
    case 14:
      return printRaw(ctx, 0);
    case LINKTYPE.IPV4:
      ctx.protocol = 'ip';
      printIp(ctx, 0, ctx.end);
      return 0;
    case LINKTYPE.IPV6:
      ctx.protocol = 'ip6';
      printIp6(ctx, 0, ctx.end);
      return 0;
    default:
      ctx.out += `unsupported link type ${linkType}`;
      return -1;
  }
}

/** Dispatch on an ethertype. Returns false when tcpdump has no printer for it (caller prints the unknown form). */
function etherPayload(ctx: Ctx, type: number, off: number, len: number): boolean {
  ctx.linkLen = off;
  switch (type) {
    case 0x0800:
      ctx.protocol = 'ip';
      printIp(ctx, off, len);
      return true;
    case 0x86dd:
      ctx.protocol = 'ip6';
      printIp6(ctx, off, len);
      return true;
    case 0x0806:
    case 0x8035:
      ctx.protocol = 'arp';
      printArp(ctx, off, len);
      return true;
    default:
      return false;
  }
}

function etherTypeText(type: number): string {
  return `ethertype ${ETHERTYPE_NAMES.get(type) ?? 'Unknown'} (${hex4(type)})`;
}

function unknownPayload(ctx: Ctx, off: number): void {
  if (off < ctx.end) ctx.out += dumpBytes(ctx.buf, off, ctx.end - off, true);
}

function printEther(ctx: Ctx): number {
  ctx.protocol = 'ether';
  ctx.need(0, 14);
  let off = 12;
  let type = ctx.u16(off);
  off += 2;
  const e = ctx.opts.eflag;
  if (e) ctx.out += `${mac(ctx.buf, 6)} > ${mac(ctx.buf, 0)}, ${etherTypeText(type)}, length ${ctx.wireLen}: `;
  // 802.1Q / 802.1ad tags: tcpdump prints nothing for them without -e
  while (type === 0x8100 || type === 0x88a8 || type === 0x9100) {
    const tci = ctx.u16(off);
    type = ctx.u16(off + 2);
    if (e) ctx.out += `vlan ${tci & 0xfff}, p ${tci >> 13}${tci & 0x1000 ? ', DEI' : ''}, ${etherTypeText(type)}, `;
    off += 4;
  }
  let len = ctx.wireLen - off;
  if (type <= 1500) {
    // 802.3 length field: the frame holds `type` bytes of LLC; anything after is padding
    len = type;
    ctx.pushEnd(off + type);
    if (ctx.has(off, 8) && ctx.buf[off] === 0xaa && ctx.buf[off + 1] === 0xaa && ctx.buf[off + 2] === 0x03) {
      const et = (ctx.buf[off + 6] << 8) | ctx.buf[off + 7];
      if (etherPayload(ctx, et, off + 8, len - 8)) return off + 8;
    }
    ctx.out += `${mac(ctx.buf, 6)} > ${mac(ctx.buf, 0)}, 802.3, length ${ctx.wireLen}: `;
    unknownPayload(ctx, off);
    return off;
  }
  if (!etherPayload(ctx, type, off, len)) {
    if (!e) ctx.out += `${mac(ctx.buf, 6)} > ${mac(ctx.buf, 0)}, ${etherTypeText(type)}, length ${ctx.wireLen}: `;
    unknownPayload(ctx, off);
  }
  return off;
}

function printSll(ctx: Ctx): number {
  ctx.protocol = 'sll';
  ctx.need(0, 16);
  const proto = ctx.u16(14);
  if (ctx.opts.eflag) {
    const pkttype = ctx.u16(0);
    const halen = ctx.u16(4);
    ctx.out += `${(SLL_PKTTYPE[pkttype] ?? '?').padStart(3)} ${mac(ctx.buf, 6, Math.min(halen, 8))} ${etherTypeText(proto)}, length ${ctx.wireLen}: `;
  }
  if (!etherPayload(ctx, proto, 16, ctx.wireLen - 16)) {
    ctx.out += `ethertype Unknown (${hex4(proto)}), length ${ctx.wireLen}: `;
    unknownPayload(ctx, 16);
  }
  return 16;
}

const SLL_PKTTYPE = ['In', 'B', 'M', 'P', 'Out'];

function printSll2(ctx: Ctx, hooks: LinkHooks): number {
  ctx.protocol = 'sll2';
  ctx.need(0, 20);
  const proto = ctx.u16(0);
  const ifindex = ctx.u32(4);
  const pkttype = ctx.buf[10];
  const name = hooks.ifName?.(ifindex) ?? '?';
  ctx.out += name.padEnd(5) + ' ' + (SLL_PKTTYPE[pkttype] ?? '?').padEnd(3) + ' ';
  const halen = ctx.buf[11];
  const header = `ifindex ${ifindex} ${mac(ctx.buf, 12, Math.min(halen, 8))} ${etherTypeText(proto)}, length ${ctx.wireLen}: `;
  if (ctx.opts.eflag) ctx.out += header;
  if (!etherPayload(ctx, proto, 20, ctx.wireLen - 20)) {
    if (!ctx.opts.eflag) ctx.out += header;
    unknownPayload(ctx, 20);
  }
  return 20;
}

function printNull(ctx: Ctx, linkType: number): number {
  ctx.protocol = linkType === LINKTYPE.LOOP ? 'loop' : 'null';
  ctx.need(0, 4);
  let family: number;
  if (linkType === LINKTYPE.LOOP) family = ctx.u32(0);
  else {
    // host byte order of the capturing machine: if the high half is set, it was the other order
    family = ctx.le32(0);
    if ((family & 0xffff0000) !== 0) family = ctx.u32(0);
  }
  ctx.linkLen = 4;
  if (ctx.opts.eflag) {
    const fam = family === 2 ? 'IPv4' : family === 24 || family === 28 || family === 30 ? 'IPv6' : 'Unknown';
    ctx.out += `AF ${fam} (${family}), length ${ctx.wireLen}: `;
  }
  switch (family) {
    case 2:
      ctx.protocol = 'ip';
      printIp(ctx, 4, ctx.wireLen - 4);
      return 4;
    case 24:
    case 28:
    case 30:
      ctx.protocol = 'ip6';
      printIp6(ctx, 4, ctx.wireLen - 4);
      return 4;
    default:
      ctx.out += `AF ${family}, length ${ctx.wireLen}: `;
      unknownPayload(ctx, 4);
      return 4;
  }
}

function printRaw(ctx: Ctx, off: number): number {
  ctx.protocol = 'raw';
  const v = ctx.u8(off) >> 4;
  if (v === 6) {
    ctx.protocol = 'ip6';
    printIp6(ctx, off, ctx.wireLen - off);
  } else if (v === 4) {
    ctx.protocol = 'ip';
    printIp(ctx, off, ctx.wireLen - off);
  } else {
    ctx.out += `unknown ip ${v}`;
  }
  return off;
}
