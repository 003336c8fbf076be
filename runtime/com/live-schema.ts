/**
 * The live schema source of `wmigen --live`: class definitions read from a running WMI
 * straight into the model's plain data (`CimSchema`, model/cim/types.ts) — no MOF text
 * and no MOF front-end in between.
 *
 * 1. Where the provider can list classes, CreateClassEnum (deep) hands out the class
 *    objects; the requested classes and their ancestors are read, ancestors first:
 *    properties with their CIMTYPE and flavor (WBEM_FLAVOR_ORIGIN_PROPAGATED: inherited),
 *    property, method and class qualifier sets (key, CIMTYPE ref:/object:, static,
 *    association, indication, abstract, ID for parameter order), methods from
 *    BeginMethodEnumeration/NextMethod and their in/out signature objects.
 * 2. Where it cannot (Wine: CreateClassEnum fails with WBEM_E_FAILED and GetObject of a
 *    class name hands back an instance), each class named in `classes` is read the same
 *    way from that object. Wine's qualifier sets are empty: keys come from the object's
 *    `__RELPATH`, and a method's Static qualifier is unknown (isStatic false;
 *    `callStatic` takes such methods anyway). Such classes are flattened (inherited
 *    members included, superclass null) because the provider does not describe ancestors.
 */

import type { CimClass, CimFlavor, CimMethod, CimParameter, CimProperty, CimQualifier, CimSchema, CimType, CimValue } from '../../model/cim/types.js';
import { WbemError } from '../errors.js';
import type { ConnectOptions } from '../provider.js';
import { classObject, qualifierSet, wide, type Marshaller, type RawProperty } from './marshal.js';
import { ComProvider, type ComProviderOptions } from './provider.js';
import { callMethod } from './vtable.js';
import { wbem } from './wbem-constants.js';

export interface LiveSchemaOptions extends Partial<ComProviderOptions> {
  readonly namespace: string;
  /** Classes to read; required where the provider cannot enumerate classes. */
  readonly classes?: readonly string[];
  /** Use this connected provider instead of connecting (it stays open). */
  readonly connection?: ComProvider;
  /** Where each class came from: a class object (`class`) or an instance (`introspection`). */
  readonly report?: (className: string, source: 'class' | 'introspection') => void;
}

