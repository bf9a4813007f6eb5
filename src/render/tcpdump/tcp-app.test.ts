import { runCases, type Case } from '../../../test/support/tcpdump-cases.js';

/**
 * Text protocols on TCP (HTTP, SMTP, FTP, RTSP, WHOIS).
 * Every `expected` string is tcpdump 4.99.3's output (`TZ=UTC tcpdump -n -t [flags] -r`) for
 * exactly these bytes, pasted as it printed it.
 */
const CASES: Case[] = [
  {
    name: "HTTP request",
    opts: {},
    hex: '66778899aabb001122334455080045000069000140004006268c0a0000010a0000029c4000500000000100000000501802005daa0000474554202f726f6f74732f647374726f6f74636178332e70376320485454502f312e310d0a486f73743a20617070732e6964656e74727573742e636f6d0d0a0d0a',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:66, ack 0, win 512, length 65: HTTP: GET /roots/dstrootcax3.p7c HTTP/1.1",
  },
  {
    name: "HTTP request -v",
    opts: { vflag: 1 },
    hex: '66778899aabb001122334455080045000069000140004006268c0a0000010a0000029c4000500000000100000000501802005daa0000474554202f726f6f74732f647374726f6f74636178332e70376320485454502f312e310d0a486f73743a20617070732e6964656e74727573742e636f6d0d0a0d0a',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 105)\n    10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], cksum 0x5daa (correct), seq 1:66, ack 0, win 512, length 65: HTTP, length: 65\n\tGET /roots/dstrootcax3.p7c HTTP/1.1\n\tHost: apps.identrust.com\n\t",
  },
  {
    name: "HTTP response",
    opts: {},
    hex: '66778899aabb00112233445508004500004e00014000400626a70a0000010a0000020050f711000000010000000050180200f6060000485454502f312e3120333034204e6f74204d6f6469666965640d0a446174653a20780d0a0d0a',
    expected: "IP 10.0.0.1.80 > 10.0.0.2.63249: Flags [P.], seq 1:39, ack 0, win 512, length 38: HTTP: HTTP/1.1 304 Not Modified",
  },
  {
    name: "HTTP response -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500004e00014000400626a70a0000010a0000020050f711000000010000000050180200f6060000485454502f312e3120333034204e6f74204d6f6469666965640d0a446174653a20780d0a0d0a',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 78)\n    10.0.0.1.80 > 10.0.0.2.63249: Flags [P.], cksum 0xf606 (correct), seq 1:39, ack 0, win 512, length 38: HTTP, length: 38\n\tHTTP/1.1 304 Not Modified\n\tDate: x\n\t",
  },
  {
    name: "HTTP on 8080, lowercase method",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400626bd0a0000010a0000029c401f90000000010000000050180200cc320000676574202f20485454502f312e300d0a',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.8080: Flags [P.], seq 1:17, ack 0, win 512, length 16: HTTP: get / HTTP/1.0",
  },
  {
    name: "HTTP body is not a request line",
    opts: {},
    hex: '66778899aabb00112233445508004500003200014000400626c30a0000010a0000029c4000500000000100000000501802000ee80000160301000568656c6c6f',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:11, ack 0, win 512, length 10: HTTP",
  },
  {
    name: "HTTP body is not a request line -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500003200014000400626c30a0000010a0000029c4000500000000100000000501802000ee80000160301000568656c6c6f',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 50)\n    10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], cksum 0x0ee8 (correct), seq 1:11, ack 0, win 512, length 10: HTTP",
  },
  {
    name: "HTTP line without its end",
    opts: {},
    hex: '66778899aabb00112233445508004500003600014000400626bf0a0000010a0000029c400050000000010000000050180200389e0000474554202f20485454502f312e31',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:15, ack 0, win 512, length 14: HTTP: GET / HTTP/1.1 [|http]",
  },
  {
    name: "HTTP line without its end -x",
    opts: { xflag: 1 },
    hex: '66778899aabb00112233445508004500003600014000400626bf0a0000010a0000029c400050000000010000000050180200389e0000474554202f20485454502f312e31',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:15, ack 0, win 512, length 14: HTTP: GET / HTTP/1.1 [|http]\n\t0x0000:  4500 0036 0001 4000 4006 26bf 0a00 0001\n\t0x0010:  0a00 0002 9c40 0050 0000 0001 0000 0000\n\t0x0020:  5018 0200 389e 0000 4745 5420 2f20 4854\n\t0x0030:  5450 2f31 2e31",
  },
  {
    name: "HTTP unknown method",
    opts: {},
    hex: '66778899aabb00112233445508004500004000014000400626b50a0000010a0000029c400050000000010000000050180200b8110000505249202a20485454502f322e300d0a0d0a534d0d0a0d0a',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:25, ack 0, win 512, length 24: HTTP",
  },
  {
    name: "SMTP greeting",
    opts: {},
    hex: '66778899aabb00112233445508004500004400014000400626b10a0000010a00000200199c40000000010000000050180200f49e0000323230207562756e74752045534d5450204578696d20342e38320d0a',
    expected: "IP 10.0.0.1.25 > 10.0.0.2.40000: Flags [P.], seq 1:29, ack 0, win 512, length 28: SMTP: 220 ubuntu ESMTP Exim 4.82",
  },
  {
    name: "SMTP greeting -v",
    opts: { vflag: 1 },
    hex: '66778899aabb00112233445508004500004400014000400626b10a0000010a00000200199c40000000010000000050180200f49e0000323230207562756e74752045534d5450204578696d20342e38320d0a',
    expected: "IP (tos 0x0, ttl 64, id 1, offset 0, flags [DF], proto TCP (6), length 68)\n    10.0.0.1.25 > 10.0.0.2.40000: Flags [P.], cksum 0xf49e (correct), seq 1:29, ack 0, win 512, length 28: SMTP, length: 28\n\t220 ubuntu ESMTP Exim 4.82",
  },
  {
    name: "FTP takes any line",
    opts: {},
    hex: '66778899aabb00112233445508004500003800014000400626bd0a0000010a0000029c400015000000010000000050180200758700005553455220616e6f6e796d6f75730d0a',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.21: Flags [P.], seq 1:17, ack 0, win 512, length 16: FTP: USER anonymous",
  },
  {
    name: "RTSP",
    opts: {},
    hex: '66778899aabb00112233445508004500005100014000400626a40a0000010a0000029c40022a00000001000000005018020071700000444553435249424520727473703a2f2f782f7920525453502f312e300d0a435365713a20310d0a0d0a',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.554: Flags [P.], seq 1:42, ack 0, win 512, length 41: RTSP: DESCRIBE rtsp://x/y RTSP/1.0",
  },
  {
    name: "WHOIS",
    opts: {},
    hex: '66778899aabb00112233445508004500003500014000400626c00a0000010a0000029c40002b000000010000000050180200865300006578616d706c652e636f6d0d0a',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.43: Flags [P.], seq 1:14, ack 0, win 512, length 13: WHOIS: example.com",
  },
  {
    name: "HTTPS port prints nothing more",
    opts: {},
    hex: '66778899aabb00112233445508004500002e00014000400626c70a0000010a0000029c4001bb000000010000000050180200e4c10000160301020001',
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.443: Flags [P.], seq 1:7, ack 0, win 512, length 6",
  },
  {
    name: "HTTP cut by the capture",
    opts: {},
    hex: '66778899aabb00112233445508004500004400014000400626b10a0000010a0000029c400050000000010000000050180200e2b40000474554202f782048',
    origLen: 82,
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:29, ack 0, win 512, length 28: HTTP [|http]",
  },
  {
    name: "HTTP cut by the capture -x",
    opts: { xflag: 1 },
    hex: '66778899aabb00112233445508004500004400014000400626b10a0000010a0000029c400050000000010000000050180200e2b40000474554202f782048',
    origLen: 82,
    expected: "IP 10.0.0.1.40000 > 10.0.0.2.80: Flags [P.], seq 1:29, ack 0, win 512, length 28: HTTP [|http]\n\t0x0000:  6677 8899 aabb 0011 2233 4455 0800 4500\n\t0x0010:  0044 0001 4000 4006 26b1 0a00 0001 0a00\n\t0x0020:  0002 9c40 0050 0000 0001 0000 0000 5018\n\t0x0030:  0200 e2b4 0000 4745 5420 2f78 2048",
  },
];

runCases(CASES);
