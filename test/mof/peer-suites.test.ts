/**
 * The peer MOF-compiler suites in ../shared/corpus/mof-tests (pywbem, OpenPegasus cimmof,
 * Microsoft OMI, Kingsland.MofParser), as one table: every valid case must load with no
 * error and the expected content; every invalid case must be rejected with an error on the
 * expected line. Cases we deliberately do not follow are marked `deviation` and listed in
 * docs/mof.md with the reason; their test pins our behaviour.
 *
 * Where a peer compiles into a repository that already holds the DMTF qualifier
 * declarations (or the CIM schema), the case preloads them from the CIM 2.51 schema.
 */
import { readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { decodeMofBytes } from '../../grammar/mof/index.js';
import { mofLexer } from '../../grammar/mof/tokens.js';
import { loadMofFiles, loadMofText, type MofLoadOptions, type MofLoadResult } from '../../model/cim/load.js';
import { findClass, findProperty, qualifierValue } from '../../model/cim/lookup.js';
import type { CimInstance, CimValue } from '../../model/cim/types.js';
import { corpusPath, hasCorpus } from '../corpus.js';

const T = (...p: string[]): string => corpusPath('mof-tests', ...p);
const CIM = (...p: string[]): string => corpusPath('mof/cim-schema-2.51.0', ...p);
const pywbem = (f: string): string => T('pywbem/tests/unittest/pywbem/testmofs', f);
const pegCmd = (f: string): string => T('openpegasus/pegasus/src/Pegasus/Compiler/cmdline/tests', f);
const pegInv = (f: string): string => T('openpegasus/pegasus/src/Pegasus/Compiler/tests/invalidMOF', f);
const omi = (f: string): string => T('omi/Unix', f);

const QUALIFIERS = (): string[] => [CIM('qualifiers.mof'), CIM('qualifiers_optional.mof')];
const SCHEMA = (): string[] => [CIM('cim_schema_2.51.0.mof')];

interface Case {
  readonly name: string;
  /** Files loaded in order (preloads first); the last one is the case. */
  readonly files: () => string[];
  readonly options?: MofLoadOptions;
  /** `ok`, or the 1-based line of an expected error in the case file (`file` overrides which file). */
  readonly expect: 'ok' | { readonly line: number; readonly file?: string; readonly message?: RegExp };
  /** More checks on the result. */
  readonly check?: (r: MofLoadResult) => void;
  /** This case deliberately differs from the peer's outcome (see docs/mof.md). */
  readonly deviation?: string;
}

const strict: MofLoadOptions = { strict: true };
const errors = (r: MofLoadResult) => r.diagnostics.filter((d) => d.severity === 'error');
const show = (r: MofLoadResult): string => r.diagnostics.map((d) => formatDiagnostic(d)).join('\n');

// ---------------------------------------------------------------- Pegasus *.master readers

/** `<INSTANCE CLASSNAME=..>` blocks of a cimmof XML dump: property name → values (strings). */
function readInstanceMaster(path: string): { className: string; props: Map<string, string[] | null> }[] {
  const xml = readFileSync(path, 'utf8').replace(/<QUALIFIER[\s\S]*?<\/QUALIFIER>/g, '');
  const out: { className: string; props: Map<string, string[] | null> }[] = [];
  for (const m of xml.matchAll(/<INSTANCE\s+CLASSNAME="([^"]+)"\s*>([\s\S]*?)<\/INSTANCE>/g)) {
    const props = new Map<string, string[] | null>();
    for (const p of m[2].matchAll(/<PROPERTY(\.ARRAY)?\s+NAME="([^"]+)"[^>]*>([\s\S]*?)<\/PROPERTY(?:\.ARRAY)?>/g)) {
      const values = [...p[3].matchAll(/<VALUE>([\s\S]*?)<\/VALUE>/g)].map((v) => unxml(v[1]));
      const isArray = p[1] !== undefined;
      props.set(p[2].toLowerCase(), isArray ? (p[3].includes('<VALUE.ARRAY>') ? values : null) : values.length ? values : null);
    }
    out.push({ className: m[1], props });
  }
  return out;
}

function unxml(s: string): string {
  return s.replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&amp;/g, '&');
}

/** Formats a model value as cimmof's XML writes it. */
function xmlValue(v: CimValue): string {
  if (v === true) return 'TRUE';
  if (v === false) return 'FALSE';
  if (typeof v === 'object' && v !== null && !Array.isArray(v) && (v as { kind: string }).kind === 'bigint') return (v as { value: string }).value;
  return String(v);
}

