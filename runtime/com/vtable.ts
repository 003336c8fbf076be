/**
 * Calling COM methods through their vtables with koffi.
 *
 * Slots and IIDs come only from the bindings generated from wbemcli.idl
 * (`generated/com/wbemcli.ts`); this module turns a generated method description into a
 * koffi prototype once, and decodes each function pointer once per (vtable entry,
 * prototype), so a call costs two memory reads and a Map lookup on top of koffi's own.
 *
 * Every parameter crosses as one of four machine kinds: a pointer (interfaces, BSTRs,
 * out-parameters, GUIDs, VARIANTs: always passed as a bigint address, a Buffer or null),
 * a 32-bit signed or unsigned integer, or a 64-bit integer. That keeps `long` (32 bits on
 * Windows, 64 on Linux) out of the prototypes, so the same prototypes serve Windows and
 * the Linux test double.
 */

import koffi, { type TypeObject } from 'koffi';

/** What the runtime needs from a generated method description. */
export interface GeneratedMethod {
  readonly slot: number;
  readonly proto?: string;
  readonly params?: readonly unknown[];
}

/** What the runtime needs from a generated interface description. */
export interface GeneratedInterface {
  readonly name: string;
  readonly iid: string;
  readonly vtableLength: number;
  readonly methods: Readonly<Record<string, GeneratedMethod>>;
}

export type MachineKind = 'ptr' | 'i32' | 'u32' | 'i64' | 'u64' | 'f32' | 'f64';

const KOFFI_TYPE: Record<MachineKind, string> = {
  ptr: 'void *',
  i32: 'int32_t',
  u32: 'uint32_t',
  i64: 'int64_t',
  u64: 'uint64_t',
  f32: 'float',
  f64: 'double',
};

const UNSIGNED_32 = new Set(['ULONG', 'DWORD', 'UINT', 'USHORT', 'WORD', 'BYTE', 'UCHAR', 'unsigned', 'ULONG32', 'DWORD32', 'LCID', 'boolean']);
const SIGNED_32 = new Set(['long', 'LONG', 'int', 'INT', 'HRESULT', 'CIMTYPE', 'short', 'SHORT', 'BOOL', 'VARIANT_BOOL', 'char', 'LONG32', 'INT32', 'int32_t', 'int32']);
const SIXTY_FOUR = new Set(['__int64', 'LONGLONG', 'hyper', 'INT64', 'LONG64', 'int64_t']);
const UNSIGNED_64 = new Set(['ULONGLONG', 'UINT64', 'ULONG64', 'DWORD64', 'uint64_t', 'DWORDLONG']);
/** Typedefs that are pointers in C although the IDL spells them without a star. */
const POINTER_TYPEDEFS = new Set([
  'BSTR', 'LPCWSTR', 'LPWSTR', 'LPSTR', 'LPCSTR', 'LPOLESTR', 'LPCOLESTR', 'REFIID', 'REFCLSID', 'REFGUID', 'HANDLE', 'PVOID', 'LPVOID', 'HWND',
]);

/**
 * Classifies one C type as spelled by the IDL (`const BSTR`, `IWbemContext *`,
 * `unsigned __int64`, `long`, an enum's name...). Unknown named types without a star
 * are enums (32-bit), as in wbemcli.idl.
 */
export function machineKindOf(cType: string): MachineKind {
  const t = cType.replace(/\b(const|struct|enum|volatile|_In_|_Out_|_Inout_|__RPC_FAR)\b/g, ' ').replace(/\s+/g, ' ').trim();
  if (t.includes('*') || t.includes('[')) return 'ptr';
  const words = t.split(' ');
  const last = words[words.length - 1] ?? '';
  if (POINTER_TYPEDEFS.has(last)) return 'ptr';
  const unsigned = words.includes('unsigned');
  if (last === 'double' || last === 'DOUBLE' || last === 'DATE') return 'f64';
  if (last === 'float' || last === 'FLOAT') return 'f32';
  if (SIXTY_FOUR.has(last)) return unsigned ? 'u64' : 'i64';
  if (UNSIGNED_64.has(last)) return 'u64';
  if (UNSIGNED_32.has(last)) return 'u32';
  if (SIGNED_32.has(last)) return unsigned ? 'u32' : 'i32';
  return unsigned ? 'u32' : 'i32';
}

