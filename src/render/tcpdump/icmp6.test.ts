import { runCases, type Case } from '../../../test/support/tcpdump-cases.js';

/**
 * ICMPv6, neighbour discovery and MLD.
 * Every `expected` string is tcpdump 4.99.3's output (`TZ=UTC tcpdump -n -t [flags] -r`) for
 * exactly these bytes, pasted as it printed it.
 */
const CASES: Case[] = [
  {
    name: "echo request",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000403afffe800000000000000000000000000001fe8000000000000000000000000000028000827d000100020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, echo request, id 1, seq 2, length 64",
  },
  {
    name: "echo request -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000403afffe800000000000000000000000000001fe8000000000000000000000000000028000827d000100020000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000000',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 64) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, echo request, id 1, seq 2",
  },
  {
    name: "bad checksum -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000103afffe800000000000000000000000000001fe80000000000000000000000000000281001234000100020000000000000000',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 16) fe80::1 > fe80::2: [bad icmp6 cksum 0x1234 -> 0x81ad!] ICMP6, echo reply, id 1, seq 2",
  },
  {
    name: "port unreachable",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000403afffe800000000000000000000000000001fe8000000000000000000000000000020104904d00000000600000000010114020010db800000000000000000000000220010db80000000000000000000000099c401388001062f36162636465666768',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, destination unreachable, unreachable port, 2001:db8::9 udp port 5000, length 64",
  },
  {
    name: "unreachable prohibited (two spaces)",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000403afffe800000000000000000000000000001fe8000000000000000000000000000020101905000000000600000000010114020010db800000000000000000000000220010db80000000000000000000000099c401388001062f36162636465666768',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, destination unreachable,  unreachable prohibited 2001:db8::9, length 64",
  },
  {
    name: "unreachable, unknown code",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000103afffe800000000000000000000000000001fe800000000000000000000000000002010701aa000000000000000000000000',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, destination unreachable, unknown unreach code (7)\n\t0x0000:  0107 01aa 0000 0000 0000 0000 0000 0000",
  },
  {
    name: "packet too big",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000403afffe800000000000000000000000000001fe80000000000000000000000000000202008a5100000500600000000010114020010db800000000000000000000000220010db80000000000000000000000099c401388001062f36162636465666768',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, packet too big, mtu 1280, length 64",
  },
  {
    name: "packet too big -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000403afffe800000000000000000000000000001fe80000000000000000000000000000202008a5100000500600000000010114020010db800000000000000000000000220010db80000000000000000000000099c401388001062f36162636465666768',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 64) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, packet too big, mtu 1280",
  },
  {
    name: "time exceeded",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000403afffe800000000000000000000000000001fe80000000000000000000000000000203008e5100000000600000000010114020010db800000000000000000000000220010db80000000000000000000000099c401388001062f36162636465666768',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, time exceeded in-transit for 2001:db8::9, length 64",
  },
  {
    name: "parameter problem",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000403afffe800000000000000000000000000001fe80000000000000000000000000000204018d4a00000006600000000010114020010db800000000000000000000000220010db80000000000000000000000099c401388001062f36162636465666768',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, parameter problem, next header - octet 6, length 64",
  },
  {
    name: "router solicitation",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000103afffe800000000000000000000000000001ff02000000000000000000000000000285001594000000000101001122334455',
    expected: "IP6 fe80::1 > ff02::2: ICMP6, router solicitation, length 16",
  },
  {
    name: "router solicitation -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000103afffe800000000000000000000000000001ff02000000000000000000000000000285001594000000000101001122334455',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 16) fe80::1 > ff02::2: [icmp6 sum ok] ICMP6, router solicitation, length 16\n\t  source link-address option (1), length 8 (1): 00:11:22:33:44:55",
  },
  {
    name: "router solicitation -vv",
    opts: { vflag: 2 },
    hex: '66778899aabb00112233445586dd6000000000103afffe800000000000000000000000000001ff02000000000000000000000000000285001594000000000101001122334455',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 16) fe80::1 > ff02::2: [icmp6 sum ok] ICMP6, router solicitation, length 16\n\t  source link-address option (1), length 8 (1): 00:11:22:33:44:55\n\t    0x0000:  0011 2233 4455",
  },
  {
    name: "router advertisement",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000583afffe800000000000000000000000000001ff02000000000000000000000000000186007d0140c007080000000000000000010100112233445505010000000005dc030440c000015180000038400000000020010db8000000000000000000000000190300000000025820010db8000000000000000000000053',
    expected: "IP6 fe80::1 > ff02::1: ICMP6, router advertisement, length 88",
  },
  {
    name: "router advertisement -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000583afffe800000000000000000000000000001ff02000000000000000000000000000186007d0140c007080000000000000000010100112233445505010000000005dc030440c000015180000038400000000020010db8000000000000000000000000190300000000025820010db8000000000000000000000053',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 88) fe80::1 > ff02::1: [icmp6 sum ok] ICMP6, router advertisement, length 88\n\thop limit 64, Flags [managed, other stateful], pref medium, router lifetime 1800s, reachable time 0ms, retrans timer 0ms\n\t  source link-address option (1), length 8 (1): 00:11:22:33:44:55\n\t  mtu option (5), length 8 (1):  1500\n\t  prefix info option (3), length 32 (4): 2001:db8::/64, Flags [onlink, auto], valid time 86400s, pref. time 14400s\n\t  rdnss option (25), length 24 (3):  lifetime 600s, addr: 2001:db8::53",
  },
  {
    name: "neighbor solicitation",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000203afffe800000000000000000000000000001fe8000000000000000000000000000028700158300000000fe8000000000000000000000000000020101001122334455',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, neighbor solicitation, who has fe80::2, length 32",
  },
  {
    name: "neighbor solicitation -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000203afffe800000000000000000000000000001fe8000000000000000000000000000028700158300000000fe8000000000000000000000000000020101001122334455',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 32) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, neighbor solicitation, length 32, who has fe80::2\n\t  source link-address option (1), length 8 (1): 00:11:22:33:44:55",
  },
  {
    name: "neighbor advertisement",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000203afffe800000000000000000000000000001fe8000000000000000000000000000028800b38360000000fe8000000000000000000000000000010201001122334455',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, neighbor advertisement, tgt is fe80::1, length 32",
  },
  {
    name: "neighbor advertisement -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000203afffe800000000000000000000000000001fe8000000000000000000000000000028800b38360000000fe8000000000000000000000000000010201001122334455',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 32) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, neighbor advertisement, length 32, tgt is fe80::1, Flags [solicited, override]\n\t  destination link-address option (2), length 8 (1): 00:11:22:33:44:55",
  },
  {
    name: "unknown ND option stops the list at -v -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000203afffe800000000000000000000000000001fe8000000000000000000000000000028600720440000000000000000000000063010000000000000101001122334455',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 32) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, router advertisement, length 32\n\thop limit 64, Flags [none], pref medium, router lifetime 0s, reachable time 0ms, retrans timer 0ms\n\t  unknown option (99), length 8 (1): \n\t  0x0000:  0000 0000 0000",
  },
  {
    name: "unknown ND option stops the list at -v -vv",
    opts: { vflag: 2 },
    hex: '66778899aabb00112233445586dd6000000000203afffe800000000000000000000000000001fe8000000000000000000000000000028600720440000000000000000000000063010000000000000101001122334455',
    expected: "IP6 (hlim 255, next-header ICMPv6 (58) payload length: 32) fe80::1 > fe80::2: [icmp6 sum ok] ICMP6, router advertisement, length 32\n\thop limit 64, Flags [none], pref medium, router lifetime 0s, reachable time 0ms, retrans timer 0ms\n\t  unknown option (99), length 8 (1): \n\t    0x0000:  0000 0000 0000\n\t  source link-address option (1), length 8 (1): 00:11:22:33:44:55\n\t    0x0000:  0011 2233 4455",
  },
  {
    name: "MLD report",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000183a01fe800000000000000000000000000001ff0200000000000000000000000000fb83007e2f00000000ff0200000000000000000000000000fb',
    expected: "IP6 fe80::1 > ff02::fb: ICMP6, multicast listener reportmax resp delay: 0 addr: ff02::fb, length 24",
  },
  {
    name: "MLDv2 report",
    opts: {},
    hex: '66778899aabb00112233445586dd60000000001c3a01fe800000000000000000000000000001ff0200000000000000000000000000168f006f0f0000000104000000ff0200000000000000000000000000fb',
    expected: "IP6 fe80::1 > ff02::16: ICMP6, multicast listener report v2, 1 group record(s), length 28",
  },
  {
    name: "MLDv2 report -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445586dd60000000001c3a01fe800000000000000000000000000001ff0200000000000000000000000000168f006f0f0000000104000000ff0200000000000000000000000000fb',
    expected: "IP6 (hlim 1, next-header ICMPv6 (58) payload length: 28) fe80::1 > ff02::16: [icmp6 sum ok] ICMP6, multicast listener report v2, 1 group record(s) [gaddr ff02::fb to_ex, 0 source(s)]",
  },
  {
    name: "MLDv2 report -vv",
    opts: { vflag: 2 },
    hex: '66778899aabb00112233445586dd60000000001c3a01fe800000000000000000000000000001ff0200000000000000000000000000168f006f0f0000000104000000ff0200000000000000000000000000fb',
    expected: "IP6 (hlim 1, next-header ICMPv6 (58) payload length: 28) fe80::1 > ff02::16: [icmp6 sum ok] ICMP6, multicast listener report v2, 1 group record(s) [gaddr ff02::fb to_ex { }]",
  },
  {
    name: "unknown type",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000103afffe800000000000000000000000000001fe8000000000000000000000000000020500fdb0000000000000000000000000',
    expected: "IP6 fe80::1 > fe80::2: ICMP6, unknown icmp6 type (5), length 16\n\t0x0000:  0500 fdb0 0000 0000 0000 0000 0000 0000",
  },
  {
    name: "echo cut after the type",
    opts: {},
    hex: '66778899aabb00112233445586dd6000000000103afffe800000000000000000000000000001fe8000000000000000000000000000028000',
    origLen: 70,
    expected: "IP6 fe80::1 > fe80::2: ICMP6, echo request [|icmp6]",
  },
  {
    name: "echo cut after the type -x",
    opts: { xflag: 1 },
    hex: '66778899aabb00112233445586dd6000000000103afffe800000000000000000000000000001fe8000000000000000000000000000028000',
    origLen: 70,
    expected: "IP6 fe80::1 > fe80::2: ICMP6, echo request [|icmp6]\n\t0x0000:  6677 8899 aabb 0011 2233 4455 86dd 6000\n\t0x0010:  0000 0010 3aff fe80 0000 0000 0000 0000\n\t0x0020:  0000 0000 0001 fe80 0000 0000 0000 0000\n\t0x0030:  0000 0000 0002 8000",
  },
];

runCases(CASES);
