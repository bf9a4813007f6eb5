/**
 * CaptureParser: a push-style state machine that turns the bytes of a pcap or pcapng file, in
 * chunks of any size, into calls on a CaptureSink.
 *
 * The design follows undici's HTTP parser (STYLE §6): a unit (file header, packet record, block)
 * that lies inside one chunk is handed out as a view of that chunk; only a unit that straddles a
 * chunk seam is copied, into a carry buffer that holds at most one unit. Lengths are checked
 * against caps before anything is allocated on them, so memory is bounded by the largest
 * acceptable unit (16 MiB), never by the file.
 *
 * Because the partial unit at the end of a chunk is copied into the carry before push() returns,
 * the caller may reuse its chunk buffer for the next read (io/read-capture does).
 *
 * Contract with the sink: the Frame object passed to sink.frame() is the same object every time
 * and its `data` is a view of the caller's chunk or of the carry; both are valid only while the
 * callback runs. Copy what you keep. Bad bytes never throw: they end in one 'fatal' problem
 * (after which nothing more is emitted) or a 'warning'. Exceptions thrown by the sink itself
 * propagate out of push() and leave the parser in an unspecified state.
 */
import type { CaptureFormat, CaptureInterface, CaptureSink, Frame } from './types.js';
import type { PcapMagic } from './pcap.js';
import type { TsResolution } from './pcapng.js';
import * as pcap from './pcap.js';
import * as ng from './pcapng.js';

// Module-local copies of what the hot loops use. Under tsx (tests, `npm run tlslens`) imported
// bindings can be compiled to getter calls, which halved pcapng throughput when measured.
const { PCAP_FILE_HEADER_LEN, PCAP_MAX_CAPLEN, pcapMagic, readPcapFileHeader } = pcap;
const { BT_DSB, BT_EPB, BT_IDB, BT_OPB, BT_SHB, BT_SPB, BYTE_ORDER_MAGIC, PCAPNG_MAX_BLOCK, PCAPNG_MIN_BLOCK } = ng;
const { blockName, minBlockLen, readIdb, unitsToTime } = ng;

// Parser states. The unit each one expects:
const S_START: number = 0; // the first unit: a pcap file header or a pcapng Section Header Block
const S_PCAP: number = 1; // a pcap record: 16-byte header + captured bytes
const S_PCAPNG: number = 2; // a pcapng block
const S_HALTED: number = 3; // failed, stopped or finished: ignore everything

export interface CaptureParserOptions {
  /** Stop after this many frames (tcpdump's -c N): the parser stops itself as if stop() was called. */
  maxFrames?: number;
}

/** A pcapng interface as the block loop needs it. */
interface Iface {
  linkType: number;
  snapLen: number;
  resolution: TsResolution;
  tsOffset: number;
}

const EMPTY = new Uint8Array(0);
const EMPTY_DV = new DataView(EMPTY.buffer);
/** Smallest carry allocation, so small seams do not reallocate over and over. */
const CARRY_MIN = 64 * 1024;
/** After a unit bigger than this went through the carry, drop the carry to give the memory back. */
const CARRY_KEEP = 1024 * 1024;

const hex2 = (b: number) => '0x' + b.toString(16).padStart(2, '0');

export class CaptureParser {
  private readonly sink: CaptureSink;
  private state: number = S_START;
  private fmt: CaptureFormat | undefined = undefined;
  private isFailed = false;
  private isStopped = false;
  private isFinished = false;
  /** Byte order of the current pcap file / pcapng section. */
  private le = true;
  /** Absolute file offset of the next unit: everything before it has been fully parsed. */
  private consumed = 0;
  private frames = 0;
  private readonly limit: number;

  private carry: Uint8Array = EMPTY;
  private carryDv: DataView = EMPTY_DV;
  private carryLen = 0;

  /** The one Frame handed to every sink.frame() call. Every field set up front: one shape. */
  private readonly f: Frame = {
    number: 0,
    linkType: 0,
    tsSec: 0,
    tsNsec: 0,
    capLen: 0,
    origLen: 0,
    data: EMPTY,
    interfaceId: 0,
    snapLen: 0,
    fileOffset: 0,
  };

  // classic pcap
  private nano = false;
  /** Record header length: 16, or 24 in the modified (Kuznetzov) format. */
  private recHdr = 16;
  private pcapLinkType = 0;
  private pcapSnapLen = 0;
  private warnedFraction = false;