function compareInstances(mine: readonly CimInstance[], masterPath: string): void {
  const master = readInstanceMaster(masterPath);
  expect(mine.length).toBe(master.length);
  master.forEach((mi, i) => {
    const inst = mine[i];
    expect(inst.className.toLowerCase()).toBe(mi.className.toLowerCase());
    const given = new Map(Object.entries(inst.properties).map(([k, v]) => [k.toLowerCase(), v]));
    for (const [name, values] of mi.props) {
      const v = given.get(name);
      if (values === null) {
        expect(v ?? null, `${mi.className}[${i}].${name}`).toBeNull();
      } else if (Array.isArray(v)) {
        expect(v.map(xmlValue), `${mi.className}[${i}].${name}`).toEqual(values);
      } else {
        expect(v === undefined ? undefined : [xmlValue(v)], `${mi.className}[${i}].${name}`).toEqual(values);
      }
    }
  });
}

// ---------------------------------------------------------------- the table

const cases: Case[] = [
  // pywbem: data files
  {
    name: 'pywbem testmofs/qualifiers.mof',
    files: () => [pywbem('qualifiers.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => expect(r.schema.namespaces[0].qualifierTypes.length).toBeGreaterThan(40),
  },
  {
    name: 'pywbem testmofs/test_types.mof (every CIM type)',
    files: () => [pywbem('test_types.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => {
      const c = r.schema.namespaces[0].classes.find((x) => x.properties.length > 10)!;
      const types = new Set(c.properties.map((p) => p.type));
      for (const t of ['uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64', 'real32', 'real64', 'string', 'boolean', 'datetime', 'char16']) {
        expect(types.has(t as never), t).toBe(true);
      }
    },
  },
  {
    name: 'pywbem testmofs/test_instance.mof',
    files: () => [pywbem('test_instance.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => expect(r.schema.namespaces[0].instances.length).toBe(4),
  },
  {
    name: 'pywbem testmofs/test_refs.mof (DMTF qualifiers preloaded)',
    files: () => [...QUALIFIERS(), pywbem('test_refs.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => {
      const c = findClass(r.schema, 'ex_moreComposed')!;
      expect(c.isAssociation).toBe(true);
      expect(c.properties.map((p) => [p.name, p.type, p.refClass])).toEqual([
        ['ex_composedof1', 'reference', 'ex_composedof'],
        ['ex_composedof2', 'reference', 'ex_composedof'],
      ]);
      expect(r.schema.namespaces[0].instances.length).toBe(3);
    },
  },
  {
    name: 'pywbem test.mof (over CIM 2.51)',
    files: () => [...SCHEMA(), T('pywbem/tests/unittest/pywbem/test.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => expect(findClass(r.schema, 'PyWBEM_Person')!.ancestors[0]).toBe('CIM_Person'),
  },
  {
    name: 'pywbem schema/OpenPegasus/PG_Namespace.mof (over CIM 2.51)',
    files: () => [...SCHEMA(), T('pywbem/tests/schema/OpenPegasus/PG_Namespace.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => expect(findClass(r.schema, 'PG_Namespace')!.superclass).toBe('CIM_Namespace'),
  },
  {
    name: 'pywbem simple_mock_model.mof',
    files: () => [T('pywbem/tests/unittest/simple_mock_model.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => expect(r.schema.namespaces[0].instances.length).toBe(3),
  },
  { name: 'pywbem parse_error01.mof (missing ;)', files: () => [pywbem('parse_error01.mof')], options: strict, expect: { line: 16 } },
  { name: 'pywbem parse_error02.mof (int32 is no CIM type)', files: () => [pywbem('parse_error02.mof')], options: strict, expect: { line: 6 } },
  { name: 'pywbem parse_error03.mof (stray })', files: () => [pywbem('parse_error03.mof')], options: strict, expect: { line: 24 } },
  {
    name: 'pywbem parse_error04.mof (end of input)',
    files: () => [pywbem('parse_error04.mof')],
    options: strict,
    expect: { line: 2, message: /Unexpected end of MOF/ },
  },

  // OpenPegasus cmdline/tests (cimmof compiles into a repository with the DMTF qualifiers)
  ...['ValidMof1.mof', 'ValidMof3.mof', 'Char16.mof'].map(
    (f): Case => ({ name: `Pegasus ${f}`, files: () => [...QUALIFIERS(), pegCmd(f)], options: strict, expect: 'ok' }),
  ),
  {
    name: 'Pegasus ValidMof2.mof (instance of ValidMof1 class with defaults)',
    files: () => [...QUALIFIERS(), pegCmd('ValidMof1.mof'), pegCmd('ValidMof2.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => {
      const inst = r.schema.namespaces[0].instances[0];
      expect(inst.properties).toMatchObject({ Propertysint8: -1, Propertyreal32: 1.2, Propertyboolean: false, DriveLetter: 'C' });
    },
  },
  ...(['ValidMof4', 'ValidMof5', 'ValidMof6'] as const).map(
    (f): Case => ({
      name: `Pegasus ${f}.mof against ${f}.instances.master`,
      files: () => [...QUALIFIERS(), pegCmd(`${f}.mof`)],
      options: strict,
      expect: 'ok',
      check: (r) => compareInstances(r.schema.namespaces[0].instances, pegCmd(`${f}.instances.master`)),
    }),
  ),
  {
    name: 'Pegasus ValidMof7.mof (association inherited) against ValidMof7.A/B.master',
    files: () => [...QUALIFIERS(), pegCmd('ValidMof7.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => {
      const a = findClass(r.schema, 'A')!;
      const b = findClass(r.schema, 'B')!;
      expect(a.superclass).toBe('B');
      expect(a.isAssociation && b.isAssociation).toBe(true);
      for (const c of [a, b]) {
        expect(c.properties.map((p) => [p.name, p.refClass, p.classOrigin, p.isKey, p.inherited])).toEqual([
          ['Antecedent', 'C', 'B', true, c === a],
          ['Dependent', 'C', 'B', true, c === a],
        ]);
      }
      expect(qualifierValue(a, 'Description')).toBe(' ');
    },
  },
  {
    name: 'Pegasus ValidMof8.mof (MinValue/MaxValue) against ValidMof8a/b/c.master',
    files: () => [...QUALIFIERS(), pegCmd('ValidMof8.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => {
      const q = (c: string) => findProperty(findClass(r.schema, c)!, 'A1L')!;
      expect([qualifierValue(q('ValidMof8a'), 'MinValue'), qualifierValue(q('ValidMof8a'), 'MaxValue')]).toEqual([0, 1]);
      expect([qualifierValue(q('ValidMof8b'), 'MinValue'), qualifierValue(q('ValidMof8b'), 'MaxValue')]).toEqual([0, undefined]);
      expect([qualifierValue(q('ValidMof8c'), 'MinValue'), qualifierValue(q('ValidMof8c'), 'MaxValue')]).toEqual([0, null]);
    },
  },
  {
    name: 'Pegasus ValidMof4a.mof: a property given twice in one instance',
    files: () => [...QUALIFIERS(), pegCmd('ValidMof4a.mof')],
    options: strict,
    expect: { line: 71, message: /given twice/ },
    deviation: 'cimmof keeps the last value; DSP0004 and pywbem reject a duplicate property value',
  },
  {
    name: 'Pegasus ValidMof4b.mof: undefined escapes \\` \\a \\Xx',
    files: () => [...QUALIFIERS(), pegCmd('ValidMof4b.mof')],
    options: strict,
    expect: { line: 52, message: /escape/ },
    check: (r) => expect(errors(r).map((d) => d.location!.line)).toEqual([52, 66, 72]),
    deviation: 'cimmof passes unknown escapes through; DSP0004 defines only \\b \\t \\n \\f \\r \\" \\\' \\\\ \\x and pywbem rejects others',
  },
  {
    name: 'Pegasus assoc_1557.mof (over CIM 2.51)',
    files: () => [...SCHEMA(), pegCmd('assoc_1557.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => expect(r.schema.namespaces[0].instances.length).toBeGreaterThan(0),
  },
  { name: 'Pegasus InvalidMof1.mof ([nokey] not declared)', files: () => [...QUALIFIERS(), pegCmd('InvalidMof1.mof')], options: strict, expect: { line: 32, message: /nokey/ } },

  // OpenPegasus tests/
  {
    name: 'Pegasus CompAssoc.mof',
    files: () => [...QUALIFIERS(), T('openpegasus/pegasus/src/Pegasus/Compiler/tests/CompAssoc/CompAssoc.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => expect(r.schema.namespaces[0].classes.filter((c) => c.isAssociation).length).toBe(1),
  },
  {
    name: 'Pegasus InstAlias.mof (aliases as references, over CIM 2.51)',
    files: () => [...SCHEMA(), T('openpegasus/pegasus/src/Pegasus/Compiler/tests/InstAlias/InstAlias.mof')],
    options: strict,
    expect: 'ok',
    check: (r) => {
      const insts = r.schema.namespaces[0].instances;
      expect(insts.filter((i) => i.alias !== undefined).length).toBeGreaterThan(2);
      expect(insts.some((i) => Object.values(i.properties).some((v) => typeof v === 'object' && v !== null && (v as { kind?: string }).kind === 'alias'))).toBe(true);
    },
  },
  {
    name: 'Pegasus qualifierDecl/testqualifiers.mof',
    files: () => [T('openpegasus/pegasus/src/Pegasus/Compiler/tests/qualifierDecl/testqualifiers.mof')],
    options: strict,
    expect: 'ok',
  },
  ...[
    ['badQualifierDecl1.mof', 4],
    ['badQualifierDecl2.mof', 4],
    ['badQualifierDecl3.mof', 4],
    ['badQualifierDecl5.mof', 4],
    ['badQualifierDecl6.mof', 4],
    ['badQualifierDecl10.mof', 3],
    ['badQualifierDecl11.mof', 3],
    ['badQualifierDecl12.mof', 3],
    ['badQualifierDecl13.mof', 3],
    ['badQualifierDecl15.mof', 4],
    ['badQualifierDecl16.mof', 3],
    ['badQualifierDecl20.mof', 3],
    ['badQualifierDef1.mof', 12],
    ['badQualifier1.mof', 12],
    ['InstAliasError.mof', 33],
    ['InstAliasError2.mof', 31],
    ['InstAliasError3.mof', 31],
  ].map(([f, line]): Case => ({ name: `Pegasus invalidMOF/${f}`, files: () => [pegInv(f as string)], options: strict, expect: { line: line as number } })),
  {
    name: 'Pegasus invalidMOF/badClassDefinition1.mof: its opening /* is never closed',
    files: () => [pegInv('badClassDefinition1.mof')],
    options: strict,
    expect: { line: 1, message: /unterminated comment/ },
    deviation: 'cimmof reports the undeclared qualifier on line 9; the file opens a /* comment it never closes, so for DSP0004 the whole file is one unterminated comment',
  },
  {
    name: 'Pegasus badClassDefinition1 with its comment closed: the undeclared qualifier on line 9',
    files: () => [pegInv('badClassDefinition1.mof')],
    options: {
      strict: true,
      readFile: (p) => Buffer.from(readFileSync(p, 'utf8').replace('invalidQualifier\n', 'invalidQualifier */\n')),
    },
    expect: { line: 9, message: /badQualifierName is not declared/ },
  },
  {
    name: 'Pegasus invalidMOF/InstAliasError2.mof over InstAlias classes (undefined alias)',
    files: () => [...QUALIFIERS(), T('openpegasus/pegasus/src/Pegasus/Compiler/tests/InstAlias/InstAlias.mof'), pegInv('InstAliasError2.mof')],
    options: strict,
    expect: { line: 47, message: /NonExistent_Alias/ },
  },
  {
    name: 'Pegasus invalidMOF/InstAliasError3.mof over InstAlias classes (duplicate alias)',
    files: () => [...QUALIFIERS(), T('openpegasus/pegasus/src/Pegasus/Compiler/tests/InstAlias/InstAlias.mof'), pegInv('InstAliasError3.mof')],
    options: strict,
    expect: { line: 39, message: /defined twice/ },
  },
  ...['badQualifierDecl4.mof', 'badQualifierDecl14.mof'].map(
    (f): Case => ({ name: `Pegasus invalidMOF/${f} (extra spaces are legal)`, files: () => [pegInv(f)], options: strict, expect: 'ok' }),
  ),
  ...[
    ['InvalidPragma1.mof', /Pragma "junkname" not implemented/],
    ['InvalidPragma2.mof', /locale value "junkvalue" not defined/],
  ].map(
    ([f, re]): Case => ({
      name: `Pegasus invalidMOF/${f as string} (a warning, not an error)`,
      files: () => [pegInv(f as string)],
      options: strict,
      expect: 'ok',
      check: (r) => expect(r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.message).join('\n')).toMatch(re as RegExp),
    }),
  ),

  // Microsoft OMI
  {
    name: 'OMI tests/mof/quals.mof',
    files: () => [omi('tests/mof/quals.mof')],
    options: strict,
    expect: 'ok',
  },
  {
    name: 'OMI tests/mof/classes.mof: nested instance values naming undeclared properties',
    files: () => [omi('tests/mof/classes.mof')],
    options: strict,
    expect: { line: 457, message: /no property A/ },
    check: (r) => {
      expect(errors(r).map((d) => d.location!.line)).toEqual([457, 458]);
      // Everything else in the file is modelled: flavors, ToInstance, overrides, datetimes.
      expect(findClass(r.schema, 'YourClass')!.keys).toEqual(['MyKey']);
      const foo = findClass(r.schema, 'YourClass')!.methods[0];
      expect(foo.parameters.map((p) => [p.name, p.in, p.out])).toEqual([['Arg1', true, false], ['Arg2', true, true], ['Arg3', false, true]]);
    },
    deviation: 'OMI does not check the properties of nested `instance of` values; we check them like top-level instances',
  },
  { name: 'OMI tests/mof/syntaxerror.mof', files: () => [omi('tests/mof/syntaxerror.mof')], options: strict, expect: { line: 97 } },
  { name: 'OMI codec/mof/parser/wmiqualifiers.mof', files: () => [omi('codec/mof/parser/wmiqualifiers.mof')], options: strict, expect: 'ok' },
  { name: 'OMI tests/base/schema.mof (WMI mode)', files: () => [omi('tests/base/schema.mof')], expect: 'ok' },
  { name: 'OMI tests/codec/mof/blue/schema.mof (WMI mode)', files: () => [omi('tests/codec/mof/blue/schema.mof')], expect: 'ok' },
  ...[
    ['dmtftypes.mof'],
    ['dmtftypes.mof', 'dmtftypes_instancemaxvalue.mof'],
    ['dmtftypes.mof', 'dmtftypes_instanceminvalue.mof'],
    ['dscschema.mof', 'dscinstance.mof'],
    ['mintschema.mof', 'mintinstance.mof'],
  ].map(
    (fs): Case => ({
      name: `OMI codec/mof/blue/mofs/${fs.join(' + ')}`,
      files: () => fs.map((f) => omi(`tests/codec/mof/blue/mofs/${f}`)),
      // dmtftypes.mof includes OMI's "QuaLIFIErs.mof" (not in the corpus): the DMTF declarations stand in.
      options: { readFile: (p) => (/qualifiers\.mof$/i.test(p) && p.includes('blue') ? readFileSync(CIM('qualifiers.mof')) : readFileSync(p)) },
      expect: 'ok',
      check: (r) => {
        if (fs.length > 1) expect(r.schema.namespaces[0].instances.length).toBeGreaterThan(0);
      },
    }),
  ),
];

describe.runIf(hasCorpus)('peer MOF suites', () => {
  for (const c of cases) {
    it(c.name + (c.deviation ? ' [deviation]' : ''), () => {
      const files = c.files();
      const r = loadMofFiles(files, c.options);
      if (c.expect === 'ok') {
        expect(errors(r), show(r)).toEqual([]);
      } else {
        const target = c.expect.file ?? files[files.length - 1];
        const errs = errors(r);
        expect(r.ok).toBe(false);
        const { line, message } = c.expect;
        const hit = errs.find((d) => d.location?.file === target && d.location.line === line && (message === undefined || message.test(d.message)));
        expect(hit, show(r)).toBeDefined();
      }
      c.check?.(r);
    });
  }
});

// ---------------------------------------------------------------- Kingsland.MofParser

describe.runIf(hasCorpus)('Kingsland.MofParser lexing case MyServer.mof (UTF-16LE, BOM, CRLF)', () => {
  it('produces the expected significant tokens at the expected offsets', () => {
    const dir = T('kingsland-mofparser/src/Kingsland.MofParser.UnitTests/Lexing/TestCases');
    const text = decodeMofBytes(readFileSync(join(dir, 'MyServer.mof')));
    const expected = (JSON.parse(readFileSync(join(dir, 'MyServer.json'), 'utf8').replace(/^\uFEFF/, '')) as {
      $values: { $type: string; Extent: { StartPosition: { Position: number }; Text: string } }[];
    }).$values
      .filter((t) => !/WhitespaceToken|CommentToken/.test(t.$type))
      .map((t) => [t.Extent.StartPosition.Position, t.Extent.Text]);
    const mine = mofLexer.tokenize(text).tokens.map((t) => [t.startOffset, t.image]);
    expect(mine).toEqual(expected);
    // And it loads as a DSC instance document (its classes live in the DSC engine).
    const r = loadMofText(text, basename(join(dir, 'MyServer.mof')));
    expect(errors(r).every((d) => d.code === 'MOF2030')).toBe(true);
  });
});
