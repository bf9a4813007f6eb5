/** capture/: pcap and pcapng bytes in, frames out (and writers for both formats). Platform-neutral. */
export type { CaptureFormat, CaptureInterface, CaptureProblem, CaptureSink, DecryptionSecrets, Frame } from './types.js';
export { CaptureParser, parseCapture } from './reader.js';
export type { CaptureParserOptions } from './reader.js';
export { PcapWriter, PcapngWriter, concatBytes } from './writer.js';
export type { IdbOptions, PcapWriterOptions, PcapngWriterOptions, ShbOptions } from './writer.js';
export { PCAP_MAGIC_NS, PCAP_MAGIC_US, PCAP_MAX_CAPLEN } from './pcap.js';
export {
  BT_DSB,
  BT_EPB,
  BT_IDB,
  BT_ISB,
  BT_NRB,
  BT_OPB,
  BT_SHB,
  BT_SPB,
  PCAPNG_MAX_BLOCK,
  blockName,
  tsResolution,
  unitsToTime,
} from './pcapng.js';
export type { TimeOut, TsResolution } from './pcapng.js';
