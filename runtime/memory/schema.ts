/**
 * Fast, case-insensitive views of one namespace of a resolved CIM model: classes by
 * name, subclasses, properties, key roots. Built once when the provider loads.
 */

import type { CimClass, CimNamespace, CimProperty, CimQualifier } from '../../model/cim/types.js';

export interface ClassInfo {
  readonly cls: CimClass;
  /** Lower-cased name. */
  readonly id: string;
  readonly propertiesById: ReadonlyMap<string, CimProperty>;
  /** Lower-cased names of this class and its ancestors. */
  readonly lineage: ReadonlySet<string>;
  /** Lower-cased key names, sorted: the identity of the instance. */
  readonly keyIds: readonly string[];
  /** The topmost ancestor with the same keys: instances are unique per key root. */
  keyRoot: string;
  readonly isSingleton: boolean;
  readonly children: string[];
}

function hasQualifier(list: readonly CimQualifier[], name: string): boolean {
  const lower = name.toLowerCase();
  return list.some((q) => q.name.toLowerCase() === lower && q.value !== false);
}

export class SchemaIndex {
  readonly namespace: string;
  private readonly byId = new Map<string, ClassInfo>();
  /** Class ids in model order, for deterministic enumeration. */
  readonly order: readonly string[];

  constructor(ns: CimNamespace) {
    this.namespace = ns.name;
    const order: string[] = [];
    for (const cls of ns.classes) {
      const id = cls.name.toLowerCase();
      const propertiesById = new Map<string, CimProperty>();
      for (const p of cls.properties) propertiesById.set(p.name.toLowerCase(), p);
      this.byId.set(id, {
        cls,
        id,
        propertiesById,
        lineage: new Set([id, ...cls.ancestors.map((a) => a.toLowerCase())]),
        keyIds: cls.keys.map((k) => k.toLowerCase()).sort(),
        keyRoot: id,
        isSingleton: hasQualifier(cls.qualifiers, 'Singleton'),
        children: [],
      });
      order.push(id);
    }
    this.order = order;
    for (const info of this.byId.values()) {
      const parent = info.cls.superclass
        ? this.byId.get(info.cls.superclass.toLowerCase())
        : undefined;
      parent?.children.push(info.id);
      let root = info.id;
      for (const a of info.cls.ancestors) {
        const anc = this.byId.get(a.toLowerCase());
        if (!anc || anc.keyIds.length === 0 || anc.keyIds.join(',') !== info.keyIds.join(','))
          break;
        root = anc.id;
      }
      info.keyRoot = root;
    }
  }

  get(name: string): ClassInfo | undefined {
    return this.byId.get(name.toLowerCase());
  }

  /** True when `className` is `ancestor` or derives from it. */
  isA(className: string, ancestor: string): boolean {
    const info = this.byId.get(className.toLowerCase());
    return info
      ? info.lineage.has(ancestor.toLowerCase())
      : className.toLowerCase() === ancestor.toLowerCase();
  }

  /** The class and all its subclasses, parents before children, siblings in model order. */
  descendants(name: string): ClassInfo[] {
    const first = this.get(name);
    if (!first) return [];
    const out: ClassInfo[] = [];
    const stack = [first];
    while (stack.length > 0) {
      const info = stack.shift()!;
      out.push(info);
      for (const child of info.children) stack.push(this.byId.get(child)!);
    }
    return out;
  }

  classes(): IterableIterator<ClassInfo> {
    return this.byId.values();
  }
}
