/**
 * The instance store of the in-memory provider: wire objects per class in insertion
 * order, unique per key root (the topmost class that has the same keys, so a
 * `CIM_Process.Handle="4"` and a `Win32_Process.Handle="4"` are the same instance), with
 * object paths computed as WMI writes them.
 */

import { sameNamespace } from '../../common/namespaces.js';
import type { CimProperty } from '../../model/cim/types.js';
import {
  formatObjectPath,
  parseObjectPath,
  type ObjectPathKey,
  type ObjectPathKeyValue,
} from '../objectpath.js';
import type { WireObject, WireValue } from '../provider.js';
import type { ClassInfo, SchemaIndex } from './schema.js';
import { wbemError } from './status.js';
import { cimValueToPlain, toWire } from './values.js';

/** Per class, computed once: key names in path order, and default values as plain data. */
const sortedKeyCache = new WeakMap<ClassInfo, readonly string[]>();
const defaultsCache = new WeakMap<ClassInfo, ReadonlyMap<string, unknown>>();

function sortedKeys(info: ClassInfo): readonly string[] {
  let keys = sortedKeyCache.get(info);
  if (!keys) {
    keys = [...info.cls.keys].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()));
    sortedKeyCache.set(info, keys);
  }
  return keys;
}

function defaultsOf(info: ClassInfo): ReadonlyMap<string, unknown> {
  let defaults = defaultsCache.get(info);
  if (!defaults) {
    const map = new Map<string, unknown>();
    for (const p of info.cls.properties) {
      if (p.defaultValue !== undefined)
        map.set(
          p.name,
          cimValueToPlain(p.defaultValue, () => null),
        );
    }
    defaults = map;
    defaultsCache.set(info, defaults);
  }
  return defaults;
}

export class InstanceStore {
  readonly schema: SchemaIndex;
  readonly server: string;
  /** Exact class id → identity → instance. */
  private readonly byClass = new Map<string, Map<string, WireObject>>();
  /** Key root + identity → exact class id, for uniqueness across a hierarchy. */
  private readonly identities = new Map<string, string>();
  private anonymous = 0;

  constructor(schema: SchemaIndex, server: string) {
    this.schema = schema;
    this.server = server;
  }

  /** Instances of exactly this class, in insertion order (live view). */
  ofClass(classId: string): IterableIterator<WireObject> {
    return (this.byClass.get(classId) ?? new Map<string, WireObject>()).values();
  }

  count(classId: string): number {
    return this.byClass.get(classId)?.size ?? 0;
  }

  fullPath(relative: string): string {
    return `\\\\${this.server}\\${this.schema.namespace}:${relative}`;
  }

  /** Normalized key text: strings case-insensitively, references by their canonical path. */
  private keyText(prop: CimProperty | undefined, value: ObjectPathKeyValue | WireValue): string {
    if (typeof value === 'string') {
      if (prop?.type === 'reference') return this.canonicalPath(value) ?? value.toLowerCase();
      return value.toLowerCase();
    }
    return String(value).toLowerCase();
  }

  /** `keyroot|k1=v1|k2=v2` identity of an instance of `info` with the given key values. */
  private identity(
    info: ClassInfo,
    values: ReadonlyMap<string, ObjectPathKeyValue | WireValue>,
  ): string {
    let id = info.keyRoot;
    for (const k of info.keyIds)
      id += `|${k}=${this.keyText(info.propertiesById.get(k), values.get(k) ?? null)}`;
    return id;
  }

  /**
   * Canonical text of an object path (key root, sorted keys, normalized values), or null
   * when it does not parse, names an unknown class or another namespace.
   */
  canonicalPath(text: string): string | null {
    let parsed;
    try {
      parsed = parseObjectPath(text);
    } catch {
      return null;
    }
    if (
      parsed.namespace !== null &&
      !sameNamespace(parsed.namespace, this.schema.namespace)
    )
      return null;
    const info = this.schema.get(parsed.className);
    if (!info) return null;
    if (parsed.singleton) return `${info.keyRoot}=@`;
    const values = this.pathKeyValues(info, parsed.keys);
    return values ? this.identity(info, values) : null;
  }

