/**
 * `wmigen [generate] --namespace root\cimv2 [--out dir] [--mof <file|dir>...] [--schema name]
 *  [--live] [--os 2019|23h2] [--classes A,B] [--target <Windows version>] [--no-class-map] [--check] [--prettier] [--config file] [--force] [--quiet]`
 *
 * Loads a CIM schema (MOF, a bundled snapshot, or live WMI; with none of them named, the
 * bundled snapshot of the namespace on `--os`, the newest Windows by default), generates the TypeScript
 * bindings of one namespace, and writes them atomically, or with `--check` only reports
 * drift (exit 3). An unchanged re-run stops after hashing its inputs.
 *
 * Exit codes (see cli/main.ts): 0 done, 1 input errors, 2 usage, 3 drift.
 */

import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { formatDiagnostic, type Diagnostic } from '../../grammar/diagnostics.js';
import { checkNamespaceSpelling, didYouMean, sameNamespace } from '../namespaces.js';
import { chooseBundledSnapshot, parseOsOption } from '../os-option.js';
import { UsageError, type CommandIo } from '../main.js';
import {
  findSnapshot,
  hashInputs,
  listSnapshots,
  loadLiveSchema,
  loadWsmanLiveSchema,
  loadMofSources,
  loadSnapshot,
  SourceError,
  type LoadedSchema,
  type SnapshotEntry,
} from '../../sources/load.js';
import { bundledNamespaces } from '../../sources/bundled.js';
import { userModelCacheDir } from '../../sources/model-cache.js';
import { parseHostList } from './query-remote.js';
import { emptyWsmanArgs, parseWsmanOption, wsmanOptions, type WsmanArgs } from './wsman-args.js';
import { readManifest, sha256, type OutputWriter, type WriteStats } from '../../generator/cim/output.js';
import { outputCacheDir, readOutputCache, statFiles, writeOutputCache, type OutputCacheEntry } from '../../generator/cim/output-cache.js';
import { filterSchemaForTarget, parseWindowsVersion, UnknownWindowsVersionError, type WindowsVersion } from '../../model/docs/availability.js';
import type { CimSchema } from '../../model/cim/types.js';

export interface GenerateCommandOptions {
  namespace?: string;
  out: string;
  mof: string[];
  schema?: string;
  live: boolean;
  classes: string[];
  check: boolean;
  prettier: boolean;
  force: boolean;
  quiet: boolean;
  runtimeModule: string;
  listSchemas: boolean;
  /** The Windows version of the bundled snapshot (`2019`, `23h2`, full names); default the newest. */
  os?: string;
  /** A Windows version (`Windows 8.1`, `win10-1809`, …): leave out what it lacks. */
  target?: string;
  /** Augment the runtime's `WmiClassMap` in the index (default true; `--no-class-map`). */
  classMap: boolean;
  /** `--live --host h --transport wsman …`: read the live schema of another host over WS-Management. */
  remote?: WsmanArgs;
}

const CONFIG_NAME = 'wmigen.config.json';
const CONFIG_KEYS: Record<string, 'string' | 'boolean' | 'string[]'> = {
  namespace: 'string',
  out: 'string',
  mof: 'string[]',
  schema: 'string',
  live: 'boolean',
  classes: 'string[]',
  prettier: 'boolean',
  runtimeModule: 'string',
  target: 'string',
  os: 'string',
  classMap: 'boolean',
};

function splitList(v: string): string[] {
  return v
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}

/** Reads `wmigen.config.json` (or `--config`); paths in it are relative to the file. */
export function readConfig(path: string): Partial<GenerateCommandOptions> {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8'));
  } catch (err) {
    throw new UsageError(`cannot read ${path}: ${(err as Error).message}`);
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new UsageError(`${path}: expected a JSON object`);
  const base = dirname(path);
  const out: Partial<GenerateCommandOptions> = {};
  for (const [key, value] of Object.entries(raw as Record<string, unknown>)) {
    if (key === '$schema') continue;
    const kind = CONFIG_KEYS[key];
    if (!kind) throw new UsageError(`${path}: unknown option "${key}" (known: ${Object.keys(CONFIG_KEYS).join(', ')})`);
    const ok =
      kind === 'string'
        ? typeof value === 'string'
        : kind === 'boolean'
          ? typeof value === 'boolean'
          : (Array.isArray(value) && value.every((x) => typeof x === 'string')) || (key === 'classes' && typeof value === 'string');
    if (!ok) throw new UsageError(`${path}: "${key}" must be ${kind === 'string[]' ? 'an array of strings' : `a ${kind}`}`);
    const rec = out as Record<string, unknown>;
    if (key === 'out') rec.out = resolve(base, value as string);
    else if (key === 'mof') rec.mof = (value as string[]).map((m) => resolve(base, m));
    else if (key === 'classes') rec.classes = typeof value === 'string' ? splitList(value) : value;
    else rec[key] = value;
  }
  return out;
}

