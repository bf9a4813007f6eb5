/**
 * The meaning column of `tlslens read` (without --plain): one short sentence per packet that
 * says what the tcpdump line means. This first version knows TCP's life cycle; TLS dissection
 * (records, handshake messages, alerts) fills the same slot as it lands.
 */

export interface PacketFacts {
  /** TCP flags byte, -1 when the packet has no TCP header. */
  tcpFlags: number;
  tcpPayload: number;
  /** `src.port>dst.port` */
  tcpKey: string;
}

const FIN = 0x01;
const SYN = 0x02;
const RST = 0x04;
const ACK = 0x10;

function reverse(key: string): string {
  const i = key.indexOf('>');
  return key.slice(i + 1) + '>' + key.slice(0, i);
}

/** Tracks just enough per connection to number the TCP handshake steps. Bounded: entries leave on FIN/RST. */
export class Annotator {
  /** key of the client→server direction → step reached (1 SYN seen, 2 SYN-ACK seen, 3 established) */
  private readonly steps = new Map<string, number>();
  private static readonly MAX = 100_000;

  annotate(f: PacketFacts): string {
    if (f.tcpFlags < 0) return '';
    const fl = f.tcpFlags;
    const key = f.tcpKey;
    if (fl & RST) {
      this.steps.delete(key);
      this.steps.delete(reverse(key));
      return 'TCP reset (RST): the sender aborts the connection';
    }
    if (fl & SYN && !(fl & ACK)) {
      if (this.steps.size >= Annotator.MAX) this.steps.clear();
      this.steps.set(key, 1);
      return 'TCP handshake 1/3 (SYN): the client asks to open a connection';
    }
    if (fl & SYN && fl & ACK) {
      const back = reverse(key);
      if (this.steps.get(back) === 1) this.steps.set(back, 2);
      return 'TCP handshake 2/3 (SYN-ACK): the server accepts';
    }
    if (this.steps.get(key) === 2 && fl & ACK) {
      this.steps.set(key, 3);
      if (f.tcpPayload === 0) return 'TCP handshake 3/3 (ACK): the connection is established';
    }
    let s = '';
    if (f.tcpPayload > 0) s = `${f.tcpPayload} bytes of data`;
    if (fl & FIN) {
      s += (s ? '; ' : '') + 'FIN: the sender has no more data to send';
      this.steps.delete(key);
      this.steps.delete(reverse(key));
    }
    return s;
  }
}
