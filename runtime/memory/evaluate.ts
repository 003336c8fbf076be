/**
 * Evaluates WQL over wire objects: a WHERE clause is compiled once per query into a
 * plain predicate (property lookups, type coercions and LIKE patterns resolved up front),
 * then run against each instance.
 *
 * Semantics follow WMI's documentation: comparisons are case-insensitive; the constant
 * must suit the property's type (uint64 compares as bigint, datetime by instant,
 * references by object path, booleans only with = and <>); an unknown property or an
 * array property in the WHERE clause is an invalid query; a NULL value fails every
 * comparison (`IS NULL` tests it); a dotted path into an embedded object that does not
 * exist matches nothing without an error.
 */

import type {
  WqlComparisonOperator,
  WqlExpression,
  WqlLiteral,
  WqlPropertyRef,
} from '../../grammar/wql/ast.js';
import { compileLikePattern } from '../../grammar/wql/like.js';
import { holdsEmbeddedObject } from '../../model/cim/lookup.js';
import type { CimType } from '../../model/cim/types.js';
import { CimDateTime, CimInterval, isCimIntervalString } from '../datetime.js';
import { parseObjectPath } from '../objectpath.js';
import type { WireObject, WireValue } from '../provider.js';
import type { ClassInfo, SchemaIndex } from './schema.js';
import { wbemError } from './status.js';

export type Predicate = (obj: WireObject) => boolean;

export interface EvalContext {
  readonly schema: SchemaIndex;
  readonly server: string;
  readonly operation: string;
  /** Canonical form of an object path (for reference comparisons). */
  readonly canonicalPath: (path: string) => string | null;
}

export const SYSTEM_PROPERTIES = [
  '__CLASS',
  '__PATH',
  '__RELPATH',
  '__SERVER',
  '__NAMESPACE',
  '__GENUS',
  '__SUPERCLASS',
  '__DYNASTY',
  '__DERIVATION',
  '__PROPERTY_COUNT',
] as const;

const systemIds = new Set<string>([...SYSTEM_PROPERTIES.map((s) => s.toLowerCase()), '__this']);

export function isSystemProperty(name: string): boolean {
  return systemIds.has(name.toLowerCase());
}

/** The value of a system property of an instance. */
export function systemProperty(
  obj: WireObject,
  id: string,
  ctx: EvalContext,
): WireValue | WireObject {
  const info = ctx.schema.get(obj.className);
  switch (id) {
    case '__this':
      return obj;
    case '__class':
      return obj.className;
    case '__path':
      return obj.path;
    case '__relpath':
      return obj.path === null ? null : obj.path.slice(obj.path.indexOf(':') + 1);
    case '__server':
      return ctx.server;
    case '__namespace':
      return ctx.schema.namespace;
    case '__genus':
      return 2;
    case '__superclass':
      return info?.cls.superclass ?? null;
    case '__dynasty':
      return info ? (info.cls.ancestors.at(-1) ?? info.cls.name) : obj.className;
    case '__derivation':
      return info ? [...info.cls.ancestors] : [];
    case '__property_count':
      return info ? info.cls.properties.length : Object.keys(obj.properties).length;
    default:
      return null;
  }
}

interface Slot {
  readonly type: CimType;
  readonly isArray: boolean;
}

const systemSlots: Record<string, Slot> = {
  __class: { type: 'string', isArray: false },
  __path: { type: 'reference', isArray: false },
  __relpath: { type: 'reference', isArray: false },
  __server: { type: 'string', isArray: false },
  __namespace: { type: 'string', isArray: false },
  __genus: { type: 'sint32', isArray: false },
  __superclass: { type: 'string', isArray: false },
  __dynasty: { type: 'string', isArray: false },
  __derivation: { type: 'string', isArray: true },
  __property_count: { type: 'sint32', isArray: false },
  __this: { type: 'object', isArray: false },
};

type Getter = (obj: WireObject) => WireValue | WireObject | undefined;

interface ResolvedProperty {
  readonly get: Getter;
  /** Known statically for top-level properties; null for dotted paths (typed at run time). */
  readonly slot: Slot | null;
  readonly name: string;
}

function invalid(ctx: EvalContext, detail: string): never {
  throw wbemError('INVALID_QUERY', ctx.operation, detail);
}

