/**
 * Case-insensitive lookups over the resolved model. Names in the model keep their declared
 * spelling; MOF and WMI compare them without regard to case.
 */

import { namespaceKey } from '../../common/namespaces.js';
import type { CimClass, CimMethod, CimNamespace, CimProperty, CimQualifier, CimQualifierType, CimSchema, CimValue } from './types.js';

const eq = (a: string, b: string): boolean => a.length === b.length && a.toLowerCase() === b.toLowerCase();

function isSchema(x: CimSchema | CimNamespace): x is CimSchema {
  return (x as CimSchema).namespaces !== undefined;
}


export function findNamespace(schema: CimSchema, name: string): CimNamespace | undefined {
  const key = namespaceKey(name);
  return schema.namespaces.find((n) => namespaceKey(n.name) === key);
}

/**
 * Finds a class by name in a namespace, or in a schema (the first namespace that has it,
 * namespaces in their sorted order; pass `namespace` to restrict).
 */
export function findClass(scope: CimSchema | CimNamespace, name: string, namespace?: string): CimClass | undefined {
  if (isSchema(scope)) {
    if (namespace !== undefined) {
      const ns = findNamespace(scope, namespace);
      return ns ? findClass(ns, name) : undefined;
    }
    for (const ns of scope.namespaces) {
      const c = findClass(ns, name);
      if (c) return c;
    }
    return undefined;
  }
  return binaryFind(scope.classes, name) ?? scope.classes.find((c) => eq(c.name, name));
}

/** Classes are sorted by lower-cased name, so a binary search finds them. */
function binaryFind(list: readonly CimClass[], name: string): CimClass | undefined {
  const key = name.toLowerCase();
  let lo = 0;
  let hi = list.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const k = list[mid].name.toLowerCase();
    if (k === key) return list[mid];
    if (k < key) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

export function findProperty(cls: CimClass, name: string): CimProperty | undefined {
  return cls.properties.find((p) => eq(p.name, name));
}

export function findMethod(cls: CimClass, name: string): CimMethod | undefined {
  return cls.methods.find((m) => eq(m.name, name));
}

export function findQualifier(list: readonly CimQualifier[] | { readonly qualifiers: readonly CimQualifier[] }, name: string): CimQualifier | undefined {
  const qs = Array.isArray(list) ? (list as readonly CimQualifier[]) : (list as { qualifiers: readonly CimQualifier[] }).qualifiers;
  return qs.find((q) => eq(q.name, name));
}

/** The value of a qualifier, or `undefined` when the element does not carry it. */
export function qualifierValue(list: readonly CimQualifier[] | { readonly qualifiers: readonly CimQualifier[] }, name: string): CimValue | undefined {
  return findQualifier(list, name)?.value;
}

export function findQualifierType(ns: CimNamespace, name: string): CimQualifierType | undefined {
  return ns.qualifierTypes.find((q) => eq(q.name, name));
}

/** All classes of a schema, across namespaces, in namespace then class order. */
export function allClasses(schema: CimSchema): CimClass[] {
  return schema.namespaces.flatMap((n) => [...n.classes]);
}

/**
 * True when a property, parameter or return value holds an embedded object: declared
 * `object` (or class-typed), or a string qualified `EmbeddedObject` or
 * `EmbeddedInstance("X")`, which is how DMTF's schemas declare embedded objects (live WMI
 * reports such properties as objects, CIMTYPE `object:X`).
 */
export function holdsEmbeddedObject(member: {
  readonly type: string;
  readonly embeddedClass?: string;
  readonly qualifiers: readonly CimQualifier[];
}): boolean {
  if (member.type === 'object') return true;
  if (member.type !== 'string') return false;
  if (member.embeddedClass !== undefined || findQualifier(member.qualifiers, 'EmbeddedInstance') !== undefined) return true;
  return qualifierValue(member.qualifiers, 'EmbeddedObject') === true;
}
