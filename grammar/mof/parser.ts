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
 *
 * Short paths: the commonest shapes of CIM (pragmas, classes, features, parameters,
 * qualifier lists, literal and array values) are read straight from the token vector and
 * built exactly as the rules build them (see "Short paths" below). The rules stay the
 * definition: anything a short path does not take, and every malformed input, goes
 * through them, and `new MofParser({ shortPaths: false })` runs the rules alone
 * (test/mof/parser-short-paths.test.ts compares both).
 */

import { EmbeddedActionsParser, tokenMatcher, type IToken, type TokenType } from './chevrotain.js';
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
const noTokens: IToken[] = [];

/** 1 at the tokenTypeIdx of every token type that is, or belongs to, one of `types`. */
function tokenTypeFlags(types: readonly TokenType[]): Uint8Array {
  const flags = new Uint8Array(1024);
  for (const t of T.allTokens) {
    if (types.some((c) => t === c || (t.CATEGORIES?.includes(c) ?? false))) flags[t.tokenTypeIdx!] = 1;
  }
  return flags;
}
/** Identifiers and every keyword: what `CONSUME(T.Name)` accepts. */
const isName = tokenTypeFlags([T.Name]);
const isClassKeyword = tokenTypeFlags([T.Class, T.Association, T.Indication, T.Structure]);
const idx = (t: TokenType): number => t.tokenTypeIdx!;
const PRAGMA = idx(T.Pragma);
const STRING = idx(T.StringLiteral);
const NUMBER = idx(T.NumberLiteral);
const CHAR = idx(T.CharLiteral);
const ALIAS = idx(T.AliasIdentifier);
const IDENTIFIER = idx(T.Identifier);
const TRUE = idx(T.True);
const FALSE = idx(T.False);
const NULL = idx(T.Null);
const REF = idx(T.Ref);
const AS = idx(T.As);
const LCURLY = idx(T.LCurly);
const RCURLY = idx(T.RCurly);
const LPAREN = idx(T.LParen);
const RPAREN = idx(T.RParen);
const LSQUARE = idx(T.LSquare);
const RSQUARE = idx(T.RSquare);
const SEMICOLON = idx(T.Semicolon);
const COMMA = idx(T.Comma);
const COLON = idx(T.Colon);
const EQUALS = idx(T.Equals);

/**
 * Chevrotain 11's own state that the short paths read and move: the token vector (which
 * ends, while a parse runs, with `maxLookahead + 1` EOF sentinels) and the index of the
 * last consumed token (CONSUME only increments it).
 */
interface ParserState {
  tokVector: IToken[];
  tokVectorLength: number;
  currIdx: number;
}

/** The parser's lookahead, and the EOF sentinels a token vector needs after its tokens. */
const maxLookahead = 2;
export const tokenSentinels = maxLookahead + 1;

/**
 * Chevrotain 11's hook run before a root rule (`mofFile`): it pushes the sentinels onto the
 * token vector (and `onAfterParse` pops them). Not in its type declarations.
 */
const chevrotainBeforeParse = (EmbeddedActionsParser.prototype as unknown as { onBeforeParse(ruleName: string): void }).onBeforeParse;

