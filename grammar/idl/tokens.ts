/**
 * Tokens of Microsoft IDL (MIDL / widl dialect) and the C subset that SDK headers
 * imported by IDL files use. One lexer serves both the preprocessor (which sees
 * `Directive` tokens and identifiers to expand) and the parser.
 *
 * Keywords are tied to `Identifier` with `longer_alt`, so `interfaceFoo` stays one
 * identifier. Base C type words (`unsigned`, `long`, `__int64`, …) share the
 * `BaseTypeWord` category because they combine (`unsigned long long`), while single
 * word IDL types (`byte`, `boolean`, `wchar_t`, `BSTR`) are plain identifiers that the
 * model resolves: the grammar does not need to know them.
 */

import { createToken, Lexer, type IToken, type TokenType } from '../chevrotain.js';

export const WhiteSpace = createToken({
  name: 'WhiteSpace',
  // A backslash-newline outside a directive is a line continuation: C removes it first.
  pattern: /(?:[ \t\r\n\f\v]|\\\r?\n)+/,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const BlockComment = createToken({
  name: 'BlockComment',
  pattern: /\/\*[^*]*\*+(?:[^/*][^*]*\*+)*\//,
  group: Lexer.SKIPPED,
  line_breaks: true,
});
export const LineComment = createToken({
  name: 'LineComment',
  pattern: /\/\/[^\n]*/,
  group: Lexer.SKIPPED,
});
/** A whole preprocessor line, continuations included; the preprocessor consumes it. */
export const Directive = createToken({
  name: 'Directive',
  pattern: /#(?:[^\n\\]|\\\r?\n|\\)*/,
  line_breaks: true,
  start_chars_hint: ['#'],
});

/**
 * A whole `cpp_quote("…")` (strings, parentheses and an optional `;`) as one token: SDK
 * IDLs hold thousands, and the preprocessor only sets them aside.
 */
export const CppQuoteLine = createToken({
  name: 'CppQuoteLine',
  pattern: /cpp_quote[ \t]*\([ \t]*(?:L?"(?:[^"\\\n]|\\.)*"\s*)+\)(?:[ \t]*;)?/,
  start_chars_hint: ['c'],
  line_breaks: true,
});
export const StringLiteral = createToken({
  name: 'StringLiteral',
  pattern: /L?"(?:[^"\\\n]|\\.)*"/,
  start_chars_hint: ['L', '"'],
});
export const CharLiteral = createToken({
  name: 'CharLiteral',
  pattern: /L?'(?:[^'\\\n]|\\.)*'/,
  start_chars_hint: ['L', "'"],
});
/** A bare UUID as written in `uuid(…)`; it would otherwise lex as numbers, names and minuses. */
const uuidPattern = /[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}/y;
export const Uuid = createToken({
  name: 'Uuid',
  // Tried before every name and number that starts with a hex digit: the '-' at +8
  // rules almost all of them out before the regular expression runs.
  pattern: {
    exec(text: string, offset: number): RegExpExecArray | null {
      if (text.charCodeAt(offset + 8) !== 45) return null;
      uuidPattern.lastIndex = offset;
      return uuidPattern.exec(text);
    },
  },
  start_chars_hint: [...'0123456789abcdefABCDEF'],
  line_breaks: false,
});
export const FloatLiteral = createToken({
  name: 'FloatLiteral',
  pattern: /(?:\d+\.\d*|\.\d+)(?:[eE][+-]?\d+)?[fFlL]?|\d+[eE][+-]?\d+[fFlL]?/,
});
/** Category: hexadecimal and decimal integer literals. */
export const IntegerLiteral = createToken({ name: 'IntegerLiteral', pattern: Lexer.NA });
export const HexLiteral = createToken({ name: 'HexLiteral', pattern: /0[xX][0-9a-fA-F]+[uUlL]*/, categories: [IntegerLiteral] });
export const IntLiteral = createToken({ name: 'IntLiteral', pattern: /\d+[uUlL]*/, categories: [IntegerLiteral] });

export const Identifier = createToken({ name: 'Identifier', pattern: /[A-Za-z_$][A-Za-z0-9_$]*/, label: 'a name' });

/** Category: words that build C base types and may combine (`unsigned long int`). */
export const BaseTypeWord = createToken({ name: 'BaseTypeWord', pattern: Lexer.NA });
/** Category: calling conventions written before a method or function name. */
export const CallingConvention = createToken({ name: 'CallingConvention', pattern: Lexer.NA });
/** Category: type qualifiers that may appear anywhere in a type. */
export const TypeQualifier = createToken({ name: 'TypeQualifier', pattern: Lexer.NA });

