/**
 * Values entering the in-memory repository are brought to WMI's wire form (what COM
 * VARIANTs carry, see provider.ts): uint64/sint64 as decimal strings, datetime as DMTF
 * strings, references as object-path strings, embedded objects as WireObjects.
 * Anything that cannot be converted for the property's CIM type is rejected with the
 * error WMI gives (WBEM_E_TYPE_MISMATCH).
 */

import type { CimProperty, CimValue } from '../../model/cim/types.js';
import { integerRanges } from '../../model/cim/integer-ranges.js';
import { holdsEmbeddedObject } from '../../model/cim/lookup.js';
import type { WireObject, WireValue } from '../provider.js';
import { wbemError } from './status.js';

export type TypedSlot = Pick<CimProperty, 'name' | 'type' | 'isArray'> &
  Partial<Pick<CimProperty, 'embeddedClass' | 'qualifiers'>>;


function mismatch(slot: TypedSlot, value: unknown, operation: string): never {
  const shown =
    typeof value === 'bigint'
      ? `${value}n`
      : typeof value === 'object'
        ? 'an object'
        : JSON.stringify(value);
  throw wbemError(
    'TYPE_MISMATCH',
    operation,
    `${slot.name} is ${slot.type}${slot.isArray ? '[]' : ''}; ${shown} does not fit`,
  );
}

/** Anything with a DMTF `toString()` (CimDateTime, CimInterval) or a Date. */
function datetimeText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (value instanceof Date) {
    if (Number.isNaN(value.getTime())) return null;
    const iso = value.toISOString(); // yyyy-mm-ddThh:mm:ss.sssZ
    return `${iso.slice(0, 4)}${iso.slice(5, 7)}${iso.slice(8, 10)}${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.${iso.slice(20, 23)}000+000`;
  }
  if (
    value !== null &&
    typeof value === 'object' &&
    'toString' in value &&
    value.constructor?.name?.startsWith('Cim')
  )
    return String(value);
  return null;
}

function scalarToWire(
  slot: TypedSlot,
  value: unknown,
  operation: string,
  toObject: (v: unknown) => WireObject,
): WireValue {
  if (value === null || value === undefined) return null;
  const t = slot.type;
  switch (t) {
    case 'string':
      if (typeof value === 'string') return value;
      // A string qualified EmbeddedObject / EmbeddedInstance holds an object.
      if (typeof value === 'object' && holdsEmbeddedObject({ ...slot, qualifiers: slot.qualifiers ?? [] }))
        return toObject(value);
      return mismatch(slot, value, operation);
    case 'char16':
      if (typeof value === 'string' && value.length === 1) return value;
      if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value <= 0xffff)
        return String.fromCharCode(value);
      return mismatch(slot, value, operation);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      return mismatch(slot, value, operation);
    case 'real32':
    case 'real64':
      if (typeof value === 'number') return value;
      return mismatch(slot, value, operation);
    case 'uint64':
    case 'sint64': {
      let big: bigint | null = null;
      if (typeof value === 'bigint') big = value;
      else if (typeof value === 'number' && Number.isSafeInteger(value)) big = BigInt(value);
      else if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim()))
        big = BigInt(value.trim());
      if (big === null) return mismatch(slot, value, operation);
      if (
        t === 'uint64'
          ? big < 0n || big > 0xffffffffffffffffn
          : big < -(2n ** 63n) || big >= 2n ** 63n
      )
        return mismatch(slot, value, operation);
      return big.toString();
    }
    case 'datetime': {
      const text = datetimeText(value);
      if (text === null) return mismatch(slot, value, operation);
      return text;
    }
    case 'reference':
      if (typeof value === 'string') return value;
      return mismatch(slot, value, operation);
    case 'object':
      if (typeof value === 'object') return toObject(value);
      return mismatch(slot, value, operation);
    default: {
      const range = integerRanges[t];
      let n: number | null = null;
      if (typeof value === 'number') n = value;
      else if (typeof value === 'bigint') n = Number(value);
      else if (typeof value === 'string' && /^[+-]?\d+$/.test(value.trim())) n = Number(value);
      if (n === null || !Number.isInteger(n) || (range && (n < range[0] || n > range[1])))
        return mismatch(slot, value, operation);
      return n;
    }
  }
}

/** Converts a value given by a user or a MOF file into the wire form for `slot`. */
export function toWire(
  slot: TypedSlot,
  value: unknown,
  operation: string,
  toObject: (v: unknown) => WireObject,
): WireValue {
  if (value === null || value === undefined) return null;
  if (slot.isArray) {
    if (!Array.isArray(value)) return mismatch(slot, value, operation);
    const one = { ...slot, isArray: false };
    return value.map((v) => scalarToWire(one, v, operation, toObject));
  }
  if (Array.isArray(value)) return mismatch(slot, value, operation);
  return scalarToWire(slot, value, operation, toObject);
}

/** A MOF literal as a plain JS value (`bigint` kinds become bigint); aliases and embedded instances by callback. */
export type CimAliasOrInstance = Extract<
  CimValue,
  { readonly kind: 'alias' } | { readonly kind: 'instance' }
>;

export function cimValueToPlain(
  value: CimValue,
  resolve: (v: CimAliasOrInstance) => unknown,
): unknown {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => cimValueToPlain(v, resolve));
  const v = value as Exclude<CimValue, null | boolean | number | string | readonly CimValue[]>;
  if (v.kind === 'bigint') return BigInt(v.value);
  return resolve(v);
}
