/**
 * The packet generators of the oracle tests must build what they claim: a "well-formed" frame has
 * right lengths and checksums (checked here by a small decoder written apart from the builders),
 * and a malformed one says so in its tags. Otherwise the oracle blames the printer for our bugs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import {
  ALL_LINKTYPES,
  LINKTYPE,
  buildFlow,
  buildIpv4,
  captureArb,
  encodeTcpOpt,
  encodeTcpOpts,
  flowWithAddrs,
  fold,
  frameArb,
  fromHex,
  hex,
  interleave,
  sum16,
  tcpOpt,
  type GenFrame,
  type Ipv4Spec,
} from '../support/packet-gen.js';

const SEED = 20240601;

// ---------------------------------------------------------------------------------------------
// A decoder of our own, as small as it can be

/** Offset of the network layer and the ethertype (or AF family) that announces it. */
function l3Of(f: GenFrame): { off: number; type: number } | null {
  const d = f.data;
  switch (f.linkType) {
    case LINKTYPE.ETHERNET: {
      let off = 12;
      while (off + 2 <= d.length && [0x8100, 0x88a8, 0x9100].includes((d[off] << 8) | d[off + 1])) off += 4;
      return { off: off + 2, type: (d[off] << 8) | d[off + 1] };
    }
    case LINKTYPE.LINUX_SLL:
      return { off: 16, type: (d[14] << 8) | d[15] };
    case LINKTYPE.LINUX_SLL2:
      return { off: 20, type: (d[0] << 8) | d[1] };
    case LINKTYPE.NULL: {
      const fam = d[0] || d[3];
      return { off: 4, type: fam === 2 ? 0x0800 : 0x86dd };
    }
    case LINKTYPE.RAW:
      return { off: 0, type: d[0] >> 4 === 6 ? 0x86dd : 0x0800 };
    case LINKTYPE.IPV4:
      return { off: 0, type: 0x0800 };
    case LINKTYPE.IPV6:
      return { off: 0, type: 0x86dd };
  }
  return null;
}

const verify = (words: number): boolean => fold(words) === 0xffff;

function checkTransport(d: Uint8Array, proto: number, off: number, len: number, pseudo: number): string | null {
  if (proto === 6) {
    if (len < 20) return 'tcp shorter than 20';
    const doff = (d[off + 12] >> 4) * 4;
    if (doff < 20 || doff > len) return `tcp data offset ${doff} of ${len}`;
    if (!verify(sum16(d, off, len, pseudo + 6 + len))) return 'tcp checksum';
  } else if (proto === 17) {
    if (((d[off + 4] << 8) | d[off + 5]) !== len) return 'udp length';
    if (!verify(sum16(d, off, len, pseudo + 17 + len))) return 'udp checksum';
  } else if (proto === 58) {
    if (!verify(sum16(d, off, len, pseudo + 58 + len))) return 'icmp6 checksum';
  } else if (proto === 1) {
    if (!verify(sum16(d, off, len))) return 'icmp checksum';
  }
  return null;
}

/** Why the IP packet at `off` is not well-formed, or null. */
function checkIp(d: Uint8Array, off: number, end: number): string | null {
  const v = d[off] >> 4;
  if (v === 4) {
    const hl = (d[off] & 15) * 4;
    const total = (d[off + 2] << 8) | d[off + 3];
    if (hl < 20) return 'ihl';
    if (total !== end - off) return `ipv4 total length ${total} for ${end - off} bytes`;
    if (!verify(sum16(d, off, hl))) return 'ipv4 header checksum';
    if ((d[off + 6] & 0x3f) | d[off + 7]) return null; // a fragment: the transport can't be checked
    // the final destination of a source route goes into the pseudo header (RFC 791, tcpdump's ip_finddst)
    let dst = off + 16;
    for (let i = off + 20; i < off + hl; ) {
      const t = d[i];
      if (t === 0) break;
      const l = t === 1 ? 1 : d[i + 1];
      if ((l < 2 && t !== 1) || i + l > off + hl) break;
      if ((t === 131 || t === 137) && l >= 7) dst = i + l - 4;
      i += l;
    }
    const pseudo = sum16(d, off + 12, 4) + sum16(d, dst, 4);
    const proto = d[off + 9];
    if (proto === 4 || proto === 41) return checkIp(d, off + hl, end);
    return checkTransport(d, proto, off + hl, total - hl, pseudo);
  }
  if (v === 6) {
    const plen = (d[off + 4] << 8) | d[off + 5];
    if (plen !== end - off - 40) return `ipv6 payload length ${plen} for ${end - off - 40} bytes`;
    let nh = d[off + 6];
    let p = off + 40;
    let dst = off + 24;
    let routed = false;
    for (;;) {
      if (nh === 0 || nh === 60 || nh === 43) {
        const len = (d[p + 1] + 1) * 8;
        if (nh === 43 && !routed) {
          routed = true;
          const type = d[p + 2];
          if (type === 0 || type === 2) dst = p + len - 16;
          else if (type === 4) dst = p + 8;
        }
        nh = d[p];
        p += len;
      } else if (nh === 44) {
        if ((d[p + 2] << 8) | d[p + 3]) return null; // a fragment
        nh = d[p];
        p += 8;
      } else break;
      if (p > end) return 'extension headers past the end';
    }
    const pseudo = sum16(d, off + 8, 16) + sum16(d, dst, 16);
    if (nh === 4 || nh === 41) return checkIp(d, p, end);
    return checkTransport(d, nh, p, end - p, pseudo);
  }
  return `ip version ${v}`;
}

