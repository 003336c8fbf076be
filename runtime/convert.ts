/**
 * Conversions between WMI's wire form (provider.ts) and the typed values generated
 * interfaces declare, driven by class descriptors:
 *   uint64/sint64  decimal string ↔ bigint
 *   datetime       DMTF string    ↔ CimDateTime, or CimInterval for interval properties
 *                                   (and for values written in interval form)
 *   reference      object path string (ObjectPath<C>) both ways
 *   object         WireObject     ↔ plain object typed by the embedded class's
 *                                   descriptor when that class is registered
 * Everything else passes through. Typed instances also carry non-enumerable `__CLASS`
 * and `__PATH`, read with `pathOf()` / `classOf()`.
 */

import { CimDateTime, CimInterval, isCimIntervalString } from './datetime.js';
import type { ClassDescriptor, PropertyDescriptor, WmiClass } from './descriptor.js';
import type { ObjectPath } from './objectpath.js';
import type { WireObject, WireValue } from './provider.js';

/** Descriptors by lower-cased class name, for embedded objects and polymorphic results. */
const registry = new Map<string, ClassDescriptor>();

export function registerClasses(...classes: readonly WmiClass<any, any, any>[]): void {
  for (const c of classes) registry.set(c.descriptor.name.toLowerCase(), c.descriptor);
}

export function registeredDescriptor(name: string): ClassDescriptor | undefined {
  return registry.get(name.toLowerCase());
}

function scalarFromWire(p: PropertyDescriptor, v: WireValue): unknown {
  if (v === null) return null;
  switch (p.cimType) {
    case 'uint64':
    case 'sint64':
      return typeof v === 'string' || typeof v === 'number' ? BigInt(v) : v;
    case 'datetime':
      if (typeof v !== 'string') return v;
      return p.isInterval || isCimIntervalString(v) ? CimInterval.parse(v) : CimDateTime.parse(v);
    case 'object':
      return typeof v === 'object' && !Array.isArray(v)
        ? fromWireObject(v as WireObject, p.embeddedClass)
        : v;
    default:
      return v;
  }
}

export function valueFromWire(p: PropertyDescriptor, v: WireValue | undefined): unknown {
  if (v === undefined || v === null) return null;
  if (Array.isArray(v)) return v.map((x) => scalarFromWire(p, x));
  return scalarFromWire(p, v);
}

/** A case-insensitive property lookup of a descriptor. */
export function findPropertyDescriptor(
  d: ClassDescriptor,
  name: string,
): PropertyDescriptor | undefined {
  const direct = d.properties[name];
  if (direct) return direct;
  const lower = name.toLowerCase();
  for (const [k, p] of Object.entries(d.properties)) if (k.toLowerCase() === lower) return p;
  return undefined;
}

type Converter = ((v: WireValue) => unknown) | null;

interface ConversionPlan {
  readonly proto: object;
  readonly descriptor: ClassDescriptor | undefined;
  /** Property name → converter (null: the wire value is the typed value). */
  readonly converters: Map<string, Converter>;
}

/** `__PATH` of typed instances, read through their prototype's getter. */
const instancePaths = new WeakMap<object, string | null>();
const plans = new Map<string, ConversionPlan>();

function converterFor(p: PropertyDescriptor | undefined): Converter {
  if (!p) return null;
  switch (p.cimType) {
    case 'uint64':
    case 'sint64':
    case 'datetime':
    case 'object':
      return (v) => valueFromWire(p, v);
    default:
      return null;
  }
}

/**
 * Per class (and fallback descriptor): the prototype carrying non-enumerable `__CLASS`
 * and `__PATH`, and one converter per property, so a row costs one object and the
 * conversions its values need.
 */
function planFor(
  className: string,
  fallback: ClassDescriptor | string | undefined,
): ConversionPlan {
  const fallbackName = typeof fallback === 'string' ? fallback : (fallback?.name ?? '');
  const key = `${className}\u0000${fallbackName}`;
  let plan = plans.get(key);
  if (plan && plan.descriptor === (registry.get(className.toLowerCase()) ?? plan.descriptor))
    return plan;
  const descriptor =
    registry.get(className.toLowerCase()) ??
    (typeof fallback === 'string' ? registry.get(fallback.toLowerCase()) : fallback);
  const proto = Object.create(Object.prototype, {
    __CLASS: { value: className, enumerable: false },
    __PATH: {
      enumerable: false,
      get(this: object) {
        return instancePaths.get(this) ?? null;
      },
    },
  }) as object;
  plan = { proto, descriptor, converters: new Map() };
  plans.set(key, plan);
  return plan;
}

/**
 * A typed object from a wire object. The object's own class decides when it is
 * registered (a query of CIM_Service returning Win32_Service instances converts their
 * extra properties too); else `fallback`'s descriptor, else values pass unchanged.
 */
export function fromWireObject(
  obj: WireObject,
  fallback?: ClassDescriptor | string,
): Record<string, unknown> {
  const plan = planFor(obj.className, fallback);
  const out = Object.create(plan.proto) as Record<string, unknown>;
  const props = obj.properties;
  for (const name in props) {
    let convert = plan.converters.get(name);
    if (convert === undefined) {
      convert = plan.descriptor
        ? converterFor(findPropertyDescriptor(plan.descriptor, name))
        : null;
      plan.converters.set(name, convert);
    }
    const v = props[name];
    out[name] = convert === null || v === null ? v : convert(v);
  }
  if (obj.path !== null) instancePaths.set(out, obj.path);
  return out;
}

/** `__PATH` of a typed instance (null for embedded objects and partial selections without keys). */
export function pathOf<C extends string = string>(instance: object): ObjectPath<C> | null {
  return ((instance as { __PATH?: string | null }).__PATH ?? null) as ObjectPath<C> | null;
}

export function classOf(instance: object): string | undefined {
  return (instance as { __CLASS?: string }).__CLASS;
}

function dmtfOfDate(d: Date): string {
  return CimDateTime.fromDate(d).toString();
}

function scalarToWire(p: PropertyDescriptor, v: unknown): WireValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'bigint') return v.toString();
  if (v instanceof CimDateTime || v instanceof CimInterval) return v.toString();
  if (v instanceof Date) return dmtfOfDate(v);
  if (p.cimType === 'object' && typeof v === 'object')
    return toWireObject(v as Record<string, unknown>, p.embeddedClass);
  if ((p.cimType === 'uint64' || p.cimType === 'sint64') && typeof v === 'number') return String(v);
  return v as WireValue;
}

export function valueToWire(p: PropertyDescriptor, v: unknown): WireValue {
  if (v === null || v === undefined) return null;
  if (Array.isArray(v)) return v.map((x) => scalarToWire(p, x));
  return scalarToWire(p, v);
}

/** A wire object from a typed object; unknown property names are a TypeError (names are checked). */
export function toWireObject(
  values: Readonly<Record<string, unknown>>,
  className?: string,
  descriptor?: ClassDescriptor,
): WireObject {
  const cls = className ?? classOf(values) ?? descriptor?.name;
  if (!cls) throw new TypeError('an embedded object needs its class (className)');
  const d = descriptor ?? registry.get(cls.toLowerCase());
  const props: Record<string, WireValue> = {};
  for (const [name, v] of Object.entries(values)) {
    if (v === undefined) continue;
    const p = d ? findPropertyDescriptor(d, name) : undefined;
    if (d && !p) throw new TypeError(`${d.name} has no property ${name}`);
    props[p?.name ?? name] = p ? valueToWire(p, v) : (v as WireValue);
  }
  return { className: cls, path: pathOf(values), properties: props };
}
