/**
 * `wmigen model <file.mof|dir>... [--recursive] [--json] [--strict] [-I dir]... [--namespace ns]`:
 * loads and resolves MOF files and prints the model's counts (or, with `--json`, the whole
 * model). `wmigen model --namespace ns [--os 2019|23h2] [--json]`, with no files, prints the
 * model the generator uses for a bundled namespace (the same snapshot and cache). A folder means its `*.mof` files, as `--mof <dir>` does for generation, and with
 * `--recursive` those of its subfolders too. Diagnostics go to stderr with a code frame;
 * any error makes the exit status 1 and nothing is printed on stdout (never a partial model).
 */

import { readdirSync, statSync, type Dirent } from 'node:fs';
import { join, relative } from 'node:path';
import { resolve as resolvePath } from 'node:path';
import { formatDiagnostic, WmigenError } from '../../grammar/diagnostics.js';
import { countSchema, schemaToJson } from '../../model/cim/json.js';
import type { MofLoadResult } from '../../model/cim/load.js';
import { UsageError, type CommandIo } from '../main.js';

const byName = (a: Dirent, b: Dirent): number => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

function isMof(name: string): boolean {
  return name.toLowerCase().endsWith('.mof');
}

/** The `*.mof` files of a folder in name order, and with `recursive` those below it (symbolic links to folders are not followed). */
function mofFilesIn(dir: string, recursive: boolean): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort(byName)) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (recursive) out.push(...mofFilesIn(path, true));
    } else if (isMof(entry.name) && (entry.isFile() || (entry.isSymbolicLink() && statSync(path, { throwIfNoEntry: false })?.isFile()))) {
      out.push(path);
    }
  }
  return out;
}

/** Files as given (a missing one is reported by the loader); a folder becomes its MOF files. */
export function expandInputs(inputs: readonly string[], cwd: string, recursive: boolean): string[] {
  const files: string[] = [];
  for (const given of inputs) {
    const path = resolvePath(cwd, given);
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory() !== true) {
      files.push(path);
      continue;
    }
    let found: string[];
    try {
      found = mofFilesIn(path, recursive);
    } catch (err) {
      throw new WmigenError(`${given}: cannot read the folder: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    if (found.length === 0) {
      const below = !recursive && mofFilesIn(path, true).length > 0;
      throw new WmigenError(`${given}: no .mof files in this folder${recursive ? ' or below it' : below ? ' (its subfolders have some: add --recursive)' : ''}`);
    }
    files.push(...found);
  }
  return files;
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const files: string[] = [];
  const includeDirs: string[] = [];
  let recursive = false;
  let json = false;
  let strict = false;
  let defaultNamespace: string | undefined;
  let os: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--recursive' || a === '-r') recursive = true;
    else if (a === '--strict') strict = true;
    else if (a === '-I' || a === '--include') {
      const d = args[++i];
      if (d === undefined) throw new UsageError(`${a} needs a directory`);
      includeDirs.push(resolvePath(io.cwd, d));
    } else if (a.startsWith('-I') && a.length > 2) includeDirs.push(resolvePath(io.cwd, a.slice(2)));
    else if (a === '--namespace') {
      defaultNamespace = args[++i];
      if (defaultNamespace === undefined) throw new UsageError('--namespace needs a name');
    } else if (a === '--os') {
      os = args[++i];
      if (os === undefined) throw new UsageError('--os needs a Windows version (2019, 23h2)');
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0 && defaultNamespace === undefined) throw new UsageError('model: no MOF file given (or --namespace for a bundled one)');
  if (files.length > 0 && os !== undefined) throw new UsageError('--os chooses a bundled snapshot: give it with --namespace and no files');

  const bundled = files.length === 0;
  const result = bundled
    ? await loadBundled(defaultNamespace!, os, io.cwd)
    : (await import('../../model/cim/load.js')).loadMofFiles(expandInputs(files, io.cwd, recursive), { strict, includeDirs, ...(defaultNamespace !== undefined ? { defaultNamespace } : {}) });
  // A bundled snapshot's files are named after it (`windows-23h2-root-cimv2/…`), not paths.
  const display = (file: string): string => {
    if (bundled) return file;
    const r = relative(io.cwd, file);
    return r.startsWith('..') ? file : r;
  };
  let errors = 0;
  for (const d of result.diagnostics) {
    if (d.severity === 'error') errors++;
    // Code frames for errors; warnings (frequent in WMI mode) stay one line each.
    const text = d.location && d.severity === 'error' ? result.sources.get(d.location.file) : undefined;
    const shown = d.location ? { ...d, location: { ...d.location, file: display(d.location.file) } } : d;
    io.stderr(formatDiagnostic(shown, text) + '\n');
  }
  if (errors > 0) {
    io.stderr(`wmigen: ${errors} error${errors === 1 ? '' : 's'}; no model printed\n`);
    return 1;
  }
  if (json) {
    io.stdout(schemaToJson(result.schema, display) + '\n');
    return 0;
  }
  const c = countSchema(result.schema);
  io.stdout(
    `namespaces: ${c.namespaces}\nqualifier types: ${c.qualifierTypes}\nclasses: ${c.classes}\ninstances: ${c.instances}\n` +
      `properties: ${c.properties}\nmethods: ${c.methods}\n`,
  );
  for (const ns of result.schema.namespaces) {
    io.stdout(`  ${ns.name}: ${ns.qualifierTypes.length} qualifier types, ${ns.classes.length} classes, ${ns.instances.length} instances\n`);
  }
  return 0;
}

/** The bundled snapshot of a namespace, loaded as generation loads it (precompiled or cached model). */
async function loadBundled(namespace: string, os: string | undefined, cwd: string): Promise<Pick<MofLoadResult, 'schema' | 'diagnostics' | 'sources'>> {
  const { chooseBundledSnapshot } = await import('../os-option.js');
  const { loadSnapshot } = await import('../../sources/load.js');
  const { userModelCacheDir } = await import('../../sources/model-cache.js');
  const choice = chooseBundledSnapshot(namespace, os);
  const loaded = await loadSnapshot(choice.entry, undefined, { cacheDir: userModelCacheDir(cwd) });
  return { schema: loaded.schema, diagnostics: [...loaded.diagnostics], sources: loaded.sources };
}
