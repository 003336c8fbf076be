/**
 * `wmigen model <files>...`: prints a resolved model. `.idl` inputs go to the IDL
 * front-end (COM model), everything else to the MOF front-end (CIM model).
 */

import type { CommandIo } from '../main.js';

/** Options whose value may follow as the next argument (`-I dir`, `-D NAME`). */
const OPTIONS_WITH_VALUE = new Set(['-I', '-D', '--include', '--define']);

/** The positional arguments: input files, leaving out options and their values. */
export function inputFiles(args: readonly string[]): string[] {
  const inputs: string[] = [];
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (OPTIONS_WITH_VALUE.has(a)) i++;
    else if (!a.startsWith('-')) inputs.push(a);
  }
  return inputs;
}

export async function run(args: string[], io: CommandIo): Promise<number> {
  const inputs = inputFiles(args);
  const isIdl = inputs.length > 0 && inputs.every((a) => /\.(idl|h)$/i.test(a));
  const command = isIdl ? await import('./model-idl.js') : await import('./model-mof.js');
  return command.run(args, io);
}
