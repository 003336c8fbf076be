/**
 * Qualifier lists (`[Key, Description("...") : Amended ToSubclass]`) and qualifier
 * declarations (`qualifier Key : boolean = false, Scope(property), Flavor(...)`, and WMI's
 * untyped `qualifier read : ToInstance ToSubClass;`).
 */

import type { IToken } from '../chevrotain.js';
import * as T from './tokens.js';
import type { NameAst, QualifierAst, QualifierDeclAst, ValueAst } from './ast.js';
import { noNames, type Alts } from './parser-base.js';
import { MofValueRules } from './parser-values.js';

const intrinsicTypeNames = new Set([
  'uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64',
  'real32', 'real64', 'char16', 'string', 'boolean', 'datetime', 'object',
]);
const flavorNames = new Set([
  'enableoverride', 'disableoverride', 'tosubclass', 'restricted', 'nottosubclass', 'translatable',
  'amended', 'toinstance', 'nottoinstance',
]);

export abstract class MofQualifierRules extends MofValueRules {
  protected qualifierValueAlts: Alts<ValueAst> | undefined;

  protected flavorAcc: NameAst[] | undefined;
  protected readonly qualifierListItems = {
    SEP: T.Comma,
    DEF: (): void => {
      this.pushItem(this.SUBRULE(this.qualifier));
    },
  };
  /** `[qualifiers]` where a rule has an optional qualifier list. */
  protected readonly qualifierListOption = (): QualifierAst[] => {
    return this.SUBRULE(this.qualifierList);
  };
  protected readonly qualifierValueOption = (): ValueAst =>
    this.OR(
      (this.qualifierValueAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            // The `value` rule's alternatives inline (not SUBRULE(value)): one rule
            // invocation less for each qualifier value.
            const v = this.OR2(this.valueAlternatives());
            this.CONSUME(T.RParen);
            return v;
          },
        },
        { ALT: () => this.SUBRULE(this.arrayValue) },
      ]),
    );
  protected readonly flavorItem = (): void => {
    const f = this.CONSUME2(T.Name);
    (this.flavorAcc ??= []).push({ name: f.image, o: f.startOffset });
  };
  protected readonly flavorOption = (): void => {
    this.CONSUME(T.Colon);
    this.AT_LEAST_ONE(this.flavorItem);
  };
  qualifierList = this.RULE('qualifierList', (): QualifierAst[] => {
    const base = this.listTop;
    this.CONSUME(T.LSquare);
    this.AT_LEAST_ONE_SEP(this.qualifierListItems);
    this.CONSUME(T.RSquare);
    return this.takeList(base);
  });

  qualifier = this.RULE('qualifier', (): QualifierAst => {
    const name = this.CONSUME(T.Name);
    const value = this.OPTION(this.qualifierValueOption);
    this.flavorAcc = undefined;
    this.OPTION2(this.flavorOption);
    const flavors = this.flavorAcc ?? noNames;
    this.flavorAcc = undefined;
    return { name: name.image, value, flavors, o: name.startOffset };
  });

  protected readonly colonFlavor = (): void => this.pushItem(this.CONSUME3(T.Name));
  protected readonly scopeOption = (): NameAst[] => {
    this.CONSUME(T.Comma);
    this.CONSUME(T.Scope);
    return this.SUBRULE(this.nameList);
  };
  protected readonly flavorListOption = (): NameAst[] => {
    this.CONSUME2(T.Comma);
    this.CONSUME(T.Flavor);
    return this.SUBRULE2(this.nameList);
  };
  qualifierDecl = this.RULE('qualifierDecl', (): QualifierDeclAst => {
    const start = this.CONSUME(T.Qualifier);
    const name = this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    const type = this.CONSUME2(T.Name);
    // WMI also writes untyped declarations that only give flavors: `qualifier read : ToInstance ToSubClass;`
    const base = this.listTop;
    this.MANY(this.colonFlavor);
    const colonFlavors = this.takeList<IToken>(base);
    const array = this.OPTION(this.arraySuffixOption);
    const defaultValue = this.OPTION2(this.equalsValue);
    const scopes = this.OPTION3(this.scopeOption);
    const flavors = this.OPTION4(this.flavorListOption);
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as never;
    {
      const t = type.image.toLowerCase();
      const typeName = intrinsicTypeNames.has(t) || !flavorNames.has(t) ? type.image : undefined;
      // The type's place holds the first flavor of an untyped declaration.
      const allFlavors: NameAst[] = typeName !== undefined ? [] : [{ name: type.image, o: type.startOffset }];
      for (const f of colonFlavors) allFlavors.push({ name: f.image, o: f.startOffset });
      if (flavors !== undefined) for (const f of flavors) allFlavors.push(f);
      return {
        kind: 'qualifierDecl',
        name: name.image,
        typeName,
        typeOffset: type.startOffset,
        isArray: array !== undefined,
        arraySize: array?.size,
        defaultValue,
        scopes,
        flavors: allFlavors,
        o: start.startOffset,
      };
    }
  });

  protected readonly nameListItems = {
    SEP: T.Comma,
    DEF: (): void => {
      const t = this.CONSUME(T.Name);
      this.pushItem({ name: t.image, o: t.startOffset });
    },
  };
  /** `( name, name, ... )` with at least one name. */
  nameList = this.RULE('nameList', (): NameAst[] => {
    const base = this.listTop;
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP(this.nameListItems);
    this.CONSUME(T.RParen);
    return this.takeList(base);
  });
}
