/**
 * The base of the MOF parser's rule layers (values, qualifiers, classes, instances, then
 * the file-level productions in parser.ts): the Chevrotain parser itself, the problems
 * of the file, and the item stack every list is built on. Each layer extends the one below
 * it; a rule of a lower layer that needs one of a higher layer (a value can be an
 * instance) names it as abstract, and the final class, `MofParser`, has every rule defined
 * before Chevrotain records the grammar.
 */

import { EmbeddedActionsParser } from '../chevrotain.js';
import * as T from './tokens.js';
import type { NameAst, ProductionAst, QualifierAst } from './ast.js';

export interface ParseProblem {
  readonly offset: number;
  readonly message: string;
}

/** Shared empty lists: most elements have no flavors, many no qualifiers (fewer allocations). */
export const noNames: readonly NameAst[] = Object.freeze([]) as readonly NameAst[];
export const noQualifiers: QualifierAst[] = Object.freeze([]) as unknown as QualifierAst[];
/** Placeholders while no file is being parsed (never appended to). */
export const noProductions: ProductionAst[] = Object.freeze([]) as unknown as ProductionAst[];

/** The parser's lookahead. */
const maxLookahead = 2;

/** Cached OR alternatives (made once per parser; they never capture a rule's locals). */
export type Alts<R> = { ALT: () => R; IGNORE_AMBIGUITIES?: boolean }[];

export abstract class MofParserBase extends EmbeddedActionsParser {
  problems: ParseProblem[] = [];
  /** The qualifier list read before a class, instance or enumeration keyword. */
  protected pendingQualifiers: QualifierAst[] = [];

  constructor() {
    super(T.allTokens, { maxLookahead, skipValidations: true });
  }

  protected problem(offset: number, message: string): void {
    this.problems.push({ offset, message });
  }

  /**
   * The items of the lists being built (productions' features, parameters, qualifiers,
   * flavors, array items, pragma arguments), one after the other: a list notes `listTop`
   * when it begins and takes its items with `takeList` when it ends. Lists nest (a
   * qualifier list inside a parameter list inside a class) and each inner list is taken
   * before its outer list grows again, so they stay contiguous. Why: a list grown from
   * `[]` by `push` gets room for 17 items and is copied as it grows; `slice` makes each
   * list once, at its size.
   */
  protected readonly listItems: unknown[] = [];
  protected listTop = 0;
  /** The highest `listTop` since the slots were last cleared: the slots above it hold nothing. */
  protected listHigh = 0;
  protected pushItem(item: unknown): void {
    this.listItems[this.listTop++] = item;
    if (this.listTop > this.listHigh) this.listHigh = this.listTop;
  }
  protected takeList<I>(base: number): I[] {
    const top = this.listTop;
    this.listTop = base;
    return this.listItems.slice(base, top) as I[];
  }
}
