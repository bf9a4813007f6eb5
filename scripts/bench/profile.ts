/**
 * Where `tlslens read --plain` spends its time: runs it under `node --cpu-prof` on a prefix of the
 * benchmark capture and prints the functions with the most self time.
 *
 *   npx tsx scripts/bench/profile.ts [--mb 100] [--top 25]   profile a fresh run (needs dist/ and bench-data/big.pcap)
 *                                                          (sampling every BENCH_PROFILE_INTERVAL_US µs, default 100)
 *   npx tsx scripts/bench/profile.ts FILE.cpuprofile         summarize an existing profile
 *
 * (`npm run bench -- --profile` does the same after the table.)
 *
 * A .cpuprofile is a call tree (nodes with a callFrame and children) plus a list of samples (the
 * node running at each tick) and the time since the previous tick. A function's self time is the
 * time of the ticks that landed in it; its total time also counts the ticks in what it called
 * (each tick counted once per function even under recursion). Locations in dist/*.js are mapped
 * back to src/*.ts through the source maps tsc writes.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, openSync, closeSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BENCH_DIR, ROOT, ensurePrefix } from './make-capture.js';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number; // 0-based
  columnNumber: number; // 0-based
}
interface ProfNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  /** Samples per source line (1-based line of the script) that landed in this node. */
  positionTicks?: { line: number; ticks: number }[];
}
interface CpuProfile {
  nodes: ProfNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

export interface FnRow {
  name: string;
  location: string;
  selfMs: number;
  selfPct: number;
  totalMs: number;
  totalPct: number;
}

export interface ProfileSummary {
  file: string;
  totalMs: number;
  top: FnRow[];
  /** Self time by source file (or category: GC, native, node internals). */
  byFile: { file: string; selfMs: number; selfPct: number }[];
  /** Source lines with the most samples (from positionTicks), mapped to src/. */
  lines: { location: string; fn: string; samples: number; pct: number }[];
}

// ---- source maps (just enough: VLQ mappings, line/column -> source/line) ---------------------

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64V = new Map([...B64].map((c, i) => [c, i]));

/** Per generated line: segments [genCol, srcIdx, srcLine, srcCol], sorted by genCol. */
type Mapped = { sources: string[]; lines: number[][][] };
const mapCache = new Map<string, Mapped | null>();

function loadMap(jsPath: string): Mapped | null {
  if (mapCache.has(jsPath)) return mapCache.get(jsPath)!;
  let m: Mapped | null = null;
  try {
    const raw = JSON.parse(readFileSync(jsPath + '.map', 'utf8')) as { sources: string[]; sourceRoot?: string; mappings: string };
    const sources = raw.sources.map((s) => resolve(dirname(jsPath), raw.sourceRoot ?? '', s));
    const lines: number[][][] = [];
    let src = 0, sLine = 0, sCol = 0;
    for (const lineStr of raw.mappings.split(';')) {
      const segs: number[][] = [];
      let gCol = 0;
      for (const seg of lineStr.split(',')) {
        if (!seg) continue;
        const vals: number[] = [];
        let shift = 0, v = 0;
        for (const ch of seg) {
          const d = B64V.get(ch)!;
          v += (d & 31) << shift;
          if (d & 32) shift += 5;
          else {
            vals.push(v & 1 ? -(v >>> 1) : v >>> 1);
            v = 0;
            shift = 0;
          }
        }
        gCol += vals[0];
        if (vals.length >= 4) {
          src += vals[1];
          sLine += vals[2];
          sCol += vals[3];
          segs.push([gCol, src, sLine, sCol]);
        }
      }
      lines.push(segs);
    }
    m = { sources, lines };
  } catch {
    m = null;
  }
  mapCache.set(jsPath, m);
  return m;
}

/** "path:line" for a call frame: the TypeScript source when a map says so, else the JS file. */
function locate(cf: CallFrame, line0 = cf.lineNumber, col0 = cf.columnNumber): string {
  if (!cf.url) return '';
  let path = cf.url;
  if (path.startsWith('file://')) path = fileURLToPath(path);
  else return `${cf.url}:${line0 + 1}`;
  const m = loadMap(path);
  if (m) {
    const segs = m.lines[line0] ?? [];
    let best: number[] | undefined;
    for (const s of segs) {
      if (s[0] <= col0) best = s;
      else break;
    }
    best ??= segs[0];
    if (best) return `${relative(ROOT, m.sources[best[1]])}:${best[2] + 1}`;
  }
  return `${relative(ROOT, path)}:${line0 + 1}`;
}

function category(cf: CallFrame, loc: string): string {
  if (cf.functionName === '(garbage collector)') return '(garbage collector)';
  if (cf.functionName === '(program)' || cf.functionName === '(idle)' || cf.functionName === '(root)') return cf.functionName;
  if (!cf.url) return '(native / V8 builtins)';
  if (cf.url.startsWith('node:')) return '(node internals)';
  const file = loc.replace(/:\d+$/, '');
  return file.includes('node_modules') ? file.replace(/^.*node_modules\//, 'node_modules/') : file;
}

// ---- summary ------------------------------------------------------------------------------------

export function summarize(profilePath: string, top = 25): ProfileSummary {
  const p = JSON.parse(readFileSync(profilePath, 'utf8')) as CpuProfile;
  const byId = new Map<number, ProfNode>();
  const parent = new Map<number, number>();
  for (const n of p.nodes) {
    byId.set(n.id, n);
    for (const c of n.children ?? []) parent.set(c, n.id);
  }
  // time of each sample: the delta to the next sample (the last one gets the mean)
  const selfUs = new Map<number, number>();
  const n = p.samples.length;
  const total = p.endTime - p.startTime;
  for (let i = 0; i < n; i++) {
    const dt = i + 1 < n ? p.timeDeltas[i + 1] : total / Math.max(1, n);
    selfUs.set(p.samples[i], (selfUs.get(p.samples[i]) ?? 0) + Math.max(0, dt));
  }
  const keyOf = new Map<number, string>();
  const info = new Map<string, { name: string; location: string; cat: string }>();
  for (const node of p.nodes) {
    const cf = node.callFrame;
    let loc = locate(cf);
    if (!cf.url && !cf.functionName.startsWith('(') || (cf.functionName === '(anonymous)' && !cf.url)) {
      // a V8 builtin or C++ binding: say who called it (that is what can be changed)
      const par = byId.get(parent.get(node.id) ?? -1)?.callFrame;
      if (par) loc = `native, called by ${par.functionName || '(anonymous)'} ${locate(par) || par.url}`;
    }
    const key = `${cf.functionName}|${loc}`;
    keyOf.set(node.id, key);
    if (!info.has(key)) info.set(key, { name: cf.functionName || '(anonymous)', location: loc, cat: category(cf, loc) });
  }
  const self = new Map<string, number>();
  const tot = new Map<string, number>();
  const cat = new Map<string, number>();
  let sum = 0;
  for (const [id, us] of selfUs) {
    sum += us;
    const key = keyOf.get(id)!;
    self.set(key, (self.get(key) ?? 0) + us);
    const c = info.get(key)!.cat;
    cat.set(c, (cat.get(c) ?? 0) + us);
    // total: once per distinct function on the stack
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = keyOf.get(cur)!;
      if (seen.has(k)) continue;
      seen.add(k);
      tot.set(k, (tot.get(k) ?? 0) + us);
    }
  }
  const pct = (us: number) => (100 * us) / (sum || 1);
  const rows: FnRow[] = [...self.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, top)
    .map(([key, us]) => ({
      name: info.get(key)!.name,
      location: info.get(key)!.location,
      selfMs: us / 1000,
      selfPct: pct(us),
      totalMs: (tot.get(key) ?? 0) / 1000,
      totalPct: pct(tot.get(key) ?? 0),
    }));
  // hot lines: positionTicks count samples per line of the generated script
  const lineTicks = new Map<string, { fn: string; samples: number }>();
  for (const node of p.nodes) {
    if (!node.callFrame.url) continue;
    for (const pt of node.positionTicks ?? []) {
      const loc = locate(node.callFrame, pt.line - 1, 0);
      const cur = lineTicks.get(loc) ?? { fn: node.callFrame.functionName || '(anonymous)', samples: 0 };
      cur.samples += pt.ticks;
      lineTicks.set(loc, cur);
    }
  }
  const nSamples = p.samples.length || 1;
  const lines = [...lineTicks.entries()]
    .sort((a, b) => b[1].samples - a[1].samples)
    .slice(0, top)
    .map(([location, v]) => ({ location, fn: v.fn, samples: v.samples, pct: (100 * v.samples) / nSamples }));
  const byFile = [...cat.entries()].sort((a, b) => b[1] - a[1]).map(([file, us]) => ({ file, selfMs: us / 1000, selfPct: pct(us) }));
  return { file: profilePath, totalMs: sum / 1000, top: rows, byFile, lines };
}

export function formatSummary(s: ProfileSummary, topFiles = 12, topLines = 15): string {
  const out: string[] = [];
  out.push(`profile ${relative(ROOT, s.file)}: ${(s.totalMs / 1000).toFixed(2)} s sampled`);
  out.push('');
  out.push(`top ${s.top.length} functions by self time`);
  out.push(`${'self ms'.padStart(9)} ${'self%'.padStart(6)} ${'total%'.padStart(7)}  function  (location)`);
  for (const r of s.top) {
    out.push(`${r.selfMs.toFixed(0).padStart(9)} ${r.selfPct.toFixed(1).padStart(6)} ${r.totalPct.toFixed(1).padStart(7)}  ${r.name}  (${r.location || 'native'})`);
  }
  out.push('');
  out.push('self time by file / category');
  for (const f of s.byFile.slice(0, topFiles)) out.push(`${f.selfMs.toFixed(0).padStart(9)} ${f.selfPct.toFixed(1).padStart(6)}  ${f.file}`);
  if (s.lines.length) {
    out.push('');
    out.push('hottest source lines (samples in the line itself, builtins it calls not included)');
    out.push(`${'samples'.padStart(9)} ${'%'.padStart(6)}  line  (function)`);
    for (const l of s.lines.slice(0, topLines)) out.push(`${String(l.samples).padStart(9)} ${l.pct.toFixed(1).padStart(6)}  ${l.location}  (${l.fn})`);
  }
  return out.join('\n');
}

/**
 * Profiles `node dist/cli/main.js read --plain FILE > /dev/null` and returns the summary. `file`
 * defaults to a BENCH_PROFILE_MB (100) MiB prefix of bench-data/big.pcap.
 */
export function profileRun(opts: { file?: string; mb?: number; top?: number; log?: (s: string) => void } = {}): ProfileSummary {
  const log = opts.log ?? ((s: string) => process.stderr.write(s + '\n'));
  const mb = opts.mb ?? Number(process.env.BENCH_PROFILE_MB ?? 100);
  let file = opts.file;
  if (!file) {
    const big = join(BENCH_DIR, 'big.pcap');
    if (!existsSync(big)) throw new Error(`${big} is missing: run npm run bench (or scripts/bench/make-capture.ts) first`);
    file = join(BENCH_DIR, `prefix-${mb}.pcap`);
    ensurePrefix(big, file, mb, log);
  }
  const cli = join(ROOT, 'dist', 'cli', 'main.js');
  if (!existsSync(cli)) throw new Error(`${cli} is missing: build first (npx tsc -p tsconfig.json)`);
  const dir = join(BENCH_DIR, 'prof');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const devnull = openSync('/dev/null', 'w');
  // a sample every 100 µs (the default is 1 ms): enough samples on a run of half a second
  const interval = Number(process.env.BENCH_PROFILE_INTERVAL_US ?? 100);
  log(`profile: node --cpu-prof --cpu-prof-interval=${interval} dist/cli/main.js read --plain ${relative(ROOT, file)} > /dev/null`);
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--cpu-prof', `--cpu-prof-dir=${dir}`, `--cpu-prof-interval=${interval}`, cli, 'read', '--plain', file], {
    stdio: ['ignore', devnull, 'pipe'],
    env: { ...process.env, TZ: 'UTC' },
    maxBuffer: 64 * 1024 * 1024,
  });
  closeSync(devnull);
  if (r.status !== 0) throw new Error(`profiled run failed (status ${r.status}): ${String(r.stderr).slice(0, 2000)}`);
  log(`profile: run took ${((performance.now() - t0) / 1000).toFixed(2)} s (with the profiler on)`);
  const prof = readdirSync(dir).filter((f) => f.endsWith('.cpuprofile'));
  if (prof.length === 0) throw new Error(`no .cpuprofile written in ${dir}`);
  return summarize(join(dir, prof[0]), opts.top ?? 25);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const args = process.argv.slice(2);
  const val = (flag: string) => {
    const i = args.indexOf(flag);
    return i >= 0 ? args[i + 1] : undefined;
  };
  const top = Number(val('--top') ?? 25);
  const given = args.find((a) => a.endsWith('.cpuprofile'));
  try {
    const s = given ? summarize(given, top) : profileRun({ top, ...(val('--mb') ? { mb: Number(val('--mb')) } : {}) });
    console.log(formatSummary(s));
  } catch (e) {
    console.error(`profile: ${e instanceof Error ? e.message : String(e)}`);
    process.exit(1);
  }
}
