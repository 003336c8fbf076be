/**
 * A hand-written scanner for MOF files producing exactly the tokens of `mofLexer`
 * (tokens.ts): same token types, images and offsets, in Chevrotain's `onlyOffset` token
 * shape (`image`, `startOffset`, `tokenTypeIdx`, `tokenType`, in that order), with the
 * same runs of adjacent string literals as one token. The Chevrotain lexer stays the
 * definition and the fallback: on anything it reports as an error (a character no token
 * starts with, an unterminated comment or literal), `MofScanner.scan` returns undefined and
 * the caller lexes the file with `mofLexer`, which reports it with its own message.
 * test/mof/scan.test.ts compares both on every MOF file of the corpus and on damaged
 * copies of them.
 *
 * Why a second lexer: Chevrotain's lexer was about a fifth of the CPU time of a CIM 2.51
 * load and 30 of its 83 MB of allocation (a token object per token, in a vector grown by
 * `push`; a fresh substring per name, and for every keyword a second one for its longer
 * identifier alternative), which drove the scavenges. Here characters are read from a
 * typed array, names (identifiers and keywords) are looked up by their characters in a
 * per-load table (`MofNameTable`) so that every occurrence of a name shares one string,
 * and token objects are reused from file to file (`MofScanner`). Scanning CIM 2.51 as the
 * loader holds it: 39 ms of CPU with the Chevrotain lexer, 20.5 ms here (best of 35);
 * allocation of a whole load 83 -> 61 MB.
 */

import { EOF, type IToken, type TokenType } from './chevrotain.js';
import * as T from './tokens.js';
import { hashEnd, hashStep, randomHashSeed } from '../name-hash.js';
import { littleEndian } from './literals.js';

/** Longer names are left to the lexer, so that `length << 5` fits the table's slots. */
const maxNameLength = 1 << 20;

/** Identifier, then every keyword type: a name's type is stored as its index here. */
const typeByIdx: TokenType[] = [T.Identifier, ...T.keywordTokens];
/** The keywords' spellings (lower case, from tokens.ts's patterns), by the same index. */
const keywordSpelling: string[] = typeByIdx.map((t, k) => (k === 0 ? '' : (t.PATTERN as RegExp).source));

/**
 * The index in `typeByIdx` of the name codes[start, end): a keyword's, else 0 (Identifier).
 * A keyword pattern (`/class/i`, with `longer_alt: Identifier`) wins only when it matches
 * the whole identifier-like word: Chevrotain tries the keywords longest first and takes the
 * longer identifier match otherwise, so `Classes` and `as_` are identifiers and `CLASS` is
 * the keyword. The `i` flag without `u` folds ASCII letters only, which `| 0x20` does (a
 * keyword's letters are met only by themselves in either case; a character above 0x7f
 * stays above it).
 */
function nameTypeIdx(codes: Uint16Array, start: number, end: number): number {
  const len = end - start;
  for (let t = 1; t < keywordSpelling.length; t++) {
    const word = keywordSpelling[t];
    if (word.length !== len) continue;
    let k = 0;
    while (k < len && (codes[start + k] | 0x20) === word.charCodeAt(k)) k++;
    if (k === len) return t;
  }
  return 0;
}

/**
 * The names (identifiers and keywords) met in one load, each stored once with its token
 * type: looked up by their characters, so a repeated name costs no new string. Made per
 * load, or cleared for each file parsed alone; never kept between loads.
 *
 * One slot of `meta` holds a name's hash, where its code units start in `chars`, its length
 * and its type side by side; a lookup compares code units there, never the strings.
 */
export class MofNameTable {
  private names: (string | undefined)[];
  /** Per slot: hash, start in `chars`, `length << 5 | type index` (0 for an empty slot; see `maxNameLength`). */
  private meta: Int32Array;
  private chars: Uint16Array;
  private charsUsed = 0;
  /** The slots in use, in order of use (for `clear` and `grow`). */
  private used: Int32Array;
  private count = 0;

