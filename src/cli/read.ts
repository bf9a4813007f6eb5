/** `tlslens read FILE`: tcpdump's lines (--plain: exactly tcpdump's), with their meaning otherwise. */
import pc from 'picocolors';
import type { CaptureProblem, CaptureSink, Frame } from '../capture/types.js';
import { TcpdumpPrinter } from '../render/tcpdump/printer.js';
import type { TcpdumpOptions } from '../render/tcpdump/ctx.js';
import { Annotator } from '../render/annotate.js';
import type { TextSink } from './output.js';
import { LINKTYPE_NAMES } from './linktypes.js';

export interface ReadOptions {
  plain: boolean;
  color: boolean;
  count?: number;
  tcpdump: Partial<TcpdumpOptions>;
  ifName?(index: number): string | undefined;
}

/** Streams the input into the sink (at most maxFrames frames); resolves when the input ends. */
export type ByteSource = (sink: CaptureSink, maxFrames?: number) => Promise<unknown>;

/** Returns the exit status: 0 when a packet was printed or the file was valid, 2 when nothing could be read. */
export async function readCommand(
  name: string,
  source: ByteSource,
  opts: ReadOptions,
  out: TextSink,
  err: TextSink,
): Promise<number> {
  const printer = new TcpdumpPrinter(opts.tcpdump, { ifName: opts.ifName });
  const annotator = opts.plain ? undefined : new Annotator();
  const ctx = printer.context;
  let printed = 0;
  let fatal: CaptureProblem | undefined;
  let announced = false;
  const paint = opts.color ? pc.cyan : (s: string) => s;
  const sink: CaptureSink = {
    frame(f: Frame) {
      if (!announced) {
        announced = true;
        const lt = LINKTYPE_NAMES[f.linkType];
        err.write(
          `reading from file ${name}, link-type ${lt ? `${lt[0]} (${lt[1]})` : `${f.linkType}`}, snapshot length ${f.snapLen}\n`,
        );
        err.flush();
      }
      const text = printer.format(f);
      out.write(text);
      if (annotator) {
        const meaning = annotator.annotate(ctx);
        if (meaning) out.write(paint('    ↳ ' + meaning) + '\n');
      }
      printed++;
    },
    problem(p) {
      if (p.severity === 'fatal') fatal = p;
      else err.write(`tlslens: warning: ${p.message}\n`);
    },
  };
  await source(sink, opts.count);
  out.flush();
  if (fatal) {
    err.write(`tlslens: ${fatal.message}\n`);
    err.flush();
    if (printed === 0) return 2;
  }
  return 0;
}
