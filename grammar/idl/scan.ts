/**
 * A hand-written scanner for whole IDL files producing exactly the tokens of `idlLexer`
 * (tokens.ts): same token types, images and offsets, in Chevrotain's `onlyOffset`
 * shape. The Chevrotain lexer stays the definition and the fallback: on any input it
 * cannot take (a character no token starts with, an unterminated literal), `scanIdl`
 * returns undefined and the caller lexes the file with `idlLexer`, which reports the
 * error with its own message. test/idl/scan.test.ts compares both on every IDL
 * file of the corpus and on damaged copies.
 *
 * Why a second lexer: names repeat (HRESULT, REFIID, ULONG…), and the scanner gives
 * every occurrence of a name the same string, found through a per-load table
 * (`NameTable`) by its characters, where Chevrotain cuts a fresh substring for every
 * keyword and name (and a match array for every keyword tried against its longer
 * identifier). On the wbemcli.idl closure (48,354 tokens) that was 1.7 MB of the
 * 4.9 MB the lexer allocated per load, and the later map lookups by name (macros,
 * typedefs, interfaces) read hashes already computed instead of hashing new strings.
 */

import type { IToken, TokenType } from '../chevrotain.js';
import * as T from './tokens.js';
import { hashEnd, hashStep, randomHashSeed } from '../name-hash.js';

/** Room left behind a file's tokens for the parser's end-of-input sentinels. */
export const SENTINEL_ROOM = 4;

/**
 * The first `count` tokens of a reusable buffer as a vector of that length with room
 * behind for the parser's sentinels; the buffer's slots are cleared (so that they keep
 * no token alive).
 */
function takeFromBuffer(buffer: IToken[], count: number): IToken[] {
  // A buffer that grew past its size ends at its last token: make the room there too.
  if (buffer.length < count + SENTINEL_ROOM) buffer.length = count + SENTINEL_ROOM;
  const tokens = buffer.slice(0, count + SENTINEL_ROOM);
  // Shrinking by less than half keeps the capacity (V8 fills the tail with holes).
  tokens.length = count;
  buffer.fill(undefined as unknown as IToken, 0, count);
  return tokens;
}

/**
 * Sets the length of a token vector filled up to `count` to `count`, with room behind
 * for the parser's sentinels: a longer vector is first cut to `count + SENTINEL_ROOM`
 * (V8 trims its store when more than half would go unused), a shorter one grown to it;
 * the last step only fills the tail with holes.
 */
export function fitForParser(tokens: IToken[], count: number): IToken[] {
  tokens.length = count + SENTINEL_ROOM;
  tokens.length = count;
  return tokens;
}

/**
 * The names (identifiers and keywords) met in one load, each stored once, with its
 * token type: looked up by the characters of the text, so a repeated name costs no
 * new string. Made per load, never kept between loads.
 */
export class NameTable {
  // 8,192 slots hold the 4,909 names of the wbemcli.idl closure below the 3/4 load
  // that makes the table grow (growing from 4,096 cost 0.4 MB per load).
  private names: (string | undefined)[] = new Array<string | undefined>(8192);
  private hashes = new Int32Array(8192);
  /** tokenTypeIdx of each name's type (Identifier or a keyword). */
  private typeIdx = new Uint16Array(8192);
  private count = 0;
  /** Where the names' hashes start (see grammar/name-hash.ts). */
  readonly seed = randomHashSeed();

  /** The token type of the name `intern` returned last. */
  lastType: TokenType = T.Identifier;
  /** Slots of other names passed over by lookups so far: the table's extra work (tested). */
  passedSlots = 0;

  /** The stored name equal to text[start, end), its type in `lastType`. */
  intern(text: string, start: number, end: number, hash: number): string {
    const mask = this.hashes.length - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const name = this.names[slot];
      if (name === undefined) {
        const fresh = text.substring(start, end);
        const type = keywordTypes.get(fresh) ?? T.Identifier;
        this.names[slot] = fresh;
        this.hashes[slot] = hash;
        this.typeIdx[slot] = type.tokenTypeIdx!;
        this.lastType = type;
        if (++this.count * 4 > mask * 3) this.grow();
        return fresh;
      }
      if (this.hashes[slot] === hash && name.length === len && sameChars(name, text, start, len)) {
        this.lastType = typeByIdx[this.typeIdx[slot]];
        return name;
      }
      this.passedSlots++;
    }
  }

  private grow(): void {
    const names = this.names;
    const hashes = this.hashes;
    const typeIdx = this.typeIdx;
    const size = hashes.length * 2;
    const mask = size - 1;
    this.names = new Array<string | undefined>(size);
    this.hashes = new Int32Array(size);
    this.typeIdx = new Uint16Array(size);
    for (let i = 0; i < hashes.length; i++) {
      const name = names[i];
      if (name === undefined) continue;
      let slot = hashes[i] & mask;
      while (this.names[slot] !== undefined) slot = (slot + 1) & mask;
      this.names[slot] = name;
      this.hashes[slot] = hashes[i];
      this.typeIdx[slot] = typeIdx[i];
    }
  }
}