  // pcapng: interfaces of the current section (ids restart per section), and a count across sections
  private ifaces: Iface[] = [];
  private globalIfaces = 0;

  constructor(sink: CaptureSink, options: CaptureParserOptions = {}) {
    this.sink = sink;
    this.limit = options.maxFrames ?? Infinity;
    if (this.limit <= 0) this.stop();
  }

  /** The detected format, once the first 4 bytes have been seen. */
  get format(): CaptureFormat | undefined {
    return this.fmt;
  }
  /** Bytes fully parsed: the file offset of the first unit not yet complete (or that failed). */
  get bytesConsumed(): number {
    return this.consumed;
  }
  get framesEmitted(): number {
    return this.frames;
  }
  /** True once a fatal problem was reported. */
  get failed(): boolean {
    return this.isFailed;
  }
  /** True once stop() was called: further input is ignored. */
  get stopped(): boolean {
    return this.isStopped;
  }

  /** Stop emitting (e.g. after -c N frames). Safe to call from inside a sink callback. */
  stop(): void {
    this.isStopped = true;
    this.state = S_HALTED;
  }

  push(chunk: Uint8Array): void {
    if (this.state === S_HALTED || chunk.length === 0) return;
    let p = 0;
    if (this.carryLen > 0) {
      p = this.pushCarry(chunk);
      if (this.carryLen > 0 || this.state === S_HALTED) return;
    }
    const n = chunk.length;
    if (p >= n) return;
    const dv = new DataView(chunk.buffer, chunk.byteOffset, n);
    while (this.state !== S_HALTED && p < n) {
      if (this.state === S_PCAP) {
        p = this.pcapRun(chunk, dv, p);
        if (this.state === S_HALTED || p >= n) return;
      } else if (this.state === S_PCAPNG) {
        p = this.pcapngRun(chunk, dv, p);
        if (this.state === S_HALTED || p >= n) return;
      }
      const avail = n - p;
      const m = this.measure(chunk, dv, p, avail);
      if (m === 0) return;
      if (m < 0 || m > avail) {
        this.stash(chunk, p, avail, m);
        return;
      }
      this.handle(chunk, dv, p, m);
      if (this.isFailed) return;
      this.consumed += m;
      p += m;
    }
  }

  /** End of input: report a truncated last unit (or an empty file) as one fatal problem. */
  finish(): void {
    if (this.isFinished) return;
    this.isFinished = true;
    if (this.state === S_HALTED) return;
    if (this.carryLen > 0) {
      const m = this.measure(this.carry, this.carryDv, 0, this.carryLen);
      if (m !== 0) this.fatal(this.consumed, this.truncationMessage(m, this.carryLen));
    } else if (this.consumed === 0) {
      this.fatal(0, 'empty file: no pcap or pcapng file header (0 bytes)');
    }
    this.state = S_HALTED;
    this.dropCarry();
  }

  // ---- chunk seams ------------------------------------------------------------------------

  /**
   * Complete the unit whose start is in the carry with bytes from `chunk`; hand it out once
   * whole. Returns how many bytes of `chunk` were used.
   */
  private pushCarry(chunk: Uint8Array): number {
    let p = 0;
    while (this.carryLen > 0 && this.state !== S_HALTED) {
      const m = this.measure(this.carry, this.carryDv, 0, this.carryLen);
      if (m === 0) return p;
      const want = m < 0 ? -m : m;
      if (this.carryLen < want) {
        const take = Math.min(want - this.carryLen, chunk.length - p);
        if (take === 0) return p;
        this.reserve(want);
        this.carry.set(chunk.subarray(p, p + take), this.carryLen);
        this.carryLen += take;
        p += take;
        continue;
      }
      // m > 0 and the unit is whole (the carry never holds more than the unit it was filled for).
      this.handle(this.carry, this.carryDv, 0, m);
      if (this.isFailed) return p;
      this.consumed += m;
      this.carryLen = 0;
      if (m > CARRY_KEEP) this.dropCarry();
    }
    return p;
  }

  /** Copy the incomplete unit at the end of a chunk so the caller may reuse its buffer. */
  private stash(chunk: Uint8Array, p: number, avail: number, m: number): void {
    this.reserve(m > 0 ? m : avail);
    this.carry.set(chunk.subarray(p, p + avail), 0);
    this.carryLen = avail;
  }

  private dropCarry(): void {
    this.carry = EMPTY;
    this.carryDv = EMPTY_DV;
    this.carryLen = 0;
  }

