/**
 * pcapng: block types, the Interface Description Block and its options, and timestamp units.
 *
 * Every block has the same frame (draft-ietf-opsawg-pcapng §3.1):
 *
 *    0  Block Type
 *    4  Block Total Length      "total size of this block, in octets ... MUST be a multiple of 4"
 *    8  Block Body              (variable, padded to 32 bits)
 *   -4  Block Total Length      (the same value again, so a reader can walk backwards)
 *
 * The Section Header Block's byte-order magic (0x1A2B3C4D) fixes the byte order of every block
 * up to the next section. The block loop itself lives in reader.ts.
 */

export const BT_SHB = 0x0a0d0d0a;
export const BT_IDB = 0x00000001;
/** Obsolete Packet Block ("Packet Block", superseded by the EPB; still readable). */
export const BT_OPB = 0x00000002;
export const BT_SPB = 0x00000003;
export const BT_NRB = 0x00000004;
export const BT_ISB = 0x00000005;
export const BT_EPB = 0x00000006;
export const BT_DSB = 0x0000000a;
export const BT_CUSTOM = 0x00000bad;
export const BT_CUSTOM_NOCOPY = 0x40000bad;

export const BYTE_ORDER_MAGIC = 0x1a2b3c4d;

/** Smallest possible block: type, length and trailing length with an empty body. */
export const PCAPNG_MIN_BLOCK = 12;
/**
 * Largest block we accept. A longer length word is taken as corruption rather than allocated
 * on (libpcap caps its block buffer at 16 MiB too).
 */
export const PCAPNG_MAX_BLOCK = 16 * 1024 * 1024;

/**
 * Minimum total length of each block type we read: its fixed fields plus header and trailer
 * (0 for types we skip). A switch, not a lookup table: the SHB's type is a large key.
 */
export function minBlockLen(type: number): number {
  switch (type) {
    case BT_SHB:
      return 28; // 12 + BOM(4) + versions(4) + section length(8)
    case BT_IDB:
      return 20; // 12 + LinkType(2) + Reserved(2) + SnapLen(4)
    case BT_OPB:
      return 32; // 12 + if id(2) + drops(2) + ts(8) + caplen(4) + len(4)
    case BT_SPB:
      return 16; // 12 + Original Packet Length(4)
    case BT_EPB:
      return 32; // 12 + if id(4) + ts(8) + caplen(4) + len(4)
    case BT_DSB:
      return 20; // 12 + Secrets Type(4) + Secrets Length(4)
    default:
      return 0;
  }
}

/** The block's name as the spec spells it, for messages. */
export function blockName(type: number): string {
  switch (type) {
    case BT_SHB:
      return 'Section Header Block';
    case BT_IDB:
      return 'Interface Description Block';
    case BT_OPB:
      return 'Packet Block';
    case BT_SPB:
      return 'Simple Packet Block';
    case BT_NRB:
      return 'Name Resolution Block';
    case BT_ISB:
      return 'Interface Statistics Block';
    case BT_EPB:
      return 'Enhanced Packet Block';
    case BT_DSB:
      return 'Decryption Secrets Block';
    case BT_CUSTOM:
    case BT_CUSTOM_NOCOPY:
      return 'Custom Block';
    default:
      return `block of type 0x${(type >>> 0).toString(16).padStart(8, '0')}`;
  }
}

// Interface Description Block option codes (§4.2).
const OPT_ENDOFOPT = 0;
const IF_NAME = 2;
const IF_TSRESOL = 9;
const IF_FCSLEN = 13;
const IF_TSOFFSET = 14;

/**
 * How to turn an interface's 64-bit timestamp into seconds and nanoseconds.
 *
 * if_tsresol (§4.2): "If the Most Significant Bit is equal to zero, the remaining bits indicates
 * the resolution of the timestamp as a negative power of 10 (e.g. 6 means microsecond
 * resolution ...). If the Most Significant Bit is equal to one, the remaining bits indicates the
 * resolution as negative power of 2 (e.g. 10 means 1/1024 of second). If this option is not
 * present, a resolution of 10^-6 is assumed."
 */