/** The machine kind of a generated parameter's koffi type (`ffiType`: `void *`, `int32`, `_Out_ int32 *`...). */
function kindOfFfiType(ffi: string): MachineKind {
  const t = ffi.replace(/\b_(In|Out|Inout)_\b/g, '').trim();
  if (t.includes('*')) return 'ptr';
  switch (t) {
    case 'int64':
    case 'int64_t':
      return 'i64';
    case 'uint64':
    case 'uint64_t':
      return 'u64';
    case 'float':
      return 'f32';
    case 'double':
      return 'f64';
    case 'uint32':
    case 'uint32_t':
    case 'uint16':
    case 'uint16_t':
    case 'uint8':
    case 'uint8_t':
      return 'u32';
    default:
      return 'i32';
  }
}

function paramKind(param: unknown): MachineKind {
  if (param && typeof param === 'object' && typeof (param as { ffiType?: unknown }).ffiType === 'string') {
    return kindOfFfiType((param as { ffiType: string }).ffiType);
  }
  return machineKindOf(paramCType(param));
}

/** The C type of a generated parameter, whatever field name the generator used for it. */
function paramCType(param: unknown): string {
  if (typeof param === 'string') return param;
  if (param && typeof param === 'object') {
    const p = param as Record<string, unknown>;
    for (const key of ['cType', 'ctype', 'type', 'typeName', 'idlType']) {
      const v = p[key];
      if (typeof v === 'string') {
        const ptr = typeof p.pointerDepth === 'number' ? '*'.repeat(p.pointerDepth) : typeof p.pointers === 'number' ? '*'.repeat(p.pointers) : '';
        return `${v}${ptr}`;
      }
      if (v && typeof v === 'object') return paramCType(v);
    }
    if (typeof p.text === 'string') return p.text;
  }
  throw new Error(`cannot read a parameter type from ${JSON.stringify(param)}`);
}

/** The parameter kinds (after `this`) from the prototype string `int32 __stdcall F(void *self, const BSTR a, long b)`. */
function kindsFromProto(proto: string): MachineKind[] {
  const open = proto.indexOf('(');
  const close = proto.lastIndexOf(')');
  const inner = proto.slice(open + 1, close).trim();
  if (inner === '' || inner === 'void') return [];
  const parts = inner.split(',').map((p) => p.trim());
  const kinds = parts.map((p) => {
    // drop the parameter name: the last identifier, unless the part is a type alone
    const m = /^(.*?[\s*&])([A-Za-z_]\w*)(\s*\[[^\]]*\])?$/.exec(p);
    const type = m && !/^(const|unsigned|signed)$/.test(m[2]!) && m[1]!.trim() !== '' ? m[1]! + (m[3] ? '*' : '') : p;
    return machineKindOf(type);
  });
  return kinds.slice(1); // `self`
}

export interface BoundMethod {
  readonly interfaceName: string;
  readonly name: string;
  readonly slot: number;
  readonly kinds: readonly MachineKind[];
  readonly proto: TypeObject;
}

let protoCounter = 0;
const protoCache = new Map<string, TypeObject>();

function koffiProto(kinds: readonly MachineKind[]): TypeObject {
  const key = kinds.join(',');
  let proto = protoCache.get(key);
  if (!proto) {
    const params = ['void *', ...kinds.map((k) => KOFFI_TYPE[k])];
    proto = koffi.proto('__stdcall', `wmigen_com_${protoCounter++}`, 'int32_t', params);
    protoCache.set(key, proto);
  }
  return proto;
}

