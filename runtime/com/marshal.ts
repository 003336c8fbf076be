/**
 * BSTR, VARIANT and SAFEARRAY marshalling, and IWbemClassObject ⇄ `WireObject`.
 *
 * Values leave WMI in its wire form (runtime/provider.ts): 8/16/32-bit integers and
 * reals as numbers, sint64/uint64/datetime/references as strings (WMI sends them as
 * BSTRs), booleans, null, arrays (SAFEARRAYs), embedded objects (VT_UNKNOWN) as nested
 * WireObjects. WMI sends uint32 as VT_I4 and uint16 as VT_I4, so the CIMTYPE that comes
 * with each value decides how the bits are read.
 *
 * Writing follows the VARIANT types WMI expects for each CIM type (the IWbemClassObject::Put
 * table): sint8/sint16/char16 → VT_I2, uint8 → VT_UI1, uint16/sint32/uint32 → VT_I4,
 * 64-bit integers, strings, datetimes and references → VT_BSTR, real32 → VT_R4,
 * real64 → VT_R8, boolean → VT_BOOL, object → VT_UNKNOWN.
 *
 * Some BSTRs from Wine report a length past their text and carry NULs: text is cut at
 * the first NUL.
 */

import koffi from 'koffi';
import type { WireObject, WireValue } from '../provider.js';
import { WbemError } from '../errors.js';
import type { ComPlatform } from './platform.js';
import type { ComSession } from './session.js';
import { bindAll, iidOf } from './interfaces.js';
import { callMethod, type BoundMethod } from './vtable.js';
import { wbem } from './wbem-constants.js';
import {
  VARIANT_SIZE,
  VARIANT_VALUE_OFFSET,
  VT_ARRAY,
  VT_BOOL,
  VT_BSTR,
  VT_BYREF,
  VT_DISPATCH,
  VT_EMPTY,
  VT_I1,
  VT_I2,
  VT_I4,
  VT_I8,
  VT_INT,
  VT_NULL,
  VT_R4,
  VT_R8,
  VT_UI1,
  VT_UI2,
  VT_UI4,
  VT_UI8,
  VT_UINT,
  VT_UNKNOWN,
  VT_VARIANT,
} from './constants.js';

export type ClassObjectMethods = Record<
  | 'Get'
  | 'Put'
  | 'GetNames'
  | 'BeginEnumeration'
  | 'Next'
  | 'EndEnumeration'
  | 'SpawnInstance'
  | 'GetMethod'
  | 'GetObjectText'
  | 'GetQualifierSet'
  | 'GetPropertyQualifierSet'
  | 'BeginMethodEnumeration'
  | 'NextMethod'
  | 'EndMethodEnumeration'
  | 'GetMethodQualifierSet',
  BoundMethod
>;

export type QualifierSetMethods = Record<'Get' | 'GetNames' | 'BeginEnumeration' | 'Next' | 'EndEnumeration', BoundMethod>;

let classObjectMethods: ClassObjectMethods | undefined;
export function classObject(): ClassObjectMethods {
  classObjectMethods ??= bindAll('IWbemClassObject', [
    'Get',
    'Put',
    'GetNames',
    'BeginEnumeration',
    'Next',
    'EndEnumeration',
    'SpawnInstance',
    'GetMethod',
    'GetObjectText',
    'GetQualifierSet',
    'GetPropertyQualifierSet',
    'BeginMethodEnumeration',
    'NextMethod',
    'EndMethodEnumeration',
    'GetMethodQualifierSet',
  ]);
  return classObjectMethods;
}

let qualifierSetMethods: QualifierSetMethods | undefined;
export function qualifierSet(): QualifierSetMethods {
  qualifierSetMethods ??= bindAll('IWbemQualifierSet', ['Get', 'GetNames', 'BeginEnumeration', 'Next', 'EndEnumeration']);
  return qualifierSetMethods;
}

/** A property as Next/Get report it. */
export interface RawProperty {
  readonly name: string;
  readonly cimType: number;
  readonly flavor: number;
  readonly value: WireValue;
}

/** Creates an instance of an embedded object's class, for writing `WireObject` values. */
export type InstanceSpawner = (className: string) => bigint;

/**
 * Wine 8 writes the UTC offset of some timestamps with two digits (`…249000+00`, 24
 * characters; its format string is `%+03d`). DMTF and Windows use three (`+000`): pad it,
 * so the value parses as the 25-character datetime every other source sends.
 */
