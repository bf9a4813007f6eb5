/**
 * What the capture layer hands to everything downstream.
 *
 * The capture layer is platform-neutral: it sees `Uint8Array` chunks pushed into a parser and
 * calls a sink for every frame. Reading files and standard input lives in `io/`.
 */

/** One captured packet. `data` is a view that is valid only while the sink's callback runs. */
export interface Frame {
  /** 1-based position among all packets of the capture (Wireshark's frame.number). */
  number: number;
  /** LINKTYPE_* value of the interface that captured it (1 Ethernet, 113 SLL, 276 SLL2, ...). */
  linkType: number;
  /** Seconds since the epoch, with pcapng's if_tsoffset already added. May be negative or above 2^32. */
  tsSec: number;
  /** Nanoseconds within the second, 0..999_999_999, truncated from the file's own resolution. */
  tsNsec: number;
  /** Bytes present in `data`. */
  capLen: number;
  /** Length of the packet on the wire. */
  origLen: number;
  /** The captured bytes (capLen long). A view: copy it to keep it past the callback. */
  data: Uint8Array;
  /** pcapng interface id within its section (0 for classic pcap). */
  interfaceId: number;
  /** Snap length of the interface (pcap header snaplen, IDB SnapLen; 0 = unlimited). */
  snapLen: number;
  /** Byte offset in the file of the record header (pcap) or block (pcapng) that carried it. */
  fileOffset: number;
}

/** A pcapng Decryption Secrets Block, kept for the decryption layer. */
export interface DecryptionSecrets {
  /** Secrets type, e.g. 0x544c534b ("TLSK", TLS key log). */
  secretsType: number;
  /** The secrets bytes (a copy: safe to keep). */
  data: Uint8Array;
  fileOffset: number;
}

/** An interface as described by a pcap header or a pcapng IDB. */
export interface CaptureInterface {
  /** Index across the whole file (sections included). */
  globalId: number;
  linkType: number;
  snapLen: number;
  name?: string;
  /** Timestamp units per second (10^6 for microsecond pcap, from if_tsresol for pcapng). */
  unitsPerSecond: number;
  /** if_tsoffset in seconds (0 when absent). */
  tsOffset: number;
  /**
   * Bytes of FCS at the end of each packet, when the file says so (pcapng if_fcslen; the FCS
   * bits of a classic pcap LinkType field). Absent when the file does not say.
   */
  fcsLen?: number;
}

export type CaptureFormat = 'pcap' | 'pcap-ns' | 'pcapng';

/** Where the parser stopped reading, and why. Offsets are absolute file offsets. */
export interface CaptureProblem {
  offset: number;
  message: string;
  /** 'fatal' stops reading; 'warning' is reported and reading goes on. */
  severity: 'fatal' | 'warning';
}

export interface CaptureSink {
  frame(frame: Frame): void;
  secrets?(secrets: DecryptionSecrets): void;
  interface?(iface: CaptureInterface): void;
  problem?(problem: CaptureProblem): void;
}