  /** The token type of the name `intern` returned last. */
  lastType: TokenType = T.Identifier;

  /**
   * Where the names' hashes start (see grammar/name-hash.ts), random per table: with a
   * fixed hash, names made to collide (`AaAa`, `AaBB`, `BBAa`, `BBBB` all hash alike with
   * `31 * h + c`) put every name in one probe chain, and 8,192 such names took 1.5 s
   * instead of 0.4 s.
   */
  readonly seed = randomHashSeed();

  /** Slots of other names passed over by lookups so far: the table's extra work (tested). */
  passedSlots = 0;

  /**
   * `capacity`: a power of two. CIM 2.51 has 7,848 distinct names, which 16,384 slots hold
   * below the 3/4 fill that makes the table grow.
   */
  constructor(capacity = 16384) {
    this.names = new Array<string | undefined>(capacity);
    this.meta = new Int32Array(capacity * 3);
    this.used = new Int32Array(capacity);
    this.chars = new Uint16Array(capacity * 8);
  }

  /** Forgets every name (in time proportional to their number). */
  clear(): void {
    for (let k = 0; k < this.count; k++) {
      const slot = this.used[k];
      this.names[slot] = undefined;
      this.meta[slot * 3 + 2] = 0;
    }
    this.count = 0;
    this.charsUsed = 0;
  }

  /**
   * The stored name equal to text[start, end), whose code units are codes[start, end) and
   * whose hash is `hash`; its type in `lastType`.
   */
  intern(text: string, codes: Uint16Array, start: number, end: number, hash: number): string {
    const meta = this.meta;
    const mask = this.used.length - 1;
    const len = end - start;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const m = slot * 3;
      const info = meta[m + 2];
      if (info === 0) return this.add(text, codes, start, end, hash, slot);
      if (meta[m] === hash && info >>> 5 === len) {
        const chars = this.chars;
        const at = meta[m + 1];
        let k = 0;
        while (k < len && chars[at + k] === codes[start + k]) k++;
        if (k === len) {
          this.lastType = typeByIdx[info & 31];
          return this.names[slot]!;
        }
      }
      this.passedSlots++;
    }
  }

  private add(text: string, codes: Uint16Array, start: number, end: number, hash: number, slot: number): string {
    const fresh = text.substring(start, end);
    const typeIdx = nameTypeIdx(codes, start, end);
    const len = end - start;
    if (this.charsUsed + len > this.chars.length) {
      const bigger = new Uint16Array(Math.max(this.chars.length * 2, this.charsUsed + len));
      bigger.set(this.chars);
      this.chars = bigger;
    }
    const chars = this.chars;
    const at = this.charsUsed;
    for (let k = 0; k < len; k++) chars[at + k] = codes[start + k];
    this.charsUsed = at + len;
    this.names[slot] = fresh;
    this.meta[slot * 3] = hash;
    this.meta[slot * 3 + 1] = at;
    this.meta[slot * 3 + 2] = (len << 5) | typeIdx;
    this.used[this.count] = slot;
    this.lastType = typeByIdx[typeIdx];
    if (++this.count * 4 > this.used.length * 3) this.grow();
    return fresh;
  }

  private grow(): void {
    const { names, meta, used } = this;
    const size = used.length * 2;
    const mask = size - 1;
    this.names = new Array<string | undefined>(size);
    this.meta = new Int32Array(size * 3);
    this.used = new Int32Array(size);
    for (let k = 0; k < this.count; k++) {
      const old = used[k];
      let slot = meta[old * 3] & mask;
      while (this.meta[slot * 3 + 2] !== 0) slot = (slot + 1) & mask;
      this.names[slot] = names[old];
      this.meta.set(meta.subarray(old * 3, old * 3 + 3), slot * 3);
      this.used[k] = slot;
    }
  }
}

