/**
 * `tsc --strict` over the whole generated DMTF CIM 2.51 schema (1,894 classes): every
 * module and the namespace index, compiled in one program by the TypeScript compiler API.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCimBindings } from '../../generator/cim/generate.js';
import { findSnapshot, loadSnapshot } from '../../sources/load.js';
import { typecheckPaths } from './typecheck.js';

describe('the whole CIM 2.51 schema', () => {
  it('generates 1,894 modules that type-check under --strict', { timeout: 900_000 }, async () => {
    const loaded = await loadSnapshot(findSnapshot('cim-2.51'));
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = generateCimBindings(loaded.schema, { namespaces: ['root\\cimv2'], source: loaded.label });
    expect(result.classCount).toBe(1894);
    expect(result.diagnostics).toEqual([]);
    const dir = mkdtempSync(join(tmpdir(), 'wmigen-cim251-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      const roots = result.files.map((f) => {
        const p = join(dir, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.text);
        return p;
      });
      const errors = typecheckPaths(roots);
      expect(errors.slice(0, 20)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
