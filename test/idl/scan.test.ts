/**
 * The hand-written scanner (grammar/idl/scan.ts) against its definition, the Chevrotain
 * lexer of grammar/idl/tokens.ts: the same tokens (type, image, offset) on
 * every IDL file and header of the corpus (and of Wine's headers when installed), on
 * damaged copies of them, and on edge cases; and no tokens at all (so that the caller
 * falls back to the Chevrotain lexer and its error) exactly where the lexer reports an
 * error.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { IToken } from 'chevrotain';
import { describe, expect, it } from 'vitest';
import { IdlScanner, cppQuoteLineLength, scanIdl, scanTokens } from '../../grammar/idl/scan.js';
import { CppQuoteLine, IdlToken, idlLexer } from '../../grammar/idl/tokens.js';
import { mingwIdlDir } from '../corpus.js';
import { namesCollidingUnderPolynomialHash } from '../random.js';

function shape(tokens: readonly IToken[]): string[] {
  return tokens.map((t) => `${t.startOffset}:${t.tokenType.name}:${t.tokenTypeIdx}:${t.image}`);
}

/** Every scanner token is an IdlToken: three own fields, one object shape, its type through the prototype. */
function expectIdlTokens(tokens: readonly IToken[], label: string): void {
  for (const t of tokens) {
    if (!(t instanceof IdlToken) || Object.keys(t).join(',') !== 'image,startOffset,tokenTypeIdx') {
      expect.fail(`${label}: token at ${t.startOffset} is not an IdlToken (${Object.keys(t).join(',')})`);
    }
  }
}

/** Compares the scanner with the lexer on one text; returns whether the lexer reported an error. */
function expectSameTokens(text: string, label: string): boolean {
  const lexed = idlLexer.tokenize(text);
  const scanned = scanIdl(text, new IdlScanner());
  if (lexed.errors.length > 0) {
    expect(scanned, `${label}: the lexer reports an error, the scanner must give up`).toBeUndefined();
    return true;
  }
  expect(scanned, `${label}: the lexer takes it, so must the scanner`).toBeDefined();
  expect(shape(scanned!), label).toEqual(shape(lexed.tokens));
  expectIdlTokens(scanned!, label);
  // The preprocessor's way: cpp_quote lines aside, by start offset, the rest as tokens.
  const scanner = new IdlScanner();
  const rest = scanTokens(text, scanner, true);
  const starts = scanner.quoteStarts.slice(0, scanner.quoteCount);
  const quotes = lexed.tokens.filter((t) => t.tokenType === CppQuoteLine);
  expect(shape(rest!), `${label} (cpp_quotes aside)`).toEqual(shape(lexed.tokens.filter((t) => t.tokenType !== CppQuoteLine)));
  expect(starts, `${label} (cpp_quote offsets)`).toEqual(quotes.map((t) => t.startOffset));
  expect(
    starts.map((at) => cppQuoteLineLength(text, at)),
    `${label} (cpp_quote lengths)`,
  ).toEqual(quotes.map((t) => t.image.length));
  return false;
}

/** Deterministic damaged copies: cuts, replaced characters, inserted pairs. */
function damaged(text: string, count: number, seed: number): string[] {
  const junk = ['@', '`', '\\', '"', "'", '/', '*', '.', '0', 'x', 'L', '#', '\n', '\r', '-', '>', '<', 'e', '\u00e9', '$', '1', 'c', ' ', '=', '|', '&'];
  let s = seed;
  const next = (): number => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
  const out: string[] = [];
  for (let k = 0; k < count; k++) {
    const at = Math.floor(next() * text.length);
    const pick = (): string => junk[Math.floor(next() * junk.length)];
    const mode = k % 3;
    if (mode === 0) out.push(text.slice(0, at) + pick() + text.slice(at + 1));
    else if (mode === 1) out.push(text.slice(0, at));
    else out.push(text.slice(0, at) + pick() + pick() + text.slice(at));
  }
  return out;
}