const keywordTokens: TokenType[] = [];
function keyword(word: string, categories?: TokenType[]): TokenType {
  const name = word.replace(/^_+/, (u) => 'U'.repeat(u.length)).replace(/^./, (c) => c.toUpperCase());
  const t = createToken({
    name: `Kw${name}`,
    pattern: new RegExp(word),
    label: `'${word}'`,
    longer_alt: Identifier,
    ...(categories ? { categories } : {}),
  });
  keywordTokens.push(t);
  return t;
}

export const Void = keyword('void', [BaseTypeWord]);
export const Interface = keyword('interface');
export const Dispinterface = keyword('dispinterface');
export const Coclass = keyword('coclass');
export const Library = keyword('library');
export const Module = keyword('module');
export const Typedef = keyword('typedef');
export const Struct = keyword('struct');
export const Union = keyword('union');
export const Enum = keyword('enum');
export const Switch = keyword('switch');
export const Case = keyword('case');
export const Default = keyword('default');
export const Import = keyword('import');
export const Importlib = keyword('importlib');
export const CppQuote = keyword('cpp_quote');
export const MidlPragma = keyword('midl_pragma');
export const Properties = keyword('properties');
export const Methods = keyword('methods');
export const Sizeof = keyword('sizeof');
// WinRT (MIDL 3 style, as in the SDK's windows.*.idl): soft keywords, still usable as names.
export const Namespace = keyword('namespace');
export const Runtimeclass = keyword('runtimeclass');
export const Apicontract = keyword('apicontract');
export const Delegate = keyword('delegate');
export const Declare = keyword('declare');
export const Requires = keyword('requires');
/** `SAFEARRAY(T)`; also the plain type name `SAFEARRAY` (as in `SAFEARRAY *psa`). */
export const Safearray = keyword('SAFEARRAY');
export const Extern = keyword('extern');
export const Static = keyword('static');

export const Const = keyword('const', [TypeQualifier]);
export const Volatile = keyword('volatile', [TypeQualifier]);
// `__RPC_FAR`, `__RPC_USER` and friends are macros in real headers; these are the
// qualifiers the compilers themselves know.
export const Ptr64 = keyword('__ptr64', [TypeQualifier]);
export const Ptr32 = keyword('__ptr32', [TypeQualifier]);

for (const cc of ['__stdcall', '_stdcall', '__cdecl', '_cdecl', '__fastcall', '_fastcall', '__pascal', '_pascal', '__thiscall']) {
  keyword(cc, [CallingConvention]);
}
for (const w of [
  'unsigned', 'signed', 'int', 'long', 'short', 'char', 'small', 'hyper', 'double', 'float',
  // Longest first: a keyword matching a prefix would otherwise win over the longer one.
  '__int3264', '__int64', '__int32', '__int16', '__int8',
]) {
  keyword(w, [BaseTypeWord]);
}

/** Category: binary operators of constant expressions. */
export const BinaryOperator = createToken({ name: 'BinaryOperator', pattern: Lexer.NA });
/** Category: prefix operators of constant expressions. */
export const UnaryOperator = createToken({ name: 'UnaryOperator', pattern: Lexer.NA });

const punct = (name: string, pattern: RegExp | string, categories?: TokenType[]) =>
  // Chevrotain treats an explicit `categories: undefined` as a category list.
  createToken(
    categories ? { name, pattern, categories, label: `'${pattern}'` } : { name, pattern, label: `'${pattern}'` },
  );
export const LBrace = punct('LBrace', '{');
export const RBrace = punct('RBrace', '}');
export const LParen = punct('LParen', '(');
export const RParen = punct('RParen', ')');
export const LBracket = punct('LBracket', '[');
export const RBracket = punct('RBracket', ']');
export const Semicolon = punct('Semicolon', ';');
export const Comma = punct('Comma', ',');
export const Ellipsis = punct('Ellipsis', '...');
export const Dot = punct('Dot', '.');
export const Arrow = punct('Arrow', '->');
export const ShiftLeft = punct('ShiftLeft', '<<', [BinaryOperator]);
export const ShiftRight = punct('ShiftRight', '>>', [BinaryOperator]);
export const LessEq = punct('LessEq', '<=', [BinaryOperator]);
export const GreaterEq = punct('GreaterEq', '>=', [BinaryOperator]);
export const EqEq = punct('EqEq', '==', [BinaryOperator]);
export const NotEq = punct('NotEq', '!=', [BinaryOperator]);
export const AndAnd = punct('AndAnd', '&&', [BinaryOperator]);
export const OrOr = punct('OrOr', '||', [BinaryOperator]);
export const Less = punct('Less', '<', [BinaryOperator]);
export const Greater = punct('Greater', '>', [BinaryOperator]);
export const Equals = punct('Equals', '=');
export const Colon = punct('Colon', ':');
export const Question = punct('Question', '?');
export const Plus = punct('Plus', '+', [BinaryOperator, UnaryOperator]);
export const Minus = punct('Minus', '-', [BinaryOperator, UnaryOperator]);
export const Star = punct('Star', '*', [BinaryOperator, UnaryOperator]);
export const Slash = punct('Slash', '/', [BinaryOperator]);
export const Percent = punct('Percent', '%', [BinaryOperator]);
export const Amp = punct('Amp', '&', [BinaryOperator, UnaryOperator]);
export const Pipe = punct('Pipe', '|', [BinaryOperator]);
export const Caret = punct('Caret', '^', [BinaryOperator]);
export const Tilde = punct('Tilde', '~', [UnaryOperator]);
export const Bang = punct('Bang', '!', [UnaryOperator]);