export function normalizeDateTime(text: string): string {
  const m = /^(\d{14}\.\d{6})([+-])(\d{1,2})$/.exec(text);
  return m ? `${m[1]}${m[2]}${m[3]!.padStart(3, '0')}` : text;
}

function numbers(data: bigint, type: string, count: number): number[] {
  return Array.from(koffi.decode(data, type, count) as ArrayLike<number>);
}

const wideCache = new Map<string, Buffer>();
/**
 * A NUL-terminated UTF-16 copy of `text`, for LPCWSTR parameters (property, method and
 * qualifier names); names repeat, so they are cached.
 */
export function wide(text: string): Buffer {
  let b = wideCache.get(text);
  if (!b) {
    b = Buffer.from(`${text}\0`, 'utf16le');
    if (wideCache.size < 4096) wideCache.set(text, b);
  }
  return b;
}

/** What `getValue` answers for a property the object does not have. */
const MISSING: unique symbol = Symbol('missing property');

const WIDE_CLASS = Buffer.from('__CLASS\0', 'utf16le');
const WIDE_PATH = Buffer.from('__PATH\0', 'utf16le');
const WIDE_PROPERTY_COUNT = Buffer.from('__PROPERTY_COUNT\0', 'utf16le');

/** A class's property names as read by enumeration, with their UTF-16 copies for Get. */
interface Shape {
  readonly names: readonly string[];
  readonly wideNames: readonly Buffer[];
}

interface Scratch {
  readonly all: Buffer;
  readonly name: Buffer;
  readonly variant: Buffer;
  readonly type: Buffer;
  readonly flavor: Buffer;
}

export class Marshaller {
  readonly platform: ComPlatform;
  readonly session: ComSession;
  private readonly m: ClassObjectMethods;
  private readonly c: ReturnType<typeof wbem>;
  private readonly iidClassObject: Buffer;
  private readonly bstrCache = new Map<string, bigint>();
  private readonly bstrPins = new Map<bigint, number>();
  private readonly evictedPinned = new Set<bigint>();
  private readonly scratch: Scratch[] = [];
  private scratchDepth = 0;

  constructor(session: ComSession) {
    this.session = session;
    this.platform = session.platform;
    this.m = classObject();
    this.c = wbem();
    this.iidClassObject = iidOf('IWbemClassObject');
  }

  // ---------------------------------------------------------------- BSTR

  /** Allocates a BSTR (caller frees with freeBstr). */
  allocBstr(text: string): bigint {
    const b = this.platform.SysAllocStringLen(text, text.length);
    if (b === null || b === 0n) throw WbemError.fromHResult(0x8007000e | 0, 'SysAllocStringLen', 'out of memory');
    return b;
  }

  freeBstr(b: bigint | null): void {
    if (b !== null && b !== 0n) this.platform.SysFreeString(b);
  }

  /** Reads a BSTR's text, cut at the first NUL. */
  readBstr(b: bigint): string {
    if (b === 0n) return '';
    const len = this.platform.SysStringLen(b);
    if (len === 0) return '';
    const s = koffi.decode.string16(b, len);
    const nul = s.indexOf('\0');
    return nul < 0 ? s : s.slice(0, nul);
  }

  /**
   * A BSTR kept for texts that repeat (query language, queries and paths in loops): at
   * most 64, the oldest freed first, all freed by `freeCachedBstrs()`.
   */
  cachedBstr(text: string): bigint {
    let b = this.bstrCache.get(text);
    if (b !== undefined) {
      // most recently used last
      this.bstrCache.delete(text);
      this.bstrCache.set(text, b);
      return b;
    }
    b = this.allocBstr(text);
    this.bstrCache.set(text, b);
    if (this.bstrCache.size > 64) {
      const [oldest, ptr] = this.bstrCache.entries().next().value as [string, bigint];
      this.bstrCache.delete(oldest);
      // A BSTR still read by a call on a COM thread is freed when that call returns.
      if (this.bstrPins.has(ptr)) this.evictedPinned.add(ptr);
      else this.platform.SysFreeString(ptr);
    }
    return b;
  }

  /** A cached BSTR that stays allocated until `unpin` (for calls running on COM threads). */
  pinnedBstr(text: string): bigint {
    const b = this.cachedBstr(text);
    this.bstrPins.set(b, (this.bstrPins.get(b) ?? 0) + 1);
    return b;
  }

