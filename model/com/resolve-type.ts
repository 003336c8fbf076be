/** Types followed through typedef chains to what calling them needs (a `ResolvedType`). */

import type { TypeRef } from '../../grammar/idl/ast.js';
import { hasAttribute } from './attributes.js';
import { baseType, idlNamedBaseTypes, simpleName, typeText } from './c-types.js';
import type { Definitions } from './collect.js';
import type { ResolvedType } from './types.js';

export class TypeResolver {
  // Named types resolve the same way every time: cached by pointer depth (the model's
  // types are read-only and may be shared). A copy per parameter was the model's largest
  // cost after the method objects themselves.
  private readonly namedCache = new Map<string, ResolvedType[]>();
  private readonly namedStringCache = new Map<string, ResolvedType[]>();

  constructor(private readonly defs: Definitions) {}

  resolve(t: TypeRef, pointerDepth: number, isString = false, guard = 0): ResolvedType {
    if (guard > 64) return { kind: 'unknown', name: typeText(t), pointerDepth };
    switch (t.kind) {
      case 'base':
        return baseType(t.name, pointerDepth);
      case 'safearray':
        // SAFEARRAY(T) in a declaration stands for a SAFEARRAY pointer (LPSAFEARRAY).
        return { kind: 'safearray', name: `SAFEARRAY(${typeText(t.element)})`, pointerDepth: pointerDepth + 1 };
      case 'enum':
        return { kind: 'enum', bits: 32, name: t.tag ?? 'enum', pointerDepth };
      case 'struct':
      case 'union': {
        const name = t.tag ?? `(anonymous ${t.kind})`;
        if (name === 'tagVARIANT') return { kind: 'variant', name: 'VARIANT', pointerDepth };
        return { kind: t.kind, name, pointerDepth };
      }
      case 'named':
        return this.resolveNamedCached(t.name, pointerDepth, isString, guard);
    }
  }

  private resolveNamedCached(name: string, pointerDepth: number, isString: boolean, guard: number): ResolvedType {
    const cache = isString ? this.namedStringCache : this.namedCache;
    let byDepth = cache.get(name);
    if (byDepth === undefined) {
      byDepth = [this.resolveNamed(name, isString, guard)];
      cache.set(name, byDepth);
    }
    let r = byDepth[pointerDepth];
    if (r === undefined) {
      const base = byDepth[0];
      r = { ...base, pointerDepth: base.pointerDepth + pointerDepth };
      byDepth[pointerDepth] = r;
    }
    return r;
  }

  private resolveNamed(written: string, isString: boolean, guard: number): ResolvedType {
    const { interfaces, forwardInterfaces, typedefs } = this.defs;
    // WinRT names may be qualified and parameterized: look up the last plain segment.
    const name = written.includes('.') || written.includes('<') ? simpleName(written) : written;
    if (written !== name && interfaces.has(name)) return { kind: 'interface', name: written, pointerDepth: 0 };
    if (name === 'BSTR') return { kind: 'bstr', name, pointerDepth: 0, isString: true };
    if (name === 'VARIANT' || name === 'VARIANTARG') return { kind: 'variant', name: 'VARIANT', pointerDepth: 0 };
    if (interfaces.has(name) || (forwardInterfaces.has(name) && !typedefs.has(name))) {
      return { kind: 'interface', name, pointerDepth: 0 };
    }
    const td = typedefs.get(name);
    if (td) {
      const str = isString || hasAttribute(td.attributes, 'string');
      const inner = td.declarator;
      const depth = inner.pointerDepth + inner.arrays.length;
      if (inner.params) return { kind: 'function', name, pointerDepth: depth };
      if ((td.type.kind === 'struct' || td.type.kind === 'union') && !td.type.tag) {
        return { kind: td.type.kind, name, pointerDepth: depth };
      }
      if (td.type.kind === 'enum' && !td.type.tag) return { kind: 'enum', bits: 32, name, pointerDepth: depth };
      const r = this.resolve(td.type, depth, str, guard + 1);
      return str && !r.isString ? { ...r, isString: true } : r;
    }
    const builtin = idlNamedBaseTypes[name];
    if (builtin) return isString ? { ...builtin, pointerDepth: 0, isString } : { ...builtin, pointerDepth: 0 };
    return { kind: 'unknown', name, pointerDepth: 0 };
  }
}
