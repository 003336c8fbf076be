/**
 * `ValueMap`/`Values` and `BitMap`/`BitValues` as plain plans: which named members a
 * const object gets, which literals the property's union type lists, and whether the
 * union must stay open (ranges such as `".."` or `"0x8000.."`, which a literal union
 * cannot spell).
 */

import type { CimQualifier, CimType } from '../../model/cim/types.js';
import { NameScope, valueMemberName } from './naming.js';
import { stringArrayQualifier } from './qualifiers.js';

export interface EnumMember {
  /** Member name in the const object (unique within it). */
  readonly name: string;
  /** The value as TypeScript source: `2`, `-1`, `32768n`, `'Auto'`. */
  readonly literal: string;
}

export interface EnumPlan {
  /** Members with a name (from `Values`, or the string itself for string ValueMaps). */
  readonly members: readonly EnumMember[];
  /** Distinct literals for the union type, in ValueMap order. */
  readonly literals: readonly string[];
  /** True when values outside `literals` are allowed (ranges, unparsable entries). */
  readonly open: boolean;
  /** `number`, `bigint` or `string`: what the open part of the union is. */
  readonly base: 'number' | 'bigint' | 'string';
  /** Identity for reuse: two properties with equal signatures share one const. */
  readonly signature: string;
}

export interface FlagsPlan {
  /** Bit masks by name (`{ name: 'Readable', literal: '0x2' }`). */
  readonly members: readonly EnumMember[];
  readonly base: 'number' | 'bigint';
  readonly signature: string;
}

const INTEGER_TYPES = new Set<CimType>(['uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64']);

function isBigIntType(type: CimType | 'void'): boolean {
  return type === 'uint64' || type === 'sint64';
}

/**
 * An `EnumPlan` whose signature is made when first asked for: only an override's enum is
 * compared with its superclass's (CIM 2.51: a few hundred of 2,300 ValueMaps), and making
 * every signature was a third of planning the ValueMaps.
 */
class ValuesPlan implements EnumPlan {
  private madeSignature: string | undefined;

  constructor(
    readonly members: readonly EnumMember[],
    readonly literals: readonly string[],
    readonly open: boolean,
    readonly base: 'number' | 'bigint' | 'string',
  ) {}

  get signature(): string {
    return (this.madeSignature ??= `${this.base}|${this.open}|${this.literals.join(',')}|${membersSignature(this.members)}`);
  }
}

/** A `FlagsPlan`, its signature made when first asked for (as `ValuesPlan`'s). */
class MasksPlan implements FlagsPlan {
  private madeSignature: string | undefined;

  constructor(
    readonly members: readonly EnumMember[],
    readonly base: 'number' | 'bigint',
  ) {}

  get signature(): string {
    return (this.madeSignature ??= `${this.base}|${membersSignature(this.members)}`);
  }
}

function membersSignature(members: readonly EnumMember[]): string {
  return members.map((m) => m.name + '=' + m.literal).join(',');
}

/** What `parseIntegerText` reads as a plain decimal (exact as a double). */
const PLAIN_DECIMAL = /^[0-9]{1,15}$/;

/** `"12"`, `"-3"`, `"+4"`, `"0x1F"`, `"101b"` (MOF binary) → bigint; anything else → undefined. */
export function parseIntegerText(text: string): bigint | undefined {
  // Fast path: plain decimals are nearly every ValueMap entry.
  if (PLAIN_DECIMAL.test(text)) return BigInt(Number(text));
  const t = text.trim();
  let m: RegExpExecArray | null;
  if ((m = /^([+-]?)0[xX]([0-9A-Fa-f]+)$/.exec(t))) return (m[1] === '-' ? -1n : 1n) * BigInt('0x' + m[2]);
  if ((m = /^([+-]?)([01]+)[bB]$/.exec(t))) return (m[1] === '-' ? -1n : 1n) * BigInt('0b' + m[2]);
  if ((m = /^([+-]?)([0-9]+)$/.exec(t))) return (m[1] === '-' ? -1n : 1n) * BigInt(m[2]);
  return undefined;
}

function integerLiteral(value: bigint, bigintType: boolean): string {
  return bigintType ? `${value}n` : String(value);
}