  unpin(b: bigint): void {
    const n = (this.bstrPins.get(b) ?? 1) - 1;
    if (n > 0) {
      this.bstrPins.set(b, n);
      return;
    }
    this.bstrPins.delete(b);
    if (this.evictedPinned.delete(b)) this.platform.SysFreeString(b);
  }

  freeCachedBstrs(): void {
    for (const b of this.bstrCache.values()) this.platform.SysFreeString(b);
    for (const b of this.evictedPinned) this.platform.SysFreeString(b);
    this.bstrCache.clear();
    this.evictedPinned.clear();
    this.bstrPins.clear();
  }

  /** Runs `fn` with a temporary BSTR for `text`, freed afterwards. */
  withBstr<T>(text: string | null, fn: (b: bigint | null) => T): T {
    if (text === null) return fn(null);
    const b = this.allocBstr(text);
    try {
      return fn(b);
    } finally {
      this.platform.SysFreeString(b);
    }
  }

  // ---------------------------------------------------------------- VARIANT → wire

  /**
   * Reads the VARIANT in `v` (at `offset`) as a wire value, given the CIMTYPE WMI reported
   * with it. Does not clear the VARIANT.
   */
  readVariant(v: Buffer, cimType: number, offset = 0): WireValue {
    const vt = v.readUInt16LE(offset);
    const at = offset + VARIANT_VALUE_OFFSET;
    const base = cimType & ~this.c.CIM_FLAG_ARRAY;
    if (vt & VT_ARRAY) {
      if (vt & VT_BYREF) throw WbemError.fromHResult(this.c.WBEM_E_TYPE_MISMATCH, 'read VARIANT', `unsupported VARIANT type 0x${vt.toString(16)}`);
      return this.readSafeArray(v.readBigUInt64LE(at), vt & ~VT_ARRAY, base);
    }
    switch (vt) {
      case VT_EMPTY:
      case VT_NULL:
        return null;
      case VT_I1:
        return v.readInt8(at);
      case VT_UI1:
        return v.readUInt8(at);
      case VT_I2:
        return base === this.c.CIM_UINT16 ? v.readUInt16LE(at) : v.readInt16LE(at);
      case VT_UI2:
        return v.readUInt16LE(at);
      case VT_I4:
      case VT_INT:
        return base === this.c.CIM_UINT32 ? v.readUInt32LE(at) : v.readInt32LE(at);
      case VT_UI4:
      case VT_UINT:
        return v.readUInt32LE(at);
      case VT_I8:
        return v.readBigInt64LE(at).toString();
      case VT_UI8:
        return v.readBigUInt64LE(at).toString();
      case VT_R4:
        return v.readFloatLE(at);
      case VT_R8:
        return v.readDoubleLE(at);
      case VT_BOOL:
        return v.readInt16LE(at) !== 0;
      case VT_BSTR: {
        const text = this.readBstr(v.readBigUInt64LE(at));
        return base === this.c.CIM_DATETIME ? normalizeDateTime(text) : text;
      }
      case VT_UNKNOWN:
      case VT_DISPATCH: {
        const unk = v.readBigUInt64LE(at);
        return unk === 0n ? null : this.readEmbedded(unk);
      }
      default:
        throw WbemError.fromHResult(this.c.WBEM_E_TYPE_MISMATCH, 'read VARIANT', `unsupported VARIANT type 0x${vt.toString(16)}`);
    }
  }

  private readEmbedded(unknown: bigint): WireObject {
    const out = Buffer.alloc(8);
    const hr = callMethod(unknown, this.session.queryInterface, this.iidClassObject, out);
    if (hr < 0) throw WbemError.fromHResult(hr, 'QueryInterface(IWbemClassObject)', 'embedded object');
    const obj = out.readBigUInt64LE(0);
    try {
      return this.readObject(obj);
    } finally {
      this.session.releaseRaw(obj);
    }
  }