// Character classes of the ASCII range. Above it, U+00A0 and U+FEFF start white space,
// U+0080..U+FFEF are name characters (tokens.ts's Identifier pattern) and U+FFF0..U+FFFF
// start no token.
const SPACE = 1;
const NAME_START = 2;
const NAME_PART = 4;
/** `[A-Za-z0-9_]`: the characters a NumberLiteral's suffix may hold. */
const WORD = 8;
const charClass: Uint8Array = (() => {
  const c = new Uint8Array(128);
  for (let i = 0; i < 128; i++) {
    const ch = String.fromCharCode(i);
    if (/[ \t\r\n\f\v]/.test(ch)) c[i] |= SPACE;
    if (/[A-Za-z_]/.test(ch)) c[i] |= NAME_START | NAME_PART | WORD;
    if (/[0-9]/.test(ch)) c[i] |= NAME_PART | WORD;
  }
  return c;
})();

/** The single-character punctuation tokens by character, and their images. */
const punctuation = new Array<TokenType | undefined>(128).fill(undefined);
const punctuationImage = new Array<string>(128).fill('');
for (const t of [T.LCurly, T.RCurly, T.LParen, T.RParen, T.LSquare, T.RSquare, T.Semicolon, T.Comma, T.Colon, T.Equals]) {
  const ch = (t.PATTERN as RegExp).source.replace('\\', '');
  punctuation[ch.charCodeAt(0)] = t;
  punctuationImage[ch.charCodeAt(0)] = ch;
}

/** Makes token `k` of the pool the given token (a new object the first time, then the same one). */
function put(pool: IToken[], k: number, image: string, startOffset: number, tokenType: TokenType): void {
  if (k < pool.length) {
    const t = pool[k];
    t.image = image;
    t.startOffset = startOffset;
    t.tokenTypeIdx = tokenType.tokenTypeIdx!;
    t.tokenType = tokenType;
  } else {
    // The property order of Chevrotain's onlyOffset tokens, so both kinds share one shape.
    pool.push({ image, startOffset, tokenTypeIdx: tokenType.tokenTypeIdx!, tokenType } as IToken);
  }
}

/**
 * The code units of the text being scanned. Reading characters from a typed array is
 * faster than `charCodeAt` on the loader's texts, which are slices of one string read
 * together and kept outside the heap (read-files.ts), where each `charCodeAt` goes through
 * the slice to the external characters: the copy (under 1 ms for all of CIM 2.51) took the
 * scanner from 29 to 24 ms. One buffer, grown to the largest file (up to 4 MB; a larger
 * file gets its own), serves every file, as the loader's read buffer does.
 */
let sharedCodes = new Uint16Array(1 << 16);
let sharedCodeBytes = Buffer.from(sharedCodes.buffer);
const maxSharedCodes = 1 << 21;

/** text's code units, then a 0 (a sentinel the loops may read one past the end). */
function codeUnitsOf(text: string): Uint16Array {
  const need = text.length + 1;
  let codes = sharedCodes;
  let bytes = sharedCodeBytes;
  if (need > codes.length) {
    let size = codes.length;
    while (size < need) size *= 2;
    codes = new Uint16Array(size);
    bytes = Buffer.from(codes.buffer);
    if (size <= maxSharedCodes) {
      sharedCodes = codes;
      sharedCodeBytes = bytes;
    }
  }
  bytes.write(text, 0, 'utf16le');
  codes[text.length] = 0;
  return codes;
}

/**
 * Where the next backslash, LF and CR are from `from` on (see `literalEnd`): the scanner
 * moves forward, so each is searched again only once passed. They hold for positions from
 * `from` on only: a search that starts before it (a literal scanned again) starts afresh.
 */
