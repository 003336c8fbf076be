/**
 * WQL tokens. Keywords are case-insensitive and tied to `Identifier` with `longer_alt`,
 * so `Selection` or `Isolated` stay identifiers. The words of the ASSOCIATORS OF WHERE
 * clause (`ResultClass`, `Role`, …) are *not* keywords: they are ordinary identifiers
 * recognized by the parser, so they remain usable as property names elsewhere.
 */

import { Lexer, createToken, type TokenType } from '../chevrotain.js';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  pattern: /[ \t\r\n\f\v]+/,
  group: Lexer.SKIPPED,
});

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_][A-Za-z0-9_]*/ });

function keyword(name: string): TokenType {
  return createToken({ name, pattern: new RegExp(name, 'i'), longer_alt: Identifier });
}

export const Select = keyword('SELECT');
export const From = keyword('FROM');
export const Where = keyword('WHERE');
export const And = keyword('AND');
export const Or = keyword('OR');
export const Not = keyword('NOT');
// ISA before IS, so `ISA` is not read as `IS` + `A` (longer_alt would catch it too).
export const Isa = keyword('ISA');
export const Is = keyword('IS');
export const Like = keyword('LIKE');
export const Null = keyword('NULL');
export const True = keyword('TRUE');
export const False = keyword('FALSE');
export const Within = keyword('WITHIN');
export const Group = keyword('GROUP');
export const By = keyword('BY');
export const Having = keyword('HAVING');
export const Associators = keyword('ASSOCIATORS');
export const References = keyword('REFERENCES');
export const Of = keyword('OF');

/**
 * String literals in either quote; a backslash escapes the next character (WQL's
 * documented escapes are `\\`, `\"` and `\'`; any other escaped character stands for itself).
 */
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /"(?:[^"\\]|\\[\s\S])*"|'(?:[^'\\]|\\[\s\S])*'/,
  line_breaks: true,
});

export const NumberLiteral = createToken({
  name: 'NumberLiteral',
  pattern: /[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?/,
});

/**
 * `{object path}` of ASSOCIATORS OF / REFERENCES OF. The path's quoted key values may
 * contain `}`, so a custom matcher scans quotes and escapes rather than a regexp.
 */
function matchObjectPath(text: string, offset: number): RegExpExecArray | null {
  if (text.charCodeAt(offset) !== 123 /* { */) return null;
  let quote = 0;
  for (let i = offset + 1; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (quote !== 0) {
      if (c === 92 /* \ */) i++;
      else if (c === quote) quote = 0;
    } else if (c === 34 || c === 39) {
      quote = c;
    } else if (c === 125 /* } */) {
      const match = [text.slice(offset, i + 1)] as unknown as RegExpExecArray;
      return match;
    }
  }
  return null;
}

export const ObjectPathLiteral = createToken({
  name: 'ObjectPathLiteral',
  pattern: { exec: matchObjectPath },
  start_chars_hint: ['{'],
  line_breaks: true,
});

export const NotEquals = createToken({ name: 'NotEquals', pattern: /<>|!=/, label: "'<>'" });
export const LessEquals = createToken({ name: 'LessEquals', pattern: /<=/, label: "'<='" });
export const GreaterEquals = createToken({ name: 'GreaterEquals', pattern: />=/, label: "'>='" });
export const Less = createToken({ name: 'Less', pattern: /</, label: "'<'" });
export const Greater = createToken({ name: 'Greater', pattern: />/, label: "'>'" });
export const Equals = createToken({ name: 'Equals', pattern: /=/, label: "'='" });
export const Comma = createToken({ name: 'Comma', pattern: /,/, label: "','" });
export const Dot = createToken({ name: 'Dot', pattern: /\./, label: "'.'" });
export const Star = createToken({ name: 'Star', pattern: /\*/, label: "'*'" });
export const LParen = createToken({ name: 'LParen', pattern: /\(/, label: "'('" });
export const RParen = createToken({ name: 'RParen', pattern: /\)/, label: "')'" });

export const allTokens: TokenType[] = [
  WhiteSpace,
  StringLiteral,
  ObjectPathLiteral,
  NumberLiteral,
  Select,
  From,
  Where,
  And,
  Or,
  Not,
  Isa,
  Is,
  Like,
  Null,
  True,
  False,
  Within,
  Group,
  By,
  Having,
  Associators,
  References,
  Of,
  Identifier,
  NotEquals,
  LessEquals,
  GreaterEquals,
  Less,
  Greater,
  Equals,
  Comma,
  Dot,
  Star,
  LParen,
  RParen,
];

export function createWqlLexer(ensureOptimizations = false): InstanceType<typeof Lexer> {
  return new Lexer(allTokens, { positionTracking: 'onlyOffset', ensureOptimizations });
}
