/**
 * The IDL parser: Chevrotain EmbeddedActionsParser building the plain tree of ast.ts
 * directly (no CST), one instance reset with `parser.input` for every file. This file
 * holds the definitions (interfaces, dispinterfaces, coclasses, libraries, typedefs,
 * declarations, imports, cpp_quote); the rules of their parts are in parser-*.ts, one
 * layer per file, each extending the one before it: parser-base, parser-expressions,
 * parser-attributes, parser-declarators, parser-types.
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

import { type IOrAlt, type IToken } from '../chevrotain.js';
import type { Attribute, CoclassDef, DeclarationDef, Definition, DispinterfaceDef, Field, InterfaceDef, TypedefDef } from './ast.js';
import * as T from './tokens.js';
import { unquote } from './strings.js';
import { none, noItems, noOutput, noTokens, type ParseOutput } from './parser-base.js';
import { IdlTypeRules } from './parser-types.js';

export { unquote } from './strings.js';
export { emptyList, type ParseOutput } from './parser-base.js';

export class IdlParser extends IdlTypeRules {
  constructor(validate = false) {
    super(validate);
    this.performSelfAnalysis();
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
}

let shared: IdlParser | undefined;
/** The one parser instance (building a Chevrotain parser costs milliseconds). */
export function idlParser(): IdlParser {
  return (shared ??= new IdlParser());
}