interface StringScan {
  from: number;
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
 * is unterminated: tokens.ts's `"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"`. String literals are
 * 71% of CIM's characters (Description texts), so the closing quote, the backslashes and
 * the line breaks are found by `indexOf`, a vectorized search, rather than by a loop over
 * every character: the literal ends at the first quote unless a line break (unterminated)
 * or a backslash (an escape, skipped with the character it escapes) comes first.
 */
function literalEnd(text: string, codes: Uint16Array, offset: number, scan: StringScan): number {
  let from = offset + 1;
  let close = text.indexOf('"', from);
  if (from < scan.from) scan.backslash = scan.lf = scan.cr = -1;
  for (;;) {
    if (close < 0) return -1;
    scan.from = from;
    const backslash = (scan.backslash = nextIndex(text, '\\', from, scan.backslash));
    const lf = (scan.lf = nextIndex(text, '\n', from, scan.lf));
    const cr = (scan.cr = nextIndex(text, '\r', from, scan.cr));
    const lineEnd = lf < cr ? lf : cr;
    if (close < backslash && close < lineEnd) return close + 1;
    if (lineEnd < backslash) return -1;
    // An escape: the backslash and the next character, which must be there and not end the line.
    const escaped = codes[backslash + 1];
    if (backslash + 1 >= text.length || escaped === 10 || escaped === 13) return -1;
    from = backslash + 2;
    if (close < from) close = text.indexOf('"', from);
  }
}

/** The end (exclusive) of the literal opened by the quote `quote` at `offset`, or -1. */
function quotedEnd(codes: Uint16Array, n: number, offset: number, quote: number): number {
  for (let j = offset + 1; j < n; j++) {
    const c = codes[j];
    if (c === quote) return j + 1;
    if (c === 10 || c === 13) return -1;
    if (c === 92) {
      // A backslash escapes any character but a line break (and needs one after it).
      const e = codes[j + 1];
      if (j + 1 >= n || e === 10 || e === 13) return -1;
      j++;
    }
  }
  return -1;
}

const isDigit = (c: number): boolean => c >= 48 && c <= 57;

/** The end (exclusive) of the NumberLiteral at `i`, or -1 (tokens.ts's pattern, by hand). */
function numberEnd(codes: Uint16Array, i: number): number {
  // codes[n] is 0, which ends every run below.
  let j = i;
  let c = codes[j];
  if (c === 43 || c === 45) c = codes[++j];
  if (isDigit(c)) {
    do c = codes[++j];
    while (isDigit(c));
    if (c === 46) {
      do c = codes[++j];
      while (isDigit(c));
    }
  } else if (c === 46 && isDigit(codes[j + 1])) {
    j++;
    do c = codes[++j];
    while (isDigit(c));
  } else return -1;
  if (c === 101 || c === 69) {
    let k = j + 1;
    let s = codes[k];
    if (s === 43 || s === 45) s = codes[++k];
    if (isDigit(s)) {
      do s = codes[++k];
      while (isDigit(s));
      j = k;
    }
  }
  for (c = codes[j]; c < 128 && (charClass[c] & WORD) !== 0; c = codes[++j]);
  return j;
}

/** Whether `pragma` (in any case of its ASCII letters) is at codes[j]. */
function isPragmaWord(codes: Uint16Array, j: number): boolean {
  for (let k = 0; k < 6; k++) if ((codes[j + k] | 0x20) !== 'pragma'.charCodeAt(k)) return false;
  return true;
}

/**
 * The scanning state of one load: its name table, and the token objects it fills, reused
 * from file to file. Token objects were 18.5 of the 25 MB that scanning CIM 2.51 allocated
 * (330,000 objects of 56 bytes), a quarter of a whole load's allocation, and what made the
 * collector run so often; the parser keeps only their images and offsets, so a file's
 * tokens are garbage once it is parsed, and the next file can fill the same objects.
 */
export class MofScanner {
  readonly names: MofNameTable;
  private readonly pool: IToken[] = [];
  /**
   * What `scanPadded` hands out: the pool's tokens, then EOF sentinels. Kept from file to
   * file at its largest length, like the pool: a vector per file (an exact-length copy of
   * the pool, which Chevrotain then grew by half to push its sentinels onto) was 5 of a
   * CIM 2.51 load's 45 MB of allocation. A separate array from the pool, though it holds the
   * same objects: writing the sentinels into the pool itself (and making a new token object
   * where one had been) measured 2-10 ms slower per load, in four runs of 30 alternated loads.
   */
  private vector: IToken[] = [];
  /** How many of the pool's objects may hold an image of an earlier text. */
  private filled = 0;
  /** The number of tokens `scanPadded` found last (the vector's sentinels start there). */
  count = 0;

