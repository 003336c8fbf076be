/**
 * How the MOF loader reads files from disk.
 *
 * One file (`readFileShared`): into one buffer kept for the process and reused for every
 * file (the loader decodes the bytes at once and keeps only the text), so there is no buffer
 * per file and no `fstat`, which `readFileSync` spends on each of CIM 2.51's 1,897 files.
 *
 * A long include list (`readFilesTogether`): all its files into one buffer, decoded together.
 * The file texts live as long as the model (the model's strings are slices of them, and the
 * load result keeps them for code frames). Decoded one by one, each text is a small string in
 * V8's young generation, and every byte of CIM 2.51's 6.7 MB was copied twice by scavenges
 * before settling in the old generation. Decoded together, the texts are slices of a few
 * large strings: above 128 KB a string is allocated outside the young generation and never
 * copied, and above about 1 MB Node keeps its characters outside the JavaScript heap
 * altogether (bytes copied by scavenges per CIM load: 37 -> 24 MB).
 *
 * Read ahead on a second thread: opening, reading and closing CIM's 1,897 files is 7,600
 * system calls, 15-25 ms of a 130 ms load on the calling thread, while the second core of a
 * two-core machine is mostly idle. So once a process has met a long include list, a worker
 * thread reads the next long lists: it reads the files in list order into a shared buffer
 * and publishes how many are done, and the loader, which parses them in the same order,
 * decodes each stretch that is ready (at least `MIN_CHUNK_BYTES`, for the reason above) and
 * waits only when it catches up with the reader. The worker takes about 30 ms to start, more
 * than reading CIM here takes, so it only serves later loads: it is started when a process
 * reads its second long list on the calling thread (`startReadAheadThread` starts it at once). Any
 * file the worker could not read is left to the loader, which reads it and reports the error
 * as it would have; if the worker stops making progress, the loader reads the rest itself.
 */

