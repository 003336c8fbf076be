/**
 * `wmigen diff <a> <b> [--json] [--effective] [--all-qualifiers] [--exit-code]`: what
 * changed between two schemas. `<a>` and `<b>` are MOF files (or folders of them) or
 * bundled snapshot names (`windows-cimv2`, `cim-2.51`); `--live` as `<b>` (or alone after
 * `<a>`) reads live WMI for `--namespace` (default: a's namespace), optionally only
 * `--classes A,B`. `--os <version>` is a side too: the bundled per-OS snapshot of
 * `--namespace` (`wmigen diff --os 2019 --os 23h2 --namespace 'root\cimv2'`). A namespace one
 * version's capture lacks entirely is reported as a gap of the capture (an error), never as
 * every class removed or added.
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

/** A per-OS side: `root\CIMV2 on Windows Server 2019`. */
async function loadOsSide(os: string, namespace: string | undefined, io: CommandIo): Promise<Side> {
  if (namespace === undefined) throw new UsageError('--os in diff needs --namespace (for example --namespace root\\cimv2)');
  const { chooseBundledSnapshot, describeChoice } = await import('../os-option.js');
  const { loadSnapshot } = await import('../../sources/load.js');
  const { userModelCacheDir } = await import('../../sources/model-cache.js');
  const choice = chooseBundledSnapshot(namespace, os);
  const loaded = await loadSnapshot(choice.entry, undefined, { cacheDir: userModelCacheDir(io.cwd) });
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new WmigenError(`${describeChoice(choice)}: ${errors.length} errors in the schema`, errors.slice(0, 20));
  return { schema: loaded.schema, label: describeChoice(choice) };
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  /** The two sides in the order given: file or bundled name, or `--os` version. */
  const sides: Array<{ kind: 'os' | 'named'; value: string }> = [];
  const flags = new Set<string>();
  let namespace: string | undefined;
  let classes: string[] | undefined;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--os') {
      const v = args[++i];
      if (v === undefined) throw new UsageError('--os needs a Windows version (2019, 23h2)');
      sides.push({ kind: 'os', value: v });
    } else if (a === '--namespace' || a === '--classes') {
      const v = args[++i];
      if (v === undefined) throw new UsageError(`${a} needs a value`);
      if (a === '--namespace') namespace = v;
      else classes = v.split(',').map((s) => s.trim()).filter(Boolean);
    } else if (['--json', '--effective', '--all-qualifiers', '--exit-code', '--live'].includes(a)) flags.add(a);
    else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else sides.push({ kind: 'named', value: a });
  }
  if (namespace !== undefined) {
    const { bundledNamespaces } = await import('../../sources/bundled.js');
    checkNamespaceSpelling(namespace, bundledNamespaces());
  }
  const live = flags.has('--live');
  if (sides.length !== (live ? 1 : 2)) throw new UsageError('diff needs two schemas (files, bundled names or --os versions), or one and --live');
  if (sides.some((s) => s.kind === 'os')) {
    const { parseOsOption } = await import('../os-option.js');
    for (const s of sides) if (s.kind === 'os') parseOsOption(s.value);
  }
  const load = (s: (typeof sides)[number]): Promise<Side> => (s.kind === 'os' ? loadOsSide(s.value, namespace, io) : loadSide(s.value, io));
  const a = await load(sides[0]);
  let b: Side;
  if (live) {
    const ns = namespace ?? a.schema.namespaces[0]?.name ?? 'root\\cimv2';
    const sources = await import('../../sources/load.js');
    const loaded = await sources.loadLiveSchema(ns, classes);
    b = { schema: loaded.schema, label: `live WMI ${ns}` };
  } else b = await load(sides[1]);
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