function stringLiteral(text: string): string {
  return "'" + text.replace(/[\\']/g, (c) => '\\' + c).replace(/\n/g, '\\n').replace(/\r/g, '\\r') + "'";
}

/**
 * The enum of a property, parameter or method return with a `ValueMap` (or integer
 * `Values` alone, which number from 0). Undefined when there is nothing to type.
 */
export function valueMapEnum(type: CimType | 'void', qualifiers: readonly CimQualifier[]): EnumPlan | undefined {
  const valueMap = stringArrayQualifier(qualifiers, 'ValueMap');
  const values = stringArrayQualifier(qualifiers, 'Values');
  const bigintType = isBigIntType(type);
  if (type !== 'void' && INTEGER_TYPES.has(type)) {
    const entries = valueMap ?? values?.map((_, i) => String(i));
    if (entries === undefined || entries.length === 0) return undefined;
    const scope = new NameScope();
    const members: EnumMember[] = [];
    const literals: string[] = [];
    const seen = new Set<string>();
    let open = false;
    // A plain loop, not forEach: this runs for every entry of every ValueMap (CIM 2.51: 22,600),
    // mostly before V8 optimizes it, where a callback per entry costs more than its body.
    for (let i = 0; i < entries.length; i++) {
      const entry = entries[i];
      let literal: string;
      // Plain decimals are nearly every entry: their literal without a BigInt in between.
      if (PLAIN_DECIMAL.test(entry)) literal = bigintType ? `${Number(entry)}n` : String(Number(entry));
      else {
        const value = parseIntegerText(entry);
        if (value === undefined) {
          open = true; // "..", "0x8000..", "4..7", or something unparsable
          continue;
        }
        literal = integerLiteral(value, bigintType);
      }
      if (!seen.has(literal)) {
        seen.add(literal);
        literals.push(literal);
      }
      const label = values?.[i];
      if (label !== undefined && label.trim() !== '') members.push({ name: scope.claim(valueMemberName(label)), literal });
    }
    if (literals.length === 0) return undefined;
    return new ValuesPlan(members, literals, open, bigintType ? 'bigint' : 'number');
  }
  if (type === 'string' || type === 'char16') {
    if (valueMap === undefined || valueMap.length === 0) return undefined;
    const scope = new NameScope();
    const members: EnumMember[] = [];
    const literals: string[] = [];
    const seen = new Set<string>();
    valueMap.forEach((entry, i) => {
      const literal = stringLiteral(entry);
      if (!seen.has(literal)) {
        seen.add(literal);
        literals.push(literal);
      }
      const label = values?.[i] !== undefined && values[i].trim() !== '' ? values[i] : entry;
      members.push({ name: scope.claim(valueMemberName(label)), literal });
    });
    // A ".." entry in a string ValueMap means "other strings" as it does for integers.
    const open = valueMap.some((e) => e.trim() === '..');
    const kept = open ? literals.filter((l) => l !== "'..'") : literals;
    const keptMembers = open ? members.filter((m) => m.literal !== "'..'") : members;
    return new ValuesPlan(keptMembers, kept, open, 'string');
  }
  return undefined;
}

/** Flag masks of an integer property with `BitMap` (bit positions) and `BitValues` (names). */
export function bitMapFlags(type: CimType | 'void', qualifiers: readonly CimQualifier[]): FlagsPlan | undefined {
  if (type === 'void' || !INTEGER_TYPES.has(type)) return undefined;
  const bitMap = stringArrayQualifier(qualifiers, 'BitMap');
  const bitValues = stringArrayQualifier(qualifiers, 'BitValues');
  if (bitMap === undefined || bitValues === undefined) return undefined;
  const bigintType = isBigIntType(type);
  const scope = new NameScope();
  const members: EnumMember[] = [];
  bitMap.forEach((entry, i) => {
    const bit = parseIntegerText(entry);
    const label = bitValues[i];
    if (bit === undefined || bit < 0n || bit > 63n || label === undefined || label.trim() === '') return;
    if (!bigintType && bit > 31n) return; // masks beyond 32 bits do not fit a number property
    const mask = 1n << bit;
    members.push({ name: scope.claim(valueMemberName(label)), literal: '0x' + mask.toString(16).toUpperCase() + (bigintType ? 'n' : '') });
  });
  if (members.length === 0) return undefined;
  return new MasksPlan(members, bigintType ? 'bigint' : 'number');
}