const isMalformed = (f: GenFrame) => f.tags.some((t) => t.startsWith('mal:') || t === 'frag');

// ---------------------------------------------------------------------------------------------

test('a known IPv4 header gets the checksum every textbook shows (0xb861)', () => {
  const spec: Ipv4Spec = {
    v: 4,
    tos: 0,
    id: 0,
    rf: false,
    df: true,
    mf: false,
    fragOff: 0,
    ttl: 64,
    src: Uint8Array.of(192, 168, 0, 1),
    dst: Uint8Array.of(192, 168, 0, 199),
    opts: new Uint8Array(0),
    l4: { kind: 'raw', proto: 17, data: new Uint8Array(0x73 - 20) },
    mal: {},
  };
  assert.equal(hex(buildIpv4(spec).subarray(0, 20)), '450000730000400040' + '11b861c0a80001c0a800c7');
});

test('TCP options encode as RFC 793/7323/2018 lay them out', () => {
  assert.equal(hex(encodeTcpOpt({ k: 'mss', v: 1460 })), '020405b4');
  assert.equal(hex(encodeTcpOpt({ k: 'ws', v: 7 })), '030307');
  assert.equal(hex(encodeTcpOpt({ k: 'ts', val: 1, ecr: 2 })), '080a0000000100000002');
  assert.equal(hex(encodeTcpOpt({ k: 'sack', blocks: [[1, 2]] })), '050a0000000100000002');
  assert.equal(hex(encodeTcpOpt({ k: 'tfo', cookie: new Uint8Array(0) })), '2202');
  assert.equal(hex(encodeTcpOpts([{ k: 'mss', v: 1460 }, { k: 'sackok' }])), '020405b404020000');
  assert.equal(hex(encodeTcpOpts([{ k: 'sackok' }], true)), '04020101');
});

test('encoded TCP option lists fit a TCP header: a multiple of 4, at most 40 bytes', () => {
  fc.assert(
    fc.property(fc.array(tcpOpt, { maxLength: 12 }), fc.boolean(), (opts, nop) => {
      const e = encodeTcpOpts(opts, nop);
      assert.equal(e.length % 4, 0);
      assert.ok(e.length <= 40, `options of ${e.length} bytes`);
    }),
    { seed: SEED, numRuns: 300 },
  );
});

test('well-formed frames have right lengths and checksums, on every link type', () => {
  let checked = 0;
  for (const lt of ALL_LINKTYPES) {
    const frames = fc.sample(frameArb(lt), { seed: SEED + lt, numRuns: 400 });
    for (const f of frames) {
      assert.equal(f.linkType, lt);
      if (f.tags.includes('mal:origlen')) {
        assert.ok(f.origLen < f.data.length || f.origLen === 0, 'a broken record header says less than was captured');
        continue;
      }
      assert.ok(f.data.length <= f.origLen, 'capLen <= origLen');
      if (f.tags.includes('mal:caplen')) {
        assert.ok(f.data.length < f.origLen, 'a cut frame is shorter than on the wire');
        continue;
      }
      assert.equal(f.data.length, f.origLen);
      if (isMalformed(f)) continue;
      const l3 = l3Of(f);
      assert.ok(l3, `link type ${lt}`);
      if (l3.type !== 0x0800 && l3.type !== 0x86dd) continue;
      // Ethernet pads short frames to 60 bytes: the IP length says where the packet ends
      let end = f.data.length;
      if (l3.type === 0x0800) end = Math.min(end, l3.off + ((f.data[l3.off + 2] << 8) | f.data[l3.off + 3]));
      else end = Math.min(end, l3.off + 40 + ((f.data[l3.off + 4] << 8) | f.data[l3.off + 5]));
      if (lt === LINKTYPE.ETHERNET && f.data.length > end) {
        assert.equal(f.data.length, 60, 'only padding follows the IP packet');
        assert.ok(f.data.subarray(end).every((b) => b === 0), 'padding is zeros');
      }
      const why = checkIp(f.data, l3.off, end);
      assert.equal(why, null, `${why}: ${f.tags.join(' ')} ${hex(f.data)}`);
      checked++;
    }
  }
  assert.ok(checked > 1000, `only ${checked} well-formed IP frames checked`);
});

