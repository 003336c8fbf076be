/**
 * The plain syntax tree the IDL parser builds (embedded actions, no CST). Offsets are
 * into the text of `file` of the enclosing definition; line and column are computed
 * only when a diagnostic needs them.
 */

export type Expr =
  | { readonly kind: 'number'; readonly value: bigint; readonly text: string }
  | { readonly kind: 'float'; readonly value: number; readonly text: string }
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'char'; readonly value: bigint }
  | { readonly kind: 'name'; readonly name: string; readonly offset: number }
  | { readonly kind: 'unary'; readonly op: string; readonly arg: Expr }
  | { readonly kind: 'binary'; readonly op: string; readonly left: Expr; readonly right: Expr }
  | { readonly kind: 'conditional'; readonly test: Expr; readonly then: Expr; readonly else: Expr }
  | { readonly kind: 'cast'; readonly type: TypeRef; readonly pointerDepth: number; readonly arg: Expr }
  | { readonly kind: 'sizeof'; readonly text: string };

export interface Attribute {
  readonly name: string;
  /** Each comma-separated argument as written (tokens joined by single spaces). */
  readonly args: readonly string[];
  /** Set for `uuid(…)`: the UUID, upper case, without braces or quotes. */
  readonly uuid?: string;
  readonly offset: number;
}

export interface EnumMember {
  readonly name: string;
  readonly value?: Expr;
  readonly attributes: readonly Attribute[];
  readonly offset: number;
}

export interface Field {
  readonly attributes: readonly Attribute[];
  /** `case X:` labels of an encapsulated union arm; 'default' for `default:`. */
  readonly cases: readonly (Expr | 'default')[];
  readonly type?: TypeRef;
  readonly declarators: readonly Declarator[];
}

export type TypeRef =
  | {
      readonly kind: 'base';
      /** Normalized words, e.g. `unsigned long`, `__int64`, `void`. */
      readonly name: string;
      readonly isConst: boolean;
    }
  | { readonly kind: 'named'; readonly name: string; readonly isConst: boolean; readonly offset: number }
  | {
      readonly kind: 'struct' | 'union';
      readonly tag?: string;
      /** Undefined for a reference (`struct tagX`), an array for a definition. */
      readonly fields?: readonly Field[];
      /** Encapsulated union: `switch (type name) armName`. */
      readonly switchOn?: { readonly type: TypeRef; readonly name: string; readonly armName?: string };
      readonly isConst: boolean;
    }
  | {
      readonly kind: 'enum';
      readonly tag?: string;
      readonly members?: readonly EnumMember[];
      readonly isConst: boolean;
    }
  | { readonly kind: 'safearray'; readonly element: TypeRef; readonly elementPointerDepth: number; readonly isConst: boolean };

export interface Param {
  readonly attributes: readonly Attribute[];
  readonly type: TypeRef;
  readonly declarator: Declarator;
  readonly offset: number;
}

export interface Declarator {
  readonly name?: string;
  /** Number of `*`, including those inside a parenthesized (function pointer) declarator. */
  readonly pointerDepth: number;
  /** Array dimensions; `undefined` for `[]`. */
  readonly arrays: readonly (Expr | undefined)[];
  /** Set when the declarator declares a function (a method in an interface). */
  readonly params?: readonly Param[];
  readonly varargs?: boolean;
  readonly callingConvention?: string;
  /** True for `(*name)(…)`: a pointer to a function, not a function. */
  readonly isFunctionPointer?: boolean;
  readonly initializer?: Expr;
  readonly bitWidth?: Expr;
  readonly offset: number;
}

export type Definition =
  | { readonly kind: 'import'; readonly files: readonly string[]; readonly offset: number }
  | { readonly kind: 'importlib'; readonly file: string; readonly offset: number }
  | { readonly kind: 'cppQuote'; readonly text: string; readonly offset: number }
  | { readonly kind: 'pragma'; readonly text: string; readonly offset: number }
  | InterfaceDef
  | {
      readonly kind: 'forward';
      readonly what: 'interface' | 'dispinterface' | 'coclass' | 'runtimeclass';
      readonly name: string;
      readonly attributes: readonly Attribute[];
      readonly offset: number;
    }
  | DispinterfaceDef
  | CoclassDef
  | {
      readonly kind: 'library' | 'module' | 'namespace' | 'apicontract';
      readonly name: string;
      readonly attributes: readonly Attribute[];
      readonly body: readonly Definition[];
      readonly offset: number;
    }
  | TypedefDef
  | DeclarationDef
  | DelegateDef
  | { readonly kind: 'declare'; readonly names: readonly string[]; readonly offset: number };

/** WinRT `delegate HRESULT Name([in] …);`: an interface whose one method is Invoke. */
export interface DelegateDef {
  readonly kind: 'delegate';
  readonly name: string;
  readonly attributes: readonly Attribute[];
  readonly typeParams?: readonly string[];
  readonly method: DeclarationDef;
  readonly offset: number;
}

export interface InterfaceDef {
  readonly kind: 'interface';
  readonly name: string;
  readonly attributes: readonly Attribute[];
  readonly base?: string;
  /** WinRT: type parameters of a parameterized interface (`IVector<T>`). */
  readonly typeParams?: readonly string[];
  /** WinRT: `requires A, B` (other interfaces an implementation must have; not bases). */
  readonly requires?: readonly string[];
  readonly body: readonly Definition[];
  readonly offset: number;
}

export interface DispinterfaceDef {
  readonly kind: 'dispinterface';
  readonly name: string;
  readonly attributes: readonly Attribute[];
  readonly properties: readonly Field[];
  readonly methods: readonly DeclarationDef[];
  /** `dispinterface X { interface IFoo; }` form. */
  readonly interfaceRef?: string;
  readonly offset: number;
}

export interface CoclassDef {
  /** `runtimeclass` is WinRT's coclass. */
  readonly kind: 'coclass' | 'runtimeclass';
  readonly name: string;
  readonly attributes: readonly Attribute[];
  readonly interfaces: readonly { readonly name: string; readonly attributes: readonly Attribute[]; readonly dispatch: boolean }[];
  readonly offset: number;
}

export interface TypedefDef {
  readonly kind: 'typedef';
  readonly attributes: readonly Attribute[];
  readonly type: TypeRef;
  readonly declarators: readonly Declarator[];
  readonly offset: number;
}

/** A C declaration: a method (in an interface), a const, a function, a bare struct/enum. */
export interface DeclarationDef {
  readonly kind: 'declaration';
  readonly attributes: readonly Attribute[];
  readonly storage?: 'extern' | 'static';
  readonly type: TypeRef;
  readonly declarators: readonly Declarator[];
  readonly offset: number;
}

/** One parsed file: its definitions plus the file each top-level definition came from. */
export interface ParsedFile {
  readonly path: string;
  readonly definitions: readonly Definition[];
  /** File of each entry of `definitions` (differs from `path` for `#include`d parts). */
  readonly definitionFiles: readonly string[];
  /** `cpp_quote` text, kept aside by the preprocessor (C for a header, not IDL). */
  readonly cppQuotes: readonly { readonly file: string; readonly offset: number; readonly text: string }[];
}
