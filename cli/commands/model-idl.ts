// Placeholder until the owning module lands; replaced by the real command.
import type { CommandIo } from '../main.js';

export async function run(_args: string[], io: CommandIo): Promise<number> {
  io.stderr('wmigen: the "model-idl" command is not built yet\n');
  return 2;
}
