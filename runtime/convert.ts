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

/**
 * Bumped whenever the registry maps a name to another descriptor: conversion plans made
 * under an older generation check their class again before use. Registering the same
 * class again (every `from(cls)` does) changes nothing.
 */
let registryGeneration = 0;

export function registerClasses(...classes: readonly WmiClass<any, any, any>[]): void {
  for (const c of classes) {
    const key = c.descriptor.name.toLowerCase();
    if (registry.get(key) === c.descriptor) continue;
    registry.set(key, c.descriptor);
    registryGeneration++;
  }
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
  /** The registry generation this plan's descriptor was chosen under. */
  generation: number;
  /** Property name → converter (null: the wire value is the typed value). */
  readonly converters: Map<string, Converter>;
  /** Property name as the provider spells it → as the schema does (Wine: ProcessID → ProcessId). */
  readonly spellings: Map<string, string>;
}

/** `__PATH` of typed instances, read through their prototype's getter. */
const instancePaths = new WeakMap<object, string | null>();
/**
 * Plans by fallback (the descriptor object itself, or a class name, or '' for none) and
 * then by the row's class name: a row costs two Map lookups, no key string and no
 * lower-casing (they were ~0.2 µs of the ~0.7 µs a one-property row cost).
 */
const plansByDescriptor = new WeakMap<ClassDescriptor, Map<string, ConversionPlan>>();
const plansByName = new Map<string, Map<string, ConversionPlan>>();

function bigintFromWire(v: WireValue): unknown {
  return typeof v === 'string' || typeof v === 'number' ? BigInt(v) : v;
}

/** One function per property, chosen once from its descriptor (arrays map their elements). */
function converterFor(p: PropertyDescriptor | undefined): Converter {
  if (!p) return null;
  let scalar: (v: WireValue) => unknown;
  switch (p.cimType) {
    case 'uint64':
    case 'sint64':
      scalar = bigintFromWire;
      break;
    case 'datetime':
      scalar = p.isInterval
        ? (v) => (typeof v === 'string' ? CimInterval.parse(v) : v)
        : (v) => (typeof v !== 'string' ? v : isCimIntervalString(v) ? CimInterval.parse(v) : CimDateTime.parse(v));
      break;
    case 'object':
      scalar = (v) => scalarFromWire(p, v);
      break;
    default:
      return null;
  }
  return (v) => (Array.isArray(v) ? v.map((x) => (x === null ? null : scalar(x))) : scalar(v));
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
  let byClass: Map<string, ConversionPlan> | undefined;
  if (typeof fallback === 'object') {
    byClass = plansByDescriptor.get(fallback);
    if (!byClass) plansByDescriptor.set(fallback, (byClass = new Map()));
  } else {
    const name = fallback ?? '';
    byClass = plansByName.get(name);
    if (!byClass) plansByName.set(name, (byClass = new Map()));
  }
  const plan = byClass.get(className);
  if (plan && plan.generation === registryGeneration) return plan;
  const descriptor =
    registry.get(className.toLowerCase()) ??
    (typeof fallback === 'string' ? registry.get(fallback.toLowerCase()) : fallback);
  if (plan && plan.descriptor === descriptor) {
    plan.generation = registryGeneration;
    return plan;
  }
  const proto = Object.create(Object.prototype, {
    __CLASS: { value: className, enumerable: false },
    __PATH: {
      enumerable: false,
      get(this: object) {
        return instancePaths.get(this) ?? null;
      },
    },
  }) as object;
  const fresh: ConversionPlan = { proto, descriptor, generation: registryGeneration, converters: new Map(), spellings: new Map() };
  byClass.set(className, fresh);
  return fresh;
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
  const converters = plan.converters;
  for (const name in props) {
    let convert = converters.get(name);
    if (convert === undefined) {
      const p = plan.descriptor ? findPropertyDescriptor(plan.descriptor, name) : undefined;
      convert = converterFor(p);
      converters.set(name, convert);
      // Rows use the schema's spelling; a property the schema does not know keeps the provider's.
      plan.spellings.set(name, p ? p.name : name);
    }
    const v = props[name]!;
    out[plan.spellings.get(name)!] = convert === null || v === null ? v : convert(v);
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