test('deliberately bad checksums are bad', () => {
  let bad = 0;
  for (const f of fc.sample(frameArb(LINKTYPE.RAW), { seed: SEED, numRuns: 3000 })) {
    const tags = f.tags.filter((t) => t.startsWith('mal:'));
    if (tags.length !== 1 || f.tags.includes('frag') || f.tags.includes('nested')) continue;
    if (tags[0] === 'mal:tcp.badCsum' || tags[0] === 'mal:udp.badCsum' || tags[0] === 'mal:ip.badCsum') {
      assert.notEqual(checkIp(f.data, 0, f.data.length), null, `${tags[0]} verifies: ${hex(f.data)}`);
      bad++;
    }
  }
  assert.ok(bad > 20, `only ${bad} bad-checksum frames`);
});

test('ARP and unknown ethertypes only appear on links that carry them', () => {
  for (const lt of [LINKTYPE.RAW, LINKTYPE.IPV4, LINKTYPE.IPV6, LINKTYPE.NULL]) {
    for (const f of fc.sample(frameArb(lt), { seed: SEED, numRuns: 300 })) {
      assert.ok(!f.tags.includes('arp') && !f.tags.some((t) => t.startsWith('ethertype:')), f.tags.join(' '));
      if (lt === LINKTYPE.IPV4 && f.data.length > 0 && !f.tags.includes('mal:ip.version')) assert.equal(f.data[0] >> 4, 4);
      if (lt === LINKTYPE.IPV6 && f.data.length > 0 && !f.tags.includes('mal:ip.version')) assert.equal(f.data[0] >> 4, 6);
    }
  }
});

test('a TCP connection numbers its bytes: SYN-ACK acks ISN+1, sequence numbers advance modulo 2^32', () => {
  fc.assert(
    fc.property(flowWithAddrs, (f) => {
      const ips = buildFlow(f);
      const next = new Map<boolean, number>();
      let n = 0;
      for (const ip of ips) {
        assert.equal(ip.l4.kind, 'tcp');
        if (ip.l4.kind !== 'tcp') continue;
        const t = ip.l4.tcp;
        const fromClient = t.sport === f.cport && t.dport === f.sport;
        assert.ok(fromClient || (t.sport === f.sport && t.dport === f.cport), 'one 4-tuple');
        if (f.handshake && n === 0) assert.equal(t.seq, f.cisn);
        if (f.handshake && n === 1) {
          assert.equal(t.flags, 0x12);
          assert.equal(t.ack, (f.cisn + 1) >>> 0);
        }
        const exp = next.get(fromClient);
        const len = t.payload.length + (t.flags & 0x03 ? 1 : 0);
        if (exp !== undefined && t.seq !== exp) {
          // only a retransmission goes back, by exactly what it resends
          assert.ok(t.payload.length > 0 && ((exp - t.seq) >>> 0) === t.payload.length, `seq ${t.seq} expected ${exp}`);
        } else next.set(fromClient, (t.seq + len) >>> 0);
        assert.ok(t.seq >= 0 && t.seq <= 0xffffffff && t.ack >= 0 && t.ack <= 0xffffffff);
        n++;
      }
    }),
    { seed: SEED, numRuns: 200 },
  );
});

test('sequence numbers near 2^32 wrap in flows', () => {
  const flows = fc.sample(flowWithAddrs, { seed: SEED, numRuns: 400 });
  const wrapped = flows.some((f) => {
    const segs = buildFlow(f).map((ip) => (ip.l4.kind === 'tcp' ? ip.l4.tcp.seq : -1));
    return segs.some((s, i) => i > 0 && s >= 0 && s < 0x1000 && segs.slice(0, i).some((p) => p > 0xffff0000));
  });
  assert.ok(wrapped, 'no flow wrapped around 2^32');
});

test('interleave keeps each list in order and loses nothing', () => {
  fc.assert(
    fc.property(fc.array(fc.array(fc.nat(), { maxLength: 5 }), { maxLength: 5 }), fc.array(fc.nat(), { maxLength: 10 }), (lists, picks) => {
      const tagged = lists.map((l, i) => l.map((_, k) => [i, k] as const));
      const out = interleave(tagged, picks);
      assert.equal(out.length, lists.reduce((s, l) => s + l.length, 0));
      const seen = tagged.map(() => 0);
      for (const [i, k] of out) assert.equal(k, seen[i]++);
    }),
    { seed: SEED, numRuns: 200 },
  );
});

test('captures have exactly the asked number of frames, all of one link type, flows included', () => {
  const caps = fc.sample(captureArb({ count: 120 }), { seed: SEED, numRuns: 20 });
  const types = new Set<number>();
  let flowFrames = 0;
  let cut = 0;
  for (const c of caps) {
    types.add(c.linkType);
    assert.equal(c.frames.length, 120);
    for (const f of c.frames) {
      assert.equal(f.linkType, c.linkType);
      if (f.tags.includes('flow')) flowFrames++;
      if (f.tags.includes('mal:caplen')) cut++;
    }
  }
  assert.ok(types.size >= 4, `only link types ${[...types]}`);
  assert.ok(flowFrames > 300, `only ${flowFrames} frames from connections`);
  assert.ok(cut > 20, `only ${cut} truncated frames`);
});

test('fromHex and hex round-trip', () => {
  assert.equal(hex(fromHex('00 ff 10')), '00ff10');
});
