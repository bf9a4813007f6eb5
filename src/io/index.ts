/** io/: Node-only edges (files, standard input). */
export { readCapture } from './read-capture.js';
export type { ReadCaptureOptions, ReadCaptureResult } from './read-capture.js';
