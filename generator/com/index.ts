/**
 * IDL file → COM bindings text: load the import closure, build the COM model, emit the
 * declarations of the root file, format with the repository's prettier settings.
 */

import { basename } from 'node:path';
import { loadIdl, type LoadOptions } from '../../grammar/idl/load.js';
import { buildComModel } from '../../model/com/build.js';
import { emitComBindings } from './emit.js';

export { emitComBindings } from './emit.js';

/** Formats generated TypeScript with prettier, configured as the repository is. */
export async function formatGenerated(text: string, outputPath: string): Promise<string> {
  const prettier = await import('prettier');
  const config = (await prettier.resolveConfig(outputPath)) ?? {};
  return prettier.format(text, { ...config, parser: 'typescript' });
}

/** Generates the bindings of `idlPath`, formatted for `outputPath`. */
export async function generateComBindings(idlPath: string, outputPath: string, options: LoadOptions = {}): Promise<string> {
  const model = buildComModel(loadIdl(idlPath, options));
  return formatGenerated(emitComBindings(model, { file: basename(idlPath) }), outputPath);
}
