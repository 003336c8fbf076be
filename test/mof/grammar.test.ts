/**
 * The MOF grammar and resolver on small inputs written for these tests: one case per rule
 * of the issue's grammar list, and the negative categories of the peer suites (pywbem's
 * lexer and flavor errors, OMI's datetime, key and EmbeddedInstance checks).
 */
import { describe, expect, it } from 'vitest';
import { createMofLexer } from '../../grammar/mof/tokens.js';
import { parseMof } from '../../grammar/mof/index.js';
import type { ClassAst } from '../../grammar/mof/ast.js';
import { validateDatetime } from '../../grammar/mof/literals.js';
import { loadMofFiles, loadMofText, loadMofTextOrThrow, MofSemanticError, MofSyntaxError, type MofLoadOptions, type MofLoadResult } from '../../model/cim/load.js';
import { findClass, findProperty, findQualifier, qualifierValue } from '../../model/cim/lookup.js';

const quals = `
Qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);
Qualifier Description : string = null, Scope(any), Flavor(EnableOverride, ToSubclass, Translatable);
Qualifier Abstract : boolean = false, Scope(class, association, indication), Flavor(EnableOverride, Restricted);
Qualifier Association : boolean = false, Scope(association), Flavor(DisableOverride, ToSubclass);
Qualifier EmbeddedInstance : string = null, Scope(property, method, parameter);
Qualifier In : boolean = true, Scope(parameter);
Qualifier Out : boolean = false, Scope(parameter);
Qualifier Static : boolean = false, Scope(property, method);
Qualifier MaxValue : sint64 = null, Scope(property, method, parameter);
Qualifier MinValue : sint64 = null, Scope(property, method, parameter);
Qualifier Values : string[], Scope(property, method, parameter), Flavor(Translatable);
Qualifier Fixed : uint8[4], Scope(any);
`;

const strict: MofLoadOptions = { strict: true };
const load = (text: string, options: MofLoadOptions = strict): MofLoadResult => loadMofText(text, 'test.mof', options);
const loadQ = (text: string, options: MofLoadOptions = strict): MofLoadResult => load(quals + text, options);
const errs = (r: MofLoadResult) => r.diagnostics.filter((d) => d.severity === 'error');
const firstError = (r: MofLoadResult) => errs(r)[0];
const ok = (r: MofLoadResult): MofLoadResult => {
  expect(errs(r).map((d) => `${d.location?.line}: ${d.message}`)).toEqual([]);
  return r;
};
/** Line of `marker` in `text` (1-based), for expectations that survive edits. */
const lineOf = (text: string, marker: string): number => text.slice(0, text.indexOf(marker)).split('\n').length;
const inst = (r: MofLoadResult, i = 0) => r.schema.namespaces[0].instances[i];

