// Placeholder until the ICMPv6 printer lands (being written in parallel).
import type { Ctx, IpInfo } from './ctx.js';
export function printIcmp6(ctx: Ctx, off: number, len: number, ip: IpInfo): void {
  ctx.protocol = 'icmp6';
  ctx.out += `ICMP6, type ${ctx.u8(off)}, length ${len}`;
  void ip;
}
