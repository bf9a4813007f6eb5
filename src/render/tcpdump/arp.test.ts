import { runCases, type Case } from '../../../test/support/tcpdump-cases.js';

/**
 * ARP and RARP.
 * Every `expected` string is tcpdump 4.99.3's output (`TZ=UTC tcpdump -n -t [flags] -r`) for
 * exactly these bytes, pasted as it printed it.
 */
const CASES: Case[] = [
  {
    name: "request",
    opts: {},
    hex: '66778899aabb00112233445508060001080006040001001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, Request who-has 192.168.1.136 tell 192.168.1.1, length 46",
  },
  {
    name: "request -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508060001080006040001001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, Ethernet (len 6), IPv4 (len 4), Request who-has 192.168.1.136 tell 192.168.1.1, length 46",
  },
  {
    name: "request -e",
    opts: { eflag: true },
    hex: '66778899aabb00112233445508060001080006040001001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "00:11:22:33:44:55 > 66:77:88:99:aa:bb, ethertype ARP (0x0806), length 60: Request who-has 192.168.1.136 tell 192.168.1.1, length 46",
  },
  {
    name: "reply",
    opts: {},
    hex: '66778899aabb00112233445508060001080006040002001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, Reply 192.168.1.1 is-at 00:11:22:33:44:55, length 46",
  },
  {
    name: "request naming the target hardware address",
    opts: {},
    hex: '66778899aabb00112233445508060001080006040001001122334455c0a8010166778899aabbc0a80188000000000000000000000000000000000000',
    expected: "ARP, Request who-has 192.168.1.136 (66:77:88:99:aa:bb) tell 192.168.1.1, length 46",
  },
  {
    name: "reverse request and reply",
    opts: {},
    hex: '66778899aabb00112233445508060001080006040003001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, Reverse Request who-is 00:00:00:00:00:00 tell 00:11:22:33:44:55, length 46",
  },
  {
    name: "inverse reply",
    opts: {},
    hex: '66778899aabb00112233445508060001080006040009001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, Inverse Reply 00:11:22:33:44:55 at 192.168.1.1, length 46",
  },
  {
    name: "unknown operation",
    opts: {},
    hex: '66778899aabb00112233445508060001080006040005001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, Unknown (5) \n\t0x0000:  0001 0800 0604 0005 0011 2233 4455 c0a8  ..........\"3DU..\n\t0x0010:  0101 0000 0000 0000 c0a8 0188 0000 0000  ................\n\t0x0020:  0000 0000 0000 0000 0000 0000 0000       ..............",
  },
  {
    name: "IPv6 protocol type",
    opts: {},
    hex: '66778899aabb0011223344550806000186dd06040001001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, Ethernet (len 6), IPv6 (len 4), length 46",
  },
  {
    name: "IPv6 protocol type -v",
    opts: { vflag: 1 },
    hex: '66778899aabb0011223344550806000186dd06040001001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, Ethernet (len 6), IPv6 (len 4), Request who-has <wrong proto type> tell <wrong proto type>, length 46",
  },
  {
    name: "protocol address length 6",
    opts: {},
    hex: '66778899aabb001122334455080600010800060600010011223344550000000000000000000000000000000000000000000000000000000000000000',
    expected: "ARP, Ethernet (len 6), IPv4 (len 6), length 46",
  },
  {
    name: "protocol address length 6 -v",
    opts: { vflag: 1 },
    hex: '66778899aabb001122334455080600010800060600010011223344550000000000000000000000000000000000000000000000000000000000000000',
    expected: "ARP, Ethernet (len 6), IPv4 (len 6), Request who-has <wrong len> tell <wrong len>, length 46",
  },
  {
    name: "hardware address length 0",
    opts: {},
    hex: '66778899aabb00112233445508060001080000040002c0a80101c0a80188000000000000000000000000000000000000000000000000000000000000',
    expected: "ARP, Ethernet (len 0), IPv4 (len 4), length 46",
  },
  {
    name: "hardware address length 0 -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508060001080000040002c0a80101c0a80188000000000000000000000000000000000000000000000000000000000000',
    expected: "ARP, Ethernet (len 0), IPv4 (len 4), Reply 192.168.1.1 is-at <empty>, length 46",
  },
  {
    name: "Token Ring hardware -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508060006080006040001001122334455c0a80101000000000000c0a80188000000000000000000000000000000000000',
    expected: "ARP, TokenRing (len 6), IPv4 (len 4), Request who-has 192.168.1.136 tell 192.168.1.1, length 46",
  },
  {
    name: "unpadded",
    opts: {},
    hex: '66778899aabb00112233445508060001080006040001001122334455c0a80101000000000000c0a80188',
    expected: "ARP, Request who-has 192.168.1.136 tell 192.168.1.1, length 28",
  },
  {
    name: "cut inside the addresses",
    opts: {},
    hex: '66778899aabb00112233445508060001080006040001001122334455c0a8',
    origLen: 60,
    expected: " [|arp]",
  },
  {
    name: "cut inside the addresses -x",
    opts: { xflag: 1 },
    hex: '66778899aabb00112233445508060001080006040001001122334455c0a8',
    origLen: 60,
    expected: " [|arp]\n\t0x0000:  6677 8899 aabb 0011 2233 4455 0806 0001\n\t0x0010:  0800 0604 0001 0011 2233 4455 c0a8",
  },
];

runCases(CASES);
