/**
 * Declarators (`name`, `*name`, `name[3]`, `(*name)(params)`, bit fields) and parameter
 * lists, with `void` as no parameter and `...`.
 */

import type { IOrAlt } from '../chevrotain.js';
import type { Attribute, Declarator, Expr, Param } from './ast.js';
import * as T from './tokens.js';
import { complexDeclaratorStart, simpleDeclaratorEnd, none, isDeclName, isCallingConvention } from './parser-base.js';
import { IdlAttributeRules } from './parser-attributes.js';

export abstract class IdlDeclaratorRules extends IdlAttributeRules {
  // Cached alternatives must not assign locals of the rule (the closures would keep the
  // first invocation's variables): they return what they read instead.
  protected nameAlts?: IOrAlt<{ name?: string; inner?: Declarator }>[];
  protected suffixAlts?: IOrAlt<{ array?: Expr; params?: { params: Param[]; varargs: boolean } }>[];
  protected declaratorAlts?: IOrAlt<Declarator>[];
  protected starsSeen = 0;
  protected readonly simpleDeclaratorStar = (): void => {
    this.CONSUME(T.Star);
    this.starsSeen++;
  };
  protected readonly functionDeclaratorStar = (): void => {
    this.CONSUME3(T.Star);
    this.starsSeen++;
  };
  protected readonly callingConventionName = (): string => this.CONSUME(T.CallingConvention).image;
  /** A declarator; the gates tell a plain name, a method, an abstract pointer and the rest apart. */
  readonly declarator = this.RULE('declarator', (): Declarator => {
    const alts = (this.declaratorAlts ??= [
        {
          GATE: () => this.isSimpleDeclarator(),
          ALT: () => {
            const start = this.LA(1);
            const before = this.starsSeen;
            this.MANY(this.simpleDeclaratorStar);
            const pointerDepth = this.starsSeen - before;
            const name = this.CONSUME(T.DeclName).image;
            return { name, pointerDepth, arrays: none, offset: start.startOffset } as Declarator;
          },
        },
        {
          // `[__stdcall] Name(params)`: a method, the most common complex declarator.
          GATE: () => this.isPlainFunction(),
          ALT: () => {
            const start = this.LA(1);
            const before = this.starsSeen;
            this.MANY2(this.functionDeclaratorStar);
            const pointerDepth = this.starsSeen - before;
            const cc = this.OPTION(this.callingConventionName);
            const name = this.CONSUME2(T.DeclName).image;
            this.CONSUME(T.LParen);
            const params = this.SUBRULE(this.parameterList);
            const varargs = this.listVarargs;
            this.CONSUME(T.RParen);
            if (this.RECORDING_PHASE) return undefined as unknown as Declarator;
            const d: Declarator = { name, pointerDepth, arrays: none, params, varargs, offset: start.startOffset };
            return cc === undefined ? d : { ...d, callingConvention: cc };
          },
        },
        {
          // `void *` as an unnamed parameter: stars and nothing else.
          GATE: () => this.isAbstractPointer(),
          ALT: () => {
            const start = this.LA(1);
            let pointerDepth = 0;
            this.AT_LEAST_ONE(() => {
              this.CONSUME2(T.Star);
              pointerDepth++;
            });
            return { pointerDepth, arrays: none, offset: start.startOffset } as Declarator;
          },
        },
        {
          GATE: () => complexDeclaratorStart.has(this.LA(1).tokenType) || isDeclName[this.LA(1).tokenTypeIdx] === 1 || isCallingConvention[this.LA(1).tokenTypeIdx] === 1,
          ALT: () => this.SUBRULE(this.complexDeclarator),
        },
        // An abstract declarator: a parameter written without a name (`[in] long`).
        { ALT: () => ({ pointerDepth: 0, arrays: none, offset: this.LA(1).startOffset }) as Declarator },
      ]);
    return this.OR(alts);
  });

  protected isPlainFunction(): boolean {
    let k = 1;
    while (this.LA(k).tokenType === T.Star) k++;
    if (isCallingConvention[this.LA(k).tokenTypeIdx] === 1) k++;
    return isDeclName[this.LA(k).tokenTypeIdx] === 1 && this.LA(k + 1).tokenType === T.LParen;
  }

  protected isAbstractPointer(): boolean {
    let k = 1;
    while (this.LA(k).tokenType === T.Star) k++;
    return k > 1 && simpleDeclaratorEnd.has(this.LA(k).tokenType);
  }

  protected isSimpleDeclarator(): boolean {
    let k = 1;
    while (this.LA(k).tokenType === T.Star) k++;
    return isDeclName[this.LA(k).tokenTypeIdx] === 1 && simpleDeclaratorEnd.has(this.LA(k + 1).tokenType);
  }

