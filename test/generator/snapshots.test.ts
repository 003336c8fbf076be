/**
 * Every bundled snapshot (schemas/index.json) loads without errors, generates, and its
 * whole output type-checks under --strict. (cim-2.51 has its own test: full-schema.test.ts.)
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateCimBindings } from '../../generator/cim/generate.js';
import { defaultSnapshotFor, listSnapshots, loadSnapshot } from '../../sources/load.js';
import { typecheckPaths } from './typecheck.js';

const snapshots = listSnapshots().filter((s) => s.name !== 'cim-2.51');

describe('bundled snapshots', () => {
  it('have one default per namespace at most, and a file each', () => {
    const defaults = new Map<string, number>();
    for (const s of listSnapshots()) if (s.default) defaults.set(s.namespace.toLowerCase(), (defaults.get(s.namespace.toLowerCase()) ?? 0) + 1);
    for (const [ns, n] of defaults) expect(n, ns).toBe(1);
    expect(defaultSnapshotFor('ROOT\\CIMV2')).toBeDefined();
  });

  it.each(snapshots.map((s) => [s.name, s] as const))('%s generates and type-checks', { timeout: 900_000 }, async (_, entry) => {
    const loaded = await loadSnapshot(entry);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const result = generateCimBindings(loaded.schema, { namespaces: [entry.namespace], source: loaded.label });
    expect(result.classCount).toBeGreaterThan(0);
    const dir = mkdtempSync(join(tmpdir(), 'wmigen-snap-'));
    try {
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}');
      const roots = result.files.map((f) => {
        const p = join(dir, f.path);
        mkdirSync(dirname(p), { recursive: true });
        writeFileSync(p, f.text);
        return p;
      });
      expect(typecheckPaths(roots).slice(0, 10)).toEqual([]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
