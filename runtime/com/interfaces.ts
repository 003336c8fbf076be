/**
 * The WMI interfaces the runtime calls, bound from the generated wbemcli bindings with
 * their types: an interface is named by `ComInterfaceName` and a method by that
 * interface's generated method-name union, so a misspelled name is a compile error.
 * Nothing here writes a slot number or an IID.
 */

import {
  comClassIds,
  comInterfaces,
  type ComInterfaceDescriptor,
  type ComInterfaceName,
  type ComMethodNames,
} from '../../generated/com/wbemcli.js';
import { bindMethod, guidBytes, type BoundMethod } from './vtable.js';

export type { ComInterfaceName } from '../../generated/com/wbemcli.js';
/** The methods interface `I` can be called with, inherited ones included. */
export type MethodName<I extends ComInterfaceName> = ComMethodNames[I];
/** The name of a generated CLSID constant (`CLSID_WbemLocator`). */
export type ClassIdName = keyof typeof comClassIds;

/** The descriptors, seen through the type every one satisfies (for walking bases by name). */
const descriptors: Readonly<Record<string, ComInterfaceDescriptor>> = comInterfaces;

/** The generated descriptor of an interface. */
export function generatedInterface<I extends ComInterfaceName>(name: I): (typeof comInterfaces)[I] {
  return comInterfaces[name];
}

/**
 * Binds `method` of interface `name`, looking through its bases: a descriptor lists
 * only the interface's own methods.
 */
export function bindGenerated<I extends ComInterfaceName>(name: I, method: MethodName<I>): BoundMethod {
  for (let iface: ComInterfaceDescriptor | undefined = descriptors[name]; iface; iface = iface.base ? descriptors[iface.base] : undefined) {
    if (Object.hasOwn(iface.methods, method)) return bindMethod(iface, method);
  }
  throw new Error(`generated bindings: ${name} has no method ${method}`);
}

/** Binds several methods of one interface, by name. */
export function bindAll<I extends ComInterfaceName, const N extends MethodName<I>>(name: I, methods: readonly N[]): Record<N, BoundMethod> {
  const out = {} as Record<N, BoundMethod>;
  for (const m of methods) out[m] = bindGenerated(name, m);
  return out;
}

type UnknownMethods = Record<MethodName<'IUnknown'>, BoundMethod>;
let unknown: UnknownMethods | undefined;
/** IUnknown's methods, as every WMI interface inherits them. */
export function unknownMethods(): UnknownMethods {
  unknown ??= bindAll('IUnknown', ['QueryInterface', 'AddRef', 'Release']);
  return unknown;
}

const guidCache = new Map<string, Buffer>();
function cachedGuid(key: string, text: string | undefined): Buffer {
  let b = guidCache.get(key);
  if (!b) {
    if (!text) throw new Error(`generated/com/wbemcli.ts gives no GUID for ${key}`);
    b = guidBytes(text);
    guidCache.set(key, b);
  }
  return b;
}

/** The 16 bytes of an interface's IID. */
export function iidOf(name: ComInterfaceName): Buffer {
  return cachedGuid(name, descriptors[name]!.iid);
}

/** The 16 bytes of a generated CLSID constant (`CLSID_WbemLocator`). */
export function clsidOf(name: ClassIdName): Buffer {
  return cachedGuid(name, comClassIds[name]);
}
