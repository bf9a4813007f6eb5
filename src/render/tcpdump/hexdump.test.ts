import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runCases, type Case } from '../../../test/support/tcpdump-cases.js';

/**
 * -x, -xx, -X and -XX dumps.
 * Every `expected` string is tcpdump 4.99.3's output (`TZ=UTC tcpdump -n -t [flags] -r`) for
 * exactly these bytes, pasted as it printed it.
 */
const CASES: Case[] = [
  {
    name: "IPv4 UDP -x",
    opts: { xflag: 1 },
    hex: '66778899aabb00112233445508004500003800014000401126b20a0000010a00000204d29c40002438bb68656c6c6f20776f726c642c20746869732069732061207465737421',
    expected: "IP 10.0.0.1.1234 > 10.0.0.2.40000: UDP, length 28\n\t0x0000:  4500 0038 0001 4000 4011 26b2 0a00 0001\n\t0x0010:  0a00 0002 04d2 9c40 0024 38bb 6865 6c6c\n\t0x0020:  6f20 776f 726c 642c 2074 6869 7320 6973\n\t0x0030:  2061 2074 6573 7421",
  },
  {
    name: "IPv4 UDP -xx",
    opts: { xflag: 2 },
    hex: '66778899aabb00112233445508004500003800014000401126b20a0000010a00000204d29c40002438bb68656c6c6f20776f726c642c20746869732069732061207465737421',
    expected: "IP 10.0.0.1.1234 > 10.0.0.2.40000: UDP, length 28\n\t0x0000:  6677 8899 aabb 0011 2233 4455 0800 4500\n\t0x0010:  0038 0001 4000 4011 26b2 0a00 0001 0a00\n\t0x0020:  0002 04d2 9c40 0024 38bb 6865 6c6c 6f20\n\t0x0030:  776f 726c 642c 2074 6869 7320 6973 2061\n\t0x0040:  2074 6573 7421",
  },
  {
    name: "IPv4 UDP -X",
    opts: { Xflag: 1 },
    hex: '66778899aabb00112233445508004500003800014000401126b20a0000010a00000204d29c40002438bb68656c6c6f20776f726c642c20746869732069732061207465737421',
    expected: "IP 10.0.0.1.1234 > 10.0.0.2.40000: UDP, length 28\n\t0x0000:  4500 0038 0001 4000 4011 26b2 0a00 0001  E..8..@.@.&.....\n\t0x0010:  0a00 0002 04d2 9c40 0024 38bb 6865 6c6c  .......@.$8.hell\n\t0x0020:  6f20 776f 726c 642c 2074 6869 7320 6973  o.world,.this.is\n\t0x0030:  2061 2074 6573 7421                      .a.test!",
  },
  {
    name: "IPv4 UDP -XX",
    opts: { Xflag: 2 },
    hex: '66778899aabb00112233445508004500003800014000401126b20a0000010a00000204d29c40002438bb68656c6c6f20776f726c642c20746869732069732061207465737421',
    expected: "IP 10.0.0.1.1234 > 10.0.0.2.40000: UDP, length 28\n\t0x0000:  6677 8899 aabb 0011 2233 4455 0800 4500  fw......\"3DU..E.\n\t0x0010:  0038 0001 4000 4011 26b2 0a00 0001 0a00  .8..@.@.&.......\n\t0x0020:  0002 04d2 9c40 0024 38bb 6865 6c6c 6f20  .....@.$8.hello.\n\t0x0030:  776f 726c 642c 2074 6869 7320 6973 2061  world,.this.is.a\n\t0x0040:  2074 6573 7421                           .test!",
  },
  {
    name: "IPv4 UDP -v -X",
    opts: { vflag: 1, Xflag: 1 },
    hex: '66778899aabb00112233445508004500003800014000401126b20a0000010a00000204d29c40002438bb68656c6c6f20776f726c642c20746869732069732061207465737421',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto UDP (17), length 56)\n    10.0.0.1.1234 > 10.0.0.2.40000: UDP, length 28\n\t0x0000:  4500 0038 0001 4000 4011 26b2 0a00 0001  E..8..@.@.&.....\n\t0x0010:  0a00 0002 04d2 9c40 0024 38bb 6865 6c6c  .......@.$8.hell\n\t0x0020:  6f20 776f 726c 642c 2074 6869 7320 6973  o.world,.this.is\n\t0x0030:  2061 2074 6573 7421                      .a.test!",
  },
  {
    name: "Ethernet padding is dumped -x",
    opts: { xflag: 1 },
    hex: '66778899aabb00112233445508004500001e00014000401126cc0a0000010a00000204d29c40002438bb686500000000000000000000000000000000',
    expected: "IP 10.0.0.1.1234 > 10.0.0.2.40000: UDP, bad length 28 > 2\n\t0x0000:  4500 001e 0001 4000 4011 26cc 0a00 0001\n\t0x0010:  0a00 0002 04d2 9c40 0024 38bb 6865 0000\n\t0x0020:  0000 0000 0000 0000 0000 0000 0000",
  },
  {
    name: "Ethernet padding is dumped -X",
    opts: { Xflag: 1 },
    hex: '66778899aabb00112233445508004500001e00014000401126cc0a0000010a00000204d29c40002438bb686500000000000000000000000000000000',
    expected: "IP 10.0.0.1.1234 > 10.0.0.2.40000: UDP, bad length 28 > 2\n\t0x0000:  4500 001e 0001 4000 4011 26cc 0a00 0001  E.....@.@.&.....\n\t0x0010:  0a00 0002 04d2 9c40 0024 38bb 6865 0000  .......@.$8.he..\n\t0x0020:  0000 0000 0000 0000 0000 0000 0000       ..............",
  },
  {
    name: "unknown ethertype",
    opts: {},
    hex: '66778899aabb00112233445512340102036162636465666768696a6b6c6d6e6f707172737475',
    expected: "00:11:22:33:44:55 > 66:77:88:99:aa:bb, ethertype Unknown (0x1234), length 38: \n\t0x0000:  0102 0361 6263 6465 6667 6869 6a6b 6c6d  ...abcdefghijklm\n\t0x0010:  6e6f 7071 7273 7475                      nopqrstu",
  },
  {
    name: "capture cut in the UDP header -x",
    opts: { xflag: 1 },
    hex: '66778899aabb00112233445508004500003800014000401126b20a0000010a00000204d29c400024',
    origLen: 70,
    expected: "IP 10.0.0.1.1234 > 10.0.0.2.40000:  [|udp]\n\t0x0000:  4500 0038 0001 4000 4011 26b2 0a00 0001\n\t0x0010:  0a00 0002 04d2 9c40 0024",
  },
  {
    name: "capture cut in the UDP header -XX",
    opts: { Xflag: 2 },
    hex: '66778899aabb00112233445508004500003800014000401126b20a0000010a00000204d29c400024',
    origLen: 70,
    expected: "IP 10.0.0.1.1234 > 10.0.0.2.40000:  [|udp]\n\t0x0000:  6677 8899 aabb 0011 2233 4455 0800 4500  fw......\"3DU..E.\n\t0x0010:  0038 0001 4000 4011 26b2 0a00 0001 0a00  .8..@.@.&.......\n\t0x0020:  0002 04d2 9c40 0024                      .....@.$",
  },
];

runCases(CASES);

test('dumpBytes: offsets keep growing past 0xffff and -X pads short lines', async () => {
  const { dumpBytes } = await import('./hexdump.js');
  const buf = new Uint8Array(0x10011).fill(0x41);
  const s = dumpBytes(buf, 0, buf.length, false);
  assert.ok(s.endsWith('\n\t0x10010:  41'));
  assert.equal(dumpBytes(Uint8Array.of(0x20, 0x7e, 0x7f), 0, 3, true), '\n\t0x0000:  207e 7f' + ' '.repeat(34) + '.~.');
});