describe('scanner', () => {
  it('gives the lexer tokens on edge cases of every token kind', () => {
    const cases = [
      '0x 0x1fUL 0X1F 1.5e+3f 1e5 .5 1. 08 09. 1ul 2LL 3uLx e1 1e 1e+ 1.e5',
      '... .. a.b x->y <<= >>= <= >= == != && || ! ~ ^ % ?: + - * / & |',
      '12345678-1234-1234-1234-123456789abc cafebabe-1234-1234-1234-123456789abcdef 1234567-',
      'cpp_quote("x") ; cpp_quote ( "a" L"b" ) cpp_quoteX cpp_quote x cpp_quote("unterminated)',
      'cpp_quote(\t"a"\u00a0\u2028L"b\\"c"\n\r) \t;cpp_quote("a"\n) ;cpp_quote("a" L)',
      'cpp_quote() cpp_quote(L) cpp_quote("a" /* c */) cpp_quote\t (\t""\t)\t\t;; cpp_quote ("a"\n"b")cpp_quote("x"',
      'L"x" L\'y\' L Lx "a\\"b" \'\\n\' \'\\\'\' "\\\\"',
      'a\\\nb a\\\r\nb #define X \\\r\n 1\n#x\n# include "y" \\ z\n#',
      '/* a */ /*/ */ /**/ // x\n/***/ x /* unterminated',
      '__int3264 __int32 __int3 int intx importlib import imports interface interfaces SAFEARRAY safearray',
      '$a a$ _ __stdcall _stdcall stdcall const constant volatile __ptr64',
      '\v\f\t\r\n',
      '',
    ];
    for (const c of cases) expectSameTokens(c, JSON.stringify(c));
  });

  it('measures cpp_quote lines as the CppQuoteLine pattern does, on 20,000 seeded random lines', () => {
    const pattern = new RegExp((CppQuoteLine.PATTERN as RegExp).source, 'y');
    const parts = ['"', '\\', 'L', '(', ')', ';', ' ', '\t', '\n', '\r', '\u2028', '\u00a0', 'a', 'x"', '\\"', '\\\\', '\\\n'];
    let seed = 7;
    const next = (): number => (seed = (seed * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff;
    for (let k = 0; k < 20000; k++) {
      let line = k % 2 === 0 ? 'cpp_quote("' : 'cpp_quote';
      const length = Math.floor(next() * 12);
      for (let p = 0; p < length; p++) line += parts[Math.floor(next() * parts.length)];
      if (k % 3 === 0) line += '")';
      pattern.lastIndex = 0;
      const expected = pattern.test(line) ? pattern.lastIndex : -1;
      if (cppQuoteLineLength(line, 0) !== expected) expect.fail(`${JSON.stringify(line)}: ${cppQuoteLineLength(line, 0)}, pattern ${expected}`);
    }
  });

  it('gives up exactly where the lexer reports an error', () => {
    for (const c of ['@', 'a ` b', '\\ x', '"unterminated', "'x", 'é', 'L"x\n"', 'x \u2028 y', 'cpp_quote("\\\r")', 'cpp_quote("\\\u2028")']) {
      expect(expectSameTokens(c, JSON.stringify(c)), JSON.stringify(c)).toBe(true);
    }
  });

  it('keeps every name apart when the name table grows', () => {
    const words: string[] = [];
    for (let i = 0; i < 20000; i++) words.push(`n${i.toString(36)}`, 'interface', `N${i}_x`);
    expectSameTokens(words.join(' '), '20,000 distinct names');
    // One table shared by several texts, as a load shares it across its files.
    const scanner = new IdlScanner();
    const a = scanIdl('alpha beta interface', scanner)!;
    const b = scanIdl('beta alpha interfaces', scanner)!;
    expect(shape(b)).toEqual(shape(idlLexer.tokenize('beta alpha interfaces').tokens));
    expect(a[1].image).toBe(b[0].image);
  });

  it('does linear work on names made to collide under a fixed hash', () => {
    // These 4,096 names would all share one hash under 31 * h + c.
    const words = namesCollidingUnderPolynomialHash(4096);
    const text = words.join(' ');
    const scanner = new IdlScanner();
    const scanned = scanIdl(text, scanner)!;
    expect(shape(scanned)).toEqual(shape(idlLexer.tokenize(text).tokens));
    expect(scanner.names.passedSlots).toBeLessThan(4 * words.length);
  });

  it('gives the lexer tokens on every IDL file and header of the corpus, and on damaged copies', () => {
    const dir = mingwIdlDir;
    const files = readdirSync(dir).filter((f) => /\.(idl|h)$/.test(f)).sort();
    expect(files.length).toBeGreaterThan(10);
    let errors = 0;
    for (const f of files) {
      const text = readFileSync(join(dir, f), 'utf8').replace(/^\ufeff/, '');
      expect(expectSameTokens(text, f)).toBe(false);
      damaged(text, 30, f.length).forEach((t, k) => {
        if (expectSameTokens(t, `${f} copy ${k}`)) errors++;
      });
    }
    // The damaged copies must reach the fallback path too, not only the clean one.
    expect(errors).toBeGreaterThan(25);
  });

  const wineDir = '/usr/include/wine/wine/windows';
  it.runIf(existsSync(wineDir))("gives the lexer tokens on every IDL file of Wine's headers", () => {
    for (const f of readdirSync(wineDir).filter((x) => x.endsWith('.idl')).sort()) {
      expectSameTokens(readFileSync(join(wineDir, f), 'utf8').replace(/^\ufeff/, ''), f);
    }
  });
});