  private readSafeArray(psa: bigint, vt: number, base: number): WireValue[] {
    if (psa === 0n) return [];
    const p = this.platform;
    const bound = Buffer.alloc(4);
    let hr = p.SafeArrayGetLBound(psa, 1, bound);
    if (hr < 0) throw WbemError.fromHResult(hr, 'SafeArrayGetLBound');
    const lower = bound.readInt32LE(0);
    hr = p.SafeArrayGetUBound(psa, 1, bound);
    if (hr < 0) throw WbemError.fromHResult(hr, 'SafeArrayGetUBound');
    const count = bound.readInt32LE(0) - lower + 1;
    if (count <= 0) return [];
    const dataOut = Buffer.alloc(8);
    hr = p.SafeArrayAccessData(psa, dataOut);
    if (hr < 0) throw WbemError.fromHResult(hr, 'SafeArrayAccessData');
    const data = dataOut.readBigUInt64LE(0);
    try {
      switch (vt) {
        case VT_I1:
          return numbers(data, 'int8_t', count);
        case VT_UI1:
          return numbers(data, 'uint8_t', count);
        case VT_I2:
          return numbers(data, base === this.c.CIM_UINT16 ? 'uint16_t' : 'int16_t', count);
        case VT_UI2:
          return numbers(data, 'uint16_t', count);
        case VT_I4:
        case VT_INT:
          return numbers(data, base === this.c.CIM_UINT32 ? 'uint32_t' : 'int32_t', count);
        case VT_UI4:
        case VT_UINT:
          return numbers(data, 'uint32_t', count);
        case VT_I8:
          return Array.from(koffi.decode(data, 'int64_t', count) as ArrayLike<number | bigint>, (x) => BigInt(x).toString());
        case VT_UI8:
          return Array.from(koffi.decode(data, 'uint64_t', count) as ArrayLike<number | bigint>, (x) => BigInt(x).toString());
        case VT_R4:
          return numbers(data, 'float', count);
        case VT_R8:
          return numbers(data, 'double', count);
        case VT_BOOL:
          return numbers(data, 'int16_t', count).map((x) => x !== 0);
        case VT_BSTR:
          return Array.from(koffi.decode(data, 'void *', count) as ArrayLike<bigint | null>, (b) => (b ? this.readBstr(b) : ''));
        case VT_UNKNOWN:
        case VT_DISPATCH:
          return Array.from(koffi.decode(data, 'void *', count) as ArrayLike<bigint | null>, (u) => (u ? this.readEmbedded(u) : null));
        case VT_VARIANT: {
          const bytes = Buffer.from(koffi.view(data, count * VARIANT_SIZE));
          const out: WireValue[] = [];
          for (let i = 0; i < count; i++) out.push(this.readVariant(bytes, base, i * VARIANT_SIZE));
          return out;
        }
        default:
          throw WbemError.fromHResult(this.c.WBEM_E_TYPE_MISMATCH, 'read SAFEARRAY', `unsupported element type 0x${vt.toString(16)}`);
      }
    } finally {
      p.SafeArrayUnaccessData(psa);
    }
  }

  // ---------------------------------------------------------------- wire → VARIANT

  /** The VARIANT type WMI expects for a (scalar) CIM type. */
  variantTypeOf(cimType: number): number {
    const c = this.c;
    switch (cimType & ~c.CIM_FLAG_ARRAY) {
      case c.CIM_SINT8:
      case c.CIM_SINT16:
      case c.CIM_CHAR16:
        return VT_I2;
      case c.CIM_UINT8:
        return VT_UI1;
      case c.CIM_UINT16:
      case c.CIM_SINT32:
      case c.CIM_UINT32:
        return VT_I4;
      case c.CIM_REAL32:
        return VT_R4;
      case c.CIM_REAL64:
        return VT_R8;
      case c.CIM_BOOLEAN:
        return VT_BOOL;
      case c.CIM_OBJECT:
        return VT_UNKNOWN;
      default:
        return VT_BSTR;
    }
  }

