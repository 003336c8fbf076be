/**
 * `wmigen schema windows <corpus> [--out-dir schemas] [--os 2019,23h2] [--namespace ns,...]
 * [--check] [--report file.json] [--verbose]`: the per-OS Windows snapshots
 * (`schemas/windows/os/<os>/…mof.gz` and `schemas/windows/os/index.json`), rebuilt from the
 * corpus's Go captures and reference pages. `--check` writes nothing and exits 3 when a
 * committed file differs. A snapshot that does not load back is an internal error and
 * nothing is written.
 */

import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WmigenError } from '../../grammar/diagnostics.js';
import { buildWindowsSnapshots, readStaticMethods, type WindowsBuildResult } from '../../sources/windows/build.js';
import { parseWindowsOs, windowsIndexFile, type WindowsOs } from '../../sources/windows/versions.js';
import { UsageError, type CommandIo } from '../main.js';

const usage = 'wmigen schema windows <corpus dir> [--out-dir <schemas dir>] [--os 2019,23h2] [--namespace ns,...] [--check] [--report <file.json>] [--verbose]';

function writeAtomically(path: string, data: Buffer | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/** `sources/windows/static-methods.json`, found from this module (source or dist). */
function staticMethodsFile(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    const p = join(dir, 'sources', 'windows', 'static-methods.json');
    if (existsSync(p)) return p;
    dir = dirname(dir);
  }
  throw new WmigenError('sources/windows/static-methods.json is missing');
}

interface Options {
  corpus: string;
  outDir: string;
  os?: WindowsOs[];
  namespaces?: string[];
  check: boolean;
  report?: string;
  verbose: boolean;
}

function parse(args: readonly string[], cwd: string): Options {
  const positional: string[] = [];
  const o: Partial<Options> = { check: false, verbose: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string => {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value\n${usage}`);
      return v;
    };
    if (a === '--out-dir') o.outDir = resolve(cwd, value());
    else if (a === '--os') o.os = value().split(',').map((s) => parseWindowsOs(s).os);
    else if (a === '--namespace') o.namespaces = value().split(',');
    else if (a === '--report') o.report = resolve(cwd, value());
    else if (a === '--check') o.check = true;
    else if (a === '--verbose') o.verbose = true;
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}\n${usage}`);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError(`give the corpus folder (with wmi-go/, docs/ and docs-2018/)\n${usage}`);
  return { ...o, corpus: resolve(cwd, positional[0]), outDir: o.outDir ?? resolve(cwd, 'schemas') } as Options;
}

function printReport(r: WindowsBuildResult, io: CommandIo, verbose: boolean): void {
  for (const f of r.goFailures) io.stderr(`wmi-go/${f.os}/${f.file}: not read: ${f.reason}\n`);
  for (const f of r.pageFailures) io.stderr(`${f.file}${f.line ? `:${f.line}` : ''}: not read: ${f.subject}: ${f.reason}\n`);
  for (const s of r.snapshots) {
    const st = s.stats;
    io.stderr(`${s.entry.os} ${s.entry.namespace}: ${st.classes} classes (${st.documentedClasses} from pages), ${st.properties} properties (${st.documentedProperties} from pages), ${st.methods} methods (${st.documentedMethods} from pages), ${s.gz.length} bytes gzipped\n`);
    if (verbose) for (const n of [...s.notes, ...s.pageMembersNotOnOs.map((m) => `${m}: on the page, not on ${s.entry.os}`)]) io.stderr(`  ${n}\n`);
  }
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const o = parse(args, io.cwd);
  if (!existsSync(join(o.corpus, 'wmi-go'))) throw new UsageError(`${o.corpus} has no wmi-go/ folder\n${usage}`);
  const result = buildWindowsSnapshots({ corpus: o.corpus, staticMethods: readStaticMethods(staticMethodsFile()), os: o.os, namespaces: o.namespaces });
  printReport(result, io, o.verbose);
  for (const s of result.snapshots) {
    const errors = s.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length) throw new WmigenError(`internal error: the ${s.entry.os} snapshot of ${s.entry.namespace} does not load back (${errors.length} errors); nothing written`, errors.slice(0, 20));
  }
  if (o.report) writeAtomically(o.report, JSON.stringify({ snapshots: result.snapshots.map((s) => ({ ...s.entry, stats: s.stats, notes: s.notes, pageMembersNotOnOs: s.pageMembersNotOnOs, gzBytes: s.gz.length })), goFailures: result.goFailures, pageFailures: result.pageFailures }, null, 2) + '\n');
  const partial = o.os !== undefined || o.namespaces !== undefined;
  const indexPath = join(o.outDir, windowsIndexFile);
  const previous = existsSync(indexPath) ? (JSON.parse(readFileSync(indexPath, 'utf8')) as { snapshots: Array<{ os: string; namespace: string }> }).snapshots : [];
  const built = new Set(result.snapshots.map((s) => `${s.entry.os}|${s.entry.namespace.toLowerCase()}`));
  const kept = partial ? previous.filter((e) => !built.has(`${e.os}|${e.namespace.toLowerCase()}`)) : [];
  const entries = [...kept, ...result.snapshots.map((s) => s.entry)].sort((a, b) => (a.os !== b.os ? (a.os < b.os ? -1 : 1) : a.namespace.toLowerCase() < b.namespace.toLowerCase() ? -1 : 1));
  const index = JSON.stringify({ snapshots: entries }, null, 2) + '\n';
  if (o.check) {
    let drift = 0;
    for (const s of result.snapshots) {
      const p = join(o.outDir, s.entry.file);
      if (!existsSync(p) || !readFileSync(p).equals(s.gz)) {
        io.stderr(`${s.entry.file} differs from what the corpus gives\n`);
        drift++;
      }
    }
    if (!existsSync(indexPath) || readFileSync(indexPath, 'utf8') !== index) {
      io.stderr(`${windowsIndexFile} differs from what the corpus gives\n`);
      drift++;
    }
    return drift ? 3 : 0;
  }
  for (const s of result.snapshots) writeAtomically(join(o.outDir, s.entry.file), s.gz);
  writeAtomically(indexPath, index);
  io.stderr(`wrote ${result.snapshots.length} snapshots to ${o.outDir}\n`);
  return 0;
}
