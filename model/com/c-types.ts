/**
 * C and IDL base types as the COM model sees them on 64-bit Windows, and the text of a
 * type as written: the leaves every other pass of the COM model builds on.
 */

import type { TypeRef } from '../../grammar/idl/ast.js';
import type { ResolvedType } from './types.js';

const baseTypeCache = new Map<string, ResolvedType>();

/** The resolved type of C base type words (`unsigned long`), at a pointer depth. */
export function baseType(words: string, pointerDepth: number): ResolvedType {
  let r = baseTypeCache.get(words);
  if (r === undefined) {
    r = computeBaseType(words, 0);
    baseTypeCache.set(words, r);
  }
  return pointerDepth === 0 ? r : { ...r, pointerDepth };
}

/** C base type words to integer/float shapes on 64-bit Windows (LLP64: long is 32 bits). */
function computeBaseType(words: string, pointerDepth: number): ResolvedType {
  const w = words.split(' ');
  const unsigned = w.includes('unsigned');
  const has = (x: string) => w.includes(x);
  const int = (bits: number): ResolvedType => ({ kind: unsigned ? 'uint' : 'int', bits, name: words, pointerDepth });
  if (has('void')) return { kind: 'void', name: 'void', pointerDepth };
  if (has('double')) return { kind: 'float', bits: 64, name: words, pointerDepth };
  if (has('float')) return { kind: 'float', bits: 32, name: words, pointerDepth };
  if (has('char') || has('small') || has('__int8')) return int(8);
  if (has('short') || has('__int16')) return int(16);
  if (has('hyper') || has('__int64') || has('__int3264') || w.filter((x) => x === 'long').length === 2) return int(64);
  return int(32); // int, long, __int32, bare signed/unsigned
}

/** IDL base types that are names rather than C keywords. */
export const idlNamedBaseTypes: Readonly<Record<string, Omit<ResolvedType, 'pointerDepth'>>> = {
  byte: { kind: 'uint', bits: 8, name: 'byte' },
  boolean: { kind: 'bool8', bits: 8, name: 'boolean' },
  wchar_t: { kind: 'char16', bits: 16, name: 'wchar_t' },
  error_status_t: { kind: 'uint', bits: 32, name: 'error_status_t' },
  handle_t: { kind: 'void', name: 'handle_t' },
};

export function typeText(t: TypeRef): string {
  // Most types are a plain name: that name itself, without a concatenation.
  if (t.kind === 'named' && !t.isConst) return t.name;
  const c = t.isConst ? 'const ' : '';
  switch (t.kind) {
    case 'base':
    case 'named':
      return c + t.name;
    case 'struct':
    case 'union':
    case 'enum':
      return `${c}${t.kind}${t.tag ? ' ' + t.tag : ''}`;
    case 'safearray':
      return `${c}SAFEARRAY(${typeText(t.element)}${'*'.repeat(t.elementPointerDepth)})`;
  }
}

/** `Windows.Foundation.IReference<INT32>` → `IReference`; plain names unchanged. */
export function simpleName(name: string): string {
  const lt = name.indexOf('<');
  const bare = lt < 0 ? name : name.slice(0, lt);
  const dot = bare.lastIndexOf('.');
  return dot < 0 ? bare : bare.slice(dot + 1);
}
