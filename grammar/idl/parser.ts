/**
 * The IDL parser: Chevrotain EmbeddedActionsParser building the plain tree of ast.ts
 * directly (no CST), one instance reset with `parser.input` for every file.
 *
 * Grammar: Microsoft IDL as MIDL and widl accept it (interfaces, dispinterfaces,
 * coclasses, libraries, modules, typedefs, encapsulated and non-encapsulated unions,
 * constant expressions, attribute lists) plus the C declarations SDK headers imported
 * from IDL contain. Deviations from MIDL, on purpose:
 * - attribute arguments are kept as text (split at top-level commas), because their
 *   grammar depends on the attribute (`size_is(,n)`, `switch_type(unsigned long)`,
 *   `implicit_handle(handle_t h)`); the model reads the few it needs (`uuid`, `call_as`,
 *   `in`/`out`, `iid_is`, `size_is`);
 * - single-word IDL base types (`byte`, `boolean`, `wchar_t`, `handle_t`) are names, not
 *   keywords: the model resolves them like any typedef;
 * - a cast in a constant expression is recognized by a lookahead heuristic
 *   (`(name)` followed by an operand), as C compilers do with their typedef tables.
 */

import { EmbeddedActionsParser, type IOrAlt, type IToken, type TokenType } from '../chevrotain.js';
import { assertSupportedChevrotain, nextTokenIndex } from '../chevrotain-adapter.js';
import type {
  Attribute,
  CoclassDef,
  DeclarationDef,
  Declarator,
  Definition,
  DispinterfaceDef,
  EnumMember,
  Expr,
  Field,
  InterfaceDef,
  Param,
  TypeRef,
  TypedefDef,
} from './ast.js';
import { foldBinary, parseCharLiteral, parseIntLiteral } from './constexpr.js';
import * as T from './tokens.js';
import { unquote } from './strings.js';

export { unquote };

/** Tokens that can follow a complete expression; after one token, it was a primary. */
const complexDeclaratorStart = new Set<TokenType>([T.Star, T.LParen, T.LBracket, T.Colon, T.Equals]);
const simpleDeclaratorEnd = new Set<TokenType>([T.Comma, T.Semicolon, T.RParen]);
const endsExpression = new Set<TokenType>([T.Comma, T.RBrace, T.RBracket, T.RParen, T.Semicolon, T.Colon]);

const isCastTypeStart = new Set<TokenType>([T.BaseTypeWord, T.TypeQualifier, T.Struct, T.Union, T.Enum]);
const operandStart = new Set<TokenType>([
  T.Identifier,
  T.IntLiteral,
  T.HexLiteral,
  T.FloatLiteral,
  T.CharLiteral,
  T.LParen,
  T.Tilde,
  T.Bang,
]);

/**
 * The one empty list of the syntax tree: more than half of its lists are empty
 * (attribute lists, array suffixes, attribute arguments). Not frozen: V8 iterates a
 * frozen array through its slow paths. The tree's
 * lists are read-only by type; test/idl/closure.test.ts checks that it is still empty
 * after a whole load and model. Typed as a mutable list only so that it fits the
 * builders' local types.
 */
export const emptyList: never[] = [];
const none = emptyList;
/** The item stack between files (never written: `file` starts a fresh one). */
const noItems: unknown[] = [];
/** The parser's output between files (never written: `file` starts a fresh one). */
const noOutput: ParseOutput = { definitions: [], startTokens: [] };
const noTokens: IToken[] = [];

/** Characters of `[A-Za-z0-9_$"']`: two tokens ending and starting with them need a space. */
function isWordChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95 || c === 36 || c === 34 || c === 39;
}

/** Type text for WinRT type arguments. */
function typeRefText(t: TypeRef): string {
  const c = t.isConst ? 'const ' : '';
  switch (t.kind) {
    case 'base':
    case 'named':
      return c + t.name;
    case 'safearray':
      return `${c}SAFEARRAY(${typeRefText(t.element)})`;
    default:
      return `${c}${t.kind}${t.tag ? ' ' + t.tag : ''}`;
  }
}

/** 1 at the tokenTypeIdx of every token type that is, or belongs to, one of `types`. */
function tokenTypeFlags(types: readonly TokenType[]): Uint8Array {
  const flags = new Uint8Array(1024);
  for (const t of T.allTokens) {
    if (types.some((c) => t === c || (t.CATEGORIES?.includes(c) ?? false))) flags[t.tokenTypeIdx!] = 1;
  }
  return flags;
}

