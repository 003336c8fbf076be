/**
 * Paths of MOF files and their includes, as `path.resolve` and `path.join` give them, with a
 * short cut for the usual case: CIM 2.51's top file names 1,896 includes, and normalizing
 * each of them again was about 5 ms of a 250 ms load.
 */

import { dirname, join, resolve as resolvePath, sep } from 'node:path';

/**
 * A path already absolute and normalized is its own key (the usual case: includes of a file
 * given by absolute path); `resolve` would return it unchanged at a measurable cost over
 * CIM 2.51's 1,897 files.
 */
const normalizedAbsolute = sep === '/' ? /^(?!.*\/\.{0,2}(?:\/|$))\// : undefined;
export function absolutePath(path: string): string {
  return normalizedAbsolute?.test(path) ? path : resolvePath(path);
}

/** A plain relative name: segments of ordinary characters, none `.` or `..`, no doubled separator. */
const plainRelative = /^(?!\.{1,2}(?:\/|$))[\w\-.]+(?:\/(?!\.{1,2}(?:\/|$))[\w\-.]+)*$/;
/** `join(dirname(from), file)`, without `join`'s normalization when there is nothing to normalize. */
export function joinToDirectoryOf(from: string, file: string): string {
  if (sep === '/' && plainRelative.test(file)) {
    const slash = from.lastIndexOf('/');
    // A directory that is not the root, written without `.` segments or doubled slashes.
    if (slash > 0 && normalizedAbsolute!.test(from)) return from.slice(0, slash + 1) + file;
  }
  return join(dirname(from), file);
}
