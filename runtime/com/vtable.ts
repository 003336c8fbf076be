/**
 * Calling COM methods through their vtables with koffi.
 *
 * Slots, IIDs and how each argument crosses the call come only from the bindings
 * generated from wbemcli.idl (`generated/com/wbemcli.ts`): each method's `slot`, `args`
 * and `returns`. This module turns them into a koffi prototype once, and decodes each
 * function pointer once per (vtable entry, prototype), so a call costs two memory reads
 * and a Map lookup on top of koffi's own.
 *
 * Every argument crosses as one of the generated machine kinds: a pointer (interfaces,
 * BSTRs, out-parameters, GUIDs, VARIANTs: always passed as a bigint address, a Buffer or
 * null), a 32- or 64-bit integer, a float or a double. That keeps `long` (32 bits on
 * Windows, 64 on Linux) out of the prototypes, so the same prototypes serve Windows and
 * the Linux test double.
 */

import koffi, { type TypeObject } from 'koffi';
import {
  comMachineTypes,
  type ComInterfaceDescriptor,
  type ComMachineKind,
  type ComReturnKind,
} from '../../generated/com/wbemcli.js';

export interface BoundMethod {
  readonly interfaceName: string;
  readonly name: string;
  readonly slot: number;
  readonly kinds: readonly ComMachineKind[];
  readonly returns: ComReturnKind;
  readonly proto: TypeObject;
}

let protoCounter = 0;
const protoCache = new Map<string, TypeObject>();

function koffiReturnType(returns: ComReturnKind): string {
  if (returns === 'HRESULT') return comMachineTypes.i32;
  if (returns === 'void') return 'void';
  if (returns === 'struct') throw new Error('a struct returned by value has no koffi prototype here');
  return comMachineTypes[returns];
}

/** The koffi prototype of a method taking `self` then `kinds`, one per signature. */
function koffiProto(kinds: readonly ComMachineKind[], returns: ComReturnKind): TypeObject {
  const key = `${returns}(${kinds.join(',')})`;
  let proto = protoCache.get(key);
  if (!proto) {
    const params = [comMachineTypes.ptr, ...kinds.map((k) => comMachineTypes[k])];
    proto = koffi.proto('__stdcall', `wmigen_com_${protoCounter++}`, koffiReturnType(returns), params);
    protoCache.set(key, proto);
  }
  return proto;
}

/** Resolves one generated method (slot, argument and result kinds) into a callable description. */
export function bindMethod(iface: ComInterfaceDescriptor, name: string): BoundMethod {
  const m = Object.hasOwn(iface.methods, name) ? iface.methods[name] : undefined;
  if (!m) throw new Error(`${iface.name} has no method ${name} in the generated bindings`);
  if (m.slot < 0 || m.slot >= iface.vtableLength) throw new Error(`${iface.name}.${name}: slot ${m.slot} outside the vtable`);
  const kinds = m.args.map((k) => {
    if (k === 'struct') throw new Error(`${iface.name}.${name} takes a struct by value, which the runtime does not pass`);
    return k;
  });
  return { interfaceName: iface.name, name, slot: m.slot, kinds, returns: m.returns, proto: koffiProto(kinds, m.returns) };
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
