/**
 * The COM model: plain, serializable data resolved from an IDL import closure. The
 * generator and `wmigen model --json` read it; nothing in it refers back to the syntax
 * tree. File names are base names (no machine paths), order is declaration order
 * through the closure (imports first), so the JSON is deterministic.
 */

import type { Diagnostic } from '../../grammar/diagnostics.js';

export type ParamDirection = 'in' | 'out' | 'inout';

/** What a type is once typedefs are followed, as far as calling it needs. */
export type ComTypeKind =
  | 'void'
  | 'int'
  | 'uint'
  | 'float'
  | 'char16'
  | 'bool8'
  | 'enum'
  | 'bstr'
  | 'variant'
  | 'interface'
  | 'struct'
  | 'union'
  | 'safearray'
  | 'function'
  | 'unknown';

export interface ResolvedType {
  readonly kind: ComTypeKind;
  /** Bits of an integer, float, enum or char type (enums are 32). */
  readonly bits?: number;
  /** Final name after typedefs: `IWbemContext`, `tagVARIANT`, `GUID`, `int`, … */
  readonly name: string;
  /** Pointer depth after typedefs: `LPCWSTR` is 1, `IWbemServices **` is 2, `BSTR` 0. */
  readonly pointerDepth: number;
  /** `[string]` on the parameter or on a typedef on the way. */
  readonly isString?: boolean;
}

export interface ComAttribute {
  readonly name: string;
  readonly args: readonly string[];
}

export interface ComParam {
  readonly name: string;
  readonly direction: ParamDirection;
  /** The type as written, without the declarator: `const BSTR`, `IWbemContext`, `SAFEARRAY(BSTR)`. */
  readonly idlType: string;
  /** Stars of the declarator (array dimensions count as one each). */
  readonly pointerDepth: number;
  readonly resolved: ResolvedType;
  readonly retval?: boolean;
  /** `size_is(…)` argument when the parameter is a sized array. */
  readonly sizeIs?: string;
  readonly lengthIs?: string;
  readonly iidIs?: string;
  readonly attributes: readonly ComAttribute[];
}

export interface ComMethod {
  /**
   * The name in the C vtable: `get_Name`/`put_Name`/`putref_Name` for property accessors,
   * `<Interface>_<Name>` for a method named like an inherited one.
   */
  readonly name: string;
  /** The name as declared, when it differs from `name`. */
  readonly declaredName?: string;
  readonly property?: 'get' | 'put' | 'putref';
  /** Index in the vtable: IUnknown's QueryInterface is 0. */
  readonly slot: number;
  readonly returnType: { readonly idlType: string; readonly pointerDepth: number; readonly resolved: ResolvedType };
  readonly callingConvention: string;
  readonly params: readonly ComParam[];
  /** `[local]`: the vtable holds it, a remote `[call_as]` twin is not in the vtable. */
  readonly local: boolean;
  /** Name of the `[call_as(…)]` method that marshals this one, when there is one. */
  readonly remotedBy?: string;
  readonly attributes: readonly ComAttribute[];
}

export interface ComInterface {
  readonly name: string;
  readonly file: string;
  readonly iid?: string;
  readonly base?: string;
  /** `[object]`: a COM interface with a vtable (otherwise an RPC interface). */
  readonly isObject: boolean;
  readonly attributes: readonly ComAttribute[];
  /** Slot of the first own method: the base's vtable length. */
  readonly vtableStart: number;
  /** Entries in the vtable, inherited ones included. */
  readonly vtableLength: number;
  /** Own methods in vtable order (inherited ones are on the base). */
  readonly methods: readonly ComMethod[];
  /** `[call_as]` methods, which are not in the vtable. */
  readonly remoteMethods: readonly string[];
  /** WinRT: type parameters of a parameterized interface. */
  readonly typeParams?: readonly string[];
  /** WinRT: interfaces an implementation also has (`requires`), not bases. */
  readonly requires?: readonly string[];
  /** WinRT: declared as a `delegate` (one method, Invoke, after IUnknown's). */
  readonly isDelegate?: boolean;
}

export interface ComEnumMember {
  readonly name: string;
  /** Mathematical value: `0x80041010` is 2147749904, `-1` is -1. */
  readonly value: number;
}

export interface ComEnum {
  /** The typedef name when there is one (`WBEMSTATUS`), else the tag (`tag_WBEMSTATUS`). */
  readonly name: string;
  readonly tag?: string;
  readonly file: string;
  readonly attributes: readonly ComAttribute[];
  readonly members: readonly ComEnumMember[];
}

export interface ComConstant {
  readonly name: string;
  readonly file: string;
  readonly idlType: string;
  readonly value: number | string;
}

export interface ComCoclass {
  readonly name: string;
  /** Set for WinRT `runtimeclass` (which has no CLSID). */
  readonly kind?: 'runtimeclass';
  readonly file: string;
  readonly clsid?: string;
  readonly interfaces: readonly { readonly name: string; readonly isDefault: boolean; readonly isSource: boolean }[];
  readonly attributes: readonly ComAttribute[];
}

export interface ComLibrary {
  readonly name: string;
  readonly file: string;
  readonly libid?: string;
}

export interface ComDispinterface {
  readonly name: string;
  readonly file: string;
  readonly iid?: string;
  readonly methods: readonly string[];
  readonly properties: readonly string[];
}

export interface ComTypedef {
  readonly name: string;
  readonly file: string;
  readonly resolved: ResolvedType;
}

export interface ComModel {
  /** Base name of the root IDL file. */
  readonly root: string;
  /** Base names of every file of the closure, imports first. */
  readonly files: readonly string[];
  readonly interfaces: readonly ComInterface[];
  readonly dispinterfaces: readonly ComDispinterface[];
  readonly enums: readonly ComEnum[];
  readonly constants: readonly ComConstant[];
  readonly coclasses: readonly ComCoclass[];
  readonly libraries: readonly ComLibrary[];
  readonly typedefs: readonly ComTypedef[];
  /** `cpp_quote` text, kept aside per file (it is C for the generated header, not IDL). */
  readonly cppQuotes: readonly { readonly file: string; readonly count: number }[];
  readonly notes: readonly Diagnostic[];
}
