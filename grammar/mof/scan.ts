/**
 * A hand-written scanner for MOF files producing exactly the tokens of `mofLexer`
 * (tokens.ts): same token types, images and offsets, in Chevrotain's `onlyOffset` token
 * shape (`image`, `startOffset`, `tokenTypeIdx`, `tokenType`, in that order), with the
 * same runs of adjacent string literals as one token. The Chevrotain lexer stays the
 * definition and the fallback: on anything it reports as an error, a character no token
 * starts with or an unterminated comment or literal, `scanMof` returns undefined and the
 * caller lexes the file with `mofLexer`, which reports it with its own message.
 * test/mof/scan.test.ts compares both on every MOF file of the corpus and on damaged
 * copies of them.
 *
 * Why a second lexer: Chevrotain's lexer was about a fifth of the CPU time of a CIM 2.51
 * load and 30 of its 84 MB of allocation (token objects in a vector grown by `push`, a
 * fresh substring per name, and for every keyword a second substring of its longer
 * identifier alternative), which drove the scavenges. Here names (identifiers and
 * keywords) are looked up by their characters in a per-load table (`MofNameTable`) and
 * every occurrence of a name shares one string, so the model's names do not each hold a
 * string of their own either.
 */

import type { IToken, TokenType } from './chevrotain.js';
import * as T from './tokens.js';

/** Keyword spellings (lower case) and their token types, from tokens.ts's patterns. */
const keywordTypes: ReadonlyMap<string, TokenType> = (() => {
  const map = new Map<string, TokenType>();
  for (const t of T.keywordTokens) map.set((t.PATTERN as RegExp).source, t);
  return map;
})();
const longestKeyword = Math.max(...[...keywordTypes.keys()].map((k) => k.length));

/**
 * The keyword type of a name, else Identifier. A keyword pattern (`/class/i`, with
 * `longer_alt: Identifier`) wins only when it matches the whole identifier-like word:
 * Chevrotain tries the keywords longest first and takes the longer identifier match
 * otherwise, so `Classes` and `as_` are identifiers and `CLASS` is the keyword. The `i`
 * flag without `u` folds ASCII letters only, so a name with a character above 0x7f is never
 * a keyword (`toLowerCase` would fold the Kelvin sign to `k`).
 */
function nameType(name: string): TokenType {
  if (name.length > longestKeyword) return T.Identifier;
  for (let k = 0; k < name.length; k++) if (name.charCodeAt(k) > 0x7f) return T.Identifier;
  return keywordTypes.get(name.toLowerCase()) ?? T.Identifier;
}

/**
 * The names (identifiers and keywords) met in one load, each stored once with its token
 * type: looked up by the characters of the text, so a repeated name costs no new string.
 * Made per load (or per file when the caller has no load), never kept between loads.
 */
export class MofNameTable {
  private names: (string | undefined)[];
  private hashes: Int32Array;
  /** Whether each name is a keyword, by index into `keywordByIdx`; 0 for Identifier. */
  private types: Uint8Array;
  private count = 0;

  /** The token type of the name `intern` returned last. */
  lastType: TokenType = T.Identifier;

  /**
   * `capacity`: a power of two. CIM 2.51 has 8,800 distinct names, which 16,384 slots hold
   * below the 3/4 fill that makes the table grow; one file alone has a few hundred.
   */
  constructor(capacity = 16384) {
    this.names = new Array<string | undefined>(capacity);
    this.hashes = new Int32Array(capacity);
    this.types = new Uint8Array(capacity);
  }

  /** The stored name equal to text[start, end) (whose hash is `hash`), its type in `lastType`. */
  intern(text: string, start: number, end: number, hash: number): string {
    const mask = this.hashes.length - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const name = this.names[slot];
      if (name === undefined) {
        const fresh = text.substring(start, end);
        const type = nameType(fresh);
        this.names[slot] = fresh;
        this.hashes[slot] = hash;
        this.types[slot] = keywordByIdx.indexOf(type);
        this.lastType = type;
        if (++this.count * 4 > mask * 3) this.grow();
        return fresh;
      }
      if (this.hashes[slot] === hash && name.length === len && sameChars(name, text, start, len)) {
        this.lastType = keywordByIdx[this.types[slot]];
        return name;
      }
    }
  }

  private grow(): void {
    const { names, hashes, types } = this;
    const size = hashes.length * 2;
    const mask = size - 1;
    this.names = new Array<string | undefined>(size);
    this.hashes = new Int32Array(size);
    this.types = new Uint8Array(size);
    for (let i = 0; i < hashes.length; i++) {
      const name = names[i];
      if (name === undefined) continue;
      let slot = hashes[i] & mask;
      while (this.names[slot] !== undefined) slot = (slot + 1) & mask;
      this.names[slot] = name;
      this.hashes[slot] = hashes[i];
      this.types[slot] = types[i];
    }
  }
}

/** Identifier, then every keyword type: a name's type is stored as its index here. */
const keywordByIdx: TokenType[] = [T.Identifier, ...T.keywordTokens];

