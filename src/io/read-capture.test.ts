import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, statSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { readCapture } from './read-capture.js';
import type { CaptureProblem, Frame } from '../capture/types.js';

const dir = new URL('../../test/fixtures/capture/', import.meta.url).pathname;
const root = new URL('../../', import.meta.url).pathname;

function collector() {
  const frames: Pick<Frame, 'number' | 'tsSec' | 'tsNsec' | 'capLen'>[] = [];
  const problems: CaptureProblem[] = [];
  let bytesSum = 0;
  return {
    frames,
    problems,
    sum: () => bytesSum,
    sink: {
      frame: (f: Frame) => {
        frames.push({ number: f.number, tsSec: f.tsSec, tsNsec: f.tsNsec, capLen: f.capLen });
        for (const b of f.data) bytesSum += b;
      },
      problem: (p: CaptureProblem) => problems.push(p),
    },
  };
}

test('reads a file in small reused chunks exactly as in one big one', async () => {
  for (const name of ['http.pcap', 'twosec.pcapng', 'written-be.pcapng']) {
    const path = dir + name;
    const size = statSync(path).size;
    const big = collector();
    const r1 = await readCapture(path, big.sink);
    const small = collector();
    const progress: [number, number | undefined][] = [];
    const r2 = await readCapture(path, small.sink, { chunkSize: 100, onProgress: (b, t) => progress.push([b, t]) });
    assert.deepEqual(r2, r1);
    assert.equal(r1.bytes, size);
    assert.equal(r1.failed, false);
    assert.ok(r1.frames > 0);
    assert.deepEqual(small.frames, big.frames);
    assert.equal(small.sum(), big.sum());
    assert.deepEqual(small.problems, []);
    assert.equal(progress.length, Math.ceil(size / 100));
    assert.deepEqual(progress.at(-1), [size, size]);
  }
});

test('format, frames and bytes are reported', async () => {
  const c = collector();
  assert.deepEqual(await readCapture(dir + 'http-ns.pcap', c.sink), { format: 'pcap-ns', frames: 36, bytes: statSync(dir + 'http-ns.pcap').size, failed: false });
});

test('maxFrames stops reading early', async () => {
  const c = collector();
  const r = await readCapture(dir + 'tls.pcap', c.sink, { chunkSize: 512, maxFrames: 3 });
  assert.equal(r.frames, 3);
  assert.equal(c.frames.length, 3);
  assert.ok(r.bytes < statSync(dir + 'tls.pcap').size);
  assert.equal(r.failed, false);
});

test('a file that is not a capture: failed, with the problem given to the sink', async () => {
  const c = collector();
  const r = await readCapture(dir + 'keys.log', c.sink);
  assert.equal(r.failed, true);
  assert.equal(r.format, undefined);
  assert.equal(c.problems.length, 1);
  assert.match(c.problems[0].message, /^not a pcap or pcapng file: magic bytes 0x23 0x20 0x53 0x53 at offset 0$/);
});

test('I/O errors reject', async () => {
  await assert.rejects(readCapture(dir + 'no-such-file.pcap', collector().sink), { code: 'ENOENT' });
});

test("'-' reads standard input", () => {
  const script = `
    import { readCapture } from './src/io/index.ts';
    let n = 0;
    const r = await readCapture('-', { frame: () => n++ });
    process.stdout.write(JSON.stringify({ ...r, n }));
  `;
  const input = readFileSync(dir + 'twosec.pcapng');
  const out = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { cwd: root, input, encoding: 'utf8' });
  assert.equal(out.status, 0, out.stderr);
  assert.deepEqual(JSON.parse(out.stdout), { format: 'pcapng', frames: 72, bytes: input.length, failed: false, n: 72 });
});