  private pathKeyValues(
    info: ClassInfo,
    keys: readonly ObjectPathKey[],
  ): Map<string, ObjectPathKeyValue> | null {
    const values = new Map<string, ObjectPathKeyValue>();
    if (keys.length === 1 && keys[0].name === null) {
      if (info.keyIds.length !== 1) return null;
      values.set(info.keyIds[0], keys[0].value);
      return values;
    }
    for (const k of keys) values.set(k.name!.toLowerCase(), k.value);
    if (values.size !== info.keyIds.length || info.keyIds.some((k) => !values.has(k))) return null;
    return values;
  }

  /** Finds the instance a path names (the path's class or a subclass of it). */
  find(text: string, operation: string): WireObject {
    let parsed;
    try {
      parsed = parseObjectPath(text);
    } catch (e) {
      throw wbemError('INVALID_OBJECT_PATH', operation, (e as Error).message);
    }
    if (
      parsed.namespace !== null &&
      !sameNamespace(parsed.namespace, this.schema.namespace)
    ) {
      throw wbemError(
        'INVALID_NAMESPACE',
        operation,
        `${parsed.namespace} is not ${this.schema.namespace}`,
      );
    }
    const info = this.schema.get(parsed.className);
    if (!info) throw wbemError('INVALID_CLASS', operation, `no class ${parsed.className}`);
    if (parsed.isClass)
      throw wbemError('INVALID_OBJECT_PATH', operation, `${text} names a class, not an instance`);
    let identity: string;
    if (parsed.singleton) {
      if (!info.isSingleton)
        throw wbemError('INVALID_OBJECT_PATH', operation, `${info.cls.name} is not a singleton`);
      identity = `${info.keyRoot}=@`;
    } else {
      const values = this.pathKeyValues(info, parsed.keys);
      if (!values)
        throw wbemError(
          'INVALID_OBJECT_PATH',
          operation,
          `${text} does not give exactly the keys of ${info.cls.name} (${info.cls.keys.join(', ')})`,
        );
      identity = this.identity(info, values);
    }
    const classId = this.identities.get(identity);
    const found = classId !== undefined ? this.byClass.get(classId)?.get(identity) : undefined;
    if (!found || !this.schema.isA(found.className, info.cls.name))
      throw wbemError('NOT_FOUND', operation, `no instance ${text}`);
    return found;
  }

  /**
   * Builds a wire instance of `info` from loose values (user objects, MOF literals),
   * filling unset properties from `base` (an update) or the class defaults.
   */
  build(
    info: ClassInfo,
    values: Readonly<Record<string, unknown>>,
    operation: string,
    base?: WireObject,
  ): WireObject {
    const given = new Map<string, unknown>();
    for (const [name, value] of Object.entries(values)) {
      const prop = info.propertiesById.get(name.toLowerCase());
      if (!prop)
        throw wbemError('INVALID_PARAMETER', operation, `${info.cls.name} has no property ${name}`);
      given.set(prop.name, value);
    }
    const props: Record<string, WireValue> = {};
    for (const prop of info.cls.properties) {
      let value: unknown;
      if (given.has(prop.name)) value = given.get(prop.name);
      else if (base) value = base.properties[prop.name];
      else if (prop.defaultValue !== undefined) value = defaultsOf(info).get(prop.name);
      props[prop.name] = toWire(prop, value ?? null, operation, (v) =>
        this.embedded(v, prop, operation),
      );
    }
    return {
      className: info.cls.name,
      path: this.pathOf(info, props, operation),
      properties: props,
    };
  }

