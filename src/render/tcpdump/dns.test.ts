import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TcpdumpPrinter } from './printer.js';
import type { TcpdumpOptions } from './ctx.js';
import type { Frame } from '../../capture/types.js';

/** One Ethernet frame, printed with -t (no timestamp) and the given flags. */
function print(opts: Partial<TcpdumpOptions>, hex: string, origLen?: number, capLen?: number): string {
  const all = Uint8Array.from(hex.match(/../g) ?? [], (h) => parseInt(h, 16));
  const data = capLen === undefined ? all : all.subarray(0, capLen);
  const frame: Frame = {
    number: 1,
    linkType: 1,
    tsSec: 0,
    tsNsec: 0,
    capLen: data.length,
    origLen: origLen ?? all.length,
    data,
    interfaceId: 0,
    snapLen: 262144,
    fileOffset: 0,
  };
  return new TcpdumpPrinter({ ...opts, tflag: 1 }).format(frame).replace(/\n$/, '');
}

interface Case {
  name: string;
  opts: Partial<TcpdumpOptions>;
  hex: string;
  origLen?: number;
  expected: string;
}

/**
 * DNS and mDNS over UDP.
 * Every `expected` string is tcpdump 4.99.3's output (`TZ=UTC tcpdump -n -t [flags] -r`) for
 * exactly these bytes, pasted as it printed it.
 */
