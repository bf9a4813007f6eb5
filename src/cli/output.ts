/**
 * Buffered, synchronous, back-pressured writing to a file descriptor.
 *
 * Lines are gathered into one string and written in large pieces with writeSync. When the
 * reader of a pipe is slow, the descriptor can answer EAGAIN: we wait a millisecond and try
 * again, so memory stays bounded whatever the file size. EPIPE (`| head`) ends the run quietly.
 */
import { writeSync } from 'node:fs';

export class EpipeError extends Error {}

const sleeper = new Int32Array(new SharedArrayBuffer(4));

export interface TextSink {
  write(s: string): void;
  flush(): void;
}

export class FdWriter implements TextSink {
  private buf = '';
  constructor(
    private readonly fd: number,
    private readonly limit = 1 << 16,
  ) {}

  write(s: string): void {
    this.buf += s;
    if (this.buf.length >= this.limit) this.flush();
  }

  flush(): void {
    if (this.buf.length === 0) return;
    let data = Buffer.from(this.buf, 'utf8');
    this.buf = '';
    while (data.length > 0) {
      try {
        const n = writeSync(this.fd, data);
        data = data.subarray(n);
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if (code === 'EAGAIN') {
          Atomics.wait(sleeper, 0, 0, 1);
          continue;
        }
        if (code === 'EPIPE') throw new EpipeError('EPIPE');
        throw e;
      }
    }
  }
}

/** Collects everything written (for tests and the library API). */
export class StringWriter implements TextSink {
  text = '';
  write(s: string): void {
    this.text += s;
  }
  flush(): void {}
}