export interface TsResolution {
  /** The if_tsresol byte (6 when the option is absent). */
  readonly raw: number;
  readonly binary: boolean;
  /** The exponent: units are 10^-exp or 2^-exp seconds. */
  readonly exp: number;
  /** Units per second as a number (inexact beyond 2^53; informational). */
  readonly unitsPerSecond: number;
  /** Units per second, exact. */
  readonly upsBig: bigint;
  /** Decimal: 10^exp when exp <= 9 (else 0). Binary: 2^exp when exp <= 32 (else 0). */
  readonly div: number;
  /** Decimal exp <= 9: nanoseconds per unit, 10^(9-exp). Binary exp <= 32: 2^(32-exp). */
  readonly mul: number;
}

export function tsResolution(raw: number): TsResolution {
  const binary = (raw & 0x80) !== 0;
  const exp = raw & 0x7f;
  const upsBig = binary ? 1n << BigInt(exp) : 10n ** BigInt(exp);
  let div = 0;
  let mul = 0;
  if (binary && exp <= 32) {
    div = 2 ** exp;
    mul = 2 ** (32 - exp);
  } else if (!binary && exp <= 9) {
    div = 10 ** exp;
    mul = 10 ** (9 - exp);
  }
  return { raw, binary, exp, unitsPerSecond: Number(upsBig), upsBig, div, mul };
}

/** The default resolution (no if_tsresol): microseconds. */
export const TS_MICRO = tsResolution(6);

/** Where unitsToTime writes its result (a Frame fits). */
export interface TimeOut {
  tsSec: number;
  tsNsec: number;
}

const TWO32 = 4294967296;
/** 2^52: below it an integer and its neighbours are exact doubles with room to spare. */
const HI_EXACT = 0x100000;

/**
 * Convert a 64-bit timestamp (two 32-bit halves, as the EPB stores them) in `r`'s units to whole
 * seconds plus nanoseconds, truncating, exactly. Nanosecond timestamps since 1970 exceed 2^53, so
 * plain `hi * 2^32 + lo` would lose bits; we divide limb by limb instead and fall back to BigInt
 * only for resolutions where that cannot be exact (finer than 1 ns or coarser than 1/4096 s
 * with huge values, binary finer than 2^-32).
 */
export function unitsToTime(hi: number, lo: number, r: TsResolution, out: TimeOut): void {
  const div = r.div;
  if (div !== 0 && r.binary) {
    // floor(ts / 2^k) = hi * 2^(32-k) + floor(lo / 2^k), both parts exact.
    const loSec = Math.floor(lo / div);
    const rem = lo - loSec * div;
    out.tsSec = hi * r.mul + loSec;
    // rem * 10^9 / 2^k, with 10^9 = 2^9 * 1953125: rem * 1953125 < 2^53 stays exact and dividing
    // by a power of two is exact in binary floating point.
    out.tsNsec = r.exp <= 9 ? Math.floor((rem * 1e9) / div) : Math.floor((rem * 1953125) / 2 ** (r.exp - 9));
    return;
  }
  if (div !== 0) {
    // Decimal, 10^-exp with exp <= 9.
    let sec: number;
    let rem: number;
    if (hi < HI_EXACT) {
      const ts = hi * TWO32 + lo; // < 2^52: exact
      sec = Math.floor(ts / div);
      rem = ts - sec * div;
      // The quotient may round to the next integer when ts is just below a multiple of div.
      if (rem < 0) {
        sec -= 1;
        rem += div;
      } else if (rem >= div) {
        sec += 1;
        rem -= div;
      }
    } else if (div >= 4096) {
      // Long division by 16-bit limbs: each partial dividend r * 2^16 + limb < div * 2^16 <= 2^46
      // is exact, its quotient is below 2^16 and at least 1/div (>= 2^-30) from the next integer,
      // so Math.floor cannot round up; the quotient overall is < 2^64 / 4096 = 2^52: exact.
      let c = hi >>> 16;
      let q = Math.floor(c / div);
      rem = c - q * div;
      c = rem * 65536 + (hi & 0xffff);
      let d = Math.floor(c / div);
      rem = c - d * div;
      q = q * 65536 + d;
      c = rem * 65536 + (lo >>> 16);
      d = Math.floor(c / div);
      rem = c - d * div;
      q = q * 65536 + d;
      c = rem * 65536 + (lo & 0xffff);
      d = Math.floor(c / div);
      rem = c - d * div;
      sec = q * 65536 + d;
    } else {
      slowUnitsToTime(hi, lo, r, out);
      return;
    }
    out.tsSec = sec;
    out.tsNsec = rem * r.mul; // rem < 10^exp, so rem * 10^(9-exp) < 10^9: exact
    return;
  }
  slowUnitsToTime(hi, lo, r, out);
}