/** Reads class definitions from live WMI into a `CimSchema`. */
export async function readLiveSchema(options: LiveSchemaOptions): Promise<CimSchema> {
  const provider = options.connection ?? (await ComProvider.connect(options as ConnectOptions & Partial<ComProviderOptions>));
  try {
    const classes = await liveClasses(provider, options);
    const sorted = [...classes].sort((a, b) => {
      const x = a.name.toLowerCase();
      const y = b.name.toLowerCase();
      return x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    return { namespaces: [{ name: options.namespace.replace(/\//g, '\\'), qualifierTypes: [], classes: sorted, instances: [] }] };
  } finally {
    if (!options.connection) provider.close();
  }
}

async function liveClasses(provider: ComProvider, options: LiveSchemaOptions): Promise<CimClass[]> {
  const wanted = options.classes?.map((c) => c.trim()).filter((c) => c !== '');
  const enumerated = await classesByEnumeration(provider, options.namespace, wanted);
  if (enumerated) {
    for (const c of enumerated) options.report?.(c.name, 'class');
    return enumerated;
  }
  if (!wanted || wanted.length === 0) {
    throw WbemError.fromHResult(
      wbem().WBEM_E_NOT_SUPPORTED,
      'readLiveSchema',
      `the provider of ${options.namespace} cannot enumerate classes: name them with --classes`,
    );
  }
  const out: CimClass[] = [];
  for (const name of wanted) {
    out.push(await introspectClass(provider, options.namespace, name));
    options.report?.(name, 'introspection');
  }
  return out;
}

/**
 * CreateClassEnum (deep): the wanted classes (all when none is named) and their
 * ancestors, read ancestors first; null when the provider cannot enumerate or hands out
 * something other than class definitions.
 */
async function classesByEnumeration(provider: ComProvider, namespace: string, wanted: readonly string[] | undefined): Promise<CimClass[] | null> {
  const m = provider.marshal;
  const c = wbem();
  const all = new Map<string, { name: string; superclass: string | null; ptr: bigint }>();
  try {
    try {
      for await (const ptr of provider.enumerateClasses(null)) {
        const genus = m.getProperty(ptr, '__GENUS');
        const name = m.getString(ptr, '__CLASS');
        if ((genus && genus.value !== c.WBEM_GENUS_CLASS) || !name) {
          provider.session.releaseRaw(ptr);
          if (genus && genus.value !== c.WBEM_GENUS_CLASS) return null;
          continue;
        }
        if (name.startsWith('__')) {
          provider.session.releaseRaw(ptr);
          continue;
        }
        all.set(name.toLowerCase(), { name, superclass: m.getString(ptr, '__SUPERCLASS'), ptr });
      }
    } catch (err) {
      if (err instanceof WbemError) return null;
      throw err;
    }
    if (all.size === 0) return null;
    const done = new Map<string, CimClass>();
    const order: CimClass[] = [];
    const visit = (key: string): CimClass | null => {
      const known = done.get(key);
      if (known) return known;
      const entry = all.get(key);
      if (!entry) return null;
      const parent = entry.superclass && !entry.superclass.startsWith('__') ? visit(entry.superclass.toLowerCase()) : null;
      const cls = readClass(m, entry.ptr, namespace, entry.name, parent, null);
      done.set(key, cls);
      order.push(cls);
      return cls;
    };
    const roots = wanted && wanted.length > 0 ? wanted.map((w) => w.toLowerCase()) : [...all.keys()].sort();
    for (const key of roots) {
      if (!all.has(key)) throw WbemError.fromHResult(wbem().WBEM_E_INVALID_CLASS, 'readLiveSchema', `no class ${key} in the namespace`);
      visit(key);
    }
    return order;
  } finally {
    for (const e of all.values()) provider.session.releaseRaw(e.ptr);
  }
}

const CIM_NAMES: Array<[keyof ReturnType<typeof wbem>, CimType]> = [
  ['CIM_SINT8', 'sint8'],
  ['CIM_UINT8', 'uint8'],
  ['CIM_SINT16', 'sint16'],
  ['CIM_UINT16', 'uint16'],
  ['CIM_SINT32', 'sint32'],
  ['CIM_UINT32', 'uint32'],
  ['CIM_SINT64', 'sint64'],
  ['CIM_UINT64', 'uint64'],
  ['CIM_REAL32', 'real32'],
  ['CIM_REAL64', 'real64'],
  ['CIM_BOOLEAN', 'boolean'],
  ['CIM_STRING', 'string'],
  ['CIM_DATETIME', 'datetime'],
  ['CIM_REFERENCE', 'reference'],
  ['CIM_CHAR16', 'char16'],
  ['CIM_OBJECT', 'object'],
];

function cimTypeName(cimType: number): CimType {
  const c = wbem();
  const base = cimType & ~c.CIM_FLAG_ARRAY;
  for (const [k, name] of CIM_NAMES) if (c[k] === base) return name;
  return 'string';
}

interface RawQualifier {
  readonly name: string;
  readonly value: unknown;
  readonly flavor: number;
}

/** Qualifiers of a qualifier set (released here), by lower-case name; empty when there is none. */
function readQualifiers(m: Marshaller, qset: bigint): Map<string, RawQualifier> {
  const out = new Map<string, RawQualifier>();
  if (qset === 0n) return out;
  const q = qualifierSet();
  try {
    if (callMethod(qset, q.BeginEnumeration, 0) < 0) return out;
    const buf = Buffer.alloc(40);
    const nameOut = buf.subarray(0, 8);
    const v = buf.subarray(8, 32);
    const flavorOut = buf.subarray(32, 36);
    for (let i = 0; i < 1000; i++) {
      buf.fill(0);
      const hr = callMethod(qset, q.Next, 0, nameOut, v, flavorOut);
      if (hr !== 0) break;
      const b = nameOut.readBigUInt64LE(0);
      try {
        const name = m.readBstr(b);
        out.set(name.toLowerCase(), { name, value: m.readVariant(v, 0), flavor: flavorOut.readInt32LE(0) });
      } catch {
        // a qualifier value we cannot read is left out
      } finally {
        m.freeBstr(b);
        m.platform.VariantClear(v);
      }
    }
    callMethod(qset, q.EndEnumeration);
  } finally {
    m.session.releaseRaw(qset);
  }
  return out;
}

function propertyQualifiers(m: Marshaller, obj: bigint, name: string): Map<string, RawQualifier> {
  const out = Buffer.alloc(8);
  const hr = callMethod(obj, classObject().GetPropertyQualifierSet, wide(name), out);
  return hr < 0 ? new Map() : readQualifiers(m, out.readBigUInt64LE(0));
}

function methodQualifiers(m: Marshaller, obj: bigint, name: string): Map<string, RawQualifier> {
  const out = Buffer.alloc(8);
  const hr = callMethod(obj, classObject().GetMethodQualifierSet, wide(name), out);
  return hr < 0 ? new Map() : readQualifiers(m, out.readBigUInt64LE(0));
}

/** Keys from `Class.A="x",B=1` when qualifier sets are empty (Wine). */
function keysFromRelPath(relPath: string | null): Set<string> {
  const keys = new Set<string>();
  if (!relPath) return keys;
  const dot = relPath.indexOf('.');
  if (dot < 0) return keys;
  for (const m of relPath.slice(dot + 1).matchAll(/(?:^|,)\s*([A-Za-z_]\w*)\s*=/g)) keys.add(m[1]!.toLowerCase());
  return keys;
}

const FLAVOR_TO_INSTANCE = 0x1;
const FLAVOR_TO_DERIVED = 0x2;
const FLAVOR_NOT_OVERRIDABLE = 0x10;
const FLAVOR_ORIGIN_PROPAGATED = 0x20;
const FLAVOR_AMENDED = 0x80;

function flavorOf(flavor: number): CimFlavor {
  return {
    toSubclass: (flavor & FLAVOR_TO_DERIVED) !== 0,
    overridable: (flavor & FLAVOR_NOT_OVERRIDABLE) === 0,
    translatable: false,
    amended: (flavor & FLAVOR_AMENDED) !== 0,
    toInstance: (flavor & FLAVOR_TO_INSTANCE) !== 0,
  };
}

/** A qualifier value in the model's JSON-safe form. */
function cimValue(v: unknown): CimValue {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean' || typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : { kind: 'bigint', value: String(v) };
  if (Array.isArray(v)) return v.map(cimValue) as CimValue;
  return String(v);
}

function qualifierList(qs: Map<string, RawQualifier>): CimQualifier[] {
  return [...qs.values()].map((q) => ({
    name: q.name,
    value: cimValue(q.value),
    flavor: flavorOf(q.flavor),
    propagated: (q.flavor & FLAVOR_ORIGIN_PROPAGATED) !== 0,
  }));
}

/** Type, array-ness, reference and embedded class of a property or parameter. */
function typing(p: RawProperty, qs: Map<string, RawQualifier>): { type: CimType; isArray: boolean; refClass?: string; embeddedClass?: string } {
  const c = wbem();
  const type = cimTypeName(p.cimType);
  const isArray = (p.cimType & c.CIM_FLAG_ARRAY) !== 0;
  const cimtype = qs.get('cimtype')?.value;
  const text = typeof cimtype === 'string' ? cimtype : '';
  if (type === 'reference') {
    const target = /^ref:(.+)$/i.exec(text)?.[1];
    return target ? { type, isArray, refClass: target } : { type, isArray };
  }
  if (type === 'object') {
    // An embedded instance of a known class reads as MOF's [EmbeddedInstance("X")] string.
    const embedded = /^object:(.+)$/i.exec(text)?.[1];
    return embedded ? { type: 'string', isArray, embeddedClass: embedded } : { type, isArray };
  }
  const embeddedInstance = qs.get('embeddedinstance')?.value;
  return typeof embeddedInstance === 'string' ? { type, isArray, embeddedClass: embeddedInstance } : { type, isArray };
}

/**
 * One class from an object of it (a class object, or an instance on Wine). `parent`
 * (read before) gives the inherited members their origin and order; `relPathKeys`
 * stand in for empty key qualifiers.
 */
function readClass(m: Marshaller, obj: bigint, namespace: string, className: string, parent: CimClass | null, relPathKeys: Set<string> | null): CimClass {
  const c = wbem();
  const name = m.getString(obj, '__CLASS') ?? className;
  const classQuals = readQualifiers(m, (() => {
    const out = Buffer.alloc(8);
    return callMethod(obj, classObject().GetQualifierSet, out) < 0 ? 0n : out.readBigUInt64LE(0);
  })());
  const own: CimProperty[] = [];
  const byName = new Map<string, CimProperty>();
  for (const p of m.readProperties(obj, c.WBEM_FLAG_NONSYSTEM_ONLY)) {
    const qs = propertyQualifiers(m, obj, p.name);
    const inheritedFrom = parent?.properties.find((x) => x.name.toLowerCase() === p.name.toLowerCase());
    const inherited = parent !== null && inheritedFrom !== undefined && (p.flavor & FLAVOR_ORIGIN_PROPAGATED) !== 0;
    const isKey = qs.get('key')?.value === true || (relPathKeys?.has(p.name.toLowerCase()) ?? false) || (inheritedFrom?.isKey ?? false);
    const prop: CimProperty = {
      name: p.name,
      ...typing(p, qs),
      qualifiers: qualifierList(qs),
      isKey,
      classOrigin: inherited ? inheritedFrom!.classOrigin : name,
      inherited,
    };
    byName.set(p.name.toLowerCase(), prop);
    own.push(prop);
  }
  // Inheritance order: the parent's members first (an override keeps their place).
  const properties: CimProperty[] = [];
  for (const pp of parent?.properties ?? []) {
    const mine = byName.get(pp.name.toLowerCase());
    if (mine) {
      properties.push(mine);
      byName.delete(pp.name.toLowerCase());
    }
  }
  for (const p of own) if (byName.has(p.name.toLowerCase())) properties.push(p);
  const ownMethods = readMethods(m, obj, name, parent);
  const methods: CimMethod[] = [];
  const methodNames = new Map(ownMethods.map((x) => [x.name.toLowerCase(), x]));
  for (const pm of parent?.methods ?? []) {
    const mine = methodNames.get(pm.name.toLowerCase());
    if (mine) {
      methods.push(mine);
      methodNames.delete(pm.name.toLowerCase());
    }
  }
  for (const x of ownMethods) if (methodNames.has(x.name.toLowerCase())) methods.push(x);
  const flag = (q: string) => classQuals.get(q)?.value === true;
  return {
    name,
    namespace: namespace.replace(/\//g, '\\'),
    superclass: parent ? parent.name : null,
    ancestors: parent ? [parent.name, ...parent.ancestors] : [],
    qualifiers: qualifierList(classQuals),
    properties,
    methods,
    keys: properties.filter((p) => p.isKey).map((p) => p.name),
    isAssociation: flag('association'),
    isIndication: flag('indication'),
    isAbstract: flag('abstract'),
  };
}

/** Rebuilds one class from an object of it (the class, or an instance on Wine). */
async function introspectClass(provider: ComProvider, namespace: string, className: string): Promise<CimClass> {
  const m = provider.marshal;
  const c = wbem();
  let obj: bigint;
  try {
    obj = await provider.getObjectPointer(className);
  } catch (err) {
    if (err instanceof WbemError && err.hresult === (c.WBEM_E_NOT_FOUND >>> 0)) {
      throw WbemError.fromHResult(c.WBEM_E_INVALID_CLASS, 'readLiveSchema', `${className} is not a class of ${provider.namespace}`);
    }
    throw err;
  }
  try {
    return readClass(m, obj, namespace, className, null, keysFromRelPath(m.getString(obj, '__RELPATH')));
  } finally {
    provider.session.releaseRaw(obj);
  }
}

/** Methods from BeginMethodEnumeration/NextMethod and their signature objects. */
function readMethods(m: Marshaller, obj: bigint, className: string, parent: CimClass | null): CimMethod[] {
  const co = classObject();
  const out: CimMethod[] = [];
  if (callMethod(obj, co.BeginMethodEnumeration, 0) < 0) return out;
  try {
    const buf = Buffer.alloc(24);
    const nameOut = buf.subarray(0, 8);
    const inOut = buf.subarray(8, 16);
    const outOut = buf.subarray(16, 24);
    for (let i = 0; i < 10_000; i++) {
      buf.fill(0);
      const hr = callMethod(obj, co.NextMethod, 0, nameOut, inOut, outOut);
      if (hr !== 0) break;
      const bname = nameOut.readBigUInt64LE(0);
      const inSig = inOut.readBigUInt64LE(0);
      const outSig = outOut.readBigUInt64LE(0);
      try {
        const name = m.readBstr(bname);
        out.push(readMethod(m, obj, className, parent, name, inSig, outSig));
      } finally {
        m.freeBstr(bname);
        if (inSig) m.session.releaseRaw(inSig);
        if (outSig) m.session.releaseRaw(outSig);
      }
    }
  } finally {
    callMethod(obj, co.EndMethodEnumeration);
  }
  return out;
}

function readMethod(m: Marshaller, obj: bigint, className: string, parent: CimClass | null, name: string, inSig: bigint, outSig: bigint): CimMethod {
  const c = wbem();
  const ins = inSig ? m.readProperties(inSig, c.WBEM_FLAG_NONSYSTEM_ONLY) : [];
  const outs = outSig ? m.readProperties(outSig, c.WBEM_FLAG_NONSYSTEM_ONLY) : [];
  const ret = outs.find((p) => p.name.toLowerCase() === 'returnvalue');
  const outNames = new Set(outs.map((p) => p.name.toLowerCase()));
  const inNames = new Set(ins.map((p) => p.name.toLowerCase()));
  const params: Array<CimParameter & { id: number }> = [];
  let order = 0;
  const add = (p: RawProperty, sig: bigint, dirIn: boolean, dirOut: boolean) => {
    const qs = sig ? propertyQualifiers(m, sig, p.name) : new Map<string, RawQualifier>();
    const id = qs.get('id')?.value;
    params.push({ name: p.name, ...typing(p, qs), in: dirIn, out: dirOut, qualifiers: qualifierList(qs), id: typeof id === 'number' ? id : 1e6 + order++ });
  };
  for (const p of ins) add(p, inSig, true, outNames.has(p.name.toLowerCase()));
  for (const p of outs) if (p !== ret && !inNames.has(p.name.toLowerCase())) add(p, outSig, false, true);
  params.sort((a, b) => a.id - b.id);
  const quals = methodQualifiers(m, obj, name);
  const inheritedFrom = parent?.methods.find((x) => x.name.toLowerCase() === name.toLowerCase());
  const retQuals = ret && outSig ? propertyQualifiers(m, outSig, ret.name) : new Map<string, RawQualifier>();
  const retTyping = ret ? typing(ret, retQuals) : null;
  return {
    name,
    returnType: retTyping ? retTyping.type : 'void',
    ...(retTyping?.refClass ? { returnRefClass: retTyping.refClass } : {}),
    ...(retTyping?.embeddedClass ? { returnEmbeddedClass: retTyping.embeddedClass } : {}),
    parameters: params.map(({ id: _id, ...p }) => p),
    qualifiers: qualifierList(quals),
    isStatic: quals.get('static')?.value === true,
    classOrigin: inheritedFrom ? inheritedFrom.classOrigin : className,
    inherited: inheritedFrom !== undefined,
  };
}
