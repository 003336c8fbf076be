/**
 * Putting generated files on disk, all or nothing, without touching anything wmigen did not
 * write, and telling whether disk and generator agree.
 *
 * - The manifest (`.wmigen-manifest.json`) lists the files wmigen wrote, each with the
 *   sha256 of its text, and the hash of the input contents. It holds nothing else (no paths,
 *   no times), so the folder is byte-identical for the same input on any machine and path.
 * - A file not in the manifest is the user's: never changed or deleted. A listed file whose
 *   bytes are no longer what wmigen wrote was edited: the run names it and stops before
 *   writing anything, unless `force`, which overwrites (or removes) only listed files. A new
 *   file whose path holds a user's file is an error naming it.
 * - `OutputWriter` writes the new tree into a temp folder first. When the output folder holds
 *   only wmigen's files (or does not exist) and can be renamed, the new tree replaces it with
 *   two renames; otherwise (a user's files in it, a mount point, a symbolic link) each file is
 *   moved into place with a rename of its own, the manifest last. An interrupted run leaves
 *   at worst a `.wmigen-new-*` folder, which the next run removes.
 * - `checkOutput` compares without writing (`--check`).
 *
 * File-system errors become one-line `OutputError`s naming the path and the reason.
 */

import { createHash } from 'node:crypto';
import {
  closeSync,
  copyFileSync,
  existsSync,
  linkSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmdirSync,
  rmSync,
  statSync,
  unlinkSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WmigenError } from '../../grammar/diagnostics.js';
import { isGeneratedText } from '../../templates/header.js';
import { describeFileSystemError, isFileSystemError, type FileSystemError } from './fs-errors.js';
import type { GeneratedFile } from './generate.js';

export const MANIFEST_NAME = '.wmigen-manifest.json';
/** Prefix of the temp folders a run writes its new tree into. */
const STAGING_PREFIX = '.wmigen-new-';

export interface Manifest {
  readonly generator: 'wmigen';
  /** sha256 over the options and the input files' contents (never their paths). */
  readonly inputHash: string;
  /** Relative path → sha256 of the text, sorted by path. */
  readonly files: Readonly<Record<string, string>>;
  /** With `--prettier`: relative path → sha256 of the text before formatting. */
  readonly unformatted?: Readonly<Record<string, string>>;
}

/** Size and mtime of files as written, by relative path (see output-cache.ts). */
export type FileStats = Readonly<Record<string, readonly [number, number]>>;

export class OutputError extends WmigenError {}

export function sha256(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex');
}

/**
 * Runs `action`; a file-system error becomes an `OutputError` naming the path and the reason.
 * The path is the error's own, or `path` when the error's is one of wmigen's temp folders
 * (paths starting with one of `tempPrefixes`), which the user never asked for.
 */
export function withFileSystemErrors<T>(path: string, action: () => T, tempPrefixes: readonly string[] = []): T {
  try {
    return action();
  } catch (err) {
    if (isFileSystemError(err)) throw new OutputError(describeFileSystemError(withoutTempPath(err, tempPrefixes), path));
    throw err;
  }
}

function withoutTempPath(err: FileSystemError, tempPrefixes: readonly string[]): FileSystemError {
  const p = err.path;
  if (p === undefined || !tempPrefixes.some((t) => p.startsWith(t))) return err;
  return Object.assign(new Error(err.message), { code: err.code, syscall: err.syscall }) as FileSystemError;
}

export function readManifest(outDir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(outDir, MANIFEST_NAME), 'utf8')) as Manifest;
    return m.generator === 'wmigen' && typeof m.files === 'object' && m.files !== null ? m : undefined;
  } catch {
    return undefined;
  }
}

