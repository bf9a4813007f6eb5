/**
 * tcpdump's timestamp column (-t … -ttttt), in local time as the process's TZ says.
 *
 * Facts observed from tcpdump 4.99.3 (see time.test.ts):
 * - a time outside 0 … 2^31-1 seconds prints `[Error converting time]`;
 * - -ttt and -ttttt print a signed delta: ' ' or '-', then the delta as HH:MM:SS.frac with
 *   the days dropped (hours are taken modulo 24), and the same error past 2^31-1 seconds.
 */

const ERR = '[Error converting time]';
const INT32_MAX = 2147483647;

function pad2(n: number): string {
  return n < 10 ? '0' + n : '' + n;
}

export function fracDigits(nsec: number, nano: boolean): string {
  return nano ? String(nsec).padStart(9, '0') : String(Math.floor(nsec / 1000)).padStart(6, '0');
}

/** Days since 1970-01-01 → [year, month 1-12, day 1-31] (proleptic Gregorian; Hinnant's civil-from-days). */
function civil(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [yoe + era * 400 + (m <= 2 ? 1 : 0), m, d];
}

export class TimeFormatter {
  private prevSec = 0;
  private prevNsec = 0;
  private firstSec = 0;
  private firstNsec = 0;
  private seen = false;
  // local offset cache: time-zone transitions fall on quarter hours of UTC
  private offBucket = NaN;
  private offSec = 0;
  // last formatted second, reused for packets within the same second
  private lastSec = NaN;
  private lastText = '';

  constructor(
    private readonly tflag: number,
    private readonly nano: boolean,
  ) {}

  private localOffset(sec: number): number {
    const bucket = Math.floor(sec / 900);
    if (bucket !== this.offBucket) {
      this.offBucket = bucket;
      this.offSec = -new Date(sec * 1000).getTimezoneOffset() * 60;
    }
    return this.offSec;
  }

  /** The column text including its trailing space ('' for -t). */
  format(sec: number, nsec: number): string {
    // libpcap hands tcpdump microseconds (unless --nano): deltas are between truncated times
    if (!this.nano) nsec -= nsec % 1000;
    switch (this.tflag) {
      case 0:
        return this.clock(sec, nsec, false);
      case 1:
        return '';
      case 2:
        if (sec < 0 || sec > INT32_MAX) return ERR + ' ';
        return sec + '.' + fracDigits(nsec, this.nano) + ' ';
      case 3: {
        if (!this.seen) this.remember(sec, nsec);
        const s = this.delta(sec, nsec, this.prevSec, this.prevNsec);
        this.prevSec = sec;
        this.prevNsec = nsec;
        return s;
      }
      case 4:
        return this.clock(sec, nsec, true);
      default: {
        if (!this.seen) this.remember(sec, nsec);
        return this.delta(sec, nsec, this.firstSec, this.firstNsec);
      }
    }
  }

  private remember(sec: number, nsec: number): void {
    this.seen = true;
    this.firstSec = this.prevSec = sec;
    this.firstNsec = this.prevNsec = nsec;
  }

  private delta(sec: number, nsec: number, psec: number, pnsec: number): string {
    let ds = sec - psec;
    let dn = nsec - pnsec;
    let sign = ' ';
    if (ds < 0 || (ds === 0 && dn < 0)) {
      sign = '-';
      ds = -ds;
      dn = -dn;
    }
    if (dn < 0) {
      ds -= 1;
      dn += 1e9;
    }
    if (ds > INT32_MAX) return sign + ERR + ' ';
    const t = ds % 86400;
    return (
      sign +
      pad2(Math.floor(t / 3600)) +
      ':' +
      pad2(Math.floor((t % 3600) / 60)) +
      ':' +
      pad2(t % 60) +
      '.' +
      fracDigits(dn, this.nano) +
      ' '
    );
  }

  private clock(sec: number, nsec: number, withDate: boolean): string {
    if (sec < 0 || sec > INT32_MAX) return ERR + ' ';
    if (sec !== this.lastSec) {
      this.lastSec = sec;
      const local = sec + this.localOffset(sec);
      const days = Math.floor(local / 86400);
      const t = local - days * 86400;
      let text = pad2(Math.floor(t / 3600)) + ':' + pad2(Math.floor((t % 3600) / 60)) + ':' + pad2(t % 60) + '.';
      if (withDate) {
        const [y, m, d] = civil(days);
        text = y + '-' + pad2(m) + '-' + pad2(d) + ' ' + text;
      }
      this.lastText = text;
    }
    return this.lastText + fracDigits(nsec, this.nano) + ' ';
  }
}