type CliOptions = Partial<GenerateCommandOptions> & { mof?: string[]; classes?: string[]; config?: string };

export function parseGenerateArgs(args: readonly string[], cwd: string): GenerateCommandOptions {
  const wsman = emptyWsmanArgs();
  const cli = readFlags(args, cwd, wsman);
  let configPath = cli.config;
  if (configPath === undefined && existsSync(join(cwd, CONFIG_NAME))) configPath = join(cwd, CONFIG_NAME);
  if (configPath !== undefined && !existsSync(configPath)) throw new UsageError(`--config ${configPath}: no such file`);
  const merged = mergeWithConfig(cli, configPath ? readConfig(configPath) : {}, cwd);
  const sources = (merged.mof.length > 0 ? 1 : 0) + (merged.schema ? 1 : 0) + (merged.live ? 1 : 0);
  if (sources > 1) throw new UsageError('give one source: --mof, --schema or --live');
  if (sources > 0 && merged.os !== undefined) throw new UsageError('--os chooses a bundled per-OS snapshot: it does not go with --mof, --schema or --live');
  if (wsman.hosts.length > 0 || wsman.given.length > 0) {
    if (!merged.live) throw new UsageError('--host reads the schema of another host: give it with --live (wmigen --live --host h --transport wsman …)');
    if (wsman.hosts.length !== 1 || wsman.hosts[0].includes(',')) throw new UsageError('--live reads one host: give one --host');
    return { ...merged, remote: wsman };
  }
  return merged;
}

/** The command line's options as given (WS-Management ones into `wsman`). */
function readFlags(args: readonly string[], cwd: string, wsman: WsmanArgs): CliOptions {
  const cli: CliOptions = {};
  for (let i = 0; i < args.length; i++) {
    const used = parseWsmanOption(args as string[], i, wsman);
    if (used >= 0) {
      i = used;
      continue;
    }
    const a = args[i];
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    const inline = eq > 0 ? a.slice(eq + 1) : undefined;
    const take = (): string => {
      if (inline !== undefined) return inline;
      const v = args[i + 1];
      if (v === undefined || v.startsWith('--')) throw new UsageError(`${flag} needs a value`);
      i++;
      return v;
    };
    if (flag === '--mof') {
      cli.mof ??= [];
      if (inline !== undefined) cli.mof.push(resolve(cwd, inline));
      else {
        const start = i;
        while (i + 1 < args.length && !args[i + 1].startsWith('-')) cli.mof.push(resolve(cwd, args[++i]));
        if (i === start) throw new UsageError('--mof needs at least one file or directory');
      }
    } else if (!readFlag(cli, flag, take, cwd)) {
      throw new UsageError(a.startsWith('-') ? `unknown option ${a}` : `unexpected argument ${a}`);
    }
  }
  return cli;
}

/** One option other than `--mof`; false when `flag` is none of generation's. */
function readFlag(cli: CliOptions, flag: string, take: () => string, cwd: string): boolean {
  switch (flag) {
    case '--namespace':
    case '-n':
      cli.namespace = take();
      return true;
    case '--out':
    case '-o':
      cli.out = resolve(cwd, take());
      return true;
    case '--schema':
      cli.schema = take();
      return true;
    case '--classes':
      cli.classes = [...(cli.classes ?? []), ...splitList(take())];
      return true;
    case '--runtime-module':
      cli.runtimeModule = take();
      return true;
    case '--config':
      cli.config = resolve(cwd, take());
      return true;
    case '--target':
      cli.target = take();
      return true;
    case '--os':
      cli.os = take();
      return true;
  }
  const switches: Record<string, () => void> = {
    '--live': () => (cli.live = true),
    '--check': () => (cli.check = true),
    '--prettier': () => (cli.prettier = true),
    '--no-prettier': () => (cli.prettier = false),
    '--force': () => (cli.force = true),
    '--quiet': () => (cli.quiet = true),
    '-q': () => (cli.quiet = true),
    '--no-class-map': () => (cli.classMap = false),
    '--list-schemas': () => (cli.listSchemas = true),
  };
  if (!Object.hasOwn(switches, flag)) return false;
  switches[flag]();
  return true;
}