/** Names and calling conventions, tested on every declarator (an array scan of categories before). */
const isDeclName = tokenTypeFlags([T.DeclName]);
const isCallingConvention = tokenTypeFlags([T.CallingConvention]);

export interface ParseOutput {
  readonly definitions: Definition[];
  /** Index in the token vector of the first token of each top-level definition. */
  readonly startTokens: number[];
}

export class IdlParser extends EmbeddedActionsParser {
  constructor(validate = false) {
    assertSupportedChevrotain();
    super(T.allTokens, { maxLookahead: 2, skipValidations: !validate, recoveryEnabled: false });
    this.performSelfAnalysis();
  }

  /** The index in the token vector of the next token (see grammar/chevrotain-adapter.ts). */
  private position(): number {
    return nextTokenIndex(this);
  }


  /**
   * The items of the lists being built (attributes, parameters, block members, enum
   * members, fields, attribute arguments), one after the other: a rule notes `listTop`
   * when its list begins and takes its items with `takeList` when it ends. Lists nest
   * (a parameter's attributes are built inside a parameter list) and each inner list is
   * taken before its outer list grows again, so they stay contiguous. Why: a list that
   * grows from `[]` by `push` gets room for 17 items where most have one to three;
   * `slice` makes each list exactly its size. Slots above `listTop` are reused, never freed.
   */
  private listItems: unknown[] = [];
  private listTop = 0;
  private pushItem(item: unknown): void {
    this.listItems[this.listTop++] = item;
  }
  /** The items pushed since `base`, as an exact-size list (the shared empty list when none). */
  private takeList<T>(base: number): T[] {
    const top = this.listTop;
    if (top === base) return none;
    this.listTop = base;
    return this.listItems.slice(base, top) as T[];
  }

  /** What `file` appends to (one file is parsed at a time; files do not nest). */
  private fileOut: ParseOutput = noOutput;
  private readonly fileDefinition = (): void => {
    const start = this.position();
    const d = this.SUBRULE(this.definition);
    if (d && !this.RECORDING_PHASE) {
      this.fileOut.definitions.push(d);
      this.fileOut.startTokens.push(start);
    }
  };
  readonly file = this.RULE('file', (): ParseOutput => {
    const out: ParseOutput = { definitions: [], startTokens: [] };
    this.fileOut = out;
    // A file that failed to parse may have left items and rule state behind: drop them.
    this.listTop = 0;
    this.listItems = [];
    this.pendingAttributes = none;
    this.rawText = '';
    this.rawTokens = 0;
    this.paramsVarargs = false;
    this.MANY(this.fileDefinition);
    return out;
  });

  /**
   * Lets go of everything of the file just parsed (its tokens, its tree, the item stack),
   * which the parser, living from load to load, would otherwise keep alive (and every
   * later scavenge copy again, as an old object's field keeps a young tree alive).
   */
  releaseFile(): void {
    this.fileOut = noOutput;
    this.listItems = noItems;
    this.listTop = 0;
    this.pendingAttributes = none;
    this.interfaceBody = none;
    this.interfaceRequires = none;
    this.interfaceBase = undefined;
    this.fieldType = undefined;
    this.fieldDeclaratorList = none;
    this.rawText = '';
    this.input = noTokens;
  }

  private defAlts?: IOrAlt<Definition | undefined>[];
  readonly definition = this.RULE('definition', (): Definition | undefined => {
    return this.OR(
      (this.defAlts ??= [
        { ALT: () => this.SUBRULE(this.cppQuote) },
        { ALT: () => this.SUBRULE(this.importStatement) },
        { ALT: () => this.SUBRULE(this.importlibStatement) },
        { ALT: () => this.SUBRULE(this.midlPragma) },
        {
          ALT: () => {
            this.CONSUME(T.Semicolon);
            return undefined;
          },
        },
        { ALT: () => this.SUBRULE(this.attributedDefinition) },
      ]),
    );
  });

  readonly cppQuote = this.RULE('cppQuote', (): Definition => {
    const kw = this.CONSUME(T.CppQuote);
    this.CONSUME(T.LParen);
    const parts: string[] = [];
    this.AT_LEAST_ONE(() => parts.push(this.CONSUME(T.StringLiteral).image));
    this.CONSUME(T.RParen);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    return { kind: 'cppQuote', text: parts.map(unquote).join(''), offset: kw.startOffset };
  });