  readonly complexDeclarator = this.RULE('complexDeclarator', (): Declarator => {
    const start = this.LA(1);
    let pointerDepth = 0;
    let callingConvention: string | undefined;
    let params: Param[] | undefined;
    let varargs = false;
    const arrays: (Expr | undefined)[] = [];
    this.MANY(() => {
      this.CONSUME(T.Star);
      pointerDepth++;
      this.MANY2(() => this.CONSUME(T.TypeQualifier));
    });
    this.OPTION(() => {
      callingConvention = this.CONSUME(T.CallingConvention).image;
      // `__stdcall *name` inside a function pointer's parentheses.
      this.MANY4(() => {
        this.CONSUME2(T.Star);
        pointerDepth++;
      });
    });
    const named = this.OR(
      (this.nameAlts ??= [
        { ALT: () => ({ name: this.CONSUME(T.DeclName).image }) },
        {
          // `(*name)(…)` or `(__stdcall *name)(…)`: a function pointer.
          GATE: () =>
            this.LA(1).tokenType === T.LParen &&
            (this.LA(2).tokenType === T.Star || isCallingConvention[this.LA(2).tokenTypeIdx] === 1),
          ALT: () => {
            this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.complexDeclarator);
            this.CONSUME(T.RParen);
            return { inner };
          },
        },
        { ALT: (): { name?: string; inner?: Declarator } => ({}) },
      ]),
    );
    this.MANY3(() => {
      const suffix = this.OR2(
        (this.suffixAlts ??= [
          {
            ALT: () => {
              this.CONSUME(T.LBracket);
              const array = this.OPTION2(() =>
                this.OR3([
                  {
                    // `[*]`: MIDL's conformant array, sized by a size_is attribute.
                    GATE: () => this.LA(2).tokenType === T.RBracket,
                    ALT: () => void this.CONSUME3(T.Star),
                  },
                  { ALT: () => this.SUBRULE(this.expression) },
                ]),
              );
              this.CONSUME(T.RBracket);
              return { array };
            },
          },
          {
            ALT: () => {
              this.CONSUME2(T.LParen);
              const params = this.SUBRULE(this.parameterList);
              const varargs = this.listVarargs;
              this.CONSUME2(T.RParen);
              return { params: { params, varargs } };
            },
          },
        ]),
      );
      this.ACTION(() => {
        if (suffix.params) {
          params = suffix.params.params;
          varargs = suffix.params.varargs;
        } else arrays.push(suffix.array);
      });
    });
    const bitWidth = this.OPTION3(() => {
      this.CONSUME(T.Colon);
      return this.SUBRULE2(this.expression);
    });
    const initializer = this.OPTION4(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE3(this.expression);
    });
    return this.ACTION(() => {
      const { name, inner } = named;
      if (inner) {
        // (*name)(params): the pointer and the name are inside, the parameters outside.
        return {
          name: inner.name,
          pointerDepth: pointerDepth + inner.pointerDepth,
          arrays: [...inner.arrays, ...arrays],
          params,
          varargs,
          callingConvention: inner.callingConvention ?? callingConvention,
          isFunctionPointer: params !== undefined,
          initializer,
          bitWidth,
          offset: start.startOffset,
        };
      }
      return { name, pointerDepth, arrays, params, varargs, callingConvention, initializer, bitWidth, offset: start.startOffset };
    });
  });

  /**
   * The list `parameterList` appends to, and whether it saw `...` (saved and restored
   * around the lists of function pointer parameters).
   */
  protected paramsVarargs = false;
  protected readonly addParameter = (p: Param | undefined): void => {
    if (p) this.pushItem(p);
    else this.paramsVarargs = true;
  };
  protected readonly nextParameter = (): void => {
    this.CONSUME(T.Comma);
    this.addParameter(this.SUBRULE2(this.parameter));
  };
  protected readonly parameters = (): void => {
    this.addParameter(this.SUBRULE(this.parameter));
    this.MANY(this.nextParameter);
  };
  /**
   * `(void)` is no parameter. Read as one parameter and then dropped, rather than as a
   * gated alternative: an OR with a gate builds an array of predicates on every call,
   * and this rule runs for every method.
   */
  /** Whether the parameter list `parameterList` returned last ended in `...` (read right after it). */
  protected listVarargs = false;
  readonly parameterList = this.RULE('parameterList', (): Param[] => {
    const isVoid = !this.RECORDING_PHASE && this.LA(1).image === 'void' && this.LA(2).tokenType === T.RParen;
    const outerVarargs = this.paramsVarargs;
    const base = this.listTop;
    this.paramsVarargs = false;
    this.OPTION(this.parameters);
    const varargs = this.paramsVarargs;
    const params = this.takeList<Param>(base);
    this.paramsVarargs = outerVarargs;
    this.listVarargs = isVoid ? false : varargs;
    return isVoid ? none : params;
  });

  protected parameterAlts?: IOrAlt<Param | undefined>[];
  protected readonly parameterAttributes = (): Attribute[] => this.SUBRULE(this.attributeList);
  /** One parameter, or undefined for `...`. */
  readonly parameter = this.RULE('parameter', (): Param | undefined => {
    return this.OR((this.parameterAlts ??= [
      { ALT: () => void this.CONSUME(T.Ellipsis) },
      {
        ALT: () => {
          const start = this.LA(1);
          const attributes = this.OPTION(this.parameterAttributes) ?? none;
          const type = this.SUBRULE(this.typeSpec);
          const declarator = this.SUBRULE(this.declarator);
          return { attributes, type, declarator, offset: start.startOffset };
        },
      },
    ]));
  });
}