/** Resolves one generated method (slot + parameter kinds) into a callable description. */
export function bindMethod(iface: GeneratedInterface, name: string): BoundMethod {
  const m = iface.methods[name];
  if (!m) throw new Error(`${iface.name} has no method ${name} in the generated bindings`);
  let kinds: MachineKind[];
  if (Array.isArray(m.params)) {
    kinds = m.params.map(paramKind);
  } else if (typeof m.proto === 'string') {
    kinds = kindsFromProto(m.proto);
  } else {
    throw new Error(`${iface.name}.${name}: the generated bindings carry neither params nor proto`);
  }
  if (m.slot < 0 || m.slot >= iface.vtableLength) throw new Error(`${iface.name}.${name}: slot ${m.slot} outside the vtable`);
  return { interfaceName: iface.name, name, slot: m.slot, kinds, proto: koffiProto(kinds) };
}

/** Binds every method an interface wrapper uses, by name. */
export function bindInterface<const N extends string>(iface: GeneratedInterface, names: readonly N[]): Record<N, BoundMethod> {
  const out = {} as Record<N, BoundMethod>;
  for (const n of names) out[n] = bindMethod(iface, n);
  return out;
}

export type ComFunction = ((...args: unknown[]) => number) & { async: (...args: unknown[]) => void };

const POINTER_SIZE = 8;
/** Decoded functions, keyed by function pointer and then prototype. */
const functionCache = new Map<bigint, Map<TypeObject, ComFunction>>();
/** Per bound method: vtable address → its decoded function (one memory read per call). */
const byVtable = new WeakMap<BoundMethod, Map<bigint, ComFunction>>();

export function readPointer(address: bigint, offset = 0): bigint {
  const v = koffi.decode(address, offset, 'void *') as bigint | null;
  return v ?? 0n;
}

/** The JS function for `method` of the object at `self`. */
export function methodFunction(self: bigint, method: BoundMethod): ComFunction {
  if (self === 0n) throw new Error(`${method.interfaceName}.${method.name} called on a null interface pointer`);
  const vtable = readPointer(self);
  let fns = byVtable.get(method);
  if (!fns) {
    fns = new Map();
    byVtable.set(method, fns);
  }
  const known = fns.get(vtable);
  if (known) return known;
  const fnPtr = readPointer(vtable, method.slot * POINTER_SIZE);
  let byProto = functionCache.get(fnPtr);
  if (!byProto) {
    byProto = new Map();
    functionCache.set(fnPtr, byProto);
  }
  let fn = byProto.get(method.proto);
  if (!fn) {
    fn = koffi.decode(fnPtr, method.proto) as ComFunction;
    byProto.set(method.proto, fn);
  }
  // Vtables are static data of the server's module: the address stays valid as long as
  // the module is loaded, which WMI's modules are for the life of the process.
  fns.set(vtable, fn);
  return fn;
}

/** Calls `method` on `self` synchronously; returns the HRESULT as a signed 32-bit number. */
export function callMethod(self: bigint, method: BoundMethod, ...args: unknown[]): number {
  return methodFunction(self, method)(self, ...args);
}

/** Calls `method` on a koffi worker thread (for calls that can block and have no semisynchronous form). */
export function callMethodAsync(self: bigint, method: BoundMethod, ...args: unknown[]): Promise<number> {
  const fn = methodFunction(self, method);
  return new Promise((resolve, reject) => {
    fn.async(self, ...args, (err: unknown, hr: number) => (err ? reject(err) : resolve(hr)));
  });
}

/** Parses `9556DC99-828C-11CF-A37E-00AA003240C7` (braces optional) into the 16 bytes of a GUID. */
export function guidBytes(text: string): Buffer {
  const hex = text.replace(/[{}]/g, '');
  const m = /^([0-9a-f]{8})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{4})-([0-9a-f]{12})$/i.exec(hex);
  if (!m) throw new Error(`not a GUID: ${text}`);
  const b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(m[1]!, 16), 0);
  b.writeUInt16LE(parseInt(m[2]!, 16), 4);
  b.writeUInt16LE(parseInt(m[3]!, 16), 6);
  Buffer.from(m[4]! + m[5]!, 'hex').copy(b, 8);
  return b;
}
