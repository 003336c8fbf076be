/**
 * Type specifiers (C base type words, names, WinRT qualified and parameterized names,
 * `SAFEARRAY(T)`, structs, encapsulated and non-encapsulated unions, enums) and the
 * declarator lists of declarations and fields.
 */

import { type IOrAlt, type IToken } from '../chevrotain.js';
import type { Attribute, Declarator, EnumMember, Expr, Field, TypeRef } from './ast.js';
import * as T from './tokens.js';
import { none, typeRefText } from './parser-base.js';
import { IdlDeclaratorRules } from './parser-declarators.js';

export abstract class IdlTypeRules extends IdlDeclaratorRules {
  /** `A.B.C` (WinRT namespaces) or a plain name. */
  protected qualifiedNameText = '';
  protected readonly qualifiedNamePart = (): void => {
    this.CONSUME(T.Dot);
    this.qualifiedNameText += '.' + this.CONSUME2(T.DeclName).image;
  };
  readonly qualifiedName = this.RULE('qualifiedName', (): string => {
    // A closure made once (no rule runs while the name is read): every interface,
    // coclass and library name comes here.
    this.qualifiedNameText = this.CONSUME(T.DeclName).image;
    this.MANY(this.qualifiedNamePart);
    return this.qualifiedNameText;
  });

  /** A qualified name with type arguments, as text: `Windows.Foundation.IReference<INT32>`. */
  readonly typeName = this.RULE('typeName', (): string => {
    const name = this.SUBRULE(this.qualifiedName);
    const args = this.OPTION(() => this.SUBRULE(this.typeArguments));
    return this.ACTION(() => (args ? `${name}<${args.join(', ')}>` : name));
  });

  /** `<T, U>` after a parameterized interface or delegate name. */
  readonly typeParameters = this.RULE('typeParameters', (): string[] => {
    const names: string[] = [];
    this.CONSUME(T.Less);
    names.push(this.CONSUME(T.Identifier).image);
    this.MANY(() => {
      this.CONSUME(T.Comma);
      names.push(this.CONSUME2(T.Identifier).image);
    });
    this.CONSUME(T.Greater);
    return names;
  });

  /** `<HSTRING, IInspectable *>`: types with pointer stars, as text. */
  readonly typeArguments = this.RULE('typeArguments', (): string[] => {
    const args: string[] = [];
    this.CONSUME(T.Less);
    this.AT_LEAST_ONE_SEP({
      SEP: T.Comma,
      DEF: () => {
        const t = this.SUBRULE(this.typeSpec);
        let stars = '';
        this.MANY(() => {
          this.CONSUME(T.Star);
          stars += '*';
        });
        this.ACTION(() => args.push(typeRefText(t) + (stars ? ' ' + stars : '')));
      },
    });
    this.CONSUME(T.Greater);
    return args;
  });