  /** Make the carry hold at least `size` bytes, keeping its contents. `size` is already capped. */
  private reserve(size: number): void {
    if (this.carry.length >= size) return;
    let cap = Math.max(CARRY_MIN, this.carry.length);
    while (cap < size) cap *= 2;
    const next = new Uint8Array(cap);
    if (this.carryLen > 0) next.set(this.carry.subarray(0, this.carryLen));
    this.carry = next;
    this.carryDv = new DataView(next.buffer);
  }

  // ---- units --------------------------------------------------------------------------------

  /**
   * How long the unit starting at `p` is. Returns its length (> 0, possibly more than `avail`),
   * or -N when N bytes are needed to tell (N > avail), or 0 after reporting a fatal problem.
   * Pure apart from that problem, so it may be asked again as more bytes arrive.
   */
  private measure(buf: Uint8Array, dv: DataView, p: number, avail: number): number {
    switch (this.state) {
      case S_PCAP: {
        const hl = this.recHdr;
        if (avail < hl) return -hl;
        const caplen = dv.getUint32(p + 8, this.le);
        if (caplen > PCAP_MAX_CAPLEN) return this.badCaplen(caplen);
        return hl + caplen;
      }
      case S_PCAPNG:
        return this.measureBlock(buf, dv, p, avail, this.le);
      case S_START: {
        if (avail < 4) return -4;
        const b0 = buf[p];
        const b1 = buf[p + 1];
        const b2 = buf[p + 2];
        const b3 = buf[p + 3];
        if (pcapMagic(b0, b1, b2, b3)) return PCAP_FILE_HEADER_LEN;
        if (dv.getUint32(p, false) === BT_SHB) return this.measureBlock(buf, dv, p, avail, true);
        const found = `${hex2(b0)} ${hex2(b1)} ${hex2(b2)} ${hex2(b3)}`;
        return this.fail(0, `not a pcap or pcapng file: magic bytes ${found} at offset 0`);
      }
      default:
        return 0;
    }
  }

  /** Length of the pcapng block at `p`, checked as §3.1 requires. */
  private measureBlock(buf: Uint8Array, dv: DataView, p: number, avail: number, le: boolean): number {
    if (avail < 8) return -8;
    const type = dv.getUint32(p, le);
    if (type === BT_SHB) {
      // The SHB type reads the same in both byte orders; its byte-order magic says which order
      // the length (and the whole section) is in.
      if (avail < 12) return -12;
      const bom = dv.getUint32(p + 8, true);
      if (bom === BYTE_ORDER_MAGIC) le = true;
      else if (dv.getUint32(p + 8, false) === BYTE_ORDER_MAGIC) le = false;
      else {
        const b = buf.subarray(p + 8, p + 12);
        return this.fail(
          this.consumed + 8,
          `pcapng Section Header Block at byte offset ${this.consumed} has byte-order magic ${Array.from(b, hex2).join(' ')}, expected 0x1a2b3c4d in either byte order`,
        );
      }
    }
    const len = dv.getUint32(p + 4, le);
    const at = this.consumed;
    if (len < PCAPNG_MIN_BLOCK) {
      return this.fail(at, `${blockName(type)} at byte offset ${at} has a total length of ${len} < ${PCAPNG_MIN_BLOCK}`);
    }
    if (len % 4 !== 0) {
      return this.fail(at, `${blockName(type)} at byte offset ${at} has a total length of ${len} that is not a multiple of 4`);
    }
    if (len > PCAPNG_MAX_BLOCK) {
      return this.fail(at, `${blockName(type)} at byte offset ${at} has a total length of ${len}, bigger than the maximum of ${PCAPNG_MAX_BLOCK}`);
    }
    return len;
  }

  private badCaplen(caplen: number): number {
    return this.fail(
      this.consumed,
      `invalid packet capture length ${caplen}, bigger than maximum of ${PCAP_MAX_CAPLEN}, in the packet record at byte offset ${this.consumed}`,
    );
  }

  /** Process one whole unit of length `len` at `p` (its file offset is this.consumed). */
  private handle(buf: Uint8Array, dv: DataView, p: number, len: number): void {
    switch (this.state) {
      case S_PCAP:
        this.pcapRecord(buf, dv, p);
        return;
      case S_PCAPNG:
        this.block(buf, dv, p, len);
        return;
      case S_START: {
        const magic = pcapMagic(buf[p], buf[p + 1], buf[p + 2], buf[p + 3]);
        if (magic) this.pcapHeader(dv, p, magic);
        else {
          this.fmt = 'pcapng';
          this.state = S_PCAPNG;
          this.block(buf, dv, p, len);
        }
        return;
      }
    }
  }

