/**
 * Instances (`instance of X [as $a] { p = v; ... };`, MOF 3.0 `value of`), their property
 * values (WMI allows a qualified property with no value), and MOF 3.0 enumerations.
 */

import type { IToken } from '../chevrotain.js';
import * as T from './tokens.js';
import type { EnumerationAst, InstanceAst, PropertyValueAst } from './ast.js';
import { noQualifiers, type Alts } from './parser-base.js';
import { MofClassRules } from './parser-classes.js';

export abstract class MofInstanceRules extends MofClassRules {
  protected instanceKeywordAlts: Alts<IToken> | undefined;

  instanceDecl = this.RULE('instanceDecl', (): InstanceAst => {
    const qualifiers = this.pendingQualifiers;
    const inst = this.SUBRULE(this.instanceBody);
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as never;
    return { ...inst, qualifiers };
  });

  protected readonly propertyValueItem = (): void => {
    this.pushItem(this.SUBRULE(this.propertyValue));
  };
  /** `instance of X [as $a] { p = v; ... }` (or MOF 3.0 `value of`), without the final `;`. */
  instanceBody = this.RULE('instanceBody', (): InstanceAst => {
    const kw = this.OR((this.instanceKeywordAlts ??= [{ ALT: () => this.CONSUME(T.Instance) }, { ALT: () => this.CONSUME(T.Value) }]));
    this.CONSUME(T.Of);
    const cls = this.CONSUME(T.Name);
    const alias = this.OPTION(this.aliasOption);
    this.CONSUME(T.LCurly);
    const base = this.listTop;
    this.MANY(this.propertyValueItem);
    const properties = this.takeList<PropertyValueAst>(base);
    this.CONSUME(T.RCurly);
    if (this.RECORDING_PHASE) return undefined as never;
    return {
      kind: 'instance',
      keyword: kw.tokenType === T.Value ? 'value' : 'instance',
      qualifiers: [],
      className: cls.image,
      classOffset: cls.startOffset,
      alias,
      properties,
      o: kw.startOffset,
    };
  });

  propertyValue = this.RULE('propertyValue', (): PropertyValueAst => {
    const qualifiers = this.OPTION(this.qualifierListOption) ?? noQualifiers;
    const name = this.CONSUME(T.Name);
    // WMI lets an instance name a property with qualifiers and no value (dynamic properties).
    const value = this.OPTION2(this.equalsValue);
    this.CONSUME(T.Semicolon);
    return { qualifiers, name: name.image, value, o: name.startOffset };
  });

  protected readonly enumerationValues = {
    SEP: T.Comma,
    DEF: (): void => {
      this.OPTION(this.qualifierListOption);
      const v = this.CONSUME3(T.Name);
      const value = this.OPTION2(this.equalsValue);
      this.pushItem({ name: v.image, value, o: v.startOffset });
    },
  };
  /** MOF 3.0 `enumeration Name : baseType { A, B = 2, ... };` */
  enumerationDecl = this.RULE('enumerationDecl', (): EnumerationAst => {
    const qualifiers = this.pendingQualifiers;
    const kw = this.CONSUME(T.Enumeration);
    const name = this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    const baseType = this.CONSUME2(T.Name);
    this.CONSUME(T.LCurly);
    const base = this.listTop;
    this.MANY_SEP(this.enumerationValues);
    const values = this.takeList<EnumerationAst['values'][number]>(base);
    this.CONSUME(T.RCurly);
    this.CONSUME(T.Semicolon);
    return { kind: 'enumeration', qualifiers, name: name.image, baseType: baseType.image, values, o: kw.startOffset };
  });
}
