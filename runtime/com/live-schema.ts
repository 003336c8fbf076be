/**
 * The live schema source of `wmigen --live`: class definitions read from a running WMI.
 *
 * 1. Where the provider can list classes, CreateClassEnum (deep) lists them and each
 *    class's GetObjectText (its MOF) goes through the MOF front-end (`loadMofText`), so a
 *    live class is resolved exactly like a class from a file.
 * 2. Where it cannot (Wine: CreateClassEnum fails with WBEM_E_FAILED and GetObject of a
 *    class name hands back an instance), each class named in `classes` is rebuilt by
 *    introspection — GetNames/Next with their CIMTYPEs, property qualifier sets (key,
 *    CIMTYPE), GetMethod signatures (BeginMethodEnumeration/NextMethod, in and out
 *    parameter objects) and method qualifiers (static) — written as MOF and loaded the
 *    same way. Keys missing from empty qualifier sets are taken from the object's
 *    `__RELPATH`. Introspected classes are flattened (inherited members included,
 *    superclass null) because the provider does not describe the ancestors.
 */

import type { CimSchema } from '../../model/cim/types.js';
import { loadMofText, throwIfErrors } from '../../model/cim/load.js';
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
  /** Where the schema came from, per class: `mof` (GetObjectText) or `introspection`. */
  readonly report?: (className: string, source: 'mof' | 'introspection') => void;
}

/** Reads class definitions from live WMI into a resolved `CimSchema`. */
export async function readLiveSchema(options: LiveSchemaOptions): Promise<CimSchema> {
  const provider = options.connection ?? (await ComProvider.connect(options as ConnectOptions & Partial<ComProviderOptions>));
  try {
    const mof = await liveMof(provider, options);
    const result = throwIfErrors(loadMofText(mof, `live:${options.namespace}`, { defaultNamespace: options.namespace }));
    return result.schema;
  } finally {
    if (!options.connection) provider.close();
  }
}

/** The MOF text of the live classes (exported for tests and `--live --dump`). */
export async function liveMof(provider: ComProvider, options: LiveSchemaOptions): Promise<string> {
  const wanted = options.classes?.map((c) => c.trim()).filter((c) => c !== '');
  const enumerated = await classTextsByEnumeration(provider, wanted);
  if (enumerated) {
    for (const name of enumerated.names) options.report?.(name, 'mof');
    return enumerated.text;
  }
  if (!wanted || wanted.length === 0) {
    throw WbemError.fromHResult(
      wbem().WBEM_E_NOT_SUPPORTED,
      'readLiveSchema',
      `the provider of ${options.namespace} cannot enumerate classes: name them with --classes`,
    );
  }
  const parts: string[] = [];
  for (const name of wanted) {
    parts.push(await introspectClass(provider, name));
    options.report?.(name, 'introspection');
  }
  return parts.join('\n');
}

interface ClassText {
  readonly name: string;
  readonly superclass: string | null;
  readonly text: string;
}

/**
 * CreateClassEnum (deep) + GetObjectText; null when the provider cannot enumerate or
 * hands out something other than class definitions.
 */
async function classTextsByEnumeration(provider: ComProvider, wanted: readonly string[] | undefined): Promise<{ names: string[]; text: string } | null> {
  const m = provider.marshal;
  const c = wbem();
  const all = new Map<string, ClassText>();
  try {
    for await (const ptr of provider.enumerateClasses(null)) {
      try {
        const genus = m.getProperty(ptr, '__GENUS');
        if (genus && genus.value !== c.WBEM_GENUS_CLASS) return null;
        const name = m.getString(ptr, '__CLASS');
        // System classes (__Namespace, __Event...) are built into the MOF front-end.
        if (!name || name.startsWith('__')) continue;
        all.set(name.toLowerCase(), { name, superclass: m.getString(ptr, '__SUPERCLASS'), text: m.objectText(ptr) });
      } finally {
        provider.session.releaseRaw(ptr);
      }
    }
  } catch (err) {
    if (err instanceof WbemError) return null;
    throw err;
  }
  if (all.size === 0) return null;
  // The wanted classes and their ancestors, superclasses first.
  const chosen: ClassText[] = [];
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    const cls = all.get(key);
    if (!cls) return;
    if (cls.superclass && !cls.superclass.startsWith('__')) visit(cls.superclass.toLowerCase());
    chosen.push(cls);
  };
  const roots = wanted && wanted.length > 0 ? wanted.map((w) => w.toLowerCase()) : [...all.keys()].sort();
  for (const key of roots) {
    if (!all.has(key)) throw WbemError.fromHResult(wbem().WBEM_E_INVALID_CLASS, 'readLiveSchema', `no class ${key} in the namespace`);
    visit(key);
  }
  return { names: chosen.map((x) => x.name), text: chosen.map((x) => x.text).join('\n') };
}

const CIM_NAMES: Array<[keyof ReturnType<typeof wbem>, string]> = [
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
  ['CIM_REFERENCE', 'ref'],
  ['CIM_CHAR16', 'char16'],
  ['CIM_OBJECT', 'object'],
];