/**
 * The scanning state of one load: its names (one string per distinct name across its
 * files), the vector each file is scanned into, and the cpp_quotes set aside. Made per
 * load, never kept between loads.
 */
export class IdlScanner {
  readonly names = new NameTable();

  /**
   * The vector a file is scanned into, reused by every file of the load; each file's
   * tokens are then copied out at their exact count. Sized as Chevrotain sizes its
   * vector (one slot per ten characters) most files regrew it one to three times, by
   * half each time, and kept the unused tail: 1.1 MB of vectors a load for 0.4 MB of
   * tokens. 8,192 slots hold the largest file of the wbemcli.idl closure.
   */
  readonly tokenBuffer: IToken[] = new Array<IToken>(8192);
  /**
   * Start offsets of the cpp_quotes `scanTokens` set aside, a stack shared by the files
   * of the load: a file's are [its base, the count after its scan), and an included
   * file's go above them until it is done. Sized for msxml.idl's 3,350 (growing a
   * vector per file was 0.1 MB a load).
   */
  readonly quoteStarts: number[] = new Array<number>(4096);
  quoteCount = 0;

  /**
   * The first `count` tokens of the buffer as a vector of that length, with room behind
   * for the three end-of-input sentinels Chevrotain's parser pushes (maxLookahead + 1):
   * an exact-size vector would be copied, half as large again, by that push. The buffer
   * is cleared.
   */
  takeTokens(count: number): IToken[] {
    return takeFromBuffer(this.tokenBuffer, count);
  }

  /** Clears the first `count` slots (so they keep no token alive) and returns undefined. */
  dropTokens(count: number): undefined {
    this.tokenBuffer.fill(undefined as unknown as IToken, 0, count);
    return undefined;
  }
}

const typeByIdx = T.tokenTypeByIdx;

function sameChars(name: string, text: string, start: number, len: number): boolean {
  for (let k = 0; k < len; k++) if (name.charCodeAt(k) !== text.charCodeAt(start + k)) return false;
  return true;
}

/** Keyword spellings and their token types: a name is a keyword when the whole word is one. */
const keywordTypes: ReadonlyMap<string, TokenType> = (() => {
  const map = new Map<string, TokenType>();
  for (const t of T.allTokens) {
    if (t.LONGER_ALT === T.Identifier && t.PATTERN instanceof RegExp) map.set(t.PATTERN.source, t);
  }
  return map;
})();