  // ---- classic pcap ---------------------------------------------------------------------------

  private pcapHeader(dv: DataView, p: number, magic: PcapMagic): void {
    const h = readPcapFileHeader(dv, p, magic);
    const nano = h.nano;
    this.fmt = nano ? 'pcap-ns' : 'pcap';
    this.le = !h.bigEndian;
    this.recHdr = h.recordHeaderLen;
    // libpcap refuses files older than version 2 ("archaic pcap savefile format") and reads newer ones.
    if (h.versionMajor < 2) {
      this.fail(0, `archaic pcap file format: version ${h.versionMajor}.${h.versionMinor}`);
      return;
    }
    this.nano = nano;
    this.pcapLinkType = h.linkType;
    this.pcapSnapLen = h.snapLen;
    this.state = S_PCAP;
    if (this.sink.interface) {
      const iface: CaptureInterface = {
        globalId: 0,
        linkType: h.linkType,
        snapLen: h.snapLen,
        unitsPerSecond: nano ? 1e9 : 1e6,
        tsOffset: 0,
      };
      if (h.fcsLen !== undefined) iface.fcsLen = h.fcsLen;
      this.sink.interface(iface);
    }
  }

  /**
   * The hot loop for classic pcap: every whole record inside this chunk, without the generic
   * measure/handle dispatch. Returns where it stopped (an incomplete or bad record, or the end).
   */
  private pcapRun(buf: Uint8Array, dv: DataView, p: number): number {
    const n = buf.length;
    const le = this.le;
    const hl = this.recHdr;
    while (n - p >= hl) {
      const caplen = dv.getUint32(p + 8, le);
      if (caplen > PCAP_MAX_CAPLEN) {
        this.badCaplen(caplen);
        return p;
      }
      const end = p + hl + caplen;
      if (end > n) return p;
      this.pcapRecord(buf, dv, p);
      this.consumed += end - p;
      p = end;
      if (this.state !== S_PCAP) return p;
    }
    return p;
  }

  private pcapRecord(buf: Uint8Array, dv: DataView, p: number): void {
    const le = this.le;
    const f = this.f;
    const caplen = dv.getUint32(p + 8, le);
    let sec = dv.getUint32(p, le);
    let frac = dv.getUint32(p + 4, le);
    // The fraction must be below one second; a writer that got it wrong (seen in the wild) would
    // otherwise give Frame.tsNsec outside 0..999999999. Carry the excess into the seconds.
    const per = this.nano ? 1e9 : 1e6;
    if (frac >= per) {
      sec += Math.floor(frac / per);
      frac %= per;
      if (!this.warnedFraction) {
        this.warnedFraction = true;
        this.sink.problem?.({
          severity: 'warning',
          offset: this.consumed,
          message: `packet record at byte offset ${this.consumed} has a timestamp fraction of a second >= ${per}; carried into the seconds (reported once)`,
        });
      }
    }
    f.number = ++this.frames;
    f.linkType = this.pcapLinkType;
    f.tsSec = sec;
    f.tsNsec = this.nano ? frac : frac * 1000;
    f.capLen = caplen;
    f.origLen = dv.getUint32(p + 12, le);
    f.data = buf.subarray(p + this.recHdr, p + this.recHdr + caplen);
    f.interfaceId = 0;
    f.snapLen = this.pcapSnapLen;
    f.fileOffset = this.consumed;
    this.sink.frame(f);
    if (this.frames >= this.limit) this.stop();
  }

  // ---- pcapng ---------------------------------------------------------------------------------

  /**
   * The hot loop for pcapng: every whole, well-formed block inside this chunk of the current
   * section. Anything unusual (a new section, a bad length, an incomplete block) goes back to the
   * generic path, which reports it.
   */
  private pcapngRun(buf: Uint8Array, dv: DataView, p: number): number {
    const n = buf.length;
    const le = this.le;
    while (n - p >= 8) {
      const type = dv.getUint32(p, le);
      const len = dv.getUint32(p + 4, le);
      if (type === BT_SHB || len < PCAPNG_MIN_BLOCK || (len & 3) !== 0 || len > PCAPNG_MAX_BLOCK || len > n - p) return p;
      this.block(buf, dv, p, len);
      if (this.isFailed) return p;
      this.consumed += len;
      p += len;
      if (this.state !== S_PCAPNG) return p;
    }
    return p;
  }

