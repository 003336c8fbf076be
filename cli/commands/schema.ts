/**
 * `wmigen schema from-docs <docs dir>... --namespace <ns> --out <file.mof>`: one namespace
 * from Microsoft's reference pages as a MOF snapshot, with every page that could not be
 * read listed with its reason.
 *
 * `wmigen schema bundle <desktop-src> [--out-dir schemas] [--only a,b] [--check]`: the
 * bundled Windows snapshots (`schemas/windows/*.mof`) and their `schemas/index.json`
 * entries, regenerated from the pages.
 *
 * `wmigen schema windows <corpus>`: the per-OS snapshots (`cli/commands/schema-windows.ts`).
 *
 * Every snapshot is loaded back through the MOF front-end before it is written; one that
 * does not load is an internal error and nothing is written.
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { sameNamespace } from '../../common/namespaces.js';
import { WmigenError } from '../../grammar/diagnostics.js';
import { loadMofText } from '../../model/cim/load.js';
import { bundledSnapshots, bundledSnapshotsFromDocs, docsAttribution, snapshotFromDocs, type DocsSnapshot } from '../../sources/docs/index.js';
import type { SystemClassPolicy } from '../../model/docs/build.js';
import { UsageError, type CommandIo } from '../main.js';
import { checkNamespaceSpelling } from '../namespaces.js';

const usage = `wmigen schema from-docs <docs dir>... --namespace <ns> --out <file.mof> [--system-classes referenced|all|none] [--report <file.json>] [--verbose]
wmigen schema bundle <desktop-src dir> [--out-dir <schemas dir>] [--only name,...] [--check] [--verbose]
wmigen schema windows <corpus dir> [--out-dir <schemas dir>] [--os 2019,23h2] [--namespace ns,...] [--check] [--report <file.json>] [--verbose]`;

interface Parsed {
  positional: string[];
  flags: Map<string, string | true>;
}

const valued = new Set(['--namespace', '--out', '--system-classes', '--report', '--out-dir', '--only']);

function parseArgs(args: readonly string[]): Parsed {
  const positional: string[] = [];
  const flags = new Map<string, string | true>();
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a.startsWith('--')) {
      const eq = a.indexOf('=');
      const name = eq > 0 ? a.slice(0, eq) : a;
      if (valued.has(name)) {
        const v = eq > 0 ? a.slice(eq + 1) : args[++i];
        if (v === undefined) throw new UsageError(`${name} needs a value\n${usage}`);
        flags.set(name, v);
      } else if (['--check', '--verbose', '--json'].includes(name)) flags.set(name, true);
      else throw new UsageError(`unknown option ${a}\n${usage}`);
    } else positional.push(a);
  }
  return { positional, flags };
}

function str(p: Parsed, name: string): string | undefined {
  const v = p.flags.get(name);
  return typeof v === 'string' ? v : undefined;
}

/** Loads the MOF back; a snapshot the front-end rejects is never written. */
function verify(snapshot: DocsSnapshot, fileName: string): void {
  const loaded = loadMofText(snapshot.mof, fileName);
  if (!loaded.ok) {
    throw new WmigenError(`internal error: the snapshot for ${fileName} does not load back (${loaded.diagnostics.filter((d) => d.severity === 'error').length} errors); nothing written`, loaded.diagnostics.filter((d) => d.severity === 'error').slice(0, 20));
  }
}

