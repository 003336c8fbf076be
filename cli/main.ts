/**
 * The `wmigen` command. Each subcommand lives in `cli/commands/<name>.ts` and is loaded
 * only when used, so `wmigen query` does not pay for ts-morph and `wmigen model` does not
 * pay for koffi.
 *
 * Exit codes: 0 success, 1 input errors (diagnostics printed), 2 usage errors,
 * 3 drift found by `--check`, 70 internal errors.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { WmigenError, formatDiagnostic } from '../grammar/diagnostics.js';

export interface CommandIo {
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
  readonly cwd: string;
  readonly isTTY: boolean;
}

export type Command = (args: string[], io: CommandIo) => Promise<number>;

export class UsageError extends WmigenError {}

const commands: Record<string, () => Promise<{ run: Command }>> = {
  generate: () => import('./commands/generate.js'),
  model: () => import('./commands/model.js'),
  query: () => import('./commands/query.js'),
  schema: () => import('./commands/schema.js'),
  diff: () => import('./commands/diff.js'),
  browse: () => import('./commands/browse.js'),
};

const usage = `Usage: wmigen [generate] --namespace <ns> [--os 2019|23h2] [--out dir] [--mof <file|dir>...] [--schema <name>] [--live] [--classes A,B]
                       [--target <Windows version>] [--no-class-map] [--check] [--prettier] [--force] [--quiet] [--config file] [--list-schemas]
       wmigen --live --host h --transport wsman --user U --password-env VAR [--auth basic|negotiate] [--https] --namespace <ns> [--classes A,B]
       wmigen model <file.mof|dir|file.idl>... [--recursive] [-I dir]... [--json]
       wmigen model --namespace <ns> [--os 2019|23h2] [--json]
       wmigen query "<WQL>" [--mof <file|dir>... | --schema <name> | --os 2019|23h2 | --live] [--namespace ns] [--json]
       wmigen query "<WQL>" --host a,b:port,... [--transport wsman] [--user U --password-env VAR] [--auth basic|negotiate]
                    [--https] [--port n] [--insecure-http] [--ca file.pem] [--servername name] [--timeout s] [--namespace ns] [--json]
       wmigen schema from-docs <docs dir> --namespace <ns> --out <file.mof>
       wmigen schema bundle <desktop-src dir> [--out-dir <schemas dir>] [--only name,...] [--check]
       wmigen schema windows <corpus dir> [--os 2019,23h2] [--namespace ns,...] [--check]
       wmigen diff <a> <b|--live> [--live] [--effective] [--all-qualifiers] [--exit-code] [--json] [--namespace ns] [--classes A,B]
       wmigen diff --os 2019 --os 23h2 --namespace <ns> [--json] [--effective] [--exit-code]
       wmigen browse [--namespace ns,...] [--os v | --mof f... | --schema name] [--port n] [--open] [--out dir]
       wmigen --version | --help
`;

export function defaultIo(): CommandIo {
  // `wmigen model x.mof --json | head`: a reader that stops early is not an error.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(0);
    throw err;
  });
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

/** The version in wmigen's package.json: the nearest one upwards from this module (source or dist). */
export function packageVersion(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 5; i++) {
    const path = join(dir, 'package.json');
    if (existsSync(path)) {
      const pkg = JSON.parse(readFileSync(path, 'utf8')) as { version?: string };
      if (pkg.version) return pkg.version;
    }
    dir = dirname(dir);
  }
  return 'unknown';
}

export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(usage);
    return 0;
  }
  if (argv[0] === '--version' || argv[0] === '-v' || argv[0] === 'version') {
    io.stdout(`wmigen ${packageVersion()}\n`);
    return 0;
  }
  const name = argv[0] && Object.hasOwn(commands, argv[0]) ? argv[0] : 'generate';
  const rest = name === argv[0] ? argv.slice(1) : argv;
  try {
    const { run } = await commands[name]();
    return await run(rest, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`wmigen: ${err.message}\n${usage}`);
      return 2;
    }
    if (err instanceof WmigenError) {
      // A user-facing error: its diagnostics, never a stack trace.
      if (err.diagnostics.length === 0) io.stderr(`wmigen: ${err.message}\n`);
      for (const d of err.diagnostics) io.stderr(formatDiagnostic(d) + '\n');
      return 1;
    }
    // A file or folder the command could not read or write: the path and the reason, one line.
    const { fileSystemReason, isFileSystemError } = await import('../generator/cim/fs-errors.js');
    if (isFileSystemError(err)) {
      io.stderr(`wmigen: ${err.path ?? err.syscall ?? 'file system'}: ${fileSystemReason(err)}\n`);
      return 1;
    }
    throw err;
  }
}
