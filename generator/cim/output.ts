/**
 * Putting generated files on disk, all or nothing, and telling whether disk and generator
 * agree.
 *
 * - `writeOutput` writes the complete new tree into a sibling temp directory, then swaps it
 *   in with renames: an interrupted run leaves the previous output as it was (at worst a
 *   stray `.wmigen-*` sibling, which the next run removes).
 * - A manifest (`.wmigen-manifest.json`) records the input hash and each file's hash, so
 *   an unchanged re-run can stop before parsing anything (`isUpToDate`).
 * - `checkOutput` compares without writing: changed, missing and stale files (`--check`).
 *
 * wmigen owns the output directory: it refuses to replace a non-empty directory that has
 * neither a manifest nor only generated files in it.
 */

import { createHash } from 'node:crypto';
import { closeSync, existsSync, fstatSync, linkSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { Worker } from 'node:worker_threads';
import { WmigenError } from '../../grammar/diagnostics.js';
import { isGeneratedText } from '../../templates/header.js';
import type { GeneratedFile } from './generate.js';

export const MANIFEST_NAME = '.wmigen-manifest.json';

export interface Manifest {
  readonly generator: 'wmigen';
  readonly inputHash: string;
  /** The files the input was read from, relative to the output directory. */
  readonly inputFiles: readonly string[];
  /** Relative path → sha256 of the text. */
  readonly files: Readonly<Record<string, string>>;
  /** With `--prettier`: relative path → sha256 of the text before formatting. */
  readonly unformatted?: Readonly<Record<string, string>>;
  /** Relative path → [size, mtimeMs] as written, so an unchanged re-run can stat instead of hash. */
  readonly stats?: Readonly<Record<string, readonly [number, number]>>;
}

export class OutputError extends WmigenError {}

export function sha256(text: string | Buffer): string {
  return createHash('sha256').update(text).digest('hex');
}

export function readManifest(outDir: string): Manifest | undefined {
  try {
    const m = JSON.parse(readFileSync(join(outDir, MANIFEST_NAME), 'utf8')) as Manifest;
    return m.generator === 'wmigen' && typeof m.files === 'object' ? m : undefined;
  } catch {
    return undefined;
  }
}

/** True when the manifest's input hash matches and every file it lists is on disk unchanged. */
export function isUpToDate(outDir: string, inputHash: string): boolean {
  const m = readManifest(outDir);
  if (!m || m.inputHash !== inputHash) return false;
  for (const [path, hash] of Object.entries(m.files)) {
    const p = join(outDir, path);
    const known = m.stats?.[path];
    if (known) {
      try {
        const st = statSync(p);
        if (st.size === known[0] && st.mtimeMs === known[1]) continue; // untouched since written
      } catch {
        return false;
      }
    }
    let bytes: Buffer;
    try {
      bytes = readFileSync(p);
    } catch {
      return false;
    }
    if (sha256(bytes) !== hash) return false;
  }
  return true;
}

/** Every file under `dir`, relative and `/`-separated, the manifest excluded. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.name !== MANIFEST_NAME) out.push(relative(dir, p).split(sep).join('/'));
    }
  };
  if (existsSync(dir)) walk(dir);
  return out.sort();
}

export interface Drift {
  readonly changed: string[];
  readonly missing: string[];
  /** On disk but no longer generated. */
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
  for (const p of listFiles(outDir)) if (!wanted.has(p)) drift.stale.push(p);
  return drift;
}

export function hasDrift(d: Drift): boolean {
  return d.changed.length + d.missing.length + d.stale.length > 0;
}

/** Refuses to take over a directory holding anything wmigen did not write. */
function assertOwned(outDir: string): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new OutputError(`--out ${outDir} exists and is not a directory`);
  if (readManifest(outDir)) return;
  const foreign = listFiles(outDir).filter((p) => !p.endsWith('.ts') || !isGeneratedText(readFileSync(join(outDir, p), 'utf8')));
  if (foreign.length > 0) {
    throw new OutputError(
      `--out ${outDir} holds files wmigen did not generate (${foreign.slice(0, 3).join(', ')}${foreign.length > 3 ? ', …' : ''}); ` +
        'choose an empty or wmigen-only directory',
    );
  }
}

export interface WriteStats {
  readonly written: number;
  readonly unchanged: number;
  readonly removed: number;
}

/**
 * Replaces `outDir` with exactly `files` plus the manifest. Every file is written into the
 * new tree (writing is cheap next to generating; the swap is what makes it atomic).
 */
