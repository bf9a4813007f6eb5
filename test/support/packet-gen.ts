/**
 * fast-check arbitraries that build raw link-layer frames for the live-oracle tests.
 *
 * Two layers, so a failing case can be read and rebuilt:
 *  - arbitraries produce plain *specs* (numbers, byte arrays, small records);
 *  - pure `build*` functions turn a spec into bytes, computing lengths and checksums.
 *
 * "Well-formed" means lengths and checksums agree with the bytes, computed here independently of
 * src/ (an oracle test must not borrow the code it checks). "Malformed" specs say what is wrong in
 * their `mal` field, and every frame carries a `tags` list (e.g. `ipv4`, `opt:rr`, `tcp:badcsum`)
 * so mismatches can be grouped by what the generator did.
 *
 * Checksums follow tcpdump's own notion of "correct": the TCP/UDP pseudo header uses the final
 * destination of an IPv4 source route (ip_finddst) or of the first IPv6 routing header of type
 * 0, 2 or 4 (ip6_finddst).
 */
import fc from 'fast-check';
import { concatBytes } from '../../src/capture/writer.js';

// ---------------------------------------------------------------------------------------------
// Link types (LINKTYPE_* values as written in pcap headers)

export const LINKTYPE = {
  NULL: 0,
  ETHERNET: 1,
  RAW: 101,
  LINUX_SLL: 113,
  IPV4: 228,
  IPV6: 229,
  LINUX_SLL2: 276,
} as const;

export const ALL_LINKTYPES: readonly number[] = [0, 1, 101, 113, 228, 229, 276];

// ---------------------------------------------------------------------------------------------
// Byte helpers

