/**
 * The `wmigen` command. Each subcommand lives in `cli/commands/<name>.ts` and is loaded
 * only when used, so `wmigen query` does not pay for ts-morph and `wmigen model` does not
 * pay for koffi.
 *
 * Exit codes: 0 success, 1 input errors (diagnostics printed), 2 usage errors,
 * 3 drift found by `--check`, 70 internal errors.
 */

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
};

const usage = `Usage: wmigen [generate] --namespace <ns> [--out dir] [--mof <file|dir>...] [--schema <name>] [--live] [--classes A,B]
                       [--target <Windows version>] [--no-class-map] [--check] [--prettier] [--force] [--quiet] [--config file] [--list-schemas]
       wmigen model <file.mof|file.idl>... [-I dir]... [--json]
       wmigen query "<WQL>" [--mof <file>...] [--live] [--namespace ns] [--json]
       wmigen schema from-docs <docs dir> --namespace <ns> --out <file.mof>
       wmigen schema bundle <desktop-src dir> [--out-dir <schemas dir>] [--only name,...] [--check]
       wmigen diff <a> <b|--live> [--live] [--effective] [--all-qualifiers] [--exit-code] [--json] [--namespace ns] [--classes A,B]
`;

export function defaultIo(): CommandIo {
  return {
    stdout: (t) => process.stdout.write(t),
    stderr: (t) => process.stderr.write(t),
    cwd: process.cwd(),
    isTTY: Boolean(process.stderr.isTTY),
  };
}

export async function main(argv: string[], io: CommandIo = defaultIo()): Promise<number> {
  if (argv[0] === '--help' || argv[0] === '-h' || argv[0] === 'help') {
    io.stdout(usage);
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