export interface MofParserOptions {
  /**
   * Read the common shapes directly (default). `false` parses everything with the
   * Chevrotain rules: the reference the short paths are tested against.
   */
  readonly shortPaths?: boolean;
}

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
  private readonly shortPaths: boolean;
  private pendingQualifiers: QualifierAst[] = [];
  private valueAlts: Alts<ValueAst> | undefined;
  private qualifierValueAlts: Alts<ValueAst> | undefined;
  private classKeywordAlts: Alts<IToken> | undefined;
  private instanceKeywordAlts: Alts<IToken> | undefined;
  private declarationAlts: Alts<ProductionAst> | undefined;
  private productionAlts: Alts<ProductionAst> | undefined;

  constructor(options: MofParserOptions = {}) {
    super(T.allTokens, { maxLookahead, skipValidations: true });
    this.shortPaths = options.shortPaths ?? true;
    this.performSelfAnalysis();
  }

  /** Set by `setPaddedInput` for the next parse: its vector has its sentinels already. */
  private paddedInput = false;

  /**
   * Parses the first `count` tokens of `vector`, which are followed by `tokenSentinels` EOF
   * tokens (the scanner's reused vector, `MofScanner.scanPadded`), for the next root rule
   * only. Set as `input`, Chevrotain would read the whole vector and push its own sentinels
   * after it, growing the array.
   */
  setPaddedInput(vector: IToken[], count: number): void {
    this.input = vector;
    (this as unknown as ParserState).tokVectorLength = count;
    this.paddedInput = true;
  }

  /**
   * Chevrotain's hook (see `chevrotainBeforeParse`), skipped for padded input. Its
   * `onAfterParse` pops only its own EOF object, so it leaves a padded vector as it is.
   */
  protected onBeforeParse(ruleName: string): void {
    if (this.paddedInput) {
      this.paddedInput = false;
      return;
    }
    chevrotainBeforeParse.call(this, ruleName);
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
   * list once, at its size. A short path that gives up sets `listTop` back.
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
    if (this.shortPaths && !this.RECORDING_PHASE) {
      const direct = this.shortProduction();
      if (direct !== undefined) {
        this.fileOut.push(direct);
        return;
      }
    }
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
    this.toks = noTokens;
    this.headQualifiers = noQualifiers;
    this.headType = this.headName = undefined;
    this.headTypeArray = this.tailArray = undefined;
    this.tailDefault = undefined;
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
  /** `[qualifiers]` where a rule has an optional qualifier list: the short path, else the rule. */
  private readonly qualifierListOption = (): QualifierAst[] => {
    return this.tryShortPath(this.qualifierListReader) ?? this.SUBRULE(this.qualifierList);
  };
  /** `= value` wherever a rule has one: the value by its short path, else the rule. */
  private readonly equalsValue = (): ValueAst => {
    this.CONSUME(T.Equals);
    return this.tryShortPath(this.valueReader) ?? this.SUBRULE(this.value);
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
            // invocation less for each qualifier value the short paths leave.
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
    this.pushItem(this.tryShortPath(this.featureReader) ?? this.SUBRULE(this.feature));
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

  /** The ClassAst of the `classDecl` rule and of its short path (one literal, one shape). */
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
      this.pushItem(this.tryShortPath(this.parameterReader) ?? this.SUBRULE(this.parameter));
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

  /** The feature the `feature` rule builds from its parts (also its short path's builder). */
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
    // literals that hold one are unescaped: the runs with an escape somewhere are 3,400 of
    // CIM 2.51's 73,000 string tokens but 46% of its string characters, and unescaping
    // each of their 40,000 literals (a loop over every character, a result object each)
    // cost 10 ms per load; with the next backslash remembered, 3 ms.
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

  // ---------------------------------------------------------------------------------------
  // Short paths. The commonest shapes are read straight from the token vector, without
  // the rules' invocations and lookahead decisions (CIM 2.51: 87,000 rule invocations,
  // 148,000 OPTIONs and 116,000 ORs per load with the rules alone), and built exactly as
  // the rules build them: the same objects with the same keys in the same order, the same
  // problems at the same offsets, in the same order. A short path only takes input the
  // rules would take the same way; at anything else (an instance value, a keyword as a
  // bare name, `ref []`, a token out of place) it gives up: the position, the list items
  // and the problems are set back and the rules read the same tokens again, and report
  // the errors. Rules that can be reached this way try the short paths for their parts
  // (qualifier lists, features, parameters, `= value`), so one unusual qualifier value
  // costs the rules for that one class, not for the file.

  /** The token vector and the index of the next token while a short path reads. */
  private toks: IToken[] = noTokens;
  private at = 0;
  private savedProblems = 0;
  private savedTop = 0;

  /** Starts a short path at the next token. Short paths do not nest (they never call a rule). */
  private beginShortPath(): void {
    const state = this as unknown as ParserState;
    this.toks = state.tokVector;
    this.at = state.currIdx + 1;
    this.savedProblems = this.problems.length;
    this.savedTop = this.listTop;
  }

  /**
   * What the short path `read` gives at the current token, consumed; undefined, with
   * nothing consumed, when it gives up, or when short paths are off or Chevrotain is
   * recording the grammar (the rule then parses).
   */
  private tryShortPath<R>(read: () => R | undefined): R | undefined {
    if (!this.shortPaths || this.RECORDING_PHASE) return undefined;
    this.beginShortPath();
    return this.endShortPath(read());
  }
  private readonly featureReader = (): FeatureAst | undefined => this.readFeature();
  private readonly qualifierListReader = (): QualifierAst[] | undefined => this.readQualifierList();

  /** Consumes what the short path read, or, when it gave up (undefined), sets everything back. */
  private endShortPath<R>(read: R | undefined): R | undefined {
    if (read !== undefined) (this as unknown as ParserState).currIdx = this.at - 1;
    else {
      if (this.problems.length !== this.savedProblems) this.problems.length = this.savedProblems;
      this.listTop = this.savedTop;
    }
    return read;
  }

  // The readers below start at `this.at` and leave it after what they read. A token is read
  // only after the one before it was found to be a real token (not EOF): the vector ends
  // with EOF sentinels during a parse, so no read goes past its end.

  /** A pragma or a class (with its qualifier list) at the next token, or undefined. */
  private shortProduction(): ProductionAst | undefined {
    this.beginShortPath();
    const first = this.toks[this.at].tokenTypeIdx;
    if (first === PRAGMA) return this.endShortPath(this.readPragma());
    if (first === LSQUARE || isClassKeyword[first] === 1) return this.endShortPath(this.readClass());
    return this.endShortPath(undefined);
  }

  /** `#pragma name` or `#pragma name(value, ...)`, as `pragma` builds it. */
  private readPragma(): PragmaAst | undefined {
    const toks = this.toks;
    const start = toks[this.at];
    const name = toks[this.at + 1];
    if (isName[name.tokenTypeIdx] !== 1) return undefined;
    this.at += 2;
    const base = this.listTop;
    if (toks[this.at].tokenTypeIdx === LPAREN) {
      this.at++;
      if (!this.readItemsUntil(RPAREN, this.valueReader)) return undefined;
    }
    return { kind: 'pragma', name: name.image, args: this.takeList(base), o: start.startOffset };
  }

  /** A qualifier list if one starts here (none: the shared empty list); undefined when it is malformed. */
  private readOptionalQualifiers(): QualifierAst[] | undefined {
    return this.toks[this.at].tokenTypeIdx === LSQUARE ? this.readQualifierList() : noQualifiers;
  }

  /** `[qualifiers] class|association|indication|structure Name [as $a] [: Super] { features };` */
  private readClass(): ClassAst | undefined {
    const toks = this.toks;
    const qualifiers = this.readOptionalQualifiers();
    if (qualifiers === undefined) return undefined;
    const kw = toks[this.at];
    if (isClassKeyword[kw.tokenTypeIdx] !== 1) return undefined;
    const name = toks[++this.at];
    if (isName[name.tokenTypeIdx] !== 1) return undefined;
    let alias: string | undefined;
    if (toks[++this.at].tokenTypeIdx === AS) {
      const a = toks[++this.at];
      if (a.tokenTypeIdx !== ALIAS) return undefined;
      alias = a.image;
      this.at++;
    }
    let superclass: NameAst | undefined;
    if (toks[this.at].tokenTypeIdx === COLON) {
      const s = toks[++this.at];
      if (isName[s.tokenTypeIdx] !== 1) return undefined;
      superclass = { name: s.image, o: s.startOffset };
      this.at++;
    }
    if (toks[this.at].tokenTypeIdx !== LCURLY) return undefined;
    this.at++;
    const base = this.listTop;
    while (toks[this.at].tokenTypeIdx !== RCURLY) {
      const f = this.readFeature();
      if (f === undefined) return undefined;
      this.pushItem(f);
    }
    if (toks[++this.at].tokenTypeIdx !== SEMICOLON) return undefined;
    this.at++;
    const features = this.takeList<FeatureAst>(base);
    return this.classAst(kw, qualifiers, name, alias, superclass, features);
  }

  /**
   * What `readDeclarationHead` read last (a feature's or a parameter's `[qualifiers] Type
   * [ref] [[]] Name`): fields rather than a result object, one fewer allocation per
   * element; read at once by its caller, before anything can read another head.
   */
  private headQualifiers: QualifierAst[] = noQualifiers;
  private headType: IToken | undefined;
  private headIsRef = false;
  private headTypeArray: ArrayAst | undefined;
  private headName: IToken | undefined;

  /** `[qualifiers] Type [ref] [[]] Name`, the start of a feature and of a parameter; false when it is not that. */
  private readDeclarationHead(): boolean {
    const toks = this.toks;
    const qualifiers = this.readOptionalQualifiers();
    if (qualifiers === undefined) return false;
    const type = toks[this.at];
    if (isName[type.tokenTypeIdx] !== 1) return false;
    this.at++;
    const isRef = this.readRef();
    if (isRef === undefined) return false;
    let typeArray: ArrayAst | undefined;
    if (toks[this.at].tokenTypeIdx === LSQUARE && (typeArray = this.readArraySuffix()) === undefined) return false;
    const name = toks[this.at];
    if (isName[name.tokenTypeIdx] !== 1) return false;
    this.at++;
    this.headQualifiers = qualifiers;
    this.headType = type;
    this.headIsRef = isRef;
    this.headTypeArray = typeArray;
    this.headName = name;
    return true;
  }

  /** What `readArrayAndDefault` read last: `[n]` after the name and `= value`. */
  private tailArray: ArrayAst | undefined;
  private tailDefault: ValueAst | undefined;

  /** `[[n]] [= value]` after a feature's or a parameter's name; false when malformed. */
  private readArrayAndDefault(): boolean {
    const toks = this.toks;
    let array: ArrayAst | undefined;
    if (toks[this.at].tokenTypeIdx === LSQUARE && (array = this.readArraySuffix()) === undefined) return false;
    let defaultValue: ValueAst | undefined;
    if (toks[this.at].tokenTypeIdx === EQUALS) {
      this.at++;
      if ((defaultValue = this.readValue()) === undefined) return false;
    }
    this.tailArray = array;
    this.tailDefault = defaultValue;
    return true;
  }

  /** `[qualifiers] Type [ref] [[]] Name [(parameters)] [[n]] [= value];`, as `feature` builds it. */
  private readFeature(): FeatureAst | undefined {
    const toks = this.toks;
    if (!this.readDeclarationHead()) return undefined;
    const qualifiers = this.headQualifiers;
    const type = this.headType!;
    const isRef = this.headIsRef;
    const typeArray = this.headTypeArray;
    const name = this.headName!;
    let params: ParameterAst[] | undefined;
    if (toks[this.at].tokenTypeIdx === LPAREN && (params = this.readParameterList()) === undefined) return undefined;
    if (!this.readArrayAndDefault()) return undefined;
    const end = toks[this.at];
    if (end.tokenTypeIdx !== SEMICOLON) return undefined;
    this.at++;
    return this.featureAst(qualifiers, type, isRef, typeArray, name, params, this.tailArray, this.tailDefault, end);
  }

  /**
   * After a type: whether `ref` follows as the reference keyword (then consumed), as the
   * rules' gate decides when a name follows; `Ref` as the element's own name is left
   * unread (false). Undefined for `ref [`, which only the rules' gate tells apart.
   */
  private readRef(): boolean | undefined {
    if (this.toks[this.at].tokenTypeIdx !== REF) return false;
    const after = this.toks[this.at + 1].tokenTypeIdx;
    if (isName[after] === 1) {
      this.at++;
      return true;
    }
    return after === LSQUARE ? undefined : false;
  }

  /** `(parameter, ...)`, as the `feature` rule's parameter list builds it. */
  private readParameterList(): ParameterAst[] | undefined {
    this.at++;
    const base = this.listTop;
    return this.readItemsUntil(RPAREN, this.parameterReader) ? this.takeList(base) : undefined;
  }

  /**
   * `item, item, ... close` (or no item) after an opening token, each item pushed on the
   * list stack (the caller takes them); false when an item or the closing token is not there.
   */
  private readItemsUntil(close: number, readItem: () => unknown): boolean {
    const toks = this.toks;
    if (toks[this.at].tokenTypeIdx !== close) {
      for (;;) {
        const item = readItem();
        if (item === undefined) return false;
        this.pushItem(item);
        if (toks[this.at].tokenTypeIdx !== COMMA) break;
        this.at++;
      }
      if (toks[this.at].tokenTypeIdx !== close) return false;
    }
    this.at++;
    return true;
  }
  // The item readers of readItemsUntil, made once per parser.
  private readonly valueReader = (): ValueAst | undefined => this.readValue();
  private readonly scalarReader = (): ValueAst | undefined => this.readScalar();
  private readonly parameterReader = (): ParameterAst | undefined => this.readParameter();

  /** `[qualifiers] Type [ref] [[]] Name [[n]] [= value]`, as `parameter` builds it. */
  private readParameter(): ParameterAst | undefined {
    // A value reads no declaration head, so the head is still this parameter's after the tail.
    if (!this.readDeclarationHead() || !this.readArrayAndDefault()) return undefined;
    const type = this.headType!;
    const name = this.headName!;
    return {
      qualifiers: this.headQualifiers,
      typeName: type.image,
      typeOffset: type.startOffset,
      isRef: this.headIsRef,
      name: name.image,
      array: this.tailArray ?? this.headTypeArray,
      defaultValue: this.tailDefault,
      o: name.startOffset,
    };
  }

  /** `[]` or `[n]` at `[`, as `arraySuffix` builds it. */
  private readArraySuffix(): ArrayAst | undefined {
    const toks = this.toks;
    let size: IToken | undefined;
    if (toks[++this.at].tokenTypeIdx === NUMBER) size = toks[this.at++];
    if (toks[this.at].tokenTypeIdx !== RSQUARE) return undefined;
    this.at++;
    return this.arrayAst(size);
  }

  /** `[Name, Name(value), Name{...}, Name : Flavor ..., ...]`, as `qualifierList` and `qualifier` build it. */
  private readQualifierList(): QualifierAst[] | undefined {
    const toks = this.toks;
    if (toks[this.at].tokenTypeIdx !== LSQUARE) return undefined;
    this.at++;
    const base = this.listTop;
    for (;;) {
      const name = toks[this.at];
      if (isName[name.tokenTypeIdx] !== 1) return undefined;
      const next = toks[++this.at].tokenTypeIdx;
      let value: ValueAst | undefined;
      if (next === LPAREN) {
        this.at++;
        value = this.readValue();
        if (value === undefined || toks[this.at].tokenTypeIdx !== RPAREN) return undefined;
        this.at++;
      } else if (next === LCURLY && (value = this.readArray()) === undefined) return undefined;
      let flavors = noNames;
      if (toks[this.at].tokenTypeIdx === COLON) {
        const flavorBase = this.listTop;
        let f = toks[++this.at];
        if (isName[f.tokenTypeIdx] !== 1) return undefined;
        do {
          this.pushItem({ name: f.image, o: f.startOffset });
          f = toks[++this.at];
        } while (isName[f.tokenTypeIdx] === 1);
        flavors = this.takeList(flavorBase);
      }
      this.pushItem({ name: name.image, value, flavors, o: name.startOffset });
      if (toks[this.at].tokenTypeIdx !== COMMA) break;
      this.at++;
    }
    if (toks[this.at].tokenTypeIdx !== RSQUARE) return undefined;
    this.at++;
    return this.takeList(base);
  }

  /** An array or a scalar value, as the `value` rule builds it (see readScalar for what is left to it). */
  private readValue(): ValueAst | undefined {
    return this.toks[this.at].tokenTypeIdx === LCURLY ? this.readArray() : this.readScalar();
  }

  /** `{ scalar, ... }` at `{`, as `arrayValue` builds it. */
  private readArray(): ValueAst | undefined {
    const start = this.toks[this.at++];
    if (this.toks[this.at].tokenTypeIdx === STRING) {
      const strings = this.readStringItems(start.startOffset);
      if (strings !== undefined) return strings;
    }
    const base = this.listTop;
    if (!this.readItemsUntil(RCURLY, this.scalarReader)) return undefined;
    return arrayAst(this.takeList(base), start.startOffset);
  }

  /** The strings and offsets of `readStringItems`'s array, reused. */
  private readonly stringItems: string[] = [];
  private readonly stringOffsets: number[] = [];

  /**
   * `"...", "...", ... }` after `{`: an array of string literals only, as `arrayAst` builds it,
   * without an item node per string. Undefined, with nothing consumed and no problem kept,
   * at any other item (readArray then reads the items one by one).
   */
  private readStringItems(o: number): ValueAst | undefined {
    const toks = this.toks;
    const from = this.at;
    const problems = this.problems.length;
    const values = this.stringItems;
    const offsets = this.stringOffsets;
    let n = 0;
    for (let t = toks[this.at]; t.tokenTypeIdx === STRING; t = toks[this.at]) {
      values[n] = this.readStringRun(t);
      offsets[n++] = t.startOffset;
      const next = toks[this.at].tokenTypeIdx;
      if (next === RCURLY) {
        this.at++;
        const v = values.slice(0, n);
        values.fill('', 0, n);
        return { t: 'strs', v, offsets: offsets.slice(0, n), o };
      }
      if (next !== COMMA) break;
      this.at++;
    }
    values.fill('', 0, n);
    this.at = from;
    if (this.problems.length !== problems) this.problems.length = problems;
    return undefined;
  }

  /** The value of the string run starting at token `t` (the current token), consumed. */
  private readStringRun(t: IToken): string {
    const toks = this.toks;
    let next = toks[++this.at];
    if (next.tokenTypeIdx !== STRING) return this.unescapeToken(t);
    // Literals the lexer could not make one token (a comment between them): one run still.
    this.run.reset();
    this.appendStringToken(t);
    while (next.tokenTypeIdx === STRING) {
      this.appendStringToken(next);
      next = toks[++this.at];
    }
    return this.run.take();
  }

  /**
   * A literal (a string run, number, boolean, null, char), an alias or a plain identifier,
   * as the scalar alternatives build it. Undefined for the rest: an instance, and a keyword
   * as a bare name (where the alternatives' order and lookahead decide).
   */
  private readScalar(): ValueAst | undefined {
    const toks = this.toks;
    const t = toks[this.at];
    const kind = t.tokenTypeIdx;
    if (kind === STRING) return { t: 'str', v: this.readStringRun(t), o: t.startOffset };
    this.at++;
    if (kind === NUMBER) return this.numberFrom(t);
    if (kind === IDENTIFIER) return { t: 'name', name: t.image, o: t.startOffset };
    if (kind === TRUE) return { t: 'bool', v: true, o: t.startOffset };
    if (kind === FALSE) return { t: 'bool', v: false, o: t.startOffset };
    if (kind === NULL) return { t: 'null', o: t.startOffset };
    if (kind === ALIAS) return { t: 'alias', name: t.image.slice(1), o: t.startOffset };
    if (kind === CHAR) return this.charFrom(t);
    return undefined;
  }
}