  /** An embedded object value: a `{ className, properties }` object, converted by its own class. */
  private embedded(value: unknown, prop: CimProperty, operation: string): WireObject {
    const v = value as { className?: unknown; properties?: unknown };
    const className = typeof v.className === 'string' ? v.className : prop.embeddedClass;
    if (!className)
      throw wbemError('TYPE_MISMATCH', operation, `${prop.name} needs an object with a className`);
    const properties = (
      v.properties && typeof v.properties === 'object' ? v.properties : value
    ) as Record<string, unknown>;
    const info = this.schema.get(className);
    if (!info) {
      return { className, path: null, properties: properties as Record<string, WireValue> };
    }
    const obj = this.build(
      info,
      Object.fromEntries(Object.entries(properties).filter(([k]) => k !== 'className')),
      operation,
    );
    return { className: obj.className, path: null, properties: obj.properties };
  }

  /** `\\server\ns:Class.Key=…` (keys sorted by name, as WMI writes them), `Class=@`, or null for keyless classes. */
  pathOf(
    info: ClassInfo,
    props: Readonly<Record<string, WireValue>>,
    operation: string,
  ): string | null {
    if (info.isSingleton) return this.fullPath(`${info.cls.name}=@`);
    if (info.cls.keys.length === 0) return null;
    const keys: ObjectPathKey[] = [];
    for (const name of sortedKeys(info)) {
      const v = props[name];
      if (v === null || v === undefined)
        throw wbemError('ILLEGAL_NULL', operation, `key ${name} of ${info.cls.name} is null`);
      const prop = info.propertiesById.get(name.toLowerCase())!;
      let keyValue: ObjectPathKeyValue;
      if (typeof v === 'string' && (prop.type === 'uint64' || prop.type === 'sint64'))
        keyValue = BigInt(v);
      else if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean')
        keyValue = v;
      else
        throw wbemError('TYPE_MISMATCH', operation, `key ${name} cannot be an array or an object`);
      keys.push({ name, value: keyValue });
    }
    return this.fullPath(formatObjectPath({ className: info.cls.name, keys }));
  }

  private identityOf(info: ClassInfo, obj: WireObject): string {
    if (info.isSingleton) return `${info.keyRoot}=@`;
    if (info.keyIds.length === 0) return `${info.id}#${++this.anonymous}`;
    const values = new Map<string, WireValue>();
    for (const k of info.cls.keys) values.set(k.toLowerCase(), obj.properties[k]);
    return this.identity(info, values);
  }

  /** The stored instance with the same identity as `obj`, if any. */
  existing(obj: WireObject): WireObject | undefined {
    const info = this.schema.get(obj.className)!;
    if (info.keyIds.length === 0 && !info.isSingleton) return undefined;
    const identity = this.identityOf(info, obj);
    const classId = this.identities.get(identity);
    return classId === undefined ? undefined : this.byClass.get(classId)?.get(identity);
  }

  /** Stores (or replaces) an instance; returns the one it replaced. */
  store(obj: WireObject): WireObject | undefined {
    const info = this.schema.get(obj.className)!;
    const identity = this.identityOf(info, obj);
    const previousClass = this.identities.get(identity);
    let previous: WireObject | undefined;
    if (previousClass !== undefined) {
      const map = this.byClass.get(previousClass)!;
      previous = map.get(identity);
      if (previousClass !== info.id) map.delete(identity);
    }
    let map = this.byClass.get(info.id);
    if (!map) this.byClass.set(info.id, (map = new Map()));
    // Rows are handed out as they are stored: frozen, so a caller cannot change the store.
    for (const v of Object.values(obj.properties)) if (Array.isArray(v)) Object.freeze(v);
    Object.freeze(obj.properties);
    map.set(identity, Object.freeze(obj));
    this.identities.set(identity, info.id);
    return previous;
  }

  remove(obj: WireObject): void {
    const info = this.schema.get(obj.className)!;
    const identity = this.identityOf(info, obj);
    this.byClass.get(info.id)?.delete(identity);
    this.identities.delete(identity);
  }
}