  readonly importStatement = this.RULE('importStatement', (): Definition => {
    const kw = this.CONSUME(T.Import);
    const files = [unquote(this.CONSUME(T.StringLiteral).image)];
    this.MANY(() => {
      this.CONSUME(T.Comma);
      files.push(unquote(this.CONSUME2(T.StringLiteral).image));
    });
    this.CONSUME(T.Semicolon);
    return { kind: 'import', files, offset: kw.startOffset };
  });

  readonly importlibStatement = this.RULE('importlibStatement', (): Definition => {
    const kw = this.CONSUME(T.Importlib);
    this.CONSUME(T.LParen);
    const file = unquote(this.CONSUME(T.StringLiteral).image);
    this.CONSUME(T.RParen);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    return { kind: 'importlib', file, offset: kw.startOffset };
  });

  readonly midlPragma = this.RULE('midlPragma', (): Definition => {
    const kw = this.CONSUME(T.MidlPragma);
    const words: string[] = [];
    this.MANY(() => words.push(this.CONSUME(T.AnyName).image));
    this.CONSUME(T.LParen);
    const args = this.SUBRULE(this.rawArguments);
    this.CONSUME(T.RParen);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    return this.ACTION(() => ({ kind: 'pragma', text: `${words.join(' ')}(${args.join(', ')})`, offset: kw.startOffset }) as Definition);
  });

  private attributedAlts?: IOrAlt<Definition>[];
  private pendingAttributes: Attribute[] = none;
  // Closures made once (see the note above `storageClass`): these rules run for every
  // definition, member and method.
  private readonly definitionAttributes = (): Attribute[] => this.SUBRULE(this.attributeList);
  readonly attributedDefinition = this.RULE('attributedDefinition', (): Definition => {
    this.pendingAttributes = this.OPTION(this.definitionAttributes) ?? none;
    return this.OR(
      (this.attributedAlts ??= [
        { ALT: () => this.SUBRULE(this.interfaceDefinition) },
        { ALT: () => this.SUBRULE(this.dispinterfaceDefinition) },
        { ALT: () => this.SUBRULE(this.coclassDefinition) },
        { ALT: () => this.SUBRULE(this.containerDefinition) },
        { ALT: () => this.SUBRULE(this.typedefDefinition) },
        { ALT: () => this.SUBRULE(this.delegateDefinition) },
        { ALT: () => this.SUBRULE(this.declareBlock) },
        { ALT: () => this.SUBRULE(this.declaration) },
      ]),
    );
  });

  /** Takes the attributes read just before the current definition. */
  private takeAttributes(): Attribute[] {
    const a = this.pendingAttributes;
    this.pendingAttributes = none;
    return a;
  }

  // interfaceDefinition runs for every interface and forward declaration: its
  // alternatives and closures are made once and capture none of its locals (the parts
  // go through the fields below).
  private interfaceAlts?: IOrAlt<boolean>[];
  private interfaceBase: string | undefined;
  private interfaceRequires: string[] = none;
  private interfaceBody: Definition[] = none;
  private readonly interfaceTypeParameters = (): string[] => this.SUBRULE(this.typeParameters);
  private readonly interfaceBaseName = (): void => {
    this.CONSUME(T.Colon);
    this.interfaceBase = this.SUBRULE(this.typeName);
  };
  private readonly moreRequired = (): void => {
    this.CONSUME(T.Comma);
    const required = this.SUBRULE3(this.typeName);
    if (!this.RECORDING_PHASE) this.interfaceRequires.push(required);
  };
  private readonly interfaceRequired = (): void => {
    this.CONSUME(T.Requires);
    const required = [this.SUBRULE2(this.typeName)];
    this.interfaceRequires = required;
    this.MANY(this.moreRequired);
  };
  private readonly trailingSemicolon = (): void => {
    this.CONSUME2(T.Semicolon);
  };
  readonly interfaceDefinition = this.RULE('interfaceDefinition', (): Definition => {
    const attributes = this.takeAttributes();
    const kw = this.CONSUME(T.Interface);
    const name = this.SUBRULE(this.qualifiedName);
    const typeParams = this.OPTION3(this.interfaceTypeParameters);
    // true for a definition (its parts in the fields), false for a forward declaration.
    const defined = this.OR(
      (this.interfaceAlts ??= [
        {
          ALT: () => {
            this.CONSUME(T.Semicolon);
            return false;
          },
        },
        {
          ALT: () => {
            this.interfaceBase = undefined;
            this.interfaceRequires = none;
            this.OPTION(this.interfaceBaseName);
            this.OPTION4(this.interfaceRequired);
            // The body may hold an interface of its own: keep this one's parts across it.
            const base = this.interfaceBase;
            const requires = this.interfaceRequires;
            this.interfaceBody = this.SUBRULE(this.block);
            this.interfaceBase = base;
            this.interfaceRequires = requires;
            this.OPTION2(this.trailingSemicolon);
            return true;
          },
        },
      ]),
    );
    if (this.RECORDING_PHASE) return undefined as unknown as Definition;
    if (!defined) return { kind: 'forward', what: 'interface', name, attributes, offset: kw.startOffset };
    const def: { -readonly [K in keyof InterfaceDef]: InterfaceDef[K] } = {
      kind: 'interface',
      name,
      attributes,
      base: this.interfaceBase,
      body: this.interfaceBody,
      offset: kw.startOffset,
    };
    if (typeParams) def.typeParams = typeParams;
    if (this.interfaceRequires.length) def.requires = this.interfaceRequires;
    this.interfaceBase = undefined;
    this.interfaceRequires = none;
    this.interfaceBody = none;
    return def;
  });