function mofTypeName(cimType: number): string {
  const c = wbem();
  const base = cimType & ~c.CIM_FLAG_ARRAY;
  for (const [k, name] of CIM_NAMES) if (c[k] === base) return name;
  return 'string';
}

/** Qualifier names and values of a qualifier set (released here); empty when there is none. */
function readQualifiers(m: Marshaller, qset: bigint): Map<string, unknown> {
  const out = new Map<string, unknown>();
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
        out.set(m.readBstr(b).toLowerCase(), m.readVariant(v, 0));
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

function propertyQualifiers(m: Marshaller, obj: bigint, name: string): Map<string, unknown> {
  const out = Buffer.alloc(8);
  const hr = callMethod(obj, classObject().GetPropertyQualifierSet, wide(name), out);
  return hr < 0 ? new Map() : readQualifiers(m, out.readBigUInt64LE(0));
}

function methodQualifiers(m: Marshaller, obj: bigint, name: string): Map<string, unknown> {
  const out = Buffer.alloc(8);
  const hr = callMethod(obj, classObject().GetMethodQualifierSet, wide(name), out);
  return hr < 0 ? new Map() : readQualifiers(m, out.readBigUInt64LE(0));
}

/** One declaration: `[key] string Name[]`, `Class ref Name`, `[EmbeddedInstance("X")] string Name`. */
function declaration(p: RawProperty, qualifiers: Map<string, unknown>, extra: string[]): string {
  const c = wbem();
  const quals = [...extra];
  let type = mofTypeName(p.cimType);
  const cimTypeQualifier = typeof qualifiers.get('cimtype') === 'string' ? (qualifiers.get('cimtype') as string) : '';
  if (type === 'ref') {
    const target = /^ref:(.+)$/i.exec(cimTypeQualifier)?.[1];
    type = `${target ?? 'object'} ref`;
  } else if (type === 'object') {
    const embedded = /^object:(.+)$/i.exec(cimTypeQualifier)?.[1];
    if (embedded) {
      quals.push(`EmbeddedInstance("${embedded}")`);
      type = 'string';
    }
  }
  if (qualifiers.get('key') === true) quals.unshift('key');
  const array = (p.cimType & c.CIM_FLAG_ARRAY) !== 0 ? '[]' : '';
  return `${quals.length ? `[${quals.join(', ')}] ` : ''}${type} ${p.name}${array}`;
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

/** Rebuilds one class as MOF from an object of it (the class, or an instance on Wine). */
async function introspectClass(provider: ComProvider, className: string): Promise<string> {
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
    const keys = keysFromRelPath(m.getString(obj, '__RELPATH'));
    const props = m.readProperties(obj, c.WBEM_FLAG_NONSYSTEM_ONLY);
    const lines: string[] = [];
    for (const p of props) {
      const quals = propertyQualifiers(m, obj, p.name);
      if (keys.has(p.name.toLowerCase())) quals.set('key', true);
      lines.push(`  ${declaration(p, quals, [])};`);
    }
    for (const method of readMethods(m, obj)) lines.push(`  ${method};`);
    const name = m.getString(obj, '__CLASS') ?? className;
    const classQuals = readQualifiers(m, (() => {
      const out = Buffer.alloc(8);
      return callMethod(obj, classObject().GetQualifierSet, out) < 0 ? 0n : out.readBigUInt64LE(0);
    })());
    const cq = ['dynamic'];
    if (classQuals.get('association') === true) cq.push('Association');
    return `[${cq.join(', ')}]\nclass ${name}\n{\n${lines.join('\n')}\n};\n`;
  } finally {
    provider.session.releaseRaw(obj);
  }
}

/** Method declarations from BeginMethodEnumeration/NextMethod and their signature objects. */
function readMethods(m: Marshaller, obj: bigint): string[] {
  const c = wbem();
  const co = classObject();
  const out: string[] = [];
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
        const ins = inSig ? m.readProperties(inSig, c.WBEM_FLAG_NONSYSTEM_ONLY) : [];
        const outs = outSig ? m.readProperties(outSig, c.WBEM_FLAG_NONSYSTEM_ONLY) : [];
        const ret = outs.find((p) => p.name.toLowerCase() === 'returnvalue');
        const params: string[] = [];
        const outNames = new Set(outs.map((p) => p.name.toLowerCase()));
        for (const p of ins) {
          const dir = outNames.has(p.name.toLowerCase()) ? 'in, out' : 'in';
          params.push(declaration(p, inSig ? propertyQualifiers(m, inSig, p.name) : new Map(), [dir]));
        }
        const inNames = new Set(ins.map((p) => p.name.toLowerCase()));
        for (const p of outs) {
          if (p === ret || inNames.has(p.name.toLowerCase())) continue;
          params.push(declaration(p, outSig ? propertyQualifiers(m, outSig, p.name) : new Map(), ['out']));
        }
        const quals = methodQualifiers(m, obj, name);
        const prefix = quals.get('static') === true ? '[static] ' : '';
        out.push(`${prefix}${ret ? mofTypeName(ret.cimType) : 'void'} ${name}(${params.join(', ')})`);
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
