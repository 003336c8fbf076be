/**
 * Values: literals (string runs, numbers, booleans, null, chars), aliases, bare names,
 * arrays, nested instances, and the `= value`, `[n]` and `as $alias` parts that several
 * declarations share. Literal problems (bad escapes, invalid numbers) are collected with
 * their offsets and do not stop the parse.
 */

import type { IToken, ParserMethod } from '../chevrotain.js';
import * as T from './tokens.js';
import type { ArrayAst, InstanceAst, ValueAst } from './ast.js';
import { convertChar, convertNumber, StringRunBuilder } from './literals.js';
import { MofParserBase, type Alts } from './parser-base.js';

/**
 * An array value: `strs` when every item is a string (CIM's ValueMap, Values and
 * MappingStrings, nearly all of its array values), else an item node each.
 */
function arrayAst(items: ValueAst[], o: number): ValueAst {
  if (items.length === 0 || !items.every((i) => i.t === 'str')) return { t: 'array', items, o };
  return { t: 'strs', v: items.map((i) => (i as { v: string }).v), offsets: items.map((i) => i.o), o };
}

export abstract class MofValueRules extends MofParserBase {
  /** `instance of X { ... }` without its `;` (parser-instances.ts): a value can be an instance. */
  abstract instanceBody: ParserMethod<[], InstanceAst>;
  protected valueAlts: Alts<ValueAst> | undefined;

  // The OPTION/MANY bodies of the rules below are made once per parser (fields) instead of
  // a closure (and its context) per use, and communicate through fields and the list
  // items: qualifier lists, features and string values are parsed tens of thousands of
  // times in CIM.
  /**
   * The text of the string run being read (its literals, unescaped), across the
   * StringLiteral tokens of the run, made one string at its end (see `StringRunBuilder`).
   */
  protected readonly run = new StringRunBuilder();
  /** Where the StringLiteral token being appended to `run` starts (for its problems). */
  protected runTokenOffset = 0;
  protected readonly runProblem = (at: number, message: string): void => this.problem(this.runTokenOffset + at, message);
  /** `= value` wherever a rule has one. */
  protected readonly equalsValue = (): ValueAst => {
    this.CONSUME(T.Equals);
    return this.SUBRULE(this.value);
  };
  protected readonly arraySuffixOption = (): ArrayAst => this.SUBRULE(this.arraySuffix);
  protected readonly arraySuffixOption2 = (): ArrayAst => this.SUBRULE2(this.arraySuffix);
  protected readonly aliasOption = (): string => {
    this.CONSUME(T.As);
    return this.CONSUME(T.AliasIdentifier).image;
  };
  protected readonly moreStrings = (): void => {
    const t = this.CONSUME2(T.StringLiteral);
    if (!this.RECORDING_PHASE) this.appendStringToken(t);
  };

  /** A value: an array or any array item (one rule level less than `array | item`). */
  value = this.RULE('value', (): ValueAst =>
    this.OR(this.valueAlternatives()),
  );

  /**
   * The alternatives of a value, shared by the `value` rule and qualifier values. Occurrence
   * indexes in them (SUBRULE2 of arrayValue, CONSUME3 of a bare name) are chosen not to
   * collide with those of the rules that inline them (`qualifier`, `arrayValue`).
   */
  protected valueAlternatives(): Alts<ValueAst> {
    return (this.valueAlts ??= [{ ALT: () => this.SUBRULE2(this.arrayValue) }, ...this.scalarAlts()]);
  }

