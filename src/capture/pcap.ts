/**
 * Classic pcap ("libpcap format"): what the file header and the record header say.
 *
 * Layout from draft-ietf-opsawg-pcap (the libpcap savefile format):
 *
 *   File header (24 bytes)                    Record header (16 bytes), then Captured Length bytes
 *    0  Magic Number                            0  Timestamp (Seconds)
 *    4  Major Version (2) | Minor Version (2)   4  Timestamp (Microseconds or nanoseconds)
 *    8  Reserved1 (was thiszone)                8  Captured Packet Length
 *   12  Reserved2 (was sigfigs)                12  Original Packet Length
 *   16  SnapLen
 *   20  LinkType and additional information
 *
 * Every field is written in the byte order of the machine that wrote the file; the magic number
 * tells which. The record loop itself lives in reader.ts (it is the hot path).
 */

/** Magic for microsecond timestamps, as a big-endian reader sees a big-endian file. */
export const PCAP_MAGIC_US = 0xa1b2c3d4;
/** Magic for nanosecond timestamps ("a1b23c4d", libpcap's NSEC_TCPDUMP_MAGIC). */
export const PCAP_MAGIC_NS = 0xa1b23c4d;
/**
 * Alexey Kuznetzov's "modified" pcap: microseconds, and each record header carries 8 more bytes
 * (ifindex 4, protocol 2, pkt_type 1, padding 1) after the usual 16. libpcap reads it; so do we.
 * (Other old variants, RedHat 6.1, SuSE 6.3, Nokia, reuse the standard magic and cannot be told
 * apart from it reliably; libpcap does not try and neither do we.)
 */
export const PCAP_MAGIC_KUZNETZOV = 0xa1b2cd34;

export const PCAP_FILE_HEADER_LEN = 24;
export const PCAP_RECORD_HEADER_LEN = 16;
export const PCAP_KUZNETZOV_RECORD_HEADER_LEN = 24;

/**
 * libpcap's MAXIMUM_SNAPLEN. A record claiming more captured bytes than this is corrupt:
 * libpcap stops with "invalid packet capture length N, bigger than maximum of 262144", and we
 * refuse to allocate on such a word too.
 */
export const PCAP_MAX_CAPLEN = 262144;

export interface PcapMagic {
  bigEndian: boolean;
  /** Nanosecond timestamps (magic a1b23c4d). */
  nano: boolean;
  /** Record header length: 16, or 24 for the modified (Kuznetzov) format. */
  recordHeaderLen: number;
}

export interface PcapFileHeader extends PcapMagic {
  versionMajor: number;
  versionMinor: number;
  snapLen: number;
  /** The link-layer type: the low 16 bits of the LinkType field. */
  linkType: number;
  /** The whole LinkType-and-additional-information word, as written. */
  linkTypeField: number;
  /** Bytes of FCS at the end of each packet, when the header says so (bit 26 set); else undefined. */
  fcsLen: number | undefined;
}

const MAGICS: readonly [number, PcapMagic, PcapMagic][] = [
  [PCAP_MAGIC_US, { bigEndian: true, nano: false, recordHeaderLen: 16 }, { bigEndian: false, nano: false, recordHeaderLen: 16 }],
  [PCAP_MAGIC_NS, { bigEndian: true, nano: true, recordHeaderLen: 16 }, { bigEndian: false, nano: true, recordHeaderLen: 16 }],
  [PCAP_MAGIC_KUZNETZOV, { bigEndian: true, nano: false, recordHeaderLen: 24 }, { bigEndian: false, nano: false, recordHeaderLen: 24 }],
];

/** Which classic pcap variant the first four bytes announce, or undefined if none. */
export function pcapMagic(b0: number, b1: number, b2: number, b3: number): PcapMagic | undefined {
  const be = ((b0 << 24) | (b1 << 16) | (b2 << 8) | b3) >>> 0;
  const le = ((b3 << 24) | (b2 << 16) | (b1 << 8) | b0) >>> 0;
  for (const [magic, big, little] of MAGICS) {
    if (be === magic) return big;
    if (le === magic) return little;
  }
  return undefined;
}

/**
 * Decode the 24-byte file header at `p` (the caller has checked the magic and that 24 bytes are
 * present).
 *
 * The LinkType word, per the draft and libpcap's LT_* macros:
 *   bits 0-15  link-layer type          bits 16-25 reserved (must be 0)
 *   bit  26    "FCS length present"     bits 28-31 FCS length, in 16-bit words
 * Only the low 16 bits name the link type; the rest must not leak into Frame.linkType.
 */
export function readPcapFileHeader(dv: DataView, p: number, magic: PcapMagic): PcapFileHeader {
  const le = !magic.bigEndian;
  const field = dv.getUint32(p + 20, le);
  return {
    ...magic,
    versionMajor: dv.getUint16(p + 4, le),
    versionMinor: dv.getUint16(p + 6, le),
    snapLen: dv.getUint32(p + 16, le),
    linkType: field & 0xffff,
    linkTypeField: field,
    fcsLen: field & 0x04000000 ? ((field >>> 28) & 0xf) * 2 : undefined,
  };
}
