/**
 * The MOF parser: a Chevrotain EmbeddedActionsParser that builds the plain AST of
 * `ast.ts` directly (no CST), one shared instance reset with `parser.input`.
 *
 * Deviations from DSP0004 (all on purpose, to accept what WMI's mofcomp accepts):
 * - a data type is parsed as a name and classified later, so class-typed properties
 *   (`Win32_ProcessStartup ProcessStartupInformation`) and `void` methods parse;
 * - array brackets may follow the type (`string[] Names`, MOF 3.0) as well as the name;
 * - `Scope(...)` is optional in the grammar so that its absence gets a precise semantic
 *   error instead of a generic syntax error;
 * - values may be bare names (MOF 3.0 enumeration values, `#pragma deleteclass("X", FAIL)`).
 * Literal conversion problems (bad escapes, invalid numbers) do not stop the parse: they
 * are collected in `problems` with their offsets.
 */

import { EmbeddedActionsParser, tokenMatcher, type IToken, type TokenType } from '../chevrotain.js';
import * as T from './tokens.js';
import type {
  ArrayAst, ClassAst, EnumerationAst, FeatureAst, InstanceAst, NameAst, ParameterAst, PragmaAst,
  ProductionAst, PropertyValueAst, QualifierAst, QualifierDeclAst, ValueAst,
} from './ast.js';
import { convertChar, convertNumber, StringRunBuilder } from './literals.js';

export interface ParseProblem {
  readonly offset: number;
  readonly message: string;
}

const intrinsicTypeNames = new Set([
  'uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64',
  'real32', 'real64', 'char16', 'string', 'boolean', 'datetime', 'object',
]);
const flavorNames = new Set([
  'enableoverride', 'disableoverride', 'tosubclass', 'restricted', 'nottosubclass', 'translatable',
  'amended', 'toinstance', 'nottoinstance',
]);

/** Shared empty lists: most elements have no flavors, many no qualifiers (fewer allocations). */
const noNames: readonly NameAst[] = Object.freeze([]) as readonly NameAst[];
const noQualifiers: QualifierAst[] = Object.freeze([]) as unknown as QualifierAst[];
/** Placeholders while no file is being parsed (never appended to). */
const noProductions: ProductionAst[] = Object.freeze([]) as unknown as ProductionAst[];

/** The parser's lookahead. */
const maxLookahead = 2;

type Alts<R> = { ALT: () => R; IGNORE_AMBIGUITIES?: boolean }[];

/**
 * An array value: `strs` when every item is a string (CIM's ValueMap, Values and
 * MappingStrings, nearly all of its array values), else an item node each.
 */
function arrayAst(items: ValueAst[], o: number): ValueAst {
  if (items.length === 0 || !items.every((i) => i.t === 'str')) return { t: 'array', items, o };
  return { t: 'strs', v: items.map((i) => (i as { v: string }).v), offsets: items.map((i) => i.o), o };
}

export class MofParser extends EmbeddedActionsParser {
  problems: ParseProblem[] = [];
  private pendingQualifiers: QualifierAst[] = [];
  private valueAlts: Alts<ValueAst> | undefined;
  private qualifierValueAlts: Alts<ValueAst> | undefined;
  private classKeywordAlts: Alts<IToken> | undefined;
  private instanceKeywordAlts: Alts<IToken> | undefined;
  private declarationAlts: Alts<ProductionAst> | undefined;
  private productionAlts: Alts<ProductionAst> | undefined;

  constructor() {
    super(T.allTokens, { maxLookahead, skipValidations: true });
    this.performSelfAnalysis();
  }