/** Command-line options win over the config file; a source given on the command line replaces the config's entirely. */
function mergeWithConfig(cli: CliOptions, config: Partial<GenerateCommandOptions>, cwd: string): GenerateCommandOptions {
  const cliHasSource = cli.mof !== undefined || cli.schema !== undefined || cli.live !== undefined || cli.os !== undefined;
  return {
    namespace: cli.namespace ?? config.namespace,
    out: cli.out ?? config.out ?? resolve(cwd, 'wmi'),
    mof: cliHasSource ? (cli.mof ?? []) : (config.mof ?? []),
    schema: cliHasSource ? cli.schema : config.schema,
    live: cliHasSource ? cli.live === true : config.live === true,
    classes: cli.classes ?? config.classes ?? [],
    check: cli.check === true,
    prettier: cli.prettier ?? config.prettier ?? false,
    force: cli.force === true,
    quiet: cli.quiet === true,
    runtimeModule: cli.runtimeModule ?? config.runtimeModule ?? '@wmigen/runtime',
    listSchemas: cli.listSchemas === true,
    target: cli.target ?? config.target,
    os: cliHasSource ? cli.os : config.os,
    classMap: cli.classMap ?? config.classMap ?? true,
  };
}

/** Hash of the generator's own code, so a new wmigen version never reuses old output. */
function generatorFingerprint(): string {
  const here = dirname(fileURLToPath(import.meta.url));
  const dirs = [join(here, '..', '..', 'generator', 'cim'), join(here, '..', '..', 'sources'), join(here, '..', '..', 'templates')];
  const parts: string[] = [];
  for (const d of dirs) {
    if (!existsSync(d)) continue;
    for (const f of readdirSync(d).sort()) if (/\.(js|ts)$/.test(f)) parts.push(f, readFileSync(join(d, f), 'utf8'));
  }
  return sha256(parts.join('\0'));
}

