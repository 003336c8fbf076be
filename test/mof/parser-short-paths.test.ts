/**
 * The MOF parser's short paths (grammar/mof/parser.ts) against its rules: a parser with
 * the short paths and one without (`shortPaths: false`, the Chevrotain rules alone) must
 * give the same syntax tree (same keys in the same order, undefined values included), the
 * same literal problems in the same order, and the same syntax errors (message, token,
 * rule stack) on every MOF file of the corpus and on seeded random damaged copies, where
 * short paths start and give up in odd places.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import type { IToken } from '../../grammar/mof/chevrotain.js';
import { decodeMofBytes } from '../../grammar/mof/index.js';
import { MofParser } from '../../grammar/mof/parser.js';
import { mofLexer } from '../../grammar/mof/tokens.js';
import { corpusPath, hasCorpus } from '../corpus.js';
import { rng } from '../random.js';

const withShortPaths = new MofParser();
const rulesOnly = new MofParser({ shortPaths: false });

/** JSON that shows undefined values and bigints, so that no field can differ unseen; keys in their order. */
function show(value: unknown): string {
  return JSON.stringify(value, (_k, v: unknown) => (v === undefined ? '<undefined>' : typeof v === 'bigint' ? `${v}n` : v));
}

/** Everything a parse gives: the tree, the literal problems, the syntax errors. */
function outcome(parser: MofParser, tokens: IToken[]): string {
  parser.input = tokens;
  parser.problems = [];
  let productions: unknown;
  try {
    productions = parser.mofFile();
  } catch (err) {
    // Absurd nesting overflows the stack; parseMof reports it. Both ways must agree.
    if (!(err instanceof RangeError)) throw err;
    productions = 'stack overflow';
  }
  const errors = parser.errors.map((e) => ({
    name: e.name,
    message: e.message,
    token: [e.token.startOffset, e.token.image, e.token.tokenType.name],
    context: e.context,
  }));
  return show({ productions, problems: parser.problems, errors });
}

/** Parses `tokens` both ways; returns whether the rules reported a syntax error. */
function compare(tokens: IToken[], label: string): boolean {
  const expected = outcome(rulesOnly, tokens);
  const actual = outcome(withShortPaths, tokens);
  if (actual !== expected) {
    let at = 0;
    while (at < actual.length && actual[at] === expected[at]) at++;
    const from = Math.max(0, at - 300);
    expect.fail(`${label}: short paths differ from the rules at character ${at}\n rules: ${expected.slice(from, at + 300)}\n short: ${actual.slice(from, at + 300)}`);
  }
  return rulesOnly.errors.length > 0;
}

const lex = (text: string): IToken[] => mofLexer.tokenize(text).tokens;

function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((n) => {
      const p = join(dir, n);
      return statSync(p).isDirectory() ? walk(p) : [p];
    });
}

const corpusFiles = hasCorpus ? [...walk(corpusPath('mof')), ...walk(corpusPath('mof-tests'))].filter((f) => /\.mof$/i.test(f)) : [];

/** Shapes on both sides of the short paths' edges, each compared as written. */
const cases = [
  'class A { string Ref; uint32 Ref[]; A ref [] R; A ref [3] R3; B REF C; string Ref = "x"; };',
  'class A { [Key, Description("a" "b\\tc" /* split */ "d"), ValueMap {"1", "0x2", ".."}, Values{}] uint8 P[4] = {1, 0x2, 011, 1b, -3}; };',
  'class A { [Q(Value)] string V = Value; [Q(true), R(false), S(null)] string W = enumName; [T($a)] string X = \'c\'; };',
  'class A { [Q(instance of B { P = 1; })] string V; string W = instance of B { [Q] P = {1, 2}; }; };',
  'class A as $A : B { [In, Out : ToSubclass Amended] uint32 M([In] string S[], [Out] A REF R, uint8 D = 3) = 4; uint8 P[] = {1}[]; };',
  'class A { uint8 P[0]; uint8 Q[2b]; uint8 R[1.5]; string S = "\\q"; char16 C = \'ab\'; sint64 N = 12345678901234567890; real32 F = 1.5e3; uint8 G = 09; };',
  'association A { [Key] X ref Left; [Key] Y REF Right; }; indication I : A { }; structure S { };',
  '[Abstract, Version("2.8.0"), UMLPackagePath("CIM::Core"), Description("x")] class CIM_X : CIM_Y { [Override("Z"), Key, MaxLen(256)] string Z; [Deprecated{"CIM_A.B"}] uint16 M(); };',
  '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")\n#pragma include ("a.mof")\n#pragma locale("en_US")\n#pragma deleteclass("X", FAIL)\n#pragma autorecover\n#pragma classflags({"forceupdate"}, 1)',
  'qualifier Key : boolean = false, Scope(property, reference), Flavor(DisableOverride, ToSubclass);\nqualifier read : ToInstance ToSubClass;',
  'instance of A as $a { [Q] P = 1; R; S = {"a", "b"}; T = $b; }; value of B { P = 1; };',
  'enumeration E : string { A, [Q] B = "b" };',
  // Arrays of strings only are read without an item node each; any other item sends the
  // whole array back to one node per item (escape problems reported once).
  'class A { [V{"a", "b" /* c */ "c\\q", "d\\te"}, W{"a", 1}, X{"a\\q", null}, Y{"a", $x}, Z{"a", b}] string P[] = {"x\\y", Value}; string Q[] = {"x", "y"}; };',
  'class A { [V{"a", "b",}] string P[]; };',
  'class A { [V{"a" "b"] string P[]; };',
  // Malformed: the short paths must give up and leave the errors to the rules.
  'class A { [Key,] string K; };',
  'class A { [] string K; };',
  'class A { string K = ; };',
  'class A { uint8 M(,); };',
  'class A { uint8 M(uint8 a,); };',
  'class A { [Q(1, 2)] string K; };',
  'class A { [Q("a"] string K; };',
  'class A { [Q : ] string K; };',
  'class A { uint8 P = {1,}; };',
  'class A { uint8 P = {{1}}; };',
  'class A { string K }; class B { };',
  'class A { string K; } class B { };',
  'class A : { };',
  'class A as B { };',
  '[Key] instance of A { };',
  '[Key] qualifier Q : boolean;',
  '#pragma ("x")',
  '#pragma include ("a.mof" ',
  '#pragma include (,)',
  'class A { [Q("\\x")] string K = "\\y"; uint8 U[0]; string Bad 1; };',
  'class',
  '[',
  '[Key',
  'class A { [Q(',
  'class A { string K = {',
];

