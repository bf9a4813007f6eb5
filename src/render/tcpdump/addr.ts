/** Addresses as `tcpdump -n` prints them. */

/** Dotted quad of the 4 bytes at off (caller checked they were captured). */
export function ipv4(buf: Uint8Array, off: number): string {
  return buf[off] + '.' + buf[off + 1] + '.' + buf[off + 2] + '.' + buf[off + 3];
}

/**
 * IPv6 text form as glibc's inet_ntop writes it (tcpdump uses it): lowercase hex without
 * leading zeros; the longest run of two or more zero groups (the first of equal runs) becomes
 * `::`; `::a.b.c.d` and `::ffff:a.b.c.d` keep an embedded IPv4 address.
 */
export function ipv6(buf: Uint8Array, off: number): string {
  let bestBase = -1;
  let bestLen = 0;
  let curBase = -1;
  let curLen = 0;
  for (let i = 0; i < 8; i++) {
    const w = (buf[off + 2 * i] << 8) | buf[off + 2 * i + 1];
    if (w === 0) {
      if (curBase < 0) {
        curBase = i;
        curLen = 1;
      } else curLen++;
    } else if (curBase >= 0) {
      if (curLen > bestLen) {
        bestBase = curBase;
        bestLen = curLen;
      }
      curBase = -1;
    }
  }
  if (curBase >= 0 && curLen > bestLen) {
    bestBase = curBase;
    bestLen = curLen;
  }
  if (bestLen < 2) bestBase = -1;
  let s = '';
  for (let i = 0; i < 8; i++) {
    if (bestBase >= 0 && i >= bestBase && i < bestBase + bestLen) {
      if (i === bestBase) s += ':';
      continue;
    }
    if (i !== 0) s += ':';
    const w5 = (buf[off + 10] << 8) | buf[off + 11];
    if (i === 6 && bestBase === 0 && (bestLen === 6 || (bestLen === 5 && w5 === 0xffff))) {
      s += ipv4(buf, off + 12);
      break;
    }
    s += ((buf[off + 2 * i] << 8) | buf[off + 2 * i + 1]).toString(16);
  }
  if (bestBase >= 0 && bestBase + bestLen === 8) s += ':';
  return s;
}

const HEX = '0123456789abcdef';

/** Colon-separated lowercase MAC address. */
export function mac(buf: Uint8Array, off: number, len = 6): string {
  let s = '';
  for (let i = 0; i < len; i++) {
    const b = buf[off + i];
    if (i) s += ':';
    s += HEX[b >> 4] + HEX[b & 15];
  }
  return s;
}

export function hex4(v: number): string {
  return '0x' + v.toString(16).padStart(4, '0');
}

export function hex2(v: number): string {
  return '0x' + v.toString(16).padStart(2, '0');
}
