/**
 * What tcpdump 4.99.3 appends after a TCP segment's `, length N` for the ports it decodes.
 *
 * Found by experiment (a segment to and from each of the 65535 ports, with a text and a binary
 * payload): tcpdump decodes by default 21 FTP, 25 SMTP, 43 WHOIS, 53 DNS, 80 and 8080 HTTP,
 * 554 and 8554 RTSP (all done here), and 179 BGP, 323 RPKI-RTR, 639 MSDP, 646 LDP, 1723 PPTP,
 * 6379 RESP, 6633/6653 OpenFlow, 10288 BEEP (not done: we print nothing there). 443 and every
 * other port get nothing.
 *
 * The text protocols (tcpdump's "txtproto" rules, by experiment):
 * - A line ends at LF or CRLF; it may hold printable ASCII and tabs only (a lone CR, a byte
 *   below 0x20 or above 0x7e makes it invalid).
 * - HTTP and RTSP know their request methods (case-insensitive, followed by space, tab, CR or LF);
 *   a response line is a first word holding a `/`, spaces, three digits, then whitespace or the
 *   end of the line. FTP, SMTP and WHOIS take any line.
 * - Default: `: PROTO: FIRST LINE` when the first line is valid (and, for HTTP/RTSP,
 *   recognised), else `: PROTO`. A first line that runs to the end of the data is printed and
 *   then the packet ends in ` [|proto]`.
 * - -v: `: PROTO, length: N` (HTTP/RTSP: only when the first line starts with a method or a
 *   response, else `: PROTO`) then `\n\t` and each line while lines are valid; a line that runs
 *   to the end of the data is printed and ends the packet in ` [|proto]`.
 * - These truncations abandon the packet the longjmp way (hex dumps start at byte 0).
 * DNS over TCP: ` ` and the DNS message after its 2-byte length, or ` [DNS over TCP: length N
 * < 2] (invalid)`, or ` [prefix length(P) != length(N-2)] (invalid)`.
 */

import type { Ctx } from './ctx.js';
import { printDns } from './dns.js';
import { JUMP_TRUNC } from './hexdump.js';

const HTTP_METHODS = [
  'GET', 'PUT', 'POST', 'HEAD', 'DELETE', 'OPTIONS', 'CONNECT', 'TRACE', 'PROPFIND', 'PROPPATCH',
  'MKCOL', 'COPY', 'MOVE', 'LOCK', 'UNLOCK', 'SEARCH', 'REPORT', 'MKWORKSPACE', 'UPDATE', 'LABEL',
  'MERGE', 'BASELINE-CONTROL', 'MKACTIVITY', 'CHECKOUT', 'CHECKIN', 'VERSION-CONTROL', 'UNCHECKOUT',
];
const RTSP_METHODS = [
  'OPTIONS', 'DESCRIBE', 'ANNOUNCE', 'SETUP', 'PLAY', 'PAUSE', 'TEARDOWN', 'GET_PARAMETER',
  'SET_PARAMETER', 'REDIRECT', 'RECORD',
];

export function printTcpApp(ctx: Ctx, off: number, len: number, sport: number, dport: number): void {
  if (sport === 80 || dport === 80 || sport === 8080 || dport === 8080) txtproto(ctx, off, len, 'HTTP', 'http', HTTP_METHODS);
  else if (sport === 21 || dport === 21) txtproto(ctx, off, len, 'FTP', 'ftp', null);
  else if (sport === 25 || dport === 25) txtproto(ctx, off, len, 'SMTP', 'smtp', null);
  else if (sport === 43 || dport === 43) txtproto(ctx, off, len, 'WHOIS', 'whois', null);
  else if (sport === 554 || dport === 554 || sport === 8554 || dport === 8554) txtproto(ctx, off, len, 'RTSP', 'rtsp', RTSP_METHODS);
  else if (sport === 53 || dport === 53) dnsOverTcp(ctx, off, len);
}

function dnsOverTcp(ctx: Ctx, off: number, len: number): void {
  ctx.protocol = 'domain';
  if (len < 2) {
    ctx.out += ' [DNS over TCP: length ' + len + ' < 2] (invalid)';
    return;
  }
  // a length prefix past the capture abandons the packet the longjmp way
  if (!ctx.has(off, 2)) throw JUMP_TRUNC;
  const prefix = ctx.u16(off);
  if (prefix !== len - 2) {
    ctx.out += ' [prefix length(' + prefix + ') != length(' + (len - 2) + ')] (invalid)';
    return;
  }
  ctx.out += ' ';
  printDns(ctx, off + 2, len - 2, false);
}

/** Line scan result: end of the line's text, where the next line starts, or a failure kind. */
const INVALID = -1;
/** The segment's data ended before a line end (the line is printed, then the mark). */
const UNFINISHED = -2;
/** The capture ended before a line end (nothing more is printed before the mark). */
const CUT = -3;

