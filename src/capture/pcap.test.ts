import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pcapMagic, readPcapFileHeader } from './pcap.js';
import { PcapWriter } from './writer.js';

test('the six classic magics: µs, ns and modified, in both byte orders', () => {
  assert.deepEqual(pcapMagic(0xd4, 0xc3, 0xb2, 0xa1), { bigEndian: false, nano: false, recordHeaderLen: 16 });
  assert.deepEqual(pcapMagic(0xa1, 0xb2, 0xc3, 0xd4), { bigEndian: true, nano: false, recordHeaderLen: 16 });
  assert.deepEqual(pcapMagic(0x4d, 0x3c, 0xb2, 0xa1), { bigEndian: false, nano: true, recordHeaderLen: 16 });
  assert.deepEqual(pcapMagic(0xa1, 0xb2, 0x3c, 0x4d), { bigEndian: true, nano: true, recordHeaderLen: 16 });
  assert.deepEqual(pcapMagic(0x34, 0xcd, 0xb2, 0xa1), { bigEndian: false, nano: false, recordHeaderLen: 24 });
  assert.deepEqual(pcapMagic(0xa1, 0xb2, 0xcd, 0x34), { bigEndian: true, nano: false, recordHeaderLen: 24 });
  assert.equal(pcapMagic(0x0a, 0x0d, 0x0d, 0x0a), undefined);
  assert.equal(pcapMagic(0x7f, 0x45, 0x4c, 0x46), undefined);
});

test('file header: version, snaplen, link type and the FCS bits of the LinkType word', () => {
  for (const bigEndian of [false, true]) {
    const h = new PcapWriter({ linkType: 276, snapLen: 65535, bigEndian, nano: true }).header();
    const dv = new DataView(h.buffer);
    const magic = pcapMagic(h[0], h[1], h[2], h[3]);
    assert.ok(magic);
    const hdr = readPcapFileHeader(dv, 0, magic);
    assert.equal(hdr.versionMajor, 2);
    assert.equal(hdr.versionMinor, 4);
    assert.equal(hdr.snapLen, 65535);
    assert.equal(hdr.linkType, 276);
    assert.equal(hdr.fcsLen, undefined);
    assert.equal(hdr.nano, true);
    // FCS length present (bit 26), 2 sixteen-bit words (bits 28-31): 4 bytes of FCS on Ethernet
    dv.setUint32(20, 0x24000001, !bigEndian);
    const fcs = readPcapFileHeader(dv, 0, magic);
    assert.equal(fcs.linkType, 1);
    assert.equal(fcs.fcsLen, 4);
    assert.equal(fcs.linkTypeField, 0x24000001);
  }
});