class Progress {
  private last = 0;
  private shown = false;
  constructor(
    private readonly io: CommandIo,
    private readonly enabled: boolean,
  ) {}
  update(label: string, done: number, total: number): void {
    if (!this.enabled) return;
    const now = Date.now();
    if (done < total && now - this.last < 80) return;
    this.last = now;
    const width = 24;
    const filled = Math.round((done / Math.max(1, total)) * width);
    this.io.stderr(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}\x1b[K`);
    this.shown = true;
  }
  clear(): void {
    if (this.shown) this.io.stderr('\r\x1b[K');
    this.shown = false;
  }
}

function printDiagnostics(io: CommandIo, diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>, max = 20): void {
  const shown = diagnostics.slice(0, max);
  for (const d of shown) io.stderr(formatDiagnostic(d, d.location ? sources.get(d.location.file) : undefined) + '\n');
  if (diagnostics.length > max) io.stderr(`… and ${diagnostics.length - max} more\n`);
}

interface Source {
  readonly namespace: string;
  readonly snapshot: SnapshotEntry | undefined;
  /** Set when the snapshot is a per-OS Windows snapshot. */
  readonly perOs: boolean;
  readonly live: boolean;
}

/** Which source, and which namespace: the bundled default when nothing is given off Windows. */
function chooseSource(opts: GenerateCommandOptions, say: (text: string) => void): Source {
  let snapshot = opts.schema ? findSnapshot(opts.schema) : undefined;
  const namespace = opts.namespace ?? snapshot?.namespace;
  if (!namespace) throw new UsageError('--namespace is required (for example --namespace root\\cimv2)');
  if (opts.os !== undefined) parseOsOption(opts.os);
  checkNamespaceSpelling(namespace, bundledNamespaces());
  let live = opts.live;
  let perOs = false;
  if (opts.mof.length === 0 && !snapshot && !live) {
    if (process.platform === 'win32' && opts.os === undefined) live = true;
    else {
      const choice = chooseBundledSnapshot(namespace, opts.os);
      snapshot = choice.entry;
      perOs = choice.os !== undefined;
      const fellBack = choice.fellBackFrom ? ` (the ${choice.fellBackFrom.name} capture lacks this namespace)` : '';
      // The summary line names the schema with its description: said once, there.
      if (opts.os === undefined) say(`wmigen: no --mof, --schema or --live given${process.platform === 'win32' ? '' : ' and no WMI on this machine'}: using the bundled ${choice.os ? `${choice.os.name} snapshot` : 'schema'} ${choice.entry.name} for ${namespace}${fellBack}\n`);
    }
  }
  return { namespace, snapshot, perOs, live };
}

interface RunKeys {
  /** What the output depends on besides the input contents, the same on every machine (the manifest's input hash). */
  readonly portable: string;
  /** That, the generator's code and the input paths given: when the local cache may be trusted. */
  readonly local: string;
}

function runKeys(opts: GenerateCommandOptions, source: Source, target: WindowsVersion | undefined): RunKeys {
  const portable = JSON.stringify({
    namespace: source.namespace.toLowerCase(),
    classes: [...opts.classes].map((c) => c.toLowerCase()).sort(),
    runtimeModule: opts.runtimeModule,
    classMap: opts.classMap,
    prettier: opts.prettier,
    snapshot: source.snapshot?.name,
    target: target ? `${target.family}:${target.build}` : undefined,
  });
  return { portable, local: sha256([generatorFingerprint(), portable, JSON.stringify(opts.mof)].join('\0')) };
}

/** Unchanged input and output (by the local cache and the manifest): nothing to do. */
function isOutputUpToDate(out: string, keys: RunKeys, cached: OutputCacheEntry | undefined, isUpToDate: (o: string, h: string, s: OutputCacheEntry['stats']) => boolean): boolean {
  if (!cached || cached.key !== keys.local || cached.inputFiles.length === 0 || !cached.inputFiles.every((f) => existsSync(f))) return false;
  const inputHash = hashInputs(cached.inputFiles, [keys.portable]);
  return inputHash === cached.inputHash && isUpToDate(out, inputHash, cached.stats);
}

async function loadSource(opts: GenerateCommandOptions, source: Source, io: CommandIo): Promise<LoadedSchema> {
  const cwd = io.cwd;
  const classes = opts.classes.length > 0 ? opts.classes : undefined;
  if (source.live && opts.remote) {
    const [host] = parseHostList(opts.remote.hosts[0]);
    const remote = { ...(await wsmanOptions(opts.remote, source.namespace, io)), ...(typeof host === 'string' ? { host } : host) };
    return loadWsmanLiveSchema(source.namespace, classes, remote);
  }
  if (source.live) return loadLiveSchema(source.namespace, classes);
  if (source.snapshot) return loadSnapshot(source.snapshot, undefined, { cacheDir: userModelCacheDir(cwd) });
  return loadMofSources(opts.mof, cwd, source.namespace);
}

/**
 * Per-OS snapshots spell namespaces as WMI does (`root\CIMV2`); the output folder follows the
 * user's spelling instead (`--namespace root\cimv2` → `root/cimv2`, the folder the pages'
 * snapshot gave before), so imports in an app do not change with the source.
 */
function spelledAsAsked(schema: CimSchema, namespace: string): CimSchema {
  const asked = namespace
    .replace(/\//g, '\\')
    .replace(/^\\\\[^\\]+\\/, '')
    .replace(/^\\+|\\+$/g, '');
  return {
    namespaces: schema.namespaces.map((ns) =>
      sameNamespace(ns.name, asked) && ns.name !== asked ? { ...ns, name: asked, classes: ns.classes.map((c) => ({ ...c, namespace: asked })) } : ns,
    ),
  };
}

/**
 * A target leaves out the classes and members that Windows version lacks, so using them in an
 * app compiled against these bindings is a type error.
 */
async function schemaForTarget(opts: GenerateCommandOptions, schema: CimSchema, target: WindowsVersion | undefined): Promise<CimSchema> {
  if (!target || opts.target === undefined) return schema;
  const filtered = filterSchemaForTarget(schema, opts.target);
  if (opts.classes.length > 0) {
    // A class asked for by name that the target lacks: say so, not "not found".
    const kept = new Set(filtered.namespaces.flatMap((ns) => ns.classes.map((c) => c.name.toLowerCase())));
    const had = new Set(schema.namespaces.flatMap((ns) => ns.classes.map((c) => c.name.toLowerCase())));
    const lacking = opts.classes.filter((c) => had.has(c.toLowerCase()) && !kept.has(c.toLowerCase()));
    if (lacking.length > 0) {
      const { GenerateError } = await import('../../generator/cim/generate.js');
      throw new GenerateError(`${lacking.join(', ')} ${lacking.length === 1 ? 'is' : 'are'} not available on ${target.name} (--target ${opts.target}); nothing written`);
    }
  }
  return filtered;
}

function reportDrift(io: CommandIo, out: string, drift: { changed: string[]; missing: string[]; stale: string[] }): void {
  const list = (label: string, paths: string[]): void => {
    for (const p of paths.slice(0, 20)) io.stderr(`  ${label} ${p}\n`);
    if (paths.length > 20) io.stderr(`  … ${paths.length - 20} more ${label}\n`);
  };
  io.stderr(`wmigen: ${out} differs from what wmigen generates:\n`);
  list('changed', drift.changed);
  list('missing', drift.missing);
  list('stale', drift.stale);
  io.stderr('run wmigen without --check to update it\n');
}

async function commitWriter(writer: OutputWriter, inputHash: string): Promise<WriteStats> {
  try {
    await writer.flush();
  } catch (err) {
    await writer.abort();
    throw err;
  }
  return writer.commit({ inputHash });
}

/** Records in the local cache what the next run needs to see that nothing changed. */
function rememberOutput(cacheDir: string, out: string, entry: Omit<OutputCacheEntry, 'stats'>): void {
  const written = readManifest(out);
  if (written) writeOutputCache(cacheDir, out, { ...entry, stats: statFiles(out, Object.keys(written.files)) });
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const started = performance.now();
  const opts = parseGenerateArgs(args, io.cwd);
  const say = (text: string): void => {
    if (!opts.quiet) io.stderr(text);
  };

  if (opts.listSchemas) {
    for (const s of listSnapshots()) io.stdout(`${s.name}\t${s.namespace}${s.default ? ' (default)' : ''}\t${s.description ?? ''}\n`);
    const { listWindowsSnapshots, windowsSnapshotEntry } = await import('../../sources/windows/load.js');
    for (const w of listWindowsSnapshots()) io.stdout(`--os ${w.os}\t${w.namespace}\t${windowsSnapshotEntry(w).description} (${w.classes} classes)\n`);
    return 0;
  }

  // An unknown target is an input error before anything is loaded (exit 1, no stack).
  const targetVersion = opts.target !== undefined ? parseWindowsVersion(opts.target) : undefined;
  if (opts.target !== undefined && !targetVersion) throw new UnknownWindowsVersionError(opts.target);
  const source = chooseSource(opts, say);
  const namespace = source.namespace;

  // Unchanged input and output: stop before parsing anything.
  const { isUpToDate } = await import('../../generator/cim/output.js');
  const keys = runKeys(opts, source, targetVersion);
  const cacheDir = outputCacheDir(io.cwd);
  const cached = readOutputCache(cacheDir, opts.out);
  if (!opts.check && !opts.force && !source.live && isOutputUpToDate(opts.out, keys, cached, isUpToDate)) {
    say(`wmigen: ${opts.out} is up to date (inputs unchanged) in ${((performance.now() - started) / 1000).toFixed(2)} s\n`);
    return 0;
  }

  const loaded = await loadSource(opts, source, io);
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    printDiagnostics(io, errors, loaded.sources);
    io.stderr(`wmigen: ${errors.length} error${errors.length === 1 ? '' : 's'} in ${loaded.description}; nothing written\n`);
    return 1;
  }
  const found = loaded.schema.namespaces.map((n) => n.name);
  if (!source.live && !found.some((n) => sameNamespace(n, namespace))) {
    const from = source.snapshot ? `the bundled schema ${source.snapshot.name}` : loaded.description;
    const known = listSnapshots().map((s) => s.namespace);
    throw new SourceError(`namespace ${namespace} is not in ${from}, which has ${found.join(', ') || 'none'}${didYouMean(namespace, [...found, ...known])}`);
  }
  const warnings = loaded.diagnostics.filter((d) => d.severity === 'warning');
  if (warnings.length > 0 && !opts.quiet) printDiagnostics(io, warnings, loaded.sources, 5);
  const schema = await schemaForTarget(opts, source.perOs ? spelledAsAsked(loaded.schema, namespace) : loaded.schema, targetVersion);
  const loadedAt = performance.now();

  // Generate.
  const { generateCimBindings, outputPaths } = await import('../../generator/cim/generate.js');
  const { checkOutput, hasDrift, OutputWriter, WRITER_THREAD_MIN_FILES, writeOutput } = await import('../../generator/cim/output.js');
  const progress = new Progress(io, io.isTTY && !opts.quiet);
  const writeOptions = { force: opts.force, stats: cached?.stats };
  // Unless every text is needed at once (--check, --prettier), each module goes into the new
  // tree as soon as it is generated (the new tree is put in place only at the end), so no
  // text outlives its module; for a whole large namespace a writer thread creates the files
  // while this thread goes on generating.
  const classCount =
    opts.classes.length > 0 ? 0 : (schema.namespaces.find((n) => sameNamespace(n.name, namespace))?.classes.length ?? 0);
  const thread = classCount >= WRITER_THREAD_MIN_FILES;
  const writer = opts.check || opts.prettier ? undefined : new OutputWriter(opts.out, { ...writeOptions, thread });
  let result: ReturnType<typeof generateCimBindings>;
  try {
    // The writer thread creates the files while this thread plans (a whole namespace only:
    // that is when there is a thread).
    if (writer && thread) writer.expect(outputPaths(schema, { namespaces: [namespace] }));
    result = generateCimBindings(schema, {
      namespaces: [namespace],
      classes: opts.classes.length > 0 ? opts.classes : undefined,
      source: loaded.label,
      runtimeModule: opts.runtimeModule,
      classMap: opts.classMap,
      onProgress: (done, total) => progress.update('wmigen: generating', done, total),
      onFile: writer ? (f) => writer.add(f) : undefined,
    });
  } catch (err) {
    progress.clear();
    await writer?.abort();
    throw err;
  }
  progress.clear();
  if (result.diagnostics.length > 0 && !opts.quiet) printDiagnostics(io, result.diagnostics, loaded.sources, 5);
  let files = result.files;
  if (opts.prettier) {
    const { formatFiles } = await import('../../generator/cim/format.js');
    files = await formatFiles(files, opts.out, readManifest(opts.out), (done, total) => progress.update('wmigen: formatting', done, total));
    progress.clear();
  }
  const generatedAt = performance.now();

  if (opts.check) {
    const drift = checkOutput(opts.out, files);
    if (!hasDrift(drift)) {
      say(`wmigen: ${opts.out} matches the generator (${files.length} files)\n`);
      return 0;
    }
    reportDrift(io, opts.out, drift);
    return 3;
  }
  // The manifest's input hash covers the input contents and the portable options, no paths.
  const inputHash = source.live ? 'live' : hashInputs(loaded.inputFiles, [keys.portable]);
  const stats = writer ? await commitWriter(writer, inputHash) : writeOutput(opts.out, files, { inputHash }, writeOptions);
  if (!source.live) rememberOutput(cacheDir, opts.out, { key: keys.local, inputFiles: loaded.inputFiles, inputHash });
  const done = performance.now();
  const seconds = (ms: number): string => `${(ms / 1000).toFixed(2)} s`;
  say(
    `wmigen: ${result.classCount} classes of ${namespace} from ${loaded.description}${targetVersion ? ` for ${targetVersion.name}` : ''} → ${opts.out} ` +
      `(${stats.written} files written, ${stats.unchanged} unchanged, ${stats.removed} removed) in ${seconds(done - started)} ` +
      (writer
        ? `[load ${seconds(loadedAt - started)}, generate and write ${seconds(done - loadedAt)}]\n`
        : `[load ${seconds(loadedAt - started)}, generate ${seconds(generatedAt - loadedAt)}, write ${seconds(done - generatedAt)}]\n`),
  );
  return 0;
}
