/**
 * Attribute lists (`[uuid(…), object, pointer_default(unique)]`, several groups in a row).
 * Attribute arguments are kept as text split at top-level commas, because their grammar
 * depends on the attribute (`size_is(,n)`, `switch_type(unsigned long)`); the model reads
 * the few it needs.
 */

import type { IOrAlt } from '../chevrotain.js';
import type { Attribute } from './ast.js';
import * as T from './tokens.js';
import { unquote } from './strings.js';
import { none, isWordChar } from './parser-base.js';
import { IdlExpressionRules } from './parser-expressions.js';

export abstract class IdlAttributeRules extends IdlExpressionRules {
  /** `[a, b(…)]`, possibly several groups in a row (`[switch_is(x)] [switch_type(T)]`). */
  protected readonly firstAttribute = (): void => {
    this.pushItem(this.SUBRULE(this.attribute));
  };
  protected readonly nextAttribute = (): void => {
    this.pushItem(this.SUBRULE2(this.attribute));
  };
  protected readonly moreAttributes = (): void => {
    this.CONSUME(T.Comma);
    this.OPTION2(this.nextAttribute);
  };
  protected readonly attributeGroup = (): void => {
    this.CONSUME(T.LBracket);
    this.OPTION(this.firstAttribute);
    this.MANY(this.moreAttributes);
    this.CONSUME(T.RBracket);
  };
  readonly attributeList = this.RULE('attributeList', (): Attribute[] => {
    const base = this.listTop;
    this.AT_LEAST_ONE(this.attributeGroup);
    return this.takeList(base);
  });

  protected readonly attributeArguments = (): string[] => {
    this.CONSUME(T.LParen);
    const args = this.SUBRULE(this.rawArguments);
    this.CONSUME(T.RParen);
    return args;
  };
  readonly attribute = this.RULE('attribute', (): Attribute => {
    const name = this.CONSUME(T.AnyName);
    // The first token inside `uuid(…)`: the one after the parenthesis.
    const first = name.image === 'uuid' ? this.LA(2) : undefined;
    const args = this.OPTION(this.attributeArguments);
    let uuid: string | undefined;
    if (args !== undefined && first !== undefined) {
      uuid =
        first.tokenType === T.Uuid
          ? first.image.toUpperCase()
          : first.tokenType === T.StringLiteral
            ? unquote(first.image).replace(/[{}]/g, '').toUpperCase()
            : undefined;
    }
    return { name: name.image, args: args ?? none, uuid, offset: name.startOffset };
  });

  /**
   * The argument `rawArguments` is reading: its text (joined as it is read) and its
   * token count, saved and restored around nested parentheses; the arguments finished
   * so far are list items. Joining as tokens come, instead of collecting a list per
   * argument and joining it at the end, saves three arrays per attribute with arguments.
   */
  protected rawText = '';
  protected rawTokens = 0;
  protected appendRaw(image: string): void {
    // A space only where two words would otherwise merge (`unsigned long`, `L"x"`).
    if (this.rawText.length > 0 && isWordChar(this.rawText.charCodeAt(this.rawText.length - 1)) && isWordChar(image.charCodeAt(0))) {
      this.rawText += ' ';
    }
    this.rawText += image;
    this.rawTokens++;
  }
  protected rawArgumentAlts?: IOrAlt<void>[];
  protected readonly rawArgument = (): void =>
    this.OR(
      (this.rawArgumentAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const inner = this.SUBRULE(this.rawArguments);
            this.CONSUME(T.RParen);
            if (!this.RECORDING_PHASE) this.appendRaw(`(${inner.join(', ')})`);
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.NotParen);
            if (this.RECORDING_PHASE) return;
            if (t.tokenType === T.Comma) {
              this.pushItem(this.rawText);
              this.rawText = '';
              this.rawTokens = 0;
            } else this.appendRaw(t.image);
          },
        },
      ]),
    );
  /** Tokens up to the matching `)`, kept as text and split at top-level commas. */
  readonly rawArguments = this.RULE('rawArguments', (): string[] => {
    const outerText = this.rawText;
    const outerTokens = this.rawTokens;
    const base = this.listTop;
    this.rawText = '';
    this.rawTokens = 0;
    this.MANY(this.rawArgument);
    if (this.listTop !== base || this.rawTokens !== 0) this.pushItem(this.rawText);
    this.rawText = outerText;
    this.rawTokens = outerTokens;
    return this.takeList(base);
  });
}
