/**
 * `wmigen query "<WQL>" [--mof <file|dir>... | --schema <name> | --os 2019|23h2 | --live] [--namespace ns] [--json] [--max-events n]`
 * `wmigen query "<WQL>" --host a,b,c [--transport wsman] [--user U --password-env VAR] [--auth basic|negotiate]
 *   [--https] [--port n] [--insecure-http] [--ca file.pem] [--servername name] [--timeout s] [--concurrency n] [--namespace ns] [--json]`
 *
 * Runs a WQL query against the in-memory provider loaded from MOF files (classes and
 * `instance of` declarations) or a bundled schema (`wmigen --list-schemas`; classes only,
 * so queries are checked and return no rows), the bundled per-OS snapshot of `--namespace`
 * (`--os`, the newest Windows when only `--namespace` is given), or against live WMI with `--live` (Windows,
 * or Wine), and prints the rows as a table or, with `--json`, as a JSON array (values in WMI's wire
 * form: uint64 as decimal strings, datetimes as DMTF strings). Event queries print each
 * event as it arrives (JSON lines with `--json`) until interrupted or `--max-events`.
 *
 * With `--host`, the query runs on every host over WS-Management (query-remote.ts).
 *
 * Exit codes: 0 rows printed (possibly none), 1 invalid WQL (with its position), bad MOF
 * or a WMI error (with `--host`: some host failed), 2 usage errors.
 */

import { formatDiagnostic, WmigenError, type Diagnostic } from '../../grammar/diagnostics.js';
import type { CimSchema } from '../../model/cim/types.js';
import { checkNamespaceSpelling, didYouMean, sameNamespace } from '../namespaces.js';
import { INTRINSIC_INSTANCE_EVENTS } from '../../grammar/wql/ast.js';
import { WqlSyntaxError } from '../../grammar/wql/errors.js';
import { parseWql } from '../../grammar/wql/parser.js';
import { WbemError, type WireObject, type WireValue, type WmiProvider } from '@wmigen/runtime';
import { UsageError, type CommandIo } from '../main.js';
import type { RemoteQueryArgs } from './query-remote.js';
import { emptyWsmanArgs, parseWsmanOption, type WsmanArgs } from './wsman-args.js';

interface QueryArgs {
  wql: string;
  mof: string[];
  schema: string | undefined;
  /** A Windows version: the bundled per-OS snapshot of the namespace. */
  os: string | undefined;
  live: boolean;
  /** Default: the bundled schema's namespace, else root\cimv2. */
  namespace: string | undefined;
  json: boolean;
  maxEvents: number;
  /** `--host` and the WS-Management options that go with it. */
  remote: WsmanArgs;
}

function parseArgs(args: string[]): QueryArgs {
  const out: QueryArgs = {
    wql: '',
    mof: [],
    schema: undefined,
    os: undefined,
    live: false,
    namespace: undefined,
    json: false,
    maxEvents: Infinity,
    remote: emptyWsmanArgs(),
  };
  let wql: string | undefined;
  let used: number;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--mof') {
      let any = false;
      while (i + 1 < args.length && !args[i + 1].startsWith('--')) {
        out.mof.push(args[++i]);
        any = true;
      }
      if (!any) throw new UsageError('--mof needs at least one file');
    } else if (a === '--schema') {
      if (i + 1 >= args.length) throw new UsageError('--schema needs a bundled schema name (see wmigen --list-schemas)');
      out.schema = args[++i];
    } else if (a === '--os') {
      if (i + 1 >= args.length) throw new UsageError('--os needs a Windows version (2019, 23h2)');
      out.os = args[++i];
    } else if (a === '--live') out.live = true;
    else if (a === '--json') out.json = true;
    else if (a === '--namespace') {
      if (i + 1 >= args.length) throw new UsageError('--namespace needs a value');
      out.namespace = args[++i];
    } else if (a === '--max-events') {
      const n = Number(args[++i]);
      if (!Number.isInteger(n) || n <= 0)
        throw new UsageError('--max-events needs a positive integer');
      out.maxEvents = n;
    } else if (a.startsWith('--') && (used = parseWsmanOption(args, i, out.remote)) >= 0) {
      i = used;
    } else if (a.startsWith('--')) throw new UsageError(`unknown option ${a}`);
    else if (wql === undefined) wql = a;
    else throw new UsageError(`unexpected argument ${JSON.stringify(a)} (quote the whole query)`);
  }
  if (wql === undefined) throw new UsageError('query needs a WQL statement');
  if (out.remote.hosts.length > 0) {
    if (out.live || out.mof.length > 0 || out.schema !== undefined)
      throw new UsageError('--host queries remote hosts: leave out --mof, --schema and --live');
    out.wql = wql;
    return out;
  }
  if (out.remote.given.length > 0)
    throw new UsageError(`${out.remote.given[0]} needs --host`);
  const sources = Number(out.live) + Number(out.mof.length > 0) + Number(out.schema !== undefined);
  if (sources > 1 || (sources === 1 && out.os !== undefined) || (sources === 0 && out.os === undefined && out.namespace === undefined))
    throw new UsageError('give one of --mof <files>, --schema <name> or --namespace <ns> [--os version] (in-memory), or --live');
  out.wql = wql;
  return out;
}

