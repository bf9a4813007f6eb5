/**
 * `npm run bench`: tlslens beside the tool it imitates, on the same big capture, in the same run.
 *
 *   npm run bench [-- --runs 3] [--rebuild] [--profile | --profile-only] [--no-verify] [--rows NAME,...] [--no-half]
 *
 * Environment: BENCH_MB (capture size, MiB, default 512), BENCH_RUNS (default 3), BENCH_GAP_US,
 * BENCH_SEED and BENCH_CLIENTS (capture construction, see make-capture.ts), BENCH_PROFILE_MB
 * (default 100), BENCH_RSS (gnu-time | python3 | none: force how peak RSS is measured).
 *
 * What it does
 * 1. Builds bench-data/big.pcap (make-capture.ts; reused while its parameters are unchanged) and
 *    half.pcap, its first half (same traffic, half the size: peak RSS must not grow with the file).
 * 2. For every row of ROWS: checks once that our output equals the oracle's (byte for byte,
 *    untimed), then runs our command and the oracle's alternately, best of N, stdout to /dev/null,
 *    on both files. Measured per run: wall time, CPU time (user+sys) and peak RSS of the child
 *    (GNU /usr/bin/time, else a python3 getrusage wrapper, else n/a). The pcap's packet count
 *    comes from its headers (once, kept in FILE.meta.json).
 * 3. Prints the table (MiB = 2^20 bytes; ratio = oracle time / our time, so >1 means we are
 *    faster) and writes everything to bench-data/results.json.
 * 4. With --profile, profiles our command on a 100 MiB prefix (profile.ts) and prints the top 25
 *    functions by self time.
 *
 * Adding a row (tshark -T fields, conns, decryption...): append to ROWS. `ours` and
 * `oracle.argv` get the capture path and return an argv; a row whose oracle tool is not installed
 * is still run for our side and says that the oracle was skipped.
 */
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, totalmem } from 'node:os';
import { delimiter, join, relative } from 'node:path';
import { BENCH_DIR, ROOT, ensureCapture, ensurePrefix, countPackets, readMeta, type CaptureMeta } from './make-capture.js';
import { formatSummary, profileRun, type ProfileSummary } from './profile.js';

const MiB = 1024 * 1024;
const CLI = join(ROOT, 'dist', 'cli', 'main.js');
const node = process.execPath;

// ---- the rows -----------------------------------------------------------------------------------

export interface BenchRow {
  /** Short name shown in the table. */
  name: string;
  /** Our command for a capture file, as an argv. */
  ours: (file: string) => string[];
  /** The reference tool; skipped (and said so) when `tool` is not on PATH. */
  oracle?: { tool: string; argv: (file: string) => string[] };
  /** Check once, untimed, that both print the same bytes on stdout. Default true. */
  sameOutput?: boolean;
}

export const ROWS: BenchRow[] = [
  {
    name: 'read --plain',
    ours: (f) => [node, CLI, 'read', '--plain', f],
    oracle: { tool: 'tcpdump', argv: (f) => ['tcpdump', '-n', '-r', f] },
  },
  // Later rows, for instance:
  // { name: 'fields', ours: (f) => [node, CLI, 'fields', ..., f], oracle: { tool: 'tshark', argv: (f) => ['tshark', '-r', f, '-T', 'fields', '-e', ...] } },
];

// ---- measuring one run --------------------------------------------------------------------------

type RssMethod = 'gnu-time' | 'python3' | 'none';

interface RunResult {
  wallS: number;
  cpuS: number | null;
  rssMiB: number | null;
  status: number | null;
  stderr: string;
}

function onPath(tool: string): string | undefined {
  if (tool.includes('/')) return existsSync(tool) ? tool : undefined;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    const p = join(dir, tool);
    try {
      if (statSync(p).isFile()) return p;
    } catch {
      // not there
    }
  }
  return undefined;
}

