/** Where the committed captures and their oracle goldens live, and how golden names map to flags. */
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { TcpdumpOptions } from '../../src/render/tcpdump/ctx.js';

export const ROOT = new URL('../../', import.meta.url).pathname;
export const CAPTURES = join(ROOT, 'test/captures');
export const TCPDUMP_GOLDENS = join(ROOT, 'test/goldens/tcpdump');

/** Flag-set names of scripts/record/make-goldens.sh → tcpdump options. */
export const TCPDUMP_SETS: Record<string, Partial<TcpdumpOptions>> = {
  default: {},
  t: { tflag: 1 },
  tt: { tflag: 2 },
  ttt: { tflag: 3 },
  tttt: { tflag: 4 },
  ttttt: { tflag: 5 },
  'tt-v': { tflag: 2, vflag: 1 },
  e: { eflag: true },
  hex: { xflag: 1 },
  'hex-link': { xflag: 2 },
  'hex-ascii': { Xflag: 1 },
  'hex-ascii-link': { Xflag: 2 },
};

export interface TcpdumpGolden {
  capture: string;
  set: string;
  goldenPath: string;
}

/** Every test/goldens/tcpdump/FILE.SET.txt whose capture exists. */
export function tcpdumpGoldens(): TcpdumpGolden[] {
  if (!existsSync(TCPDUMP_GOLDENS)) return [];
  const out: TcpdumpGolden[] = [];
  for (const f of readdirSync(TCPDUMP_GOLDENS).sort()) {
    const m = /^(.+\.pcap(?:ng)?)\.([a-z-]+)\.txt$/.exec(f);
    if (!m) continue;
    out.push({ capture: join(CAPTURES, m[1]), set: m[2], goldenPath: join(TCPDUMP_GOLDENS, f) });
  }
  return out;
}
