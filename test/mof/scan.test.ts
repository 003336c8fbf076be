/**
 * The hand-written MOF scanner (grammar/mof/scan.ts) against its definition, the Chevrotain
 * lexer of grammar/mof/tokens.ts: the same tokens (type, image, offset, object shape) on
 * every MOF file of the corpus (CIM 2.51, the other MOFs under corpus/mof, the peer suites
 * under corpus/mof-tests), on seeded damaged copies of them and on edge cases; no tokens at
 * all (so that `parseMof` falls back to the lexer and its messages) exactly where the lexer
 * reports an error or an error-group token; and the same parse result and problems from
 * `parseMof` as with the lexer alone.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { decodeMofBytes, parseMof } from '../../grammar/mof/index.js';
import { MofNameTable, MofScanner } from '../../grammar/mof/scan.js';
import { mofLexer } from '../../grammar/mof/tokens.js';
import { corpusPath, hasCorpus } from '../corpus.js';
import { namesCollidingUnderPolynomialHash } from '../random.js';

function shape(tokens: readonly IToken[]): string[] {
  return tokens.map((t) => `${t.startOffset}:${t.tokenType.name}:${t.tokenTypeIdx}:${Object.keys(t).join(',')}:${t.image}`);
}

/** Compares the scanner with the lexer on one text; returns whether the lexer reported an error. */
function expectSameTokens(text: string, label: string, scanner = new MofScanner(new MofNameTable(64))): boolean {
  const lexed = mofLexer.tokenize(text);
  const scanned = scanner.scan(text);
  const lexerErrors = lexed.errors.length + ((lexed.groups.errors as IToken[] | undefined)?.length ?? 0);
  if (lexerErrors > 0) {
    const at = lexed.errors[0]?.offset ?? (lexed.groups.errors as IToken[])[0].startOffset;
    const where = JSON.stringify(text.slice(Math.max(0, at - 20), at + 20));
    expect(scanned, `${label}: the lexer reports an error at ${at} (${where}), the scanner must give up`).toBeUndefined();
    return true;
  }
  expect(scanned, `${label}: the lexer takes it, so must the scanner`).toBeDefined();
  const a = shape(scanned!);
  const b = shape(lexed.tokens);
  if (a.join('\n') !== b.join('\n')) {
    const k = a.findIndex((x, i) => x !== b[i]);
    expect(a.slice(k, k + 3), `${label}: first different token`).toEqual(b.slice(k, k + 3));
  }
  expect(a.length, label).toBe(b.length);
  return false;
}

/** `parseMof` (scanner first) and `parseMof` with the lexer alone give the same result. */
function expectSameParse(text: string, label: string): void {
  const fast = parseMof(text);
  const lexerOnly = parseMof(text, undefined, { lexerOnly: true });
  expect(fast.problems, label).toEqual(lexerOnly.problems);
  expect(fast.tokenCount, label).toBe(lexerOnly.tokenCount);
  expect(JSON.stringify(fast.productions), label).toBe(JSON.stringify(lexerOnly.productions));
}

/** Characters the damage draws from: token starts, quotes, comment starts, escapes, non-ASCII. */
const junk = [
  '"', '"', "'", '\\', '/', '*', '/*', '//', '#', '$', '.', '+', '-', '0', '9', 'e', 'x', 'a', '_', ' ', '\t', '\n', '\r',
  '\f', '{', '}', '(', ')', '[', ']', ';', ',', ':', '=', '@', '`', '!', '\0', '\u00a0', '\ufeff', '\u00e9', '\u017f',
  '\u212a', '\u2028', '\uffef', '\ufff0', '\uffff', '\ud800', '\udc00', '\\\n', '\\ \r\n', '"\\', 'pragma', 'CLASS', 'as',
];

/** Deterministic damaged copies: characters replaced, deleted, inserted; cuts. */
function damaged(text: string, count: number, seed: number): string[] {
  let s = seed >>> 0 || 1;
  const next = (): number => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 0x100000000;
  const pick = (): string => junk[Math.floor(next() * junk.length)];
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    let t = text;
    // One to three damages per copy.
    for (let d = 0, n = 1 + Math.floor(next() * 3); d < n; d++) {
      const at = Math.floor(next() * (t.length + 1));
      switch (Math.floor(next() * 4)) {
        case 0:
          t = t.slice(0, at) + pick() + t.slice(at + 1);
          break;
        case 1:
          t = t.slice(0, at) + t.slice(at + 1 + Math.floor(next() * 3));
          break;
        case 2:
          t = t.slice(0, at) + pick() + pick() + t.slice(at);
          break;
        default:
          t = t.slice(0, at);
      }
    }
    out.push(t);
  }
  return out;
}

