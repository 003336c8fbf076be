/**
 * `wmigen model <file.idl> [-I dir]... [-D name[=value]]... [--json] [--bindings]`:
 * loads the IDL import closure and prints the COM model: a summary by default, the
 * whole model as JSON with `--json`, or the generated TypeScript bindings of the file
 * with `--bindings`. Input errors print as file:line:col with a code frame.
 */

import type { CommandIo } from '../main.js';
import { UsageError } from '../main.js';
import { IdlError } from '../../grammar/idl/errors.js';
import { defaultDefines, loadIdl } from '../../grammar/idl/load.js';
import { buildComModel } from '../../model/com/build.js';
import type { ComModel } from '../../model/com/types.js';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { isAbsolute, join } from 'node:path';

interface Options {
  inputs: string[];
  includeDirs: string[];
  defines: Record<string, string>;
  json: boolean;
  bindings: boolean;
}

function parseArgs(args: string[], cwd: string): Options {
  const o: Options = { inputs: [], includeDirs: [], defines: { ...defaultDefines }, json: false, bindings: false };
  const abs = (p: string) => (isAbsolute(p) ? p : join(cwd, p));
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--json') o.json = true;
    else if (a === '--bindings') o.bindings = true;
    else if (a === '-I' || a === '--include') {
      const dir = args[++i];
      if (!dir) throw new UsageError(`${a} needs a directory`);
      o.includeDirs.push(abs(dir));
    } else if (a.startsWith('-I')) o.includeDirs.push(abs(a.slice(2)));
    else if (a === '-D' || a.startsWith('-D')) {
      const def = a === '-D' ? args[++i] : a.slice(2);
      if (!def) throw new UsageError('-D needs name[=value]');
      const eq = def.indexOf('=');
      if (eq < 0) o.defines[def] = '1';
      else o.defines[def.slice(0, eq)] = def.slice(eq + 1);
    } else if (a.startsWith('-')) throw new UsageError(`unknown option ${a}`);
    else o.inputs.push(abs(a));
  }
  if (o.inputs.length !== 1) throw new UsageError('wmigen model takes exactly one .idl file');
  return o;
}

function summary(m: ComModel): string {
  const lines: string[] = [`${m.root}: ${m.files.length} files in the import closure`];
  for (const i of m.interfaces.filter((x) => x.file === m.root)) {
    lines.push(`interface ${i.name}${i.base ? ` : ${i.base}` : ''} {${i.iid ?? 'no uuid'}} vtable ${i.vtableStart}..${i.vtableLength - 1} (${i.vtableLength} entries)`);
    for (const meth of i.methods) lines.push(`  [${meth.slot}] ${meth.name}(${meth.params.map((p) => `${p.direction} ${p.idlType}${'*'.repeat(p.pointerDepth)} ${p.name}`).join(', ')})`);
  }
  for (const e of m.enums.filter((x) => x.file === m.root)) lines.push(`enum ${e.name}: ${e.members.length} members`);
  for (const c of m.coclasses.filter((x) => x.file === m.root)) lines.push(`coclass ${c.name} {${c.clsid ?? 'no uuid'}}`);
  return lines.join('\n') + '\n';
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const o = parseArgs(args, io.cwd);
  const input = o.inputs[0];
  try {
    const program = loadIdl(input, { includeDirs: o.includeDirs, defines: o.defines });
    const model = buildComModel(program);
    for (const n of model.notes) if (n.severity !== 'note' || !o.json) io.stderr(formatDiagnostic(n) + '\n');
    if (o.bindings) {
      const { emitComBindings } = await import('../../generator/com/emit.js');
      io.stdout(emitComBindings(model, { file: model.root }));
    } else if (o.json) io.stdout(JSON.stringify(model, null, 2) + '\n');
    else io.stdout(summary(model));
    return 0;
  } catch (err) {
    if (err instanceof IdlError) {
      // The message already holds file:line:col and the code frame.
      io.stderr(`${err.message}\n`);
      return 1;
    }
    throw err;
  }
}
