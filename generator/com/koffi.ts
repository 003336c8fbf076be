/**
 * Maps COM model types to koffi prototype strings made only of koffi's built-in type
 * names, so the runtime can call a vtable slot with `koffi.proto(…)` and `koffi.call`
 * without declaring any type first:
 * - integers by width (`int32`, `uint16`, …; `long` is 32 bits on Windows), `float`,
 *   `double`; VARIANT_BOOL is `int16` because its typedef is `short`;
 * - every pointer passed in (interface pointers, BSTR, strings, VARIANT*, structs,
 *   arrays) is `void *`;
 * - an `[out]` pointer to a pointer (interface out, BSTR out) is `_Out_ void **`, an
 *   `[out]` pointer to a number is `_Out_ int32 *` etc. (koffi writes element 0 of the
 *   array passed); `[in, out]` uses `_Inout_`;
 * - an `[out]` pointer to a struct/VARIANT, and an `[out, size_is(…)]` array, is
 *   `void *`: the caller passes a buffer it allocated and decodes it;
 * - HRESULT is `int32` (signed, as the ABI returns it: compare with `hr >>> 0`).
 */

import type { ComMethod, ComParam, ResolvedType } from '../../model/com/types.js';

/** The koffi name of a value of this type, or undefined when it is a pointer-like value. */
export function scalarType(r: ResolvedType): string | undefined {
  switch (r.kind) {
    case 'int':
      return `int${r.bits ?? 32}`;
    case 'uint':
      return `uint${r.bits ?? 32}`;
    case 'enum':
      return 'int32';
    case 'float':
      return r.bits === 32 ? 'float' : 'double';
    case 'char16':
      return 'uint16';
    case 'bool8':
      return 'uint8';
    case 'void':
      return 'void';
    default:
      return undefined;
  }
}

/** BSTR, interface pointers, SAFEARRAY(…) and function pointers are pointers at depth 0. */
function isPointerValued(kind: ResolvedType['kind']): boolean {
  return kind === 'bstr' || kind === 'interface' || kind === 'safearray' || kind === 'function';
}

export interface FfiParam {
  /** The koffi type text of the parameter in the prototype, e.g. `_Out_ void **`. */
  readonly ffiType: string;
  /** What a JavaScript caller passes. */
  readonly tsType: string;
}

export function ffiParam(p: ComParam): FfiParam {
  const r = p.resolved;
  const d = r.pointerDepth;
  if (p.direction === 'in') {
    if (d === 0 && !isPointerValued(r.kind)) {
      const s = scalarType(r);
      if (s) return { ffiType: s, tsType: s.endsWith('64') ? 'number | bigint' : 'number' };
      // A struct passed by value has no built-in koffi name: the runtime must declare it.
      return { ffiType: r.name, tsType: 'unknown' };
    }
    return { ffiType: 'void *', tsType: 'ComPointer' };
  }
  const dir = p.direction === 'out' ? '_Out_' : '_Inout_';
  if (p.sizeIs !== undefined || d === 0) return { ffiType: 'void *', tsType: 'ComPointer' };
  const pointeeDepth = d - 1;
  if (pointeeDepth > 0 || isPointerValued(r.kind)) return { ffiType: `${dir} void **`, tsType: 'OutRef<ComPointer>' };
  const s = r.isString ? undefined : scalarType(r);
  if (s && s !== 'void') return { ffiType: `${dir} ${s} *`, tsType: s.endsWith('64') ? 'OutRef<number | bigint>' : 'OutRef<number>' };
  return { ffiType: 'void *', tsType: 'ComPointer' };
}

export function ffiReturn(m: ComMethod): { ffiType: string; tsType: string } {
  const r = m.returnType.resolved;
  if (r.pointerDepth > 0 || isPointerValued(r.kind)) return { ffiType: 'void *', tsType: 'ComPointer' };
  const s = scalarType(r) ?? r.name;
  return { ffiType: s, tsType: s === 'void' ? 'void' : s.endsWith('64') ? 'number | bigint' : 'number' };
}

/**
 * `int32 __stdcall IWbemServices_OpenNamespace(void *self, void *strNamespace, …)`.
 * The name is qualified by the interface because koffi registers prototype names
 * globally and refuses a second `Get`.
 */
export function koffiPrototype(interfaceName: string, m: ComMethod, paramNames: readonly string[]): string {
  const ret = ffiReturn(m).ffiType;
  const cc = m.callingConvention.replace(/^_+/, '__');
  const params = ['void *self', ...m.params.map((p, i) => `${spaced(ffiParam(p).ffiType)}${paramNames[i]}`)];
  return `${ret} ${cc} ${interfaceName}_${m.name}(${params.join(', ')})`;
}

/**
 * How a value of koffi type `ffiType` crosses the call: a pointer, a 32- or 64-bit
 * integer, a float or a double. Integers narrower than 32 bits widen to 32 (the x64
 * ABI passes them in a full register or stack slot), so `long`'s width never reaches
 * the runtime. A struct passed by value has no kind the runtime calls with: `struct`.
 */
export function machineKind(ffiType: string): string {
  const t = ffiType.replace(/\b_(In|Out|Inout)_\b/g, '').trim();
  if (t.includes('*')) return 'ptr';
  switch (t) {
    case 'int64':
      return 'i64';
    case 'uint64':
      return 'u64';
    case 'float':
      return 'f32';
    case 'double':
      return 'f64';
    case 'uint32':
    case 'uint16':
    case 'uint8':
      return 'u32';
    case 'int32':
    case 'int16':
    case 'int8':
      return 'i32';
    case 'void':
      return 'void';
    default:
      return 'struct';
  }
}

/** The argument kinds of a method after `self`, in order. */
export function argKinds(m: ComMethod): string[] {
  return m.params.map((p) => machineKind(ffiParam(p).ffiType));
}

/** `HRESULT` for a method returning one (koffi gives it as a signed int32), else the value's kind. */
export function returnKind(m: ComMethod): string {
  if (m.returnType.idlType === 'HRESULT' && m.returnType.pointerDepth === 0) return 'HRESULT';
  return machineKind(ffiReturn(m).ffiType);
}

function spaced(t: string): string {
  return t.endsWith('*') ? t : t + ' ';
}
