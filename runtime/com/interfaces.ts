/**
 * The WMI interfaces the runtime calls, bound from the generated wbemcli bindings.
 * Nothing here writes a slot number or an IID: they are read from
 * `generated/com/wbemcli.ts` (produced from wbemcli.idl) and resolved once, lazily.
 */

import * as wbemcli from '../../generated/com/wbemcli.js';
import { bindMethod, guidBytes, type BoundMethod, type GeneratedInterface } from './vtable.js';

const generated = wbemcli as unknown as Record<string, unknown>;

function isInterface(v: unknown): v is GeneratedInterface & { base?: unknown } {
  return !!v && typeof v === 'object' && typeof (v as GeneratedInterface).iid === 'string' && typeof (v as GeneratedInterface).methods === 'object';
}

/** A generated interface by name. */
export function generatedInterface(name: string): GeneratedInterface & { base?: unknown } {
  const v = generated[name];
  if (!isInterface(v)) throw new Error(`generated/com/wbemcli.ts has no interface ${name}`);
  return v;
}

function baseOf(iface: { base?: unknown }): (GeneratedInterface & { base?: unknown }) | null {
  const b = iface.base;
  if (isInterface(b)) return b;
  if (typeof b === 'string' && isInterface(generated[b])) return generated[b] as GeneratedInterface;
  return null;
}

/**
 * Binds `method` of interface `name`, looking through its bases when the generated
 * description lists only the interface's own methods.
 */
export function bindGenerated(name: string, method: string): BoundMethod {
  let iface: (GeneratedInterface & { base?: unknown }) | null = generatedInterface(name);
  while (iface) {
    if (iface.methods[method]) return bindMethod(iface, method);
    iface = baseOf(iface);
  }
  throw new Error(`generated bindings: ${name} has no method ${method}`);
}

export function bindAll<const N extends string>(name: string, methods: readonly N[]): Record<N, BoundMethod> {
  const out = {} as Record<N, BoundMethod>;
  for (const m of methods) out[m] = bindGenerated(name, m);
  return out;
}

let unknown: Record<'QueryInterface' | 'AddRef' | 'Release', BoundMethod> | undefined;
/** IUnknown's methods, as every WMI interface inherits them. */
export function unknownMethods(): Record<'QueryInterface' | 'AddRef' | 'Release', BoundMethod> {
  unknown ??= bindAll(isInterface(generated.IUnknown) ? 'IUnknown' : 'IWbemLocator', ['QueryInterface', 'AddRef', 'Release']);
  return unknown;
}

const guidCache = new Map<string, Buffer>();
/** The 16 bytes of an interface's IID. */
export function iidOf(name: string): Buffer {
  let b = guidCache.get(name);
  if (!b) {
    b = guidBytes(generatedInterface(name).iid);
    guidCache.set(name, b);
  }
  return b;
}

/** The 16 bytes of a generated CLSID constant (`CLSID_WbemLocator`). */
export function clsidOf(name: string): Buffer {
  let b = guidCache.get(name);
  if (!b) {
    const v = generated[name];
    const text = typeof v === 'string' ? v : v && typeof v === 'object' && typeof (v as { clsid?: unknown }).clsid === 'string' ? (v as { clsid: string }).clsid : undefined;
    if (!text) throw new Error(`generated/com/wbemcli.ts has no CLSID ${name}`);
    b = guidBytes(text);
    guidCache.set(name, b);
  }
  return b;
}

/** A numeric constant of a generated enum, looked up by its member name (`WBEM_FLAG_RETURN_IMMEDIATELY`). */
export function generatedConstant(member: string): number {
  const direct = generated[member];
  if (typeof direct === 'number') return direct;
  for (const v of Object.values(generated)) {
    if (v && typeof v === 'object' && !isInterface(v)) {
      const x = (v as Record<string, unknown>)[member];
      if (typeof x === 'number') return x;
    }
  }
  throw new Error(`generated/com/wbemcli.ts has no constant ${member}`);
}