  /** `A.B.C` (WinRT namespaces) or a plain name. */
  private qualifiedNameText = '';
  private readonly qualifiedNamePart = (): void => {
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

  /** WinRT `delegate HRESULT Name<T>([in] T x);` */
  readonly delegateDefinition = this.RULE('delegateDefinition', (): Definition => {
    const attributes = this.takeAttributes();
    const kw = this.CONSUME(T.Delegate);
    const type = this.SUBRULE(this.typeSpec);
    let pointerDepth = 0;
    this.MANY(() => {
      this.CONSUME(T.Star);
      pointerDepth++;
    });
    const name = this.CONSUME(T.DeclName);
    const typeParams = this.OPTION(() => this.SUBRULE(this.typeParameters));
    this.CONSUME(T.LParen);
    const params = this.SUBRULE(this.parameterList);
    const varargs = this.listVarargs;
    this.CONSUME(T.RParen);
    this.CONSUME(T.Semicolon);
    return this.ACTION(() => {
      const method: DeclarationDef = {
        kind: 'declaration',
        attributes: none,
        type,
        declarators: [{ name: 'Invoke', pointerDepth, arrays: none, params, varargs, offset: name.startOffset }],
        offset: kw.startOffset,
      };
      return { kind: 'delegate', name: name.image, attributes, ...(typeParams ? { typeParams } : {}), method, offset: kw.startOffset } as Definition;
    });
  });

  /** WinRT `declare { interface IVector<int>; … }`: instantiations, recorded by name. */
  readonly declareBlock = this.RULE('declareBlock', (): Definition => {
    this.takeAttributes();
    const kw = this.CONSUME(T.Declare);
    const names: string[] = [];
    this.CONSUME(T.LBrace);
    this.MANY(() => {
      this.CONSUME(T.Interface);
      names.push(this.SUBRULE(this.typeName));
      this.CONSUME(T.Semicolon);
    });
    this.CONSUME(T.RBrace);
    this.OPTION(() => this.CONSUME2(T.Semicolon));
    return { kind: 'declare', names, offset: kw.startOffset };
  });

  /** `{ definition* }` */
  private readonly blockMember = (): void => {
    const d = this.SUBRULE(this.definition);
    if (d && !this.RECORDING_PHASE) this.pushItem(d);
  };
  readonly block = this.RULE('block', (): Definition[] => {
    const base = this.listTop;
    this.CONSUME(T.LBrace);
    this.MANY(this.blockMember);
    this.CONSUME(T.RBrace);
    return this.takeList(base);
  });

  readonly dispinterfaceDefinition = this.RULE('dispinterfaceDefinition', (): Definition => {
    const attributes = this.takeAttributes();
    const kw = this.CONSUME(T.Dispinterface);
    const name = this.CONSUME(T.Identifier).image;
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Semicolon);
          return { kind: 'forward', what: 'dispinterface', name, attributes, offset: kw.startOffset } as Definition;
        },
      },
      {
        ALT: () => {
          const properties: Field[] = [];
          const methods: DeclarationDef[] = [];
          let interfaceRef: string | undefined;
          this.CONSUME(T.LBrace);
          this.OR2([
            {
              ALT: () => {
                this.CONSUME(T.Interface);
                interfaceRef = this.CONSUME2(T.Identifier).image;
                this.CONSUME2(T.Semicolon);
              },
            },
            {
              ALT: () => {
                this.CONSUME(T.Properties);
                this.CONSUME(T.Colon);
                this.MANY(() => properties.push(this.SUBRULE(this.field)));
                this.CONSUME(T.Methods);
                this.CONSUME2(T.Colon);
                this.MANY2(() => {
                  const attrs = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? none;
                  this.ACTION(() => (this.pendingAttributes = attrs));
                  methods.push(this.SUBRULE(this.declaration));
                });
              },
            },
          ]);
          this.CONSUME(T.RBrace);
          this.OPTION2(() => this.CONSUME3(T.Semicolon));
          const def: DispinterfaceDef = {
            kind: 'dispinterface',
            name,
            attributes,
            properties,
            methods,
            interfaceRef,
            offset: kw.startOffset,
          };
          return def;
        },
      },
    ]);
  });

  private classAlts?: IOrAlt<IToken>[];
  /** `coclass` and WinRT's `runtimeclass`. */
  readonly coclassDefinition = this.RULE('coclassDefinition', (): Definition => {
    const attributes = this.takeAttributes();
    const kw = this.OR3((this.classAlts ??= [{ ALT: () => this.CONSUME(T.Coclass) }, { ALT: () => this.CONSUME(T.Runtimeclass) }]));
    const name = this.SUBRULE(this.qualifiedName);
    const what = kw.tokenType === T.Coclass ? 'coclass' : 'runtimeclass';
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Semicolon);
          return { kind: 'forward', what, name, attributes, offset: kw.startOffset } as Definition;
        },
      },
      {
        ALT: () => {
          const interfaces: { name: string; attributes: Attribute[]; dispatch: boolean }[] = [];
          this.CONSUME(T.LBrace);
          this.MANY(() => {
            const attrs = this.OPTION(() => this.SUBRULE(this.attributeList)) ?? none;
            const dispatch = this.OR2([
              { ALT: () => (this.CONSUME(T.Interface), false) },
              { ALT: () => (this.CONSUME(T.Dispinterface), true) },
            ]);
            const ref = this.SUBRULE(this.typeName);
            this.CONSUME2(T.Semicolon);
            interfaces.push({ name: ref, attributes: attrs, dispatch });
          });
          this.CONSUME(T.RBrace);
          this.OPTION2(() => this.CONSUME3(T.Semicolon));
          const def: CoclassDef = { kind: what, name, attributes, interfaces, offset: kw.startOffset };
          return def;
        },
      },
    ]);
  });

  private containerAlts?: IOrAlt<IToken>[];
  /** `library`, `module`, and WinRT's `namespace` and `apicontract`: named blocks. */
  readonly containerDefinition = this.RULE('containerDefinition', (): Definition => {
    const attributes = this.takeAttributes();
    const kw = this.OR(
      (this.containerAlts ??= [
        { ALT: () => this.CONSUME(T.Library) },
        { ALT: () => this.CONSUME(T.Module) },
        { ALT: () => this.CONSUME(T.Namespace) },
        { ALT: () => this.CONSUME(T.Apicontract) },
      ]),
    );
    const name = this.SUBRULE(this.qualifiedName);
    const body = this.SUBRULE(this.block);
    this.OPTION(() => this.CONSUME(T.Semicolon));
    const kind = kw.tokenType === T.Library ? 'library' : kw.tokenType === T.Module ? 'module' : kw.tokenType === T.Namespace ? 'namespace' : 'apicontract';
    return { kind, name, attributes, body, offset: kw.startOffset };
  });

  readonly typedefDefinition = this.RULE('typedefDefinition', (): Definition => {
    const outer = this.takeAttributes();
    const kw = this.CONSUME(T.Typedef);
    const inner = this.OPTION(this.typedefAttributes) ?? none;
    const type = this.SUBRULE(this.typeSpec);
    const declarators = this.SUBRULE(this.declaratorList);
    this.CONSUME(T.Semicolon);
    if (this.RECORDING_PHASE) return undefined as unknown as Definition;
    for (const d of declarators) if (d.name) this.typeNames.add(d.name);
    const def: TypedefDef = {
      kind: 'typedef',
      attributes: outer.length === 0 ? inner : [...outer, ...inner],
      type,
      declarators,
      offset: kw.startOffset,
    };
    return def;
  });
  private readonly typedefAttributes = (): Attribute[] => this.SUBRULE(this.attributeList);

  /** A C declaration: method, function, const, variable, or a bare struct/union/enum. */
  readonly declaration = this.RULE('declaration', (): DeclarationDef => {
    const attributes = this.takeAttributes();
    const start = this.LA(1);
    const storage = this.OPTION(this.storageClass);
    const type = this.SUBRULE(this.typeSpec);
    const declarators = this.OPTION3(this.declarationDeclarators) ?? none;
    this.CONSUME(T.Semicolon);
    return { kind: 'declaration', attributes, storage, type, declarators, offset: start.startOffset };
  });

  // Rule bodies run for every match: a closure passed to OPTION/MANY is allocated on each
  // call (with a context for the locals it captures).
  // The hot rules below therefore pass closures made once per parser, which return what
  // they read or append to a per-rule field; none of them may capture a rule's locals.
  private storageAlts?: IOrAlt<'extern' | 'static'>[];
  private readonly storageClass = (): 'extern' | 'static' =>
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
  private readonly declarationDeclarators = (): Declarator[] => this.SUBRULE(this.declaratorList);

  // Declarators go to the list items (a declarator's own lists are taken before it is pushed).
  private readonly moreDeclarators = (): void => {
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

  private typeAlts?: IOrAlt<TypeRef>[];
  /** Count of `const` qualifiers read; typeSpec compares it before and after its own. */
  private constsSeen = 0;
  private readonly leadingQualifier = (): void => {
    if (this.CONSUME(T.TypeQualifier).image === 'const') this.constsSeen++;
  };
  private readonly trailingQualifier = (): void => {
    if (this.CONSUME2(T.TypeQualifier).image === 'const') this.constsSeen++;
  };
  /** A dotted WinRT name being read (no rule runs while it is built). */
  private dottedName = '';
  private readonly dottedNamePart = (): void => {
    this.CONSUME(T.Dot);
    this.dottedName += '.' + this.CONSUME(T.DeclName).image;
  };
  private readonly optionalTypeArguments = (): string[] => this.SUBRULE(this.typeArguments);
  /** C base type words read so far (`unsigned long`), joined by spaces as they come. */
  private baseTypeWords = '';
  private readonly baseTypeWord = (): void => {
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

  private structUnionAlts?: IOrAlt<IToken>[];
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

  private readonly structField = (): void => this.pushItem(this.SUBRULE(this.field));
  private readonly structBody = (): Field[] => {
    const base = this.listTop;
    this.CONSUME(T.LBrace);
    this.MANY(this.structField);
    this.CONSUME(T.RBrace);
    return this.takeList(base);
  };

  // A field's `case` labels go to the list items (a label holds no list).
  private readonly nextCase = (): void => {
    this.CONSUME(T.Comma);
    this.pushItem(this.SUBRULE2(this.expression));
  };
  private caseAlts?: IOrAlt<void>[];
  private readonly caseLabel = (): void =>
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
  private readonly fieldAttributes = (): Attribute[] => this.SUBRULE(this.attributeList);
  private readonly fieldDeclarators = (): Declarator[] => this.SUBRULE(this.declaratorList);
  private fieldType: TypeRef | undefined;
  private fieldDeclaratorList: Declarator[] = none;
  private readonly fieldDeclaration = (): void => {
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
  private readonly laterEnumMember = (): void => this.pushItem(this.SUBRULE2(this.enumMember));
  private readonly nextEnumMember = (): void => {
    this.CONSUME(T.Comma);
    this.OPTION4(this.laterEnumMember);
  };
  private readonly enumMembers = (): void => {
    this.pushItem(this.SUBRULE(this.enumMember));
    this.MANY(this.nextEnumMember);
  };
  private readonly enumBody = (): EnumMember[] => {
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
  private readonly enumMemberAttributes = (): Attribute[] => this.SUBRULE(this.attributeList);

  private readonly enumMemberValue = (): Expr => {
    this.CONSUME(T.Equals);
    return this.SUBRULE(this.expression);
  };

  // Cached alternatives must not assign locals of the rule (the closures would keep the
  // first invocation's variables): they return what they read instead.
  private nameAlts?: IOrAlt<{ name?: string; inner?: Declarator }>[];
  private suffixAlts?: IOrAlt<{ array?: Expr; params?: { params: Param[]; varargs: boolean } }>[];
  private declaratorAlts?: IOrAlt<Declarator>[];
  private starsSeen = 0;
  private readonly simpleDeclaratorStar = (): void => {
    this.CONSUME(T.Star);
    this.starsSeen++;
  };
  private readonly functionDeclaratorStar = (): void => {
    this.CONSUME3(T.Star);
    this.starsSeen++;
  };
  private readonly callingConventionName = (): string => this.CONSUME(T.CallingConvention).image;
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

  private isPlainFunction(): boolean {
    let k = 1;
    while (this.LA(k).tokenType === T.Star) k++;
    if (isCallingConvention[this.LA(k).tokenTypeIdx] === 1) k++;
    return isDeclName[this.LA(k).tokenTypeIdx] === 1 && this.LA(k + 1).tokenType === T.LParen;
  }

  private isAbstractPointer(): boolean {
    let k = 1;
    while (this.LA(k).tokenType === T.Star) k++;
    return k > 1 && simpleDeclaratorEnd.has(this.LA(k).tokenType);
  }

  private isSimpleDeclarator(): boolean {
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
  private paramsVarargs = false;
  private readonly addParameter = (p: Param | undefined): void => {
    if (p) this.pushItem(p);
    else this.paramsVarargs = true;
  };
  private readonly nextParameter = (): void => {
    this.CONSUME(T.Comma);
    this.addParameter(this.SUBRULE2(this.parameter));
  };
  private readonly parameters = (): void => {
    this.addParameter(this.SUBRULE(this.parameter));
    this.MANY(this.nextParameter);
  };
  /**
   * `(void)` is no parameter. Read as one parameter and then dropped, rather than as a
   * gated alternative: an OR with a gate builds an array of predicates on every call,
   * and this rule runs for every method.
   */
  /** Whether the parameter list `parameterList` returned last ended in `...` (read right after it). */
  private listVarargs = false;
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

  private parameterAlts?: IOrAlt<Param | undefined>[];
  private readonly parameterAttributes = (): Attribute[] => this.SUBRULE(this.attributeList);
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

  /** `[a, b(…)]`, possibly several groups in a row (`[switch_is(x)] [switch_type(T)]`). */
  private readonly firstAttribute = (): void => {
    this.pushItem(this.SUBRULE(this.attribute));
  };
  private readonly nextAttribute = (): void => {
    this.pushItem(this.SUBRULE2(this.attribute));
  };
  private readonly moreAttributes = (): void => {
    this.CONSUME(T.Comma);
    this.OPTION2(this.nextAttribute);
  };
  private readonly attributeGroup = (): void => {
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

  private readonly attributeArguments = (): string[] => {
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
  private rawText = '';
  private rawTokens = 0;
  private appendRaw(image: string): void {
    // A space only where two words would otherwise merge (`unsigned long`, `L"x"`).
    if (this.rawText.length > 0 && isWordChar(this.rawText.charCodeAt(this.rawText.length - 1)) && isWordChar(image.charCodeAt(0))) {
      this.rawText += ' ';
    }
    this.rawText += image;
    this.rawTokens++;
  }
  private rawArgumentAlts?: IOrAlt<void>[];
  private readonly rawArgument = (): void =>
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

  // ---- constant expressions ----

  private expressionAlts?: IOrAlt<Expr>[];
  /** Most expressions are one literal or name (enum values): that case skips the ladder. */
  readonly expression = this.RULE('expression', (): Expr => {
    const alts = (this.expressionAlts ??= [
      {
        GATE: () => endsExpression.has(this.LA(2).tokenType),
        ALT: () => this.SUBRULE(this.primaryExpression),
      },
      { ALT: () => this.SUBRULE(this.conditionalExpression) },
    ]);
    return this.OR(alts);
  });

  readonly conditionalExpression = this.RULE('conditionalExpression', (): Expr => {
    const test = this.SUBRULE(this.binaryExpression);
    const rest = this.OPTION(() => {
      this.CONSUME(T.Question);
      const then = this.SUBRULE(this.expression);
      this.CONSUME(T.Colon);
      const otherwise = this.SUBRULE2(this.expression);
      return { then, otherwise };
    });
    return this.ACTION(() => (rest ? { kind: 'conditional', test, then: rest.then, else: rest.otherwise } : test));
  });

  readonly binaryExpression = this.RULE('binaryExpression', (): Expr => {
    const operands = [this.SUBRULE(this.unaryExpression)];
    const ops: string[] = [];
    this.MANY(() => {
      ops.push(this.CONSUME(T.BinaryOperator).image);
      operands.push(this.SUBRULE2(this.unaryExpression));
    });
    return this.ACTION(() => (ops.length === 0 ? operands[0] : foldBinary(operands, ops)));
  });

  private unaryAlts?: IOrAlt<Expr>[];
  readonly unaryExpression = this.RULE('unaryExpression', (): Expr =>
    this.OR(
      (this.unaryAlts ??= [
        {
          ALT: () => {
            const op = this.CONSUME(T.UnaryOperator).image;
            const arg = this.SUBRULE(this.unaryExpression);
            return { kind: 'unary', op, arg } as Expr;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.Sizeof);
            this.CONSUME(T.LParen);
            const args = this.SUBRULE(this.rawArguments);
            this.CONSUME(T.RParen);
            return this.ACTION(() => ({ kind: 'sizeof', text: args.join(', ') }) as Expr);
          },
        },
        {
          GATE: () => this.isCast(),
          ALT: () => {
            this.CONSUME2(T.LParen);
            const type = this.SUBRULE(this.typeSpec);
            let pointerDepth = 0;
            this.MANY(() => {
              this.CONSUME(T.Star);
              pointerDepth++;
            });
            this.CONSUME2(T.RParen);
            const arg = this.SUBRULE2(this.unaryExpression);
            return { kind: 'cast', type, pointerDepth, arg } as Expr;
          },
        },
        { ALT: () => this.SUBRULE(this.primaryExpression) },
      ]),
    ),
  );

  /**
   * Typedef names seen so far in this load (imports are parsed before their importers),
   * so `(INT_PTR)-1` is a cast as a C compiler would read it.
   */
  readonly typeNames = new Set<string>();

  private isCast(): boolean {
    if (this.LA(1).tokenType !== T.LParen) return false;
    const t2 = this.LA(2);
    if (isCastTypeStart.has(t2.tokenType) || t2.tokenType.CATEGORIES?.some((c) => isCastTypeStart.has(c))) return true;
    if (t2.tokenType !== T.Identifier) return false;
    let k = 3;
    while (this.LA(k).tokenType === T.Star) k++;
    if (this.LA(k).tokenType !== T.RParen) return false;
    // `(T *)` cannot be a parenthesized expression; `(T)` is a cast when T is a known
    // type, or (for types of files not read) when an operand, not an operator, follows.
    return k > 3 || this.typeNames.has(t2.image) || operandStart.has(this.LA(k + 1).tokenType);
  }

  private primaryAlts?: IOrAlt<Expr>[];
  readonly primaryExpression = this.RULE('primaryExpression', (): Expr =>
    this.OR(
      (this.primaryAlts ??= [
        {
          ALT: () => {
            const t = this.CONSUME(T.IntegerLiteral);
            if (this.RECORDING_PHASE) return undefined as unknown as Expr;
            return { kind: 'number', value: parseIntLiteral(t.image), text: t.image } as Expr;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.FloatLiteral);
            return { kind: 'float', value: parseFloat(t.image), text: t.image } as Expr;
          },
        },
        {
          ALT: () => {
            const parts: string[] = [];
            this.AT_LEAST_ONE(() => parts.push(this.CONSUME(T.StringLiteral).image));
            return { kind: 'string', value: this.ACTION(() => parts.map(unquote).join('')) } as Expr;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.CharLiteral);
            return { kind: 'char', value: this.ACTION(() => parseCharLiteral(t.image)) } as Expr;
          },
        },
        {
          ALT: () => {
            const t = this.CONSUME(T.DeclName);
            return { kind: 'name', name: t.image, offset: t.startOffset } as Expr;
          },
        },
        {
          ALT: () => {
            this.CONSUME(T.LParen);
            const e = this.SUBRULE(this.expression);
            this.CONSUME(T.RParen);
            return e;
          },
        },
      ]),
    ),
  );
}

let shared: IdlParser | undefined;
/** The one parser instance (building a Chevrotain parser costs milliseconds). */
export function idlParser(): IdlParser {
  return (shared ??= new IdlParser());
}