function detectRss(): RssMethod {
  const forced = process.env.BENCH_RSS;
  if (forced === 'gnu-time' || forced === 'python3' || forced === 'none') return forced;
  if (existsSync('/usr/bin/time')) {
    const r = spawnSync('/usr/bin/time', ['-f', '%M', 'true'], { encoding: 'utf8' });
    if (r.status === 0 && /^\d+\s*$/.test(r.stderr.trim().split('\n').pop() ?? '')) return 'gnu-time';
  }
  if (onPath('python3')) {
    const r = spawnSync('python3', ['-c', 'import resource'], { encoding: 'utf8' });
    if (r.status === 0) return 'python3';
  }
  return 'none';
}

const PY_WRAPPER = `
import resource, subprocess, sys, time
t = time.perf_counter()
p = subprocess.run(sys.argv[2:])
e = time.perf_counter() - t
r = resource.getrusage(resource.RUSAGE_CHILDREN)
open(sys.argv[1], 'w').write('%f %f %f %d' % (e, r.ru_utime, r.ru_stime, r.ru_maxrss))
sys.exit(p.returncode)
`;

const ENV = { ...process.env, TZ: 'UTC', LC_ALL: 'C' };

/** Runs argv with stdout to `stdoutPath` (default /dev/null) and measures it. */
function runOnce(argv: string[], rss: RssMethod, stdoutPath = '/dev/null'): RunResult {
  mkdirSync(BENCH_DIR, { recursive: true });
  const statsFile = join(BENCH_DIR, '.run-stats');
  const errFile = join(BENCH_DIR, '.run-stderr');
  rmSync(statsFile, { force: true });
  let cmd = argv;
  if (rss === 'gnu-time') cmd = ['/usr/bin/time', '-f', '%e %U %S %M', '-o', statsFile, ...argv];
  else if (rss === 'python3') cmd = ['python3', '-c', PY_WRAPPER, statsFile, ...argv];
  const out = openSync(stdoutPath, 'w');
  const err = openSync(errFile, 'w');
  const t0 = process.hrtime.bigint();
  const r = spawnSync(cmd[0], cmd.slice(1), { stdio: ['ignore', out, err], env: ENV });
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  closeSync(out);
  closeSync(err);
  const stderr = readHead(errFile, 4000);
  let cpuS: number | null = null;
  let rssMiB: number | null = null;
  let wallS = wall;
  if (rss !== 'none' && existsSync(statsFile)) {
    const last = readFileSync(statsFile, 'utf8').trim().split('\n').pop() ?? '';
    const [e, u, s, m] = last.split(/\s+/).map(Number);
    if (Number.isFinite(u) && Number.isFinite(s)) cpuS = u + s;
    if (Number.isFinite(m)) rssMiB = m / 1024; // KiB on Linux, from both
    if (rss === 'python3' && Number.isFinite(e)) wallS = e; // leave out the interpreter's start
  }
  if (r.error) return { wallS, cpuS, rssMiB, status: null, stderr: String(r.error) };
  return { wallS, cpuS, rssMiB, status: r.status, stderr };
}