/** The schema of `--mof` or `--schema`, or null when it has errors (printed). */
async function loadSchema(a: QueryArgs, io: CommandIo): Promise<{ schema: CimSchema; namespace: string } | null> {
  const sources = await import('../../sources/load.js');
  const { bundledNamespaces } = await import('../../sources/bundled.js');
  const known = bundledNamespaces();
  if (a.namespace !== undefined) checkNamespaceSpelling(a.namespace, known);
  let loaded: { schema: CimSchema; diagnostics: readonly Diagnostic[]; sources: ReadonlyMap<string, string> };
  let namespace = a.namespace ?? 'root\\cimv2';
  let from: string;
  if (a.schema !== undefined) {
    const entry = sources.findSnapshot(a.schema);
    loaded = await sources.loadSnapshot(entry);
    namespace = a.namespace ?? entry.namespace;
    from = `the bundled schema ${entry.name}`;
  } else if (a.mof.length === 0) {
    const { chooseBundledSnapshot, describeChoice } = await import('../os-option.js');
    const { userModelCacheDir } = await import('../../sources/model-cache.js');
    const choice = chooseBundledSnapshot(namespace, a.os);
    loaded = await sources.loadSnapshot(choice.entry, undefined, { cacheDir: userModelCacheDir(io.cwd) });
    from = `the bundled snapshot of ${describeChoice(choice)}`;
  } else {
    const { loadMofFiles } = await import('../../model/cim/load.js');
    const { expandInputs } = await import('./model-mof.js');
    loaded = loadMofFiles(expandInputs(a.mof, io.cwd, false));
    from = a.mof.join(', ');
  }
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) {
    for (const d of errors)
      io.stderr(
        formatDiagnostic(d, d.location ? loaded.sources.get(d.location.file) : undefined) + '\n',
      );
    return null;
  }
  const found = loaded.schema.namespaces.map((n) => n.name);
  // MOF files of one namespace: that one, unless another is asked for.
  if (a.namespace === undefined && a.schema === undefined && found.length === 1) namespace = found[0];
  if (!found.some((n) => sameNamespace(n, namespace))) {
    throw new WmigenError(
      `namespace ${namespace} is not in ${from}, which has ${found.join(', ') || 'none'}${didYouMean(namespace, [...found, ...known])}`,
    );
  }
  return { schema: loaded.schema, namespace };
}

async function openProvider(a: QueryArgs, io: CommandIo): Promise<WmiProvider | null> {
  if (a.live) {
    const { connect } = await import('@wmigen/runtime');
    return (await connect({ namespace: a.namespace ?? 'root\\cimv2' })).provider;
  }
  const loaded = await loadSchema(a, io);
  if (!loaded) return null;
  const { createMemoryProvider } = await import('@wmigen/runtime/memory');
  return createMemoryProvider({ schema: loaded.schema, namespace: loaded.namespace });
}

