import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateTestBindings } from './bindings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), 'bindings');

describe('test bindings', () => {
  it('are what the generator writes for the fixture MOF', async () => {
    const result = generateTestBindings();
    expect(result.files.length).toBeGreaterThan(1);
    for (const f of result.files) await expect(f.text).toMatchFileSnapshot(join(root, f.path));
  });
});