function readHead(path: string, n: number): string {
  const fd = openSync(path, 'r');
  try {
    const b = Buffer.alloc(n);
    const got = readSync(fd, b, 0, n, 0);
    return b.subarray(0, got).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reads a file once so every timed run finds it in the page cache. */
function warm(file: string): void {
  const fd = openSync(file, 'r');
  const b = Buffer.allocUnsafe(8 * MiB);
  try {
    while (readSync(fd, b, 0, b.length, null) > 0);
  } finally {
    closeSync(fd);
  }
}

// ---- output comparison --------------------------------------------------------------------------

interface VerifyResult {
  same: boolean;
  oursLines: number;
  oracleLines: number;
  differingLines?: number;
  examples?: { line: number; ours: string; oracle: string }[];
  oursStatus: number | null;
  oracleStatus: number | null;
  oursStderr?: string;
}

function verify(row: BenchRow, file: string, rss: RssMethod): VerifyResult {
  const oursOut = join(BENCH_DIR, 'verify-ours.txt');
  const oracleOut = join(BENCH_DIR, 'verify-oracle.txt');
  const a = runOnce(row.ours(file), rss, oursOut);
  const b = runOnce(row.oracle!.argv(file), rss, oracleOut);
  const x = readFileSync(oursOut);
  const y = readFileSync(oracleOut);
  const count = (buf: Buffer) => {
    let n = 0;
    for (let i = buf.indexOf(10); i >= 0; i = buf.indexOf(10, i + 1)) n++;
    return n;
  };
  const res: VerifyResult = { same: x.equals(y) && a.status === 0, oursLines: count(x), oracleLines: count(y), oursStatus: a.status, oracleStatus: b.status };
  if (a.status !== 0) res.oursStderr = a.stderr;
  if (!x.equals(y)) {
    const xl = x.toString('utf8').split('\n');
    const yl = y.toString('utf8').split('\n');
    let diff = 0;
    const ex: { line: number; ours: string; oracle: string }[] = [];
    for (let i = 0; i < Math.max(xl.length, yl.length); i++) {
      if (xl[i] !== yl[i]) {
        diff++;
        if (ex.length < 3) ex.push({ line: i + 1, ours: xl[i] ?? '(none)', oracle: yl[i] ?? '(none)' });
      }
    }
    res.differingLines = diff;
    res.examples = ex;
  } else {
    rmSync(oursOut, { force: true });
    rmSync(oracleOut, { force: true });
  }
  return res;
}

// ---- the table ----------------------------------------------------------------------------------

interface Measured {
  row: string;
  file: 'full' | 'half';
  tool: string;
  command: string;
  skipped?: string;
  failed?: string;
  runs: RunResult[];
  bestS?: number;
  cpuS?: number | null;
  mibPerS?: number;
  pktPerS?: number;
  peakRssMiB?: number | null;
  /** On our line: oracle best time / our best time (>1: we are faster). */
  ratio?: number;
  /** The same with CPU time (user+sys) of the best runs: steadier on a busy machine. */
  cpuRatio?: number;
}

function measure(row: string, file: 'full' | 'half', tool: string, argv: string[], runs: number, rss: RssMethod, bytes: number, packets: number): Measured {
  const m: Measured = { row, file, tool, command: showArgv(argv), runs: [] };
  for (let i = 0; i < runs; i++) {
    const r = runOnce(argv, rss);
    m.runs.push(r);
    if (r.status !== 0) {
      m.failed = `exit status ${r.status}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`;
      return m;
    }
  }
  const best = Math.min(...m.runs.map((r) => r.wallS));
  const bestRun = m.runs.find((r) => r.wallS === best)!;
  m.bestS = best;
  m.cpuS = bestRun.cpuS;
  m.mibPerS = bytes / MiB / best;
  m.pktPerS = packets / best;
  const rssVals = m.runs.map((r) => r.rssMiB).filter((v): v is number => v !== null);
  m.peakRssMiB = rssVals.length ? Math.max(...rssVals) : null;
  return m;
}

function showArgv(argv: string[]): string {
  return argv.map((a) => (a === node ? 'node' : a.startsWith(ROOT + '/') ? relative(ROOT, a) : a)).join(' ');
}

function fmt(v: number | null | undefined, digits: number): string {
  return v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(digits);
}

function table(ms: Measured[]): string {
  const head = ['row', 'file', 'tool', 'best s', 'cpu s', 'MiB/s', 'packets/s', 'peak RSS MiB', 'ratio', 'cpu ratio'];
  const lines: { cells: string[]; tail?: string }[] = [{ cells: head }];
  for (const m of ms) {
    if (m.skipped || m.failed) {
      lines.push({ cells: [m.row, m.file, m.tool, m.skipped ? 'skipped' : 'FAILED'], tail: m.skipped ?? m.failed });
      continue;
    }
    lines.push({
      cells: [
        m.row,
        m.file,
        m.tool,
        fmt(m.bestS, 3),
        fmt(m.cpuS, 2),
        fmt(m.mibPerS, 1),
        m.pktPerS === undefined ? 'n/a' : Math.round(m.pktPerS).toLocaleString('en-US'),
        fmt(m.peakRssMiB, 1),
        m.ratio === undefined ? '' : `${m.ratio.toFixed(2)}x`,
        m.cpuRatio === undefined ? '' : `${m.cpuRatio.toFixed(2)}x`,
      ],
    });
  }
  const w = head.map((_, i) => Math.max(...lines.map((l) => (l.cells[i] ?? '').length)));
  const right = new Set([3, 4, 5, 6, 7, 8, 9]);
  const out: string[] = [];
  for (const l of lines) {
    let s = l.cells.map((c, i) => (right.has(i) ? c.padStart(w[i]) : c.padEnd(w[i]))).join('  ');
    if (l.tail) s += '  (' + l.tail + ')';
    out.push(s.trimEnd());
    if (l === lines[0]) out.push(w.map((n) => '-'.repeat(n)).join('  '));
  }
  return out.join('\n');
}

// ---- main ---------------------------------------------------------------------------------------

function describe(name: string, file: string, m: CaptureMeta): string {
  const span = m.lastTs - m.firstTs;
  let s = `${name}: ${relative(ROOT, file)}  ${(m.bytes / MiB).toFixed(1)} MiB, ${m.packets.toLocaleString('en-US')} packets (avg ${(m.bytes / m.packets).toFixed(0)} B/record)`;
  if (m.conversations) s += `, ${m.conversations.toLocaleString('en-US')} conversations, ${span.toFixed(1)} s of traffic, ~${m.avgOpen?.toFixed(0)} open at once`;
  return s;
}

function toolVersion(tool: string): string {
  const r = spawnSync(tool, tool === 'tcpdump' ? ['--version'] : ['-v'], { encoding: 'utf8' });
  return ((r.stdout || '') + (r.stderr || '')).split('\n')[0].trim();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const val = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const runs = Number(val('--runs') ?? process.env.BENCH_RUNS ?? 3);
  const profileOnly = args.includes('--profile-only');
  const doProfile = profileOnly || args.includes('--profile');
  const doVerify = !args.includes('--no-verify');
  const doHalf = !args.includes('--no-half');
  const only = val('--rows')?.split(',');
  const log = (s: string): void => void process.stderr.write(s + '\n');

  if (!existsSync(CLI)) throw new Error(`${relative(ROOT, CLI)} is missing: build first (npx tsc -p tsconfig.json; npm run bench does)`);
  mkdirSync(BENCH_DIR, { recursive: true });
  const big = join(BENCH_DIR, 'big.pcap');
  const fullMeta = await ensureCapture(big, { rebuild: args.includes('--rebuild'), log });
  if (!fullMeta.packets) fullMeta.packets = countPackets(big);

  let profile: ProfileSummary | undefined;
  if (profileOnly) {
    profile = profileRun({ log });
    console.log(formatSummary(profile));
    return;
  }

  const half = join(BENCH_DIR, 'half.pcap');
  const halfMeta = doHalf ? ensurePrefix(big, half, Math.floor(fullMeta.params!.mb / 2), log) : undefined;
  const files: { key: 'full' | 'half'; path: string; meta: CaptureMeta }[] = [{ key: 'full', path: big, meta: fullMeta }];
  if (halfMeta) files.push({ key: 'half', path: half, meta: readMeta(half) ?? halfMeta });

  const rss = detectRss();
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`tlslens bench: ${new Date().toISOString()}`);
  console.log(`machine: ${cpu}, ${cpus().length} cpus, ${(totalmem() / 2 ** 30).toFixed(0)} GiB; node ${process.version}; peak RSS via ${rss === 'gnu-time' ? '/usr/bin/time' : rss === 'python3' ? 'python3 getrusage' : 'nothing (n/a)'}; best of ${runs}; load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  for (const f of files) console.log(describe(f.key, f.path, f.meta));
  for (const f of files) warm(f.path);

  const rows = ROWS.filter((r) => !only || only.includes(r.name));
  const measured: Measured[] = [];
  const verifications: Record<string, VerifyResult | string> = {};
  const versions: Record<string, string> = {};
  const notes: string[] = [];

  // fixed cost: our start-up (node, module loading) against the oracle's, on a small capture
  const tiny = join(ROOT, 'test', 'captures', 'wget-tls12-inet.pcap');

  for (const row of rows) {
    const oraclePath = row.oracle ? onPath(row.oracle.tool) : undefined;
    if (row.oracle && oraclePath) versions[row.oracle.tool] ??= toolVersion(row.oracle.tool);
    if (row.oracle && !oraclePath) notes.push(`${row.name}: oracle ${row.oracle.tool} is not installed: its line is skipped, ours still measured`);

    if (doVerify && row.oracle && oraclePath && row.sameOutput !== false) {
      log(`bench: ${row.name}: comparing outputs on ${relative(ROOT, big)} (untimed)...`);
      const v = verify(row, big, rss);
      verifications[row.name] = v;
      if (v.same) notes.push(`${row.name}: output identical to ${row.oracle.tool}'s (${v.oursLines.toLocaleString('en-US')} lines)`);
      else {
        notes.push(
          `${row.name}: OUTPUT DIFFERS from ${row.oracle.tool}'s: ${v.differingLines ?? 0} of ${v.oracleLines} lines differ (ours ${v.oursLines} lines, exit ${v.oursStatus})` +
            (v.oursStderr ? `; our stderr: ${v.oursStderr.trim().split('\n').slice(-2).join(' | ')}` : '') +
            (v.examples ?? []).map((e) => `\n    line ${e.line}\n      ours:   ${e.ours}\n      oracle: ${e.oracle}`).join('') +
            `\n    (both outputs kept in bench-data/verify-*.txt)`,
        );
      }
    }

    // start-up cost
    {
      const o = measure(row.name, 'full', 'tlslens', row.ours(tiny), runs, rss, statSync(tiny).size, 1);
      let s = `${row.name}: start-up on a ${statSync(tiny).size}-byte capture: tlslens ${fmt((o.bestS ?? NaN) * 1000, 0)} ms`;
      if (row.oracle && oraclePath) {
        const t = measure(row.name, 'full', row.oracle.tool, row.oracle.argv(tiny), runs, rss, 1, 1);
        s += `, ${row.oracle.tool} ${fmt((t.bestS ?? NaN) * 1000, 0)} ms`;
      }
      notes.push(s);
    }

    for (const f of files) {
      log(`bench: ${row.name} on ${f.key} (${runs} runs each)...`);
      // alternate ours and the oracle so both see the same machine state
      const withOracle = row.oracle !== undefined && oraclePath !== undefined;
      const oursRuns: Measured[] = [];
      const orcRuns: Measured[] = [];
      for (let i = 0; i < runs; i++) {
        oursRuns.push(measure(row.name, f.key, 'tlslens', row.ours(f.path), 1, rss, f.meta.bytes, f.meta.packets));
        if (withOracle) orcRuns.push(measure(row.name, f.key, row.oracle!.tool, row.oracle!.argv(f.path), 1, rss, f.meta.bytes, f.meta.packets));
      }
      const o = merge(oursRuns, f.meta);
      measured.push(o);
      if (withOracle) {
        const t = merge(orcRuns, f.meta);
        if (o.bestS && t.bestS) o.ratio = t.bestS / o.bestS;
        if (o.cpuS && t.cpuS) o.cpuRatio = t.cpuS / o.cpuS;
        measured.push(t);
      } else if (row.oracle) {
        measured.push({ row: row.name, file: f.key, tool: row.oracle.tool, command: '', runs: [], skipped: `${row.oracle.tool} not installed` });
      }
    }

    // memory: does our peak RSS grow with the file?
    const full = measured.find((m) => m.row === row.name && m.file === 'full' && m.tool === 'tlslens');
    const hf = measured.find((m) => m.row === row.name && m.file === 'half' && m.tool === 'tlslens');
    if (full?.peakRssMiB && hf?.peakRssMiB) {
      const grow = full.peakRssMiB - hf.peakRssMiB;
      notes.push(
        `${row.name}: tlslens peak RSS ${hf.peakRssMiB.toFixed(1)} MiB on half (${(files[1].meta.bytes / MiB).toFixed(0)} MiB), ` +
          `${full.peakRssMiB.toFixed(1)} MiB on full (${(files[0].meta.bytes / MiB).toFixed(0)} MiB): ` +
          (Math.abs(grow) < 0.1 * hf.peakRssMiB ? 'flat' : grow > 0 ? `grows by ${grow.toFixed(1)} MiB` : 'flat (lower on the bigger file)'),
      );
      const tf = measured.find((m) => m.row === row.name && m.file === 'full' && m.tool !== 'tlslens' && !m.skipped);
      const th = measured.find((m) => m.row === row.name && m.file === 'half' && m.tool !== 'tlslens' && !m.skipped);
      if (tf?.peakRssMiB && th?.peakRssMiB) notes.push(`${row.name}: ${tf.tool} peak RSS ${th.peakRssMiB.toFixed(1)} MiB on half, ${tf.peakRssMiB.toFixed(1)} MiB on full`);
    }
  }

  console.log('');
  console.log(table(measured));
  console.log('');
  console.log('ratio = oracle wall time / our wall time on the same file (>1: tlslens is faster); cpu ratio: the same with user+sys CPU time. MiB = 2^20 bytes.');
  console.log(`load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(' ')} (wall times are only comparable on an idle machine)`);
  for (const n of notes) console.log('- ' + n);

  if (doProfile) {
    console.log('');
    profile = profileRun({ log });
    console.log(formatSummary(profile));
  }

  const results = {
    date: new Date().toISOString(),
    machine: { cpu, cpus: cpus().length, memGiB: totalmem() / 2 ** 30, node: process.version, tools: versions },
    rssMethod: rss,
    runs,
    captures: Object.fromEntries(files.map((f) => [f.key, { path: relative(ROOT, f.path), ...f.meta }])),
    rows: rows.map((r) => ({ name: r.name, ours: showArgv(r.ours('FILE')), oracle: r.oracle ? showArgv(r.oracle.argv('FILE')) : null })),
    results: measured,
    verify: verifications,
    notes,
    ...(profile ? { profile } : {}),
  };
  writeFileSync(join(BENCH_DIR, 'results.json'), JSON.stringify(results, null, 2) + '\n');
  console.log(`\nresults: ${relative(ROOT, join(BENCH_DIR, 'results.json'))}`);
}

/** One Measured from single-run Measureds (best time, max RSS; the first failure wins). */
function merge(ms: Measured[], meta: CaptureMeta): Measured {
  const m: Measured = { row: ms[0].row, file: ms[0].file, tool: ms[0].tool, command: ms[0].command, runs: ms.flatMap((x) => x.runs) };
  const failed = ms.find((x) => x.failed);
  if (failed) {
    m.failed = failed.failed;
    return m;
  }
  const best = Math.min(...m.runs.map((r) => r.wallS));
  m.bestS = best;
  m.cpuS = m.runs.find((r) => r.wallS === best)!.cpuS;
  m.mibPerS = meta.bytes / MiB / best;
  m.pktPerS = meta.packets / best;
  const rssVals = m.runs.map((r) => r.rssMiB).filter((v): v is number => v !== null);
  m.peakRssMiB = rssVals.length ? Math.max(...rssVals) : null;
  return m;
}

main().catch((e) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
