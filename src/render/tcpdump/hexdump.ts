/**
 * tcpdump's -x / -xx / -X / -XX packet dumps.
 *
 * What tcpdump 4.99.3 dumps, found by experiment:
 * - -x and -X dump from the end of the link-layer header to the captured end; -xx and -XX from the
 *   first byte of the frame. Ethernet padding and bytes past the IP total length are included
 *   (the dump covers the capture, not the datagram).
 * - -X wins over -x, and two of either (-xx, -XX, -xxX, -xXX) dump the link header too.
 * - Each line is `\n\t0x%04x: ` followed by 16 bytes as ` xxxx` groups (an odd last byte as ` xx`);
 *   -X pads the hex part to 8 groups and appends two spaces and the bytes 0x21..0x7e as
 *   themselves, every other byte (space included) as `.`.
 * - Where the dump starts when a printer ran out of captured bytes depends on how tcpdump's
 *   printer gave up: see `JumpTruncated`.
 */

import { Truncated, type Ctx } from './ctx.js';

/**
 * A truncation that tcpdump signals by abandoning the whole packet (its longjmp exit) rather than
 * by printing the mark and returning. The text is the same (` [|proto]`), but tcpdump then no
 * longer knows the link-layer header length, so -x/-X dump the frame from byte 0 as -xx/-XX do.
 * Seen with: ARP, ICMPv6, the TCP payload printers (HTTP and the other text protocols), and
 * Ethernet with exactly 14 captured bytes. Not with: DNS, ICMP, UDP, IPv4, which print the mark
 * and return (dump from the network header).
 * The top level catches it as a `Truncated` and passes linkHeaderLen 0 to `hexDump`.
 */
export class JumpTruncated extends Truncated {}
export const JUMP_TRUNC = new JumpTruncated();

/** Rethrow a `Truncated` from a longjmp-style printer as `JUMP_TRUNC`; anything else unchanged. */
export function asJump(e: unknown): never {
  if (e instanceof Truncated) throw JUMP_TRUNC;
  throw e;
}

const HEX = '0123456789abcdef';

/**
 * The dump text to append after the packet's line, or '' when no -x/-X flag is set.
 * `linkHeaderLen` is where -x/-X start (0 after a JumpTruncated); nothing is dumped when the
 * capture ends at or before it (tcpdump prints nothing for a frame shorter than its link header).
 */
export function hexDump(ctx: Ctx, frameData: Uint8Array, capLen: number, linkHeaderLen: number): string {
  const o = ctx.opts;
  if (o.xflag === 0 && o.Xflag === 0) return '';
  const withLink = o.xflag + o.Xflag > 1;
  const ascii = o.Xflag > 0;
  const start = withLink ? 0 : linkHeaderLen;
  if (start >= capLen) return '';
  return dumpBytes(frameData, start, capLen - start, ascii);
}

/** Lines for `len` bytes at `off`, offsets counted from 0; each line starts with `lead`. */
export function dumpBytes(buf: Uint8Array, off: number, len: number, ascii: boolean, lead = '\n\t'): string {
  let s = '';
  for (let line = 0; line < len; line += 16) {
    const n = len - line < 16 ? len - line : 16;
    s += lead + '0x' + offset(line) + ': ';
    let hexChars = 0;
    let text = '';
    for (let i = 0; i < n; i += 2) {
      const b = buf[off + line + i];
      if (i + 1 < n) {
        const c = buf[off + line + i + 1];
        s += ' ' + HEX[b >> 4] + HEX[b & 15] + HEX[c >> 4] + HEX[c & 15];
        hexChars += 5;
      } else {
        s += ' ' + HEX[b >> 4] + HEX[b & 15];
        hexChars += 3;
      }
    }
    if (ascii) {
      for (let i = 0; i < n; i++) {
        const b = buf[off + line + i];
        text += b > 0x20 && b < 0x7f ? String.fromCharCode(b) : '.';
      }
      // the hex column is 8 groups of 5 characters wide, then two spaces
      s += ' '.repeat(40 - hexChars + 2) + text;
    }
  }
  return s;
}

/** `%04x`: at least four lowercase hex digits. */
function offset(v: number): string {
  const h = v.toString(16);
  return h.length >= 4 ? h : '0000'.slice(h.length) + h;
}

/**
 * The hex-and-ASCII block tcpdump prints for a payload it has no printer for (unknown ethertype,
 * unknown ARP operation), offsets counted from the payload's first byte.
 */
export function hexAsciiBlock(buf: Uint8Array, off: number, len: number): string {
  return dumpBytes(buf, off, len, true);
}