function cell(v: WireValue | undefined): string {
  if (v === null || v === undefined) return '';
  if (Array.isArray(v)) return `{${v.map(cell).join(', ')}}`;
  if (typeof v === 'object') {
    const o = v as WireObject;
    return `${o.className}{${Object.entries(o.properties)
      .filter(([, x]) => x !== null)
      .map(([k, x]) => `${k}=${cell(x)}`)
      .join(', ')}}`;
  }
  return String(v).replace(/[\r\n\t]/g, ' ');
}

/** A plain text table: one column per property in order of first appearance. */
export function formatTable(rows: readonly WireObject[]): string {
  if (rows.length === 0) return '(no rows)\n';
  const columns: string[] = [];
  const mixed = new Set(rows.map((r) => r.className)).size > 1;
  if (mixed) columns.push('__CLASS');
  for (const r of rows)
    for (const k of Object.keys(r.properties)) if (!columns.includes(k)) columns.push(k);
  if (columns.length === 0) columns.push('__CLASS');
  const cells = rows.map((r) =>
    columns.map((c) => (c === '__CLASS' ? r.className : cell(r.properties[c]))),
  );
  const widths = columns.map((c, i) =>
    Math.min(60, Math.max(c.length, ...cells.map((row) => row[i].length))),
  );
  const line = (values: string[]) =>
    values
      .map((v, i) => (v.length > widths[i] ? v.slice(0, widths[i] - 1) + '…' : v.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  return (
    [line(columns), line(widths.map((w) => '-'.repeat(w))), ...cells.map(line)].join('\n') +
    `\n(${rows.length} row${rows.length === 1 ? '' : 's'})\n`
  );
}

function toJson(o: WireObject): Record<string, unknown> {
  return { __CLASS: o.className, __PATH: o.path, ...o.properties };
}

function remoteArgs(a: QueryArgs): RemoteQueryArgs {
  return { ...a.remote, wql: a.wql, namespace: a.namespace ?? 'root\\cimv2', json: a.json };
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const a = parseArgs(args);
  let query;
  try {
    query = parseWql(a.wql);
  } catch (e) {
    if (e instanceof WqlSyntaxError) {
      io.stderr(`wmigen: ${e.describe()}\n`);
      return 1;
    }
    throw e;
  }
  if (a.remote.hosts.length > 0) {
    const isEvent =
      query.kind === 'select' &&
      INTRINSIC_INSTANCE_EVENTS.some((e) => e.toLowerCase() === query.className.toLowerCase());
    if (isEvent) throw new UsageError('event queries on --host are not supported; run them on one host from code');
    const { runRemoteQuery } = await import('./query-remote.js');
    return runRemoteQuery(remoteArgs(a), io);
  }
  const provider = await openProvider(a, io);
  if (!provider) return 1;
  try {
    const isEvent =
      query.kind === 'select' &&
      INTRINSIC_INSTANCE_EVENTS.some((e) => e.toLowerCase() === query.className.toLowerCase());
    if (isEvent) {
      const ac = new AbortController();
      const onSigint = () => ac.abort();
      process.once('SIGINT', onSigint);
      let n = 0;
      try {
        for await (const e of provider.execNotificationQuery(a.wql, { signal: ac.signal })) {
          io.stdout(a.json ? JSON.stringify(toJson(e)) + '\n' : formatTable([e]));
          if (++n >= a.maxEvents) break;
        }
      } finally {
        process.removeListener('SIGINT', onSigint);
      }
      return 0;
    }
    const rows: WireObject[] = [];
    for await (const r of provider.execQuery(a.wql)) rows.push(r);
    io.stdout(a.json ? JSON.stringify(rows.map(toJson), null, 2) + '\n' : formatTable(rows));
    return 0;
  } catch (e) {
    if (e instanceof WbemError) {
      io.stderr(`wmigen: ${e.message}\n`);
      return 1;
    }
    throw e;
  } finally {
    provider.close();
  }
}