const CASES: Case[] = [
  {
    name: "query A with RD",
    opts: {},
    hex: '66778899aabb00112233445508004500003900014000401126b10a0000010a000002fd9e00350025661c809101000001000000000000086461726b7361696c0261690000010001',
    expected: "IP 10.0.0.1.64926 > 10.0.0.2.53: 32913+ A? darksail.ai. (29)",
  },
  {
    name: "query HTTPS type 65 with EDNS",
    opts: {},
    hex: '66778899aabb00112233445508004500004400014000401126a60a0000010a000002e5b100350030b4b004da01000001000000000001086461726b7361696c026169000041000100002904d0000000000000',
    expected: "IP 10.0.0.1.58801 > 10.0.0.2.53: 1242+ [1au] Type65? darksail.ai. (40)",
  },
  {
    name: "query HTTPS type 65 with EDNS -vv",
    opts: { vflag: 2 },
    hex: '66778899aabb00112233445508004500004400014000401126a60a0000010a000002e5b100350030b4b004da01000001000000000001086461726b7361696c026169000041000100002904d0000000000000',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 68)\n    10.0.0.1.58801 > 10.0.0.2.53: [udp sum ok] 1242+ [1au] Type65? darksail.ai. ar: . OPT UDPsize=1232 (40)",
  },
  {
    name: "response CNAME chain and A records",
    opts: {},
    hex: '66778899aabb00112233445508004500008500014000401126650a0000010a0000020035ce660071704a0e58818000010003000000000461707073096964656e747275737403636f6d0000010001c00c000500010000012c0019096964656e747275737409656467657375697465036e657400c0300001000100000014000417de0c09c0300001000100000014000417de0c33',
    expected: "IP 10.0.0.1.53 > 10.0.0.2.52838: 3672 3/0/0 CNAME identrust.edgesuite.net., A 23.222.12.9, A 23.222.12.51 (105)",
  },
  {
    name: "response CNAME chain and A records -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500008500014000401126650a0000010a0000020035ce660071704a0e58818000010003000000000461707073096964656e747275737403636f6d0000010001c00c000500010000012c0019096964656e747275737409656467657375697465036e657400c0300001000100000014000417de0c09c0300001000100000014000417de0c33',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 133)\n    10.0.0.1.53 > 10.0.0.2.52838: 3672 3/0/0 apps.identrust.com. CNAME identrust.edgesuite.net., identrust.edgesuite.net. A 23.222.12.9, identrust.edgesuite.net. A 23.222.12.51 (105)",
  },
  {
    name: "response CNAME chain and A records -vvv",
    opts: { vflag: 3 },
    hex: '66778899aabb00112233445508004500008500014000401126650a0000010a0000020035ce660071704a0e58818000010003000000000461707073096964656e747275737403636f6d0000010001c00c000500010000012c0019096964656e747275737409656467657375697465036e657400c0300001000100000014000417de0c09c0300001000100000014000417de0c33',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 133)\n    10.0.0.1.53 > 10.0.0.2.52838: [udp sum ok] 3672 q: A? apps.identrust.com. 3/0/0 apps.identrust.com. [5m] CNAME identrust.edgesuite.net., identrust.edgesuite.net. [20s] A 23.222.12.9, identrust.edgesuite.net. [20s] A 23.222.12.51 (105)",
  },
  {
    name: "response AAAA",
    opts: {},
    hex: '66778899aabb00112233445508004500005800014000401126920a0000010a0000020035931f00440a7788d8818000010001000000000377777706676f6f676c6503636f6d00001c0001c00c001c00010000012c001024046800400708060000000000002004',
    expected: "IP 10.0.0.1.53 > 10.0.0.2.37663: 35032 1/0/0 AAAA 2404:6800:4007:806::2004 (60)",
  },
  {
    name: "NXDomain with SOA in authority",
    opts: {},
    hex: '66778899aabb00112233445508004500007e000140004011266c0a0000010a00000200359c40006a9890123485830001000000010000026e78086461726b7361696c0261690000010001086461726b7361696c02616900000600010000012c002b036e7331017803636f6d0004686f7374017803636f6d0078a3f17500001c2000000e10001275000000012c',
    expected: "IP 10.0.0.1.53 > 10.0.0.2.40000: 4660 NXDomain* 0/1/0 (98)",
  },
  {
    name: "NXDomain with SOA in authority -vv",
    opts: { vflag: 2 },
    hex: '66778899aabb00112233445508004500007e000140004011266c0a0000010a00000200359c40006a9890123485830001000000010000026e78086461726b7361696c0261690000010001086461726b7361696c02616900000600010000012c002b036e7331017803636f6d0004686f7374017803636f6d0078a3f17500001c2000000e10001275000000012c',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 126)\n    10.0.0.1.53 > 10.0.0.2.40000: [udp sum ok] 4660 NXDomain* q: A? nx.darksail.ai. 0/1/0 ns: darksail.ai. SOA ns1.x.com. host.x.com. 2024010101 7200 3600 1209600 300 (98)",
  },
  {
    name: "flags: no RA, TC, AD, AA",
    opts: {},
    hex: '66778899aabb00112233445508004500002f00014000401126bb0a0000010a00000200359c40001bc4bc00018720000100000000000001610000010001',
    expected: "IP 10.0.0.1.53 > 10.0.0.2.40000: 1*-|$ 0/0/0 (19)",
  },
  {
    name: "query with unusual flags",
    opts: {},
    hex: '66778899aabb00112233445508004500002f00014000401126bb0a0000010a0000029c400035001b43ec000207f0000100000000000001610000010001',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.53: 2+% [b2&3=0x7f0] A? a. (19)",
  },
  {
    name: "TXT and MX and SRV",
    opts: {},
    hex: '66778899aabb00112233445508004500007b000140004011266f0a0000010a00000200359c4000674cd500038180000100030000000001780261690000100001c00c001000010000003c000a0568656c6c6f03612262c00c000f00010000003c000b000a026d78017802616900c00c002100010000003c0010000a003c13c403736970017802616900',
    expected: "IP 10.0.0.1.53 > 10.0.0.2.40000: 3 3/0/0 TXT \"hello\" \"a\"b\", MX mx.x.ai. 10, SRV sip.x.ai.:5060 10 60 (95)",
  },
  {
    name: "TXT and MX and SRV -vvv",
    opts: { vflag: 3 },
    hex: '66778899aabb00112233445508004500007b000140004011266f0a0000010a00000200359c4000674cd500038180000100030000000001780261690000100001c00c001000010000003c000a0568656c6c6f03612262c00c000f00010000003c000b000a026d78017802616900c00c002100010000003c0010000a003c13c403736970017802616900',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 123)\n    10.0.0.1.53 > 10.0.0.2.40000: [udp sum ok] 3 q: TXT? x.ai. 3/0/0 x.ai. [1m] TXT \"hello\" \"a\"b\", x.ai. [1m] MX mx.x.ai. 10, x.ai. [1m] SRV sip.x.ai.:5060 10 60 (95)",
  },
  {
    name: "EDNS options at -vv -vv",
    opts: { vflag: 2 },
    hex: '66778899aabb00112233445508004500005c000140004011268e0a0000010a00000200359c4000480b090004818000010000000000010171017800000100010000291000000080000020000a000800000000000000000008000700011800010203000c00050000000000',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 92)\n    10.0.0.1.53 > 10.0.0.2.40000: [udp sum ok] 4 q: A? q.x. 0/0/1 ar: . OPT UDPsize=4096 DO [COOKIE 0000000000000000,ECS 1.2.3.0/24/0,PADDING (5)] (64)",
  },
  {
    name: "extended rcode BadVers from OPT",
    opts: {},
    hex: '66778899aabb00112233445508004500003300014000401126b70a0000010a00000200359c40001fa4ae0005818000000000000000010000290200010000000000',
    expected: "IP 10.0.0.1.53 > 10.0.0.2.40000: 5 BadVers [0q] 0/0/1 (23)",
  },
  {
    name: "compression pointer loop -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500003c00014000401126ae0a0000010a00000200359c400028068300068180000000010000000001620163c00e000100010000003c000401020304',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 60)\n    10.0.0.1.53 > 10.0.0.2.40000: 6 [0q] 1/0/0 b.c.<BAD PTR> [|domain]",
  },
  {
    name: "pointer to itself in a question",
    opts: {},
    hex: '66778899aabb00112233445508004500002e00014000401126bc0a0000010a0000029c400035001a8e2b000701000001000000000000c00c00010001',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.53: 7+ A? <BAD PTR> [|domain]",
  },
  {
    name: "name too long",
    opts: {},
    hex: '66778899aabb00112233445508004500012d00014000401125bd0a0000010a0000029c4000350119218b0008010000010000000000003f6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161613f6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161613f6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161613f6161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161616161610000010001',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.53: 8+ A? aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.<DOMAIN NAME TOO LONG> (273)",
  },
  {
    name: "bit label and ELT",
    opts: {},
    hex: '66778899aabb00112233445508004500004d000140004011269d0a0000010a00000200359c40003908dd0009818000000002000000004109ff8000000100010000003c000401020304016100000500010000003c00057861626300',
    expected: "IP 10.0.0.1.53 > 10.0.0.2.40000: 9 [0q] 2/0/0 A 1.2.3.4, CNAME <ELT 56> [|domain]",
  },
  {
    name: "bit label and ELT -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500004d000140004011269d0a0000010a00000200359c40003908dd0009818000000002000000004109ff8000000100010000003c000401020304016100000500010000003c00057861626300',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 77)\n    10.0.0.1.53 > 10.0.0.2.40000: 9 [0q] 2/0/0 \\[xff8/9]. A 1.2.3.4, a. CNAME <ELT 56> [|domain]",
  },
  {
    name: "mDNS question QU and cache flush",
    opts: {},
    hex: '66778899aabb00112233445508004500005500014000401126950a0000010a00000214e914e90041b2b4000084000001000100000000055f68747470045f746370056c6f63616c00000c80010178056c6f63616c0000018001000000780004c0a80105',
    expected: "IP 10.0.0.1.5353 > 10.0.0.2.5353: 0*- 1/0/0 (Cache flush) A 192.168.1.5 (57)",
  },
  {
    name: "mDNS question QU and cache flush -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500005500014000401126950a0000010a00000214e914e90041b2b4000084000001000100000000055f68747470045f746370056c6f63616c00000c80010178056c6f63616c0000018001000000780004c0a80105',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 85)\n    10.0.0.1.5353 > 10.0.0.2.5353: 0*- 1/0/0 x.local. (Cache flush) A 192.168.1.5 (57)",
  },
  {
    name: "short message",
    opts: {},
    hex: '66778899aabb00112233445508004500002300014000401126c70a0000010a0000029c400035000f3c2312340100000100',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.53: domain [length 7 < 12] (invalid)",
  },
  {
    name: "response cut inside a name",
    opts: {},
    hex: '66778899aabb00112233445508004500006500014000401126850a0000010a0000020035ce660051fe540e58818000010001000000000461707073096964656e747275737403636f6d0000010001c00c000500010000012c0019096964656e7472757374096564',
    origLen: 115,
    expected: "IP 10.0.0.1.53 > 10.0.0.2.52838: 3672 1/0/0 CNAME [|domain]",
  },
  {
    name: "response cut inside a name -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500006500014000401126850a0000010a0000020035ce660051fe540e58818000010001000000000461707073096964656e747275737403636f6d0000010001c00c000500010000012c0019096964656e7472757374096564',
    origLen: 115,
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 101)\n    10.0.0.1.53 > 10.0.0.2.52838: 3672 1/0/0 apps.identrust.com. CNAME [|domain]",
  },
];

for (const c of CASES) {
  test(c.name, () => {
    assert.equal(print(c.opts, c.hex, c.origLen), c.expected);
  });
}

test('a capture cut at any byte prints a line and ends (no throw, no loop)', () => {
  for (const c of CASES) {
    const n = c.hex.length / 2;
    for (let cap = 0; cap <= n; cap++) {
      const s = print(c.opts, c.hex, n, cap);
      assert.equal(typeof s, 'string', `${c.name} cut at ${cap}`);
    }
  }
});

test('safeChar: tcpdump writes control bytes as ^X and high bytes with M-', async () => {
  const { safeChar } = await import('./dns.js');
  assert.equal(safeChar(0x00), '^@');
  assert.equal(safeChar(0x1f), '^_');
  assert.equal(safeChar(0x7f), '^?');
  assert.equal(safeChar(0x80), 'M-^@');
  assert.equal(safeChar(0xff), 'M-^?');
  assert.equal(safeChar(0xc1), 'M-A');
  assert.equal(safeChar(0x41), 'A');
});
