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

import { EmbeddedActionsParser, tokenMatcher, type IToken } from './chevrotain.js';
import * as T from './tokens.js';
import type {
  ArrayAst, ClassAst, EnumerationAst, FeatureAst, InstanceAst, NameAst, ParameterAst, PragmaAst,
  ProductionAst, PropertyValueAst, QualifierAst, QualifierDeclAst, ValueAst,
} from './ast.js';
import { convertChar, convertNumber, unescapeMof } from './literals.js';

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

type Alts<R> = { ALT: () => R; IGNORE_AMBIGUITIES?: boolean }[];

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
    super(T.allTokens, { maxLookahead: 2, skipValidations: true });
    this.performSelfAnalysis();
  }

  private problem(offset: number, message: string): void {
    this.problems.push({ offset, message });
  }

  mofFile = this.RULE('mofFile', (): ProductionAst[] => {
    const out: ProductionAst[] = [];
    this.MANY(() => {
      out.push(this.SUBRULE(this.production));
    });
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

  pragma = this.RULE('pragma', (): PragmaAst => {
    const start = this.CONSUME(T.Pragma);
    const name = this.CONSUME(T.Name);
    const args: ValueAst[] = [];
    this.OPTION(() => {
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => args.push(this.SUBRULE(this.value)) });
      this.CONSUME(T.RParen);
    });
    return { kind: 'pragma', name: name.image, args, o: start.startOffset };
  });

  qualifierDecl = this.RULE('qualifierDecl', (): QualifierDeclAst => {
    const start = this.CONSUME(T.Qualifier);
    const name = this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    const type = this.CONSUME2(T.Name);
    // WMI also writes untyped declarations that only give flavors: `qualifier read : ToInstance ToSubClass;`
    const colonFlavors: IToken[] = [];
    this.MANY(() => colonFlavors.push(this.CONSUME3(T.Name)));
    const array = this.OPTION(() => this.SUBRULE(this.arraySuffix));
    const defaultValue = this.OPTION2(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.value);
    });
    const scopes = this.OPTION3(() => {
      this.CONSUME(T.Comma);
      this.CONSUME(T.Scope);
      return this.SUBRULE(this.nameList);
    });
    const flavors = this.OPTION4(() => {
      this.CONSUME2(T.Comma);
      this.CONSUME(T.Flavor);
      return this.SUBRULE2(this.nameList);
    });
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as never;
    {
      const t = type.image.toLowerCase();
      const typeName = intrinsicTypeNames.has(t) || !flavorNames.has(t) ? type.image : undefined;
      const wmiFlavors = (typeName !== undefined ? colonFlavors : [type, ...colonFlavors]).map((f) => ({ name: f.image, o: f.startOffset }));
      return {
        kind: 'qualifierDecl',
        name: name.image,
        typeName,
        typeOffset: type.startOffset,
        isArray: array !== undefined,
        arraySize: array?.size,
        defaultValue,
        scopes,
        flavors: [...wmiFlavors, ...(flavors ?? [])],
        o: start.startOffset,
      };
    }
  });

  /** `( name, name, ... )` with at least one name. */
  nameList = this.RULE('nameList', (): NameAst[] => {
    const names: NameAst[] = [];
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const t = this.CONSUME(T.Name);
        names.push({ name: t.image, o: t.startOffset });
      },
    });
    this.CONSUME(T.RParen);
    return names;
  });

  /** `[]` or `[n]`. */
  arraySuffix = this.RULE('arraySuffix', (): ArrayAst => {
    this.CONSUME(T.LSquare);
    const size = this.OPTION(() => this.CONSUME(T.NumberLiteral));
    this.CONSUME(T.RSquare);
    if (this.RECORDING_PHASE) return { size: undefined };
    {
      if (size === undefined) return { size: undefined };
      const n = convertNumber(size.image);
      if (n.t !== 'int' || typeof n.v !== 'number' || n.v <= 0) {
        this.problem(size.startOffset, `invalid array size '${size.image}': a positive integer is expected`);
        return { size: undefined };
      }
      return { size: n.v };
    }
  });

  // Qualifier lists and string values are parsed tens of thousands of times in CIM: their
  // OPTION/MANY bodies are made once (below) instead of a closure (and its context) per
  // use, and collect into fields. `qualifierAcc` is saved and restored because a qualifier
  // value may hold an instance whose properties have qualifier lists of their own.
  private qualifierAcc: QualifierAst[] = [];
  private flavorAcc: NameAst[] | undefined;
  /** The value of the string run being parsed: adjacent literals are appended as they come (no token list). */
  private stringRun = '';
  private readonly qualifierListItems = {
    SEP: T.Comma,
    DEF: (): void => {
      this.qualifierAcc.push(this.SUBRULE(this.qualifier));
    },
  };
  private readonly qualifierValueOption = (): ValueAst =>
    this.OR(
      (this.qualifierValueAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            // The `value` rule's alternatives inline (not SUBRULE(value)): one rule
            // invocation less for each of CIM's tens of thousands of qualifier values.
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
    if (!this.RECORDING_PHASE) this.stringRun += this.unescapeToken(t);
  };

  qualifierList = this.RULE('qualifierList', (): QualifierAst[] => {
    const outer = this.qualifierAcc;
    const list: QualifierAst[] = (this.qualifierAcc = []);
    this.CONSUME(T.LSquare);
    this.AT_LEAST_ONE_SEP(this.qualifierListItems);
    this.CONSUME(T.RSquare);
    this.qualifierAcc = outer;
    return list;
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
    const quals = this.OPTION(() => this.SUBRULE(this.qualifierList));
    if (!this.RECORDING_PHASE) this.pendingQualifiers = quals ?? noQualifiers;
    return this.OR(
      (this.declarationAlts ??= [
        { ALT: () => this.SUBRULE(this.classDecl) },
        { ALT: () => this.SUBRULE(this.instanceDecl) },
        { ALT: () => this.SUBRULE(this.enumerationDecl) },
      ]),
    );
  });

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
    const alias = this.OPTION(() => {
      this.CONSUME(T.As);
      return this.CONSUME(T.AliasIdentifier).image;
    });
    const superclass = this.OPTION2(() => {
      this.CONSUME(T.Colon);
      const s = this.CONSUME2(T.Name);
      return { name: s.image, o: s.startOffset };
    });
    this.CONSUME(T.LCurly);
    const features: FeatureAst[] = [];
    this.MANY(() => features.push(this.SUBRULE(this.feature)));
    this.CONSUME(T.RCurly);
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as never;
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
  });

  /**
   * `ref` after a type is the reference keyword only when a name (or `[]`) follows: in
   * `string Ref;` or `uint32 Ref[]` it is the element's name (`ref` is not reserved in WMI).
   */
  private readonly refKeyword = {
    GATE: (): boolean => {
      if (tokenMatcher(this.LA(2), T.Name)) return true;
      if (!tokenMatcher(this.LA(2), T.LSquare)) return false;
      // `ref [] Name` or `ref [n] Name` (MOF 3.0 array of references) versus `Ref[]` / `Ref[n]`.
      const close = tokenMatcher(this.LA(3), T.RSquare) ? 3 : 4;
      return tokenMatcher(this.LA(close), T.RSquare) && tokenMatcher(this.LA(close + 1), T.Name);
    },
    DEF: (): IToken => this.CONSUME(T.Ref),
  };

  /** A property or a method; which one is decided by the parameter list. */
  feature = this.RULE('feature', (): FeatureAst => {
    const qualifiers = this.OPTION(() => this.SUBRULE(this.qualifierList)) ?? noQualifiers;
    const type = this.CONSUME(T.Name);
    const ref = this.OPTION2(this.refKeyword);
    const typeArray = this.OPTION3(() => this.SUBRULE(this.arraySuffix));
    const name = this.CONSUME2(T.Name);
    const params = this.OPTION4(() => {
      const list: ParameterAst[] = [];
      this.CONSUME(T.LParen);
      this.MANY_SEP({ SEP: T.Comma, DEF: () => list.push(this.SUBRULE(this.parameter)) });
      this.CONSUME(T.RParen);
      return list;
    });
    const array = this.OPTION5(() => this.SUBRULE2(this.arraySuffix));
    const defaultValue = this.OPTION6(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.value);
    });
    const end = this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as never;
    {
      const o = qualifiers.length > 0 ? qualifiers[0].o - 1 : type.startOffset;
      if (params !== undefined) {
        if (defaultValue !== undefined) this.problem(defaultValue.o, `method '${name.image}' cannot have a default value`);
        return {
          kind: 'method',
          qualifiers,
          typeName: type.image,
          typeOffset: type.startOffset,
          isRef: ref !== undefined,
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
        isRef: ref !== undefined,
        name: name.image,
        array: array ?? typeArray,
        defaultValue,
        o,
        nameOffset: name.startOffset,
      };
    }
  });

  parameter = this.RULE('parameter', (): ParameterAst => {
    const qualifiers = this.OPTION(() => this.SUBRULE(this.qualifierList)) ?? noQualifiers;
    const type = this.CONSUME(T.Name);
    const ref = this.OPTION2(this.refKeyword);
    const typeArray = this.OPTION3(() => this.SUBRULE(this.arraySuffix));
    const name = this.CONSUME2(T.Name);
    const array = this.OPTION4(() => this.SUBRULE2(this.arraySuffix));
    const defaultValue = this.OPTION5(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.value);
    });
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

  /** `instance of X [as $a] { p = v; ... }` (or MOF 3.0 `value of`), without the final `;`. */
  instanceBody = this.RULE('instanceBody', (): InstanceAst => {
    const kw = this.OR((this.instanceKeywordAlts ??= [{ ALT: () => this.CONSUME(T.Instance) }, { ALT: () => this.CONSUME(T.Value) }]));
    this.CONSUME(T.Of);
    const cls = this.CONSUME(T.Name);
    const alias = this.OPTION(() => {
      this.CONSUME(T.As);
      return this.CONSUME(T.AliasIdentifier).image;
    });
    this.CONSUME(T.LCurly);
    const properties: PropertyValueAst[] = [];
    this.MANY(() => properties.push(this.SUBRULE(this.propertyValue)));
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
    const qualifiers = this.OPTION(() => this.SUBRULE(this.qualifierList)) ?? noQualifiers;
    const name = this.CONSUME(T.Name);
    // WMI lets an instance name a property with qualifiers and no value (dynamic properties).
    const value = this.OPTION2(() => {
      this.CONSUME(T.Equals);
      return this.SUBRULE(this.value);
    });
    this.CONSUME(T.Semicolon);
    return { qualifiers, name: name.image, value, o: name.startOffset };
  });

  /** MOF 3.0 `enumeration Name : baseType { A, B = 2, ... };` */
  enumerationDecl = this.RULE('enumerationDecl', (): EnumerationAst => {
    const qualifiers = this.pendingQualifiers;
    const kw = this.CONSUME(T.Enumeration);
    const name = this.CONSUME(T.Name);
    this.CONSUME(T.Colon);
    const base = this.CONSUME2(T.Name);
    this.CONSUME(T.LCurly);
    const values: { name: string; value: ValueAst | undefined; o: number }[] = [];
    this.MANY_SEP({
      SEP: T.Comma,
      DEF: () => {
        this.OPTION(() => this.SUBRULE(this.qualifierList));
        const v = this.CONSUME3(T.Name);
        const value = this.OPTION2(() => {
          this.CONSUME(T.Equals);
          return this.SUBRULE(this.value);
        });
        values.push({ name: v.image, value, o: v.startOffset });
      },
    });
    this.CONSUME(T.RCurly);
    this.CONSUME(T.Semicolon);
    return { kind: 'enumeration', qualifiers, name: name.image, baseType: base.image, values, o: kw.startOffset };
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
            this.stringRun = this.RECORDING_PHASE ? '' : this.unescapeToken(first);
            this.MANY(this.moreStrings);
            if (this.RECORDING_PHASE) return undefined as never;
            const v = this.stringRun;
            this.stringRun = '';
            return { t: 'str', v, o: first.startOffset };
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
  arrayValue = this.RULE('arrayValue', (): ValueAst => {
    const start = this.CONSUME(T.LCurly);
    const items: ValueAst[] = [];
    // The scalar alternatives inline rather than a rule per item: CIM's ValueMap and
    // Values arrays hold most of its values.
    this.MANY_SEP({ SEP: T.Comma, DEF: () => items.push(this.OR(this.scalarAlts())) });
    this.CONSUME(T.RCurly);
    return { t: 'array', items, o: start.startOffset };
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
   * The value of a StringLiteral token: one literal, or a run of adjacent literals that the
   * lexer made one token (see `matchStringLiteral` in tokens.ts), concatenated.
   */
  private unescapeToken(tok: IToken): string {
    const image = tok.image;
    const last = image.length - 1;
    // Most literals have no escape: slice them directly, without unescapeMof's result object
    // (CIM 2.51 has 125,000 string literals, fewer than 11,000 with a backslash). Without a
    // backslash, a quote inside the image can only end one literal of a run.
    if (image.indexOf('\\') < 0) {
      let close = image.indexOf('"', 1);
      if (close === last) return image.slice(1, last);
      let v = image.slice(1, close);
      while (close < last) {
        const open = image.indexOf('"', close + 1);
        close = image.indexOf('"', open + 1);
        v += image.slice(open + 1, close);
      }
      return v;
    }
    let v = '';
    let open = 0;
    for (;;) {
      let close = open + 1;
      for (let c = image.charCodeAt(close); c !== 34; c = image.charCodeAt(++close)) if (c === 92) close++;
      const r = unescapeMof(image.slice(open + 1, close));
      if (r.ok) v += r.v;
      else this.problem(tok.startOffset + open, r.message);
      if (close >= last) return v;
      open = image.indexOf('"', close + 1);
    }
  }

}
