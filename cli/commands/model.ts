/**
 * `wmigen model <files>...`: prints a resolved model. `.idl` inputs go to the IDL
 * front-end (COM model), everything else to the MOF front-end (CIM model).
 */

import type { CommandIo } from '../main.js';

export async function run(args: string[], io: CommandIo): Promise<number> {
  const inputs = args.filter((a) => !a.startsWith('-'));
  const isIdl = inputs.length > 0 && inputs.every((a) => /\.(idl|h)$/i.test(a));
  const command = isIdl ? await import('./model-idl.js') : await import('./model-mof.js');
  return command.run(args, io);
}
