// HTTP/2 over TLS with Node's own http2 module, for scripts/record/record-all.sh.
//   node node-h2.mjs server HOST PORT CERT_CHAIN KEY       serves GET /1mib (1 MiB) and GET / (small)
//   node node-h2.mjs client URL CA KEYLOG [PATH...]        fetches each PATH on one connection,
//                                                          writes the key log (NSS format) to KEYLOG
// The 1 MiB body is deterministic text, so decrypted content can be checked byte for byte:
// 16384 lines of 64 bytes, "tlslens 1 MiB body line 00001 of 16384 ....\n".
import http2 from 'node:http2';
import tls from 'node:tls';
import fs from 'node:fs';
import crypto from 'node:crypto';

export function body1MiB() {
  const lines = [];
  for (let i = 1; i <= 16384; i++) {
    const head = `tlslens 1 MiB body line ${String(i).padStart(5, '0')} of 16384 `;
    lines.push(head + '.'.repeat(63 - head.length) + '\n');
  }
  return Buffer.from(lines.join(''), 'latin1');
}

const [mode, ...args] = process.argv.slice(2);

if (mode === 'server') {
  const [host, port, chain, key] = args;
  const big = body1MiB();
  const small = Buffer.from('<!DOCTYPE html>\n<title>tlslens h2</title>\n<p>Hello over HTTP/2 from tlslens.test</p>\n');
  const server = http2.createSecureServer({
    cert: fs.readFileSync(chain),
    key: fs.readFileSync(key),
    allowHTTP1: false,
    ALPNProtocols: ['h2'],
  });
  server.on('stream', (stream, headers) => {
    const path = headers[':path'];
    const data = path === '/1mib' ? big : path === '/' ? small : null;
    if (data === null) {
      stream.respond({ ':status': 404, 'content-type': 'text/plain' });
      stream.end('not found\n');
      return;
    }
    stream.respond({
      ':status': 200,
      'content-type': path === '/1mib' ? 'text/plain' : 'text/html; charset=utf-8',
      'content-length': String(data.length),
    });
    stream.end(data);
  });
  server.listen(Number(port), host, () => process.stderr.write(`node-h2 server on ${host}:${port}\n`));
  process.on('SIGTERM', () => server.close(() => process.exit(0)));
} else if (mode === 'client') {
  const [url, ca, keylog, ...paths] = args;
  const u = new URL(url);
  fs.writeFileSync(keylog, '');
  const session = http2.connect(url, {
    createConnection: () => {
      const sock = tls.connect({
        host: u.hostname.replace(/^\[|\]$/g, ''),
        port: Number(u.port || 443),
        servername: u.hostname.startsWith('[') || /^\d/.test(u.hostname) ? undefined : u.hostname,
        ca: fs.readFileSync(ca),
        ALPNProtocols: ['h2'],
      });
      sock.on('keylog', (line) => fs.appendFileSync(keylog, line));
      return sock;
    },
  });
  session.on('error', (e) => { console.error(e); process.exit(1); });
  const fetchOne = (path) => new Promise((resolve, reject) => {
    const req = session.request({ ':path': path });
    const chunks = [];
    let status = 0;
    req.on('response', (h) => { status = h[':status']; });
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => resolve({ status, body: Buffer.concat(chunks) }));
    req.on('error', reject);
    req.end();
  });
  for (const p of paths.length ? paths : ['/']) {
    const { status, body } = await fetchOne(p);
    const sha = crypto.createHash('sha256').update(body).digest('hex');
    process.stderr.write(`${p} ${status} ${body.length} bytes sha256 ${sha}\n`);
    if (status !== 200) process.exitCode = 1;
  }
  session.close();
} else {
  console.error('usage: node-h2.mjs server|client ...');
  process.exit(1);
}
