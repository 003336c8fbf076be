/**
 * Classes are resolved while files are read when everything they name is declared already
 * (so each file's syntax tree can be collected early). The result must be exactly that of
 * resolving everything at the end: these cases are the ones where a later declaration
 * changes an earlier class, and the diagnostic order.
 */
import { describe, expect, it } from 'vitest';
import { parseMof } from '../../grammar/mof/index.js';
import { loadMofText, type MofLoadResult } from '../../model/cim/load.js';
import { DiagnosticSink, MofSource } from '../../model/cim/errors.js';
import { resolveSchema } from '../../model/cim/resolve.js';
import { findClass } from '../../model/cim/lookup.js';

const quals = `
Qualifier Description : string = null, Scope(any);
Qualifier Key : boolean = false, Scope(property), Flavor(DisableOverride, ToSubclass);
Qualifier EmbeddedInstance : string = null, Scope(property, parameter);
`;

/** Everything resolved at the end, from the same productions (no pragmas in these inputs). */
function resolvedAtEnd(text: string, strict: boolean): MofLoadResult {
  const source = new MofSource('test.mof', text);
  const sink = new DiagnosticSink();
  const units = parseMof(text).productions.map((production) => ({ source, namespace: 'root\\cimv2', production }));
  const schema = resolveSchema(units, { strict }, sink);
  return { schema, diagnostics: sink.diagnostics, ok: sink.errorCount === 0, sources: new Map(), tokenCount: 0 };
}

function expectSameAsAtEnd(text: string, strict = true): MofLoadResult {
  const loaded = loadMofText(text, 'test.mof', { strict });
  const atEnd = resolvedAtEnd(text, strict);
  expect(JSON.stringify(loaded.schema)).toBe(JSON.stringify(atEnd.schema));
  expect(loaded.diagnostics).toEqual(atEnd.diagnostics);
  return loaded;
}

const propertyNames = (r: MofLoadResult, cls: string): string[] => findClass(r.schema, cls)!.properties.map((p) => p.name);

describe('resolving while loading gives the same schema as resolving at the end', () => {
  it('a class defined again after a subclass was resolved: the subclass inherits the later definition', () => {
    const r = expectSameAsAtEnd(`${quals} class A { string P; }; class B : A { string Own; }; class A { string Q; };`);
    expect(propertyNames(r, 'B')).toEqual(['Q', 'Own']);
    expect(r.diagnostics.map((d) => d.code)).toEqual(['MOF2002']);
  });

  it('a superclass declared after its subclass', () => {
    const r = expectSameAsAtEnd(`${quals} class B : A { string Own; }; class C : B { }; class A { [Key] string K; };`);
    expect(propertyNames(r, 'C')).toEqual(['K', 'Own']);
    expect(findClass(r.schema, 'C')!.keys).toEqual(['K']);
  });

  it('a qualifier type declared after the class that uses it', () => {
    const r = expectSameAsAtEnd(`${quals} class A { [Late(3)] uint32 P; }; Qualifier Late : uint32 = null, Scope(property);`);
    expect(r.ok).toBe(true);
    expect(findClass(r.schema, 'A')!.properties[0].qualifiers.map((q) => [q.name, q.value])).toEqual([['Late', 3]]);
  });

  it('a qualifier type declared again with another type after a class used it', () => {
    expectSameAsAtEnd(`${quals} Qualifier Size : uint32 = null, Scope(property); class A { [Size(3)] uint32 P; }; Qualifier Size : string = null, Scope(property);`);
  });

  it('a class deleted after a subclass was resolved', () => {
    const text = `${quals} class A { string P; }; class B : A { }; #pragma deleteclass("A", FAIL)`;
    const r = loadMofText(text, 'test.mof', { strict: true });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => d.message)).toEqual(['superclass A of class B is not defined']);
  });

  it('references and embedded instances of classes declared later', () => {
    const r = expectSameAsAtEnd(
      `${quals} class L { B ref Target; [EmbeddedInstance("C")] string Item; }; class B { [Key] string K; }; class C { string V; };`,
    );
    const l = findClass(r.schema, 'L')!;
    expect(l.properties.map((p) => [p.name, p.refClass ?? p.embeddedClass])).toEqual([
      ['Target', 'B'],
      ['Item', 'C'],
    ]);
  });

  it('a class checked as far as a later qualifier type uses the redeclared type of a qualifier it had found', () => {
    // The check finds Size, stops at Late; Size is then declared again before the end.
    const r = expectSameAsAtEnd(
      `${quals} Qualifier Size : uint32 = null, Scope(property); class A { [Size(3), Late] uint32 P; }; Qualifier Size : string = null, Scope(property); Qualifier Late : boolean = false, Scope(property);`,
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['MOF2015', 'MOF2012']);
  });

  it('a member declared twice and a system superclass do not mix up the qualifiers found by the check', () => {
    const r = expectSameAsAtEnd(`${quals} class A { [Description("x")] string P; [Key] string P; [Description("y"), Key] string Q; };`);
    expect(findClass(r.schema, 'A')!.properties.map((p) => [p.name, p.qualifiers.map((q) => q.value)])).toEqual([
      ['P', ['x']],
      ['Q', ['y', true]],
    ]);
    expectSameAsAtEnd(`class Win32_E : __ExtrinsicEvent { [Description("d")] string P; };`, false);
  });

  it('WMI mode: an undeclared qualifier and an unknown superclass are the same as at the end', () => {
    expectSameAsAtEnd(`class Win32_X : Win32_Missing { [Guess(1)] uint32 P; }; class Win32_Y : Win32_X { };`, false);
  });
});

describe('diagnostic order', () => {
  it('syntax errors of later files and declarations still come before class errors', () => {
    const text = `${quals} class A { [Bogus] string P; };\nQualifier Description : uint32 = null, Scope(any), Flavor(Nope);\nclass B { string ; };`;
    const r = loadMofText(text, 'test.mof', { strict: true });
    expect(r.diagnostics.map((d) => [d.location?.line, d.code])).toEqual([
      [7, 'MOF1002'],
      [6, 'MOF2013'],
      [5, 'MOF2010'],
    ]);
  });
});