  // Rule bodies run for every match: a closure passed to OPTION/MANY is allocated on each
  // call (with a context for the locals it captures).
  // The hot rules below therefore pass closures made once per parser, which return what
  // they read or append to a per-rule field; none of them may capture a rule's locals.
  protected storageAlts?: IOrAlt<'extern' | 'static'>[];
  protected readonly storageClass = (): 'extern' | 'static' =>
    this.OR(
      (this.storageAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.Extern);
            this.OPTION2(() => this.CONSUME(T.StringLiteral));
            return 'extern' as const;
          },
        },
        { ALT: () => (this.CONSUME(T.Static), 'static' as const) },
      ]),
    );
  protected readonly declarationDeclarators = (): Declarator[] => this.SUBRULE(this.declaratorList);

  // Declarators go to the list items (a declarator's own lists are taken before it is pushed).
  protected readonly moreDeclarators = (): void => {
    this.CONSUME(T.Comma);
    const d = this.SUBRULE2(this.declarator);
    if (!this.RECORDING_PHASE) this.pushItem(d);
  };
  readonly declaratorList = this.RULE('declaratorList', (): Declarator[] => {
    const base = this.listTop;
    const first = this.SUBRULE(this.declarator);
    if (!this.RECORDING_PHASE) this.pushItem(first);
    this.MANY(this.moreDeclarators);
    return this.takeList(base);
  });

  protected typeAlts?: IOrAlt<TypeRef>[];
  /** Count of `const` qualifiers read; typeSpec compares it before and after its own. */
  protected constsSeen = 0;
  protected readonly leadingQualifier = (): void => {
    if (this.CONSUME(T.TypeQualifier).image === 'const') this.constsSeen++;
  };
  protected readonly trailingQualifier = (): void => {
    if (this.CONSUME2(T.TypeQualifier).image === 'const') this.constsSeen++;
  };
  /** A dotted WinRT name being read (no rule runs while it is built). */
  protected dottedName = '';
  protected readonly dottedNamePart = (): void => {
    this.CONSUME(T.Dot);
    this.dottedName += '.' + this.CONSUME(T.DeclName).image;
  };
  protected readonly optionalTypeArguments = (): string[] => this.SUBRULE(this.typeArguments);
  /** C base type words read so far (`unsigned long`), joined by spaces as they come. */
  protected baseTypeWords = '';
  protected readonly baseTypeWord = (): void => {
    const word = this.CONSUME(T.BaseTypeWord).image;
    this.baseTypeWords = this.baseTypeWords.length === 0 ? word : this.baseTypeWords + ' ' + word;
  };
  readonly typeSpec = this.RULE('typeSpec', (): TypeRef => {
    const before = this.constsSeen;
    this.MANY(this.leadingQualifier);
    const leadingConst = this.constsSeen !== before;
    const type = this.OR(
      (this.typeAlts ??= [
        {
          ALT: () => {
            this.baseTypeWords = '';
            this.AT_LEAST_ONE(this.baseTypeWord);
            return { kind: 'base', name: this.baseTypeWords, isConst: false } as TypeRef;
          },
        },
        { ALT: () => this.SUBRULE(this.structOrUnion) },
        { ALT: () => this.SUBRULE(this.enumSpec) },
        { ALT: () => this.SUBRULE(this.safearraySpec) },
        {
          ALT: () => {
            const t = this.CONSUME(T.Identifier);
            // WinRT: `Windows.Foundation.IReference<INT32>`.
            this.dottedName = t.image;
            this.MANY3(this.dottedNamePart);
            const name = this.dottedName;
            const args = this.OPTION(this.optionalTypeArguments);
            if (this.RECORDING_PHASE) return undefined as unknown as TypeRef;
            return { kind: 'named', name: args ? `${name}<${args.join(', ')}>` : name, isConst: false, offset: t.startOffset } as TypeRef;
          },
        },
      ]),
    );
    const middle = this.constsSeen;
    this.MANY2(this.trailingQualifier);
    const isConst = leadingConst || this.constsSeen !== middle;
    return isConst ? { ...type, isConst } : type;
  });

  readonly safearraySpec = this.RULE('safearraySpec', (): TypeRef => {
    const kw = this.CONSUME(T.Safearray);
    const element = this.OPTION(() => {
      this.CONSUME(T.LParen);
      const type = this.SUBRULE(this.typeSpec);
      let depth = 0;
      this.MANY(() => {
        this.CONSUME(T.Star);
        depth++;
      });
      this.CONSUME(T.RParen);
      return { type, depth };
    });
    return this.ACTION(() =>
      element
        ? ({ kind: 'safearray', element: element.type, elementPointerDepth: element.depth, isConst: false } as TypeRef)
        : ({ kind: 'named', name: 'SAFEARRAY', isConst: false, offset: kw.startOffset } as TypeRef),
    );
  });

  protected structUnionAlts?: IOrAlt<IToken>[];
  readonly structOrUnion = this.RULE('structOrUnion', (): TypeRef => {
    const kw = this.OR((this.structUnionAlts ??= [{ ALT: () => this.CONSUME(T.Struct) }, { ALT: () => this.CONSUME(T.Union) }]));
    const tag = this.OPTION(() => this.CONSUME(T.Identifier).image);
    let switchOn: { type: TypeRef; name: string; armName?: string } | undefined;
    this.OPTION2(() => {
      this.CONSUME(T.Switch);
      this.CONSUME(T.LParen);
      const type = this.SUBRULE(this.typeSpec);
      const name = this.CONSUME2(T.Identifier).image;
      this.CONSUME(T.RParen);
      const armName = this.OPTION3(() => this.CONSUME3(T.Identifier).image);
      switchOn = { type, name, armName };
    });
    const fields = this.OPTION4(this.structBody);
    return {
      kind: kw.tokenType === T.Struct ? 'struct' : 'union',
      tag,
      fields,
      switchOn,
      isConst: false,
    };
  });

  protected readonly structField = (): void => this.pushItem(this.SUBRULE(this.field));
  protected readonly structBody = (): Field[] => {
    const base = this.listTop;
    this.CONSUME(T.LBrace);
    this.MANY(this.structField);
    this.CONSUME(T.RBrace);
    return this.takeList(base);
  };

  // A field's `case` labels go to the list items (a label holds no list).
  protected readonly nextCase = (): void => {
    this.CONSUME(T.Comma);
    this.pushItem(this.SUBRULE2(this.expression));
  };
  protected caseAlts?: IOrAlt<void>[];
  protected readonly caseLabel = (): void =>
    this.OR(
      (this.caseAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.Case);
            this.pushItem(this.SUBRULE(this.expression));
            this.MANY2(this.nextCase);
            this.CONSUME(T.Colon);
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Default);
            this.CONSUME2(T.Colon);
            this.pushItem('default');
          },
        },
      ]),
    );
  protected readonly fieldAttributes = (): Attribute[] => this.SUBRULE(this.attributeList);
  protected readonly fieldDeclarators = (): Declarator[] => this.SUBRULE(this.declaratorList);
  protected fieldType: TypeRef | undefined;
  protected fieldDeclaratorList: Declarator[] = none;
  protected readonly fieldDeclaration = (): void => {
    const type = this.SUBRULE(this.typeSpec);
    this.fieldDeclaratorList = this.OPTION3(this.fieldDeclarators) ?? none;
    this.fieldType = type;
  };
  readonly field = this.RULE('field', (): Field => {
    const base = this.listTop;
    this.MANY(this.caseLabel);
    const cases = this.takeList<Expr | 'default'>(base);
    const attributes = this.OPTION(this.fieldAttributes) ?? none;
    // A field's type may hold a struct with fields of its own: reset, read, then take.
    this.fieldType = undefined;
    this.fieldDeclaratorList = none;
    this.OPTION2(this.fieldDeclaration);
    const type = this.fieldType;
    const declarators = this.fieldDeclaratorList;
    this.fieldType = undefined;
    this.fieldDeclaratorList = none;
    this.CONSUME(T.Semicolon);
    return { attributes, cases, type, declarators };
  });

  readonly enumSpec = this.RULE('enumSpec', (): TypeRef => {
    this.CONSUME(T.Enum);
    const tag = this.OPTION(() => this.CONSUME(T.Identifier).image);
    const members = this.OPTION2(this.enumBody);
    return { kind: 'enum', tag, members, isConst: false };
  });
  protected readonly laterEnumMember = (): void => this.pushItem(this.SUBRULE2(this.enumMember));
  protected readonly nextEnumMember = (): void => {
    this.CONSUME(T.Comma);
    this.OPTION4(this.laterEnumMember);
  };
  protected readonly enumMembers = (): void => {
    this.pushItem(this.SUBRULE(this.enumMember));
    this.MANY(this.nextEnumMember);
  };
  protected readonly enumBody = (): EnumMember[] => {
    const base = this.listTop;
    this.CONSUME(T.LBrace);
    this.OPTION3(this.enumMembers);
    this.CONSUME(T.RBrace);
    return this.takeList(base);
  };

  readonly enumMember = this.RULE('enumMember', (): EnumMember => {
    const attributes = this.OPTION(this.enumMemberAttributes) ?? none;
    const name = this.CONSUME(T.DeclName);
    const value = this.OPTION2(this.enumMemberValue);
    return { name: name.image, value, attributes, offset: name.startOffset };
  });
  protected readonly enumMemberAttributes = (): Attribute[] => this.SUBRULE(this.attributeList);

  protected readonly enumMemberValue = (): Expr => {
    this.CONSUME(T.Equals);
    return this.SUBRULE(this.expression);
  };
}
