/** RFC 1071 Internet checksum helpers (ones' complement sum of 16-bit words). */

/** Add the 16-bit big-endian words of buf[off, off+len) to `sum` (an odd last byte is padded with zero). */
export function sum16(buf: Uint8Array, off: number, len: number, sum = 0): number {
  let i = off;
  const stop = off + (len & ~1);
  while (i < stop) {
    sum += (buf[i] << 8) | buf[i + 1];
    i += 2;
  }
  if (len & 1) sum += buf[stop] << 8;
  // fold often enough that a double never loses bits: 2^53 / 2^16 words is far beyond any packet
  return sum;
}

/** Fold a running sum to 16 bits and complement it: the value a sender puts in the checksum field. */
export function foldComplement(sum: number): number {
  while (sum > 0xffff) sum = (sum & 0xffff) + Math.floor(sum / 0x10000);
  return ~sum & 0xffff;
}

/** Pseudo-header sum for TCP/UDP over IPv4 or IPv6 (addresses taken from buf at srcOff/dstOff). */
export function pseudoHeaderSum(
  buf: Uint8Array,
  version: 4 | 6,
  srcOff: number,
  dstOff: number,
  proto: number,
  length: number,
): number {
  const alen = version === 4 ? 4 : 16;
  let s = sum16(buf, srcOff, alen);
  s = sum16(buf, dstOff, alen, s);
  if (version === 4) {
    s += proto + length;
  } else {
    s += Math.floor(length / 0x10000) + (length & 0xffff) + proto;
  }
  return s;
}

/**
 * The checksum a correct sender would have written for a transport segment, computed the way
 * tcpdump reports it after "incorrect ->": the sum over pseudo header and segment with the
 * checksum field taken as it is, then adjusted. Returns the ones' complement of the full sum:
 * 0 means the checksum verifies.
 */
export function transportChecksum(
  buf: Uint8Array,
  version: 4 | 6,
  srcOff: number,
  dstOff: number,
  proto: number,
  segOff: number,
  segLen: number,
): number {
  return foldComplement(sum16(buf, segOff, segLen, pseudoHeaderSum(buf, version, srcOff, dstOff, proto, segLen)));
}