/** Every MOF file under `dir` (recursively), sorted. */
function mofFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir).sort()) {
    const path = join(dir, entry);
    if (statSync(path).isDirectory()) out.push(...mofFiles(path));
    else if (/\.mof$/i.test(entry)) out.push(path);
  }
  return out;
}

describe('MOF scanner', () => {
  it('gives the lexer tokens on edge cases of every token kind', () => {
    const cases = [
      'class Class CLASS cLaSs classes _class class_ as As ASSOCIATION associationx assoc of Of ofx',
      'instance qualifier ref Ref REF null NULL true True false scope flavor indication structure enumeration value values',
      '#pragma include("a.mof") # pragma x #PRAGMA #\tPragma #pragmax(1)',
      '$a $A1 $_ $é a$b',
      '1 +1 -1 .5 -.5 1. 1.5 1e5 1E+5 1e-5 1e 1e+1 1e+1x 1.e5 0x1F 0X1f 09 2b 1..2 1.2.3 12abc_9 0b101 1_000 -0',
      '"a" "b"\n\t "c" "d"/*x*/"e" "f"//x\n"g" "a\\"b" "a\\\\" "\\x0041" "" """"',
      "'a' '\\'' '\\x0041' '' 'ab' '\\\\'",
      '// x\r\ny //\n/* a */ /*/ */ /**/ /***/ /* * / */ x/**/y',
      'a \\\nb \\ \t\r\nc \\\r\nd',
      ' \t\r\n\f\v\u00a0\ufeff x\u00a0y \ufeffz',
      'é aé éa \u017f \u212alass \u212a \uffef a\uffefb \ud800 a\udc00b',
      '{}()[];,:= [Key, Description("x") : ToSubclass] class A : B { string s[] = {"a", "b"}; };',
      'instance of A as $x { P = $y; Q = instance of B { R = 1; }; };',
      'x',
      '',
    ];
    for (const c of cases) expect(expectSameTokens(c, JSON.stringify(c)), JSON.stringify(c)).toBe(false);
  });

  it('gives up exactly where the lexer reports an error', () => {
    const cases = [
      '@', 'a ` b', '\\ x', '\\', '"unterminated', '"a\nb"', '"a\\\n"', '"a\\', '"a" "b', "'x", "'a\nb'", '/', 'a / b',
      '/* open', '/* a */ /* open', '#', '#prag', '# include', '$', '$1', '+', '-x', '1e+ 1', '1e- x', '.', '.e5', '\0', 'x\ufff0', '\uffff', '!',
    ];
    for (const c of cases) expect(expectSameTokens(c, JSON.stringify(c)), JSON.stringify(c)).toBe(true);
  });

  it('keeps every name apart when the name table grows, is shared or cleared', () => {
    const words: string[] = [];
    for (let i = 0; i < 20000; i++) words.push(`n${i.toString(36)}`, 'class', `N${i}_x`, 'Class');
    expectSameTokens(words.join(' '), '40,000 distinct names');
    // One scanner for several texts, as a load has one for its files; its tokens are valid
    // until its next scan.
    const scanner = new MofScanner(new MofNameTable(16));
    const beta = scanner.scan('alpha beta class')![1].image;
    const b = scanner.scan('beta alpha classes Class; x')!;
    expect(shape(b)).toEqual(shape(mofLexer.tokenize('beta alpha classes Class; x').tokens));
    expect(b[0].image).toBe(beta);
    scanner.names.clear();
    const c = scanner.scan('Class classes')!;
    expect(shape(c)).toEqual(shape(mofLexer.tokenize('Class classes').tokens));
    // Released (names forgotten, token images dropped), it scans as a new one.
    scanner.release();
    expect(c.map((t) => t.image)).toEqual(['', '']);
    expectSameTokens('classes "x" Class', 'after release', scanner);
  });

  it('does linear work on names made to collide under a fixed hash', () => {
    // These 4,096 names would all share one hash under 31 * h + c.
    const words = namesCollidingUnderPolynomialHash(4096);
    const scanner = new MofScanner();
    expectSameTokens(words.join(' '), 'colliding names', scanner);
    expect(scanner.names.passedSlots).toBeLessThan(4 * words.length);
  });

  it('falls back to the lexer in parseMof, with the same result and problems', () => {
    const cases = [
      'class A { string s = "open; };\nclass B { };',
      'class A { uint8 x = 1; }; @ class B { };',
      '/* never closed\nclass A { };',
      "[D('x)] class A { };",
      'class A { string s = "a" "b\\q" "c"; };',
      '#pragma namespace("\\\\\\\\.\\\\root\\\\x")\nclass A { [Key] string K; };',
    ];
    for (const c of cases) expectSameParse(c, JSON.stringify(c));
    // A name too long for the name table is left to the lexer too.
    const long = `class ${'n'.repeat((1 << 20) + 1)} { };`;
    expect(new MofScanner().scan(long)).toBeUndefined();
    expectSameParse(long, 'a name of 2^20 + 1 characters');
    // Lexical problems come after the macro problems at the same offset, as before.
    const macros = new Map([['M', '@'], ['N', 'string']]);
    const text = 'class A { N x; M };';
    expect(parseMof(text, macros)).toEqual(parseMof(text, macros, { lexerOnly: true }));
  });

  it('parses a shorter file after a longer one from the same reused token vector', () => {
    // The scanner hands the parser its own vector, whose tokens past the EOF sentinels are
    // the longer file's: the parser must stop at the sentinels, on valid input and at errors.
    const scanner = new MofScanner();
    const long = 'class A { uint8 x; uint8 y; uint8 z; }; class B : A { string s = "t"; };';
    for (const short of ['class C {', 'class C { };', 'class C { uint8', '[Key', 'class C']) {
      parseMof(long, undefined, { scanner });
      const reused = parseMof(short, undefined, { scanner });
      expect(reused, short).toEqual(parseMof(short, undefined, { lexerOnly: true }));
      expect(reused.tokenCount, short).toBe(mofLexer.tokenize(short).tokens.length);
    }
  });

  describe.runIf(hasCorpus)('on the corpus', () => {
    const files = hasCorpus ? [...mofFiles(corpusPath('mof')), ...mofFiles(corpusPath('mof-tests'))] : [];
    const texts = files.map((f) => ({ label: f.slice(corpusPath().length + 1), text: decodeMofBytes(readFileSync(f)) }));

    it('gives the lexer tokens on every MOF file', () => {
      expect(files.length).toBeGreaterThan(2000);
      expect(texts.some((t) => t.label.endsWith('cim_schema_2.51.0.mof'))).toBe(true);
      // One scanner for all, as one load has.
      const scanner = new MofScanner();
      let errors = 0;
      for (const { label, text } of texts) if (expectSameTokens(text, label, scanner)) errors++;
      // The peer suites' invalid cases (a few lexical errors on purpose).
      expect(errors).toBeLessThan(20);
    });

    it('gives the lexer tokens on damaged copies of every MOF file, and gives up where the lexer errs', () => {
      let copies = 0;
      let errors = 0;
      texts.forEach(({ label, text }, n) => {
        damaged(text, 6, n + 1).forEach((t, k) => {
          copies++;
          if (expectSameTokens(t, `${label} copy ${k}`)) errors++;
        });
      });
      // Both ways are exercised many times: the scanner's tokens and the fallback.
      expect(copies).toBeGreaterThan(12000);
      expect(errors).toBeGreaterThan(copies / 5);
      expect(copies - errors).toBeGreaterThan(copies / 5);
    });

    it('gives parseMof the same result and problems as the lexer alone on damaged copies', () => {
      let fellBack = 0;
      const sample = texts.filter((_, n) => n % 5 === 0);
      sample.forEach(({ label, text }, n) => {
        for (const [k, t] of damaged(text, 3, 7919 * (n + 1)).entries()) {
          if (new MofScanner(new MofNameTable(64)).scan(t) === undefined) fellBack++;
          expectSameParse(t, `${label} copy ${k}`);
        }
      });
      expect(fellBack).toBeGreaterThan(100);
    });
  });
});