  constructor(names = new MofNameTable()) {
    this.names = names;
  }

  /**
   * The tokens of a whole file, as `mofLexer.tokenize(text).tokens` (a new array of this
   * scanner's token objects, VALID UNTIL ITS NEXT `scan`); undefined when the lexer would
   * report an error or an error-group token (the caller then runs `mofLexer`).
   */
  scan(text: string): IToken[] | undefined {
    return this.scanPadded(text, 0)?.slice(0, this.count);
  }

  /**
   * The same tokens in this scanner's own vector, without a copy: `count` tokens followed by
   * `sentinels` EOF tokens, and after those whatever an earlier, longer file left (the
   * vector's length is not the file's). VALID UNTIL THE NEXT `scan`.
   */
  scanPadded(text: string, sentinels: number): IToken[] | undefined {
    if (!littleEndian) return undefined;
    const pool = this.pool;
    const count = scanInto(text, this.names, pool);
    this.filled = Math.max(this.filled, count < 0 ? pool.length : count);
    if (count < 0) return undefined;
    this.count = count;
    let vector = this.vector;
    if (vector.length < count + sentinels) {
      // Made anew at the file's size when it is too short, not grown element by element
      // (a fresh scanner's first file, or a longer file than any before): growing a vector
      // of 60,000 tokens from empty tripled the scanner's garbage on a one-file load.
      vector = this.vector = pool.slice(0, count);
    } else {
      for (let k = 0; k < count; k++) vector[k] = pool[k];
    }
    for (let k = count; k < count + sentinels; k++) vector[k] = eofSentinel;
    return vector;
  }

