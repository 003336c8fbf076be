/**
 * Where a CIM schema comes from: MOF files or directories, a bundled snapshot
 * (`schemas/index.json`), or live WMI. Each source yields the resolved schema, the bytes
 * that went into it (for the unchanged-input skip), and how to label a class's origin in
 * the `// source:` header without machine paths.
 */

import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import type { Diagnostic } from '../grammar/diagnostics.js';
import { WmigenError } from '../grammar/diagnostics.js';
import type { CimClass, CimSchema } from '../model/cim/types.js';
import { compiledModelDir, compiledModelKey, compiledModelPath, readCompiledModel, userModelCacheDir, writeCompiledModel, type CompiledModel } from './model-cache.js';

export interface SnapshotEntry {
  readonly name: string;
  readonly namespace: string;
  readonly file: string;
  readonly format: string;
  readonly description?: string;
  readonly attribution?: string;
  /** The namespace's default snapshot (wins over others for that namespace). */
  readonly default?: boolean;
  /** Load in DMTF strict mode (no WMI built-ins). */
  readonly strict?: boolean;
}

export interface LoadedSchema {
  readonly schema: CimSchema;
  readonly diagnostics: readonly Diagnostic[];
  /** Decoded text of each source file, for code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** `// source:` text per class. */
  readonly label: (cls: CimClass) => string;
  /** What was read, for the input hash: absolute paths of real files (empty for live). */
  readonly inputFiles: readonly string[];
  /** A human description for messages: `snapshot cim-2.51`, `3 MOF files`, `live WMI`. */
  readonly description: string;
}

export class SourceError extends WmigenError {}

/** The directory holding `schemas/index.json`: found from this module upwards (source or dist). */
export function schemasDir(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'schemas');
    if (existsSync(join(candidate, 'index.json'))) return candidate;
    dir = dirname(dir);
  }
  throw new SourceError('bundled schemas not found (schemas/index.json is missing from the wmigen package)');
}

export function listSnapshots(dir = schemasDir()): SnapshotEntry[] {
  const index = JSON.parse(readFileSync(join(dir, 'index.json'), 'utf8')) as { snapshots?: SnapshotEntry[] };
  return index.snapshots ?? [];
}

