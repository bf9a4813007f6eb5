/** IPv6 as tcpdump 4.99 prints it, with the extension headers it names (HBH, DSTOPT, RT6, frag). */
import { Ctx, IpInfo } from './ctx.js';
import { ipv6 } from './addr.js';
import { IPPROTO_NAMES } from './ip.js';
import { printTcp } from './tcp.js';
import { printUdp } from './udp.js';
import { printIcmp6 } from './icmp6.js';

/** tcpdump -v names next headers in the IPv6 line with these (others via the IP protocol table). */
const NH_NAMES: Record<number, string> = {
  0: 'Options',
  6: 'TCP',
  17: 'UDP',
  43: 'Routing',
  44: 'Fragment',
  58: 'ICMPv6',
};

/** Hop-by-hop / destination options (-v lists each; without -v only the header name is printed). */
function optionList(ctx: Ctx, off: number, len: number): string {
  let s = '';
  let i = 0;
  while (i < len) {
    const t = ctx.u8(off + i);
    if (t === 0) {
      s += '(pad1)';
      i++;
      continue;
    }
    const ol = ctx.u8(off + i + 1);
    switch (t) {
      case 1:
        s += '(padn)';
        break;
      case 5:
        s += `(rtalert: 0x${ctx.u16(off + i + 2).toString(16).padStart(4, '0')}) `;
        break;
      case 0xc2:
        s += `(jumbo: ${ctx.u32(off + i + 2)} ) `;
        break;
      default:
        s += `(type 0x${t.toString(16).padStart(2, '0')}: len=${ol})`;
    }
    i += ol + 2;
  }
  return s;
}

export function printIp6(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'ip6';
  const e = ctx.opts.eflag && ctx.linkLen > 0;
  // a header cut short prints no "IP6" at all, only the mark
  ctx.need(off, 40);
  const version = ctx.buf[off] >> 4;
  if (version !== 6) {
    ctx.out += (e ? '' : 'IP6') + ` version error: ${version} != 6`;
    return;
  }
  if (!e) ctx.out += 'IP6 ';
  const w0 = ctx.u32(off);
  const payloadLen = ctx.u16(off + 4);
  let nh = ctx.buf[off + 6];
  const hlim = ctx.buf[off + 7];
  let total = payloadLen + 40;
  if (total > len) {
    ctx.out += `truncated-ip6 - ${total - len} bytes missing!`;
    total = len;
  }
  ctx.pushEnd(off + total);
  if (ctx.opts.vflag > 0) {
    const cls = (w0 >>> 20) & 0xff;
    const flow = w0 & 0xfffff;
    let s = '(';
    if (cls) s += `class 0x${cls.toString(16)}, `;
    if (flow) s += `flowlabel 0x${flow.toString(16).padStart(5, '0')}, `;
    s += `hlim ${hlim}, next-header ${NH_NAMES[nh] ?? IPPROTO_NAMES[nh] ?? 'unknown'} (${nh}) payload length: ${payloadLen}) `;
    ctx.out += s;
  }
  const src = ipv6(ctx.buf, off + 8);
  const dst = ipv6(ctx.buf, off + 24);
  const info: IpInfo = {
    version: 6,
    srcOff: off + 8,
    dstOff: off + 24,
    src,
    dst,
    proto: nh,
    ipOff: -1,
    laterFragment: false,
    fragmented: false,
    printAddrs: true,
  };
  let p = off + 40;
  const stop = off + total;
  for (;;) {
    switch (nh) {
      case 6:
        info.proto = 6;
        printTcp(ctx, p, stop - p, info);
        ctx.popEnd();
        return;
      case 17:
        info.proto = 17;
        printUdp(ctx, p, stop - p, info);
        ctx.popEnd();
        return;
      case 58:
        info.proto = 58;
        if (info.printAddrs) ctx.out += `${src} > ${dst}: `;
        printIcmp6(ctx, p, stop - p, info);
        ctx.popEnd();
        return;
      case 0:
      case 60: {
        if (info.printAddrs) ctx.out += `${src} > ${dst}: `;
        info.printAddrs = false;
        ctx.protocol = nh === 0 ? 'hbhopt' : 'dstopt';
        const next = ctx.u8(p);
        const hl = (ctx.u8(p + 1) + 1) * 8;
        ctx.need(p, hl);
        ctx.out += nh === 0 ? 'HBH ' : 'DSTOPT ';
        if (ctx.opts.vflag > 0) ctx.out += optionList(ctx, p + 2, hl - 2) + ' ';
        nh = next;
        p += hl;
        break;
      }
      case 43: {
        if (info.printAddrs) ctx.out += `${src} > ${dst}: `;
        info.printAddrs = false;
        ctx.protocol = 'rt6';
        const next = ctx.u8(p);
        const hlw = ctx.u8(p + 1);
        const type = ctx.u8(p + 2);
        const segleft = ctx.u8(p + 3);
        const hl = (hlw + 1) * 8;
        let s = `RT6 (len=${hlw}, type=${type}`;
        if (type === 0) {
          s += ' [Deprecated]';
          s += `, segleft=${segleft}`;
          if (ctx.opts.vflag > 0) s += `, rsv=0x${ctx.u32(p + 4).toString(16)}`;
          const n = hlw >> 1;
          for (let i = 0; i < n; i++) {
            ctx.need(p + 8 + 16 * i, 16);
            s += `, [${i}]${ipv6(ctx.buf, p + 8 + 16 * i)}`;
          }
          s += ') ';
        } else {
          s += `, segleft=${segleft}) `;
        }
        ctx.out += s;
        nh = next;
        p += hl;
        break;
      }
      case 44: {
        if (info.printAddrs) ctx.out += `${src} > ${dst}: `;
        info.printAddrs = false;
        ctx.protocol = 'frag6';
        ctx.need(p, 8);
        const next = ctx.buf[p];
        const offw = ctx.u16(p + 2);
        const ident = ctx.u32(p + 4);
        const foff = offw & 0xfff8;
        const fragLen = stop - p - 8;
        ctx.out += 'frag (';
        if (ctx.opts.vflag > 0) ctx.out += `0x${ident.toString(16).padStart(8, '0')}:`;
        ctx.out += `${foff}|${fragLen})`;
        info.fragmented = true;
        if (foff !== 0) {
          info.laterFragment = true;
          ctx.popEnd();
          return;
        }
        ctx.out += ' ';
        nh = next;
        p += 8;
        break;
      }
      case 59:
        if (info.printAddrs) ctx.out += `${src} > ${dst}: `;
        ctx.out += 'no next header';
        ctx.popEnd();
        return;
      default:
        if (info.printAddrs) ctx.out += `${src} > ${dst}: `;
        ctx.out += `ip-proto-${nh} ${stop - p}`;
        ctx.popEnd();
        return;
    }
  }
}