function slowUnitsToTime(hi: number, lo: number, r: TsResolution, out: TimeOut): void {
  const ts = (BigInt(hi) << 32n) | BigInt(lo);
  const ups = r.upsBig;
  out.tsSec = Number(ts / ups);
  out.tsNsec = Number(((ts % ups) * 1_000_000_000n) / ups);
}

/** What an Interface Description Block says (§4.2). */
export interface IdbInfo {
  linkType: number;
  snapLen: number;
  name: string | undefined;
  resolution: TsResolution;
  /** if_tsoffset in seconds (0 when absent). */
  tsOffset: number;
  /** if_fcslen: bytes of FCS at the end of each packet, when given. */
  fcsLen: number | undefined;
  /** Set when an option ran past the block: it and the options after it were ignored. */
  optionProblem: string | undefined;
}

const utf8 = new TextDecoder('utf-8');

/**
 * Decode an IDB whose block starts at `p` in `buf` (file offset `fileOffset`) and is `len` bytes
 * long (the caller has checked `len` against the minimum). Options follow the fixed fields:
 *   "Option Code (2) | Option Length (2) | Option Value (padded to 32 bits)"
 * and end at opt_endofopt or at the end of the block body.
 */
export function readIdb(buf: Uint8Array, dv: DataView, p: number, len: number, le: boolean, fileOffset: number): IdbInfo {
  const info: IdbInfo = {
    linkType: dv.getUint16(p + 8, le),
    snapLen: dv.getUint32(p + 12, le),
    name: undefined,
    resolution: TS_MICRO,
    tsOffset: 0,
    fcsLen: undefined,
    optionProblem: undefined,
  };
  const end = p + len - 4;
  let o = p + 16;
  while (o + 4 <= end) {
    const code = dv.getUint16(o, le);
    const olen = dv.getUint16(o + 2, le);
    if (code === OPT_ENDOFOPT) break;
    const v = o + 4;
    if (v + olen > end) {
      info.optionProblem = `option ${code} of length ${olen} at byte offset ${fileOffset + (o - p)} runs past the end of the block`;
      break;
    }
    // Options of the wrong size are ignored, as if absent.
    if (code === IF_NAME) {
      info.name = utf8.decode(buf.subarray(v, v + olen));
    } else if (code === IF_TSRESOL && olen === 1) {
      info.resolution = buf[v] === 6 ? TS_MICRO : tsResolution(buf[v]);
    } else if (code === IF_TSOFFSET && olen === 8) {
      // "a 64-bit signed integer value that specifies an offset (in seconds) that must be added to
      // the timestamp of each packet" (exact below 2^53, which covers any real offset).
      const hi = dv.getInt32(o + 4 + (le ? 4 : 0), le);
      const lo = dv.getUint32(o + 4 + (le ? 0 : 4), le);
      info.tsOffset = hi * TWO32 + lo;
    } else if (code === IF_FCSLEN && olen === 1) {
      info.fcsLen = buf[v];
    }
    o = v + ((olen + 3) & ~3);
  }
  return info;
}
