/**
 * The base of the IDL parser's rule layers (expressions, attributes, declarators, types,
 * then the definitions in parser.ts): the Chevrotain parser, the position of the next
 * token, and the item stack every list is built on, with the constants the layers share.
 * Each layer extends the one below it; a rule of a lower layer that needs one of a higher
 * layer names it as abstract, and the final class, `IdlParser`, has every rule defined
 * before Chevrotain records the grammar.
 */

import { EmbeddedActionsParser, type IToken, type TokenType } from '../chevrotain.js';
import { assertSupportedChevrotain, nextTokenIndex } from '../chevrotain-adapter.js';
import type { Definition, TypeRef } from './ast.js';
import * as T from './tokens.js';

/** Tokens that can follow a complete expression; after one token, it was a primary. */
export const complexDeclaratorStart = new Set<TokenType>([T.Star, T.LParen, T.LBracket, T.Colon, T.Equals]);
export const simpleDeclaratorEnd = new Set<TokenType>([T.Comma, T.Semicolon, T.RParen]);
export const endsExpression = new Set<TokenType>([T.Comma, T.RBrace, T.RBracket, T.RParen, T.Semicolon, T.Colon]);

export const isCastTypeStart = new Set<TokenType>([T.BaseTypeWord, T.TypeQualifier, T.Struct, T.Union, T.Enum]);
export const operandStart = new Set<TokenType>([
  T.Identifier,
  T.IntLiteral,
  T.HexLiteral,
  T.FloatLiteral,
  T.CharLiteral,
  T.LParen,
  T.Tilde,
  T.Bang,
]);

/**
 * The one empty list of the syntax tree: more than half of its lists are empty
 * (attribute lists, array suffixes, attribute arguments). Not frozen: V8 iterates a
 * frozen array through its slow paths. The tree's
 * lists are read-only by type; test/idl/closure.test.ts checks that it is still empty
 * after a whole load and model. Typed as a mutable list only so that it fits the
 * builders' local types.
 */
export const emptyList: never[] = [];
export const none = emptyList;
/** The item stack between files (never written: `file` starts a fresh one). */
export const noItems: unknown[] = [];
/** The parser's output between files (never written: `file` starts a fresh one). */
export const noOutput: ParseOutput = { definitions: [], startTokens: [] };
export const noTokens: IToken[] = [];

/** Characters of `[A-Za-z0-9_$"']`: two tokens ending and starting with them need a space. */
export function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 34 || c === 39;
}

/** Type text for WinRT type arguments. */
export function typeRefText(t: TypeRef): string {
  const c = t.isConst ? 'const ' : '';
  switch (t.kind) {
    case 'base':
    case 'named':
      return c + t.name;
    case 'safearray':
      return `${c}SAFEARRAY(${typeRefText(t.element)})`;
    default:
      return `${c}${t.kind}${t.tag ? ' ' + t.tag : ''}`;
  }
}

/** 1 at the tokenTypeIdx of every token type that is, or belongs to, one of `types`. */
export function tokenTypeFlags(types: readonly TokenType[]): Uint8Array {
  const flags = new Uint8Array(1024);
  for (const t of T.allTokens) {
    if (types.some((c) => t === c || (t.CATEGORIES?.includes(c) ?? false))) flags[t.tokenTypeIdx!] = 1;
  }
  return flags;
}

/** Names and calling conventions, tested on every declarator (an array scan of categories before). */
export const isDeclName = tokenTypeFlags([T.DeclName]);
export const isCallingConvention = tokenTypeFlags([T.CallingConvention]);

export interface ParseOutput {
  readonly definitions: Definition[];
  /** Index in the token vector of the first token of each top-level definition. */
  readonly startTokens: number[];
}

export abstract class IdlParserBase extends EmbeddedActionsParser {
  constructor(validate: boolean) {
    assertSupportedChevrotain();
    super(T.allTokens, { maxLookahead: 2, skipValidations: !validate, recoveryEnabled: false });
  }

  /** The index in the token vector of the next token (see grammar/chevrotain-adapter.ts). */
  protected position(): number {
    return nextTokenIndex(this);
  }


  /**
   * The items of the lists being built (attributes, parameters, block members, enum
   * members, fields, attribute arguments), one after the other: a rule notes `listTop`
   * when its list begins and takes its items with `takeList` when it ends. Lists nest
   * (a parameter's attributes are built inside a parameter list) and each inner list is
   * taken before its outer list grows again, so they stay contiguous. Why: a list that
   * grows from `[]` by `push` gets room for 17 items where most have one to three;
   * `slice` makes each list exactly its size. Slots above `listTop` are reused, never freed.
   */
  protected listItems: unknown[] = [];
  protected listTop = 0;
  protected pushItem(item: unknown): void {
    this.listItems[this.listTop++] = item;
  }
  /** The items pushed since `base`, as an exact-size list (the shared empty list when none). */
  protected takeList<T>(base: number): T[] {
    const top = this.listTop;
    if (top === base) return none;
    this.listTop = base;
    return this.listItems.slice(base, top) as T[];
  }
}
