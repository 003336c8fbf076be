/**
 * Value conversion and type checking: a parsed `ValueAst` against a CIM type gives a
 * JSON-safe `CimValue` or an error message.
 */

import type { ValueAst } from '../../grammar/mof/ast.js';
import { validateDatetime } from '../../grammar/mof/literals.js';
import { integerRanges } from './integer-ranges.js';
import type { CimType, CimValue } from './types.js';

export { integerRanges };

const intRanges: Record<string, [bigint, bigint]> = {
  uint8: [0n, 255n],
  sint8: [-128n, 127n],
  uint16: [0n, 65535n],
  sint16: [-32768n, 32767n],
  uint32: [0n, 4294967295n],
  sint32: [-2147483648n, 2147483647n],
  uint64: [0n, 18446744073709551615n],
  sint64: [-9223372036854775808n, 9223372036854775807n],
};

export const intrinsicTypes: ReadonlySet<string> = new Set([
  'uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64',
  'real32', 'real64', 'char16', 'string', 'boolean', 'datetime', 'object',
]);

export function isIntegerType(t: CimType): boolean {
  return t in intRanges;
}

/** Converts a value without a type to check against (undeclared qualifiers, enum values). */
export function plainValue(v: ValueAst): CimValue {
  switch (v.t) {
    case 'null':
      return null;
    case 'bool':
    case 'real':
    case 'str':
    case 'char':
      return v.v;
    case 'int':
      return typeof v.v === 'bigint' ? { kind: 'bigint', value: v.v.toString() } : v.v;
    case 'alias':
      return { kind: 'alias', name: v.name };
    case 'name':
      return v.name;
    case 'array':
      return v.items.map(plainValue);
    case 'strs':
      return v.v;
    case 'inst': {
      const properties: Record<string, CimValue> = {};
      for (const p of v.inst.properties) if (p.value !== undefined) properties[p.name] = plainValue(p.value);
      return { kind: 'instance', className: v.inst.className, properties };
    }
  }
}

/** The CIM type a bare value suggests (for qualifiers WMI accepts without a declaration). */
export function inferType(v: ValueAst | undefined): { type: CimType; isArray: boolean } {
  if (v === undefined) return { type: 'boolean', isArray: false };
  if (v.t === 'array') {
    const first = v.items.find((i) => i.t !== 'null');
    return { type: first ? inferType(first).type : 'string', isArray: true };
  }
  if (v.t === 'strs') return { type: 'string', isArray: true };
  switch (v.t) {
    case 'bool':
      return { type: 'boolean', isArray: false };
    case 'int':
      return { type: 'sint64', isArray: false };
    case 'real':
      return { type: 'real64', isArray: false };
    case 'char':
      return { type: 'char16', isArray: false };
    default:
      return { type: 'string', isArray: false };
  }
}

export interface ConvertProblem {
  readonly offset: number;
  readonly message: string;
  readonly datetime?: boolean;
}

const describe = (v: ValueAst): string => {
  switch (v.t) {
    case 'str':
      return 'a string';
    case 'int':
      return 'an integer';
    case 'real':
      return 'a real number';
    case 'bool':
      return 'a boolean';
    case 'char':
      return 'a char16';
    case 'array':
    case 'strs':
      return 'an array';
    case 'alias':
      return `the alias $${v.name}`;
    case 'inst':
      return 'an instance';
    case 'name':
      return `the name ${v.name}`;
    case 'null':
      return 'null';
  }
};

/**
 * Checks `v` against `type` (an array of it when `isArray`) and converts it. A scalar given
 * for an array is accepted as a one-element array only when `wrapScalar` (qualifier values).
 */