export function writeOutput(outDir: string, files: readonly GeneratedFile[], manifest: Pick<Manifest, 'inputHash' | 'inputFiles'>): WriteStats {
  const writer = new OutputWriter(outDir);
  try {
    for (const f of files) writer.add(f);
  } catch (err) {
    void writer.abort();
    throw err;
  }
  return writer.commit(manifest);
}

/** A written file: relative path, sha256, size, mtime. */
type FileRecord = [path: string, hash: string, size: number, mtimeMs: number];

/**
 * What the previous output holds for a path: its hash and [size, mtimeMs] as recorded, so an
 * unchanged file can be hard-linked into the new tree instead of written again.
 */
type PreviousFile = [hash: string, size: number, mtimeMs: number];

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
 * the previous tree holds under that path (same hash, and the old file untouched since: same
 * size and mtime as recorded) is hard-linked from `oldDir` instead: no new inode now, and no
 * freed one when the old tree is removed. Used on the main thread and, as its source text, by
 * the writer thread (see `WRITER_THREAD_SOURCE`): keep it free of anything but `fs`, `path`
 * and `crypto`.
 */
function writeTreeFile(
  fs: Pick<typeof import('node:fs'), 'openSync' | 'writeSync' | 'fstatSync' | 'closeSync' | 'mkdirSync' | 'linkSync' | 'statSync'>,
  path: Pick<typeof import('node:path'), 'join' | 'dirname'>,
  crypto: Pick<typeof import('node:crypto'), 'createHash'>,
  dirs: Set<string>,
  temp: string,
  rel: string,
  bytes: Uint8Array,
  oldDir: string,
  previous: PreviousFile | undefined,
  /** The file was created empty ahead of its text (`OutputWriter.expect`). */
  created = false,
): FileRecord {
  const hash = crypto.createHash('sha256').update(bytes).digest('hex');
  const p = treePath(fs, path, dirs, temp, rel);
  if (previous !== undefined && previous[0] === hash) {
    try {
      const old = path.join(oldDir, rel);
      const st = fs.statSync(old);
      if (st.size === previous[1] && st.mtimeMs === previous[2] && st.size === bytes.length) {
        fs.linkSync(old, p);
        return [rel, hash, st.size, st.mtimeMs];
      }
    } catch {
      // No old file, or a file system without hard links: write it.
    }
  }
  // A file created empty ahead is written without truncating it: opening it with O_TRUNC
  // cost as much kernel time as creating it had (0.04–0.1 ms a file here).
  const fd = fs.openSync(p, created ? 'r+' : 'w');
  try {
    for (let written = 0; written < bytes.length; ) written += fs.writeSync(fd, bytes, written);
    const st = fs.fstatSync(fd);
    return [rel, hash, st.size, st.mtimeMs];
  } finally {
    fs.closeSync(fd);
  }
}

/**
 * The writer thread: file creation is kernel time (an inode each, 0.06–1 ms depending on the
 * file system's state), which this thread spends while the main thread goes on generating.
 * It is source text run with `eval` so it works alike from the build and from the TypeScript
 * sources the tests run.
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
  error = String(e && e.message ? e.message : e);
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
 * module (1,895 for CIM 2.51) cost 150–230 ms of the main thread in `postMessage` and
 * encoding; batches of ~256 KB are ~60 messages, still small enough that the thread starts
 * writing soon after generation starts.
 */
const WRITER_BATCH_CHARS = 256 * 1024;

/** Below this many files a writer thread costs more to start (≈ 30 ms) than it saves. */
export const WRITER_THREAD_MIN_FILES = 200;

/**
 * `writeOutput` one file at a time, so the command can write each module as soon as it is
 * generated: a module's text then dies young instead of 15 MB of text surviving (and being
 * copied by) every scavenge until the end. With `thread`, hashing and writing happen on a
 * writer thread while the caller keeps generating; `flush` waits for it. Nothing is visible
 * in `outDir` until `commit`; `abort` drops the new tree.
 */