  /**
   * Fills `v` (a zeroed 24-byte VARIANT) with `value` as WMI expects it for `cimType`.
   * The VARIANT then owns what was allocated: VariantClear frees it.
   */
  writeVariant(v: Buffer, value: WireValue, cimType: number, spawn: InstanceSpawner | null, what: string): void {
    if (value === null || value === undefined) {
      v.writeUInt16LE(VT_NULL, 0);
      return;
    }
    const isArray = (cimType & this.c.CIM_FLAG_ARRAY) !== 0;
    const vt = this.variantTypeOf(cimType);
    if (isArray) {
      if (!Array.isArray(value)) throw this.mismatch(what, 'an array', value);
      const psa = this.writeSafeArray(value, vt, cimType, spawn, what);
      v.writeUInt16LE(VT_ARRAY | vt, 0);
      v.writeBigUInt64LE(psa, VARIANT_VALUE_OFFSET);
      return;
    }
    if (Array.isArray(value)) throw this.mismatch(what, 'a single value', value);
    const at = VARIANT_VALUE_OFFSET;
    switch (vt) {
      case VT_I2:
        v.writeInt16LE(this.integer(value, what, cimType) << 16 >> 16, at);
        break;
      case VT_UI1:
        v.writeUInt8(this.integer(value, what, cimType) & 0xff, at);
        break;
      case VT_I4:
        v.writeInt32LE(this.integer(value, what, cimType) | 0, at);
        break;
      case VT_R4:
        v.writeFloatLE(this.real(value, what), at);
        break;
      case VT_R8:
        v.writeDoubleLE(this.real(value, what), at);
        break;
      case VT_BOOL:
        if (typeof value !== 'boolean') throw this.mismatch(what, 'a boolean', value);
        v.writeInt16LE(value ? -1 : 0, at);
        break;
      case VT_UNKNOWN:
        v.writeBigUInt64LE(this.objectPointer(value, spawn, what), at);
        break;
      default:
        v.writeBigUInt64LE(this.allocBstr(this.text(value, what, cimType)), at);
    }
    v.writeUInt16LE(vt, 0);
  }

  private writeSafeArray(values: readonly WireValue[], vt: number, cimType: number, spawn: InstanceSpawner | null, what: string): bigint {
    const p = this.platform;
    const psa = p.SafeArrayCreateVector(vt, 0, values.length);
    if (!psa) throw WbemError.fromHResult(0x8007000e | 0, 'SafeArrayCreateVector', what);
    try {
      const dataOut = Buffer.alloc(8);
      const hr = p.SafeArrayAccessData(psa, dataOut);
      if (hr < 0) throw WbemError.fromHResult(hr, 'SafeArrayAccessData', what);
      const data = dataOut.readBigUInt64LE(0);
      try {
        const n = values.length;
        if (n === 0) return psa;
        const item = (i: number) => {
          const x = values[i];
          if (x === null || Array.isArray(x)) throw this.mismatch(`${what}[${i}]`, 'a non-null single value', x);
          return x;
        };
        switch (vt) {
          case VT_I2:
            koffi.encode(data, 'int16_t', values.map((_, i) => this.integer(item(i), `${what}[${i}]`, cimType) << 16 >> 16), n);
            break;
          case VT_UI1:
            koffi.encode(data, 'uint8_t', values.map((_, i) => this.integer(item(i), `${what}[${i}]`, cimType) & 0xff), n);
            break;
          case VT_I4:
            koffi.encode(data, 'int32_t', values.map((_, i) => this.integer(item(i), `${what}[${i}]`, cimType) | 0), n);
            break;
          case VT_R4:
            koffi.encode(data, 'float', values.map((_, i) => this.real(item(i), what)), n);
            break;
          case VT_R8:
            koffi.encode(data, 'double', values.map((_, i) => this.real(item(i), what)), n);
            break;
          case VT_BOOL:
            koffi.encode(
              data,
              'int16_t',
              values.map((_, i) => {
                const b = item(i);
                if (typeof b !== 'boolean') throw this.mismatch(`${what}[${i}]`, 'a boolean', b);
                return b ? -1 : 0;
              }),
              n,
            );
            break;
          case VT_UNKNOWN:
            // Written one by one so that each element is owned by the array as soon as
            // it exists (SafeArrayDestroy releases what was written if a later one fails).
            for (let i = 0; i < n; i++) koffi.encode(data, i * 8, 'void *', this.objectPointer(item(i), spawn, `${what}[${i}]`));
            break;
          default:
            for (let i = 0; i < n; i++) koffi.encode(data, i * 8, 'void *', this.allocBstr(this.text(item(i), `${what}[${i}]`, cimType)));
        }
      } finally {
        p.SafeArrayUnaccessData(psa);
      }
      return psa;
    } catch (err) {
      p.SafeArrayDestroy(psa);
      throw err;
    }
  }