  protected scalarAltsCache: Alts<ValueAst> | undefined;
  /** The alternatives of a scalar value, shared by `value`, qualifier values and array items. */
  protected scalarAlts(): Alts<ValueAst> {
    return (this.scalarAltsCache ??= [
        // Literals are consumed here rather than in sub-rules: a rule invocation per value
        // is measurable on CIM's tens of thousands of qualifier values.
        {
          ALT: () => {
            const first = this.CONSUME(T.StringLiteral);
            if (!this.RECORDING_PHASE) {
              // Emptied first: a run the rules abandoned may have left text behind.
              this.run.reset();
              this.appendStringToken(first);
            }
            this.MANY(this.moreStrings);
            if (this.RECORDING_PHASE) return undefined as never;
            return { t: 'str', v: this.run.take(), o: first.startOffset };
          },
        },
        { ALT: () => this.numberFrom(this.CONSUME(T.NumberLiteral)) },
        {
          ALT: () => {
            const t = this.CONSUME(T.True);
            return { t: 'bool', v: true, o: t.startOffset };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.False);
            return { t: 'bool', v: false, o: t.startOffset };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.Null);
            return { t: 'null', o: t.startOffset };
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.AliasIdentifier);
            return { t: 'alias', name: t.image.slice(1), o: t.startOffset };
          },
        },
        { ALT: () => this.charFrom(this.CONSUME(T.CharLiteral)) },
        {
          ALT: () => {
            const inst = this.SUBRULE(this.instanceBody);
            return { t: 'inst', inst, o: inst.o };
          },
        },
        {
          // A bare name: a MOF 3.0 enumeration value or a pragma argument such as FAIL.
          IGNORE_AMBIGUITIES: true,
          ALT: () => {
            const t = this.CONSUME3(T.Name);
            return { t: 'name', name: t.image, o: t.startOffset };
          },
        },
      ]);
  }

  /** `{ v, v, ... }`: MOF arrays are flat, so items are not arrays themselves. */
  protected readonly arrayItems = {
    SEP: T.Comma,
    // The scalar alternatives inline rather than a rule per item: CIM's ValueMap and
    // Values arrays hold most of its values.
    DEF: (): void => this.pushItem(this.OR(this.scalarAlts())),
  };
  arrayValue = this.RULE('arrayValue', (): ValueAst => {
    const start = this.CONSUME(T.LCurly);
    const base = this.listTop;
    this.MANY_SEP(this.arrayItems);
    const items = this.takeList<ValueAst>(base);
    this.CONSUME(T.RCurly);
    if (this.RECORDING_PHASE) return undefined as never;
    return arrayAst(items, start.startOffset);
  });

  protected numberFrom(tok: IToken): ValueAst {
    if (this.RECORDING_PHASE) return undefined as never;
    {
      const n = convertNumber(tok.image);
      if (n.t === 'error') {
        this.problem(tok.startOffset, n.message);
        return { t: 'int', v: 0, o: tok.startOffset };
      }
      if (n.t === 'int' && n.based) return { t: 'int', v: n.v, o: tok.startOffset, based: true };
      return { t: n.t, v: n.v, o: tok.startOffset } as ValueAst;
    }
  }

  protected charFrom(tok: IToken): ValueAst {
    if (this.RECORDING_PHASE) return undefined as never;
    const r = convertChar(tok.image);
    if (!r.ok) {
      this.problem(tok.startOffset, r.message);
      return { t: 'char', v: '\0', o: tok.startOffset };
    }
    return { t: 'char', v: r.v, o: tok.startOffset };
  }

  /** Appends the text of a StringLiteral token's literals to `run`, reporting bad escapes. */
  protected appendStringToken(tok: IToken): void {
    this.runTokenOffset = tok.startOffset;
    this.run.appendLiterals(tok.image, this.runProblem);
  }
  /** `[]` or `[n]`. */
  arraySuffix = this.RULE('arraySuffix', (): ArrayAst => {
    this.CONSUME(T.LSquare);
    const size = this.OPTION(this.arraySizeOption);
    this.CONSUME(T.RSquare);
    if (this.RECORDING_PHASE) return { size: undefined };
    return this.arrayAst(size);
  });
  protected readonly arraySizeOption = (): IToken => this.CONSUME(T.NumberLiteral);
  /** The ArrayAst of `[size]` (`[]` when undefined), reporting a size that is not a positive integer. */
  protected arrayAst(size: IToken | undefined): ArrayAst {
    if (size === undefined) return { size: undefined };
    const n = convertNumber(size.image);
    if (n.t !== 'int' || typeof n.v !== 'number' || n.v <= 0) {
      this.problem(size.startOffset, `invalid array size '${size.image}': a positive integer is expected`);
      return { size: undefined };
    }
    return { size: n.v };
  }
}