  private problem(offset: number, message: string): void {
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
  private readonly listItems: unknown[] = [];
  private listTop = 0;
  /** The highest `listTop` since the slots were last cleared: the slots above it hold nothing. */
  private listHigh = 0;
  private pushItem(item: unknown): void {
    this.listItems[this.listTop++] = item;
    if (this.listTop > this.listHigh) this.listHigh = this.listTop;
  }
  private takeList<I>(base: number): I[] {
    const top = this.listTop;
    this.listTop = base;
    return this.listItems.slice(base, top) as I[];
  }

  /** What `mofFile` appends to (files do not nest); `noProductions` between parses. */
  private fileOut: ProductionAst[] = noProductions;
  private readonly fileProduction = (): void => {
    this.fileOut.push(this.SUBRULE(this.production));
  };
  mofFile = this.RULE('mofFile', (): ProductionAst[] => {
    const out: ProductionAst[] = (this.fileOut = []);
    // A parse that failed leaves its items behind: start from the bottom.
    this.listTop = 0;
    this.MANY(this.fileProduction);
    // Every list was taken; clear the slots used so that they keep no tree alive between
    // files (filled rather than truncated: truncating drops the backing store). Nor do
    // the file's list and the token vector stay reachable from here.
    this.listItems.fill(undefined, 0, this.listHigh);
    this.listHigh = 0;
    this.fileOut = noProductions;
    return out;
  });

  production = this.RULE('production', (): ProductionAst =>
    this.OR(
      (this.productionAlts ??= [
        { ALT: () => this.SUBRULE(this.pragma) },
        { ALT: () => this.SUBRULE(this.qualifierDecl) },
        { ALT: () => this.SUBRULE(this.qualifiedDeclaration) },
      ]),
    ),
  );

  private readonly pragmaArgs = {
    SEP: T.Comma,
    DEF: (): void => this.pushItem(this.SUBRULE(this.value)),
  };
  private readonly pragmaArgsOption = (): void => {
    this.CONSUME(T.LParen);
    this.MANY_SEP(this.pragmaArgs);
    this.CONSUME(T.RParen);
  };
  pragma = this.RULE('pragma', (): PragmaAst => {
    const start = this.CONSUME(T.Pragma);
    const name = this.CONSUME(T.Name);
    const base = this.listTop;
    this.OPTION(this.pragmaArgsOption);
    const args = this.takeList<ValueAst>(base);
    return { kind: 'pragma', name: name.image, args, o: start.startOffset };
  });

  private readonly colonFlavor = (): void => this.pushItem(this.CONSUME3(T.Name));
  private readonly scopeOption = (): NameAst[] => {
    this.CONSUME(T.Comma);
    this.CONSUME(T.Scope);
    return this.SUBRULE(this.nameList);
  };
  private readonly flavorListOption = (): NameAst[] => {
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

  private readonly nameListItems = {
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

  /** `[]` or `[n]`. */
  arraySuffix = this.RULE('arraySuffix', (): ArrayAst => {
    this.CONSUME(T.LSquare);
    const size = this.OPTION(this.arraySizeOption);
    this.CONSUME(T.RSquare);
    if (this.RECORDING_PHASE) return { size: undefined };
    return this.arrayAst(size);
  });
  private readonly arraySizeOption = (): IToken => this.CONSUME(T.NumberLiteral);
  /** The ArrayAst of `[size]` (`[]` when undefined), reporting a size that is not a positive integer. */
  private arrayAst(size: IToken | undefined): ArrayAst {
    if (size === undefined) return { size: undefined };
    const n = convertNumber(size.image);
    if (n.t !== 'int' || typeof n.v !== 'number' || n.v <= 0) {
      this.problem(size.startOffset, `invalid array size '${size.image}': a positive integer is expected`);
      return { size: undefined };
    }
    return { size: n.v };
  }

  // The OPTION/MANY bodies of the rules below are made once per parser (fields) instead of
  // a closure (and its context) per use, and communicate through fields and the list
  // items: qualifier lists, features and string values are parsed tens of thousands of
  // times in CIM.
  /**
   * The text of the string run being read (its literals, unescaped), across the
   * StringLiteral tokens of the run, made one string at its end (see `StringRunBuilder`).
   */
  private readonly run = new StringRunBuilder();
  /** Where the StringLiteral token being appended to `run` starts (for its problems). */
  private runTokenOffset = 0;
  private readonly runProblem = (at: number, message: string): void => this.problem(this.runTokenOffset + at, message);
  private flavorAcc: NameAst[] | undefined;
  private readonly qualifierListItems = {
    SEP: T.Comma,
    DEF: (): void => {
      this.pushItem(this.SUBRULE(this.qualifier));
    },
  };
  /** `[qualifiers]` where a rule has an optional qualifier list. */
  private readonly qualifierListOption = (): QualifierAst[] => {
    return this.SUBRULE(this.qualifierList);
  };
  /** `= value` wherever a rule has one. */
  private readonly equalsValue = (): ValueAst => {
    this.CONSUME(T.Equals);
    return this.SUBRULE(this.value);
  };
  private readonly arraySuffixOption = (): ArrayAst => this.SUBRULE(this.arraySuffix);
  private readonly arraySuffixOption2 = (): ArrayAst => this.SUBRULE2(this.arraySuffix);
  private readonly aliasOption = (): string => {
    this.CONSUME(T.As);
    return this.CONSUME(T.AliasIdentifier).image;
  };
  private readonly qualifierValueOption = (): ValueAst =>
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
  private readonly flavorItem = (): void => {
    const f = this.CONSUME2(T.Name);
    (this.flavorAcc ??= []).push({ name: f.image, o: f.startOffset });
  };
  private readonly flavorOption = (): void => {
    this.CONSUME(T.Colon);
    this.AT_LEAST_ONE(this.flavorItem);
  };
  private readonly moreStrings = (): void => {
    const t = this.CONSUME2(T.StringLiteral);
    if (!this.RECORDING_PHASE) this.appendStringToken(t);
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

  /** Class, instance, MOF 3.0 structure/association/enumeration, with an optional qualifier list. */
  qualifiedDeclaration = this.RULE('qualifiedDeclaration', (): ProductionAst => {
    const quals = this.OPTION(this.qualifierListOption);
    if (!this.RECORDING_PHASE) this.pendingQualifiers = quals ?? noQualifiers;
    return this.OR(
      (this.declarationAlts ??= [
        { ALT: () => this.SUBRULE(this.classDecl) },
        { ALT: () => this.SUBRULE(this.instanceDecl) },
        { ALT: () => this.SUBRULE(this.enumerationDecl) },
      ]),
    );
  });

  private readonly superclassOption = (): NameAst => {
    this.CONSUME(T.Colon);
    const s = this.CONSUME2(T.Name);
    return { name: s.image, o: s.startOffset };
  };
  private readonly classFeature = (): void => {
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
  private classAst(
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
  private refGate(): boolean {
    if (!tokenMatcher(this.LA(1), T.Ref)) return false;
    if (tokenMatcher(this.LA(2), T.Name)) return true;
    if (!tokenMatcher(this.LA(2), T.LSquare)) return false;
    // `ref [] Name` or `ref [n] Name` (MOF 3.0 array of references) versus `Ref[]` / `Ref[n]`.
    const close = tokenMatcher(this.LA(3), T.RSquare) ? 3 : 4;
    return tokenMatcher(this.LA(close), T.RSquare) && tokenMatcher(this.LA(close + 1), T.Name);
  }
  private readonly refKeyword = (): IToken => this.CONSUME(T.Ref);

  private readonly parameterItems = {
    SEP: T.Comma,
    DEF: (): void => {
      this.pushItem(this.SUBRULE(this.parameter));
    },
  };
  private readonly parameterListOption = (): ParameterAst[] => {
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
  private featureAst(
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

  instanceDecl = this.RULE('instanceDecl', (): InstanceAst => {
    const qualifiers = this.pendingQualifiers;
    const inst = this.SUBRULE(this.instanceBody);
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as never;
    return { ...inst, qualifiers };
  });

  private readonly propertyValueItem = (): void => {
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

  private readonly enumerationValues = {
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

  /** A value: an array or any array item (one rule level less than `array | item`). */
  value = this.RULE('value', (): ValueAst =>
    this.OR(this.valueAlternatives()),
  );

  /**
   * The alternatives of a value, shared by the `value` rule and qualifier values. Occurrence
   * indexes in them (SUBRULE2 of arrayValue, CONSUME3 of a bare name) are chosen not to
   * collide with those of the rules that inline them (`qualifier`, `arrayValue`).
   */
  private valueAlternatives(): Alts<ValueAst> {
    return (this.valueAlts ??= [{ ALT: () => this.SUBRULE2(this.arrayValue) }, ...this.scalarAlts()]);
  }

  private scalarAltsCache: Alts<ValueAst> | undefined;
  /** The alternatives of a scalar value, shared by `value`, qualifier values and array items. */
  private scalarAlts(): Alts<ValueAst> {
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
  private readonly arrayItems = {
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

  private numberFrom(tok: IToken): ValueAst {
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

  private charFrom(tok: IToken): ValueAst {
    if (this.RECORDING_PHASE) return undefined as never;
    const r = convertChar(tok.image);
    if (!r.ok) {
      this.problem(tok.startOffset, r.message);
      return { t: 'char', v: '\0', o: tok.startOffset };
    }
    return { t: 'char', v: r.v, o: tok.startOffset };
  }

  /**
   * The value of a StringLiteral token: one literal (a slice of the text), or a run of
   * adjacent literals that the lexer made one token (see `matchStringLiteral` in tokens.ts),
   * joined into one flat string (see `StringRunBuilder`).
   */
  private unescapeToken(tok: IToken): string {
    const image = tok.image;
    const last = image.length - 1;
    // Most literals have no escape: they are sliced directly, without unescapeMof's result
    // object. A token is checked for a backslash once, and in a run of literals only the
    // literals that hold one are unescaped (the runs with an escape are few but long).
    if (image.indexOf('\\') < 0 && image.indexOf('"', 1) === last) return image.slice(1, last);
    this.run.reset();
    this.appendStringToken(tok);
    return this.run.take();
  }

  /** Appends the text of a StringLiteral token's literals to `run`, reporting bad escapes. */
  private appendStringToken(tok: IToken): void {
    this.runTokenOffset = tok.startOffset;
    this.run.appendLiterals(tok.image, this.runProblem);
  }
}