/** Resolves `prop` or `prop.sub.sub` against the FROM class. */
function resolveProperty(ref: WqlPropertyRef, from: ClassInfo, ctx: EvalContext): ResolvedProperty {
  const [head, ...rest] = ref.path;
  const id = head.toLowerCase();
  let slot: Slot;
  let get: Getter;
  if (systemIds.has(id)) {
    slot = systemSlots[id];
    get = (obj) => systemProperty(obj, id, ctx);
  } else {
    const prop = from.propertiesById.get(id);
    if (!prop) invalid(ctx, `${from.cls.name} has no property ${head} (column ${ref.offset + 1})`);
    const name = prop.name;
    // A string qualified EmbeddedObject / EmbeddedInstance holds an object, as `object` does.
    slot = prop.type !== 'object' && holdsEmbeddedObject(prop) ? { type: 'object', isArray: prop.isArray } : prop;
    get = (obj) => obj.properties[name];
  }
  if (rest.length === 0) return { get, slot, name: ref.path.join('.') };
  if (slot.type !== 'object' || slot.isArray)
    invalid(ctx, `${head} is not an embedded object, so ${ref.path.join('.')} cannot be used`);
  const getNested: Getter = (obj) => {
    let cur: WireValue | WireObject | undefined = get(obj);
    for (const seg of rest) {
      if (cur === null || cur === undefined || typeof cur !== 'object' || Array.isArray(cur))
        return undefined;
      cur = propertyOf(cur as WireObject, seg);
    }
    return cur;
  };
  return { get: getNested, slot: null, name: ref.path.join('.') };
}

/** A property of an object by case-insensitive name; undefined when absent. */
export function propertyOf(obj: WireObject, name: string): WireValue | undefined {
  const direct = obj.properties[name];
  if (direct !== undefined) return direct;
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj.properties))
    if (k.toLowerCase() === lower) return obj.properties[k];
  return undefined;
}

/** The CIM type of a property of an embedded object, from the schema, or guessed from its value. */
function dynamicSlot(
  value: WireValue | WireObject,
  ctx: EvalContext,
  owner: WireObject | null,
  name: string,
): Slot {
  if (owner) {
    const prop = ctx.schema.get(owner.className)?.propertiesById.get(name.toLowerCase());
    if (prop) return prop;
  }
  if (Array.isArray(value)) return { type: 'string', isArray: true };
  switch (typeof value) {
    case 'number':
      return { type: 'real64', isArray: false };
    case 'boolean':
      return { type: 'boolean', isArray: false };
    case 'object':
      return { type: 'object', isArray: false };
    default:
      return { type: 'string', isArray: false };
  }
}

const integerTypes = new Set<CimType>([
  'uint8',
  'sint8',
  'uint16',
  'sint16',
  'uint32',
  'sint32',
  'real32',
  'real64',
]);

function orderTest(op: WqlComparisonOperator, c: number): boolean {
  switch (op) {
    case '=':
      return c === 0;
    case '<>':
      return c !== 0;
    case '<':
      return c < 0;
    case '>':
      return c > 0;
    case '<=':
      return c <= 0;
    case '>=':
      return c >= 0;
  }
}

function cmp<T>(a: T, b: T): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function literalText(lit: WqlLiteral): string | null {
  if (lit.kind === 'string') return lit.value;
  if (lit.kind === 'number') return lit.text;
  return null;
}

function instantOf(text: string): bigint | null {
  try {
    if (isCimIntervalString(text)) return CimInterval.parse(text).totalMicroseconds;
    return CimDateTime.parse(text).epochMicroseconds();
  } catch {
    const ms = Date.parse(text); // WQL also accepts other date formats; ISO forms through Date
    return Number.isNaN(ms) ? null : BigInt(ms) * 1000n;
  }
}