function sameNamespace(a: string, b: string): boolean {
  const norm = (s: string): string => s.replace(/\//g, '\\').replace(/^\\+|\\+$/g, '').toLowerCase();
  return norm(a) === norm(b);
}

/** The snapshot for a namespace: the one marked `default`, else the first listed. */
export function defaultSnapshotFor(namespace: string, snapshots = listSnapshots()): SnapshotEntry | undefined {
  const matching = snapshots.filter((s) => sameNamespace(s.namespace, namespace));
  return matching.find((s) => s.default === true) ?? matching[0];
}

export function findSnapshot(name: string, snapshots = listSnapshots()): SnapshotEntry {
  const found = snapshots.find((s) => s.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    throw new SourceError(`no bundled schema named ${name} (bundled: ${snapshots.map((s) => `${s.name} [${s.namespace}]`).join(', ') || 'none'})`);
  }
  return found;
}

const FILE_MARKER = /^\/\/ wmigen-file: (.+)$/gm;

/** Splits a snapshot's text at its `// wmigen-file:` markers (one segment when it has none). */
export function splitSnapshot(text: string, fallbackName: string): Array<{ name: string; text: string }> {
  const marks = [...text.matchAll(FILE_MARKER)];
  if (marks.length === 0) return [{ name: fallbackName, text }];
  const out: Array<{ name: string; text: string }> = [];
  for (let i = 0; i < marks.length; i++) {
    const start = marks[i].index! + marks[i][0].length + 1;
    const end = i + 1 < marks.length ? marks[i + 1].index! : text.length;
    out.push({ name: marks[i][1].trim(), text: text.slice(start, end) });
  }
  return out;
}

async function loader(): Promise<typeof import('../model/cim/load.js')> {
  return import('../model/cim/load.js');
}

export interface SnapshotLoadOptions {
  /**
   * Where precompiled models are (`model-cache.ts`; default: this build's); null parses the
   * snapshot even when a precompiled model is there (and, unless `cacheDir` is given, uses no
   * cache either).
   */
  readonly compiledDir?: string | null;
  /**
   * Where a model built on first use is kept and found again (`userModelCacheDir()` by
   * default); null: neither read nor written.
   */
  readonly cacheDir?: string | null;
}

/** The cached model of a snapshot, or undefined (absent, stale or unreadable: the caller rebuilds it). */
function readCachedModel(entry: SnapshotEntry, raw: Buffer, options: SnapshotLoadOptions): { model?: CompiledModel; store?: (m: CompiledModel) => void } {
  const compiledDir = options.compiledDir === undefined ? compiledModelDir() : options.compiledDir;
  const cacheDir = options.cacheDir !== undefined ? options.cacheDir : compiledDir === null ? null : userModelCacheDir();
  let key: string | undefined;
  const keyOf = (): string => (key ??= compiledModelKey(entry, raw));
  const precompiled = compiledDir === null ? undefined : readCompiledModel(compiledModelPath(entry.name, compiledDir), keyOf());
  if (precompiled || cacheDir === null) return { model: precompiled };
  const path = compiledModelPath(entry.name, cacheDir);
  const cached = readCompiledModel(path, keyOf());
  if (cached) return { model: cached };
  return {
    store: (m) => {
      // Best effort: a cache that cannot be written only costs the next run the parse again.
      try {
        writeCompiledModel(path, keyOf(), m);
      } catch {
        // read-only or full: skip
      }
    },
  };
}

export async function loadSnapshot(entry: SnapshotEntry, dir = schemasDir(), options: SnapshotLoadOptions = {}): Promise<LoadedSchema> {
  const path = join(dir, entry.file);
  if (!existsSync(path)) throw new SourceError(`bundled schema ${entry.name}: ${entry.file} is missing`);
  if (entry.format !== 'mof.gz' && entry.format !== 'mof') throw new SourceError(`bundled schema ${entry.name}: unsupported format ${entry.format}`);
  const raw = readFileSync(path);
  // Virtual files under a prefix that names the snapshot: diagnostics read `cim-2.51/Core/X.mof:3:1`.
  const virtualFiles = (): Map<string, string> => {
    const text = entry.format === 'mof.gz' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    return new Map(splitSnapshot(text, entry.file.replace(/\.gz$/, '')).map((s) => [`${entry.name}/${s.name}`, s.text]));
  };
  const label = (cls: CimClass): string => `bundled schema ${entry.name}${cls.location ? `, ${cls.location.file.slice(entry.name.length + 1)}` : ''}`;
  const description = `bundled schema ${entry.name} (${entry.description ?? entry.namespace})`;

  const { model: compiled, store } = readCachedModel(entry, raw, options);
  if (compiled) {
    let sources: Map<string, string> | undefined;
    return {
      schema: compiled.schema,
      diagnostics: compiled.diagnostics,
      // Only diagnostics' code frames read the text: decompress it when they do.
      get sources() {
        return (sources ??= virtualFiles());
      },
      label,
      inputFiles: [path],
      description,
    };
  }

  const files = virtualFiles();
  const { loadMofFiles } = await loader();
  const result = loadMofFiles([...files.keys()], {
    strict: entry.strict === true,
    defaultNamespace: entry.namespace,
    readFile: (p) => {
      const t = files.get(p.replace(/\\/g, '/'));
      if (t === undefined) throw Object.assign(new Error(`ENOENT: ${p}`), { code: 'ENOENT' });
      return Buffer.from(t, 'utf8');
    },
  });
  if (store && !result.diagnostics.some((d) => d.severity === 'error')) store({ schema: result.schema, diagnostics: result.diagnostics });
  return { schema: result.schema, diagnostics: result.diagnostics, sources: result.sources, label, inputFiles: [path], description };
}

/** MOF arguments: files as given; a directory means every `*.mof` directly inside it, sorted. */
export function expandMofArguments(args: readonly string[], cwd: string): Array<{ file: string; root: string }> {
  const out: Array<{ file: string; root: string }> = [];
  for (const a of args) {
    const p = resolve(cwd, a);
    if (!existsSync(p)) throw new SourceError(`--mof ${a}: no such file or directory`);
    if (statSync(p).isDirectory()) {
      const mofs = readdirSync(p)
        .filter((f) => f.toLowerCase().endsWith('.mof'))
        .sort();
      if (mofs.length === 0) throw new SourceError(`--mof ${a}: the directory has no .mof files`);
      for (const f of mofs) out.push({ file: join(p, f), root: p });
    } else out.push({ file: p, root: dirname(p) });
  }
  return out;
}

export async function loadMofSources(args: readonly string[], cwd: string, defaultNamespace: string | undefined): Promise<LoadedSchema> {
  const files = expandMofArguments(args, cwd);
  const { loadMofFiles } = await loader();
  const result = loadMofFiles(
    files.map((f) => f.file),
    { defaultNamespace },
  );
  const roots = [...new Set(files.map((f) => f.root))];
  const label = (cls: CimClass): string => {
    const file = cls.location?.file;
    if (!file) return 'MOF';
    const abs = resolve(cwd, file);
    const root = roots.find((r) => abs === r || abs.startsWith(r + sep));
    const rel = root ? relative(root, abs) : abs.split(/[\\/]/).pop()!;
    return rel.split(sep).join('/');
  };
  return {
    schema: result.schema,
    diagnostics: result.diagnostics,
    sources: result.sources,
    label,
    inputFiles: [...result.sources.keys()].map((f) => resolve(cwd, f)).sort(),
    description: `${files.length} MOF file${files.length === 1 ? '' : 's'}`,
  };
}

/** Live WMI through the COM runtime, loaded only when asked for (it needs Windows and koffi). */
/**
 * The live schema of another host over WS-Management (`wmigen --live --host h`), read the
 * way PowerShell's Get-CimClass reads it over a CIM session.
 */
export async function loadWsmanLiveSchema(
  namespace: string,
  classes: readonly string[] | undefined,
  remote: import('@wmigen/runtime/wsman').WsmanProviderOptions,
): Promise<LoadedSchema> {
  let mod: typeof import('@wmigen/runtime/wsman');
  try {
    mod = await import('@wmigen/runtime/wsman');
  } catch (err) {
    throw new SourceError(`--live --host: cannot load the WS-Management runtime: ${(err as Error).message}`);
  }
  const schema = await mod.readWsmanSchema({ ...remote, namespace, classes: classes ? [...classes] : undefined });
  const label = `WS-Management ${remote.host} ${namespace}`;
  return { schema, diagnostics: [], sources: new Map(), label: () => label, inputFiles: [], description: label };
}

export async function loadLiveSchema(namespace: string, classes: readonly string[] | undefined): Promise<LoadedSchema> {
  let mod: typeof import('@wmigen/runtime/live-schema');
  try {
    mod = await import('@wmigen/runtime/live-schema');
  } catch (err) {
    const code = (err as { code?: string }).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new SourceError('--live: reading the schema from live WMI needs the @wmigen/runtime package (npm install @wmigen/runtime)');
    }
    throw new SourceError(`--live: cannot load the WMI runtime: ${(err as Error).message}`);
  }
  if (process.platform !== 'win32' && !process.env.WINEPREFIX) {
    throw new SourceError('--live needs Windows (WMI); use --mof or --schema on this machine');
  }
  const schema = await mod.readLiveSchema({ namespace, classes: classes ? [...classes] : undefined });
  return {
    schema,
    diagnostics: [],
    sources: new Map(),
    label: () => `live WMI ${namespace}`,
    inputFiles: [],
    description: `live WMI ${namespace}`,
  };
}

/**
 * SHA-256 over extra strings and the contents of files, never their paths or times: the same
 * input content gives the same hash on any machine, in any folder (the manifest records it).
 * Each file counts by the hash of its bytes, in sorted order, so the order files are named in
 * does not matter either.
 */
export function hashInputs(files: readonly string[], extra: readonly string[]): string {
  const h = createHash('sha256');
  for (const s of extra) h.update(s).update('\0');
  const contents = files.map((f) => createHash('sha256').update(readFileSync(f)).digest('hex')).sort();
  for (const c of contents) h.update(c).update('\0');
  return h.digest('hex');
}
