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

export interface RemoteQueryArgs {
  readonly wql: string;
  readonly hosts: readonly string[];
  readonly transport: 'wsman';
  readonly user: string | undefined;
  readonly passwordEnv: string | undefined;
  readonly auth: 'basic' | 'negotiate' | undefined;
  readonly https: boolean;
  readonly port: number | undefined;
  readonly insecureHttp: boolean;
  readonly namespace: string;
  readonly json: boolean;
  /** PEM file of CAs trusted for HTTPS (in place of Node's bundled roots). */
  readonly ca: string | undefined;
  /** The name the server's certificate must carry, when it is not the host name. */
  readonly servername: string | undefined;
  readonly timeoutMs: number | undefined;
  readonly concurrency: number | undefined;
}

/** Hooks for tests: the password prompt and the environment. */
export interface RemoteQueryHooks {
  readonly env?: NodeJS.ProcessEnv;
  readonly prompt?: (question: string) => Promise<string>;
}

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

/** Reads a line from the terminal without echoing it. */
async function promptHidden(question: string): Promise<string> {
  const stdin = process.stdin;
  process.stderr.write(question);
  stdin.setRawMode(true);
  stdin.resume();
  stdin.setEncoding('utf8');
  try {
    return await new Promise<string>((resolve, reject) => {
      let text = '';
      const onData = (chunk: string): void => {
        for (const ch of chunk) {
          if (ch === '\r' || ch === '\n' || ch === '\u0004') {
            stdin.off('data', onData);
            resolve(text);
            return;
          }
          if (ch === '\u0003') {
            stdin.off('data', onData);
            reject(new UsageError('password prompt interrupted'));
            return;
          }
          if (ch === '\u007f' || ch === '\b') text = text.slice(0, -1);
          else text += ch;
        }
      };
      stdin.on('data', onData);
    });
  } finally {
    stdin.setRawMode(false);
    stdin.pause();
    process.stderr.write('\n');
  }
}

/**
 * The password of `--user`: from the environment variable `--password-env` names, else a
 * prompt on a terminal; a usage error otherwise. Shared with `wmigen --live --host`.
 */
export async function passwordOf(
  a: Pick<RemoteQueryArgs, 'user' | 'passwordEnv'>,
  io: CommandIo,
  hooks: RemoteQueryHooks = {},
): Promise<string | undefined> {
  const env = hooks.env ?? process.env;
  if (a.passwordEnv !== undefined) {
    const value = env[a.passwordEnv];
    if (value === undefined)
      throw new UsageError(`--password-env ${a.passwordEnv}: that environment variable is not set`);
    return value;
  }
  if (a.user === undefined) return undefined;
  const prompt = hooks.prompt ?? (process.stdin.isTTY && io.isTTY ? promptHidden : undefined);
  if (!prompt)
    throw new UsageError(
      '--user needs --password-env <VARIABLE> (the password is never read from the command line)',
    );
  return prompt(`Password for ${a.user}: `);
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
  const https = a.https;
  if (!https && a.auth !== 'negotiate' && a.user !== undefined && !a.insecureHttp)
    throw new UsageError(
      'Basic authentication over HTTP sends the password unencrypted: add --https, or --insecure-http to allow it',
    );
  const password = await passwordOf(a, io, hooks);
  let ca: Buffer | undefined;
  if (a.ca !== undefined) {
    const { readFileSync } = await import('node:fs');
    const { resolve } = await import('node:path');
    ca = readFileSync(resolve(io.cwd, a.ca));
  }
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
    user: a.user,
    password,
    auth: a.auth ?? (a.user !== undefined ? 'basic' : undefined),
    https,
    port: a.port,
    allowUnencrypted: a.insecureHttp,
    namespace: a.namespace,
    tls: ca || a.servername ? { ca, servername: a.servername } : undefined,
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
