#!/usr/bin/env node
/** The tlslens command line. Everything here is wiring: the work is done by the library. */
import { Command, CommanderError } from 'commander';
import { readFileSync, readdirSync } from 'node:fs';
import { FdWriter, EpipeError, type TextSink } from './output.js';
import { readCommand } from './read.js';
import { readCapture } from '../io/read-capture.js';
import type { TcpdumpOptions } from '../render/tcpdump/ctx.js';

export interface CliIo {
  stdout: TextSink;
  stderr: TextSink;
  isTTY: boolean;
}

/** Interface names by index, as this machine has them (tcpdump names SLL2 interfaces the same way). */
function localIfNames(): Map<number, string> {
  const m = new Map<number, string>();
  try {
    for (const name of readdirSync('/sys/class/net')) {
      const idx = Number(readFileSync(`/sys/class/net/${name}/ifindex`, 'utf8').trim());
      if (Number.isInteger(idx)) m.set(idx, name);
    }
  } catch {
    // not Linux, or no /sys: SLL2 interface names print as '?', as tcpdump prints unknown ones
  }
  return m;
}

/** tcpdump's counting flags (-t … -ttttt, -v, -x, -X, and -n, which we always are) in clusters like -tt or -vX. */
function takeCountingFlags(args: string[]): { rest: string[]; counts: Record<string, number> } {
  const counts: Record<string, number> = { t: 0, v: 0, x: 0, X: 0, n: 0, e: 0, S: 0 };
  const rest: string[] = [];
  let passthrough = false;
  for (const a of args) {
    if (!passthrough && /^-[tvxXneS]+$/.test(a)) {
      for (const ch of a.slice(1)) counts[ch]++;
    } else {
      if (a === '--') passthrough = true;
      rest.push(a);
    }
  }
  return { rest, counts };
}

export async function run(argv: string[], io: CliIo): Promise<number> {
  const { rest, counts } = takeCountingFlags(argv);
  let status = 0;
  const program = new Command();
  program
    .name('tlslens')
    .description('See and understand HTTPS connections in packet captures.')
    .exitOverride()
    .configureOutput({
      writeOut: (s) => io.stdout.write(s),
      writeErr: (s) => io.stderr.write(s),
    });
  program
    .command('read')
    .description(
      "print each packet as tcpdump -n -r prints it, with its meaning underneath\n" +
        'tcpdump flags: -t/-tt/-ttt/-tttt/-ttttt timestamps, -v verbose, -x/-xx/-X/-XX hex, -e link header, -S absolute seq',
    )
    .argument('[file]', "capture file (pcap or pcapng); '-' reads standard input")
    .option('-r <file>', 'capture file, as tcpdump takes it')
    .option('--plain', "print only tcpdump's output, byte for byte")
    .option('-c, --count <n>', 'stop after n packets', (v) => {
      const n = Number(v);
      if (!Number.isInteger(n) || n <= 0) throw new CommanderError(1, 'tlslens.usage', `invalid packet count ${v}`);
      return n;
    })
    .option('--nano', 'print timestamps with nanosecond precision')
    .option('--color', 'colour the meaning even when not on a terminal')
    .option('--no-color', 'never colour')
    .action(async (fileArg: string | undefined, o: { r?: string; plain?: boolean; count?: number; nano?: boolean; color?: boolean }) => {
      const file = o.r ?? fileArg;
      if (!file) throw new CommanderError(1, 'tlslens.usage', 'error: missing capture file (tlslens read FILE)');
      const tcpdump: Partial<TcpdumpOptions> = {
        tflag: counts.t,
        vflag: counts.v,
        xflag: counts.x,
        Xflag: counts.X,
        eflag: counts.e > 0,
        Sflag: counts.S > 0,
        nano: !!o.nano,
      };
      const names = localIfNames();
      const color = o.color === undefined ? io.isTTY && !process.env.NO_COLOR : o.color;
      status = await readCommand(
        file === '-' ? '-' : file,
        (sink, maxFrames) => readCapture(file, sink, maxFrames === undefined ? {} : { maxFrames }),
        { plain: !!o.plain, color, count: o.count, tcpdump, ifName: (i) => names.get(i) },
        io.stdout,
        io.stderr,
      );
    });
  try {
    await program.parseAsync(rest, { from: 'user' });
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === 'commander.helpDisplayed' || e.code === 'commander.version' || e.exitCode === 0) return 0;
      if (e.code === 'tlslens.usage') io.stderr.write(`tlslens: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
  return status;
}

async function main(): Promise<void> {
  const stdout = new FdWriter(1);
  const stderr = new FdWriter(2, 0);
  let code: number;
  try {
    code = await run(process.argv.slice(2), { stdout, stderr, isTTY: !!process.stdout.isTTY });
    stdout.flush();
  } catch (e) {
    if (e instanceof EpipeError) process.exit(0);
    const msg = e instanceof Error ? e.message : String(e);
    stderr.write(`tlslens: ${msg}\n`);
    stderr.flush();
    code = 2;
  }
  stderr.flush();
  process.exitCode = code;
}

const invoked = process.argv[1] ?? '';
if (/(?:^|[/\\])(?:main\.[jt]s|tlslens)$/.test(invoked)) void main();