/**
 * Scan the line starting at `p`; the data ends at `stop`, the capture at `cap`. Returns the
 * offset of the line's end (before CR LF / LF) and stores the next line's start in `next[0]`;
 * or INVALID, UNFINISHED (`next[0]` then holds `stop`) or CUT.
 */
function scanLine(buf: Uint8Array, p: number, stop: number, cap: number, next: number[]): number {
  for (let i = p; i < stop; i++) {
    if (i >= cap) return CUT;
    const c = buf[i];
    if (c === 0x0a) {
      next[0] = i + 1;
      return i;
    }
    if (c === 0x0d) {
      // a CR must be followed by LF; at the data's end it cannot be, at the capture's end
      // tcpdump cannot tell
      if (i + 1 >= stop) return INVALID;
      if (i + 1 >= cap) return CUT;
      if (buf[i + 1] === 0x0a) {
        next[0] = i + 2;
        return i;
      }
      return INVALID;
    }
    if (c !== 0x09 && (c < 0x20 || c > 0x7e)) return INVALID;
  }
  next[0] = stop;
  return UNFINISHED;
}

/** True when [p, e) starts with one of `methods` (any case) then a space, tab, CR, LF or its end. */
function isRequest(buf: Uint8Array, p: number, e: number, methods: readonly string[], dataEnd: number): boolean {
  for (const m of methods) {
    const n = m.length;
    if (p + n > e) continue;
    let ok = true;
    for (let i = 0; i < n; i++) {
      let c = buf[p + i];
      if (c >= 0x61 && c <= 0x7a) c -= 0x20;
      if (c !== m.charCodeAt(i)) {
        ok = false;
        break;
      }
    }
    if (!ok) continue;
    // the method may also end exactly where the segment's data ends (not where the capture
    // was cut: tcpdump then does not know what follows and calls it no request)
    if (p + n === e) return e === dataEnd;
    const sep = buf[p + n];
    if (sep === 0x20 || sep === 0x09 || sep === 0x0d || sep === 0x0a) return true;
  }
  return false;
}

/** True for a printable first word holding `/`, spaces, `NNN`, then whitespace or the line's end. */
function isResponse(buf: Uint8Array, p: number, e: number): boolean {
  let i = p;
  let slash = false;
  while (i < e && buf[i] !== 0x20) {
    if (buf[i] < 0x21 || buf[i] > 0x7e) return false;
    if (buf[i] === 0x2f) slash = true;
    i++;
  }
  if (!slash || i >= e) return false;
  while (i < e && buf[i] === 0x20) i++;
  for (let k = 0; k < 3; k++, i++) {
    if (i >= e || buf[i] < 0x30 || buf[i] > 0x39) return false;
  }
  return i === e || buf[i] === 0x20 || buf[i] === 0x09;
}

function text(buf: Uint8Array, p: number, e: number): string {
  let s = '';
  for (let i = p; i < e; i++) s += String.fromCharCode(buf[i]);
  return s;
}

function txtproto(ctx: Ctx, off: number, len: number, name: string, proto: string, methods: readonly string[] | null): void {
  ctx.protocol = proto;
  const buf = ctx.buf;
  const stop = off + len;
  const cap = ctx.end;
  const next = [0];
  // HTTP and RTSP look at the raw first line (up to CR, LF or the bytes at hand) before
  // anything else: a line that is not a request or response gets just the name
  if (methods !== null) {
    const end = Math.min(stop, cap);
    let raw = off;
    while (raw < end && buf[raw] !== 0x0d && buf[raw] !== 0x0a) raw++;
    if (!isRequest(buf, off, end, methods, stop) && !isResponse(buf, off, raw)) {
      ctx.out += ': ' + name;
      return;
    }
  }
  let e = scanLine(buf, off, stop, cap, next);
  const lineEnd = e === UNFINISHED ? stop : e;

  if (ctx.opts.vflag === 0) {
    if (e === CUT) {
      // the capture ended inside the first line: tcpdump abandons the packet (longjmp way)
      ctx.out += ': ' + name;
      throw JUMP_TRUNC;
    }
    if (e === INVALID) {
      ctx.out += ': ' + name;
      return;
    }
    ctx.out += ': ' + name + ': ' + text(buf, off, lineEnd);
    // the data ended inside the line: the mark, printed the ordinary way
    if (e === UNFINISHED) ctx.trunc();
    return;
  }

  ctx.out += ': ' + name + ', length: ' + len;
  let p = off;
  while (p < stop) {
    e = scanLine(buf, p, stop, cap, next);
    if (e === INVALID) return;
    if (e === CUT) throw JUMP_TRUNC;
    if (e === UNFINISHED) {
      ctx.out += '\n\t' + text(buf, p, stop);
      ctx.trunc();
    }
    ctx.out += '\n\t' + text(buf, p, e);
    p = next[0];
  }
}
