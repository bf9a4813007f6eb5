/**
 * Writers for classic pcap and pcapng. Each call returns the bytes of one header, record or block;
 * the caller concatenates them (or streams them to a file).
 *
 * They serve tests (round trips through CaptureParser), property tests that hand captures to
 * tcpdump, and scripts that derive captures. Wrong arguments are programming errors and throw
 * RangeError; the reader's never-throw rule is about bytes from files, not about callers.
 */
import { PCAP_MAGIC_NS, PCAP_MAGIC_US, PCAP_MAX_CAPLEN } from './pcap.js';
import { BT_DSB, BT_EPB, BT_IDB, BT_OPB, BT_SHB, BT_SPB, BYTE_ORDER_MAGIC, tsResolution, type TsResolution } from './pcapng.js';

export interface PcapWriterOptions {
  /** LINKTYPE_* value (1 Ethernet, 113 Linux SLL, ...). */
  linkType: number;
  /** Header SnapLen; defaults to 262144, as tcpdump writes. */
  snapLen?: number;
  /** Nanosecond timestamps (magic a1b23c4d) instead of microseconds. */
  nano?: boolean;
  /** Write big-endian (as a SPARC or a PowerPC would); default little-endian. */
  bigEndian?: boolean;
}

function checkTime(tsSec: number, tsNsec: number, maxSec: number): void {
  if (!Number.isInteger(tsSec) || tsSec < 0 || tsSec > maxSec) throw new RangeError(`tsSec ${tsSec} out of range 0..${maxSec}`);
  if (!Number.isInteger(tsNsec) || tsNsec < 0 || tsNsec > 999_999_999) throw new RangeError(`tsNsec ${tsNsec} out of range 0..999999999`);
}

/** Classic pcap: header() once, then record() per packet. */
export class PcapWriter {
  readonly linkType: number;
  readonly snapLen: number;
  readonly nano: boolean;
  readonly bigEndian: boolean;

  constructor(o: PcapWriterOptions) {
    this.linkType = o.linkType;
    this.snapLen = o.snapLen ?? PCAP_MAX_CAPLEN;
    this.nano = o.nano ?? false;
    this.bigEndian = o.bigEndian ?? false;
  }

  /** The 24-byte file header, version 2.4. */
  header(): Uint8Array {
    const out = new Uint8Array(24);
    const dv = new DataView(out.buffer);
    const le = !this.bigEndian;
    dv.setUint32(0, this.nano ? PCAP_MAGIC_NS : PCAP_MAGIC_US, le);
    dv.setUint16(4, 2, le);
    dv.setUint16(6, 4, le);
    // thiszone and sigfigs: 0, as every modern writer puts them
    dv.setUint32(16, this.snapLen, le);
    dv.setUint32(20, this.linkType, le);
    return out;
  }

  /**
   * One record. Microsecond files keep floor(tsNsec / 1000), as libpcap does when it writes.
   * `origLen` defaults to data.length; data longer than 262144 bytes is refused (readers would).
   */
  record(tsSec: number, tsNsec: number, data: Uint8Array, origLen: number = data.length): Uint8Array {
    checkTime(tsSec, tsNsec, 0xffffffff);
    if (data.length > PCAP_MAX_CAPLEN) throw new RangeError(`record of ${data.length} bytes is longer than ${PCAP_MAX_CAPLEN}`);
    const out = new Uint8Array(16 + data.length);
    const dv = new DataView(out.buffer);
    const le = !this.bigEndian;
    dv.setUint32(0, tsSec, le);
    dv.setUint32(4, this.nano ? tsNsec : Math.floor(tsNsec / 1000), le);
    dv.setUint32(8, data.length, le);
    dv.setUint32(12, origLen, le);
    out.set(data, 16);
    return out;
  }
}

export interface PcapngWriterOptions {
  /** Write big-endian sections; default little-endian. */
  bigEndian?: boolean;
}

export interface IdbOptions {
  linkType: number;
  /** 0 = no limit (the default). */
  snapLen?: number;
  /** if_name. */
  name?: string;
  /** The raw if_tsresol byte: 6 = µs, 9 = ns, 0x80 | n = 2^-n. Omitted: no option (µs). */
  tsresol?: number;
  /** if_tsoffset in seconds (signed). Omitted: no option. */
  tsoffset?: number;
  /** if_fcslen. */
  fcsLen?: number;
}

export interface ShbOptions {
  major?: number;
  minor?: number;
}

interface WrittenIface {
  res: TsResolution;
  tsoffset: number;
}

const utf8 = new TextEncoder();
const pad4 = (n: number) => (n + 3) & ~3;

/**
 * pcapng: shb() starts a section (and forgets its interfaces, as the format does), idb() adds an
 * interface, then packet and secrets blocks.
 */
export class PcapngWriter {
  readonly bigEndian: boolean;
  private ifaces: WrittenIface[] = [];

  constructor(o: PcapngWriterOptions = {}) {
    this.bigEndian = o.bigEndian ?? false;
  }

  /**
   * Any block: type, total length, `body` padded to 32 bits, total length again. Handy for NRB,
   * ISB, custom and unknown blocks in tests.
   */
  block(type: number, body: Uint8Array): Uint8Array {
    const len = 12 + pad4(body.length);
    const out = new Uint8Array(len);
    const dv = new DataView(out.buffer);
    const le = !this.bigEndian;
    dv.setUint32(0, type, le);
    dv.setUint32(4, len, le);
    out.set(body, 8);
    dv.setUint32(len - 4, len, le);
    return out;
  }

