/**
 * Real captures (recorded with tcpdump, converted with editcap, or written by our writer and
 * checked by tshark) against what tshark and tcpdump read from them. The goldens next to each
 * file come from test/fixtures/capture/regen.sh.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { CaptureParser } from './reader.js';
import type { CaptureProblem, DecryptionSecrets, Frame } from './types.js';

const dir = new URL('../../test/fixtures/capture/', import.meta.url).pathname;
const captures = readdirSync(dir).filter((n) => /\.(pcap|pcapng)$/.test(n)).sort();

interface Got {
  frames: Pick<Frame, 'tsSec' | 'tsNsec' | 'capLen' | 'origLen' | 'interfaceId' | 'linkType'>[];
  problems: CaptureProblem[];
  secrets: DecryptionSecrets[];
}

function read(bytes: Uint8Array, chunk: number): Got {
  const got: Got = { frames: [], problems: [], secrets: [] };
  const p = new CaptureParser({
    frame: ({ tsSec, tsNsec, capLen, origLen, interfaceId, linkType, data }) => {
      assert.equal(data.length, capLen);
      got.frames.push({ tsSec, tsNsec, capLen, origLen, interfaceId, linkType });
    },
    problem: (x) => got.problems.push(x),
    secrets: (s) => got.secrets.push(s),
  });
  for (let o = 0; o < bytes.length; o += chunk) p.push(bytes.subarray(o, o + chunk));
  p.finish();
  return got;
}

const load = (name: string) => new Uint8Array(readFileSync(dir + name));

test('the fixture folder is not empty', () => {
  assert.ok(captures.length >= 10, `found ${captures.length} captures in ${dir}`);
});

for (const name of captures) {
  test(`${name}: same packets, times and lengths as tshark and tcpdump`, () => {
    const bytes = load(name);
    const got = read(bytes, bytes.length);
    assert.deepEqual(got.problems, []);
    const tshark = readFileSync(dir + name + '.tshark.tsv', 'utf8').replace(/\n$/, '').split('\n');
    assert.equal(got.frames.length, tshark.length);
    got.frames.forEach((f, i) => {
      const [time, len, capLen, ifId] = tshark[i].split('\t');
      // tshark shows no time for a Simple Packet Block; we give libpcap's (0 + if_tsoffset)
      if (time !== '') assert.equal(`${f.tsSec}.${String(f.tsNsec).padStart(9, '0')}`, time, `frame ${i + 1}`);
      assert.equal(f.origLen, Number(len), `frame ${i + 1}`);
      assert.equal(f.capLen, Number(capLen), `frame ${i + 1}`);
      if (ifId !== '') assert.equal(f.interfaceId, Number(ifId), `frame ${i + 1}`);
    });
    // tcpdump prints µs, truncated; libpcap stops early on files whose interfaces differ in snaplen
    const tcpdump = readFileSync(dir + name + '.tcpdump.txt', 'utf8').trimEnd().split('\n');
    assert.ok(tcpdump.length > 0);
    tcpdump.forEach((line, i) => {
      const f = got.frames[i];
      assert.equal(`${f.tsSec}.${String(Math.floor(f.tsNsec / 1000)).padStart(6, '0')}`, line, `frame ${i + 1}`);
    });
    // and the same in 7-byte chunks
    assert.deepEqual(read(bytes, 7), got);
  });
}

test('tls-dsb.pcapng: the Decryption Secrets Block carries the key log editcap injected', () => {
  const got = read(load('tls-dsb.pcapng'), 1000);
  assert.equal(got.secrets.length, 1);
  assert.equal(got.secrets[0].secretsType, 0x544c534b);
  assert.deepEqual(got.secrets[0].data, load('keys.log'));
});

test('twosec.pcapng: two sections; interface ids restart; one DSB in the second', () => {
  const got = read(load('twosec.pcapng'), 4096);
  assert.equal(got.frames.length, 72);
  assert.ok(got.frames.every((f) => f.interfaceId === 0));
  assert.equal(got.secrets.length, 1);
});

test('any-sll2.pcap: tcpdump -i any writes LINKTYPE_LINUX_SLL2 (276)', () => {
  const got = read(load('any-sll2.pcap'), 100);
  assert.ok(got.frames.every((f) => f.linkType === 276));
});