/** The manifest's text: keys in a fixed order, paths sorted by code unit (not by locale). */
export function manifestText(inputHash: string, files: Readonly<Record<string, string>>, unformatted: Readonly<Record<string, string>>): string {
  const sorted = (r: Readonly<Record<string, string>>): Record<string, string> => {
    const out: Record<string, string> = {};
    for (const k of Object.keys(r).sort()) out[k] = r[k];
    return out;
  };
  const m: Manifest = {
    generator: 'wmigen',
    inputHash,
    files: sorted(files),
    ...(Object.keys(unformatted).length > 0 ? { unformatted: sorted(unformatted) } : {}),
  };
  return JSON.stringify(m, null, 1) + '\n';
}

/** The file at `path` is there with these stats as recorded when written. */
function statMatches(path: string, known: readonly [number, number] | undefined): boolean {
  if (!known) return false;
  try {
    const st = statSync(path);
    return st.isFile() && st.size === known[0] && st.mtimeMs === known[1];
  } catch {
    return false;
  }
}

/** The sha256 of the file at `path`, or undefined when it cannot be read as a file. */
function hashFile(path: string): string | undefined {
  try {
    return sha256(readFileSync(path));
  } catch {
    return undefined;
  }
}

/** True when the manifest's input hash matches and every file it lists is on disk unchanged. */
export function isUpToDate(outDir: string, inputHash: string, stats: FileStats = {}): boolean {
  const m = readManifest(outDir);
  if (!m || m.inputHash !== inputHash) return false;
  for (const [path, hash] of Object.entries(m.files)) {
    const p = join(outDir, path);
    if (statMatches(p, stats[path])) continue; // untouched since written
    if (hashFile(p) !== hash) return false;
  }
  return true;
}

/** Every file under `dir`, relative and `/`-separated; the manifest and wmigen's temp folders left out. */
export function listFiles(dir: string): string[] {
  return scanOutput(dir).files;
}

/** The files under `dir` (as `listFiles`), and whether it holds an empty folder or a symbolic link. */
function scanOutput(dir: string): { files: string[]; oddEntries: boolean } {
  const files: string[] = [];
  let oddEntries = false;
  const walk = (d: string): void => {
    const entries = readdirSync(d, { withFileTypes: true });
    if (entries.length === 0 && d !== dir) oddEntries = true;
    for (const entry of entries) {
      const p = join(d, entry.name);
      if ((d === dir && entry.name === MANIFEST_NAME) || entry.name.startsWith(STAGING_PREFIX)) continue;
      if (entry.isDirectory()) walk(p);
      else {
        if (!entry.isFile()) oddEntries = true;
        files.push(relative(dir, p).split(sep).join('/'));
      }
    }
  };
  if (existsSync(dir)) walk(dir);
  return { files: files.sort(), oddEntries };
}

export interface Drift {
  readonly changed: string[];
  readonly missing: string[];
  /** On disk, written by wmigen (in the manifest or marked generated), but no longer generated. */
  readonly stale: string[];
}

export function checkOutput(outDir: string, files: readonly GeneratedFile[]): Drift {
  const drift: Drift = { changed: [], missing: [], stale: [] };
  const wanted = new Set(files.map((f) => f.path));
  for (const f of files) {
    const p = join(outDir, f.path);
    if (!existsSync(p)) drift.missing.push(f.path);
    else if (readFileSync(p, 'utf8') !== f.text) drift.changed.push(f.path);
  }
  const listed = readManifest(outDir)?.files ?? {};
  for (const p of listFiles(outDir)) {
    if (wanted.has(p)) continue;
    if (Object.hasOwn(listed, p) || (p.endsWith('.ts') && isGeneratedText(readFileSync(join(outDir, p), 'utf8')))) drift.stale.push(p);
  }
  return drift;
}

export function hasDrift(d: Drift): boolean {
  return d.changed.length + d.missing.length + d.stale.length > 0;
}

/** What the output folder holds before a run. */
interface OutputState {
  readonly previous: Manifest | undefined;
  /** Listed files on disk as wmigen wrote them: path → hash. */
  readonly intact: Map<string, string>;
  /** Listed files on disk whose bytes changed since. */
  readonly edited: string[];
  /** Files (and empty folders, links) wmigen did not write. */
  readonly userFiles: boolean;
}

