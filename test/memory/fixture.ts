import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { loadMofText } from '../../model/cim/load.js';
import type { CimSchema } from '../../model/cim/types.js';

export const fixturePath = fileURLToPath(new URL('./fixtures/cimv2-small.mof', import.meta.url));

export function loadFixtureSchema(): CimSchema {
  const result = loadMofText(readFileSync(fixturePath, 'utf8'), fixturePath);
  if (!result.ok) throw new Error(result.diagnostics.map((d) => d.message).join('\n'));
  return result.schema;
}
