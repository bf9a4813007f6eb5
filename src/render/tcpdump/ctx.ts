/**
 * The state one tcpdump-style line is printed with.
 *
 * tcpdump's printers stop at the first byte they need that was not captured and print
 * ` [|proto]`, where proto names the printer that was running. We do the same: checked reads
 * throw `Truncated`, the top level catches it once and appends the mark (STYLE §4: one truncation
 * exit). Unchecked reads (`buf[i]`) are for bytes a caller has already checked.
 */

export interface TcpdumpOptions {
  /** Number of -t flags: 0 = default (local HH:MM:SS.frac), 1 = none, 2 = epoch, 3 = delta from previous, 4 = date and time, 5 = delta from first. */
  tflag: number;
  /** Number of -v flags. */
  vflag: number;
  /** Number of -x flags (hex of the link-layer payload; 2 = with link header, as -xx). */
  xflag: number;
  /** Number of -X flags (hex and ASCII). */
  Xflag: number;
  /** Print nanoseconds (--nano / --time-stamp-precision=nano). */
  nano: boolean;
  /** -e: print the link-level header. */
  eflag: boolean;
  /** -q: quick (less protocol information). */
  qflag: boolean;
  /** -S: absolute TCP sequence numbers. */
  Sflag: boolean;
}

export const defaultTcpdumpOptions = (): TcpdumpOptions => ({
  tflag: 0,
  vflag: 0,
  xflag: 0,
  Xflag: 0,
  nano: false,
  eflag: false,
  qflag: false,
  Sflag: false,
});

/** Thrown by checked reads past the captured end; caught once per packet. */
export class Truncated extends Error {
  constructor() {
    super('truncated');
  }
}
const TRUNC = new Truncated();

/** What the IP layer tells the transport and ICMP printers. */
export interface IpInfo {
  version: 4 | 6;
  /** Offsets of the source and destination addresses inside ctx.buf (for checksums). */
  srcOff: number;
  dstOff: number;
  /** Addresses as tcpdump -n prints them. */
  src: string;
  dst: string;
  /** Next protocol (IPv4 protocol or IPv6 final next header). */
  proto: number;
  /** IPv4 header offset inside ctx.buf (for ICMP quoting); -1 for IPv6. */
  ipOff: number;
  /** True when this is a fragment other than the first (no transport header present). */
  laterFragment: boolean;
  /** True when more fragments follow (MF set) or the datagram is otherwise incomplete. */
  fragmented: boolean;
  /**
   * True when the transport printer must print the addresses with its ports
   * (`10.0.0.1.1234 > 10.0.0.2.443: `). False after IPv6 extension headers, where the IP layer
   * already printed `2001:db8::1 > 2001:db8::2: HBH ` and tcpdump prints only `1234 > 443: `.
   */
  printAddrs: boolean;
}

export class Ctx {
  /** The packet's bytes (the frame's data). */
  buf: Uint8Array = new Uint8Array(0);
  /** Captured end: reads at or past this index are truncated (tcpdump's snapend). */
  end = 0;
  /** The text printed so far for this packet. */
  out = '';
  /** Name of the printer that is running, used in ` [|name]`. */
  protocol = '';
  /** The frame's original (wire) length. */
  wireLen = 0;
  /** Length of the link-layer header once known (where -x starts dumping). */
  linkLen = 0;
  /** What the TCP printer saw in this packet (-1 when it saw no TCP header), for annotations. */
  tcpFlags = -1;
  tcpPayload = 0;
  /** Addresses and ports of the TCP segment (null when none); tcpKey is built from them on demand. */
  tcpIp: IpInfo | null = null;
  tcpSport = 0;
  tcpDport = 0;

  /** Connection key (`src.port>dst.port`) of the TCP segment, '' when none. Only annotations need it. */
  get tcpKey(): string {
    const ip = this.tcpIp;
    return ip === null ? '' : `${ip.src}.${this.tcpSport}>${ip.dst}.${this.tcpDport}`;
  }
  private ends: number[] = [];
  /** tcpdump's relative-sequence table (tcp.ts); lives as long as the printer, as tcpdump's does. */
  readonly tcpSeq = { map: new Map<string, { lo: number; hi: number }>() };

  constructor(readonly opts: TcpdumpOptions) {}

  reset(buf: Uint8Array, capLen: number, wireLen: number): void {
    this.buf = buf;
    this.end = capLen;
    this.out = '';
    this.protocol = '';
    this.wireLen = wireLen;
    this.linkLen = 0;
    this.tcpFlags = -1;
    this.tcpPayload = 0;
    this.tcpIp = null;
    this.ends.length = 0;
  }

  /** Narrow the captured end to `newEnd` (never widen it); undo with popEnd. tcpdump's nd_push_snaplen. */
  pushEnd(newEnd: number): void {
    this.ends.push(this.end);
    if (newEnd < this.end) this.end = newEnd;
  }

  popEnd(): void {
    const e = this.ends.pop();
    if (e !== undefined) this.end = e;
  }

  /** True when bytes [off, off+n) were captured. */
  has(off: number, n: number): boolean {
    return off >= 0 && off + n <= this.end;
  }

  /** Throw Truncated unless [off, off+n) was captured. */
  need(off: number, n: number): void {
    if (off < 0 || off + n > this.end) throw TRUNC;
  }

  /** Throw Truncated (after the caller printed what it could). */
  trunc(): never {
    throw TRUNC;
  }

  u8(off: number): number {
    if (off < 0 || off + 1 > this.end) throw TRUNC;
    return this.buf[off];
  }

  u16(off: number): number {
    if (off < 0 || off + 2 > this.end) throw TRUNC;
    return (this.buf[off] << 8) | this.buf[off + 1];
  }

  u24(off: number): number {
    if (off < 0 || off + 3 > this.end) throw TRUNC;
    return (this.buf[off] << 16) | (this.buf[off + 1] << 8) | this.buf[off + 2];
  }

  u32(off: number): number {
    if (off < 0 || off + 4 > this.end) throw TRUNC;
    return ((this.buf[off] << 24) | (this.buf[off + 1] << 16) | (this.buf[off + 2] << 8) | this.buf[off + 3]) >>> 0;
  }

  le16(off: number): number {
    if (off < 0 || off + 2 > this.end) throw TRUNC;
    return this.buf[off] | (this.buf[off + 1] << 8);
  }

  le32(off: number): number {
    if (off < 0 || off + 4 > this.end) throw TRUNC;
    return (this.buf[off] | (this.buf[off + 1] << 8) | (this.buf[off + 2] << 16) | (this.buf[off + 3] << 24)) >>> 0;
  }
}