describe('MOF parser short paths', () => {
  it('give what the rules give on edge cases, valid and malformed', () => {
    for (const [i, text] of cases.entries()) compare(lex(text), `case ${i}: ${text}`);
  });

  it.runIf(hasCorpus)('leave all of CIM 2.51 to the short paths except the qualifier declarations', () => {
    const files = corpusFiles.filter((f) => f.includes('cim-schema-2.51.0'));
    expect(files.length).toBe(1897);
    const count = (parser: MofParser): number => {
      const spy = vi.spyOn(parser as unknown as { ruleInvocationStateUpdate: () => void }, 'ruleInvocationStateUpdate');
      for (const f of files) {
        parser.input = lex(decodeMofBytes(readFileSync(f)));
        parser.mofFile();
      }
      const n = spy.mock.calls.length;
      spy.mockRestore();
      return n;
    };
    // Rules entered per load: mofFile per file, and the 70 qualifier declarations.
    expect(count(rulesOnly)).toBeGreaterThan(80_000);
    expect(count(withShortPaths)).toBeLessThan(2_500);
  });

  it.runIf(hasCorpus)('give what the rules give on every corpus MOF file', () => {
    expect(corpusFiles.length).toBeGreaterThan(2_000);
    for (const f of corpusFiles) compare(lex(decodeMofBytes(readFileSync(f))), f);
  });

  it('give what the rules give on 4,000 seeded damaged copies and their tails', () => {
    const sources = corpusFiles.length > 0 ? corpusFiles.map((f) => lex(decodeMofBytes(readFileSync(f)))) : cases.map(lex);
    // Tokens to insert: punctuation and keywords where they do not belong.
    const extra = lex('{ } ( ) [ ] ; , : = ref REF class instance of as $a "s" 1 0x 09 true null Value Key');
    const r = rng(20261124);
    const pick = <X>(xs: readonly X[]): X => xs[Math.floor(r() * xs.length)];
    let rejected = 0;
    for (let i = 0; i < 4_000; i++) {
      const source = pick(sources);
      if (source.length === 0) continue;
      const tokens = [...source];
      const edits = 1 + Math.floor(r() * 4);
      for (let e = 0; e < edits && tokens.length > 0; e++) {
        const at = Math.floor(r() * tokens.length);
        const kind = Math.floor(r() * 5);
        if (kind === 0) tokens.splice(at, 1);
        else if (kind === 1) tokens.splice(at, 0, tokens[at]);
        else if (kind === 2 && at + 1 < tokens.length) [tokens[at], tokens[at + 1]] = [tokens[at + 1], tokens[at]];
        else if (kind === 3) tokens.splice(at, 0, pick(extra));
        else tokens[at] = pick(tokens);
      }
      if (compare(tokens, `damaged copy ${i} (seed 20261124)`)) rejected++;
      // A tail from a random token, as the recovery pass feeds the parser one production at a time.
      compare(tokens.slice(Math.floor(r() * tokens.length)), `tail of damaged copy ${i} (seed 20261124)`);
    }
    // The damage must reach the error paths often, and leave valid inputs too.
    expect(rejected).toBeGreaterThan(2_000);
    expect(rejected).toBeLessThan(3_950);
  });
});
