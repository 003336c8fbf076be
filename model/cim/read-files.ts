/**
 * How the MOF loader reads files from disk: into one buffer kept for the process and reused
 * for every file (the loader decodes the bytes at once and keeps only the text), so there is
 * no buffer per file and no `fstat`, which `readFileSync` spends on each of CIM 2.51's 1,897
 * files; and, for a long include list, all its files together, decoded at once.
 *
 * Why together: the file texts live as long as the model (the model's strings are slices of
 * them, and the load result keeps them for code frames). Decoded one by one, each text is a
 * small string in V8's young generation, and every byte of CIM 2.51's 6.7 MB was copied twice
 * by scavenges before settling in the old generation. Decoded together, the texts are slices
 * of one string: above 128 KB it is allocated outside the young generation and never copied,
 * and above about 1 MB Node keeps its characters outside the JavaScript heap altogether
 * (bytes copied by scavenges per CIM load: 37 -> 24 MB). The system calls are the same (open,
 * read, close per file) in the same order.
 */

import { closeSync, openSync, readSync } from 'node:fs';
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

/**
 * The decoded text of each file that could be read, by path; files that cannot be read
 * (missing, a directory, an I/O error) are left out for the loader to read again and report.
 */
export function readFilesTogether(paths: readonly string[]): Map<string, string> {
  let used = 0;
  const ranges: { path: string; start: number; end: number }[] = [];
  for (const path of new Set(paths)) {
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