  private block(buf: Uint8Array, dv: DataView, p: number, len: number): void {
    const at = this.consumed;
    const type = dv.getUint32(p, this.le);
    if (type === BT_SHB) {
      // measureBlock has checked the byte-order magic.
      this.le = dv.getUint32(p + 8, true) === BYTE_ORDER_MAGIC;
    }
    const le = this.le;
    const trailer = dv.getUint32(p + len - 4, le);
    if (trailer !== len) {
      this.fail(at, `${blockName(type)} at byte offset ${at}: block total length in header (${len}) and trailer (${trailer}) don't match`);
      return;
    }
    const min = minBlockLen(type);
    if (len < min) {
      this.fail(at, `${blockName(type)} at byte offset ${at} has a total length of ${len} < ${min}`);
      return;
    }
    switch (type) {
      case BT_EPB:
        this.packet(buf, dv, p, len, dv.getUint32(p + 8, le), type);
        return;
      case BT_SPB:
        this.simplePacket(buf, dv, p, len);
        return;
      case BT_OPB:
        this.packet(buf, dv, p, len, dv.getUint16(p + 8, le), type);
        return;
      case BT_IDB:
        this.interfaceBlock(buf, dv, p, len);
        return;
      case BT_SHB:
        this.section(dv, p);
        return;
      case BT_DSB:
        this.secrets(buf, dv, p, len);
        return;
      default:
        // NRB, ISB, custom and unknown blocks: the length frames them; "a reader that does not
        // understand a block type MUST skip it" (§3.1 spirit: blocks are self-delimiting).
        return;
    }
  }

  private section(dv: DataView, p: number): void {
    const at = this.consumed;
    const major = dv.getUint16(p + 12, this.le);
    const minor = dv.getUint16(p + 14, this.le);
    // libpcap reads 1.0 and 1.2 (1.2 files were written by some old tools) and rejects the rest.
    if (major !== 1 || (minor !== 0 && minor !== 2)) {
      this.fail(at, `unsupported pcapng version ${major}.${minor} in the Section Header Block at byte offset ${at}`);
      return;
    }
    // "Interface IDs ... are unique within a section" (§4.2): a new section starts the count anew.
    this.ifaces = [];
  }

  private interfaceBlock(buf: Uint8Array, dv: DataView, p: number, len: number): void {
    const at = this.consumed;
    const info = readIdb(buf, dv, p, len, this.le, at);
    if (info.optionProblem !== undefined) {
      this.sink.problem?.({
        severity: 'warning',
        offset: at,
        message: `Interface Description Block at byte offset ${at}: ${info.optionProblem}; the rest of its options were ignored`,
      });
    }
    this.ifaces.push({
      linkType: info.linkType,
      snapLen: info.snapLen,
      resolution: info.resolution,
      tsOffset: info.tsOffset,
    });
    const globalId = this.globalIfaces++;
    if (this.sink.interface) {
      const iface: CaptureInterface = {
        globalId,
        linkType: info.linkType,
        snapLen: info.snapLen,
        unitsPerSecond: info.resolution.unitsPerSecond,
        tsOffset: info.tsOffset,
      };
      if (info.name !== undefined) iface.name = info.name;
      if (info.fcsLen !== undefined) iface.fcsLen = info.fcsLen;
      this.sink.interface(iface);
    }
  }

  /** An Enhanced Packet Block or an obsolete Packet Block: same layout after the interface id. */
  private packet(buf: Uint8Array, dv: DataView, p: number, len: number, ifId: number, type: number): void {
    const at = this.consumed;
    const iface = this.ifaces[ifId];
    if (iface === undefined) {
      this.badInterface(type, ifId);
      return;
    }
    const le = this.le;
    const caplen = dv.getUint32(p + 20, le);
    // Fixed part (28) + data + trailer (4) must fit; the data's padding may be missing.
    if (caplen > len - 32) {
      this.fail(at, `${blockName(type)} at byte offset ${at}: captured length ${caplen} does not fit in a block of ${len} bytes`);
      return;
    }
    const f = this.f;
    f.number = ++this.frames;
    f.linkType = iface.linkType;
    unitsToTime(dv.getUint32(p + 12, le), dv.getUint32(p + 16, le), iface.resolution, f);
    if (iface.tsOffset !== 0) f.tsSec += iface.tsOffset;
    f.capLen = caplen;
    f.origLen = dv.getUint32(p + 24, le);
    f.data = buf.subarray(p + 28, p + 28 + caplen);
    f.interfaceId = ifId;
    f.snapLen = iface.snapLen;
    f.fileOffset = at;
    this.sink.frame(f);
    if (this.frames >= this.limit) this.stop();
  }

