import { runCases, type Case } from '../../../test/support/tcpdump-cases.js';

/**
 * ICMP.
 * Every `expected` string is tcpdump 4.99.3's output (`TZ=UTC tcpdump -n -t [flags] -r`) for
 * exactly these bytes, pasted as it printed it.
 */
const CASES: Case[] = [
  {
    name: "echo request",
    opts: {},
    hex: '66778899aabb00112233445508004500005400014000400126a60a0000010a0000020800f7fd000100010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64",
  },
  {
    name: "echo request -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500005400014000400126a60a0000010a0000020800f7fd000100010000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 84)\n    10.0.0.1 > 10.0.0.2: ICMP echo request, id 1, seq 1, length 64",
  },
  {
    name: "echo reply with a bad checksum -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500002400014000400126d60a0000010a00000200001234000100010000000000000000',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 36)\n    10.0.0.1 > 10.0.0.2: ICMP echo reply, id 1, seq 1, length 16 (wrong icmp cksum 1234 (->fffd)!)",
  },
  {
    name: "port unreachable quoting TCP",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a00000203035f000000000045000028000140004006b1cc0a0000027f0000019c4001bb00000001',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP 127.0.0.1 tcp port 443 unreachable, length 36",
  },
  {
    name: "port unreachable quoting TCP -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a00000203035f000000000045000028000140004006b1cc0a0000027f0000019c4001bb00000001',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 56)\n    10.0.0.1 > 10.0.0.2: ICMP 127.0.0.1 tcp port 443 unreachable, length 36\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 40)\n    10.0.0.2.40000 > 127.0.0.1.443:  [|tcp]",
  },
  {
    name: "port unreachable quoting UDP",
    opts: {},
    hex: '66778899aabb00112233445508004500004000014000400126ba0a0000010a00000203031129000000004500002400014000401126be0a0000020a0000099c4000350010bdb86162636465666768',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.9 udp port 53 unreachable, length 44",
  },
  {
    name: "port unreachable quoting UDP -vv",
    opts: { vflag: 2 },
    hex: '66778899aabb00112233445508004500004000014000400126ba0a0000010a00000203031129000000004500002400014000401126be0a0000020a0000099c4000350010bdb86162636465666768',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 64)\n    10.0.0.1 > 10.0.0.2: ICMP 10.0.0.9 udp port 53 unreachable, length 44\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 36)\n    10.0.0.2.40000 > 10.0.0.9.53: [udp sum ok] domain [length 8 < 12] (invalid)",
  },
  {
    name: "need to frag with MTU",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a00000203045923000005dc45000028000140004006b1cc0a0000027f0000019c4001bb00000001',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP 127.0.0.1 unreachable - need to frag (mtu 1500), length 36",
  },
  {
    name: "host unreachable - admin prohibited",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a000002030aa2b7000000004500002400014000401126be0a0000020a0000099c4000350010bdb8',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP host 10.0.0.9 unreachable - admin prohibited, length 36",
  },
  {
    name: "unreachable, unknown code",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a0000020310a2b1000000004500002400014000401126be0a0000020a0000099c4000350010bdb8',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP 10.0.0.9 unreachable - #16, length 36",
  },
  {
    name: "time exceeded",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a0000020b009ac1000000004500002400014000401126be0a0000020a0000099c4000350010bdb8',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP time exceeded in-transit, length 36",
  },
  {
    name: "time exceeded -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a0000020b009ac1000000004500002400014000401126be0a0000020a0000099c4000350010bdb8',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 56)\n    10.0.0.1 > 10.0.0.2: ICMP time exceeded in-transit, length 36\n\tIP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 36)\n    10.0.0.2.40000 > 10.0.0.9.53: domain [length 8 < 12] (invalid)",
  },
  {
    name: "redirect",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a000002050195c20a0000fe4500002400014000401126be0a0000020a0000099c4000350010bdb8',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP redirect 10.0.0.9 to host 10.0.0.254, length 36",
  },
  {
    name: "parameter problem",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400126c20a0000010a0000020c0085c1140000004500002400014000401126be0a0000020a0000099c4000350010bdb8',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP parameter problem - octet 20, length 36",
  },
  {
    name: "timestamp reply",
    opts: {},
    hex: '66778899aabb00112233445508004500002800014000400126d20a0000010a0000020e0010d4000100020000000305265bff80000000',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP time stamp reply id 1 seq 2: org 00:00:00.003, recv 23:59:59.999, xmit 596:31:23.648, length 20",
  },
  {
    name: "router advertisement",
    opts: {},
    hex: '66778899aabb00112233445508004500002c00014000400126ce0a0000010a0000020900d9e8020207080a000001000000050a000007ffffffff',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP router advertisement lifetime 30:00 2: {10.0.0.1 5} {10.0.0.7 4294967295}, length 24",
  },
  {
    name: "mask reply",
    opts: {},
    hex: '66778899aabb00112233445508004500002000014000400126da0a0000010a0000021200eefb00010002ffffff00',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP address mask is 0xffffff00, length 12",
  },
  {
    name: "unknown type",
    opts: {},
    hex: '66778899aabb00112233445508004500001c00014000400126de0a0000010a0000022a00d5ff00000000',
    expected: "IP 10.0.0.1 > 10.0.0.2: ICMP type-#42, length 8",
  },
  {
    name: "unreachable without the quoted header",
    opts: {},
    hex: '66778899aabb00112233445508004500002600014000400126d40a0000010a000002030137c80000000045000024000140004011',
    expected: "IP 10.0.0.1 > 10.0.0.2:  [|icmp]",
  },
  {
    name: "unreachable without the quoted header -x",
    opts: { xflag: 1 },
    hex: '66778899aabb00112233445508004500002600014000400126d40a0000010a000002030137c80000000045000024000140004011',
    expected: "IP 10.0.0.1 > 10.0.0.2:  [|icmp]\n\t0x0000:  6677 8899 aabb 0011 2233 4455 0800 4500\n\t0x0010:  0026 0001 4000 4001 26d4 0a00 0001 0a00\n\t0x0020:  0002 0301 37c8 0000 0000 4500 0024 0001\n\t0x0030:  4000 4011",
  },
  {
    name: "source quench quoting too little -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500001e00014000400126dc0a0000010a0000020400b6ff000000004500',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto ICMP (1), length 30)\n    10.0.0.1 > 10.0.0.2: ICMP source quench, length 10\n\t [|icmp]",
  },
];

runCases(CASES);