export function convertValue(
  v: ValueAst,
  type: CimType,
  isArray: boolean,
  problems: ConvertProblem[],
  wrapScalar = false,
): CimValue {
  if (v.t === 'null') return null;
  if (isArray) {
    if (v.t === 'strs') return convertStrings(v, type, problems);
    if (v.t !== 'array') {
      if (wrapScalar) return [convertScalar(v, type, problems)];
      problems.push({ offset: v.o, message: `an array value '{...}' is expected for ${type}[], not ${describe(v)}` });
      return null;
    }
    // A loop into an array of the exact length: no closure per call.
    const items = v.items;
    const out: CimValue[] = new Array(items.length);
    for (let i = 0; i < items.length; i++) out[i] = convertScalar(items[i], type, problems);
    return out;
  }
  if (v.t === 'array' || v.t === 'strs') {
    problems.push({ offset: v.o, message: `a single ${type} value is expected, not an array` });
    return null;
  }
  return convertScalar(v, type, problems);
}

/**
 * An array of strings for an array of `type`: the strings themselves, whatever the type,
 * since a string converts to itself where it fits (string, datetime, reference, object)
 * and is kept as written where it does not; each item is checked against the type, and
 * problems are at its offset. The model shares the parsed array: both are read-only.
 */
function convertStrings(v: Extract<ValueAst, { t: 'strs' }>, type: CimType, problems: ConvertProblem[]): CimValue {
  if (type !== 'string' && type !== 'reference' && type !== 'object') {
    for (let i = 0; i < v.v.length; i++) convertScalar({ t: 'str', v: v.v[i], o: v.offsets[i] }, type, problems);
  }
  return v.v;
}

/** A value that does not fit its type: reported, and kept as written. */
function mismatch(v: ValueAst, type: CimType, problems: ConvertProblem[]): CimValue {
  problems.push({ offset: v.o, message: `Invalid ${type} value: ${describe(v)} does not match the type ${type}` });
  return plainValue(v);
}

function convertScalar(v: ValueAst, type: CimType, problems: ConvertProblem[]): CimValue {
  if (v.t === 'null') return null;
  switch (type) {
    case 'boolean':
      return v.t === 'bool' ? v.v : mismatch(v, type, problems);
    case 'string':
      return v.t === 'str' ? v.v : mismatch(v, type, problems);
    case 'char16':
      if (v.t === 'char') return v.v;
      if (v.t === 'int' && typeof v.v === 'number' && v.v >= 0 && v.v <= 0xffff) return String.fromCharCode(v.v);
      return mismatch(v, type, problems);
    case 'real32':
    case 'real64':
      if (v.t === 'real') return v.v;
      if (v.t === 'int') return Number(v.v);
      return mismatch(v, type, problems);
    case 'datetime': {
      if (v.t !== 'str') return mismatch(v, type, problems);
      const err = validateDatetime(v.v);
      if (err !== undefined) problems.push({ offset: v.o, message: err, datetime: true });
      return v.v;
    }
    case 'reference':
      if (v.t === 'str' || v.t === 'alias') return plainValue(v);
      return mismatch(v, type, problems);
    case 'object':
      if (v.t === 'inst' || v.t === 'alias' || v.t === 'str') return plainValue(v);
      return mismatch(v, type, problems);
    default: {
      const range = intRanges[type];
      if (range === undefined || v.t !== 'int') return mismatch(v, type, problems);
      if (typeof v.v === 'number') {
        const r = integerRanges[type];
        if (Number.isSafeInteger(v.v) && v.v >= r[0] && v.v <= r[1]) return v.v;
      }
      const n = typeof v.v === 'bigint' ? v.v : BigInt(v.v);
      if (n > range[1] && v.based && range[0] < 0n && n <= range[1] * 2n + 1n) {
        // 0x8000000000000000 for sint64: a two's-complement bit pattern, as mofcomp and OMI read it.
        const wrapped = n - (range[1] + 1n) * 2n;
        return Number.isSafeInteger(Number(wrapped)) ? Number(wrapped) : { kind: 'bigint', value: wrapped.toString() };
      }
      if (n < range[0] || n > range[1]) {
        problems.push({ offset: v.o, message: `value ${n} is out of range for ${type} (${range[0]}..${range[1]})` });
      }
      return plainValue(v);
    }
  }
}

export function valuesEqual(a: CimValue, b: CimValue): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => valuesEqual(x, (b as CimValue[])[i]));
  }
  return JSON.stringify(a) === JSON.stringify(b);
}
