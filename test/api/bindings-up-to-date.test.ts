import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { generateTestBindings } from './bindings.js';

const root = join(dirname(fileURLToPath(import.meta.url)), 'bindings');

describe('test bindings', () => {
  it('are what the generator writes for the fixture MOF', () => {
    const result = generateTestBindings();
    for (const f of result.files) {
      const target = join(root, f.path);
      if (process.env.WMIGEN_UPDATE) {
        mkdirSync(dirname(target), { recursive: true });
        writeFileSync(target, f.text);
      }
      expect(readFileSync(target, 'utf8')).toBe(f.text);
    }
  });
});
