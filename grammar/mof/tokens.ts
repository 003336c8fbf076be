/**
 * MOF tokens (DSP0004 MOF 2.x as WMI's mofcomp accepts it, plus DSP0221 MOF 3.0 keywords).
 *
 * Keywords are case-insensitive and belong to the `Name` category, so a keyword is still
 * accepted where MOF allows any identifier (a property called `Value`, a parameter called
 * `Class`). CIM data types are *not* keywords: a type is parsed as a name and classified
 * afterwards, which also covers WMI's class-typed embedded-object properties
 * (`Win32_ProcessStartup ProcessStartupInformation`).
 *
 * Numbers are one token (`[+-]digits...` up to the end of the alphanumeric run) and are
 * classified into decimal/hex/octal/binary/real when converted, so that `09`, `2b` or
 * `0.` become one clear "invalid number" diagnostic instead of two odd tokens.
 */

import { Lexer, createToken, type TokenType } from '../chevrotain.js';

export const WhiteSpace = createToken({ name: 'WhiteSpace', pattern: /[ \t\r\n\f\v\u00a0\ufeff]+/, group: Lexer.SKIPPED });
/** A backslash ending a line joins it to the next (driver MOFs are C-preprocessed). */
export const LineContinuation = createToken({ name: 'LineContinuation', pattern: /\\[ \t]*\r?\n/, group: Lexer.SKIPPED });
export const LineComment = createToken({ name: 'LineComment', pattern: /\/\/[^\r\n]*/, group: Lexer.SKIPPED });
export const BlockComment = createToken({ name: 'BlockComment', pattern: /\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//, group: Lexer.SKIPPED });

/** Any identifier-like word: plain identifiers and every keyword. */
export const Name = createToken({ name: 'Name', pattern: Lexer.NA });
export const Identifier = createToken({
  name: 'Identifier',
  pattern: /[A-Za-z_\u0080-\uffef][A-Za-z0-9_\u0080-\uffef]*/,
  categories: [Name],
});

function keyword(word: string): TokenType {
  return createToken({
    name: word[0].toUpperCase() + word.slice(1),
    pattern: new RegExp(word, 'i'),
    longer_alt: Identifier,
    categories: [Name],
  });
}

export const Class = keyword('class');
export const Instance = keyword('instance');
export const Of = keyword('of');
export const As = keyword('as');
export const Qualifier = keyword('qualifier');
export const Ref = keyword('ref');
export const Null = keyword('null');
export const True = keyword('true');
export const False = keyword('false');
export const Scope = keyword('scope');
export const Flavor = keyword('flavor');
export const Association = keyword('association');
export const Indication = keyword('indication');
export const Structure = keyword('structure');
export const Enumeration = keyword('enumeration');
export const Value = keyword('value');

/**
 * Unterminated comments and literals are lexed as one error token each (to the end of the
 * input, or of the line for literals) so that the lexer stays linear on any input instead
 * of retrying the full pattern at every following character.
 */
export const UnterminatedComment = createToken({ name: 'UnterminatedComment', pattern: /\/\*[\s\S]*/, group: 'errors' });
export const UnterminatedString = createToken({ name: 'UnterminatedString', pattern: /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*\\?/, group: 'errors' });
export const UnterminatedChar = createToken({ name: 'UnterminatedChar', pattern: /'[^'\\\r\n]*(?:\\[^\r\n][^'\\\r\n]*)*\\?/, group: 'errors' });

export const Pragma = createToken({ name: 'Pragma', pattern: /#[ \t]*pragma/i });
export const AliasIdentifier = createToken({ name: 'AliasIdentifier', pattern: /\$[A-Za-z_\u0080-\uffef][A-Za-z0-9_\u0080-\uffef]*/ });
// Unrolled loops (`a*(?:\\.a*)*`) rather than an alternation per character: about twice as fast.
const stringLiteralRe = /"[^"\\\r\n]*(?:\\[^\r\n][^"\\\r\n]*)*"/y;

/**
 * String literals are 62% of CIM's characters (Description texts), so they are matched by
 * `indexOf` (a vectorized search) rather than by the regular expression's character loop:
 * the literal ends at the next `"` when no backslash, CR or LF comes before it. The next
 * position of each of those is remembered and only searched again once the lexer has
 * passed it, so the searches stay linear over a whole file. Literals with an
 * escape, and unterminated ones, fall back to the regular expression.
 */
const stringScan = { text: '', from: 0, backslash: -1, lf: -1, cr: -1 };
/** One result array reused for every match (Chevrotain reads `[0]` at once). */
const stringMatch: [string] = [''];
function nextIndex(text: string, ch: string, from: number, cached: number): number {
  if (cached >= from) return cached;
  const i = text.indexOf(ch, from);
  return i < 0 ? text.length : i;
}
/** The end (exclusive) of the string literal starting at `offset` (a `"`), or -1. */
function literalEnd(text: string, offset: number): number {
  const scan = stringScan;
  const from = offset + 1;
  // The remembered positions hold for this text from the last search on: forget them for
  // another text, or when lexing starts over (the same text tokenized again).
  if (scan.text !== text || from < scan.from) {
    scan.text = text;
    scan.backslash = scan.lf = scan.cr = -1;
  }
  scan.from = from;
  const close = text.indexOf('"', from);
  if (close >= 0) {
    scan.backslash = nextIndex(text, '\\', from, scan.backslash);
    scan.lf = nextIndex(text, '\n', from, scan.lf);
    scan.cr = nextIndex(text, '\r', from, scan.cr);
    if (close < scan.backslash && close < scan.lf && close < scan.cr) return close + 1;
  }
  stringLiteralRe.lastIndex = offset;
  return stringLiteralRe.test(text) ? stringLiteralRe.lastIndex : -1;
}
/**
 * A run of adjacent string literals separated only by spaces, tabs and line breaks, or by nothing (how
 * CIM writes every multi-line Description) is one token: MOF concatenates them anyway
 * (DSP0004 `stringValue = 1*stringLiteral`), and a token per line would be one token in
 * seven of CIM. The parser splits the image into its literals (`StringRunBuilder`).
 * A comment or anything else between two literals ends the run; the parser still accepts
 * the next literal as a continuation.
 */
function matchStringLiteral(text: string, offset: number): [string] | null {
  let end = literalEnd(text, offset);
  if (end < 0) return null;
  for (;;) {
    let next = end;
    let c = text.charCodeAt(next);
    while (c === 32 || c === 10 || c === 13 || c === 9) c = text.charCodeAt(++next);
    if (c !== 34) break;
    const more = literalEnd(text, next);
    if (more < 0) break;
    end = more;
  }
  stringMatch[0] = text.substring(offset, end);
  return stringMatch;
}
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: { exec: matchStringLiteral },
  start_chars_hint: ['"'],
  // A run of literals spans lines.
  line_breaks: true,
});
export const CharLiteral = createToken({ name: 'CharLiteral', pattern: /'[^'\\\r\n]*(?:\\[^\r\n][^'\\\r\n]*)*'/ });
export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][+-]?[0-9]+)?[A-Za-z0-9_]*/,
});

export const LCurly = createToken({ name: 'LCurly', pattern: /\{/ });
export const RCurly = createToken({ name: 'RCurly', pattern: /\}/ });
export const LParen = createToken({ name: 'LParen', pattern: /\(/ });
export const RParen = createToken({ name: 'RParen', pattern: /\)/ });
export const LSquare = createToken({ name: 'LSquare', pattern: /\[/ });
export const RSquare = createToken({ name: 'RSquare', pattern: /\]/ });
export const Semicolon = createToken({ name: 'Semicolon', pattern: /;/ });
export const Comma = createToken({ name: 'Comma', pattern: /,/ });
export const Colon = createToken({ name: 'Colon', pattern: /:/ });
export const Equals = createToken({ name: 'Equals', pattern: /=/ });

export const keywordTokens: TokenType[] = [
  Class, Instance, Of, As, Qualifier, Ref, Null, True, False, Scope, Flavor,
  Association, Indication, Structure, Enumeration, Value,
];

export const allTokens: TokenType[] = [
  WhiteSpace, LineContinuation, LineComment, BlockComment, UnterminatedComment,
  Pragma, AliasIdentifier, StringLiteral, UnterminatedString, CharLiteral, UnterminatedChar, NumberLiteral,
  // Longest keywords first, so `as` does not shadow `association`.
  ...[...keywordTokens].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  Identifier, Name,
  LCurly, RCurly, LParen, RParen, LSquare, RSquare, Semicolon, Comma, Colon, Equals,
];

/** Builds the MOF lexer; `ensureOptimizations` is turned on by the test that guards speed. */
export function createMofLexer(ensureOptimizations = false): InstanceType<typeof Lexer> {
  return new Lexer(allTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations,
    skipValidations: !ensureOptimizations,
  });
}

export const mofLexer = createMofLexer();