  private objectPointer(value: WireValue, spawn: InstanceSpawner | null, what: string): bigint {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw this.mismatch(what, 'an embedded object', value);
    if (!spawn) throw WbemError.fromHResult(this.c.WBEM_E_NOT_SUPPORTED, 'write VARIANT', `${what}: embedded objects need a connection`);
    const obj = value as WireObject;
    const inst = spawn(obj.className);
    try {
      this.writeProperties(inst, obj.properties, spawn, `${what}.`);
    } catch (err) {
      this.session.releaseRaw(inst);
      throw err;
    }
    return inst;
  }

  /**
   * The accepted range and name of an integer CIM type (sint8..uint32, char16). Signed and
   * unsigned types of one width share their VARIANT type and accept either's range:
   * providers disagree with the schema on signedness (Wine declares StdRegProv's hDefKey
   * sint32, where 0x80000002 is the usual value).
   */
  private integerRange(cimType: number): [number, number, string] {
    const c = this.c;
    switch (cimType & ~c.CIM_FLAG_ARRAY) {
      case c.CIM_SINT8:
        return [-128, 255, 'sint8'];
      case c.CIM_UINT8:
        return [-128, 255, 'uint8'];
      case c.CIM_SINT16:
        return [-32768, 65535, 'sint16'];
      case c.CIM_UINT16:
        return [-32768, 65535, 'uint16'];
      case c.CIM_CHAR16:
        return [0, 65535, 'char16'];
      case c.CIM_SINT32:
        return [-2147483648, 4294967295, 'sint32'];
      default:
        return [-2147483648, 4294967295, 'uint32'];
    }
  }

  private integer(value: WireValue, what: string, cimType: number): number {
    const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : typeof value === 'bigint' ? Number(value) : value;
    const [min, max, name] = this.integerRange(cimType);
    if (typeof n !== 'number' || !Number.isInteger(n) || n < min || n > max) throw this.mismatch(what, `a ${name} (an integer from ${min} to ${max})`, value);
    return n;
  }

  private real(value: WireValue, what: string): number {
    if (typeof value !== 'number') throw this.mismatch(what, 'a number', value);
    return value;
  }

  /** A BSTR value: strings for string, datetime and reference; integers also for 64-bit types. */
  private text(value: WireValue, what: string, cimType: number): string {
    const c = this.c;
    const base = cimType & ~c.CIM_FLAG_ARRAY;
    if (base === c.CIM_SINT64 || base === c.CIM_UINT64) {
      const unsigned = base === c.CIM_UINT64;
      let n: bigint | null = null;
      if (typeof value === 'bigint') n = value;
      else if (typeof value === 'number' && Number.isSafeInteger(value)) n = BigInt(value);
      else if (typeof value === 'string' && /^-?\d+$/.test(value)) n = BigInt(value);
      const [min, max] = unsigned ? [0n, 2n ** 64n - 1n] : [-(2n ** 63n), 2n ** 63n - 1n];
      if (n === null || n < min || n > max) throw this.mismatch(what, `a ${unsigned ? 'uint64' : 'sint64'} (an integer from ${min} to ${max})`, value);
      return String(n);
    }
    if (typeof value === 'string') return value;
    const name = base === c.CIM_DATETIME ? 'a datetime string' : base === c.CIM_REFERENCE ? 'an object path (a string)' : 'a string';
    throw this.mismatch(what, name, value);
  }

