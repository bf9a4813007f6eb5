/**
 * `tcpdump -n -r FILE`, one frame at a time: the timestamp column, the link layer and what it
 * carries, then -x/-X dumps. Output is byte for byte tcpdump 4.99's (see test/goldens/tcpdump).
 */
import type { Frame } from '../../capture/types.js';
import { Ctx, Truncated, type TcpdumpOptions, defaultTcpdumpOptions } from './ctx.js';
import { TimeFormatter } from './time.js';
import { printLink, type LinkHooks } from './link.js';
import { hexDump, JumpTruncated } from './hexdump.js';

export class TcpdumpPrinter {
  readonly opts: TcpdumpOptions;
  private readonly ctx: Ctx;
  private readonly time: TimeFormatter;

  constructor(opts: Partial<TcpdumpOptions> = {}, private readonly hooks: LinkHooks = {}) {
    this.opts = { ...defaultTcpdumpOptions(), ...opts };
    this.ctx = new Ctx(this.opts);
    this.time = new TimeFormatter(this.opts.tflag, this.opts.nano);
  }

  /** What the last format() call saw (TCP flags and payload), for annotations. */
  get context(): Ctx {
    return this.ctx;
  }

  /** The text tcpdump prints for this frame, newline included. */
  format(frame: Frame): string {
    const ctx = this.ctx;
    ctx.reset(frame.data, frame.capLen, frame.origLen);
    let linkLen = -1;
    try {
      linkLen = printLink(ctx, frame.linkType, this.hooks);
    } catch (e) {
      if (!(e instanceof Truncated)) throw e;
      ctx.out += ` [|${ctx.protocol}]`;
      // tcpdump abandons such packets wholesale and then dumps them from their first byte
      linkLen = e instanceof JumpTruncated ? 0 : ctx.linkLen;
    }
    let text = this.time.format(frame.tsSec, frame.tsNsec) + ctx.out;
    if (this.opts.xflag || this.opts.Xflag) text += hexDump(ctx, frame.data, frame.capLen, linkLen < 0 ? 0 : linkLen);
    return text + '\n';
  }
}
