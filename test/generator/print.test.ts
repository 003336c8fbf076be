/**
 * The generator's structure printer (generator/cim/print-structure.ts) against ts-morph's
 * own `printStructure`: the same text for every module of every bundled schema, the same
 * `StructureKind` values, and ts-morph taking over whatever the printer does not cover.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { StatementStructures } from 'ts-morph';
import { buildClassStructure, emitClassModules, emitClassModulesWithTsMorph } from '../../generator/cim/emit-class.js';
import { planNamespace } from '../../generator/cim/plan.js';
import { Kind, printStatements } from '../../generator/cim/print-structure.js';
import { listSnapshots, loadSnapshot } from '../../sources/load.js';
import { miniProcessSchema } from './model-builders.js';

const { printStructure, StructureKind } = createRequire(import.meta.url)('ts-morph') as typeof import('ts-morph');
const noDocs = (): undefined => undefined;

/** ts-morph's text for statements printed after a line of their own, as the generator cuts it. */
function tsMorphText(statements: StatementStructures[]): string {
  const printed = printStructure({ kind: StructureKind.SourceFile, statements: ['//x', ...statements] }, { indentNumberOfSpaces: 2, useSingleQuote: true });
  return printed.slice('//x'.length).replace(/^\n+/, '').replace(/\n+$/, '\n');
}

describe('structure printer', () => {
  it('uses ts-morph’s StructureKind values', () => {
    expect(Kind).toEqual({
      SourceFile: StructureKind.SourceFile,
      ImportDeclaration: StructureKind.ImportDeclaration,
      ImportSpecifier: StructureKind.ImportSpecifier,
      Interface: StructureKind.Interface,
      PropertySignature: StructureKind.PropertySignature,
      TypeAlias: StructureKind.TypeAlias,
    });
  });

  it('prints imports, interfaces and type aliases as ts-morph does', () => {
    const statements: StatementStructures[] = [
      { kind: Kind.ImportDeclaration, moduleSpecifier: 'rt', namedImports: [{ kind: Kind.ImportSpecifier, name: 'A', isTypeOnly: true }, { kind: Kind.ImportSpecifier, name: 'b' }] },
      { kind: Kind.ImportDeclaration, isTypeOnly: true, moduleSpecifier: './X.js', namedImports: ['X', 'Y'] },
      { kind: Kind.ImportDeclaration, moduleSpecifier: './side.js' },
      { kind: Kind.Interface, name: 'Empty', isExported: true },
      { kind: Kind.Interface, name: 'E2', extends: ['Omit<X, \'a\' | \'b\'>', 'Y'], docs: ['One line.'] },
      {
        kind: Kind.Interface,
        name: 'P',
        isExported: true,
        extends: ['X'],
        properties: [
          { name: 'a', type: 'string | null', isReadonly: true, docs: ['Doc ends with space '] },
          { name: "'b-c'", type: "ObjectPath<'X'>", hasQuestionToken: true },
          { name: 'd' },
        ],
      },
      { kind: Kind.TypeAlias, name: 'K', isExported: true, type: "Pick<P, 'a'>", docs: ['Keys.'] },
      { kind: Kind.TypeAlias, name: 'L', type: 'number' },
      { kind: Kind.Interface, name: 'Last', properties: [{ name: 'x', type: 'bigint' }] },
    ];
    expect(printStatements(statements, noDocs)).toBe(tsMorphText(statements).replace(/ \{\n\}\n/g, ' {}\n'));
  });

  it('leaves to ts-morph what it does not print', () => {
    const cases: StatementStructures[][] = [
      [{ kind: Kind.Interface, name: 'M', methods: [{ name: 'f' }] }],
      [{ kind: Kind.Interface, name: 'T', typeParameters: ['U'] }],
      [{ kind: Kind.TypeAlias, name: 'S', type: "'it\\'s'" }],
      [{ kind: Kind.Interface, name: 'N', properties: [{ name: 'a', type: '{\n  x: 1 }' }] }],
      [{ kind: Kind.ImportDeclaration, moduleSpecifier: 'm', defaultImport: 'D' }],
      [{ kind: Kind.Interface, name: 'D', docs: [{ description: 'structured' }] }],
      [{ kind: StructureKind.Enum, name: 'E' }],
    ];
    for (const statements of cases) expect(printStatements(statements, noDocs), JSON.stringify(statements)).toBeUndefined();
  });

  it('gives every module of the test schema the text ts-morph gives', () => {
    const plan = planNamespace(miniProcessSchema().namespaces[0]);
    const options = { runtimeModule: '@wmigen/runtime', source: 'x.mof' };
    expect(emitClassModules(plan.classes, () => options)).toEqual(emitClassModulesWithTsMorph(plan.classes, () => options));
  });

  it.each(listSnapshots().map((s) => [s.name, s] as const))('gives every module of %s the text ts-morph gives', { timeout: 300_000 }, async (_, entry) => {
    const loaded = await loadSnapshot(entry);
    const ns = loaded.schema.namespaces.find((n) => n.name.toLowerCase() === entry.namespace.toLowerCase()) ?? loaded.schema.namespaces[0];
    const plan = planNamespace(ns);
    const optionsOf = (cp: (typeof plan.classes)[number]): { runtimeModule: string; source: string } => ({ runtimeModule: '@wmigen/runtime', source: loaded.label(cp.cls) });
    // The generator's printer covers every structure (no module went to ts-morph)…
    const fallbacks = plan.classes.filter((cp) => printStatements(buildClassStructure(cp, optionsOf(cp)).statements as StatementStructures[], noDocs) === undefined);
    expect(fallbacks.map((cp) => cp.cls.name)).toEqual([]);
    // …and prints what ts-morph prints.
    const fast = emitClassModules(plan.classes, optionsOf);
    const reference = emitClassModulesWithTsMorph(plan.classes, optionsOf);
    expect(fast.length).toBe(plan.classes.length);
    for (let i = 0; i < fast.length; i++) if (fast[i] !== reference[i]) expect(fast[i], plan.classes[i].cls.name).toBe(reference[i]);
  });
});