export const allTokens: TokenType[] = [
  WhiteSpace,
  BlockComment,
  LineComment,
  Directive,
  CppQuoteLine,
  StringLiteral,
  CharLiteral,
  Uuid,
  FloatLiteral,
  IntegerLiteral,
  HexLiteral,
  IntLiteral,
  // Longest first, so `importlib` is not read as `import` and then an identifier.
  ...[...keywordTokens].sort((a, b) => String(b.PATTERN).length - String(a.PATTERN).length),
  BaseTypeWord,
  CallingConvention,
  TypeQualifier,
  BinaryOperator,
  UnaryOperator,
  Identifier,
  Ellipsis,
  Arrow,
  ShiftLeft,
  ShiftRight,
  LessEq,
  GreaterEq,
  EqEq,
  NotEq,
  AndAnd,
  OrOr,
  LBrace,
  RBrace,
  LParen,
  RParen,
  LBracket,
  RBracket,
  Semicolon,
  Comma,
  Dot,
  Less,
  Greater,
  Equals,
  Colon,
  Question,
  Plus,
  Minus,
  Star,
  Slash,
  Percent,
  Amp,
  Pipe,
  Caret,
  Tilde,
  Bang,
];

/** Category: any token except `(` and `)`; lets attribute arguments be captured raw. */
export const NotParen = createToken({ name: 'NotParen', pattern: Lexer.NA });
/** Category: identifiers and every keyword; attribute names may be keywords (`default`, `case`). */
export const AnyName = createToken({ name: 'AnyName', pattern: Lexer.NA });
/** Category: identifiers and the soft keywords that are also common member names. */
export const DeclName = createToken({ name: 'DeclName', pattern: Lexer.NA });

for (const t of allTokens) {
  if (t.GROUP === Lexer.SKIPPED || t.PATTERN === Lexer.NA) continue;
  const cats = (t.CATEGORIES ??= []);
  if (t !== LParen && t !== RParen) cats.push(NotParen);
}
for (const t of [Identifier, ...keywordTokens]) t.CATEGORIES!.push(AnyName);
for (const t of [Identifier, Properties, Methods, Module, Namespace, Runtimeclass, Apicontract, Delegate, Declare, Requires, Safearray]) {
  t.CATEGORIES!.push(DeclName);
}
allTokens.push(NotParen, AnyName, DeclName);

/** Token types whose image is a name a macro may have. */
export const nameTokenTypes: ReadonlySet<TokenType> = new Set([Identifier, ...keywordTokens]);

export function createIdlLexer(ensureOptimizations = false): Lexer {
  return new Lexer(allTokens, {
    positionTracking: 'onlyOffset',
    ensureOptimizations,
    skipValidations: !ensureOptimizations,
  });
}

/** The shared lexer instance (lexers are stateless between calls). */
export const idlLexer = createIdlLexer();

/** Token types by tokenTypeIdx. */
export const tokenTypeByIdx: readonly TokenType[] = (() => {
  const a: TokenType[] = [];
  for (const t of allTokens) a[t.tokenTypeIdx!] = t;
  return a;
})();

/**
 * The tokens the preprocessor passes on: Chevrotain's `onlyOffset` token (`image`,
 * `startOffset`, `tokenTypeIdx`) with `tokenType` on the prototype, read through
 * `tokenTypeIdx`. Chevrotain's parser reads only `tokenTypeIdx`, `image` and
 * `startOffset` of a token, so an own `tokenType` would be a field per token for nothing.
 * Every token the lexer makes (files and macro bodies) is rebuilt as an IdlToken, so
 * every token vector holds one object shape.
 */
export class IdlToken implements IToken {
  constructor(
    public image: string,
    public startOffset: number,
    public tokenTypeIdx: number,
  ) {}

  get tokenType(): TokenType {
    return tokenTypeByIdx[this.tokenTypeIdx];
  }
}