  /**
   * Forgets the names and drops the token images, for a scanner kept between parses
   * (parseMof's scratch scanner) that must not keep the last file's text alive.
   */
  release(): void {
    for (let k = 0; k < this.filled; k++) this.pool[k].image = '';
    this.filled = 0;
    this.names.clear();
  }
}

/**
 * The end of a padded token vector: an EOF token in the scanner's token shape (not frozen,
 * which would give it a shape of its own at every place that reads a token's type), with an
 * integer offset: Chevrotain's own EOF token has NaN there, and a NaN in this shape made V8
 * store every token's offset as a boxed double (16 more bytes per token object, 3 MB on a
 * file of 240,000 tokens). Nothing reads it: the sentinels end a parse whose errors are
 * reported from an exact token list.
 */
const eofSentinel = { image: '', startOffset: -1, tokenTypeIdx: EOF.tokenTypeIdx!, tokenType: EOF } as IToken;

/** Fills pool[0, count) with the tokens of `text` and returns `count`, or -1 where the lexer would report an error. */
function scanInto(text: string, names: MofNameTable, pool: IToken[]): number {
  const n = text.length;
  const codes = codeUnitsOf(text);
  const scan: StringScan = { from: 0, backslash: -1, lf: -1, cr: -1 };
  let count = 0;
  let i = 0;
  while (i < n) {
    const c = codes[i];
    let cls: number;
    if (c < 128) cls = charClass[c];
    else if (c === 0xa0 || c === 0xfeff) cls = SPACE;
    else if (c <= 0xffef) cls = NAME_START;
    else return -1;
    if ((cls & SPACE) !== 0) {
      // Indentation comes in runs of spaces: skip them here rather than one per round.
      while (codes[++i] === 32);
      continue;
    }
    if ((cls & NAME_START) !== 0) {
      // The table's seeded hash (grammar/name-hash.ts), taken as the name's end is found.
      let hash = hashStep(names.seed, c);
      let j = i + 1;
      // codes[n] is 0: not a name character.
      for (let d = codes[j]; d < 128 ? (charClass[d] & NAME_PART) !== 0 : d <= 0xffef; d = codes[++j]) {
        hash = hashStep(hash, d);
      }
      hash = hashEnd(hash);
      if (j - i > maxNameLength) return -1;
      const image = names.intern(text, codes, i, j, hash);
      put(pool, count++, image, i, names.lastType);
      i = j;
      continue;
    }
    const single = punctuation[c];
    if (single !== undefined) {
      put(pool, count++, punctuationImage[c], i, single);
      i++;
      continue;
    }
    switch (c) {
      case 34 /* " */: {
        // A run of literals separated by blanks only is one token (see tokens.ts).
        let end = literalEnd(text, codes, i, scan);
        if (end < 0) return -1;
        for (;;) {
          let next = end;
          let d = codes[next];
          while (d === 32 || d === 10 || d === 13 || d === 9) d = codes[++next];
          if (d !== 34) break;
          const more = literalEnd(text, codes, next, scan);
          if (more < 0) break;
          end = more;
        }
        put(pool, count++, text.substring(i, end), i, T.StringLiteral);
        i = end;
        continue;
      }
      case 47 /* / */: {
        const next = codes[i + 1];
        if (next === 47) {
          let j = i + 2;
          for (let d = codes[j]; j < n && d !== 10 && d !== 13; d = codes[++j]);
          i = j;
          continue;
        }
        if (next === 42) {
          const close = text.indexOf('*/', i + 2);
          if (close < 0) return -1;
          i = close + 2;
          continue;
        }
        return -1;
      }
      case 39 /* ' */: {
        const end = quotedEnd(codes, n, i, 39);
        if (end < 0) return -1;
        put(pool, count++, text.substring(i, end), i, T.CharLiteral);
        i = end;
        continue;
      }
      case 35 /* # */: {
        // `#[ \t]*pragma`, case-insensitive (ASCII letters only: the pattern has no `u` flag).
        let j = i + 1;
        for (let d = codes[j]; d === 32 || d === 9; d = codes[++j]);
        if (j + 6 > n || !isPragmaWord(codes, j)) return -1;
        put(pool, count++, text.substring(i, j + 6), i, T.Pragma);
        i = j + 6;
        continue;
      }
      case 36 /* $ */: {
        const d = codes[i + 1];
        if (i + 1 >= n || !(d < 128 ? (charClass[d] & NAME_START) !== 0 : d <= 0xffef)) return -1;
        let j = i + 2;
        for (let e = codes[j]; e < 128 ? (charClass[e] & NAME_PART) !== 0 : e <= 0xffef; e = codes[++j]);
        put(pool, count++, text.substring(i, j), i, T.AliasIdentifier);
        i = j;
        continue;
      }
      case 92 /* \ */: {
        // A backslash ending a line (blanks may come between) joins it to the next.
        let j = i + 1;
        let d = codes[j];
        while (d === 32 || d === 9) d = codes[++j];
        if (d === 13) d = codes[++j];
        if (d !== 10 || j >= n) return -1;
        i = j + 1;
        continue;
      }
      default: {
        // `+`, `-`, `.` and digits start numbers; any other character starts no token.
        const end = numberEnd(codes, i);
        if (end < 0) return -1;
        put(pool, count++, text.substring(i, end), i, T.NumberLiteral);
        i = end;
        continue;
      }
    }
  }
  return count;
}