/** A test of a wire value against a constant, for a property of CIM type `slot`. */
function comparer(
  slot: Slot,
  op: WqlComparisonOperator,
  lit: WqlLiteral,
  ctx: EvalContext,
  name: string,
): (v: unknown) => boolean {
  if (slot.isArray) invalid(ctx, `${name} is an array; WQL cannot compare array properties`);
  const t = slot.type;
  if (t === 'boolean') {
    if (op !== '=' && op !== '<>') invalid(ctx, `${name} is boolean: only =, <> and != apply`);
    let want: boolean;
    if (lit.kind === 'boolean') want = lit.value;
    else if (lit.kind === 'number') want = lit.value !== 0;
    else if (lit.kind === 'string' && /^(true|false)$/i.test(lit.value))
      want = lit.value.toLowerCase() === 'true';
    else invalid(ctx, `${name} is boolean; the constant must be TRUE, FALSE, 1 or 0`);
    return (v) => typeof v === 'boolean' && (v === want) === (op === '=');
  }
  if (t === 'uint64' || t === 'sint64') {
    const text = literalText(lit);
    if (text === null || !/^\s*[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?\s*$/.test(text))
      invalid(ctx, `${name} is ${t}; the constant must be a number`);
    if (/^\s*[+-]?\d+\s*$/.test(text)) {
      const want = BigInt(text.trim());
      return (v) => {
        if (v === null || v === undefined) return false;
        const got =
          typeof v === 'string' ? BigInt(v) : typeof v === 'number' ? BigInt(Math.trunc(v)) : null;
        return got !== null && orderTest(op, cmp(got, want));
      };
    }
    const want = Number(text);
    return (v) => v !== null && v !== undefined && orderTest(op, cmp(Number(v), want));
  }
  if (integerTypes.has(t)) {
    const text = literalText(lit);
    let want: number;
    if (lit.kind === 'boolean') want = lit.value ? 1 : 0;
    else if (text !== null && text.trim() !== '' && Number.isFinite(Number(text)))
      want = Number(text);
    else invalid(ctx, `${name} is ${t}; the constant must be a number`);
    return (v) => typeof v === 'number' && orderTest(op, cmp(v, want));
  }
  if (t === 'datetime') {
    if (lit.kind !== 'string')
      invalid(ctx, `${name} is datetime; the constant must be a date string`);
    const want = instantOf(lit.value);
    if (want === null)
      invalid(ctx, `${JSON.stringify(lit.value)} is not a date or interval WQL understands`);
    return (v) => {
      if (typeof v !== 'string') return false;
      const got = instantOf(v);
      return got !== null && orderTest(op, cmp(got, want));
    };
  }
  if (t === 'object') invalid(ctx, `${name} is an embedded object: use ISA or IS [NOT] NULL`);
  // string, char16, reference
  const text = literalText(lit);
  if (text === null) invalid(ctx, `${name} is ${t}; the constant must be a string`);
  if (t === 'reference' && (op === '=' || op === '<>')) {
    const want = ctx.canonicalPath(text) ?? text.toLowerCase();
    return (v) =>
      typeof v === 'string' &&
      ((ctx.canonicalPath(v) ?? v.toLowerCase()) === want) === (op === '=');
  }
  const want = text.toLowerCase();
  return (v) => typeof v === 'string' && orderTest(op, cmp(v.toLowerCase(), want));
}

/** A getter of a (possibly dotted) property, checked against the class; undefined when absent. */
export function compileGetter(
  ref: WqlPropertyRef,
  from: ClassInfo,
  ctx: EvalContext,
): (obj: WireObject) => WireValue | WireObject | undefined {
  return resolveProperty(ref, from, ctx).get;
}

/** Compiles a WHERE clause against the FROM class into a predicate. */
export function compileWhere(expr: WqlExpression, from: ClassInfo, ctx: EvalContext): Predicate {
  switch (expr.kind) {
    case 'and': {
      const l = compileWhere(expr.left, from, ctx);
      const r = compileWhere(expr.right, from, ctx);
      return (o) => l(o) && r(o);
    }
    case 'or': {
      const l = compileWhere(expr.left, from, ctx);
      const r = compileWhere(expr.right, from, ctx);
      return (o) => l(o) || r(o);
    }
    case 'not': {
      const inner = compileWhere(expr.operand, from, ctx);
      return (o) => !inner(o);
    }
    case 'isNull': {
      const p = resolveProperty(expr.property, from, ctx);
      // A missing embedded property counts as NULL.
      return (o) => ((p.get(o) ?? null) === null) !== expr.negated;
    }
    case 'isa': {
      const p = resolveProperty(expr.property, from, ctx);
      if (p.slot !== null && p.slot.type !== 'object')
        invalid(ctx, `ISA applies to embedded objects and __this, not ${p.name}`);
      if (!ctx.schema.get(expr.className))
        throw wbemError(
          'INVALID_CLASS',
          ctx.operation,
          `ISA names an unknown class ${expr.className}`,
        );
      const target = expr.className;
      return (o) => {
        const v = p.get(o);
        return (
          v !== null &&
          typeof v === 'object' &&
          !Array.isArray(v) &&
          ctx.schema.isA((v as WireObject).className, target)
        );
      };
    }
    case 'like': {
      const p = resolveProperty(expr.property, from, ctx);
      if (p.slot && (p.slot.isArray || !['string', 'char16', 'reference'].includes(p.slot.type))) {
        invalid(
          ctx,
          `LIKE applies to strings; ${p.name} is ${p.slot.type}${p.slot.isArray ? '[]' : ''}`,
        );
      }
      const re = compileLikePattern(expr.pattern);
      return (o) => {
        const v = p.get(o);
        return typeof v === 'string' && re.test(v);
      };
    }
    case 'compare': {
      const p = resolveProperty(expr.property, from, ctx);
      if (p.slot !== null) {
        const test = comparer(p.slot, expr.operator, expr.value, ctx, p.name);
        return (o) => test(p.get(o));
      }
      // Dotted path: the embedded object's class decides the type, per object.
      const ownerRef: WqlPropertyRef = {
        path: expr.property.path.slice(0, -1),
        offset: expr.property.offset,
      };
      const owner = resolveProperty(ownerRef, from, ctx);
      const last = expr.property.path.at(-1)!;
      const cache = new Map<string, ((v: unknown) => boolean) | null>();
      return (o) => {
        const holder = owner.get(o);
        if (
          holder === null ||
          holder === undefined ||
          typeof holder !== 'object' ||
          Array.isArray(holder)
        )
          return false;
        const ownerObj = holder as WireObject;
        const v = propertyOf(ownerObj, last);
        if (v === undefined) return false;
        const key = `${ownerObj.className.toLowerCase()}\u0000${typeof v}`;
        let test = cache.get(key);
        if (test === undefined) {
          try {
            test = comparer(
              dynamicSlot(v, ctx, ownerObj, last),
              expr.operator,
              expr.value,
              ctx,
              p.name,
            );
          } catch {
            test = null; // a mismatched embedded property matches nothing, as WMI documents
          }
          cache.set(key, test);
        }
        return test !== null && test(v);
      };
    }
  }
}

/**
 * The projection of `SELECT p1, p2`: the selected properties only; the path stays when
 * every key is selected (WMI leaves `__PATH` empty otherwise).
 */
export function compileProjection(
  properties: readonly WqlPropertyRef[],
  from: ClassInfo,
  ctx: EvalContext,
): (obj: WireObject) => WireObject {
  const names: string[] = [];
  for (const ref of properties) {
    const id = ref.path[0].toLowerCase();
    if (systemIds.has(id)) continue; // system properties are always present
    const prop = from.propertiesById.get(id);
    if (!prop)
      invalid(ctx, `${from.cls.name} has no property ${ref.path[0]} (column ${ref.offset + 1})`);
    if (!names.includes(prop.name)) names.push(prop.name);
  }
  const keepPath = from.cls.keys.every((k) =>
    names.some((n) => n.toLowerCase() === k.toLowerCase()),
  );
  return (obj) => {
    const props: Record<string, WireValue> = {};
    for (const n of names) props[n] = obj.properties[n] ?? null;
    return { className: obj.className, path: keepPath ? obj.path : null, properties: props };
  };
}

/** Keeps only the key properties (KeysOnly). */
export function keysOnly(obj: WireObject, info: ClassInfo | undefined): WireObject {
  if (!info) return obj;
  const props: Record<string, WireValue> = {};
  for (const k of info.cls.keys) props[k] = obj.properties[k] ?? null;
  return { className: obj.className, path: obj.path, properties: props };
}

export function tryParsePath(text: string): ReturnType<typeof parseObjectPath> | null {
  try {
    return parseObjectPath(text);
  } catch {
    return null;
  }
}