  private mismatch(what: string, expected: string, value: unknown): WbemError {
    const shown =
      value === null
        ? 'null'
        : Array.isArray(value)
          ? 'an array'
          : typeof value === 'string'
            ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value)
            : typeof value === 'object'
              ? 'an object'
              : `${String(value)} (${typeof value})`;
    return WbemError.fromHResult(this.c.WBEM_E_TYPE_MISMATCH, 'write property', `${what}: expected ${expected}, got ${shown}`);
  }

  // ---------------------------------------------------------------- objects

  /** Get(name): the value, its CIMTYPE and flavor; null when the property does not exist. */
  getProperty(obj: bigint, name: string): RawProperty | null {
    const s = this.takeScratch();
    try {
      s.all.fill(0);
      const hr = callMethod(obj, this.m.Get, wide(name), 0, s.variant, s.type, s.flavor);
      if (hr === this.c.WBEM_E_NOT_FOUND) return null;
      if (hr < 0) throw WbemError.fromHResult(hr, 'IWbemClassObject::Get', name);
      try {
        const cimType = s.type.readInt32LE(0);
        return { name, cimType, flavor: s.flavor.readInt32LE(0), value: this.readVariant(s.variant, cimType) };
      } finally {
        this.platform.VariantClear(s.variant);
      }
    } finally {
      this.scratchDepth--;
    }
  }

  /**
   * Get(name) → the value only (no RawProperty object): `MISSING` when the object has no
   * such property. For the row reads of `readObject`, where the name's UTF-16 copy is
   * already at hand.
   */
  private getValue(obj: bigint, wideName: Buffer, name: string): WireValue | typeof MISSING {
    const s = this.takeScratch();
    try {
      s.all.fill(0);
      const hr = callMethod(obj, this.m.Get, wideName, 0, s.variant, s.type, null);
      if (hr === this.c.WBEM_E_NOT_FOUND) return MISSING;
      if (hr < 0) throw WbemError.fromHResult(hr, 'IWbemClassObject::Get', name);
      try {
        return this.readVariant(s.variant, s.type.readInt32LE(0));
      } finally {
        this.platform.VariantClear(s.variant);
      }
    } finally {
      this.scratchDepth--;
    }
  }

  /** A system property of a row as a non-empty string, or null (errors read as null). */
  private systemString(obj: bigint, wideName: Buffer, name: string): string | null {
    let v: WireValue | typeof MISSING;
    try {
      v = this.getValue(obj, wideName, name);
    } catch {
      // Wine's method out-parameter objects answer Get("__CLASS") with an error.
      return null;
    }
    return typeof v === 'string' && v !== '' ? v : null;
  }

  /**
   * Out-parameter buffers for Get/Next, one set per nesting level (reading an embedded
   * object re-enters while the outer VARIANT is still in use), allocated once.
   */
  private takeScratch(): Scratch {
    let s = this.scratch[this.scratchDepth];
    if (!s) {
      const all = Buffer.alloc(40);
      s = { all, name: all.subarray(0, 8), variant: all.subarray(8, 32), type: all.subarray(32, 36), flavor: all.subarray(36, 40) };
      this.scratch[this.scratchDepth] = s;
    }
    this.scratchDepth++;
    return s;
  }

  /** A system property read as a string, or null (`__CLASS`, `__PATH`, `__RELPATH`...). */
  getString(obj: bigint, name: string): string | null {
    let p: RawProperty | null;
    try {
      p = this.getProperty(obj, name);
    } catch {
      // Wine's method out-parameter objects answer Get("__CLASS") with an error.
      return null;
    }
    return p && typeof p.value === 'string' && p.value !== '' ? p.value : null;
  }

  /**
   * Every property with its CIMTYPE and flavor, by BeginEnumeration/Next (one call per
   * property instead of GetNames + Get).
   */
  readProperties(obj: bigint, flags: number): RawProperty[] {
    const m = this.m;
    let hr = callMethod(obj, m.BeginEnumeration, flags);
    if (hr < 0) throw WbemError.fromHResult(hr, 'IWbemClassObject::BeginEnumeration');
    const out: RawProperty[] = [];
    // name (8) | VARIANT (24) | CIMTYPE (4) | flavor (4)
    const s = this.takeScratch();
    const buf = s.all;
    const nameOut = s.name;
    const v = s.variant;
    const typeOut = s.type;
    const flavorOut = s.flavor;
    try {
      for (;;) {
        buf.fill(0);
        hr = callMethod(obj, m.Next, 0, nameOut, v, typeOut, flavorOut);
        if (hr === this.c.WBEM_S_NO_MORE_DATA) break;
        if (hr < 0) throw WbemError.fromHResult(hr, 'IWbemClassObject::Next');
        const bname = nameOut.readBigUInt64LE(0);
        try {
          const cimType = typeOut.readInt32LE(0);
          out.push({ name: this.readBstr(bname), cimType, flavor: flavorOut.readInt32LE(0), value: this.readVariant(v, cimType) });
        } finally {
          this.freeBstr(bname);
          this.platform.VariantClear(v);
        }
      }
    } finally {
      this.scratchDepth--;
      callMethod(obj, m.EndEnumeration);
    }
    return out;
  }

  /** Converts an IWbemClassObject (borrowed: not released here) to a WireObject. */
  readObject(obj: bigint): WireObject {
    // Method out-parameters may not answer __CLASS (Wine): they are __PARAMETERS objects.
    const className = this.systemString(obj, WIDE_CLASS, '__CLASS') ?? '__PARAMETERS';
    const path = this.systemString(obj, WIDE_PATH, '__PATH');
    const count = this.propertyCount(obj);
    let properties = count < 0 ? null : this.readKnownShape(obj, className, count);
    if (properties === null) {
      properties = {};
      const names: string[] = [];
      for (const p of this.readProperties(obj, this.c.WBEM_FLAG_NONSYSTEM_ONLY)) {
        properties[p.name] = p.value;
        names.push(p.name);
      }
      if (count === names.length) this.rememberShape(className, names);
    }
    return { className, path, properties };
  }

  /**
   * Property names by class and then property count, learnt from the first object read
   * by enumeration. IWbemClassObject::Next is slow in Wine (it walks every column of the
   * class for each property: ~26 µs for the three properties of a projected
   * Win32_OperatingSystem row, against ~7 µs for three Gets), so later objects of a known
   * shape are read with Get by name.
   */
  private readonly shapes = new Map<string, Map<number, Shape>>();

  /** `__PROPERTY_COUNT` (non-system properties), or -1 when the object does not answer it. */
  private propertyCount(obj: bigint): number {
    let v: WireValue | typeof MISSING;
    try {
      v = this.getValue(obj, WIDE_PROPERTY_COUNT, '__PROPERTY_COUNT');
    } catch {
      return -1;
    }
    return typeof v === 'number' ? v : -1;
  }

  /**
   * The properties by Get when a remembered shape of `className` has `count` names: the
   * object has exactly `count` properties, so finding every one of those (distinct) names
   * proves it has the same set. Null (read by enumeration instead) when one is missing
   * or a Get fails.
   */
  private readKnownShape(obj: bigint, className: string, count: number): Record<string, WireValue> | null {
    const shape = this.shapes.get(className)?.get(count);
    if (shape === undefined) return null;
    const { names, wideNames } = shape;
    const properties: Record<string, WireValue> = {};
    try {
      for (let i = 0; i < names.length; i++) {
        const name = names[i]!;
        const v = this.getValue(obj, wideNames[i]!, name);
        if (v === MISSING) return null;
        properties[name] = v;
      }
    } catch {
      return null;
    }
    return properties;
  }

  private rememberShape(className: string, names: readonly string[]): void {
    let byCount = this.shapes.get(className);
    if (!byCount) {
      byCount = new Map();
      this.shapes.set(className, byCount);
    }
    byCount.set(names.length, { names, wideNames: names.map((n) => Buffer.from(`${n}\0`, 'utf16le')) });
  }

  /** Put(name, value) with the VARIANT type the property's CIMTYPE asks for. */
  putProperty(obj: bigint, name: string, value: WireValue, spawn: InstanceSpawner | null, what = name): void {
    const current = this.getProperty(obj, name);
    if (!current) throw WbemError.fromHResult(this.c.WBEM_E_NOT_FOUND, 'IWbemClassObject::Put', `no property ${what}`);
    const v = Buffer.alloc(VARIANT_SIZE);
    this.writeVariant(v, value, current.cimType, spawn, what);
    try {
      const hr = callMethod(obj, this.m.Put, wide(name), 0, v, 0);
      // Wine refuses VT_NULL (WBEM_E_TYPE_MISMATCH). The objects written here are freshly
      // spawned (in-parameters, instances to put), so a property left alone is null.
      if (hr === this.c.WBEM_E_TYPE_MISMATCH && (value === null || value === undefined)) return;
      if (hr < 0) throw WbemError.fromHResult(hr, 'IWbemClassObject::Put', what);
    } finally {
      this.platform.VariantClear(v);
    }
  }

  writeProperties(obj: bigint, values: Readonly<Record<string, WireValue>>, spawn: InstanceSpawner | null, prefix = ''): void {
    for (const [name, value] of Object.entries(values)) {
      if (value === undefined) continue;
      this.putProperty(obj, name, value, spawn, prefix + name);
    }
  }

  /** GetObjectText (MOF of a class or an instance), cut at the first NUL. */
  objectText(obj: bigint): string {
    const out = Buffer.alloc(8);
    const hr = callMethod(obj, this.m.GetObjectText, 0, out);
    if (hr < 0) throw WbemError.fromHResult(hr, 'IWbemClassObject::GetObjectText');
    const b = out.readBigUInt64LE(0);
    try {
      return this.readBstr(b);
    } finally {
      this.freeBstr(b);
    }
  }
}