describe('lexer', () => {
  it('runs in Chevrotain optimized mode', () => {
    expect(() => createMofLexer(true)).not.toThrow();
  });

  it('matches string literals exactly as the DSP0004 regular expression does (indexOf fast path)', () => {
    // The lexer finds a literal's end with indexOf and remembers where the next backslash,
    // CR and LF are, and makes a run of literals separated by blanks one token; compare it
    // with the plain regular expression of such a run on random texts made of the
    // characters that matter, each lexed twice (the remembered positions must start over).
    const literal = '"[^"\\\\\\r\\n]*(?:\\\\[^\\r\\n][^"\\\\\\r\\n]*)*"';
    const reference = new RegExp(`${literal}(?:[ \\t\\r\\n]*${literal})*`, 'y');
    const alphabet = ['"', '"', '"', '\\', 'a', 'b', ' ', '\n', '\r', ',', 'x'];
    let seed = 12345;
    const rnd = (n: number): number => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    const lexer = createMofLexer(true);
    let checked = 0;
    for (let round = 0; round < 400; round++) {
      const text = Array.from({ length: 1 + rnd(80) }, () => alphabet[rnd(alphabet.length)]).join('');
      for (let pass = 0; pass < 2; pass++) {
        const lexed = lexer.tokenize(text);
        const all = [...lexed.tokens, ...((lexed.groups.errors as typeof lexed.tokens | undefined) ?? [])];
        for (const t of all) {
          if (text[t.startOffset] !== '"') continue;
          reference.lastIndex = t.startOffset;
          const m = reference.exec(text);
          if (m !== null) expect([t.tokenType.name, t.image]).toEqual(['StringLiteral', m[0]]);
          else expect(t.tokenType.name).toBe('UnterminatedString');
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(1000);
    const parsed = parseMof('[D("a\\"b" "c\\\\" "d")] class A { string K; };');
    expect(parsed.problems).toEqual([]);
    expect(JSON.stringify(parsed.productions[0])).toContain(JSON.stringify('a"bc\\d'));
    // A bad escape in a later literal of a run is reported at that literal.
    const run = 'class A { string K = "a"\n   "b\\q"; };';
    expect(parseMof(run).problems.map((p) => p.offset)).toEqual([run.indexOf('"b')]);
    // The run's value is its other literals, unescaped and joined: nothing of the bad one.
    const mixed = 'class A { string K = "a\\tb" "x\\qy" "c\\x41\\x4Z" "" "d\\\\"; };';
    const mixedParsed = parseMof(mixed);
    expect(mixedParsed.problems.map((p) => p.offset)).toEqual([mixed.indexOf('"x')]);
    expect(JSON.stringify(mixedParsed.productions[0])).toContain(JSON.stringify('a\tbcA\u0004Zd\\'));
    // Literals split by comments are one run too, in a class (short path) and in an instance (rules).
    for (const split of ['class A { string K = "a" /* c */ "b\\tc" // x\n "d"; };', 'instance of A { K = "a" /* c */ "b\\tc" // x\n "d"; };']) {
      const parsed = parseMof(split);
      expect(parsed.problems).toEqual([]);
      expect(JSON.stringify(parsed.productions[0])).toContain(JSON.stringify('ab\tcd'));
    }
    // Characters beyond Latin-1, a lone surrogate from \x and a run longer than the run
    // buffer's first size (4,096 code units) come through unchanged.
    const wide = 'class A { string K = "\u0100\u20ac" "\\xD800" "\u00e9\\x20z"; };';
    const wideParsed = parseMof(wide);
    expect(wideParsed.problems).toEqual([]);
    expect((wideParsed.productions[0] as ClassAst).features[0]).toMatchObject({ defaultValue: { t: 'str', v: '\u0100\u20ac\ud800\u00e9 z' } });
    const lines = Array.from({ length: 300 }, (_, i) => `"line ${i} of a long Description\\n"`);
    // Split by a comment: two tokens, the second placed after the first's text, both outgrowing the buffer.
    const longParsed = parseMof(`class A { string K = ${lines.slice(0, 150).join('\n    ')} /* split */ ${lines.slice(150).join('\n    ')}; };`);
    const longValue = Array.from({ length: 300 }, (_, i) => `line ${i} of a long Description\n`).join('');
    expect(longValue.length).toBeGreaterThan(8192);
    expect((longParsed.productions[0] as ClassAst).features[0]).toMatchObject({ defaultValue: { t: 'str', v: longValue } });
    // A run past a million code units: the buffer is let go after it, and the next run is right.
    const huge = 'y'.repeat(1 << 20);
    const hugeParsed = parseMof(`class A { string K = "${huge}" "\\t"; string L = "a\\n" "b"; };`);
    expect((hugeParsed.productions[0] as ClassAst).features.map((f) => (f as { defaultValue: { v: string } }).defaultValue.v)).toEqual([huge + '\t', 'a\nb']);
    const crlf = parseMof('class A { string K = "x\r\n"; };');
    expect(crlf.problems.map((p) => p.message)).toContain('unterminated literal "\\"x"');
  });

  it('keywords and identifiers are case-insensitive; comments anywhere', () => {
    const r = ok(loadQ(`/* c */ [DESCRIPTION /* c */ ("d")] CLASS /* c */ A { [Key] STRING /*c*/ Name; // c
    }; INSTANCE // c
    OF a { NAME = /* c */ "x"; };`));
    expect(findClass(r.schema, 'a')!.name).toBe('A');
    expect(inst(r).properties).toEqual({ Name: 'x' });
  });

  it.each(['09', '008', '2b', '9b', '02B', '0.', '1e', '0x'])('rejects the number %s', (n) => {
    const r = loadQ(`class A { [Key] string K; uint32 V = ${n}; };`);
    expect(firstError(r)?.code).toBe('MOF1003');
  });

  it('rejects a stray character (a%b)', () => {
    const r = loadQ(`class A { [Key] string a%b; };`);
    expect(firstError(r)?.code).toBe('MOF1001');
    expect(firstError(r)?.location?.column).toBeGreaterThan(1);
  });
});

describe('literals', () => {
  it('decimal, hex, octal, binary, real, 64-bit, char16, strings, null, booleans', () => {
    const r = ok(loadQ(`class L { [Key] string K;
      sint32 D = -12; uint32 H = 0x1F; uint32 O = 017; uint8 B = 101b; real64 R = -2.5e3; real32 F = .5;
      uint64 U64 = 18446744073709551615; sint64 S64 = -9223372036854775808; uint64 H64 = 0xFFFFFFFFFFFFFFFF; uint64 B64 = 1111111111111111111111111111111111111111111111111111111111111111B;
      char16 C = 'a'; char16 X = '\\x0041'; char16 E = '\\n';
      string S = "a\\tb\\"c\\\\d" "e" "\\x263A\\X41";
      string N = null; boolean T = TRUE; boolean Fa = false; };`));
    const p = Object.fromEntries(findClass(r.schema, 'L')!.properties.map((x) => [x.name, x.defaultValue]));
    expect(p).toMatchObject({ D: -12, H: 31, O: 15, B: 5, R: -2500, F: 0.5, C: 'a', X: 'A', E: '\n', S: 'a\tb"c\\de\u263AA', N: null, T: true, Fa: false });
    expect(p.U64).toEqual({ kind: 'bigint', value: '18446744073709551615' });
    expect(p.S64).toEqual({ kind: 'bigint', value: '-9223372036854775808' });
    expect(p.H64).toEqual({ kind: 'bigint', value: '18446744073709551615' });
    expect(p.B64).toEqual({ kind: 'bigint', value: '18446744073709551615' });
  });

  it('rejects undefined escapes ("\\xzzzz", "\\q") and bad char16 literals', () => {
    expect(firstError(loadQ(`class A { [Key] string K = "\\xzzzz"; };`))?.message).toMatch(/escape/);
    expect(firstError(loadQ(`class A { [Key] string K = "\\q"; };`))?.message).toMatch(/escape/);
    expect(firstError(loadQ(`class A { [Key] string K; char16 C = 'ab'; };`))?.message).toMatch(/exactly one/);
  });

  it('checks integer ranges and value types', () => {
    expect(firstError(loadQ(`class A { [Key] string K; uint8 V = 256; };`))?.message).toMatch(/out of range for uint8/);
    expect(firstError(loadQ(`class A { [Key] string K; sint8 V = -129; };`))?.message).toMatch(/out of range/);
    expect(firstError(loadQ(`class A { [Key] string K; uint64 V = 18446744073709551616; };`))?.message).toMatch(/out of range/);
    expect(firstError(loadQ(`class A { [Key] string K; boolean V = "true"; };`))?.code).toBe('MOF2022');
    expect(firstError(loadQ(`class A { [Key] string K; string V[] = "x"; };`))?.message).toMatch(/array value/);
    ok(loadQ(`class A { [Key] string K; sint64 V = 0x8000000000000000; sint8 W = 0xFF; };`));
    // Each item of an array of strings is checked where it is written, and kept as written.
    const text = quals + `class A { [Key] string K; uint8 V[] = {"1",\n  "x"}; datetime D[] = {"20110327093000.000000-480", "bad"}; };`;
    const at = (marker: string): [number, number] => {
      const i = text.indexOf(marker);
      return [text.slice(0, i).split('\n').length, i - text.lastIndexOf('\n', i - 1)];
    };
    const r = load(text);
    expect(errs(r).map((d) => [d.location?.line, d.location?.column])).toEqual([at('"1"'), at('"x"'), at('"bad"')]);
    expect(errs(r).map((d) => d.code)).toEqual(['MOF2022', 'MOF2022', 'MOF2036']);
    const a = findClass(r.schema, 'A')!;
    expect([findProperty(a, 'V')?.defaultValue, findProperty(a, 'D')?.defaultValue]).toEqual([['1', 'x'], ['20110327093000.000000-480', 'bad']]);
  });
});

describe('datetime values (OMI categories)', () => {
  it.each([
    ['20110327093000.000000-480', undefined],
    ['12345678121212.123456:000', undefined],
    ['1942**21103300.000000-480', undefined],
    ['20110327093000.******+000', undefined],
    ['20110327093000.1234**+000', undefined],
    ['2011032709300*.000000+000', /second/],
    ['20111327093000.000000-480', /month/],
    ['20110300093000.000000-480', /day/],
    ['20110332093000.000000-480', /day/],
    ['20110327243000.000000-480', /hour/],
    ['20110327096000.000000-480', /minute/],
    ['20110327093061.000000-480', /second/],
    ['2011032709300.0000000-480', /'\.'/],
    ['20110327093000.00a000-480', /microseconds/],
    ['20110327093000.000000*480', /'\+', '-' or ':'/],
    ['20110327093000.000000-4x0', /UTC offset/],
    ['12345678121212.123456:001', /:000/],
    ['12345678241212.123456:000', /hours/],
    ['2011032709300.000000-480', /25 characters/],
    ['abcd0327093000.000000-480', /year/],
  ])('%s', (value, error) => {
    expect(validateDatetime(value)).toEqual(error === undefined ? undefined : expect.stringMatching(error));
  });

  it('are validated in instance values and defaults, arrays included', () => {
    const cls = `class T { [Key] string K; datetime D; datetime DA[]; };\n`;
    ok(loadQ(cls + `instance of T { K = "1"; D = "20110327093000.000000-480"; DA = {"12345678121212.123456:000"}; };`));
    const bad = cls + `instance of T { K = "2";\n DA = {"20110327093000.000000-480", "20111327093000.000000-480"}; };`;
    const r = loadQ(bad);
    expect(firstError(r)?.code).toBe('MOF2036');
    expect(firstError(r)?.location?.line).toBe(lineOf(quals + bad, 'DA = {'));
    expect(firstError(loadQ(`class T { [Key] string K; datetime D = "yesterday"; };`))?.code).toBe('MOF2036');
  });
});

describe('qualifier declarations', () => {
  it('type, array, default, scope, flavor (incl. WMI Amended, ToInstance, NotToSubclass)', () => {
    const r = ok(load(`Qualifier Q1 : string[] = {"a"}, Scope(class, property), Flavor(DisableOverride, Restricted, Translatable);
      Qualifier Q2 : uint8[4], Scope(any);
      Qualifier Q3 : boolean = true, Scope(class), Flavor(Amended, ToInstance, NotToSubclass);
      qualifier Q4 : string, scope(Method, Parameter), flavor(NotToInstance, EnableOverride, ToSubclass);`));
    const ns = r.schema.namespaces[0];
    const q = (n: string) => ns.qualifierTypes.find((x) => x.name === n)!;
    expect(q('Q1')).toMatchObject({ type: 'string', isArray: true, defaultValue: ['a'], scopes: ['class', 'property'], flavor: { overridable: false, toSubclass: false, translatable: true } });
    expect(q('Q2')).toMatchObject({ type: 'uint8', isArray: true, arraySize: 4 });
    expect(q('Q3').flavor).toMatchObject({ amended: true, toInstance: true, toSubclass: false });
    expect(q('Q4').scopes).toEqual(['method', 'parameter']);
  });

  it.each([
    ['conflicting DisableOverride, EnableOverride', 'Flavor(DisableOverride, EnableOverride)', /conflicting/],
    ['conflicting Restricted, ToSubclass', 'Flavor(Restricted, ToSubclass)', /conflicting/],
    ['unknown flavor', 'Flavor(Sticky)', /not a qualifier flavor/],
  ])('rejects %s', (_n, flavor, re) => {
    expect(firstError(load(`Qualifier Q : boolean, Scope(any), ${flavor};`))?.message).toMatch(re);
  });

  it('rejects a bad scope keyword (qualiifier), an empty scope, a missing scope (DMTF) and a non-CIM type', () => {
    expect(firstError(load(`Qualifier Q : boolean, Scope(qualiifier);`))?.message).toMatch(/not a qualifier scope/);
    expect(firstError(load(`Qualifier Q : boolean, Scope();`))?.code).toBe('MOF1002');
    expect(firstError(load(`Qualifier Q : boolean;`))?.message).toMatch(/"scope" definition required/);
    expect(firstError(load(`Qualifier Q : int32, Scope(any);`))?.message).toMatch(/not a CIM data type/);
  });

  it('accepts duplicate qualifier declarations (the later wins), as pywbem does', () => {
    const r = ok(load(`Qualifier Q : string = "a", Scope(any);\nQualifier Q : string = "b", Scope(any);`));
    expect(r.schema.namespaces[0].qualifierTypes[0].defaultValue).toBe('b');
  });

  it("accepts WMI's untyped declaration form in WMI mode only", () => {
    const text = `qualifier read : ToInstance ToSubClass;\nclass A { [read, key] string K; };`;
    const r = ok(load(text, {}));
    expect(findQualifier(findProperty(findClass(r.schema, 'A')!, 'K')!, 'read')!.flavor.toInstance).toBe(true);
    expect(firstError(load(text))?.message).toMatch(/no data type/);
  });
});

describe('qualifier lists and propagation by flavor', () => {
  it('takes flavors after a colon (WMI style)', () => {
    const r = ok(load(`[dynamic: ToInstance, provider("P"): ToSubclass Amended, Description("d") : Amended ToSubclass] class A { [key] string K; };`, {}));
    const c = findClass(r.schema, 'A')!;
    expect(findQualifier(c, 'Dynamic')!.flavor.toInstance).toBe(true);
    expect(findQualifier(c, 'provider')).toMatchObject({ value: 'P', flavor: { amended: true } });
    expect(findQualifier(c, 'description')!.flavor.amended).toBe(true);
  });

  it('ToSubclass qualifiers are inherited, Restricted ones are not, ToInstance reach instances', () => {
    const text = `Qualifier R : string, Scope(class), Flavor(Restricted);
      Qualifier TI : string, Scope(class), Flavor(ToInstance);
      [Abstract, R("r"), TI("t"), Description("base")] class Base { [Key] string K; };
      class Derived : Base { };
      instance of Derived { K = "1"; };`;
    const r = ok(loadQ(text));
    const d = findClass(r.schema, 'Derived')!;
    expect(findQualifier(d, 'R')).toBeUndefined();
    expect(findQualifier(d, 'Abstract')).toBeUndefined();
    expect(d.isAbstract).toBe(false);
    expect(findQualifier(d, 'Description')).toMatchObject({ value: 'base', propagated: true });
    expect(inst(r).qualifiers.map((q) => q.name)).toEqual(['TI']);
  });

  it('enforces DisableOverride: an override with another value is an error, the same value is fine', () => {
    const base = `[Association] class A { [Key] string K; };\n`;
    const bad = base + `[Association(false)] class B : A { };`;
    const r = loadQ(bad);
    expect(firstError(r)?.code).toBe('MOF2014');
    expect(firstError(r)?.location?.line).toBe(lineOf(quals + bad, 'class B'));
    ok(loadQ(base + `[Association(true)] class C : A { };`));
    const keyOverride = `class A { [Key] string K; };\nclass B : A { [Key(false)] string K; };`;
    expect(firstError(loadQ(keyOverride))?.code).toBe('MOF2014');
  });

  it('checks scope and value type of declared qualifiers', () => {
    expect(firstError(loadQ(`[Key] class A { string K; };`))?.code).toBe('MOF2011');
    expect(firstError(loadQ(`class A { [Key("yes")] string K; };`))?.code).toBe('MOF2012');
    expect(firstError(loadQ(`class A { [Key, Key] string K; };`))?.code).toBe('MOF2016');
    // A scalar given for an array qualifier becomes a one-element array.
    const r = ok(loadQ(`class A { [Key, Values("x")] string K; };`));
    expect(qualifierValue(findProperty(findClass(r.schema, 'A')!, 'K')!, 'values')).toEqual(['x']);
  });

  it('undeclared qualifiers: an error in strict mode, inferred in WMI mode (MinimumClient)', () => {
    const text = `[MinimumClient("Windows Vista"), MinimumServer("Windows Server 2008"), Priority(3), Flag] class A { [key] string K; };`;
    expect(firstError(load(text))?.code).toBe('MOF2010');
    const r = ok(load(text, {}));
    const ns = r.schema.namespaces[0];
    expect(ns.qualifierTypes.find((q) => q.name === 'MinimumClient')).toMatchObject({ type: 'string', builtin: true });
    expect(ns.qualifierTypes.find((q) => q.name === 'Priority')).toMatchObject({ type: 'sint64' });
    expect(qualifierValue(findClass(r.schema, 'A')!, 'flag')).toBe(true);
  });
});

describe('classes', () => {
  it('`Ref` as the name of a property or parameter, beside the ref keyword', () => {
    const r = ok(loadQ(`class T { [Key] string K; };
      class A { string Ref; uint32 Data[]; T ref Target; T REF [] Many; T ref Ref2; };
      class B { uint32 Ref[]; uint32 M([In] string Ref, [Out] T ref Out); };
      class C { T ref Ref; };`));
    const shape = (name: string) =>
      findClass(r.schema, name)!.properties.map((p) => `${p.name}:${p.type}${p.isArray ? '[]' : ''}${p.refClass ? `->${p.refClass}` : ''}`);
    expect(shape('A')).toEqual(['Ref:string', 'Data:uint32[]', 'Target:reference->T', 'Many:reference[]->T', 'Ref2:reference->T']);
    expect(shape('B')).toEqual(['Ref:uint32[]']);
    expect(shape('C')).toEqual(['Ref:reference->T']);
    expect(findClass(r.schema, 'B')!.methods[0].parameters.map((p) => `${p.name}:${p.type}`)).toEqual(['Ref:string', 'Out:reference']);
  });

  it('every CIM type, fixed and variable arrays, refs, class-typed embedded objects, methods', () => {
    const r = ok(loadQ(`class Startup { [Key] string K; };
      [Association] class Assoc { [Key] Startup REF Left; [Key] Startup ref Right; };
      [Description("p")] class P {
        [Key] string K; uint8 a; sint8 b; uint16 c; sint16 d; uint32 e; sint32 f; uint64 g; sint64 h;
        real32 i; real64 j; char16 ch; boolean l; datetime m; object n; string Fixed[4]; uint32 Var[];
        Startup ProcessStartupInformation;
        [EmbeddedInstance("Startup")] string Embedded;
        [Static] uint32 Create([In] string CommandLine, [In] Startup Info, [Out] uint32 ProcessId, [In, Out] string Arr[], [In] Startup REF Target);
        void Stop();
      };`));
    const p = findClass(r.schema, 'P')!;
    expect(p.properties.map((x) => x.type)).toEqual([
      'string', 'uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64', 'real32', 'real64', 'char16', 'boolean', 'datetime', 'object', 'string', 'uint32', 'object', 'string',
    ]);
    expect(findProperty(p, 'fixed')).toMatchObject({ isArray: true, arraySize: 4 });
    expect(findProperty(p, 'var')).toMatchObject({ isArray: true });
    expect(findProperty(p, 'ProcessStartupInformation')).toMatchObject({ type: 'object', embeddedClass: 'Startup' });
    expect(findProperty(p, 'Embedded')).toMatchObject({ type: 'string', embeddedClass: 'Startup' });
    const m = p.methods[0];
    expect(m).toMatchObject({ name: 'Create', returnType: 'uint32', isStatic: true });
    expect(m.parameters.map((x) => [x.name, x.type, x.in, x.out, x.isArray, x.embeddedClass ?? x.refClass ?? null])).toEqual([
      ['CommandLine', 'string', true, false, false, null],
      ['Info', 'object', true, false, false, 'Startup'],
      ['ProcessId', 'uint32', false, true, false, null],
      ['Arr', 'string', true, true, true, null],
      ['Target', 'reference', true, false, false, 'Startup'],
    ]);
    expect(p.methods[1].returnType).toBe('void');
    expect(findClass(r.schema, 'Assoc')!.isAssociation).toBe(true);
  });

  it('resolves superclasses declared later, in any order, and keeps overrides in place', () => {
    const r = ok(loadQ(`class C : B { [Description("c")] string P2; string P4; };
      class B : A { string P3; };
      class A { [Key] string K; string P2; };`));
    const c = findClass(r.schema, 'c')!;
    expect(c.ancestors).toEqual(['B', 'A']);
    expect(c.properties.map((p) => [p.name, p.classOrigin, p.inherited])).toEqual([
      ['K', 'A', true], ['P2', 'A', false], ['P3', 'B', true], ['P4', 'C', false],
    ]);
    expect(c.keys).toEqual(['K']);
  });

  it('reports a missing superclass, a cycle, a REF to a missing class, an override of another type', () => {
    expect(firstError(loadQ(`class A : Missing { };`))?.code).toBe('MOF2001');
    expect(errs(loadQ(`class A : B { }; class B : A { };`)).some((d) => d.code === 'MOF2003')).toBe(true);
    expect(firstError(loadQ(`class A { [Key] Missing REF R; };`))?.code).toBe('MOF2020');
    expect(firstError(loadQ(`class A { [Key] string K; }; class B : A { uint32 K; };`))?.code).toBe('MOF2023');
    expect(firstError(loadQ(`class A { [Key] string K; string K; };`))?.code).toBe('MOF2021');
  });

  it('compares member, parameter and qualifier names in any case, non-ASCII letters too', () => {
    // The resolver folds ASCII case in place and falls back to toLowerCase for other letters.
    expect(firstError(loadQ(`class A { [Key] string Name; uint32 nAME; };`))?.code).toBe('MOF2021');
    expect(firstError(loadQ(`class A { [Key] string Kä; uint32 kÄ; };`))?.code).toBe('MOF2021');
    expect(firstError(loadQ(`class A { [Key] string K; uint32 M([In] uint32 Ü, [In] uint32 ü); };`))?.code).toBe('MOF2021');
    expect(errs(loadQ(`class A { [Key] string Kä; uint32 Kb; uint32 kB2; };`))).toEqual([]);
    // An override found across a case difference keeps its place and class origin.
    const r = ok(loadQ(`class A { [Key] string K; uint32 Größe; }; class B : A { uint32 GRÖßE = 3; };`));
    const p = findProperty(findClass(r.schema, 'B')!, 'größe')!;
    expect([p.name, p.classOrigin, p.inherited, p.defaultValue]).toEqual(['GRÖßE', 'A', false, 3]);
    expect(findClass(r.schema, 'B')!.properties.map((x) => x.name)).toEqual(['K', 'GRÖßE']);
  });

  it('EmbeddedInstance naming a missing class is an error in strict mode; names match in any case', () => {
    expect(firstError(loadQ(`class A { [Key, EmbeddedInstance("Nope")] string K; };`))?.code).toBe('MOF2020');
    const r = ok(loadQ(`class Emb { string X; }; class A { [Key, EmbeddedInstance("EMB")] string K; };`));
    expect(findProperty(findClass(r.schema, 'A')!, 'K')!.embeddedClass).toBe('Emb');
  });

  it('a key added in a derived or skip-level class whose ancestor has keys is an error (OMI)', () => {
    const base = `class A { [Key] string K; }; class B : A { }; \n`;
    expect(firstError(loadQ(base + `class C : B { [Key] string K2; };`))?.code).toBe('MOF2024');
    expect(firstError(loadQ(`class A { [Key] string K; };\nclass B : A { [Key] string K2; };`))?.location?.line).toBe(lineOf(quals + `class A { [Key] string K; };\nclass B`, 'class B'));
    ok(loadQ(base + `class C : B { [Key] string K; };`));
  });

  it('a duplicate class is a warning and the later definition wins', () => {
    const r = loadQ(`class A { [Key] string K; };\nclass A { [Key] string K2; };`);
    expect(r.ok).toBe(true);
    expect(r.diagnostics.some((d) => d.code === 'MOF2002' && d.severity === 'warning')).toBe(true);
    expect(findClass(r.schema, 'A')!.keys).toEqual(['K2']);
  });
});

describe('instances', () => {
  const cls = `class X { [Key] string K; uint32 N; X REF Other; string S[]; [EmbeddedInstance("X")] string E; object O; };\n`;

  it('aliases, alias references (forward too), nested instance values, arrays', () => {
    const r = ok(loadQ(cls + `instance of X as $b { K = "b"; Other = $a; };
      instance of X as $a { K = "a"; N = 7; S = {"p", "q"}; E = instance of X { K = "nested"; }; O = $b; };`));
    expect(inst(r, 0)).toMatchObject({ alias: 'b', properties: { K: 'b', Other: { kind: 'alias', name: 'a' } } });
    expect(inst(r, 1).properties.E).toEqual({ kind: 'instance', className: 'X', properties: { K: 'nested' } });
    expect(inst(r, 1).properties.S).toEqual(['p', 'q']);
  });

  it.each([
    ['an undefined alias', `instance of X { K = "1"; Other = $nope; };`, 'MOF2034'],
    ['a duplicate alias', `instance of X as $a { K = "1"; };\ninstance of X as $a { K = "2"; };`, 'MOF2035'],
    ['a duplicate property', `instance of X { K = "1";\n K = "2"; };`, 'MOF2032'],
    ['an undeclared property', `instance of X { K = "1";\n Nope = 2; };`, 'MOF2031'],
    ['a value of the wrong type', `instance of X { K = "1";\n N = "seven"; };`, 'MOF2033'],
    ['an unknown class', `instance of Nope { K = "1"; };`, 'MOF2030'],
    ['a nested instance of an unknown class', `instance of X { K = "1";\n E = instance of Nope { }; };`, 'MOF2030'],
  ])('rejects %s', (_n, text, code) => {
    const r = loadQ(cls + text);
    expect(firstError(r)?.code).toBe(code);
    expect(firstError(r)?.location?.line).toBe((quals + cls + text).split('\n').length);
  });

  it('accepts a duplicate instance (pywbem documents this)', () => {
    ok(loadQ(cls + `instance of X { K = "1"; };\ninstance of X { K = "1"; };`));
  });

  it('WMI system classes are available in WMI mode, only when used', () => {
    const r = ok(load(`instance of __Win32Provider as $P { Name = "P"; CLSID = "{0}"; };\ninstance of __InstanceProviderRegistration { Provider = $P; SupportsGet = TRUE; };`, {}));
    const names = r.schema.namespaces[0].classes.map((c) => c.name);
    expect(names).toContain('__Win32Provider');
    expect(names).not.toContain('__EventFilter');
    expect(findClass(r.schema, '__InstanceProviderRegistration')!.keys).toEqual(['provider']);
    expect(firstError(load(`instance of __Win32Provider { Name = "P"; };`))?.code).toBe('MOF2030');
  });
});

describe('pragmas and namespaces', () => {
  it('namespace forms, relative namespaces, locale, classflags, autorecover', () => {
    const r = ok(load(`#pragma namespace("\\\\\\\\.\\\\root\\\\Sample")
      #pragma autorecover
      #PRAGMA classflags("forceupdate")
      #pragma classflags(64)
      #pragma locale("en_US")
      #pragma instancelocale("ms_409")
      [Key] class InvalidButParsed { };`.replace('[Key] class InvalidButParsed { };', 'class A { };') + `
      #pragma namespace("//./root/other") class B { };
      #pragma namespace("sub") class C { };`, {}));
    expect(r.schema.namespaces.map((n) => [n.name, n.classes.map((c) => c.name)])).toEqual([
      ['root\\other', ['B']],
      ['root\\other\\sub', ['C']],
      ['root\\Sample', ['A']],
    ]);
  });

  it('an unknown pragma is a warning; bad namespace forms are errors', () => {
    const r = load(`#pragma junk("x")\nclass A { };`, {});
    expect(r.ok).toBe(true);
    expect(r.diagnostics[0]).toMatchObject({ severity: 'warning', code: 'MOF1201' });
    for (const bad of [`#pragma namespace()`, `#pragma namespace(root)`, `#pragma namespace("root cimv2")`, `#pragma namespace("")`, `#pragma namespace(42)`]) {
      expect(firstError(load(bad + '\nclass A { };', {}))?.code, bad).toMatch(/MOF1002|MOF1202/);
    }
  });

  it('instance of __Namespace creates the child namespace that a later #pragma namespace selects', () => {
    const r = ok(load(`#pragma namespace("\\\\\\\\.\\\\root")\ninstance of __Namespace { Name = "Fresh"; };\n#pragma namespace("\\\\\\\\.\\\\root\\\\Other")\nclass A { };`, {}));
    expect(r.schema.namespaces.map((n) => n.name)).toEqual(['root', 'root\\Fresh', 'root\\Other']);
    expect(r.schema.namespaces[1].classes).toEqual([]);
  });

  it('#pragma deleteclass removes a class defined earlier', () => {
    const r = ok(load(`class A { }; class B { };\n#pragma deleteclass("A", FAIL)`, {}));
    expect(r.schema.namespaces[0].classes.map((c) => c.name)).toEqual(['B']);
  });

  it('#pragma include is relative to the including file; a missing include is an error', () => {
    const files: Record<string, string> = {
      '/m/top.mof': '#pragma include ("sub/a.mof")\nclass T : A { };',
      '/m/sub/a.mof': '#pragma include("b.mof")\nclass A : B { };',
      '/m/sub/b.mof': 'class B { };',
    };
    const readFile = (p: string): Buffer => {
      if (!(p in files)) throw Object.assign(new Error('no'), { code: 'ENOENT' });
      return Buffer.from(files[p]);
    };
    const r = ok(loadMofFiles(['/m/top.mof'], { readFile }));
    expect(findClass(r.schema, 'T')!.ancestors).toEqual(['A', 'B']);
    files['/m/top.mof'] = '#pragma include ("nope.mof")';
    expect(firstError(loadMofFiles(['/m/top.mof'], { readFile }))).toMatchObject({ code: 'MOF1101', location: { file: '/m/top.mof', line: 1 } });
    files['/m/top.mof'] = '#pragma include ("top.mof")';
    expect(firstError(loadMofFiles(['/m/top.mof'], { readFile }))?.code).toBe('MOF1102');
  });
});

describe('input encodings', () => {
  const text = 'class A {\r\n  [Key] string K; // \u00e9\r\n};\r\nclass B : A { uint32 x = ; };\r\n';
  const bom16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const bom16be = Buffer.from(bom16le).swap16();
  const utf8bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text, 'utf8')]);
  it.each([
    ['UTF-8', Buffer.from(text, 'utf8')],
    ['UTF-8 with BOM', utf8bom],
    ['UTF-16LE with BOM', bom16le],
    ['UTF-16BE with BOM', bom16be],
    ['UTF-16LE without BOM', Buffer.from(text, 'utf16le')],
  ])('%s, CRLF: same classes and the error on the same line', (_n, bytes) => {
    const r = loadMofFiles(['/x.mof'], { readFile: () => bytes });
    expect(firstError(r)?.location).toMatchObject({ line: 4, column: 26 });
  });
});

describe('errors', () => {
  it('reports several syntax errors in one run, each with file:line:col', () => {
    const text = `class A { [Key] string K };\nclass B { uint32 ; };\nclass C { string S; };\ninstance of C { S = ; };`;
    const r = load(text, {});
    expect(errs(r).map((d) => d.location!.line)).toEqual([1, 2, 4]);
    expect(errs(r).every((d) => d.location!.file === 'test.mof' && d.location!.column > 0)).toBe(true);
  });

  it('throws MofSyntaxError or MofSemanticError carrying every diagnostic', () => {
    expect(() => loadMofTextOrThrow('class A {', 'x.mof')).toThrow(MofSyntaxError);
    try {
      loadMofTextOrThrow('class A : B { }; instance of Nope { };', 'x.mof');
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(MofSemanticError);
      expect((e as MofSemanticError).diagnostics.length).toBe(2);
    }
  });

  it('the parser returns a plain AST that survives JSON', () => {
    const r = parseMof('[Key] class A : B { string S = "x"; };');
    expect(JSON.parse(JSON.stringify(r.productions))).toEqual(r.productions);
  });
});