import { closeSync, openSync, readSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { decodeMofBytes, decodesAsAscii } from '../../grammar/mof/decode.js';

let sharedBuffer = Buffer.allocUnsafe(1 << 18);

/** Appends the bytes of `path` to the shared buffer at `at`; returns where they end. Throws as `openSync` does. */
function appendFile(path: string, at: number): number {
  const fd = openSync(path, 'r');
  try {
    let end = at;
    for (;;) {
      if (end === sharedBuffer.length) {
        const bigger = Buffer.allocUnsafe(sharedBuffer.length * 2);
        sharedBuffer.copy(bigger, 0, 0, end);
        sharedBuffer = bigger;
      }
      const n = readSync(fd, sharedBuffer, end, sharedBuffer.length - end, null);
      if (n === 0) return end;
      end += n;
    }
  } finally {
    closeSync(fd);
  }
}

/** The bytes of one file, valid until the next read (the loader decodes them at once). */
export function readFileShared(path: string): Uint8Array {
  return sharedBuffer.subarray(0, appendFile(path, 0));
}

/** The texts of an include list's files, read before their turn; each is taken once. */
export interface IncludeTexts {
  /**
   * The decoded text of `path` when this list read it; undefined when the path is not in the
   * list, was taken already, or could not be read (the loader then reads it and reports).
   */
  take(path: string): string | undefined;
  /** Lets go of what is left: the loader is done with the list. */
  close(): void;
}

/** Long include lists read on the calling thread so far in this process. */
let longListsReadHere = 0;
/** Include lists at least this long are read ahead by the worker thread. */
const THREAD_MIN_FILES = 64;
/** The least a stretch of files decoded together holds, but at the end of a list. */
const MIN_CHUNK_BYTES = 256 * 1024;
/** How long the loader waits for a worker that makes no progress before reading the rest itself. */
const STALL_MS = 2000;
const WAIT_SLICE_MS = 50;

/**
 * The texts of `paths` (the first place each include may be): read ahead by the worker thread
 * when it is running and free, else read here and now.
 */
export function readFilesTogether(paths: readonly string[], options: { thread?: boolean } = {}): IncludeTexts {
  const unique = [...new Set(paths)];
  if (options.thread !== false && unique.length >= THREAD_MIN_FILES) {
    const ahead = ReadAhead.request(unique);
    if (ahead !== undefined) return ahead;
    // The second long list read here shows a process that loads again and again (a service,
    // a test suite, a benchmark): start the worker for the next ones. A process that loads
    // once (the CLI) never starts it.
    if (++longListsReadHere === 2) void startReadAheadThread();
  }
  return new TextsReadHere(readHere(unique));
}

/** Every readable file of `paths` read now into the shared buffer, decoded together. */
function readHere(paths: readonly string[]): Map<string, string> {
  let used = 0;
  const ranges: { path: string; start: number; end: number }[] = [];
  for (const path of paths) {
    try {
      const end = appendFile(path, used);
      ranges.push({ path, start: used, end });
      used = end;
    } catch {
      // left to the loader
    }
  }
  const ascii = ranges.map((r) => decodesAsAscii(sharedBuffer.subarray(r.start, r.end)));
  // One string for every file that decodes as plain ASCII (Latin-1 decoding is then exact);
  // files in another encoding are decoded one by one, as the loader would.
  const all = ascii.includes(true) ? sharedBuffer.toString('latin1', 0, used) : '';
  const texts = new Map<string, string>();
  ranges.forEach((r, i) => texts.set(r.path, ascii[i] ? all.slice(r.start, r.end) : decodeMofBytes(sharedBuffer.subarray(r.start, r.end))));
  return texts;
}

class TextsReadHere implements IncludeTexts {
  constructor(private readonly texts: Map<string, string>) {}
  take(path: string): string | undefined {
    const text = this.texts.get(path);
    if (text !== undefined) this.texts.delete(path);
    return text;
  }
  close(): void {
    this.texts.clear();
  }
}

// ---------------------------------------------------------------------------------------
// The read-ahead thread.

/** Control words shared with the worker: its start, then per request the files done and each file's bytes. */
const READY = 0;
const DONE = 0;
const FIRST_RANGE = 1;
/** A file's end when it could not be opened or read; when it did not fit in the buffer. */
const UNREADABLE = -1;
const DID_NOT_FIT = -2;

/**
 * The worker's code (CommonJS, evaluated): for each request, reads its files in order into
 * the data buffer, writes each file's start and end (or why not) and then the count done.
 * Once a file did not fit, the rest are not read (the loader reads them).
 */
const workerSource = `
const { parentPort, workerData } = require('node:worker_threads');
const { openSync, readSync, closeSync } = require('node:fs');
const [DONE, FIRST_RANGE, UNREADABLE, DID_NOT_FIT] = [${DONE}, ${FIRST_RANGE}, ${UNREADABLE}, ${DID_NOT_FIT}];
function append(path, data, at) {
  const fd = openSync(path, 'r');
  try {
    for (let end = at; ; ) {
      if (end === data.length) return DID_NOT_FIT;
      const n = readSync(fd, data, end, data.length - end, null);
      if (n === 0) return end;
      end += n;
    }
  } finally {
    closeSync(fd);
  }
}
parentPort.on('message', ({ paths, data, control, pauseMs }) => {
  if (pauseMs !== undefined) return void Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, pauseMs);
  const bytes = new Uint8Array(data);
  const words = new Int32Array(control);
  let used = 0;
  for (let i = 0; i < paths.length; i++) {
    let end = DID_NOT_FIT;
    if (used >= 0) {
      try { end = append(paths[i], bytes, used); } catch { end = UNREADABLE; }
    }
    words[FIRST_RANGE + 2 * i] = used;
    words[FIRST_RANGE + 2 * i + 1] = end;
    if (end >= 0) used = end;
    else if (end === DID_NOT_FIT) used = -1;
    Atomics.store(words, DONE, i + 1);
    Atomics.notify(words, DONE);
  }
});
Atomics.store(new Int32Array(workerData.started), ${READY}, 1);
parentPort.postMessage('ready');
`;

/** The process's read-ahead worker, its data buffer and its current request. */
class ReadAhead {
  private static worker: Worker | undefined;
  /** Set by the worker once it listens for requests. */
  private static started: Int32Array | undefined;
  private static broken = false;
  private static data: SharedArrayBuffer | undefined;
  /** How large the data buffer must be, from the largest list seen. */
  private static dataBytes = 8 << 20;
  private static current: TextsReadAhead | undefined;

  /** Resolves when the worker listens (true), or cannot be used (false). */
  static start(): Promise<boolean> {
    if (ReadAhead.worker === undefined && !ReadAhead.broken) ReadAhead.spawn();
    const worker = ReadAhead.worker;
    const started = ReadAhead.started;
    if (worker === undefined || started === undefined) return Promise.resolve(false);
    if (Atomics.load(started, READY) === 1) return Promise.resolve(true);
    return new Promise((resolve) => {
      worker.once('message', () => resolve(true));
      worker.once('exit', () => resolve(false));
    });
  }

  private static spawn(): void {
    const started = new Int32Array(new SharedArrayBuffer(4));
    try {
      const worker = new Worker(workerSource, { eval: true, workerData: { started: started.buffer } });
      worker.unref();
      // A worker that failed is not started again (a worker that stalled was retired already).
      const failed = (): void => {
        if (ReadAhead.worker === worker) ReadAhead.retire(true);
      };
      worker.on('error', failed);
      worker.on('exit', failed);
      ReadAhead.worker = worker;
      ReadAhead.started = started;
    } catch {
      ReadAhead.broken = true;
    }
  }

  /** Keeps the worker busy for `ms` (tests: a worker that stalls). */
  static pause(ms: number): void {
    ReadAhead.worker?.postMessage({ pauseMs: ms });
  }

  /** A request for `paths`, or undefined when the worker is not ready or still busy with another list. */
  static request(paths: readonly string[]): TextsReadAhead | undefined {
    const worker = ReadAhead.worker;
    if (worker === undefined || ReadAhead.started === undefined || Atomics.load(ReadAhead.started, READY) !== 1) return undefined;
    if (ReadAhead.current !== undefined && !ReadAhead.current.released()) return undefined;
    if (ReadAhead.data === undefined || ReadAhead.data.byteLength < ReadAhead.dataBytes) ReadAhead.data = new SharedArrayBuffer(ReadAhead.dataBytes);
    const control = new SharedArrayBuffer(4 * (FIRST_RANGE + 2 * paths.length));
    const texts = new TextsReadAhead(paths, ReadAhead.data, new Int32Array(control));
    worker.postMessage({ paths, data: ReadAhead.data, control });
    ReadAhead.current = texts;
    readAheadStats.lists++;
    return texts;
  }

  /** The next data buffer holds at least `bytes`. */
  static needBytes(bytes: number): void {
    while (ReadAhead.dataBytes < bytes) ReadAhead.dataBytes *= 2;
  }

  static setDataBytes(bytes: number): void {
    ReadAhead.dataBytes = bytes;
    ReadAhead.data = undefined;
  }

  /** Stops using the worker (it failed, or stalled: its buffer may still be written). */
  static retire(broken: boolean): void {
    const worker = ReadAhead.worker;
    ReadAhead.worker = undefined;
    ReadAhead.started = undefined;
    ReadAhead.data = undefined;
    ReadAhead.current = undefined;
    if (broken) ReadAhead.broken = true;
    void worker?.terminate();
  }
}

/**
 * Starts the read-ahead worker, so that it is ready for the first long include list (the CLI
 * calls it first thing). Resolves when the worker is ready (true) or cannot be used (false).
 */
export function startReadAheadThread(): Promise<boolean> {
  return ReadAhead.start();
}

/** What the read-ahead worker has done in this process: lists given to it, files it read, stalls. */
export const readAheadStats = { lists: 0, files: 0, stalls: 0 };

/** Tests: the size of the data buffer the next list gets (a list that does not fit makes the next one larger). */
export function setReadAheadBufferBytes(bytes: number): void {
  ReadAhead.setDataBytes(bytes);
}

/** Tests: keeps the worker busy for `ms`, as a worker stuck on a slow file system would be. */
export function pauseReadAheadThread(ms: number): void {
  ReadAhead.pause(ms);
}

class TextsReadAhead implements IncludeTexts {
  private readonly index = new Map<string, number>();
  private readonly bytes: Buffer;
  /** Decoded texts by index, up to `decodedTo`; emptied as they are taken. */
  private readonly texts: (string | undefined)[];
  private decodedTo = 0;
  private closed = false;
  private stalled = false;

  constructor(
    private readonly paths: readonly string[],
    data: SharedArrayBuffer,
    private readonly words: Int32Array,
  ) {
    paths.forEach((p, i) => this.index.set(p, i));
    this.bytes = Buffer.from(data);
    this.texts = new Array<string | undefined>(paths.length);
  }

  take(path: string): string | undefined {
    const i = this.index.get(path);
    if (i === undefined || this.closed) return undefined;
    this.index.delete(path);
    while (this.decodedTo <= i) if (!this.decodeNext()) return undefined;
    const text = this.texts[i];
    this.texts[i] = undefined;
    return text;
  }

  close(): void {
    this.closed = true;
    this.texts.length = 0;
    this.index.clear();
  }

  /** Whether neither the worker nor the loader needs the data buffer any more (it may go to the next list). */
  released(): boolean {
    if (this.stalled) return true;
    const count = this.paths.length;
    return Atomics.load(this.words, DONE) === count && (this.closed || this.decodedTo === count);
  }

  private start(i: number): number {
    return this.words[FIRST_RANGE + 2 * i];
  }
  private end(i: number): number {
    return this.words[FIRST_RANGE + 2 * i + 1];
  }

  /**
   * Waits until the worker is done with `n` files; false when it stops making progress, or
   * when this thread may not block (`Atomics.wait` throws where blocking is not allowed).
   */
  private waitFor(n: number): boolean {
    let idle = 0;
    for (;;) {
      const done = Atomics.load(this.words, DONE);
      if (done >= n) return true;
      let woken: string;
      try {
        woken = Atomics.wait(this.words, DONE, done, WAIT_SLICE_MS);
      } catch {
        return false;
      }
      if (woken === 'timed-out') {
        idle += WAIT_SLICE_MS;
        if (idle >= STALL_MS) return false;
      } else idle = 0;
    }
  }

  /**
   * Decodes the next stretch of files: the next file and those after it, until they hold
   * `MIN_CHUNK_BYTES` or the list ends. False when the worker stalled (the loader reads the rest).
   */
  private decodeNext(): boolean {
    const from = this.decodedTo;
    const count = this.paths.length;
    if (this.stalled || !this.waitFor(from + 1)) return this.stall();
    // Files [from, to) are read (or failed); the stretch ends at the first file that brings
    // it to MIN_CHUNK_BYTES, whatever the worker has read beyond.
    let to = from + 1;
    for (; to < count; to++) {
      const lastEnd = this.end(to - 1);
      if (lastEnd === DID_NOT_FIT) break;
      if ((lastEnd >= 0 ? lastEnd : this.start(to - 1)) - this.start(from) >= MIN_CHUNK_BYTES) break;
      if (!this.waitFor(to + 1)) return this.stall();
    }
    let asciiStart = -1;
    let asciiEnd = -1;
    const ascii: boolean[] = [];
    for (let i = from; i < to; i++) {
      const end = this.end(i);
      ascii[i - from] = end >= 0 && decodesAsAscii(this.bytes.subarray(this.start(i), end));
      if (end === DID_NOT_FIT) ReadAhead.needBytes(2 * this.bytes.length);
      if (!ascii[i - from]) continue;
      if (asciiStart < 0) asciiStart = this.start(i);
      asciiEnd = end;
    }
    const all = asciiStart >= 0 ? this.bytes.toString('latin1', asciiStart, asciiEnd) : '';
    for (let i = from; i < to; i++) {
      const start = this.start(i);
      const end = this.end(i);
      if (ascii[i - from]) this.texts[i] = all.slice(start - asciiStart, end - asciiStart);
      else if (end >= 0) this.texts[i] = decodeMofBytes(this.bytes.subarray(start, end));
      if (end >= 0) readAheadStats.files++;
    }
    this.decodedTo = to;
    return true;
  }

  private stall(): false {
    readAheadStats.stalls++;
    this.stalled = true;
    this.closed = true;
    ReadAhead.retire(false);
    return false;
  }
}
