/**
 * Constant expressions (enum values, constants, array sizes, `#if` is evaluated apart in
 * constexpr.ts): C's operators with C's precedence, `?:`, and casts, which are told from
 * parenthesized expressions by the typedef names seen so far, as a C compiler does.
 */

import { type IOrAlt, type ParserMethod } from '../chevrotain.js';
import type { Expr, TypeRef } from './ast.js';
import { foldBinary, parseCharLiteral, parseIntLiteral } from './constexpr.js';
import * as T from './tokens.js';
import { unquote } from './strings.js';
import { IdlParserBase, endsExpression, isCastTypeStart, operandStart } from './parser-base.js';

export abstract class IdlExpressionRules extends IdlParserBase {
  /** A type (parser-types.ts): a cast names one. */
  abstract typeSpec: ParserMethod<[], TypeRef>;
  /** Attribute arguments as text (parser-attributes.ts): `sizeof(…)` keeps its argument so. */
  abstract rawArguments: ParserMethod<[], string[]>;

  // ---- constant expressions ----

  protected expressionAlts?: IOrAlt<Expr>[];
  /** Most expressions are one literal or name (enum values): that case skips the ladder. */
  readonly expression = this.RULE('expression', (): Expr => {
    const alts = (this.expressionAlts ??= [
      {
        GATE: () => endsExpression.has(this.LA(2).tokenType),
        ALT: () => this.SUBRULE(this.primaryExpression),
      },
      { ALT: () => this.SUBRULE(this.conditionalExpression) },
    ]);
    return this.OR(alts);
  });

  readonly conditionalExpression = this.RULE('conditionalExpression', (): Expr => {
    const test = this.SUBRULE(this.binaryExpression);
    const rest = this.OPTION(() => {
      this.CONSUME(T.Question);
      const then = this.SUBRULE(this.expression);
      this.CONSUME(T.Colon);
      const otherwise = this.SUBRULE2(this.expression);
      return { then, otherwise };
    });
    return this.ACTION(() => (rest ? { kind: 'conditional', test, then: rest.then, else: rest.otherwise } : test));
  });

  readonly binaryExpression = this.RULE('binaryExpression', (): Expr => {
    const operands = [this.SUBRULE(this.unaryExpression)];
    const ops: string[] = [];
    this.MANY(() => {
      ops.push(this.CONSUME(T.BinaryOperator).image);
      operands.push(this.SUBRULE2(this.unaryExpression));
    });
    return this.ACTION(() => (ops.length === 0 ? operands[0] : foldBinary(operands, ops)));
  });

  protected unaryAlts?: IOrAlt<Expr>[];
  readonly unaryExpression = this.RULE('unaryExpression', (): Expr =>
    this.OR(
      (this.unaryAlts ??= [
        {
          ALT: () => {
            const op = this.CONSUME(T.UnaryOperator).image;
            const arg = this.SUBRULE(this.unaryExpression);
            return { kind: 'unary', op, arg } as Expr;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Sizeof);
            this.CONSUME(T.LParen);
            const args = this.SUBRULE(this.rawArguments);
            this.CONSUME(T.RParen);
            return this.ACTION(() => ({ kind: 'sizeof', text: args.join(', ') }) as Expr);
          },
        },
        {
          GATE: () => this.isCast(),
          ALT: () => {
            this.CONSUME2(T.LParen);
            const type = this.SUBRULE(this.typeSpec);
            let pointerDepth = 0;
            this.MANY(() => {
              this.CONSUME(T.Star);
              pointerDepth++;
            });
            this.CONSUME2(T.RParen);
            const arg = this.SUBRULE2(this.unaryExpression);
            return { kind: 'cast', type, pointerDepth, arg } as Expr;
          },
        },
        { ALT: () => this.SUBRULE(this.primaryExpression) },
      ]),
    ),
  );

  /**
   * Typedef names seen so far in this load (imports are parsed before their importers),
   * so `(INT_PTR)-1` is a cast as a C compiler would read it.
   */
  readonly typeNames = new Set<string>();

  protected isCast(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    const t2 = this.LA(2);
    if (isCastTypeStart.has(t2.tokenType) || t2.tokenType.CATEGORIES?.some((c) => isCastTypeStart.has(c))) return true;
    if (t2.tokenType !== T.Identifier) return false;
    let k = 3;
    while (this.LA(k).tokenType === T.Star) k++;
    if (this.LA(k).tokenType !== T.RParen) return false;
    // `(T *)` cannot be a parenthesized expression; `(T)` is a cast when T is a known
    // type, or (for types of files not read) when an operand, not an operator, follows.
    return k > 3 || this.typeNames.has(t2.image) || operandStart.has(this.LA(k + 1).tokenType);
  }

  protected primaryAlts?: IOrAlt<Expr>[];
  readonly primaryExpression = this.RULE('primaryExpression', (): Expr =>
    this.OR(
      (this.primaryAlts ??= [
        {
          ALT: () => {
            const t = this.CONSUME(T.IntegerLiteral);
            if (this.RECORDING_PHASE) return undefined as unknown as Expr;
            return { kind: 'number', value: parseIntLiteral(t.image), text: t.image } as Expr;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.FloatLiteral);
            return { kind: 'float', value: parseFloat(t.image), text: t.image } as Expr;
          },
        },
        {
          ALT: () => {
            const parts: string[] = [];
            this.AT_LEAST_ONE(() => parts.push(this.CONSUME(T.StringLiteral).image));
            return { kind: 'string', value: this.ACTION(() => parts.map(unquote).join('')) } as Expr;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.CharLiteral);
            return { kind: 'char', value: this.ACTION(() => parseCharLiteral(t.image)) } as Expr;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.DeclName);
            return { kind: 'name', name: t.image, offset: t.startOffset } as Expr;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const e = this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
            return e;
          },
        },
      ]),
    ),
  );
}
