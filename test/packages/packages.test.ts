/**
 * The seams of the package split: the runtime package (`@wmigen/runtime`, built into
 * runtime/dist with its own copy of the shared modules) and the generator package
 * (`wmigen`) must understand each other's errors, and the WQL grammar the runtime ships
 * must not pull the MOF grammar along. Needs the build (`npm test` builds first).
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { WmigenError } from '../../grammar/diagnostics.js';
import { MofSyntaxError } from '../../model/cim/errors.js';
import { WbemError } from '../../runtime/errors.js';
import { repoRoot } from '../corpus.js';

/** Relative imports of a module and of what it imports, as repository paths. */
function importClosure(entry: string): Set<string> {
  const seen = new Set<string>();
  const visit = (file: string): void => {
    if (seen.has(file)) return;
    seen.add(file);
    const text = readFileSync(join(repoRoot, file), 'utf8');
    // Type-only imports and exports are erased from the JavaScript: they do not count.
    const statements = text.matchAll(
      /^(?:import|export)(\s+type\b)?[^;]*?from\s*'(\.{1,2}\/[^']+)\.js'|\bimport\(\s*'(\.{1,2}\/[^']+)\.js'\s*\)/gms,
    );
    for (const m of statements) {
      if (m[1]) continue;
      visit(resolve('/', dirname(file), `${m[2] ?? m[3]}.ts`).slice(1));
    }
  };
  visit(entry);
  return seen;
}

describe('the runtime package and the generator package', () => {
  it("recognize each other's errors although each has its own copy of the error classes", async () => {
    const runtimeCopy = (await import(
      join(repoRoot, 'runtime/dist/runtime/errors.js')
    )) as typeof import('../../runtime/errors.js');
    const foreign = runtimeCopy.WbemError.fromHResult(0x80041002, 'GetObject', 'no such object');
    expect(runtimeCopy.WbemError).not.toBe(WbemError);
    expect(foreign instanceof WmigenError).toBe(true);
    expect(foreign instanceof WbemError).toBe(true);
    expect(foreign instanceof MofSyntaxError).toBe(false);
    expect(new MofSyntaxError('x') instanceof runtimeCopy.WbemError).toBe(false);
    expect({ message: 'plain' } instanceof WmigenError).toBe(false);
    expect(new Error('plain') instanceof WmigenError).toBe(false);
  });

  it('have the same version, and the generator depends on the runtime at exactly that version', () => {
    const root = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));
    const runtime = JSON.parse(readFileSync(join(repoRoot, 'runtime', 'package.json'), 'utf8'));
    expect(runtime.name).toBe('@wmigen/runtime');
    expect(runtime.version).toBe(root.version);
    expect(root.dependencies['@wmigen/runtime']).toBe(root.version);
    for (const heavy of ['typescript', 'ts-morph', 'prettier'])
      expect(runtime.dependencies).not.toHaveProperty(heavy);
  });

  it('ship a WQL grammar that does not import the MOF grammar', () => {
    const closure = [...importClosure('grammar/wql/parser.ts')];
    expect(closure).toContain('grammar/chevrotain.ts');
    expect(closure.filter((f) => f.startsWith('grammar/mof/'))).toEqual([]);
  });

  it('give the runtime package no import of the generator, the CLI or the MOF loader', () => {
    const runtimeEntries = ['runtime/index.ts', 'runtime/memory/index.ts', 'runtime/services.ts'];
    const closure = new Set(runtimeEntries.flatMap((e) => [...importClosure(e)]));
    const forbidden = [...closure].filter((f) =>
      /^(generator|cli|templates)\/|^model\/cim\/load\.ts$|^grammar\/mof\//.test(f),
    );
    expect(forbidden).toEqual([]);
  });
});
