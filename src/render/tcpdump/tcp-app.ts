/**
 * What tcpdump 4.99.3 appends to a TCP line for the text protocols it knows by port (observed):
 * `: HTTP` on 80 and 8080, then `: FIRST-LINE` when the payload starts with a request or status
 * line; with -v instead `, length: N` and every header line up to the blank one, each on its own
 * line after a tab. SMTP (25) always shows its first line. Other ports add nothing.
 */
import type { Ctx } from './ctx.js';

const METHODS = ['GET', 'PUT', 'POST', 'HEAD', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT', 'PATCH'];

/** The line at off (without CRLF), or undefined when no CRLF ends it within the captured bytes. */
function lineAt(ctx: Ctx, off: number, stop: number): [string, number] | undefined {
  let s = '';
  for (let i = off; i + 1 < stop; i++) {
    const c = ctx.buf[i];
    if (c === 13 && ctx.buf[i + 1] === 10) return [s, i + 2];
    s += c >= 0x20 && c < 0x7f ? String.fromCharCode(c) : '.';
  }
  return undefined;
}

function isHttpStart(line: string): boolean {
  if (line.startsWith('HTTP/')) return true;
  const sp = line.indexOf(' ');
  return sp > 0 && METHODS.includes(line.slice(0, sp)) && / HTTP\/\d\.\d$/.test(line);
}

export function printTcpApp(ctx: Ctx, off: number, len: number, sport: number, dport: number): void {
  const stop = Math.min(off + len, ctx.end);
  if (sport === 80 || dport === 80 || sport === 8080 || dport === 8080) {
    const first = lineAt(ctx, off, stop);
    const interesting = first !== undefined && isHttpStart(first[0]);
    if (ctx.opts.vflag > 0) {
      ctx.out += interesting ? `: HTTP, length: ${len}` : ': HTTP';
      if (!interesting) return;
      let p = off;
      for (;;) {
        const l = lineAt(ctx, p, stop);
        if (l === undefined) break;
        ctx.out += '\n\t' + l[0];
        p = l[1];
        if (l[0] === '') break;
      }
      return;
    }
    ctx.out += ': HTTP';
    if (interesting) ctx.out += ': ' + first[0];
    return;
  }
  if (sport === 25 || dport === 25) {
    ctx.out += ': SMTP';
    const first = lineAt(ctx, off, stop);
    if (first !== undefined && ctx.opts.vflag === 0) ctx.out += ': ' + first[0];
  }
}