function sameChars(name: string, text: string, start: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (name.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

// Character classes of the ASCII range. Above it, U+00A0 and U+FEFF start white space,
// U+0080..U+FFEF are name characters (tokens.ts's Identifier pattern) and U+FFF0..U+FFFF
// start no token.
const SPACE = 1;
const NAME_START = 2;
const NAME_PART = 4;
const DIGIT = 8;
/** `[A-Za-z0-9_]`: the characters a NumberLiteral's suffix may hold. */
const WORD = 16;
const charClass: Uint8Array = (() => {
  const c = new Uint8Array(128);
  for (let i = 0; i < 128; i++) {
    const ch = String.fromCharCode(i);
    if (/[ \t\r\n\f\v]/.test(ch)) c[i] |= SPACE;
    if (/[A-Za-z_]/.test(ch)) c[i] |= NAME_START | NAME_PART | WORD;
    if (/[0-9]/.test(ch)) c[i] |= NAME_PART | DIGIT | WORD;
  }
  return c;
})();

const isNamePart = (c: number): boolean => (c < 128 ? (charClass[c] & NAME_PART) !== 0 : c <= 0xffef);
const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The single-character punctuation tokens by character, and their images. */
const punctuation = new Array<TokenType | undefined>(128).fill(undefined);
const punctuationImage = new Array<string>(128).fill('');
for (const t of [T.LCurly, T.RCurly, T.LParen, T.RParen, T.LSquare, T.RSquare, T.Semicolon, T.Comma, T.Colon, T.Equals]) {
  const ch = (t.PATTERN as RegExp).source.replace('\\', '');
  punctuation[ch.charCodeAt(0)] = t;
  punctuationImage[ch.charCodeAt(0)] = ch;
}

function token(image: string, startOffset: number, tokenType: TokenType): IToken {
  // The property order of Chevrotain's onlyOffset tokens, so both kinds share one shape.
  return { image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType } as IToken;
}

/**
 * Where the next backslash, LF and CR are from the last string literal on (see
 * `literalEnd`): the scanner moves forward, so each is searched again only once passed.
 */
interface StringScan {
  backslash: number;
  lf: number;
  cr: number;
}

function nextIndex(text: string, ch: string, from: number, known: number): number {
  if (known >= from) return known;
  const i = text.indexOf(ch, from);
  return i < 0 ? text.length : i;
}

/**
 * The end (exclusive) of the string literal starting at `offset` (a `"`), or -1 when it
 * is unterminated: tokens.ts's `"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"`. Most literals
 * (CIM's Description texts, 62% of its characters) have no backslash and end on their
 * line: the closing quote is then found by `indexOf`, a vectorized search, instead of a
 * loop over every character.
 */
function literalEnd(text: string, offset: number, scan: StringScan): number {
  const from = offset + 1;
  const close = text.indexOf('"', from);
  if (close < 0) return -1;
  scan.backslash = nextIndex(text, '\\', from, scan.backslash);
  scan.lf = nextIndex(text, '\n', from, scan.lf);
  scan.cr = nextIndex(text, '\r', from, scan.cr);
  if (close < scan.backslash && close < scan.lf && close < scan.cr) return close + 1;
  return quotedEnd(text, offset, 34);
}

/** The end (exclusive) of the literal opened by the quote `quote` at `offset`, or -1. */
function quotedEnd(text: string, offset: number, quote: number): number {
  const n = text.length;
  for (let j = offset + 1; j < n; j++) {
    const c = text.charCodeAt(j);
    if (c === quote) return j + 1;
    if (c === 10 || c === 13) return -1;
    if (c === 92) {
      const e = text.charCodeAt(j + 1);
      // A backslash escapes any character but a line break (and needs one after it).
      if (j + 1 >= n || e === 10 || e === 13) return -1;
      j++;
    }
  }
  return -1;
}

/** The end (exclusive) of the NumberLiteral at `i`, or -1 (tokens.ts's pattern, by hand). */
function numberEnd(text: string, i: number): number {
  const n = text.length;
  let j = i;
  let c = text.charCodeAt(j);
  if (c === 43 || c === 45) c = text.charCodeAt(++j);
  if (isDigit(c)) {
    do c = text.charCodeAt(++j);
    while (isDigit(c));
    if (c === 46) {
      do c = text.charCodeAt(++j);
      while (isDigit(c));
    }
  } else if (c === 46 && isDigit(text.charCodeAt(j + 1))) {
    j++;
    do c = text.charCodeAt(++j);
    while (isDigit(c));
  } else return -1;
  if (c === 101 || c === 69) {
    let k = j + 1;
    let s = text.charCodeAt(k);
    if (s === 43 || s === 45) s = text.charCodeAt(++k);
    if (isDigit(s)) {
      do s = text.charCodeAt(++k);
      while (isDigit(s));
      j = k;
    }
  }
  while (j < n) {
    c = text.charCodeAt(j);
    if (c >= 128 || (charClass[c] & WORD) === 0) break;
    j++;
  }
  return j;
}

/**
 * The tokens of a whole file, as `mofLexer.tokenize(text).tokens`; undefined when the
 * lexer would report an error or an error-group token (the caller then runs `mofLexer`).
 */
export function scanMof(text: string, names: MofNameTable): IToken[] | undefined {
  const n = text.length;
  // CIM 2.51 averages one token per 20 characters: sized for that, the vector rarely
  // grows, and is trimmed at the end.
  const tokens: IToken[] = new Array<IToken>(Math.floor(n / 16));
  const scan: StringScan = { backslash: -1, lf: -1, cr: -1 };
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c < 128) {
      const cls = charClass[c];
      if ((cls & SPACE) !== 0) {
        i++;
        continue;
      }
      if ((cls & NAME_START) !== 0) {
        // The same hash as any other way of computing it here; only the table reads it.
        let hash = c;
        let j = i + 1;
        for (; j < n; j++) {
          const d = text.charCodeAt(j);
          if (!isNamePart(d)) break;
          hash = (Math.imul(hash, 31) + d) | 0;
        }
        const image = names.intern(text, i, j, hash);
        tokens[count++] = token(image, i, names.lastType);
        i = j;
        continue;
      }
      const single = punctuation[c];
      if (single !== undefined) {
        tokens[count++] = token(punctuationImage[c], i, single);
        i++;
        continue;
      }
      switch (c) {
        case 34 /* " */: {
          // A run of literals separated by blanks only is one token (see tokens.ts).
          let end = literalEnd(text, i, scan);
          if (end < 0) return undefined;
          for (;;) {
            let next = end;
            let d = text.charCodeAt(next);
            while (d === 32 || d === 10 || d === 13 || d === 9) d = text.charCodeAt(++next);
            if (d !== 34) break;
            const more = literalEnd(text, next, scan);
            if (more < 0) break;
            end = more;
          }
          tokens[count++] = token(text.substring(i, end), i, T.StringLiteral);
          i = end;
          continue;
        }
        case 47 /* / */: {
          const next = text.charCodeAt(i + 1);
          if (next === 47) {
            let j = i + 2;
            for (let d = text.charCodeAt(j); j < n && d !== 10 && d !== 13; d = text.charCodeAt(++j));
            i = j;
            continue;
          }
          if (next === 42) {
            const close = text.indexOf('*/', i + 2);
            if (close < 0) return undefined;
            i = close + 2;
            continue;
          }
          return undefined;
        }
        case 39 /* ' */: {
          const end = quotedEnd(text, i, 39);
          if (end < 0) return undefined;
          tokens[count++] = token(text.substring(i, end), i, T.CharLiteral);
          i = end;
          continue;
        }
        case 35 /* # */: {
          // `#[ \t]*pragma`, case-insensitive (ASCII letters only: no `u` flag).
          let j = i + 1;
          for (let d = text.charCodeAt(j); d === 32 || d === 9; d = text.charCodeAt(++j));
          if (j + 6 > n || text.substring(j, j + 6).toLowerCase() !== 'pragma' || !isAsciiRange(text, j, j + 6)) return undefined;
          tokens[count++] = token(text.substring(i, j + 6), i, T.Pragma);
          i = j + 6;
          continue;
        }
        case 36 /* $ */: {
          const d = text.charCodeAt(i + 1);
          if (i + 1 >= n || !(d < 128 ? (charClass[d] & NAME_START) !== 0 : d <= 0xffef)) return undefined;
          let j = i + 2;
          while (j < n && isNamePart(text.charCodeAt(j))) j++;
          tokens[count++] = token(text.substring(i, j), i, T.AliasIdentifier);
          i = j;
          continue;
        }
        case 92 /* \ */: {
          // A backslash ending a line (blanks may come between) joins it to the next.
          let j = i + 1;
          let d = text.charCodeAt(j);
          while (d === 32 || d === 9) d = text.charCodeAt(++j);
          if (d === 13) d = text.charCodeAt(++j);
          if (d !== 10) return undefined;
          i = j + 1;
          continue;
        }
        default: {
          // `+`, `-`, `.` and digits start numbers.
          const end = numberEnd(text, i);
          if (end < 0) return undefined;
          tokens[count++] = token(text.substring(i, end), i, T.NumberLiteral);
          i = end;
          continue;
        }
      }
    }
    if (c === 0xa0 || c === 0xfeff) {
      i++;
      continue;
    }
    if (c > 0xffef) return undefined;
    let hash = c;
    let j = i + 1;
    for (; j < n; j++) {
      const d = text.charCodeAt(j);
      if (!isNamePart(d)) break;
      hash = (Math.imul(hash, 31) + d) | 0;
    }
    const image = names.intern(text, i, j, hash);
    tokens[count++] = token(image, i, names.lastType);
    i = j;
  }
  tokens.length = count;
  return tokens;
}

function isAsciiRange(text: string, start: number, end: number): boolean {
  for (let k = start; k < end; k++) if (text.charCodeAt(k) > 0x7f) return false;
  return true;
}
