/**
 * Classes (`class`, `association`, `indication`, MOF 3.0 `structure`) and their features:
 * properties, references and methods with their parameters. A data type is parsed as a
 * name and classified later, so class-typed properties and `void` methods parse; array
 * brackets may follow the type (MOF 3.0) as well as the name.
 */

import { tokenMatcher, type IToken } from '../chevrotain.js';
import * as T from './tokens.js';
import type { ArrayAst, ClassAst, FeatureAst, NameAst, ParameterAst, QualifierAst, ValueAst } from './ast.js';
import { noQualifiers, type Alts } from './parser-base.js';
import { MofQualifierRules } from './parser-qualifiers.js';

export abstract class MofClassRules extends MofQualifierRules {
  protected classKeywordAlts: Alts<IToken> | undefined;

  protected readonly superclassOption = (): NameAst => {
    this.CONSUME(T.Colon);
    const s = this.CONSUME2(T.Name);
    return { name: s.image, o: s.startOffset };
  };
  protected readonly classFeature = (): void => {
    this.pushItem(this.SUBRULE(this.feature));
  };
  classDecl = this.RULE('classDecl', (): ClassAst => {
    const qualifiers = this.pendingQualifiers;
    const kw = this.OR(
      (this.classKeywordAlts ??= [
        { ALT: () => this.CONSUME(T.Class) },
        { ALT: () => this.CONSUME(T.Association) },
        { ALT: () => this.CONSUME(T.Indication) },
        { ALT: () => this.CONSUME(T.Structure) },
      ]),
    );
    const name = this.CONSUME(T.Name);
    const alias = this.OPTION(this.aliasOption);
    const superclass = this.OPTION2(this.superclassOption);
    this.CONSUME(T.LCurly);
    const base = this.listTop;
    this.MANY(this.classFeature);
    const features = this.takeList<FeatureAst>(base);
    this.CONSUME(T.RCurly);
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as never;
    return this.classAst(kw, qualifiers, name, alias, superclass, features);
  });

  /** The ClassAst of the `classDecl` rule (one literal, one shape). */
  protected classAst(
    kw: IToken,
    qualifiers: QualifierAst[],
    name: IToken,
    alias: ClassAst['alias'],
    superclass: ClassAst['superclass'],
    features: FeatureAst[],
  ): ClassAst {
    return {
      kind: 'class',
      keyword: kw.image.toLowerCase() as ClassAst['keyword'],
      qualifiers,
      name: name.image,
      alias,
      superclass,
      features,
      o: qualifiers.length > 0 ? qualifiers[0].o - 1 : kw.startOffset,
      nameOffset: name.startOffset,
    };
  }

  /**
   * `ref` after a type is the reference keyword only when a name (or `[]`) follows: in
   * `string Ref;` or `uint32 Ref[]` it is the element's name (`ref` is not reserved in WMI).
   * The gate is tested before OPTION2 rather than given to it as a GATE: Chevrotain makes
   * a closure for a GATE on every call (once per feature and parameter).
   */
  protected refGate(): boolean {
    if (!tokenMatcher(this.LA(1), T.Ref)) return false;
    if (tokenMatcher(this.LA(2), T.Name)) return true;
    if (!tokenMatcher(this.LA(2), T.LSquare)) return false;
    // `ref [] Name` or `ref [n] Name` (MOF 3.0 array of references) versus `Ref[]` / `Ref[n]`.
    const close = tokenMatcher(this.LA(3), T.RSquare) ? 3 : 4;
    return tokenMatcher(this.LA(close), T.RSquare) && tokenMatcher(this.LA(close + 1), T.Name);
  }
  protected readonly refKeyword = (): IToken => this.CONSUME(T.Ref);

  protected readonly parameterItems = {
    SEP: T.Comma,
    DEF: (): void => {
      this.pushItem(this.SUBRULE(this.parameter));
    },
  };
  protected readonly parameterListOption = (): ParameterAst[] => {
    const base = this.listTop;
    this.CONSUME(T.LParen);
    this.MANY_SEP(this.parameterItems);
    this.CONSUME(T.RParen);
    return this.takeList(base);
  };

  /** A property or a method; which one is decided by the parameter list. */
  feature = this.RULE('feature', (): FeatureAst => {
    const qualifiers = this.OPTION(this.qualifierListOption) ?? noQualifiers;
    const type = this.CONSUME(T.Name);
    const ref = this.RECORDING_PHASE || this.refGate() ? this.OPTION2(this.refKeyword) : undefined;
    const typeArray = this.OPTION3(this.arraySuffixOption);
    const name = this.CONSUME2(T.Name);
    const params = this.OPTION4(this.parameterListOption);
    const array = this.OPTION5(this.arraySuffixOption2);
    const defaultValue = this.OPTION6(this.equalsValue);
    const end = this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as never;
    return this.featureAst(qualifiers, type, ref !== undefined, typeArray, name, params, array, defaultValue, end);
  });

  /** The feature the `feature` rule builds from its parts. */
  protected featureAst(
    qualifiers: QualifierAst[],
    type: IToken,
    isRef: boolean,
    typeArray: ArrayAst | undefined,
    name: IToken,
    params: ParameterAst[] | undefined,
    array: ArrayAst | undefined,
    defaultValue: ValueAst | undefined,
    end: IToken,
  ): FeatureAst {
    const o = qualifiers.length > 0 ? qualifiers[0].o - 1 : type.startOffset;
    if (params !== undefined) {
      if (defaultValue !== undefined) this.problem(defaultValue.o, `method '${name.image}' cannot have a default value`);
      return {
        kind: 'method',
        qualifiers,
        typeName: type.image,
        typeOffset: type.startOffset,
        isRef,
        returnArray: typeArray !== undefined || array !== undefined,
        name: name.image,
        parameters: params,
        o,
        nameOffset: name.startOffset,
      };
    }
    if (typeArray !== undefined && array !== undefined) this.problem(end.startOffset, `property '${name.image}' has two array suffixes`);
    return {
      kind: 'property',
      qualifiers,
      typeName: type.image,
      typeOffset: type.startOffset,
      isRef,
      name: name.image,
      array: array ?? typeArray,
      defaultValue,
      o,
      nameOffset: name.startOffset,
    };
  }

  parameter = this.RULE('parameter', (): ParameterAst => {
    const qualifiers = this.OPTION(this.qualifierListOption) ?? noQualifiers;
    const type = this.CONSUME(T.Name);
    const ref = this.RECORDING_PHASE || this.refGate() ? this.OPTION2(this.refKeyword) : undefined;
    const typeArray = this.OPTION3(this.arraySuffixOption);
    const name = this.CONSUME2(T.Name);
    const array = this.OPTION4(this.arraySuffixOption2);
    const defaultValue = this.OPTION5(this.equalsValue);
    return {
      qualifiers,
      typeName: type.image,
      typeOffset: type.startOffset,
      isRef: ref !== undefined,
      name: name.image,
      array: array ?? typeArray,
      defaultValue,
      o: name.startOffset,
    };
  });
}
