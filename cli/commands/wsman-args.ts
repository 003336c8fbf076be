/**
 * The WS-Management options of the commands that reach other hosts (`wmigen query --host`,
 * `wmigen --live --host`): parsing, and the provider options they give. The password comes
 * from the environment variable `--password-env` names or a prompt, never from argv.
 */

import type { WsmanProviderOptions } from '@wmigen/runtime/wsman';
import { UsageError, type CommandIo } from '../main.js';

export interface WsmanArgs {
  hosts: string[];
  transport: 'wsman' | undefined;
  user: string | undefined;
  passwordEnv: string | undefined;
  auth: 'basic' | 'negotiate' | undefined;
  https: boolean;
  port: number | undefined;
  insecureHttp: boolean;
  ca: string | undefined;
  servername: string | undefined;
  timeoutMs: number | undefined;
  concurrency: number | undefined;
  /** Options given that only make sense with --host. */
  given: string[];
}

export function emptyWsmanArgs(): WsmanArgs {
  return {
    hosts: [],
    transport: undefined,
    user: undefined,
    passwordEnv: undefined,
    auth: undefined,
    https: false,
    port: undefined,
    insecureHttp: false,
    ca: undefined,
    servername: undefined,
    timeoutMs: undefined,
    concurrency: undefined,
    given: [],
  };
}

function positiveInteger(option: string, text: string | undefined, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(text);
  if (text === undefined || !Number.isInteger(n) || n <= 0 || n > max)
    throw new UsageError(`${option} needs a positive integer`);
  return n;
}

/** One WS-Management option at `args[i]`; returns the index of the last argument used, or -1 when it is none. */
export function parseWsmanOption(args: string[], i: number, r: WsmanArgs): number {
  const a = args[i];
  const value = (): string => {
    if (i + 1 >= args.length || args[i + 1].startsWith('--')) throw new UsageError(`${a} needs a value`);
    return args[++i];
  };
  switch (a) {
    case '--host':
      r.hosts.push(value());
      return i;
    case '--transport': {
      const t = value();
      if (t !== 'wsman')
        throw new UsageError(`--transport ${t}: only wsman reaches other hosts (local WMI: --live)`);
      r.transport = t;
      break;
    }
    case '--user':
      r.user = value();
      break;
    case '--password-env':
      r.passwordEnv = value();
      break;
    case '--password':
      throw new UsageError(
        '--password is not taken (argv is visible to every user of the machine): use --password-env VARIABLE',
      );
    case '--auth': {
      const v = value();
      if (v !== 'basic' && v !== 'negotiate') throw new UsageError('--auth takes basic or negotiate');
      r.auth = v;
      break;
    }
    case '--https':
      r.https = true;
      break;
    case '--insecure-http':
      r.insecureHttp = true;
      break;
    case '--port':
      r.port = positiveInteger('--port', value(), 65535);
      break;
    case '--ca':
      r.ca = value();
      break;
    case '--servername':
      r.servername = value();
      break;
    case '--timeout':
      r.timeoutMs = positiveInteger('--timeout', value()) * 1000;
      break;
    case '--concurrency':
      r.concurrency = positiveInteger('--concurrency', value());
      break;
    default:
      return -1;
  }
  r.given.push(a);
  return i;
}

/** Hooks for tests: the password prompt and the environment. */
export interface PasswordHooks {
  readonly env?: NodeJS.ProcessEnv;
  readonly prompt?: (question: string) => Promise<string>;
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
 * prompt on a terminal; a usage error otherwise.
 */
export async function passwordOf(
  a: Pick<WsmanArgs, 'user' | 'passwordEnv'>,
  io: CommandIo,
  hooks: PasswordHooks = {},
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

/**
 * The provider options the arguments give for every host (the host itself and a per-host
 * port come from the host list). Refuses Basic over plain HTTP unless --insecure-http.
 */
export async function wsmanOptions(
  a: WsmanArgs,
  namespace: string,
  io: CommandIo,
  hooks: PasswordHooks = {},
): Promise<Omit<WsmanProviderOptions, 'host'>> {
  if (!a.https && a.auth !== 'negotiate' && a.user !== undefined && !a.insecureHttp)
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
  return {
    user: a.user,
    password,
    auth: a.auth ?? (a.user !== undefined ? 'basic' : undefined),
    https: a.https,
    port: a.port,
    allowUnencrypted: a.insecureHttp,
    namespace,
    tls: ca || a.servername ? { ca, servername: a.servername } : undefined,
  };
}
