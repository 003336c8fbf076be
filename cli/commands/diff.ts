/**
 * `wmigen diff <a> <b> [--json] [--effective] [--all-qualifiers] [--exit-code]`: what
 * changed between two schemas. `<a>` and `<b>` are MOF files (or folders of them) or
 * bundled snapshot names (`windows-cimv2`, `cim-2.51`); `--live` as `<b>` (or alone after
 * `<a>`) reads live WMI for `--namespace` (default: a's namespace), optionally only
 * `--classes A,B`.
 */

import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { WmigenError } from '../../grammar/diagnostics.js';
import { diffSchemas, formatDiff } from '../../model/diff.js';
import type { CimSchema } from '../../model/cim/types.js';
import { UsageError, type CommandIo } from '../main.js';
import { checkNamespaceSpelling } from '../namespaces.js';
import { expandInputs } from './model-mof.js';

interface Side {
  readonly schema: CimSchema;
  readonly label: string;
}

async function loadSide(arg: string, io: CommandIo): Promise<Side> {
  const sources = await import('../../sources/load.js');
  const path = resolve(io.cwd, arg);
  let loaded;
  let label: string;
  if (existsSync(path)) {
    // A folder: its *.mof files, or one line saying it has none.
    if (statSync(path).isDirectory()) expandInputs([arg], io.cwd, false);
    loaded = await sources.loadMofSources([arg], io.cwd, undefined);
    label = arg;
  } else {
    const snapshots = sources.listSnapshots();
    const entry = snapshots.find((s) => s.name.toLowerCase() === arg.toLowerCase());
    if (!entry) {
      throw new WmigenError(`${arg} is neither a file nor a bundled schema (bundled: ${snapshots.map((s) => s.name).join(', ')})`);
    }
    loaded = await sources.loadSnapshot(entry);
    label = `${entry.name} (${entry.namespace})`;
  }
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new WmigenError(`${arg}: ${errors.length} errors in the schema`, errors.slice(0, 20));
  return { schema: loaded.schema, label };
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const positional: string[] = [];
  const flags = new Set<string>();
  let namespace: string | undefined;
  let classes: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--namespace' || a === '--classes') {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === '--namespace') namespace = v;
      else classes = v.split(',').map((s) => s.trim()).filter(Boolean);
    } else if (['--json', '--effective', '--all-qualifiers', '--exit-code', '--live'].includes(a)) flags.add(a);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else positional.push(a);
  }
  if (namespace !== undefined) {
    const { listSnapshots } = await import('../../sources/load.js');
    checkNamespaceSpelling(namespace, listSnapshots().map((s) => s.namespace));
  }
  const live = flags.has('--live');
  if (positional.length !== (live ? 1 : 2)) throw new UsageError('diff needs two schemas (or one and --live)');
  const a = await loadSide(positional[0], io);
  let b: Side;
  if (live) {
    const ns = namespace ?? a.schema.namespaces[0]?.name ?? 'root\\cimv2';
    const sources = await import('../../sources/load.js');
    const loaded = await sources.loadLiveSchema(ns, classes);
    b = { schema: loaded.schema, label: `live WMI ${ns}` };
  } else b = await loadSide(positional[1], io);
  let sa = a.schema;
  let sb = b.schema;
  if (classes) {
    const keep = new Set(classes.map((c) => c.toLowerCase()));
    const only = (s: CimSchema): CimSchema => ({ namespaces: s.namespaces.map((n) => ({ ...n, classes: n.classes.filter((c) => keep.has(c.name.toLowerCase())) })) });
    sa = only(sa);
    sb = only(sb);
  }
  const diff = diffSchemas(sa, sb, { effective: flags.has('--effective'), allQualifiers: flags.has('--all-qualifiers') });
  if (flags.has('--json')) io.stdout(JSON.stringify({ a: a.label, b: b.label, summary: diff.summary, changes: diff.changes }, null, 2) + '\n');
  else io.stdout(formatDiff(diff, { a: a.label, b: b.label }));
  return flags.has('--exit-code') && diff.changes.length > 0 ? 3 : 0;
}