  /**
   * Simple Packet Block (§4.4): no interface id ("captured on the interface previously specified
   * in the first Interface Description Block"), no timestamp, and the captured length is "the
   * minimum value among the SnapLen ... and the Original Packet Length", bounded by the block.
   */
  private simplePacket(buf: Uint8Array, dv: DataView, p: number, len: number): void {
    const iface = this.ifaces[0];
    if (iface === undefined) {
      this.badInterface(BT_SPB, 0);
      return;
    }
    const origLen = dv.getUint32(p + 8, this.le);
    let caplen = Math.min(origLen, len - 16);
    if (iface.snapLen !== 0 && caplen > iface.snapLen) caplen = iface.snapLen;
    const f = this.f;
    f.number = ++this.frames;
    f.linkType = iface.linkType;
    // The SPB has no timestamp. libpcap (so tcpdump) reports time 0 plus the interface's
    // if_tsoffset; we do the same (tshark shows no time at all).
    f.tsSec = iface.tsOffset;
    f.tsNsec = 0;
    f.capLen = caplen;
    f.origLen = origLen;
    f.data = buf.subarray(p + 12, p + 12 + caplen);
    f.interfaceId = 0;
    f.snapLen = iface.snapLen;
    f.fileOffset = this.consumed;
    this.sink.frame(f);
    if (this.frames >= this.limit) this.stop();
  }

  /** Decryption Secrets Block (§4.7): Secrets Type, Secrets Length, Secrets Data (padded). */
  private secrets(buf: Uint8Array, dv: DataView, p: number, len: number): void {
    const at = this.consumed;
    const secretsType = dv.getUint32(p + 8, this.le);
    const slen = dv.getUint32(p + 12, this.le);
    if (slen > len - 20) {
      this.sink.problem?.({
        severity: 'warning',
        offset: at,
        message: `Decryption Secrets Block at byte offset ${at}: secrets length ${slen} does not fit in a block of ${len} bytes; block skipped`,
      });
      return;
    }
    this.sink.secrets?.({ secretsType, data: buf.slice(p + 16, p + 16 + slen), fileOffset: at });
  }

  private badInterface(type: number, ifId: number): void {
    const at = this.consumed;
    this.fail(
      at,
      `${blockName(type)} at byte offset ${at}: interface ID ${ifId} >= number of interfaces (${this.ifaces.length}) in this section`,
    );
  }

  // ---- problems -------------------------------------------------------------------------------

  private truncationMessage(m: number, have: number): string {
    const at = this.consumed;
    if (m < 0) {
      const need = -m;
      if (this.state === S_PCAP) return `truncated packet record header at byte offset ${at}: header is ${need} bytes, only ${have} present`;
      if (this.state === S_START) return `truncated file header at byte offset ${at}: need ${need} bytes, only ${have} present`;
      return `truncated pcapng block header at byte offset ${at}: need ${need} bytes, only ${have} present`;
    }
    if (this.state === S_PCAP) {
      return `truncated packet record at byte offset ${at}: header says ${m - this.recHdr} captured bytes, only ${have - this.recHdr} present`;
    }
    if (this.state === S_START && m === PCAP_FILE_HEADER_LEN && pcapMagic(this.carry[0], this.carry[1], this.carry[2], this.carry[3])) {
      return `truncated pcap file header at byte offset ${at}: header is ${m} bytes, only ${have} present`;
    }
    const type = this.state === S_START ? BT_SHB : this.carryDv.getUint32(0, this.le);
    return `truncated ${blockName(type)} at byte offset ${at}: block total length says ${m} bytes, only ${have} present`;
  }

  /** Report a fatal problem and halt. Returns 0 so measure() can `return this.fail(...)`. */
  private fail(offset: number, message: string): 0 {
    this.fatal(offset, message);
    return 0;
  }

  private fatal(offset: number, message: string): void {
    this.isFailed = true;
    this.state = S_HALTED;
    this.dropCarry();
    this.sink.problem?.({ severity: 'fatal', offset, message });
  }
}

/** Parse a whole capture held in memory (tests, the browser's File API): push + finish. */
export function parseCapture(bytes: Uint8Array, sink: CaptureSink): CaptureParser {
  const parser = new CaptureParser(sink);
  parser.push(bytes);
  parser.finish();
  return parser;
}
