/**
 * `wmigen model <file.mof>... [--json] [--strict] [-I dir]... [--namespace ns]`: loads and
 * resolves MOF files and prints the model's counts (or, with `--json`, the whole model).
 * Diagnostics go to stderr with a code frame; any error makes the exit status 1 and
 * nothing is printed on stdout (never a partial model).
 */

import { relative } from 'node:path';
import { resolve as resolvePath } from 'node:path';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { countSchema, schemaToJson } from '../../model/cim/json.js';
import { loadMofFiles } from '../../model/cim/load.js';
import { UsageError, type CommandIo } from '../main.js';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const files: string[] = [];
  const includeDirs: string[] = [];
  let json = false;
  let strict = false;
  let defaultNamespace: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') json = true;
    else if (a === '--strict') strict = true;
    else if (a === '-I' || a === '--include') {
      const d = args[++i];
      if (d === undefined) throw new UsageError(`${a} needs a directory`);
      includeDirs.push(resolvePath(io.cwd, d));
    } else if (a.startsWith('-I') && a.length > 2) includeDirs.push(resolvePath(io.cwd, a.slice(2)));
    else if (a === '--namespace') {
      defaultNamespace = args[++i];
      if (defaultNamespace === undefined) throw new UsageError('--namespace needs a name');
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else files.push(a);
  }
  if (files.length === 0) throw new UsageError('model: no MOF file given');

  const result = loadMofFiles(
    files.map((f) => resolvePath(io.cwd, f)),
    { strict, includeDirs, ...(defaultNamespace !== undefined ? { defaultNamespace } : {}) },
  );
  const display = (file: string): string => {
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