function inspectOutput(outDir: string, stats: FileStats): OutputState {
  const previous = readManifest(outDir);
  const intact = new Map<string, string>();
  const edited: string[] = [];
  const { files, oddEntries } = scanOutput(outDir);
  let userFiles = oddEntries;
  for (const rel of files) {
    const hash = previous && Object.hasOwn(previous.files, rel) ? previous.files[rel] : undefined;
    if (hash === undefined) userFiles = true;
    else if (statMatches(join(outDir, rel), stats[rel]) || hashFile(join(outDir, rel)) === hash) intact.set(rel, hash);
    else edited.push(rel);
  }
  return { previous, intact, edited, userFiles };
}

function editedMessage(outDir: string, edited: readonly string[]): string {
  const names = edited.slice(0, 5).join(', ') + (edited.length > 5 ? `, and ${edited.length - 5} more` : '');
  return (
    `${outDir}: ${edited.length === 1 ? 'a generated file was' : `${edited.length} generated files were`} edited since wmigen wrote ` +
    `${edited.length === 1 ? 'it' : 'them'} (${names}); kept, nothing written (--force overwrites ${edited.length === 1 ? 'it' : 'them'})`
  );
}

export interface WriteStats {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

export interface OutputWriterOptions {
  /** Hash and write on a writer thread (a whole large namespace). */
  readonly thread?: boolean;
  /** Overwrite or remove generated files the user edited (never a file wmigen did not write). */
  readonly force?: boolean;
  /** Stats of the files as last written (output-cache.ts): a match spares hashing the file. */
  readonly stats?: FileStats;
}

/**
 * Writes `files` plus the manifest into `outDir` (see the top of this file). Every file is
 * written into the new tree (writing is cheap next to generating).
 */
export function writeOutput(outDir: string, files: readonly GeneratedFile[], manifest: Pick<Manifest, 'inputHash'>, options: OutputWriterOptions = {}): WriteStats {
  const writer = new OutputWriter(outDir, { ...options, thread: false });
  try {
    for (const f of files) writer.add(f);
  } catch (err) {
    void writer.abort();
    throw err;
  }
  return writer.commit(manifest);
}

/** A written file: relative path, sha256. */
type FileRecord = [path: string, hash: string];

/**
 * The path of `rel` in the new tree `temp`, its directory made if this run has not made it
 * yet (`dirs`). Shared by `writeTreeFile` and the writer thread's creation of expected files;
 * like them, it runs on the thread as source text.
 */
function treePath(
  fs: Pick<typeof import('node:fs'), 'mkdirSync'>,
  path: Pick<typeof import('node:path'), 'join' | 'dirname'>,
  dirs: Set<string>,
  temp: string,
  rel: string,
): string {
  const p = path.join(temp, rel);
  const d = path.dirname(p);
  if (!dirs.has(d)) {
    fs.mkdirSync(d, { recursive: true });
    dirs.add(d);
  }
  return p;
}

/**
 * Writes one file into the new tree and says what was written. A file whose bytes are what
 * the output folder holds intact under that path (`previousHash`) is hard-linked from
 * `oldDir` instead: no new inode now, and no freed one when the old tree is removed. Used on
 * the main thread and, as its source text, by the writer thread (see `WRITER_THREAD_SOURCE`):
 * keep it free of anything but `fs`, `path` and `crypto`.
 */
function writeTreeFile(
  fs: Pick<typeof import('node:fs'), 'openSync' | 'writeSync' | 'closeSync' | 'mkdirSync' | 'linkSync'>,
  path: Pick<typeof import('node:path'), 'join' | 'dirname'>,
  crypto: Pick<typeof import('node:crypto'), 'createHash'>,
  dirs: Set<string>,
  temp: string,
  rel: string,
  bytes: Uint8Array,
  oldDir: string,
  previousHash: string | undefined,
  /** The file was created empty ahead of its text (`OutputWriter.expect`). */
  created = false,
): [string, string] {
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  const p = treePath(fs, path, dirs, temp, rel);
  if (previousHash === hash && !created) {
    try {
      fs.linkSync(path.join(oldDir, rel), p);
      return [rel, hash];
    } catch {
      // A file system without hard links: write it.
    }
  }
  // A file created empty ahead is written without truncating it: opening it with O_TRUNC
  // cost as much kernel time as creating it had.
  const fd = fs.openSync(p, created ? 'r+' : 'w');
  try {
    for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
  } finally {
    fs.closeSync(fd);
  }
  return [rel, hash];
}

/**
 * The writer thread: file creation is kernel time, which this thread spends while the main
 * thread goes on generating. It is source text run with `eval` so it works alike from the
 * build and from the TypeScript sources the tests run.
 */
const WRITER_THREAD_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const fs = require('node:fs'), path = require('node:path'), crypto = require('node:crypto');
const treePath = ${treePath.toString()};
const writeTreeFile = ${writeTreeFile.toString()};
const dirs = new Set([workerData.temp]);
const records = [];
/** Files created empty ahead of their text (see OutputWriter.expect), until written. */
const created = new Set();
let error;
const fail = (e) => {
  error = { message: String(e && e.message ? e.message : e), code: e && e.code, path: e && e.path, syscall: e && e.syscall };
};
parentPort.on('message', (m) => {
  if (m === null) {
    // An expected file whose text never came is not part of the output.
    try {
      for (const rel of created) fs.unlinkSync(path.join(workerData.temp, rel));
    } catch (e) {
      if (error === undefined) fail(e);
    }
    parentPort.postMessage(error !== undefined ? { error } : { records });
    return;
  }
  if (m.expect) {
    for (let i = 0; i < m.expect.length && error === undefined; i++) {
      const rel = m.expect[i];
      try {
        fs.closeSync(fs.openSync(treePath(fs, path, dirs, workerData.temp, rel), 'wx'));
        created.add(rel);
      } catch (e) {
        fail(e);
      }
    }
    return;
  }
  for (let i = 0; i < m.paths.length && error === undefined; i++) {
    try {
      const bytes = Buffer.from(m.texts[i], 'utf8');
      const rel = m.paths[i];
      records.push(writeTreeFile(fs, path, crypto, dirs, workerData.temp, rel, bytes, workerData.outDir, workerData.previous[rel], created.delete(rel)));
    } catch (e) {
      fail(e);
    }
  }
});
`;

/**
 * Texts go to the writer thread in batches of about this many characters: one message per
 * module cost more of the main thread in `postMessage` than batches of ~256 KB.
 */
const WRITER_BATCH_CHARS = 256 * 1024;

/** Below this many files a writer thread costs more to start (≈ 30 ms) than it saves. */
export const WRITER_THREAD_MIN_FILES = 200;

/**
 * `writeOutput` one file at a time, so the command can write each module as soon as it is
 * generated: a module's text then dies young. With `thread`, hashing and writing happen on a
 * writer thread while the caller keeps generating; `flush` waits for it. Nothing is visible
 * in `outDir` until `commit`; `abort` drops the new tree.
 */
export class OutputWriter {
  private readonly temp: string;
  private readonly tag = `${process.pid}-${Date.now().toString(36)}`;
  private readonly state: OutputState;
  /** Replace the whole folder (else move each file into place). */
  private readonly swap: boolean;
  private readonly force: boolean;
  /** Hard-link candidates: path → hash of the listed files on disk intact. */
  private readonly previousFiles: Record<string, string> = Object.create(null) as Record<string, string>;
  private readonly unformatted: Record<string, string> = {};
  private readonly dirs = new Set<string>();
  private records: FileRecord[] = [];
  private readonly thread: Worker | undefined;
  private sent = 0;
  private readonly encoder = new TextEncoder();
  /** Modules not yet handed to the writer thread (see WRITER_BATCH_CHARS). */
  private batchPaths: string[] = [];
  private batchTexts: string[] = [];
  private batchChars = 0;

  constructor(
    readonly outDir: string,
    options: OutputWriterOptions = {},
  ) {
    this.force = options.force === true;
    this.state = withFileSystemErrors(outDir, () => {
      if (existsSync(outDir) && !statSync(outDir).isDirectory()) throw new OutputError(`--out ${outDir} exists and is not a directory`);
      return inspectOutput(outDir, options.stats ?? {});
    });
    if (this.state.edited.length > 0 && !this.force) throw new OutputError(editedMessage(outDir, this.state.edited));
    for (const [path, hash] of this.state.intact) this.previousFiles[path] = hash;
    const staged = withFileSystemErrors(outDir, () => this.makeStaging(), [join(dirname(outDir), STAGING_PREFIX), join(outDir, STAGING_PREFIX)]);
    this.temp = staged.temp;
    this.swap = staged.swap;
    this.dirs.add(this.temp);
    if (options.thread) {
      this.thread = new Worker(WRITER_THREAD_SOURCE, { eval: true, workerData: { temp: this.temp, outDir, previous: this.previousFiles } });
      // Not keeping the process alive on its own (a caller that throws before flush or abort
      // still exits); flush holds it while waiting for the reply.
      this.thread.unref();
    }
  }

  /**
   * The temp folder of the new tree: beside the output folder when the whole folder can be
   * replaced, else inside it (the same file system as the files it replaces one by one).
   */
  private makeStaging(): { temp: string; swap: boolean } {
    const { outDir, tag } = this;
    const parent = dirname(outDir);
    const name = basename(outDir);
    const exists = existsSync(outDir);
    let swap = !exists || (!this.state.userFiles && !lstatSync(outDir).isSymbolicLink() && statSync(outDir).dev === statSync(parent).dev);
    if (swap) {
      try {
        mkdirSync(parent, { recursive: true });
        removeLeftovers(parent, `${STAGING_PREFIX}${name}-`);
        const temp = join(parent, `${STAGING_PREFIX}${name}-${tag}`);
        mkdirSync(temp);
        return { temp, swap };
      } catch (err) {
        // A parent folder the user may not write to: the files can still go in one by one.
        if (!exists || !isFileSystemError(err) || !['EACCES', 'EPERM', 'EROFS'].includes(err.code)) throw err;
        swap = false;
      }
    }
    removeLeftovers(outDir, STAGING_PREFIX);
    const temp = join(outDir, `${STAGING_PREFIX}${tag}`);
    mkdirSync(temp);
    return { temp, swap };
  }

  add(f: GeneratedFile): void {
    if (f.unformattedHash) this.unformatted[f.path] = f.unformattedHash;
    if (this.thread) {
      // The thread encodes (once, for the hash and the write): copying a string into a
      // message costs this thread less than encoding it.
      this.batchPaths.push(f.path);
      this.batchTexts.push(f.text);
      this.batchChars += f.text.length;
      if (this.batchChars >= WRITER_BATCH_CHARS) this.sendBatch();
    } else {
      const fsOps = { openSync, writeSync, closeSync, mkdirSync, linkSync };
      const bytes = this.encoder.encode(f.text);
      this.records.push(
        withFileSystemErrors(
          this.outDir,
          () => writeTreeFile(fsOps, { join, dirname }, { createHash }, this.dirs, this.temp, f.path, bytes, this.outDir, this.previousFiles[f.path]),
          [this.temp],
        ),
      );
    }
  }

  /**
   * Says which files are coming before their texts are generated: the writer thread creates
   * them empty now, while the caller is still planning, and later only writes into them.
   * Files the output folder may lend by hard link are left alone; an expected file that never
   * comes is removed before the swap. Without a writer thread this does nothing.
   */
  expect(paths: readonly string[]): void {
    if (!this.thread) return;
    this.thread.postMessage({ expect: paths.filter((p) => this.previousFiles[p] === undefined) });
  }

  private sendBatch(): void {
    if (this.batchPaths.length === 0) return;
    this.thread!.postMessage({ paths: this.batchPaths, texts: this.batchTexts });
    this.sent += this.batchPaths.length;
    this.batchPaths = [];
    this.batchTexts = [];
    this.batchChars = 0;
  }

  /** Waits until the writer thread has written everything added (nothing to wait for without one). */
  async flush(): Promise<void> {
    const thread = this.thread;
    if (thread) this.sendBatch();
    if (!thread || this.sent === 0) return;
    thread.ref();
    const reply = await new Promise<{ records?: FileRecord[]; error?: { message: string; code?: string; path?: string; syscall?: string } }>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
      thread.postMessage(null);
    });
    if (reply.error !== undefined) {
      const err = Object.assign(new Error(reply.error.message), { code: reply.error.code, path: reply.error.path, syscall: reply.error.syscall });
      throw isFileSystemError(err) ? new OutputError(describeFileSystemError(withoutTempPath(err, [this.temp]), this.outDir)) : new OutputError(`cannot write ${this.outDir}: ${err.message}`);
    }
    this.records = reply.records!;
    this.sent = 0;
    await thread.terminate();
  }

  /** Writes the manifest and puts the new tree in place; on any error drops it and throws. */
  commit(manifest: Pick<Manifest, 'inputHash'>): WriteStats {
    if (this.sent > 0) throw new Error('internal: OutputWriter.commit before flush');
    try {
      return withFileSystemErrors(this.outDir, () => (this.swap ? this.commitSwap(manifest.inputHash) : this.commitEachFile(manifest.inputHash)), [
        this.temp,
        join(dirname(this.outDir), '.wmigen-old-'),
      ]);
    } catch (err) {
      void this.abort();
      throw err;
    }
  }

  private hashes(): Record<string, string> {
    const hashes: Record<string, string> = {};
    for (const [path, hash] of this.records) hashes[path] = hash;
    return hashes;
  }

  /** Listed files on disk (intact, or edited and forced) that the new output no longer has. */
  private stale(hashes: Record<string, string>): string[] {
    return [...this.state.intact.keys(), ...this.state.edited].filter((p) => !Object.hasOwn(hashes, p)).sort();
  }

  private commitSwap(inputHash: string): WriteStats {
    const { temp, outDir, tag } = this;
    const hashes = this.hashes();
    writeFileSync(join(temp, MANIFEST_NAME), manifestText(inputHash, hashes, this.unformatted));
    const unchanged = this.records.filter(([p, h]) => this.state.intact.get(p) === h).length;
    const removed = this.stale(hashes).length;
    const old = join(dirname(outDir), `.wmigen-old-${basename(outDir)}-${tag}`);
    if (existsSync(outDir)) {
      try {
        renameSync(outDir, old);
      } catch (err) {
        // A folder that cannot be moved (a mount point not seen as one, a parent that may
        // not be changed): its files can still be replaced one by one.
        if (isFileSystemError(err) && ['EBUSY', 'EXDEV', 'EPERM', 'EACCES'].includes(err.code)) return this.commitEachFile(inputHash);
        throw err;
      }
    }
    try {
      renameSync(temp, outDir);
    } catch (err) {
      if (existsSync(old)) renameSync(old, outDir); // put the previous output back
      throw err;
    }
    rmSync(old, { recursive: true, force: true });
    return { written: this.records.length - unchanged, unchanged, removed };
  }

  /**
   * Moves each new or changed file into place with a rename (atomic per file), removes the
   * listed files no longer generated, and renames the new manifest in last. Everything that
   * can fail for lack of space or a user's file in the way happens before the first rename.
   */
  private commitEachFile(inputHash: string): WriteStats {
    const { temp, outDir, tag } = this;
    const hashes = this.hashes();
    const listed = this.state.previous?.files ?? {};
    const toPlace: string[] = [];
    const inTheWay: string[] = [];
    let unchanged = 0;
    for (const [rel, hash] of this.records) {
      const target = join(outDir, rel);
      if (this.state.intact.get(rel) === hash) unchanged++;
      else if (!Object.hasOwn(listed, rel) && existsSync(target)) {
        // A user's file where a class now goes: the same bytes are adopted, anything else stops the run.
        if (hashFile(target) === hash) unchanged++;
        else inTheWay.push(rel);
      } else toPlace.push(rel);
    }
    if (inTheWay.length > 0) {
      const names = inTheWay.slice(0, 5).map((p) => join(outDir, p)).join(', ') + (inTheWay.length > 5 ? `, and ${inTheWay.length - 5} more` : '');
      throw new OutputError(`${names}: not written by wmigen, and a generated file goes there; nothing written (move ${inTheWay.length === 1 ? 'it' : 'them'} away or choose another --out)`);
    }
    // The staged files are inside the output folder (one rename away) unless the whole-folder
    // swap was planned and could not happen: then they are copied beside their targets first
    // (a rename from outside a mount point fails even on the same device).
    const sameFileSystem = temp.startsWith(outDir + sep);
    const sources = new Map<string, string>();
    const prepared: string[] = [];
    try {
      for (const rel of toPlace) {
        const target = join(outDir, rel);
        mkdirSync(dirname(target), { recursive: true });
        if (sameFileSystem) sources.set(rel, join(temp, rel));
        else {
          const copy = join(dirname(target), `${STAGING_PREFIX}${basename(target)}-${tag}`);
          prepared.push(copy);
          copyFileSync(join(temp, rel), copy);
          sources.set(rel, copy);
        }
      }
      const manifestTemp = join(outDir, `${STAGING_PREFIX}${MANIFEST_NAME}-${tag}`);
      prepared.push(manifestTemp);
      writeFileSync(manifestTemp, manifestText(inputHash, hashes, this.unformatted));
      sources.set(MANIFEST_NAME, manifestTemp);
    } catch (err) {
      for (const p of prepared) rmSync(p, { force: true });
      throw err;
    }
    for (const rel of toPlace) renameSync(sources.get(rel)!, join(outDir, rel));
    const stale = this.stale(hashes);
    for (const rel of stale) {
      unlinkSync(join(outDir, rel));
      removeEmptyFolders(outDir, dirname(join(outDir, rel)));
    }
    renameSync(sources.get(MANIFEST_NAME)!, join(outDir, MANIFEST_NAME));
    rmSync(temp, { recursive: true, force: true });
    return { written: toPlace.length, unchanged, removed: stale.length };
  }

  /** Drops the new tree (after stopping the writer thread); the previous output stays as it was. */
  async abort(): Promise<void> {
    const removal = (): void => rmSync(this.temp, { recursive: true, force: true });
    if (this.thread) {
      removal(); // at once, in case the caller exits before the thread stops
      await this.thread.terminate();
    }
    removal();
  }
}

/** Removes `dir` and its parents up to `root` (excluded) while they are empty. */
function removeEmptyFolders(root: string, dir: string): void {
  for (let d = dir; d !== root && d.startsWith(root + sep); d = dirname(d)) {
    try {
      rmdirSync(d);
    } catch {
      return; // not empty (a user's file, or more of the output)
    }
  }
}

/** Temp trees of runs that were killed before they could clean up, in `parent`, named `prefix…`. */
function removeLeftovers(parent: string, prefix: string): void {
  if (!existsSync(parent)) return;
  for (const entry of readdirSync(parent)) {
    if (entry.startsWith(prefix) && entry !== MANIFEST_NAME) rmSync(join(parent, entry), { recursive: true, force: true });
  }
  // An old tree with no current output means a run died between its two renames: restore it.
  const name = prefix.startsWith(STAGING_PREFIX) ? prefix.slice(STAGING_PREFIX.length, -1) : '';
  if (name === '') return;
  for (const entry of readdirSync(parent)) {
    if (!entry.startsWith(`.wmigen-old-${name}-`)) continue;
    const target = join(parent, name);
    if (!existsSync(target)) renameSync(join(parent, entry), target);
    else rmSync(join(parent, entry), { recursive: true, force: true });
  }
}