// The literal patterns of tokens.ts, sticky, tried where the Chevrotain lexer would try them.
const sticky = (t: TokenType): RegExp => new RegExp((t.PATTERN as RegExp).source, 'y');
const cppQuoteLinePattern = /cpp_quote[ \t]*\([ \t]*(?:L?"[^"\\\n]*(?:\\.[^"\\\n]*)*"\s*)+\)(?:[ \t]*;)?/y;
const stringPattern = sticky(T.StringLiteral);
const charPattern = sticky(T.CharLiteral);
const floatPattern = sticky(T.FloatLiteral);
const hexPattern = sticky(T.HexLiteral);
const intPattern = sticky(T.IntLiteral);
const uuidPattern = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/y;

/** Length of the match of a sticky pattern at `offset`, or -1. */
function matchAt(pattern: RegExp, text: string, offset: number): number {
  pattern.lastIndex = offset;
  return pattern.test(text) ? pattern.lastIndex - offset : -1;
}

// Character classes (ASCII); anything else starts no token.
const WORD_START = 1;
const WORD_PART = 2;
const DIGIT = 4;
const HEX = 8;
const SPACE = 16;
const charClass: Uint8Array = (() => {
  const c = new Uint8Array(128);
  for (let i = 0; i < 128; i++) {
    const ch = String.fromCharCode(i);
    if (/[A-Za-z_$]/.test(ch)) c[i] |= WORD_START | WORD_PART;
    if (/[0-9]/.test(ch)) c[i] |= WORD_PART | DIGIT;
    if (/[0-9a-fA-F]/.test(ch)) c[i] |= HEX;
    if (/[ \t\r\n\f\v]/.test(ch)) c[i] |= SPACE;
  }
  return c;
})();

/** Single-character punctuation (and the first character of the two-character ones). */
const punctuation: (TokenType | undefined)[] = (() => {
  const p = new Array<TokenType | undefined>(128).fill(undefined);
  const singles: TokenType[] = [
    T.LBrace, T.RBrace, T.LParen, T.RParen, T.LBracket, T.RBracket, T.Semicolon, T.Comma, T.Dot,
    T.Less, T.Greater, T.Equals, T.Colon, T.Question, T.Plus, T.Minus, T.Star, T.Slash,
    T.Percent, T.Amp, T.Pipe, T.Caret, T.Tilde, T.Bang,
  ];
  for (const t of singles) p[(t.PATTERN as string).charCodeAt(0)] = t;
  return p;
})();

/**
 * Two-character operators by their first character, in the lexer's order: for `<`,
 * `<<` then `<=`. Each entry lists the second characters and the types side by side.
 */
const pairs: ({ seconds: number[]; types: TokenType[] } | undefined)[] = (() => {
  const p = new Array<{ seconds: number[]; types: TokenType[] } | undefined>(128).fill(undefined);
  for (const t of [T.Arrow, T.ShiftLeft, T.ShiftRight, T.LessEq, T.GreaterEq, T.EqEq, T.NotEq, T.AndAnd, T.OrOr]) {
    const s = t.PATTERN as string;
    const entry = (p[s.charCodeAt(0)] ??= { seconds: [], types: [] });
    entry.seconds.push(s.charCodeAt(1));
    entry.types.push(t);
  }
  return p;
})();

function token(image: string, startOffset: number, tokenType: TokenType): IToken {
  return new T.IdlToken(image, startOffset, tokenType.tokenTypeIdx!);
}

/**
 * Length of the CppQuoteLine token at `start` (where the word `cpp_quote` is), or -1.
 * Its regular expression with the string body unrolled (`[^"\\\n]*(?:\\.[^"\\\n]*)*` for
 * `(?:[^"\\\n]|\\.)*`, the same strings: the two branches start with different
 * characters), which irregexp runs a third faster over the 4,400 cpp_quotes of msxml.idl
 * and urlmon.idl (0.37 against 0.55 ms). A hand loop was tried too and was twice as slow
 * as the original expression. test/idl/scan.test.ts compares the tokens with the lexer's.
 */
export function cppQuoteLineLength(text: string, start: number): number {
  return matchAt(cppQuoteLinePattern, text, start);
}

/**
 * The tokens of a whole file, as `idlLexer.tokenize(text).tokens`; undefined when the
 * text holds something the lexer reports as an error (the caller then runs `idlLexer`).
 */
export function scanIdl(text: string, scanner: IdlScanner): IToken[] | undefined {
  return scanTokens(text, scanner, false);
}

/**
 * As `scanIdl`; with `quotesAside`, a whole `cpp_quote("…")` (a CppQuoteLine token) is
 * not made a token: its start offset is appended to `scanner.quoteStarts` (at
 * `scanner.quoteCount`) instead. The preprocessor
 * only sets those aside (5,491 per load of the wbemcli.idl closure, 3,350 of them in
 * msxml.idl), so a token object and a substring for each were garbage, 0.5 MB a load.
 */
export function scanTokens(text: string, scanner: IdlScanner, quotesAside: boolean): IToken[] | undefined {
  const n = text.length;
  const names = scanner.names;
  const tokens = scanner.tokenBuffer;
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    const cls = c < 128 ? charClass[c] : 0;
    if ((cls & SPACE) !== 0) {
      i++;
      continue;
    }
    // Uuid comes before names and numbers (a UUID may start with a letter or a digit);
    // nothing else that starts with a hex digit has a '-' 8 characters on.
    if ((cls & HEX) !== 0 && text.charCodeAt(i + 8) === 45) {
      const len = matchAt(uuidPattern, text, i);
      if (len > 0) {
        tokens[count++] = token(text.substring(i, i + len), i, T.Uuid);
        i += len;
        continue;
      }
    }
    if ((cls & WORD_START) !== 0) {
      if (c === 76 /* L */) {
        const next = text.charCodeAt(i + 1);
        const len = next === 34 ? matchAt(stringPattern, text, i) : next === 39 ? matchAt(charPattern, text, i) : -1;
        if (len > 0) {
          tokens[count++] = token(text.substring(i, i + len), i, next === 34 ? T.StringLiteral : T.CharLiteral);
          i += len;
          continue;
        }
      }
      let hash = hashStep(names.seed, c);
      let j = i + 1;
      for (; j < n; j++) {
        const d = text.charCodeAt(j);
        if (d >= 128 || (charClass[d] & WORD_PART) === 0) break;
        hash = hashStep(hash, d);
      }
      hash = hashEnd(hash);
      const image = names.intern(text, i, j, hash);
      const type = names.lastType;
      if (type === T.CppQuote) {
        // `cpp_quote(…)` whole is one CppQuoteLine token; its word alone is the keyword.
        const len = cppQuoteLineLength(text, i);
        if (len > 0) {
          if (quotesAside) scanner.quoteStarts[scanner.quoteCount++] = i;
          else tokens[count++] = token(text.substring(i, i + len), i, T.CppQuoteLine);
          i += len;
          continue;
        }
      }
      tokens[count++] = token(image, i, type);
      i = j;
      continue;
    }
    if ((cls & DIGIT) !== 0) {
      // Most numbers are plain decimals: digits, then no '.', exponent or 'x'.
      let j = i + 1;
      while (j < n && (charClass[text.charCodeAt(j)] & DIGIT) !== 0) j++;
      const after = text.charCodeAt(j);
      let type: TokenType = T.IntLiteral;
      let len: number;
      if (after === 46 || after === 101 || after === 69 || ((after === 120 || after === 88) && c === 48 && j === i + 1)) {
        len = matchAt(floatPattern, text, i);
        if (len > 0) type = T.FloatLiteral;
        else {
          len = matchAt(hexPattern, text, i);
          if (len > 0) type = T.HexLiteral;
          else len = matchAt(intPattern, text, i);
        }
      } else {
        // IntLiteral: the digits and any [uUlL] suffix.
        while (j < n) {
          const s = text.charCodeAt(j);
          if (s !== 117 && s !== 85 && s !== 108 && s !== 76) break;
          j++;
        }
        len = j - i;
      }
      tokens[count++] = token(text.substring(i, i + len), i, type);
      i += len;
      continue;
    }
    switch (c) {
      case 47 /* / */: {
        const next = text.charCodeAt(i + 1);
        if (next === 42 /* * */) {
          const close = text.indexOf('*/', i + 2);
          if (close >= 0) {
            i = close + 2;
            continue;
          }
        } else if (next === 47) {
          const eol = text.indexOf('\n', i + 2);
          i = eol < 0 ? n : eol;
          continue;
        }
        break;
      }
      case 35 /* # */: {
        let j = i + 1;
        while (j < n) {
          const d = text.charCodeAt(j);
          if (d === 10) break;
          if (d === 92 /* \ */) {
            const e = text.charCodeAt(j + 1);
            if (e === 10) j += 2;
            else if (e === 13 && text.charCodeAt(j + 2) === 10) j += 3;
            else j++;
          } else j++;
        }
        tokens[count++] = token(text.substring(i, j), i, T.Directive);
        i = j;
        continue;
      }
      case 92 /* \ */: {
        // Backslash-newline outside a directive is white space.
        const e = text.charCodeAt(i + 1);
        if (e === 10) {
          i += 2;
          continue;
        }
        if (e === 13 && text.charCodeAt(i + 2) === 10) {
          i += 3;
          continue;
        }
        return scanner.dropTokens(count);
      }
      case 34 /* " */:
      case 39 /* ' */: {
        const isString = c === 34;
        const len = matchAt(isString ? stringPattern : charPattern, text, i);
        if (len < 0) return scanner.dropTokens(count);
        tokens[count++] = token(text.substring(i, i + len), i, isString ? T.StringLiteral : T.CharLiteral);
        i += len;
        continue;
      }
      case 46 /* . */: {
        const next = text.charCodeAt(i + 1);
        if (next >= 48 && next <= 57) {
          const len = matchAt(floatPattern, text, i);
          tokens[count++] = token(text.substring(i, i + len), i, T.FloatLiteral);
          i += len;
          continue;
        }
        if (next === 46 && text.charCodeAt(i + 2) === 46) {
          tokens[count++] = token('...', i, T.Ellipsis);
          i += 3;
          continue;
        }
        break;
      }
      default:
        break;
    }
    if (c >= 128) return scanner.dropTokens(count);
    const twos = pairs[c];
    if (twos !== undefined) {
      const next = text.charCodeAt(i + 1);
      let found: TokenType | undefined;
      for (let k = 0; k < twos.seconds.length; k++) {
        if (twos.seconds[k] === next) {
          found = twos.types[k];
          break;
        }
      }
      if (found !== undefined) {
        tokens[count++] = token(found.PATTERN as string, i, found);
        i += 2;
        continue;
      }
    }
    const single = punctuation[c];
    if (single === undefined) return scanner.dropTokens(count);
    tokens[count++] = token(single.PATTERN as string, i, single);
    i++;
  }
  return scanner.takeTokens(count);
}