function writeAtomically(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

function summary(s: DocsSnapshot, namespace: string): string {
  const built = s.stats.classesFromNamespacePages;
  const pct = s.stats.classPages ? ((100 * built) / s.stats.classPages).toFixed(1) : '100.0';
  return `${namespace}: ${built} of ${s.stats.classPages} class pages made classes (${pct}%), ${s.stats.classesPulledIn} classes pulled in from other pages, ${s.stats.properties} properties, ${s.stats.methods} methods; ${s.failures.length} pages or rows could not be read, ${s.warnings.length} warnings`;
}

function printReports(s: DocsSnapshot, io: CommandIo, verbose: boolean): void {
  for (const f of s.failures) io.stderr(`${f.file}${f.line ? `:${f.line}` : ''}: not read: ${f.subject}: ${f.reason}\n`);
  if (verbose) for (const w of s.warnings) io.stderr(`${w.file}${w.line ? `:${w.line}` : ''}: warning: ${w.subject}: ${w.reason}\n`);
}

async function fromDocs(p: Parsed, io: CommandIo): Promise<number> {
  const folders = p.positional.map((f) => resolve(io.cwd, f));
  const namespace = str(p, '--namespace');
  const out = str(p, '--out');
  if (folders.length === 0 || !namespace || !out) throw new UsageError(`schema from-docs needs a docs folder, --namespace and --out\n${usage}`);
  const policy = (str(p, '--system-classes') ?? 'referenced') as SystemClassPolicy;
  if (!['referenced', 'all', 'none'].includes(policy)) throw new UsageError(`--system-classes must be referenced, all or none`);
  for (const f of folders) if (!existsSync(f)) throw new WmigenError(`docs folder not found: ${f}`);
  checkNamespaceSpelling(namespace, bundledSnapshots.map((s) => s.namespace));
  const snapshot = snapshotFromDocs(folders, {
    namespace,
    systemClasses: policy,
    header: [`Namespace ${namespace}, from Microsoft's WMI reference pages.`, docsAttribution],
  });
  if (snapshot.schema.namespaces[0].classes.length === 0) {
    printReports(snapshot, io, true);
    throw new WmigenError(`no class page of namespace ${namespace} in ${p.positional.join(', ')}; nothing written`);
  }
  const outPath = resolve(io.cwd, out);
  verify(snapshot, outPath);
  writeAtomically(outPath, snapshot.mof);
  const report = str(p, '--report');
  if (report) writeAtomically(resolve(io.cwd, report), JSON.stringify({ namespace, stats: snapshot.stats, failures: snapshot.failures, warnings: snapshot.warnings }, null, 2) + '\n');
  printReports(snapshot, io, p.flags.has('--verbose'));
  io.stderr(`${summary(snapshot, namespace)}\nwrote ${out}\n`);
  return 0;
}

interface IndexEntry {
  name: string;
  namespace: string;
  file: string;
  format: string;
  description: string;
  attribution: string;
  default?: boolean;
}

/** Adds or updates this table's entries in `schemas/index.json`, keeping everyone else's. */
function updateIndex(indexPath: string, entries: readonly IndexEntry[]): string {
  let doc: { snapshots: IndexEntry[] } & Record<string, unknown> = { snapshots: [] };
  if (existsSync(indexPath)) {
    doc = JSON.parse(readFileSync(indexPath, 'utf8')) as typeof doc;
    if (!Array.isArray(doc.snapshots)) doc.snapshots = [];
  }
  for (const e of entries) {
    const at = doc.snapshots.findIndex((s) => s.name === e.name);
    // Another snapshot may already be the default for the namespace (a live capture, say).
    const otherDefault = doc.snapshots.some((s) => s.name !== e.name && s.default && sameNamespace(s.namespace, e.namespace));
    const entry = otherDefault ? { ...e, default: undefined } : e;
    const clean = JSON.parse(JSON.stringify(entry)) as IndexEntry;
    if (at >= 0) doc.snapshots[at] = clean;
    else doc.snapshots.push(clean);
  }
  return JSON.stringify(doc, null, 2) + '\n';
}

async function bundle(p: Parsed, io: CommandIo): Promise<number> {
  const src = p.positional[0];
  if (!src) throw new UsageError(`schema bundle needs the desktop-src folder\n${usage}`);
  const desktopSrc = resolve(io.cwd, src);
  if (!existsSync(desktopSrc)) throw new WmigenError(`docs folder not found: ${src}`);
  const outDir = resolve(io.cwd, str(p, '--out-dir') ?? 'schemas');
  const only = str(p, '--only')?.split(',').map((s) => s.trim().toLowerCase());
  const entries = bundledSnapshots.filter((e) => !only || only.includes(e.name));
  if (entries.length === 0) throw new UsageError(`--only names no bundled snapshot (${bundledSnapshots.map((e) => e.name).join(', ')})`);
  const snapshots = bundledSnapshotsFromDocs(entries, desktopSrc);
  let drift = 0;
  const indexEntries: IndexEntry[] = [];
  // Every snapshot must load back before any is written.
  for (const e of entries) verify(snapshots.get(e.name) as DocsSnapshot, join(outDir, e.file));
  for (const e of entries) {
    const s = snapshots.get(e.name) as DocsSnapshot;
    const path = join(outDir, e.file);
    if (p.flags.has('--check')) {
      const current = existsSync(path) ? readFileSync(path, 'utf8') : '';
      if (current !== s.mof) {
        drift++;
        io.stderr(`${e.file} differs from what the pages give\n`);
      }
    } else writeAtomically(path, s.mof);
    printReports(s, io, p.flags.has('--verbose'));
    io.stderr(`${summary(s, e.namespace)}\n`);
    indexEntries.push({
      name: e.name,
      namespace: e.namespace,
      file: e.file,
      format: 'mof',
      description: e.description,
      attribution: "Microsoft's WMI reference pages (MicrosoftDocs/win32), © Microsoft, CC BY 4.0; see schemas/windows/ATTRIBUTION.md",
      default: true,
    });
  }
  const indexPath = join(outDir, 'index.json');
  const index = updateIndex(indexPath, indexEntries);
  if (p.flags.has('--check')) {
    if (!existsSync(indexPath) || readFileSync(indexPath, 'utf8') !== index) {
      drift++;
      io.stderr(`index.json lacks or differs in the Windows snapshot entries\n`);
    }
    return drift ? 3 : 0;
  }
  writeAtomically(indexPath, index);
  io.stderr(`wrote ${entries.length} snapshots to ${outDir}\n`);
  return 0;
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'from-docs') return fromDocs(parseArgs(rest), io);
  if (sub === 'bundle') return bundle(parseArgs(rest), io);
  if (sub === 'windows') return (await import('./schema-windows.js')).run(rest, io);
  throw new UsageError(`unknown schema command '${sub ?? ''}'\n${usage}`);
}