  /** Section Header Block, version 1.0, section length -1 ("not specified"). */
  shb(o: ShbOptions = {}): Uint8Array {
    this.ifaces = [];
    const body = new Uint8Array(16);
    const dv = new DataView(body.buffer);
    const le = !this.bigEndian;
    dv.setUint32(0, BYTE_ORDER_MAGIC, le);
    dv.setUint16(4, o.major ?? 1, le);
    dv.setUint16(6, o.minor ?? 0, le);
    dv.setInt32(8, -1, le);
    dv.setInt32(12, -1, le);
    return this.block(BT_SHB, body);
  }

  /** Interface Description Block; its id is the count of IDBs written in this section so far. */
  idb(o: IdbOptions): Uint8Array {
    const le = !this.bigEndian;
    const opts: Uint8Array[] = [];
    const option = (code: number, value: Uint8Array) => {
      const b = new Uint8Array(4 + pad4(value.length));
      const dv = new DataView(b.buffer);
      dv.setUint16(0, code, le);
      dv.setUint16(2, value.length, le);
      b.set(value, 4);
      opts.push(b);
    };
    if (o.name !== undefined) option(2, utf8.encode(o.name));
    if (o.tsresol !== undefined) option(9, Uint8Array.of(o.tsresol));
    if (o.fcsLen !== undefined) option(13, Uint8Array.of(o.fcsLen));
    if (o.tsoffset !== undefined) {
      const v = new Uint8Array(8);
      new DataView(v.buffer).setBigInt64(0, BigInt(o.tsoffset), le);
      option(14, v);
    }
    if (opts.length > 0) option(0, new Uint8Array(0));
    const optLen = opts.reduce((s, b) => s + b.length, 0);
    const body = new Uint8Array(8 + optLen);
    const dv = new DataView(body.buffer);
    dv.setUint16(0, o.linkType, le);
    dv.setUint32(4, o.snapLen ?? 0, le);
    let at = 8;
    for (const b of opts) {
      body.set(b, at);
      at += b.length;
    }
    this.ifaces.push({ res: tsResolution(o.tsresol ?? 6), tsoffset: o.tsoffset ?? 0 });
    return this.block(BT_IDB, body);
  }

  /**
   * Timestamp units for a time on interface `interfaceId`: (tsSec - if_tsoffset) seconds plus
   * tsNsec, in the interface's resolution, truncated.
   */
  units(interfaceId: number, tsSec: number, tsNsec: number): bigint {
    const iface = this.ifaces[interfaceId];
    if (iface === undefined) throw new RangeError(`no interface ${interfaceId} in this section`);
    checkTime(tsSec - iface.tsoffset, tsNsec, Number.MAX_SAFE_INTEGER);
    const ups = iface.res.upsBig;
    return BigInt(tsSec - iface.tsoffset) * ups + (BigInt(tsNsec) * ups) / 1_000_000_000n;
  }

  /** Enhanced Packet Block at a time given in seconds and nanoseconds. */
  epb(interfaceId: number, tsSec: number, tsNsec: number, data: Uint8Array, origLen: number = data.length): Uint8Array {
    return this.epbUnits(interfaceId, this.units(interfaceId, tsSec, tsNsec), data, origLen);
  }

  /** Enhanced Packet Block with a raw 64-bit timestamp in the interface's units. */
  epbUnits(interfaceId: number, units: bigint, data: Uint8Array, origLen: number = data.length): Uint8Array {
    return this.packetBlock(BT_EPB, interfaceId, units, data, origLen);
  }

  /** Obsolete Packet Block (type 2): 16-bit interface id and drops count, otherwise as the EPB. */
  opb(interfaceId: number, units: bigint, data: Uint8Array, origLen: number = data.length, drops = 0): Uint8Array {
    if (interfaceId > 0xffff) throw new RangeError('Packet Block interface id is 16 bits');
    const b = this.packetBlock(BT_OPB, 0, units, data, origLen);
    const dv = new DataView(b.buffer);
    const le = !this.bigEndian;
    dv.setUint16(8, interfaceId, le);
    dv.setUint16(10, drops, le);
    return b;
  }

  private packetBlock(type: number, interfaceId: number, units: bigint, data: Uint8Array, origLen: number): Uint8Array {
    if (units < 0n || units >= 1n << 64n) throw new RangeError(`timestamp ${units} does not fit in 64 bits`);
    const le = !this.bigEndian;
    const body = new Uint8Array(20 + pad4(data.length));
    const dv = new DataView(body.buffer);
    dv.setUint32(0, interfaceId, le);
    dv.setUint32(4, Number(units >> 32n), le);
    dv.setUint32(8, Number(units & 0xffffffffn), le);
    dv.setUint32(12, data.length, le);
    dv.setUint32(16, origLen, le);
    body.set(data, 20);
    return this.block(type, body);
  }

  /** Simple Packet Block: no timestamp, interface 0; `data` is what was captured. */
  spb(data: Uint8Array, origLen: number = data.length): Uint8Array {
    const body = new Uint8Array(4 + pad4(data.length));
    new DataView(body.buffer).setUint32(0, origLen, !this.bigEndian);
    body.set(data, 4);
    return this.block(BT_SPB, body);
  }

  /** Decryption Secrets Block, e.g. secretsType 0x544c534b ("TLSK") with key log lines. */
  dsb(secretsType: number, data: Uint8Array): Uint8Array {
    const le = !this.bigEndian;
    const body = new Uint8Array(8 + pad4(data.length));
    const dv = new DataView(body.buffer);
    dv.setUint32(0, secretsType, le);
    dv.setUint32(4, data.length, le);
    body.set(data, 8);
    return this.block(BT_DSB, body);
  }
}

/** Concatenate byte arrays (writers return one array per header, record or block). */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let n = 0;
  for (const p of parts) n += p.length;
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