/** A growable big-endian byte writer. */
export class Bytes {
  private a: number[] = [];
  get length(): number {
    return this.a.length;
  }
  u8(v: number): this {
    this.a.push(v & 0xff);
    return this;
  }
  u16(v: number): this {
    this.a.push((v >>> 8) & 0xff, v & 0xff);
    return this;
  }
  u32(v: number): this {
    this.a.push((v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff);
    return this;
  }
  bytes(b: ArrayLike<number>): this {
    for (let i = 0; i < b.length; i++) this.a.push(b[i] & 0xff);
    return this;
  }
  zeros(n: number): this {
    for (let i = 0; i < n; i++) this.a.push(0);
    return this;
  }
  set16(off: number, v: number): void {
    this.a[off] = (v >>> 8) & 0xff;
    this.a[off + 1] = v & 0xff;
  }
  out(): Uint8Array {
    return Uint8Array.from(this.a);
  }
}

export function concat(...parts: Uint8Array[]): Uint8Array {
  return concatBytes(parts);
}

export const ascii = (s: string): Uint8Array => Uint8Array.from(s, (c) => c.charCodeAt(0) & 0xff);

export const hex = (b: Uint8Array): string => Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');

export function fromHex(s: string): Uint8Array {
  const t = s.replace(/[^0-9a-fA-F]/g, '');
  const r = new Uint8Array(t.length >> 1);
  for (let i = 0; i < r.length; i++) r[i] = parseInt(t.slice(2 * i, 2 * i + 2), 16);
  return r;
}

/** RFC 1071 sum of 16-bit words (not folded). */
export function sum16(b: Uint8Array, off = 0, len = b.length - off, acc = 0): number {
  let s = acc;
  let i = off;
  const stop = off + (len & ~1);
  for (; i < stop; i += 2) s += (b[i] << 8) | b[i + 1];
  if (len & 1) s += b[stop] << 8;
  return s;
}

export function fold(s: number): number {
  while (s > 0xffff) s = (s & 0xffff) + Math.floor(s / 0x10000);
  return s;
}

/** The value a sender writes in a checksum field over the given words. */
export const cksum = (s: number): number => ~fold(s) & 0xffff;

/** A checksum that is certainly wrong: flip some bits of the right one. */
const spoil = (c: number, x: number): number => (c ^ (x & 0xffff || 0x5a5a)) & 0xffff;

// ---------------------------------------------------------------------------------------------
// Primitive arbitraries

const u8 = fc.integer({ min: 0, max: 0xff });
const u16 = fc.integer({ min: 0, max: 0xffff });
const u32 = fc.integer({ min: 0, max: 0xffffffff });
const bytesArb = (min: number, max: number) => fc.uint8Array({ minLength: min, maxLength: max });
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

/** Mostly realistic, sometimes wild: a value from a pool of typical ones, or anything. */
function typical(pool: readonly number[], any: fc.Arbitrary<number>, anyWeight = 1): fc.Arbitrary<number> {
  return fc.oneof(w(4, fc.constantFrom(...pool)), w(anyWeight, any));
}

const v4Pool: readonly number[][] = [
  [10, 0, 0, 1],
  [10, 0, 0, 2],
  [192, 168, 1, 10],
  [192, 168, 1, 1],
  [93, 184, 216, 34],
  [127, 0, 0, 1],
  [172, 16, 5, 4],
  [255, 255, 255, 255],
  [0, 0, 0, 0],
  [224, 0, 0, 251],
];

export const ipv4Addr: fc.Arbitrary<Uint8Array> = fc.oneof(
  w(3, fc.constantFrom(...v4Pool).map((a) => Uint8Array.from(a))),
  w(2, bytesArb(4, 4)),
);

const v6Pool: readonly string[] = [
  '20010db8000000000000000000000001',
  '20010db8000000000000000000000002',
  'fe800000000000000000000000000001',
  'fe80000000000000021122fffe334455',
  '00000000000000000000000000000001',
  '00000000000000000000000000000000',
  '00000000000000000000ffffc0a8010a', // ::ffff:192.168.1.10
  '000000000000000000000000c0a8010a', // ::192.168.1.10 (deprecated compatible)
  '20010db8000000010000000000000001', // 2001:db8:0:1::1 (one zero group, then a run)
  '20010db8000000000001000000000001', // 2001:db8::1:0:0:1 (two equal runs: leftmost wins)
  '20010db8000100000001000100010001', // a single zero group: not compressed
  'ff020000000000000000000000000001',
  'ff020000000000000000000000000002',
  '2606470000000000000000006810c5d2',
];

/** IPv6 addresses with assorted zero runs, so address compression is exercised. */
export const ipv6Addr: fc.Arbitrary<Uint8Array> = fc.oneof(
  w(3, fc.constantFrom(...v6Pool).map(fromHex)),
  w(1, bytesArb(16, 16)),
  w(
    2,
    fc.array(fc.oneof(w(3, fc.constant(0)), w(1, fc.integer({ min: 1, max: 0xff })), w(1, u16)), { minLength: 8, maxLength: 8 }).map(
      (g) => {
        const b = new Bytes();
        for (const x of g) b.u16(x);
        return b.out();
      },
    ),
  ),
);

export const macAddr: fc.Arbitrary<Uint8Array> = fc.oneof(
  w(3, bytesArb(6, 6)),
  w(1, fc.constantFrom('ffffffffffff', '000000000000', '01005e000001', '333300000001').map(fromHex)),
);

/**
 * Ports that tcpdump 4.99.3 hands to a protocol printer of their own, found by printing a 16-byte
 * payload on every port (source and destination) and keeping those not printed as plain
 * `UDP, length 16` / `length 16`. The payload-dependent ones (SSH banners, NetBIOS) are not here.
 */
export const TCPDUMP_UDP_PORTS: ReadonlySet<number> = new Set([
  53, 67, 68, 69, 88, 123, 161, 162, 319, 320, 496, 500, 514, 520, 521, 525, 546, 547, 646, 654, 698, 701, 750, 921, 1589,
  1645, 1646, 1700, 1701, 1812, 1813, 1985, 2103, 2104, 3456, 3503, 3784, 3785, 3799, 4342, 4500, 4567, 4784, 4789, 4790,
  5060, 5353, 5359, 6081, 6343, 6635, 6696, 6697, 6784, 7000, 7001, 7002, 7003, 7004, 7005, 7006, 7007, 7008, 7009, 7500,
  8231, 8472, 8500, 12222, 12223, 17754, 30490, 49152,
]);
export const TCPDUMP_TCP_PORTS: ReadonlySet<number> = new Set([21, 25, 43, 53, 80, 179, 323, 554, 639, 1723, 6379, 6633, 6653, 8080, 8554, 10288]);

/**
 * The dispatched ports a TLS tool meets (DNS, mDNS, HTTP). Random ports avoid the others (BGP,
 * SNMP, RADIUS...) unless ORACLE_ALL_PORTS=1: one random hit on SNMP is a run that fails for
 * a printer we never meant to write. The exclusion is deliberate and reported, not silent.
 */
const IN_SCOPE_PORTS: ReadonlySet<number> = new Set([53, 5353, 80, 8080]);
const ALL_PORTS = typeof process !== 'undefined' && process.env.ORACLE_ALL_PORTS === '1';

const anyPort = (dispatched: ReadonlySet<number>, min = 0) =>
  fc.integer({ min, max: 0xffff }).map((p) => {
    if (ALL_PORTS) return p;
    while (dispatched.has(p) && !IN_SCOPE_PORTS.has(p)) p = p === 0xffff ? min : p + 1;
    return p;
  });

export const tcpPort: fc.Arbitrary<number> = fc.oneof(
  w(6, fc.constantFrom(443, 80, 8443, 53, 8080)),
  w(6, anyPort(TCPDUMP_TCP_PORTS, 1024)),
  w(1, anyPort(TCPDUMP_TCP_PORTS)),
);

export const udpPort: fc.Arbitrary<number> = fc.oneof(
  w(5, fc.constantFrom(53, 443, 5353, 4433)),
  w(6, anyPort(TCPDUMP_UDP_PORTS, 1024)),
  w(1, anyPort(TCPDUMP_UDP_PORTS)),
);

// ---------------------------------------------------------------------------------------------
// TCP options

export type TcpOpt =
  | { k: 'eol' }
  | { k: 'nop' }
  | { k: 'mss'; v: number }
  | { k: 'ws'; v: number }
  | { k: 'sackok' }
  | { k: 'sack'; blocks: [number, number][] }
  | { k: 'ts'; val: number; ecr: number }
  | { k: 'md5'; sig: Uint8Array }
  | { k: 'mptcp'; sub: number; body: Uint8Array }
  | { k: 'tfo'; cookie: Uint8Array }
  | { k: 'exp'; kind: 253 | 254; exid: number; body: Uint8Array }
  | { k: 'uto'; v: number }
  | { k: 'echo'; kind: 6 | 7; v: number }
  | { k: 'unknown'; kind: number; body: Uint8Array }
  /** Deliberately broken: kind with a length byte that is 0, 1, too large, or wrong for the kind. */
  | { k: 'bad'; kind: number; len: number; body: Uint8Array };

export function encodeTcpOpt(o: TcpOpt): Uint8Array {
  const b = new Bytes();
  switch (o.k) {
    case 'eol':
      return b.u8(0).out();
    case 'nop':
      return b.u8(1).out();
    case 'mss':
      return b.u8(2).u8(4).u16(o.v).out();
    case 'ws':
      return b.u8(3).u8(3).u8(o.v).out();
    case 'sackok':
      return b.u8(4).u8(2).out();
    case 'sack':
      b.u8(5).u8(2 + 8 * o.blocks.length);
      for (const [l, r] of o.blocks) b.u32(l).u32(r);
      return b.out();
    case 'ts':
      return b.u8(8).u8(10).u32(o.val).u32(o.ecr).out();
    case 'md5':
      return b.u8(19).u8(18).bytes(o.sig).out();
    case 'mptcp':
      return b.u8(30).u8(3 + o.body.length).u8(o.sub).bytes(o.body).out();
    case 'tfo':
      return b.u8(34).u8(2 + o.cookie.length).bytes(o.cookie).out();
    case 'exp':
      return b.u8(o.kind).u8(4 + o.body.length).u16(o.exid).bytes(o.body).out();
    case 'uto':
      return b.u8(28).u8(4).u16(o.v).out();
    case 'echo':
      return b.u8(o.kind).u8(6).u32(o.v).out();
    case 'unknown':
      return b.u8(o.kind).u8(2 + o.body.length).bytes(o.body).out();
    case 'bad':
      return b.u8(o.kind).u8(o.len).bytes(o.body).out();
  }
}

/** MPTCP: subtype in the high nibble of the byte after the length (version/flags low). */
const mptcpOpt: fc.Arbitrary<TcpOpt> = fc
  .oneof(
    // MP_CAPABLE: v1 SYN (len 4), v0/v1 with keys (12, 20), with data-level length (22, 24)
    fc.record({ sub: fc.constant(0x00 | 1), len: fc.constantFrom(4, 12, 20, 22, 24) }),
    fc.record({ sub: fc.constant(0x00), len: fc.constantFrom(12, 20) }),
    // MP_JOIN: SYN 12, SYN/ACK 16, ACK 24
    fc.record({ sub: fc.constant(0x10), len: fc.constantFrom(12, 16, 24) }),
    // DSS: flags decide which parts are present; lengths 4..28
    fc.record({ sub: fc.constant(0x20), len: fc.constantFrom(4, 8, 10, 12, 16, 18, 20, 24, 26, 28) }),
    // ADD_ADDR v4/v6 with/without port and hmac
    fc.record({ sub: fc.constantFrom(0x30, 0x34, 0x36), len: fc.constantFrom(8, 10, 16, 18, 20, 22, 30) }),
    // REMOVE_ADDR: 3 + n ids
    fc.record({ sub: fc.constant(0x40), len: fc.integer({ min: 4, max: 8 }) }),
    // MP_PRIO (3/4), MP_FAIL (12), MP_FASTCLOSE (12), MP_TCPRST (4)
    fc.record({ sub: fc.constantFrom(0x50, 0x51), len: fc.constantFrom(3, 4) }),
    fc.record({ sub: fc.constantFrom(0x60, 0x70), len: fc.constant(12) }),
    fc.record({ sub: fc.constant(0x80), len: fc.constant(4) }),
    // unknown subtype / wrong length
    fc.record({ sub: u8, len: fc.integer({ min: 3, max: 16 }) }),
  )
  .chain(({ sub, len }) =>
    fc.tuple(bytesArb(len - 3, len - 3), u8).map(([body, flags]): TcpOpt => {
      // The byte after the subtype holds flags for MP_CAPABLE/DSS/JOIN: randomise it.
      if (body.length > 0) body[0] = flags;
      return { k: 'mptcp', sub, body };
    }),
  );

export const tcpOpt: fc.Arbitrary<TcpOpt> = fc.oneof(
  w(4, fc.constant<TcpOpt>({ k: 'nop' })),
  w(1, fc.constant<TcpOpt>({ k: 'eol' })),
  w(3, typical([1460, 1440, 536, 1380, 65495, 0], u16).map((v): TcpOpt => ({ k: 'mss', v }))),
  w(2, fc.oneof(w(4, fc.integer({ min: 0, max: 14 })), w(1, u8)).map((v): TcpOpt => ({ k: 'ws', v }))),
  w(2, fc.constant<TcpOpt>({ k: 'sackok' })),
  w(2, fc.array(fc.tuple(u32, u32), { minLength: 1, maxLength: 4 }).map((blocks): TcpOpt => ({ k: 'sack', blocks }))),
  w(3, fc.record({ val: u32, ecr: typical([0], u32) }).map(({ val, ecr }): TcpOpt => ({ k: 'ts', val, ecr }))),
  w(1, bytesArb(16, 16).map((sig): TcpOpt => ({ k: 'md5', sig }))),
  w(2, mptcpOpt),
  w(
    1,
    fc
      .oneof(fc.constant(0), fc.integer({ min: 2, max: 8 }).map((n) => 2 * n), fc.integer({ min: 1, max: 17 }))
      .chain((n) => bytesArb(n, n))
      .map((cookie): TcpOpt => ({ k: 'tfo', cookie })),
  ),
  w(
    1,
    fc
      .record({
        kind: fc.constantFrom<253 | 254>(253, 254),
        exid: typical([0xf989, 0x4e4f, 0x0348], u16),
        body: fc.oneof(bytesArb(0, 0), bytesArb(4, 16), bytesArb(1, 3)),
      })
      .map((r): TcpOpt => ({ k: 'exp', ...r })),
  ),
  w(1, u16.map((v): TcpOpt => ({ k: 'uto', v }))),
  w(1, fc.record({ kind: fc.constantFrom<6 | 7>(6, 7), v: u32 }).map((r): TcpOpt => ({ k: 'echo', ...r }))),
  w(
    2,
    fc
      .record({ kind: fc.oneof(fc.constantFrom(9, 10, 11, 12, 13, 14, 15, 27, 29, 69, 76, 78), fc.integer({ min: 35, max: 252 })), body: bytesArb(0, 10) })
      .map((r): TcpOpt => ({ k: 'unknown', ...r })),
  ),
  w(
    2,
    fc
      .record({
        kind: fc.constantFrom(2, 3, 4, 5, 8, 19, 28, 30, 34, 253, 99),
        len: fc.oneof(fc.constantFrom(0, 1), fc.integer({ min: 2, max: 60 })),
        body: bytesArb(0, 12),
      })
      .map((r): TcpOpt => ({ k: 'bad', ...r })),
  ),
);

/** Realistic SYN option lists (Linux, macOS, Windows shapes). */
export const synOpts: fc.Arbitrary<TcpOpt[]> = fc
  .record({ mss: typical([1460, 1440, 65495, 1380], u16), ws: fc.integer({ min: 0, max: 14 }), tsv: u32, shape: fc.integer({ min: 0, max: 3 }) })
  .map(({ mss, ws, tsv, shape }): TcpOpt[] => {
    const nop: TcpOpt = { k: 'nop' };
    switch (shape) {
      case 0: // Linux
        return [{ k: 'mss', v: mss }, { k: 'sackok' }, { k: 'ts', val: tsv, ecr: 0 }, nop, { k: 'ws', v: ws }];
      case 1: // macOS
        return [{ k: 'mss', v: mss }, nop, { k: 'ws', v: ws }, nop, nop, { k: 'ts', val: tsv, ecr: 0 }, { k: 'sackok' }, { k: 'eol' }];
      case 2: // Windows
        return [{ k: 'mss', v: mss }, nop, { k: 'ws', v: ws }, nop, nop, { k: 'sackok' }];
      default:
        return [{ k: 'mss', v: mss }];
    }
  });

/** Encode options and pad to a multiple of 4 (EOL then zeros, or NOPs), at most 40 bytes. */
export function encodeTcpOpts(opts: readonly TcpOpt[], padWithNop = false): Uint8Array {
  const parts: Uint8Array[] = [];
  let n = 0;
  for (const o of opts) {
    const e = encodeTcpOpt(o);
    if (n + e.length > 40) break;
    parts.push(e);
    n += e.length;
  }
  const pad = (4 - (n % 4)) % 4;
  const p = new Uint8Array(pad);
  if (padWithNop) p.fill(1);
  return concat(...parts, p);
}

// ---------------------------------------------------------------------------------------------
// Payloads

export type Payload = { kind: string; data: Uint8Array };

const tlsRecord = fc
  .record({
    type: fc.oneof(w(5, fc.constantFrom(20, 21, 22, 23)), w(1, u8)),
    ver: fc.oneof(w(5, fc.constantFrom(0x0301, 0x0303, 0x0304, 0x0300, 0x0302)), w(1, u16)),
    body: bytesArb(0, 120),
    lenDelta: fc.oneof(w(5, fc.constant(0)), w(1, fc.integer({ min: -10, max: 2000 }))),
  })
  .map(({ type, ver, body, lenDelta }) => {
    const b = new Bytes().u8(type).u16(ver).u16(Math.max(0, body.length + lenDelta)).bytes(body);
    return b.out();
  });

export const tlsPayload: fc.Arbitrary<Payload> = fc
  .array(tlsRecord, { minLength: 1, maxLength: 3 })
  .map((recs) => ({ kind: 'tls', data: concat(...recs) }));

const token = fc.stringMatching(/^[a-z0-9]{1,8}$/);

export const httpPayload: fc.Arbitrary<Payload> = fc
  .record({
    shape: fc.integer({ min: 0, max: 4 }),
    method: fc.constantFrom('GET', 'POST', 'HEAD', 'PUT', 'OPTIONS', 'DELETE', 'CONNECT', 'PATCH', 'TRACE', 'BREW'),
    path: fc.array(token, { maxLength: 3 }).map((p) => '/' + p.join('/')),
    ver: fc.constantFrom('HTTP/1.1', 'HTTP/1.0', 'HTTP/2.0'),
    host: token,
    status: fc.constantFrom('200 OK', '404 Not Found', '301 Moved Permanently', '500 Internal Server Error'),
    tail: bytesArb(0, 20),
  })
  .map(({ shape, method, path, ver, host, status, tail }): Payload => {
    switch (shape) {
      case 0:
        return { kind: 'http-req', data: ascii(`${method} ${path} ${ver}\r\nHost: ${host}.example\r\nUser-Agent: t/1\r\n\r\n`) };
      case 1:
        return { kind: 'http-resp', data: ascii(`${ver} ${status}\r\nContent-Length: 0\r\n\r\n`) };
      case 2: // a request line split across segments: no CRLF
        return { kind: 'http-partial', data: ascii(`${method} ${path}`) };
      case 3: // LF-only line endings
        return { kind: 'http-lf', data: ascii(`${method} ${path} ${ver}\nHost: ${host}\n\n`) };
      default: // a request line followed by binary junk
        return { kind: 'http-junk', data: concat(ascii(`${method} ${path} ${ver}\r\n`), tail) };
    }
  });

export const randomPayload: fc.Arbitrary<Payload> = fc
  .oneof(w(4, bytesArb(1, 64)), w(1, bytesArb(65, 400)), w(1, bytesArb(1000, 1460)))
  .map((data) => ({ kind: 'random', data }));

// DNS ---------------------------------------------------------------------------------------

const dnsLabel = fc.oneof(w(6, fc.stringMatching(/^[a-z][a-z0-9-]{0,9}$/)), w(1, fc.constantFrom('www', 'example', 'com', 'org', '_tcp', 'x'.repeat(63))));
const dnsName = fc.array(dnsLabel, { minLength: 0, maxLength: 4 });

function encodeName(labels: readonly string[]): Uint8Array {
  const b = new Bytes();
  for (const l of labels) b.u8(l.length).bytes(ascii(l));
  return b.u8(0).out();
}

const dnsType = fc.oneof(w(5, fc.constantFrom(1, 28, 5, 2, 12, 15, 16, 33, 65, 64, 255, 6)), w(1, u16));

type DnsRr = { name: 'ptr' | string[]; type: number; cls: number; ttl: number; rdata: Uint8Array };

const dnsRr: fc.Arbitrary<DnsRr> = fc
  .record({
    name: fc.oneof(w(3, fc.constant<'ptr'>('ptr')), w(1, dnsName)),
    type: fc.constantFrom(1, 28, 5, 16, 99),
    cls: typical([1], u16),
    ttl: typical([300, 60, 0], u32),
    a: bytesArb(4, 4),
    aaaa: bytesArb(16, 16),
    cname: dnsName,
    txt: fc.array(token, { minLength: 1, maxLength: 2 }),
    raw: bytesArb(0, 12),
  })
  .map(({ name, type, cls, ttl, a, aaaa, cname, txt, raw }): DnsRr => {
    let rdata: Uint8Array;
    if (type === 1) rdata = a;
    else if (type === 28) rdata = aaaa;
    else if (type === 5) rdata = encodeName(cname);
    else if (type === 16) rdata = concat(...txt.map((t) => concat(Uint8Array.of(t.length), ascii(t))));
    else rdata = raw;
    return { name, type, cls, ttl, rdata };
  });

export interface DnsSpec {
  id: number;
  flags: number;
  questions: { name: string[]; type: number; cls: number }[];
  answers: DnsRr[];
  edns: boolean;
  mal: { countDelta: number; loop: boolean; cut: number };
}

export const dnsSpec: fc.Arbitrary<DnsSpec> = fc.record({
  id: u16,
  flags: fc.oneof(w(3, fc.constantFrom(0x0100, 0x8180, 0x8183, 0x0000, 0x8580, 0x2800)), w(1, u16)),
  questions: fc.array(fc.record({ name: dnsName, type: dnsType, cls: typical([1, 0x8001], u16) }), { minLength: 0, maxLength: 2 }),
  answers: fc.array(dnsRr, { maxLength: 3 }),
  edns: fc.boolean(),
  mal: fc.oneof(
    w(6, fc.constant({ countDelta: 0, loop: false, cut: 0 })),
    w(1, fc.record({ countDelta: fc.integer({ min: -1, max: 3 }), loop: fc.boolean(), cut: fc.integer({ min: 0, max: 8 }) })),
  ),
});

export function buildDns(s: DnsSpec): Uint8Array {
  const qd = s.questions.length;
  const an = s.answers.length;
  const ar = s.edns ? 1 : 0;
  const b = new Bytes().u16(s.id).u16(s.flags).u16(Math.max(0, qd + s.mal.countDelta)).u16(an).u16(0).u16(ar);
  for (const q of s.questions) b.bytes(encodeName(q.name)).u16(q.type).u16(q.cls);
  for (const r of s.answers) {
    // a pointer to the first question's name (offset 12), or to itself when a loop is asked for
    if (r.name === 'ptr') b.u16(s.mal.loop ? 0xc000 | b.length : 0xc00c);
    else b.bytes(encodeName(r.name));
    b.u16(r.type).u16(r.cls).u32(r.ttl).u16(r.rdata.length).bytes(r.rdata);
  }
  if (s.edns) b.u8(0).u16(41).u16(1232).u32(0).u16(0);
  const out = b.out();
  return s.mal.cut > 0 ? out.subarray(0, Math.max(0, out.length - s.mal.cut)) : out;
}

export const dnsPayload: fc.Arbitrary<Payload> = dnsSpec.map((s) => ({ kind: 'dns', data: buildDns(s) }));

// ---------------------------------------------------------------------------------------------
// Transport specs

export interface TcpSpec {
  sport: number;
  dport: number;
  seq: number;
  ack: number;
  /** The 8 flag bits of byte 13 (CWR ECE URG ACK PSH RST SYN FIN). */
  flags: number;
  /** The 4 bits below the data offset (reserved; the lowest one was NS/AE). */
  rsv: number;
  win: number;
  urg: number;
  opts: Uint8Array;
  payload: Uint8Array;
  /** Kind of payload for tags ('', 'random', 'tls', 'http-req', ...). */
  payloadKind: string;
  mal: {
    /** Data offset to write instead of the right one (in 32-bit words, 0..15). */
    doff?: number;
    badCsum?: number;
  };
}

export interface UdpSpec {
  sport: number;
  dport: number;
  payload: Uint8Array;
  payloadKind: string;
  mal: { len?: number; badCsum?: number; zeroCsum?: boolean };
}

export interface IcmpSpec {
  type: number;
  code: number;
  /** The 4 bytes after the checksum (id/seq, unused, mtu, pointer...). */
  rest: number;
  body: Uint8Array;
  mal: { badCsum?: number };
}

export type L4 =
  | { kind: 'tcp'; tcp: TcpSpec }
  | { kind: 'udp'; udp: UdpSpec }
  | { kind: 'icmp'; icmp: IcmpSpec }
  | { kind: 'icmp6'; icmp: IcmpSpec }
  | { kind: 'raw'; proto: number; data: Uint8Array }
  | { kind: 'ip'; inner: IpSpec };

const flagsArb = fc.oneof(
  // S, S., ., P., F., FP., R, R., plus ECN-setup SYNs (SEW, SE.)
  w(8, fc.constantFrom(0x02, 0x12, 0x10, 0x18, 0x11, 0x19, 0x04, 0x14, 0xc2, 0x52, 0x50, 0x90, 0x38)),
  w(3, u8),
);

export const tcpSpec = (payload: fc.Arbitrary<Payload> | null = null): fc.Arbitrary<TcpSpec> =>
  fc
    .record({
      sport: tcpPort,
      dport: tcpPort,
      seq: typical([0, 1, 0xffffffff, 0xfffffff0], u32, 4),
      ack: typical([0, 1, 0xffffffff], u32, 4),
      flags: flagsArb,
      rsv: fc.oneof(w(8, fc.constant(0)), w(1, fc.integer({ min: 0, max: 15 }))),
      win: typical([65535, 64240, 502, 0, 1024], u16),
      urg: fc.oneof(w(5, fc.constant(0)), w(1, u16)),
      opts: fc.oneof(w(3, fc.constant([] as TcpOpt[])), w(2, synOpts), w(4, fc.array(tcpOpt, { maxLength: 8 }))),
      padNop: fc.boolean(),
      pl: fc.oneof(
        w(4, fc.constant<Payload>({ kind: '', data: new Uint8Array(0) })),
        w(2, randomPayload),
        w(2, tlsPayload),
        w(2, httpPayload),
        w(1, dnsPayload),
        ...(payload ? [w(4, payload)] : []),
      ),
      mal: fc.oneof(
        w(12, fc.constant({})),
        w(2, fc.record({ badCsum: fc.integer({ min: 1, max: 0xffff }) })),
        w(1, fc.record({ doff: fc.integer({ min: 0, max: 15 }) })),
      ),
    })
    .map(
      (r): TcpSpec => {
        let data = r.pl.data;
        let kind = r.pl.kind;
        // DNS over TCP carries a 2-byte length prefix
        if (kind === 'dns') data = concat(new Bytes().u16(data.length).out(), data);
        return {
          sport: r.sport,
          dport: r.dport,
          seq: r.seq,
          ack: r.ack,
          flags: r.flags,
          rsv: r.rsv,
          win: r.win,
          urg: r.urg,
          opts: encodeTcpOpts(r.opts, r.padNop),
          payload: data,
          payloadKind: kind,
          mal: r.mal,
        };
      },
    );

export const udpSpec: fc.Arbitrary<UdpSpec> = fc
  .record({
    sport: udpPort,
    dport: udpPort,
    pl: fc.oneof(w(1, fc.constant<Payload>({ kind: '', data: new Uint8Array(0) })), w(4, randomPayload), w(5, dnsPayload), w(1, tlsPayload)),
    mal: fc.oneof(
      w(10, fc.constant({})),
      w(2, fc.record({ badCsum: fc.integer({ min: 1, max: 0xffff }) })),
      w(2, fc.record({ zeroCsum: fc.constant(true) })),
      w(1, fc.record({ len: fc.oneof(fc.constantFrom(0, 1, 7, 8, 9, 0xffff), u16) })),
    ),
  })
  .map(({ sport, dport, pl, mal }) => ({ sport, dport, payload: pl.data, payloadKind: pl.kind, mal }));

// ---------------------------------------------------------------------------------------------
// IPv4

export type Ip4Opt =
  | { k: 'eol' }
  | { k: 'nop' }
  | { k: 'rr'; ptr: number; addrs: Uint8Array[] }
  | { k: 'ts'; ptr: number; oflw: number; flg: number; data: Uint8Array }
  | { k: 'srr'; kind: 131 | 137; ptr: number; addrs: Uint8Array[] }
  | { k: 'ra'; v: number }
  | { k: 'unknown'; kind: number; body: Uint8Array }
  | { k: 'bad'; kind: number; len: number; body: Uint8Array };

export function encodeIp4Opt(o: Ip4Opt): Uint8Array {
  const b = new Bytes();
  switch (o.k) {
    case 'eol':
      return b.u8(0).out();
    case 'nop':
      return b.u8(1).out();
    case 'rr':
      b.u8(7).u8(3 + 4 * o.addrs.length).u8(o.ptr);
      for (const a of o.addrs) b.bytes(a);
      return b.out();
    case 'srr':
      b.u8(o.kind).u8(3 + 4 * o.addrs.length).u8(o.ptr);
      for (const a of o.addrs) b.bytes(a);
      return b.out();
    case 'ts':
      return b.u8(68).u8(4 + o.data.length).u8(o.ptr).u8((o.oflw << 4) | o.flg).bytes(o.data).out();
    case 'ra':
      return b.u8(148).u8(4).u16(o.v).out();
    case 'unknown':
      return b.u8(o.kind).u8(2 + o.body.length).bytes(o.body).out();
    case 'bad':
      return b.u8(o.kind).u8(o.len).bytes(o.body).out();
  }
}

const addrList = (min: number, max: number) => fc.array(ipv4Addr, { minLength: min, maxLength: max });

export const ip4Opt: fc.Arbitrary<Ip4Opt> = fc.oneof(
  w(3, fc.constant<Ip4Opt>({ k: 'nop' })),
  w(1, fc.constant<Ip4Opt>({ k: 'eol' })),
  w(
    2,
    addrList(1, 9).chain((addrs) =>
      fc.oneof(fc.integer({ min: 0, max: addrs.length }).map((i) => 4 + 4 * i), u8).map((ptr): Ip4Opt => ({ k: 'rr', ptr, addrs })),
    ),
  ),
  w(
    2,
    fc
      .record({
        flg: fc.oneof(w(4, fc.constantFrom(0, 1, 3)), w(1, fc.integer({ min: 0, max: 15 }))),
        oflw: fc.integer({ min: 0, max: 15 }),
        n: fc.integer({ min: 0, max: 4 }),
        ptrAny: fc.option(u8, { freq: 4 }),
      })
      .chain(({ flg, oflw, n, ptrAny }) => {
        const unit = flg === 0 ? 4 : 8;
        return fc.tuple(bytesArb(n * unit, n * unit), fc.integer({ min: 0, max: n })).map(([data, used]): Ip4Opt => ({
          k: 'ts',
          ptr: ptrAny ?? 5 + used * unit,
          oflw,
          flg,
          data,
        }));
      }),
  ),
  w(
    1,
    fc
      .record({ kind: fc.constantFrom<131 | 137>(131, 137), addrs: addrList(1, 4), ptr: fc.option(u8, { freq: 3 }) })
      .map(({ kind, addrs, ptr }): Ip4Opt => ({ k: 'srr', kind, addrs, ptr: ptr ?? 4 })),
  ),
  w(1, typical([0], u16).map((v): Ip4Opt => ({ k: 'ra', v }))),
  w(1, fc.record({ kind: fc.constantFrom(130, 133, 134, 136, 82, 25, 30, 94, 149, 255, 2), body: bytesArb(0, 8) }).map((r): Ip4Opt => ({ k: 'unknown', ...r }))),
  w(1, fc.record({ kind: fc.constantFrom(7, 68, 131, 137, 148, 130, 200), len: fc.oneof(fc.constantFrom(0, 1, 2, 3), fc.integer({ min: 4, max: 60 })), body: bytesArb(0, 8) }).map((r): Ip4Opt => ({ k: 'bad', ...r }))),
);

/** Encode IPv4 options, keep at most 40 bytes, pad with EOL/zeros to a multiple of 4. */
export function encodeIp4Opts(opts: readonly Ip4Opt[]): Uint8Array {
  const parts: Uint8Array[] = [];
  let n = 0;
  for (const o of opts) {
    const e = encodeIp4Opt(o);
    if (n + e.length > 40) continue;
    parts.push(e);
    n += e.length;
  }
  return concat(...parts, new Uint8Array((4 - (n % 4)) % 4));
}

/** tcpdump's ip_finddst: the last hop of a well-formed LSRR/SSRR option, else the header's destination. */
export function ipv4FinalDst(opts: Uint8Array, dst: Uint8Array): Uint8Array {
  let i = 0;
  while (i < opts.length) {
    const t = opts[i];
    if (t === 0) break;
    let len = 1;
    if (t !== 1) {
      if (i + 1 >= opts.length) break;
      len = opts[i + 1];
      if (len < 2) break;
    }
    if (opts.length - i < len) break;
    if ((t === 131 || t === 137) && len >= 7) return opts.subarray(i + len - 4, i + len);
    i += len;
  }
  return dst;
}

export interface Ipv4Spec {
  v: 4;
  tos: number;
  id: number;
  rf: boolean;
  df: boolean;
  mf: boolean;
  fragOff: number;
  ttl: number;
  src: Uint8Array;
  dst: Uint8Array;
  opts: Uint8Array;
  l4: L4;
  /** Fragment: keep only this many bytes of the transport part (a multiple of 8 when MF is set). */
  fragLen?: number;
  mal: {
    version?: number;
    ihl?: number;
    /** Added to the right total length (may make it shorter or longer than the data). */
    lenDelta?: number;
    totalLen?: number;
    badCsum?: number;
    /** Protocol number to write instead of the one the payload implies. */
    proto?: number;
  };
}

// ---------------------------------------------------------------------------------------------
// IPv6

export type Ext6 =
  | { k: 'hbh' | 'dst'; opts: Uint8Array }
  | { k: 'rt'; type: number; segLeft: number; body: Uint8Array; finalDst: Uint8Array | null }
  | { k: 'frag'; off: number; m: boolean; id: number; res: number };

export interface Ipv6Spec {
  v: 6;
  tc: number;
  flow: number;
  hlim: number;
  src: Uint8Array;
  dst: Uint8Array;
  ext: Ext6[];
  l4: L4;
  mal: { version?: number; lenDelta?: number; payloadLen?: number; nextHeader?: number };
}

export type IpSpec = Ipv4Spec | Ipv6Spec;

/** Options for hop-by-hop / destination headers, padded so the header is a multiple of 8. */
const ext6OptsArb: fc.Arbitrary<Uint8Array> = fc
  .array(
    fc.oneof(
      w(2, fc.constant(Uint8Array.of(0))), // Pad1
      w(2, fc.integer({ min: 0, max: 6 }).map((n) => concat(Uint8Array.of(1, n), new Uint8Array(n)))), // PadN
      w(2, u16.map((v) => new Bytes().u8(5).u8(2).u16(v).out())), // Router Alert
      w(1, u32.map((v) => new Bytes().u8(0xc2).u8(4).u32(v).out())), // Jumbo Payload
      w(1, fc.record({ t: u8, body: bytesArb(0, 8) }).map(({ t, body }) => concat(Uint8Array.of(t === 0 ? 0x3e : t, body.length), body))),
      w(1, fc.record({ t: u8, len: u8 }).map(({ t, len }) => Uint8Array.of(t | 1, len))), // bad length
    ),
    { maxLength: 4 },
  )
  .map((parts) => {
    const body = concat(...parts);
    const total = 2 + body.length;
    const pad = (8 - (total % 8)) % 8;
    // pad with PadN (or Pad1 when one byte is missing)
    const p = pad === 0 ? new Uint8Array(0) : pad === 1 ? Uint8Array.of(0) : concat(Uint8Array.of(1, pad - 2), new Uint8Array(pad - 2));
    return concat(body, p);
  });

export const ext6Arb: fc.Arbitrary<Ext6> = fc.oneof(
  w(2, ext6OptsArb.map((opts): Ext6 => ({ k: 'hbh', opts }))),
  w(2, ext6OptsArb.map((opts): Ext6 => ({ k: 'dst', opts }))),
  w(
    1,
    fc.array(ipv6Addr, { minLength: 1, maxLength: 3 }).chain((addrs) =>
      fc.integer({ min: 0, max: addrs.length }).map((segLeft): Ext6 => ({
        k: 'rt',
        type: 0,
        segLeft,
        body: concat(new Uint8Array(4), ...addrs),
        finalDst: addrs[addrs.length - 1],
      })),
    ),
  ),
  w(1, fc.tuple(ipv6Addr, fc.integer({ min: 0, max: 1 })).map(([a, segLeft]): Ext6 => ({ k: 'rt', type: 2, segLeft, body: concat(new Uint8Array(4), a), finalDst: a }))),
  w(
    1,
    fc.record({ addrs: fc.array(ipv6Addr, { minLength: 1, maxLength: 3 }), flags: u8, tag: u16 }).map(({ addrs, flags, tag }): Ext6 => ({
      k: 'rt',
      type: 4, // Segment Routing Header: last entry, flags, tag, segment list
      segLeft: addrs.length - 1,
      body: concat(new Bytes().u8(addrs.length - 1).u8(flags).u16(tag).out(), ...addrs),
      finalDst: addrs[0],
    })),
  ),
  w(1, fc.record({ type: fc.constantFrom(1, 3, 5, 253, 254), segLeft: u8, n: fc.integer({ min: 0, max: 2 }) }).chain(({ type, segLeft, n }) =>
    bytesArb(4 + 8 * n, 4 + 8 * n).map((body): Ext6 => ({ k: 'rt', type, segLeft, body, finalDst: null })),
  )),
  w(2, fc.record({ off: fc.oneof(fc.constant(0), fc.integer({ min: 0, max: 8191 })), m: fc.boolean(), id: u32, res: fc.oneof(w(5, fc.constant(0)), w(1, u8)) }).map((r): Ext6 => ({ k: 'frag', ...r }))),
);

// ---------------------------------------------------------------------------------------------
// Building IP packets

interface PseudoCtx {
  v: 4 | 6;
  src: Uint8Array;
  dst: Uint8Array;
}

function pseudoSum(p: PseudoCtx, proto: number, len: number): number {
  let s = sum16(p.src) + sum16(p.dst);
  s += p.v === 4 ? proto + len : Math.floor(len / 0x10000) + (len & 0xffff) + proto;
  return s;
}

export function l4Proto(l4: L4, v: 4 | 6): number {
  switch (l4.kind) {
    case 'tcp':
      return 6;
    case 'udp':
      return 17;
    case 'icmp':
      return 1;
    case 'icmp6':
      return 58;
    case 'raw':
      return l4.proto;
    case 'ip':
      return l4.inner.v === 4 ? 4 : 41;
  }
  void v;
}

export function buildTcp(t: TcpSpec, p: PseudoCtx): Uint8Array {
  const doff = 5 + t.opts.length / 4;
  const b = new Bytes()
    .u16(t.sport)
    .u16(t.dport)
    .u32(t.seq)
    .u32(t.ack)
    .u8(((t.mal.doff ?? doff) << 4) | (t.rsv & 0xf))
    .u8(t.flags)
    .u16(t.win)
    .u16(0)
    .u16(t.urg)
    .bytes(t.opts)
    .bytes(t.payload);
  const seg = b.out();
  let c = cksum(sum16(seg, 0, seg.length, pseudoSum(p, 6, seg.length)));
  if (t.mal.badCsum) c = spoil(c, t.mal.badCsum);
  seg[16] = c >> 8;
  seg[17] = c & 0xff;
  return seg;
}

export function buildUdp(u: UdpSpec, p: PseudoCtx): Uint8Array {
  const len = 8 + u.payload.length;
  const seg = new Bytes().u16(u.sport).u16(u.dport).u16(u.mal.len ?? len).u16(0).bytes(u.payload).out();
  let c = cksum(sum16(seg, 0, seg.length, pseudoSum(p, 17, seg.length)));
  if (c === 0) c = 0xffff; // RFC 768: a computed zero is sent as all ones
  if (u.mal.badCsum) c = spoil(c, u.mal.badCsum);
  if (u.mal.zeroCsum) c = 0;
  seg[6] = c >> 8;
  seg[7] = c & 0xff;
  return seg;
}

export function buildIcmp(i: IcmpSpec, p: PseudoCtx | null): Uint8Array {
  const m = new Bytes().u8(i.type).u8(i.code).u16(0).u32(i.rest).bytes(i.body).out();
  let c = cksum(sum16(m, 0, m.length, p ? pseudoSum(p, 58, m.length) : 0));
  if (i.mal.badCsum) c = spoil(c, i.mal.badCsum);
  m[2] = c >> 8;
  m[3] = c & 0xff;
  return m;
}

function buildL4(l4: L4, p: PseudoCtx): Uint8Array {
  switch (l4.kind) {
    case 'tcp':
      return buildTcp(l4.tcp, p);
    case 'udp':
      return buildUdp(l4.udp, p);
    case 'icmp':
      return buildIcmp(l4.icmp, null);
    case 'icmp6':
      return buildIcmp(l4.icmp, p);
    case 'raw':
      return l4.data;
    case 'ip':
      return buildIp(l4.inner);
  }
}

export function buildIpv4(s: Ipv4Spec): Uint8Array {
  const proto = s.mal.proto ?? l4Proto(s.l4, 4);
  let body = buildL4(s.l4, { v: 4, src: s.src, dst: ipv4FinalDst(s.opts, s.dst) });
  if (s.fragLen !== undefined) body = body.subarray(0, Math.min(body.length, s.fragLen));
  const hl = 20 + s.opts.length;
  const total = s.mal.totalLen ?? Math.max(0, Math.min(0xffff, hl + body.length + (s.mal.lenDelta ?? 0)));
  const b = new Bytes()
    .u8(((s.mal.version ?? 4) << 4) | (s.mal.ihl ?? hl / 4))
    .u8(s.tos)
    .u16(total)
    .u16(s.id)
    .u16((s.rf ? 0x8000 : 0) | (s.df ? 0x4000 : 0) | (s.mf ? 0x2000 : 0) | (s.fragOff & 0x1fff))
    .u8(s.ttl)
    .u8(proto)
    .u16(0)
    .bytes(s.src)
    .bytes(s.dst)
    .bytes(s.opts);
  const h = b.out();
  let c = cksum(sum16(h));
  if (s.mal.badCsum) c = spoil(c, s.mal.badCsum);
  h[10] = c >> 8;
  h[11] = c & 0xff;
  return concat(h, body);
}

const EXT_NH: Record<Ext6['k'], number> = { hbh: 0, rt: 43, frag: 44, dst: 60 };

export function buildIpv6(s: Ipv6Spec): Uint8Array {
  // tcpdump's ip6_finddst: the first routing header decides (types 0 and 2: its last address;
  // type 4, SRH: Segment List[0], the final segment)
  let finalDst = s.dst;
  const rt = s.ext.find((e) => e.k === 'rt');
  if (rt && rt.k === 'rt' && rt.finalDst) finalDst = rt.finalDst;
  const upper = buildL4(s.l4, { v: 6, src: s.src, dst: finalDst });
  const nhs = [...s.ext.map((e) => EXT_NH[e.k]), l4Proto(s.l4, 6)];
  const exts: Uint8Array[] = s.ext.map((e, i) => {
    const nh = nhs[i + 1];
    switch (e.k) {
      case 'hbh':
      case 'dst':
        return concat(Uint8Array.of(nh, (2 + e.opts.length) / 8 - 1), e.opts);
      case 'rt': {
        const len = 4 + e.body.length;
        const padded = concat(e.body, new Uint8Array((8 - (len % 8)) % 8));
        return concat(Uint8Array.of(nh, (4 + padded.length) / 8 - 1, e.type, e.segLeft), padded);
      }
      case 'frag':
        return new Bytes()
          .u8(nh)
          .u8(e.res)
          .u16(((e.off & 0x1fff) << 3) | (e.m ? 1 : 0))
          .u32(e.id)
          .out();
    }
  });
  const payload = concat(...exts, upper);
  const plen = s.mal.payloadLen ?? Math.max(0, Math.min(0xffff, payload.length + (s.mal.lenDelta ?? 0)));
  const h = new Bytes()
    .u32((((s.mal.version ?? 6) & 0xf) << 28 | ((s.tc & 0xff) << 20) | (s.flow & 0xfffff)) >>> 0)
    .u16(plen)
    .u8(s.mal.nextHeader ?? nhs[0])
    .u8(s.hlim)
    .bytes(s.src)
    .bytes(s.dst)
    .out();
  return concat(h, payload);
}

export const buildIp = (s: IpSpec): Uint8Array => (s.v === 4 ? buildIpv4(s) : buildIpv6(s));

// ---------------------------------------------------------------------------------------------
// ICMP specs (need the IP version for embedded headers)

const echoBody = fc.oneof(w(3, bytesArb(0, 56)), w(1, bytesArb(57, 300)));

/** An IPv4 header + 8 bytes of its transport, as an ICMP error quotes it. */
const quotedV4: fc.Arbitrary<Uint8Array> = fc
  .record({ src: ipv4Addr, dst: ipv4Addr, proto: fc.constantFrom(6, 17, 1, 253), sport: tcpPort, dport: tcpPort, id: u16, ttl: u8, tail: bytesArb(0, 4), cut: fc.oneof(w(4, fc.constant(0)), w(1, fc.integer({ min: 1, max: 27 }))) })
  .map(({ src, dst, proto, sport, dport, id, ttl, tail, cut }) => {
    const h = new Bytes().u8(0x45).u8(0).u16(20 + 8 + 40).u16(id).u16(0x4000).u8(ttl).u8(proto).u16(0).bytes(src).bytes(dst).out();
    const c = cksum(sum16(h));
    h[10] = c >> 8;
    h[11] = c & 0xff;
    const t = new Bytes().u16(sport).u16(dport).u16(48).u16(0).bytes(tail).out();
    const q = concat(h, t);
    return cut ? q.subarray(0, q.length - cut) : q;
  });

const quotedV6: fc.Arbitrary<Uint8Array> = fc
  .record({ src: ipv6Addr, dst: ipv6Addr, nh: fc.constantFrom(6, 17, 58), sport: tcpPort, dport: tcpPort, cut: fc.oneof(w(4, fc.constant(0)), w(1, fc.integer({ min: 1, max: 47 }))) })
  .map(({ src, dst, nh, sport, dport, cut }) => {
    const q = new Bytes().u32(0x60000000).u16(48).u8(nh).u8(64).bytes(src).bytes(dst).u16(sport).u16(dport).u32(0).out();
    return cut ? q.subarray(0, q.length - cut) : q;
  });

const icmpMal = fc.oneof(w(8, fc.constant({})), w(1, fc.record({ badCsum: fc.integer({ min: 1, max: 0xffff }) })));

export const icmpSpec: fc.Arbitrary<IcmpSpec> = fc.oneof(
  w(4, fc.record({ type: fc.constantFrom(8, 0), code: typical([0], u8), rest: u32, body: echoBody, mal: icmpMal })),
  w(3, fc.record({ type: fc.constant(3), code: fc.integer({ min: 0, max: 16 }), rest: typical([0, 1500, 1280], u32), body: quotedV4, mal: icmpMal })),
  w(1, fc.record({ type: fc.constantFrom(11, 12, 5, 4), code: fc.integer({ min: 0, max: 2 }), rest: u32, body: quotedV4, mal: icmpMal })),
  w(1, fc.record({ type: fc.constantFrom(13, 14, 15, 16, 17, 18), code: fc.constant(0), rest: u32, body: bytesArb(0, 12), mal: icmpMal })),
  w(1, fc.record({ type: u8, code: u8, rest: u32, body: bytesArb(0, 40), mal: icmpMal })),
);

export const icmp6Spec: fc.Arbitrary<IcmpSpec> = fc.oneof(
  w(4, fc.record({ type: fc.constantFrom(128, 129), code: typical([0], u8), rest: u32, body: echoBody, mal: icmpMal })),
  w(2, fc.record({ type: fc.constantFrom(1, 3, 4), code: fc.integer({ min: 0, max: 7 }), rest: typical([0], u32), body: quotedV6, mal: icmpMal })),
  w(1, fc.record({ type: fc.constant(2), code: fc.constant(0), rest: typical([1280, 1500], u32), body: quotedV6, mal: icmpMal })),
  // Neighbor/router solicitation and advertisement with a link-layer address option
  w(
    2,
    fc
      .record({ type: fc.constantFrom(133, 134, 135, 136), target: ipv6Addr, mac: macAddr, withOpt: fc.boolean(), rest: u32, mal: icmpMal })
      .map(({ type, target, mac, withOpt, rest, mal }) => {
        const opt = withOpt ? concat(Uint8Array.of(type === 136 ? 2 : 1, 1), mac) : new Uint8Array(0);
        let body: Uint8Array;
        if (type === 133) body = opt;
        else if (type === 134) body = concat(new Bytes().u32(0).u32(0).out(), opt); // reachable, retrans
        else body = concat(target, opt);
        return { type, code: 0, rest, body, mal };
      }),
  ),
  w(1, fc.record({ type: u8, code: u8, rest: u32, body: bytesArb(0, 40), mal: icmpMal })),
);

// ---------------------------------------------------------------------------------------------
// Whole IP packets

const ipv4Mal: fc.Arbitrary<Ipv4Spec['mal']> = fc.oneof(
  w(30, fc.constant({})),
  w(3, fc.record({ badCsum: fc.integer({ min: 1, max: 0xffff }) })),
  w(2, fc.record({ lenDelta: fc.oneof(fc.integer({ min: -30, max: -1 }), fc.integer({ min: 1, max: 200 })) })),
  w(1, fc.record({ totalLen: fc.oneof(fc.constantFrom(0, 1, 19, 20, 0xffff), u16) })),
  w(2, fc.record({ ihl: fc.integer({ min: 0, max: 15 }) })),
  w(1, fc.record({ version: fc.oneof(fc.constantFrom(0, 6, 5, 15), fc.integer({ min: 0, max: 15 })) })),
  w(1, fc.record({ proto: fc.constantFrom(6, 17, 1, 58, 0, 255) })),
);

const ipv6Mal: fc.Arbitrary<Ipv6Spec['mal']> = fc.oneof(
  w(30, fc.constant({})),
  w(3, fc.record({ lenDelta: fc.oneof(fc.integer({ min: -30, max: -1 }), fc.integer({ min: 1, max: 200 })) })),
  w(1, fc.record({ payloadLen: fc.constantFrom(0, 1, 0xffff) })),
  w(1, fc.record({ version: fc.constantFrom(4, 0, 7, 15) })),
  w(1, fc.record({ nextHeader: fc.constantFrom(6, 17, 58, 0, 59, 255) })),
);

/** Transport protocols tcpdump leaves undecoded, plus ESP (a one-line printer). */
const rawL4: fc.Arbitrary<L4> = fc
  .record({ proto: fc.constantFrom(253, 254, 200, 50, 59), data: bytesArb(0, 40) })
  .map(({ proto, data }): L4 => ({ kind: 'raw', proto, data }));

export interface IpGenOptions {
  /** Allow one level of IP-in-IP / IPv6-in-IP. */
  nest?: boolean;
}

const l4For = (v: 4 | 6, nest: boolean): fc.Arbitrary<L4> =>
  fc.oneof(
    w(10, tcpSpec().map((tcp): L4 => ({ kind: 'tcp', tcp }))),
    w(5, udpSpec.map((udp): L4 => ({ kind: 'udp', udp }))),
    w(3, (v === 4 ? icmpSpec : icmp6Spec).map((icmp): L4 => (v === 4 ? { kind: 'icmp', icmp } : { kind: 'icmp6', icmp }))),
    w(1, rawL4),
    ...(nest ? [w(1, fc.oneof(ipv4Spec({ nest: false }), ipv6Spec({ nest: false })).map((inner): L4 => ({ kind: 'ip', inner })))] : []),
  );

export function ipv4Spec(o: IpGenOptions = {}): fc.Arbitrary<Ipv4Spec> {
  return fc
    .record({
      tos: typical([0, 0x10, 0x02, 0x03, 0xb8], u8),
      id: u16,
      rf: fc.oneof(w(20, fc.constant(false)), w(1, fc.constant(true))),
      df: fc.boolean(),
      frag: fc.oneof(
        w(12, fc.constant({ mf: false, off: 0 })),
        w(1, fc.record({ mf: fc.constant(true), off: fc.constant(0) })),
        w(1, fc.record({ mf: fc.boolean(), off: fc.integer({ min: 1, max: 8191 }) })),
      ),
      fragLen: fc.integer({ min: 1, max: 6 }).map((n) => n * 8),
      ttl: typical([64, 128, 255, 1, 0], u8),
      src: ipv4Addr,
      dst: ipv4Addr,
      opts: fc.oneof(w(6, fc.constant([] as Ip4Opt[])), w(1, fc.array(ip4Opt, { minLength: 1, maxLength: 4 }))),
      l4: l4For(4, o.nest ?? true),
      laterData: bytesArb(0, 48),
      mal: ipv4Mal,
    })
    .map((r): Ipv4Spec => {
      const opts = encodeIp4Opts(r.opts);
      // A later fragment carries no transport header: just bytes of the middle of the datagram.
      const l4: L4 = r.frag.off > 0 ? { kind: 'raw', proto: l4Proto(r.l4, 4), data: r.laterData } : r.l4;
      return {
        v: 4,
        tos: r.tos,
        id: r.id,
        rf: r.rf,
        df: r.df,
        mf: r.frag.mf,
        fragOff: r.frag.off,
        ttl: r.ttl,
        src: r.src,
        dst: r.dst,
        opts,
        l4,
        fragLen: r.frag.mf && r.frag.off === 0 ? r.fragLen : undefined,
        mal: r.mal,
      };
    });
}

export function ipv6Spec(o: IpGenOptions = {}): fc.Arbitrary<Ipv6Spec> {
  return fc
    .record({
      tc: typical([0, 0xb8, 0x02], u8),
      flow: typical([0], fc.integer({ min: 0, max: 0xfffff })),
      hlim: typical([64, 255, 1, 128], u8),
      src: ipv6Addr,
      dst: ipv6Addr,
      ext: fc.oneof(w(6, fc.constant([] as Ext6[])), w(2, fc.array(ext6Arb, { minLength: 1, maxLength: 3 }))),
      l4: l4For(6, o.nest ?? true),
      laterData: bytesArb(0, 48),
      mal: ipv6Mal,
    })
    .map((r): Ipv6Spec => {
      const laterFrag = r.ext.some((e) => e.k === 'frag' && e.off > 0);
      const l4: L4 = laterFrag ? { kind: 'raw', proto: l4Proto(r.l4, 6), data: r.laterData } : r.l4;
      return { v: 6, tc: r.tc, flow: r.flow, hlim: r.hlim, src: r.src, dst: r.dst, ext: r.ext, l4, mal: r.mal };
    });
}

// ---------------------------------------------------------------------------------------------
// ARP

export interface ArpSpec {
  htype: number;
  ptype: number;
  hlen: number;
  plen: number;
  op: number;
  sha: Uint8Array;
  spa: Uint8Array;
  tha: Uint8Array;
  tpa: Uint8Array;
}

export const arpSpec: fc.Arbitrary<ArpSpec> = fc.oneof(
  w(
    6,
    fc
      .record({ op: fc.oneof(w(6, fc.constantFrom(1, 2)), w(1, fc.constantFrom(3, 4, 8, 9, 0, 10))), sha: macAddr, spa: ipv4Addr, tha: macAddr, tpa: ipv4Addr, grat: fc.boolean(), zeroTha: fc.boolean() })
      .map(({ op, sha, spa, tha, tpa, grat, zeroTha }): ArpSpec => ({
        htype: 1,
        ptype: 0x0800,
        hlen: 6,
        plen: 4,
        op,
        sha,
        spa,
        tha: zeroTha ? new Uint8Array(6) : tha,
        tpa: grat ? spa : tpa,
      })),
  ),
  w(
    1,
    fc
      .record({ htype: typical([1, 6, 0x13], u16), ptype: typical([0x0800, 0x86dd], u16), hlen: fc.integer({ min: 0, max: 16 }), plen: fc.integer({ min: 0, max: 16 }), op: typical([1, 2], u16) })
      .chain((h) =>
        fc
          .record({ sha: bytesArb(h.hlen, h.hlen), spa: bytesArb(h.plen, h.plen), tha: bytesArb(h.hlen, h.hlen), tpa: bytesArb(h.plen, h.plen) })
          .map((a): ArpSpec => ({ ...h, ...a })),
      ),
  ),
);

export function buildArp(a: ArpSpec): Uint8Array {
  return new Bytes().u16(a.htype).u16(a.ptype).u8(a.hlen).u8(a.plen).u16(a.op).bytes(a.sha).bytes(a.spa).bytes(a.tha).bytes(a.tpa).out();
}

// ---------------------------------------------------------------------------------------------
// Network layer, as carried by a link layer

export type L3 = { kind: 'ip'; ip: IpSpec } | { kind: 'arp'; arp: ArpSpec } | { kind: 'other'; ethertype: number; data: Uint8Array };

export function buildL3(l3: L3): Uint8Array {
  return l3.kind === 'ip' ? buildIp(l3.ip) : l3.kind === 'arp' ? buildArp(l3.arp) : l3.data;
}

export function ethertypeOf(l3: L3): number {
  if (l3.kind === 'ip') return l3.ip.v === 4 ? 0x0800 : 0x86dd;
  if (l3.kind === 'arp') return 0x0806;
  return l3.ethertype;
}

// ---------------------------------------------------------------------------------------------
// Link layers

export type LinkSpec =
  | { k: 'eth'; dst: Uint8Array; src: Uint8Array; tags: { tpid: number; tci: number }[]; pad: boolean }
  | { k: 'sll'; pkttype: number; hatype: number; halen: number; addr: Uint8Array }
  | { k: 'sll2'; ifindex: number; pkttype: number; hatype: number; halen: number; addr: Uint8Array }
  | { k: 'null'; le: boolean; v6family: number }
  | { k: 'raw' };

export const linkSpec = (linkType: number): fc.Arbitrary<LinkSpec> => {
  switch (linkType) {
    case LINKTYPE.ETHERNET:
      return fc.record({
        k: fc.constant<'eth'>('eth'),
        dst: macAddr,
        src: macAddr,
        tags: fc.oneof(
          w(6, fc.constant([] as { tpid: number; tci: number }[])),
          w(1, fc.array(fc.record({ tpid: fc.constant(0x8100), tci: u16 }), { minLength: 1, maxLength: 1 })),
          w(1, fc.tuple(u16, u16, fc.constantFrom(0x88a8, 0x9100, 0x8100)).map(([o, i, tpid]) => [
            { tpid, tci: o },
            { tpid: 0x8100, tci: i },
          ])),
        ),
        pad: fc.boolean(),
      });
    case LINKTYPE.LINUX_SLL:
      return fc.record({
        k: fc.constant<'sll'>('sll'),
        pkttype: typical([0, 1, 2, 3, 4], u16),
        hatype: typical([1, 772, 65534, 776], u16),
        halen: typical([6, 0], fc.integer({ min: 0, max: 12 })),
        addr: bytesArb(8, 8),
      });
    case LINKTYPE.LINUX_SLL2:
      return fc.record({
        k: fc.constant<'sll2'>('sll2'),
        // tcpdump names the interface with if_indextoname() of the *reading* machine: small
        // indexes exercise that (the oracle gives our printer the same names), large ones print '?'
        ifindex: fc.oneof(w(1, fc.integer({ min: 0, max: 8 })), w(3, fc.integer({ min: 100000, max: 0xffffffff }))),
        pkttype: typical([0, 1, 2, 3, 4], u8),
        hatype: typical([1, 772, 65534], u16),
        halen: typical([6, 0], fc.integer({ min: 0, max: 12 })),
        addr: bytesArb(8, 8),
      });
    case LINKTYPE.NULL:
      return fc.record({ k: fc.constant<'null'>('null'), le: fc.boolean(), v6family: fc.constantFrom(24, 28, 30) });
    default:
      return fc.constant<LinkSpec>({ k: 'raw' });
  }
};

export function buildLink(link: LinkSpec, l3: L3, l3bytes: Uint8Array): Uint8Array {
  switch (link.k) {
    case 'eth': {
      const b = new Bytes().bytes(link.dst).bytes(link.src);
      for (const t of link.tags) b.u16(t.tpid).u16(t.tci);
      b.u16(ethertypeOf(l3)).bytes(l3bytes);
      if (link.pad && b.length < 60) b.zeros(60 - b.length);
      return b.out();
    }
    case 'sll':
      return new Bytes().u16(link.pkttype).u16(link.hatype).u16(link.halen).bytes(link.addr).u16(ethertypeOf(l3)).bytes(l3bytes).out();
    case 'sll2':
      return new Bytes().u16(ethertypeOf(l3)).u16(0).u32(link.ifindex).u16(link.hatype).u8(link.pkttype).u8(link.halen).bytes(link.addr).bytes(l3bytes).out();
    case 'null': {
      const fam = l3.kind === 'ip' ? (l3.ip.v === 4 ? 2 : link.v6family) : 2;
      const h = link.le ? Uint8Array.of(fam, 0, 0, 0) : Uint8Array.of(0, 0, 0, fam);
      return concat(h, l3bytes);
    }
    case 'raw':
      return l3bytes;
  }
}

// ---------------------------------------------------------------------------------------------
// Frames

/** One generated frame, ready for a pcap record. */
export interface GenFrame {
  linkType: number;
  /** The captured bytes. */
  data: Uint8Array;
  /** Length on the wire (> data.length when the capture cut it). */
  origLen: number;
  /** What the generator did, for grouping mismatches ('ipv4', 'tcp', 'opt:sack', 'mal:ihl', ...). */
  tags: string[];
}

export function tagsOfL3(l3: L3): string[] {
  const t: string[] = [];
  if (l3.kind === 'arp') return ['arp', ...(l3.arp.htype !== 1 || l3.arp.hlen !== 6 || l3.arp.plen !== 4 ? ['mal:arp'] : [])];
  if (l3.kind === 'other') return [`ethertype:${l3.ethertype.toString(16)}`];
  const ipTags = (ip: IpSpec) => {
    if (ip.v === 4) {
      t.push('ipv4');
      if (ip.opts.length) t.push('ip4opts');
      if (ip.mf || ip.fragOff) t.push('frag');
    } else {
      t.push('ipv6');
      for (const e of ip.ext) t.push(`ext:${e.k}${e.k === 'rt' ? e.type : ''}`);
      if (ip.ext.some((e) => e.k === 'frag' && (e.off > 0 || e.m))) t.push('frag');
    }
    for (const [k, v] of Object.entries(ip.mal)) if (v !== undefined) t.push(`mal:ip.${k}`);
    const l4 = ip.l4;
    if (l4.kind === 'ip') {
      t.push('nested');
      ipTags(l4.inner);
    } else if (l4.kind === 'tcp') {
      t.push('tcp');
      if (l4.tcp.payloadKind) t.push(`pl:${l4.tcp.payloadKind}`);
      if (l4.tcp.opts.length) t.push('tcpopts');
      for (const k of Object.keys(l4.tcp.mal)) t.push(`mal:tcp.${k}`);
    } else if (l4.kind === 'udp') {
      t.push('udp');
      if (l4.udp.payloadKind) t.push(`pl:${l4.udp.payloadKind}`);
      for (const k of Object.keys(l4.udp.mal)) t.push(`mal:udp.${k}`);
    } else if (l4.kind === 'raw') t.push(`proto:${l4.proto}`);
    else {
      t.push(`${l4.kind}:${l4.icmp.type}`);
      if (l4.icmp.mal.badCsum) t.push('mal:icmp.badCsum');
    }
  };
  ipTags(l3.ip);
  return t;
}

/**
 * Frame-level damage: a capture cut short (caplen < len, the snaplen case, 0 included), or a
 * record header whose wire length is 0 or below the captured length (broken writers).
 */
export type FrameDamage = null | { cut: number } | { orig: 'zero' | 'short' };

export const damageArb: fc.Arbitrary<FrameDamage> = fc.oneof(
  w(60, fc.constant(null)),
  w(5, fc.noBias(fc.integer({ min: 1, max: 999 })).map((k) => ({ cut: k / 1000 }))),
  w(1, fc.constant({ cut: 0 })),
  w(1, fc.constantFrom<'zero' | 'short'>('zero', 'short').map((orig) => ({ orig }))),
);

export function finishFrame(linkType: number, link: LinkSpec, l3: L3, damage: FrameDamage, extraTags: string[] = []): GenFrame {
  const full = buildLink(link, l3, buildL3(l3));
  const tags = [link.k, ...(link.k === 'eth' && link.tags.length ? ['vlan'] : []), ...tagsOfL3(l3), ...extraTags];
  if (damage === null) return { linkType, data: full, origLen: full.length, tags };
  if ('orig' in damage) {
    const origLen = damage.orig === 'zero' || full.length === 0 ? 0 : full.length - 1;
    return { linkType, data: full, origLen, tags: [...tags, 'mal:origlen'] };
  }
  const capLen = Math.floor(damage.cut * full.length);
  return { linkType, data: full.subarray(0, capLen), origLen: full.length, tags: [...tags, 'mal:caplen'] };
}

const carriesArp = (linkType: number) => linkType === LINKTYPE.ETHERNET || linkType === LINKTYPE.LINUX_SLL || linkType === LINKTYPE.LINUX_SLL2;

export function l3Arb(linkType: number): fc.Arbitrary<L3> {
  const v4 = ipv4Spec().map((ip): L3 => ({ kind: 'ip', ip }));
  const v6 = ipv6Spec().map((ip): L3 => ({ kind: 'ip', ip }));
  if (linkType === LINKTYPE.IPV4) return v4;
  if (linkType === LINKTYPE.IPV6) return v6;
  const arms = [w(6, v4), w(4, v6)];
  if (carriesArp(linkType)) {
    arms.push(w(1, arpSpec.map((arp): L3 => ({ kind: 'arp', arp }))));
    arms.push(w(1, fc.record({ ethertype: fc.constantFrom(0x1234, 0x88b5, 0x88b6, 0xfffe), data: bytesArb(0, 30) }).map((r): L3 => ({ kind: 'other', ...r }))));
  }
  return fc.oneof(...arms);
}

/** A single random frame of the given link type. */
export const frameArb = (linkType: number): fc.Arbitrary<GenFrame> =>
  fc.tuple(linkSpec(linkType), l3Arb(linkType), damageArb).map(([link, l3, d]) => finishFrame(linkType, link, l3, d));

// ---------------------------------------------------------------------------------------------
// TCP connections: packets of one 4-tuple in order, so relative sequence numbers get exercised

export interface FlowSpec {
  v: 4 | 6;
  client: Uint8Array;
  server: Uint8Array;
  cport: number;
  sport: number;
  cisn: number;
  sisn: number;
  /** Data segments after the handshake: direction (true = client to server) and length. */
  data: { fromClient: boolean; len: number; push: boolean; kind: 'tls' | 'http' | 'random' }[];
  close: 'fin' | 'rst' | 'none' | 'half';
  /** Start with the handshake (false: the capture starts mid-connection). */
  handshake: boolean;
  /** Segments with SACK / timestamps options on data packets. */
  ts: boolean;
  tsBase: number;
  /** Reorder or retransmit now and then. */
  retrans: number[];
}

const isnArb = fc.oneof(w(3, u32), w(2, fc.integer({ min: 0xffffff00, max: 0xffffffff })), w(1, fc.constantFrom(0, 1)));

export const flowSpec: fc.Arbitrary<FlowSpec> = fc.record({
  v: fc.constantFrom<4 | 6>(4, 4, 6),
  client: fc.constant(new Uint8Array(0)),
  server: fc.constant(new Uint8Array(0)),
  cport: fc.oneof(w(4, fc.integer({ min: 32768, max: 60999 })), w(1, fc.constantFrom(40000, 50000))),
  sport: fc.constantFrom(443, 443, 443, 80, 8443, 8080),
  cisn: isnArb,
  sisn: isnArb,
  data: fc.array(
    fc.record({
      fromClient: fc.boolean(),
      len: fc.oneof(w(3, fc.integer({ min: 1, max: 200 })), w(1, fc.integer({ min: 1000, max: 1448 }))),
      push: fc.boolean(),
      kind: fc.constantFrom<'tls' | 'http' | 'random'>('tls', 'tls', 'http', 'random'),
    }),
    { maxLength: 8 },
  ),
  close: fc.constantFrom<FlowSpec['close']>('fin', 'fin', 'rst', 'none', 'half'),
  handshake: fc.oneof(w(5, fc.constant(true)), w(1, fc.constant(false))),
  ts: fc.boolean(),
  tsBase: u32,
  retrans: fc.array(fc.integer({ min: 0, max: 30 }), { maxLength: 2 }),
});

/** A flow endpoint pair drawn from small pools, so that ports get reused across flows. */
export const flowWithAddrs: fc.Arbitrary<FlowSpec> = fc.tuple(flowSpec, ipv4Addr, ipv4Addr, ipv6Addr, ipv6Addr).map(([f, c4, s4, c6, s6]) => ({
  ...f,
  client: f.v === 4 ? c4 : c6,
  server: f.v === 4 ? s4 : s6,
}));

/** The IP packets of a flow, in order. */
export function buildFlow(f: FlowSpec): IpSpec[] {
  const segs: { fromClient: boolean; tcp: TcpSpec }[] = [];
  let cseq = f.cisn;
  let sseq = f.sisn;
  let tsv = f.tsBase;
  const opts = (extra: TcpOpt[] = []) => encodeTcpOpts(f.ts ? [{ k: 'nop' }, { k: 'nop' }, { k: 'ts', val: (tsv = (tsv + 7) >>> 0), ecr: f.tsBase }, ...extra] : extra);
  const seg = (fromClient: boolean, flags: number, payload: Uint8Array, o: Uint8Array, kind = ''): void => {
    segs.push({
      fromClient,
      tcp: {
        sport: fromClient ? f.cport : f.sport,
        dport: fromClient ? f.sport : f.cport,
        seq: fromClient ? cseq : sseq,
        ack: flags & 0x10 ? (fromClient ? sseq : cseq) : 0,
        flags,
        rsv: 0,
        win: fromClient ? 502 : 509,
        urg: 0,
        opts: o,
        payload,
        payloadKind: kind,
        mal: {},
      },
    });
  };
  const adv = (fromClient: boolean, n: number) => {
    if (fromClient) cseq = (cseq + n) >>> 0;
    else sseq = (sseq + n) >>> 0;
  };
  if (f.handshake) {
    const syn = encodeTcpOpts([{ k: 'mss', v: 1460 }, { k: 'sackok' }, { k: 'ts', val: f.tsBase, ecr: 0 }, { k: 'nop' }, { k: 'ws', v: 7 }]);
    seg(true, 0x02, new Uint8Array(0), syn);
    adv(true, 1);
    seg(false, 0x12, new Uint8Array(0), syn);
    adv(false, 1);
    seg(true, 0x10, new Uint8Array(0), opts());
  }
  let i = 0;
  for (const d of f.data) {
    const payload = new Uint8Array(d.len);
    if (d.kind === 'tls' && d.len >= 5) payload.set([23, 3, 3, (d.len - 5) >> 8, (d.len - 5) & 0xff]);
    else if (d.kind === 'http') payload.set(ascii('GET / HTTP/1.1\r\nHost: a\r\n\r\n').subarray(0, d.len));
    for (let k = 5; k < d.len; k++) payload[k] ||= (k * 31 + d.len) & 0xff;
    const saveC = cseq;
    const saveS = sseq;
    seg(d.fromClient, d.push ? 0x18 : 0x10, payload, opts(), d.kind);
    adv(d.fromClient, d.len);
    if (f.retrans.includes(i)) {
      // a retransmission of the same bytes
      const keep = d.fromClient ? cseq : sseq;
      if (d.fromClient) cseq = saveC;
      else sseq = saveS;
      seg(d.fromClient, 0x18, payload, opts(), d.kind);
      if (d.fromClient) cseq = keep;
      else sseq = keep;
    }
    // the peer acknowledges, sometimes with a SACK block
    seg(!d.fromClient, 0x10, new Uint8Array(0), opts(f.ts && i % 3 === 2 ? [{ k: 'nop' }, { k: 'nop' }, { k: 'sack', blocks: [[cseq, (cseq + 100) >>> 0]] }] : []));
    i++;
  }
  if (f.close === 'fin' || f.close === 'half') {
    seg(true, 0x11, new Uint8Array(0), opts());
    adv(true, 1);
    seg(false, f.close === 'fin' ? 0x11 : 0x10, new Uint8Array(0), opts());
    if (f.close === 'fin') {
      adv(false, 1);
      seg(true, 0x10, new Uint8Array(0), opts());
    }
  } else if (f.close === 'rst') {
    seg(false, 0x14, new Uint8Array(0), new Uint8Array(0));
  }
  let id = (f.cisn ^ f.sisn) & 0xffff;
  return segs.map(({ fromClient, tcp }): IpSpec => {
    const src = fromClient ? f.client : f.server;
    const dst = fromClient ? f.server : f.client;
    const l4: L4 = { kind: 'tcp', tcp };
    id = (id + 1) & 0xffff;
    if (f.v === 4)
      return { v: 4, tos: 0, id, rf: false, df: true, mf: false, fragOff: 0, ttl: fromClient ? 64 : 57, src, dst, opts: new Uint8Array(0), l4, mal: {} };
    return { v: 6, tc: 0, flow: fromClient ? 0x12345 : 0, hlim: fromClient ? 64 : 57, src, dst, ext: [], l4, mal: {} };
  });
}

/** Merge lists keeping each one's order; `picks` decides which list goes next. */
export function interleave<T>(lists: T[][], picks: readonly number[]): T[] {
  const idx = lists.map(() => 0);
  const out: T[] = [];
  const live = lists.map((_, i) => i).filter((i) => lists[i].length > 0);
  let p = 0;
  while (live.length) {
    const j = live[(picks.length ? picks[p++ % picks.length] : 0) % live.length];
    out.push(lists[j][idx[j]++]);
    if (idx[j] >= lists[j].length) live.splice(live.indexOf(j), 1);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Captures

export interface GenCapture {
  linkType: number;
  frames: GenFrame[];
}

export interface CaptureGenOptions {
  /** Link types to choose from (default: all). */
  linkTypes?: readonly number[];
  /** Number of frames (exactly). */
  count: number;
  /** Share of frames that come from TCP connections (0..1, default 0.4). */
  flowShare?: number;
}

/**
 * A capture of `count` frames of one link type: random single frames mixed with TCP connections
 * (some reusing the 4-tuple of an earlier one, some with sequence numbers near 2^32).
 */
export function captureArb(o: CaptureGenOptions): fc.Arbitrary<GenCapture> {
  const flowShare = o.flowShare ?? 0.4;
  return fc.constantFrom(...(o.linkTypes ?? ALL_LINKTYPES)).chain((linkType) => {
    const flowFrames = Math.floor(o.count * flowShare);
    const singles = o.count - flowFrames;
    const flowsOk = linkType !== LINKTYPE.IPV4 && linkType !== LINKTYPE.IPV6;
    return fc
      .record({
        singles: fc.array(frameArb(linkType), { minLength: singles, maxLength: singles }),
        flows: fc.array(flowWithAddrs, { minLength: 1, maxLength: Math.max(1, Math.ceil(flowFrames / 6)) }),
        reuse: fc.array(fc.nat(), { maxLength: 6 }),
        links: fc.array(linkSpec(linkType), { minLength: 8, maxLength: 8 }),
        picks: fc.array(fc.nat(), { minLength: 16, maxLength: 64 }),
        cut: fc.array(damageArb, { minLength: 16, maxLength: 16 }),
      })
      .map(({ singles, flows, reuse, links, picks, cut }): GenCapture => {
        // port reuse: copy an earlier flow's 4-tuple onto a later one
        for (const r of reuse) {
          if (flows.length < 2) break;
          const a = flows[r % flows.length];
          const bi = (r >> 3) % flows.length;
          flows[bi] = { ...flows[bi], v: a.v, client: a.client, server: a.server, cport: a.cport, sport: a.sport };
        }
        const lists: GenFrame[][] = [];
        let budget = flowFrames;
        let n = 0;
        for (const f of flows) {
          if (budget <= 0) break;
          const v: 4 | 6 = linkType === LINKTYPE.IPV4 ? 4 : linkType === LINKTYPE.IPV6 ? 6 : f.v;
          const ff = v === f.v || flowsOk ? f : { ...f, v, client: v === 4 ? new Uint8Array([10, 9, 8, 7]) : fromHex(v6Pool[0]), server: v === 4 ? new Uint8Array([10, 9, 8, 6]) : fromHex(v6Pool[1]) };
          const ips = buildFlow(ff).slice(0, budget);
          budget -= ips.length;
          lists.push(
            ips.map((ip, k) => finishFrame(linkType, links[(n + k) % links.length], { kind: 'ip', ip }, cut[(n + k) % cut.length], ['flow'])),
          );
          n += ips.length;
        }
        // fill whatever the flows did not use with single frames
        const needSingles = o.count - n;
        const extra = singles.slice(0, needSingles);
        while (extra.length < needSingles) extra.push(singles[extra.length % Math.max(1, singles.length)] ?? frameArbFallback(linkType));
        lists.push(extra);
        return { linkType, frames: interleave(lists, picks) };
      });
  });
}

/** A fixed small frame, for the corner where no single frame was generated. */
function frameArbFallback(linkType: number): GenFrame {
  const ip: Ipv4Spec = {
    v: 4,
    tos: 0,
    id: 1,
    rf: false,
    df: false,
    mf: false,
    fragOff: 0,
    ttl: 64,
    src: Uint8Array.of(10, 0, 0, 1),
    dst: Uint8Array.of(10, 0, 0, 2),
    opts: new Uint8Array(0),
    l4: { kind: 'icmp', icmp: { type: 8, code: 0, rest: 1, body: new Uint8Array(8), mal: {} } },
    mal: {},
  };
  const link: LinkSpec =
    linkType === LINKTYPE.ETHERNET
      ? { k: 'eth', dst: new Uint8Array(6), src: new Uint8Array(6), tags: [], pad: false }
      : linkType === LINKTYPE.NULL
        ? { k: 'null', le: true, v6family: 30 }
        : linkType === LINKTYPE.LINUX_SLL
          ? { k: 'sll', pkttype: 0, hatype: 1, halen: 6, addr: new Uint8Array(8) }
          : linkType === LINKTYPE.LINUX_SLL2
            ? { k: 'sll2', ifindex: 100000, pkttype: 0, hatype: 1, halen: 6, addr: new Uint8Array(8) }
            : { k: 'raw' };
  return finishFrame(linkType, link, { kind: 'ip', ip }, null);
}
