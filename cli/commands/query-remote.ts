/**
 * `wmigen query "<WQL>" --host a,b,c --transport wsman …`: one WQL query on many hosts
 * over WS-Management through the runtime's `fleet()`.
 *
 * Output: with `--json`, one JSON line per row as it comes (`{"host":"a","row":{…}}`) and
 * one per failed host (`{"host":"b","error":{"name":"WBEM_E_…","message":"…"}}`), all on
 * stdout so a pipe sees every host's outcome in order; without it, a table with a `host`
 * column once every host is done, failures on stderr. A progress line goes to stderr only
 * when stderr is a terminal. The password comes from the environment variable named by
 * `--password-env`, or from a prompt on a terminal; never from argv.
 *
 * Exit codes: 0 every host answered, 1 some host failed.
 */

import { WbemError, type WireObject } from '@wmigen/runtime';
import type { FleetHost } from '@wmigen/runtime/wsman';
import { UsageError, type CommandIo } from '../main.js';
import { wsmanOptions, type PasswordHooks, type WsmanArgs } from './wsman-args.js';

/** The query, its namespace and output form, and the WS-Management options (wsman-args.ts). */
export interface RemoteQueryArgs extends Readonly<WsmanArgs> {
  readonly wql: string;
  readonly namespace: string;
  readonly json: boolean;
}

/** Hooks for tests: the password prompt and the environment. */
export type RemoteQueryHooks = PasswordHooks;

/** `a,b:5986,[::1]:5985` → FleetHost entries (a host may carry its own port). */
export function parseHostList(list: string): FleetHost[] {
  const hosts: FleetHost[] = [];
  for (const raw of list.split(',')) {
    const item = raw.trim();
    if (item === '') continue;
    const bracket = /^\[([^\]]+)\](?::(\d+))?$/.exec(item);
    const plain = /^([^:]+)(?::(\d+))?$/.exec(item);
    const m = bracket ?? plain;
    if (!m) {
      // A bare IPv6 address (several colons) has no port.
      if (item.split(':').length > 2) hosts.push(item);
      else throw new UsageError(`--host: cannot read ${JSON.stringify(item)} (host or host:port)`);
      continue;
    }
    if (m[2] === undefined) hosts.push(m[1]);
    else {
      const port = Number(m[2]);
      if (!Number.isInteger(port) || port < 1 || port > 65535)
        throw new UsageError(`--host: ${JSON.stringify(item)} has no valid port`);
      hosts.push({ host: m[1], port });
    }
  }
  if (hosts.length === 0) throw new UsageError('--host needs at least one host name');
  return hosts;
}

function rowJson(o: WireObject): Record<string, unknown> {
  return { __CLASS: o.className, __PATH: o.path, ...o.properties };
}

function errorJson(e: WbemError): { name: string; message: string } {
  return { name: e.statusName, message: e.message };
}

/** Runs the query on every host; see the module comment for the output and exit code. */
export async function runRemoteQuery(
  a: RemoteQueryArgs,
  io: CommandIo,
  hooks: RemoteQueryHooks = {},
): Promise<number> {
  const hosts = parseHostList(a.hosts.join(','));
  const options = await wsmanOptions(a, a.namespace, io, hooks);
  const { fleet } = await import('@wmigen/runtime/wsman');
  const total = hosts.length;
  const finished = new Set<string>();
  const failed = new Set<string>();
  let rows = 0;
  const progress = (): void => {
    if (!io.isTTY) return;
    io.stderr(
      `\r\u001b[K${finished.size}/${total} hosts done, ${rows} row${rows === 1 ? '' : 's'}${failed.size ? `, ${failed.size} failed` : ''}`,
    );
  };
  const table: { host: string; row: WireObject }[] = [];
  const errors: { host: string; error: WbemError }[] = [];
  const wql = a.wql;
  progress();
  for await (const item of fleet<WireObject>(hosts, {
    ...options,
    hostTimeoutMs: a.timeoutMs,
    concurrency: a.concurrency,
    run: async function* (provider, host, signal) {
      yield* provider.execQuery(wql, { signal });
      finished.add(host);
    },
  })) {
    if (item.error) {
      finished.add(item.host);
      failed.add(item.host);
      if (a.json) io.stdout(JSON.stringify({ host: item.host, error: errorJson(item.error) }) + '\n');
      else errors.push({ host: item.host, error: item.error });
    } else {
      rows++;
      if (a.json) io.stdout(JSON.stringify({ host: item.host, row: rowJson(item.row) }) + '\n');
      else table.push({ host: item.host, row: item.row });
    }
    progress();
  }
  // The last count stays on the terminal.
  if (io.isTTY) {
    progress();
    io.stderr('\n');
  }
  if (!a.json) {
    const { formatTable } = await import('./query.js');
    io.stdout(
      formatTable(
        table.map(({ host, row }) => ({ ...row, properties: { host, ...row.properties } })),
      ),
    );
    for (const { host, error } of errors) io.stderr(`wmigen: ${host}: ${error.message}\n`);
  }
  return failed.size > 0 ? 1 : 0;
}