export class OutputWriter {
  private readonly temp: string;
  private readonly old: string;
  private readonly previous: Manifest | undefined;
  /** Hard-link candidates: the previous manifest's hash and stats by path. */
  private readonly previousFiles: Record<string, PreviousFile> = Object.create(null) as Record<string, PreviousFile>;
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
    options: { readonly thread?: boolean } = {},
  ) {
    assertOwned(outDir);
    const parent = dirname(outDir);
    mkdirSync(parent, { recursive: true });
    const tag = `${process.pid}-${Date.now().toString(36)}`;
    this.temp = join(parent, `.wmigen-new-${basename(outDir)}-${tag}`);
    this.old = join(parent, `.wmigen-old-${basename(outDir)}-${tag}`);
    removeLeftovers(parent, basename(outDir));
    this.previous = readManifest(outDir);
    for (const [path, hash] of Object.entries(this.previous?.files ?? {})) {
      const st = this.previous?.stats?.[path];
      if (st) this.previousFiles[path] = [hash, st[0], st[1]];
    }
    mkdirSync(this.temp, { recursive: true });
    this.dirs.add(this.temp);
    if (options.thread) {
      this.thread = new Worker(WRITER_THREAD_SOURCE, { eval: true, workerData: { temp: this.temp, outDir, previous: this.previousFiles } });
      // Not keeping the process alive on its own (a caller that throws before flush or abort
      // still exits); flush holds it while waiting for the reply.
      this.thread.unref();
    }
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
      const fsOps = { openSync, writeSync, fstatSync, closeSync, mkdirSync, linkSync, statSync };
      const bytes = this.encoder.encode(f.text);
      this.records.push(writeTreeFile(fsOps, { join, dirname }, { createHash }, this.dirs, this.temp, f.path, bytes, this.outDir, this.previousFiles[f.path]));
    }
  }

  /**
   * Says which files are coming before their texts are generated: the writer thread creates
   * them empty now, while the caller is still planning, and later only writes into them.
   * Creating a file is what costs (an inode: 0.06 ms, or 0.7–1 ms a file on this machine's
   * ext4 after many deletions), and it then no longer waits for generation. Files the
   * previous tree may lend by hard link are left alone; an expected file that never comes
   * is removed before the swap. Without a writer thread this does nothing.
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
    const reply = await new Promise<{ records?: FileRecord[]; error?: string }>((resolve, reject) => {
      thread.once('message', resolve);
      thread.once('error', reject);
      thread.postMessage(null);
    });
    if (reply.error !== undefined) throw new OutputError(`cannot write ${this.outDir}: ${reply.error}`);
    this.records = reply.records!;
    this.sent = 0;
    await thread.terminate();
  }

  /** Writes the manifest and swaps the new tree in. */
  commit(manifest: Pick<Manifest, 'inputHash' | 'inputFiles'>): WriteStats {
    if (this.sent > 0) throw new Error('internal: OutputWriter.commit before flush');
    const { temp, old, outDir, previous, unformatted } = this;
    const hashes: Record<string, string> = {};
    const stats: Record<string, readonly [number, number]> = {};
    let unchanged = 0;
    for (const [path, hash, size, mtimeMs] of this.records) {
      hashes[path] = hash;
      stats[path] = [size, mtimeMs];
      if (previous?.files[path] === hash) unchanged++;
    }
    try {
      const full: Manifest = {
        generator: 'wmigen',
        inputHash: manifest.inputHash,
        inputFiles: manifest.inputFiles,
        files: hashes,
        ...(Object.keys(unformatted).length > 0 ? { unformatted } : {}),
        stats,
      };
      writeFileSync(join(temp, MANIFEST_NAME), JSON.stringify(full, null, 1) + '\n');
    } catch (err) {
      void this.abort();
      throw err;
    }
    const removed = previous ? Object.keys(previous.files).filter((p) => !(p in hashes)).length : 0;
    if (existsSync(outDir)) renameSync(outDir, old);
    try {
      renameSync(temp, outDir);
    } catch (err) {
      if (existsSync(old)) renameSync(old, outDir); // put the previous output back
      void this.abort();
      throw err;
    }
    rmSync(old, { recursive: true, force: true });
    return { written: this.records.length - unchanged, unchanged, removed };
  }

  /** Drops the new tree (after stopping the writer thread); the previous output stays as it was. */
  async abort(): Promise<void> {
    if (this.thread) await this.thread.terminate();
    rmSync(this.temp, { recursive: true, force: true });
  }
}

/** Temp trees of runs that were killed before they could clean up. */
function removeLeftovers(parent: string, name: string): void {
  for (const entry of readdirSync(parent)) {
    if (entry.startsWith(`.wmigen-new-${name}-`)) rmSync(join(parent, entry), { recursive: true, force: true });
    // An old tree with no current output means a run died between its two renames: restore it.
    if (entry.startsWith(`.wmigen-old-${name}-`)) {
      const target = join(parent, name);
      if (!existsSync(target)) renameSync(join(parent, entry), target);
      else rmSync(join(parent, entry), { recursive: true, force: true });
    }
  }
}
