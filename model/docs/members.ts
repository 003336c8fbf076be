/**
 * Inheritance decided top-down: each class keeps the members it declares (or overrides),
 * leaving the inherited ones to the ancestor that declares them; then the drafts become
 * typed CIM classes once every qualifier use is known.
 */

import type { CimClass, CimMethod, CimParameter, CimProperty, CimQualifier } from '../cim/types.js';
import type { Draft, MethodDraft, PropertyDraft } from './draft.js';
import { cmpName } from './order.js';
import { qualifierValue, sameQualifierUses, structuralQualifiers, type QualifierRegistry, type QualifierUse } from './qualifiers.js';
import type { Reports } from './reports.js';

export function shell(d: Draft, ancestors: string[]): CimClass {
  return {
    name: d.name,
    namespace: '',
    superclass: d.superclass ? (ancestors[0] ?? d.superclass) : null,
    ancestors,
    qualifiers: [],
    properties: [],
    methods: [],
    keys: [],
    isAssociation: false,
    isIndication: false,
    isAbstract: false,
    location: d.location,
  };
}

export function topoOrder(drafts: Map<string, Draft>): Draft[] {
  const out: Draft[] = [];
  const state = new Map<string, number>();
  const visit = (d: Draft): void => {
    const key = d.name.toLowerCase();
    if (state.get(key) === 2) return;
    if (state.get(key) === 1) {
      // A cycle in the pages' superclasses: break it here.
      d.superclass = null;
      return;
    }
    state.set(key, 1);
    const parent = d.superclass ? drafts.get(d.superclass.toLowerCase()) : undefined;
    if (parent) visit(parent);
    state.set(key, 2);
    out.push(d);
  };
  for (const key of [...drafts.keys()].sort()) visit(drafts.get(key) as Draft);
  return out;
}

/** A class with the members it declares itself, decided top-down. */
export interface DecidedClass {
  readonly draft: Draft;
  readonly ancestors: string[];
  readonly properties: PropertyDraft[];
  readonly methods: MethodDraft[];
}

/**
 * Top-down (`order`: ancestors first): leaves inherited members to the ancestor that
 * declares them, and notes every qualifier use of what is kept in the registry.
 */
export function decideOwnMembers(order: readonly Draft[], drafts: ReadonlyMap<string, Draft>, registry: QualifierRegistry, reports: Reports): DecidedClass[] {
  const declaredProps = new Map<string, Map<string, PropertyDraft>>();
  const declaredMethods = new Map<string, Set<string>>();
  const decided: DecidedClass[] = [];
  for (const d of order) {
    const parentKey = d.superclass?.toLowerCase();
    const inheritedProps = new Map(parentKey ? declaredProps.get(parentKey) : undefined);
    const inheritedMethods = new Set(parentKey ? declaredMethods.get(parentKey) : undefined);
    const ancestors: string[] = [];
    for (let s = d.superclass; s; s = drafts.get(s.toLowerCase())?.superclass ?? null) ancestors.push(drafts.get(s.toLowerCase())?.name ?? s);
    const ownProps = ownProperties(d, inheritedProps, reports);
    const ownMethods: MethodDraft[] = [];
    for (const m of d.methods) {
      if (inheritedMethods.has(m.name.toLowerCase()) && m.inheritedFrom && m.inheritedFrom.toLowerCase() !== d.name.toLowerCase()) continue;
      ownMethods.push(m);
    }
    for (const row of d.unlinkedRows) {
      const method = row.subject.slice(row.subject.indexOf('.') + 1).toLowerCase();
      if (!inheritedMethods.has(method)) reports.failures.push(row);
    }
    const all = new Map(inheritedProps);
    for (const p of ownProps) all.set(p.name.toLowerCase(), p);
    declaredProps.set(d.name.toLowerCase(), all);
    declaredMethods.set(d.name.toLowerCase(), new Set([...inheritedMethods, ...ownMethods.map((m) => m.name.toLowerCase())]));
    for (const q of d.qualifiers) registry.note(q);
    for (const p of ownProps) for (const q of p.qualifiers) registry.note(q);
    for (const m of ownMethods) {
      for (const q of m.qualifiers) registry.note(q);
      for (const p of m.parameters) for (const q of p.qualifiers) registry.note(q);
    }
    decided.push({ draft: d, ancestors, properties: ownProps, methods: ownMethods });
  }
  return decided;
}

/** The properties a class declares or overrides, given the ones it inherits. */
function ownProperties(d: Draft, inheritedProps: ReadonlyMap<string, PropertyDraft>, reports: Reports): PropertyDraft[] {
  const ownProps: PropertyDraft[] = [];
  const ancestorsHaveKeys = [...inheritedProps.values()].some((p) => p.qualifiers.some((q) => q.name.toLowerCase() === 'key'));
  for (const p of d.properties) {
    const above = inheritedProps.get(p.name.toLowerCase());
    if (above) {
      // The same property as the ancestor's: nothing to write. A page that gives it other
      // values, another description or other qualifiers overrides it (with the ancestor's type).
      if (sameQualifierUses(above.qualifiers, p.qualifiers)) continue;
      // A reference or embedded object may narrow its class in an override (Win32_DependentService).
      if (above.type === p.type && above.isArray === p.isArray) {
        ownProps.push(p);
        continue;
      }
      if (!p.inheritedFrom) reports.warn(d.page.file, `${d.name}.${p.name}`, `redeclares inherited ${p.name} as ${p.type}${p.isArray ? '[]' : ''} (was ${above.type}${above.isArray ? '[]' : ''}); written as an override with the inherited type`, p.location);
      ownProps.push({
        ...p,
        type: above.type,
        isArray: above.isArray,
        refClass: above.refClass,
        embeddedClass: above.embeddedClass,
        ...(above.arraySize !== undefined ? { arraySize: above.arraySize } : { arraySize: undefined }),
      });
      continue;
    }
    // A subclass cannot add keys to a class that already has them (a page's slip).
    const keyAt = p.qualifiers.findIndex((q) => q.name.toLowerCase() === 'key');
    if (keyAt >= 0 && ancestorsHaveKeys) {
      reports.warn(d.page.file, `${d.name}.${p.name}`, `marked Key, but ${d.superclass} already has keys; Key left out`, p.location);
      ownProps.push({ ...p, qualifiers: p.qualifiers.filter((_, i) => i !== keyAt) });
      continue;
    }
    ownProps.push(p);
  }
  return ownProps;
}

/** Qualifier uses turned into typed CimQualifiers, once every use is known; remembers the names used. */
class QualifierTyping {
  /** Lower-case names of the qualifiers written. */
  readonly used = new Set<string>();

  constructor(
    private readonly registry: QualifierRegistry,
    private readonly reports: Reports,
  ) {}

  convert(uses: readonly QualifierUse[], file: string, subject: string): CimQualifier[] {
    const out: CimQualifier[] = [];
    const seen = new Set<string>();
    for (const u of uses) {
      const key = u.name.toLowerCase();
      if (structuralQualifiers.has(key) || seen.has(key)) continue;
      const spec = this.registry.spec(u.name);
      const value = qualifierValue(u, spec);
      if (value === undefined) {
        this.reports.warn(file, subject, `qualifier ${u.name}${u.args ? `(${u.args.map((a) => String(a.value)).join(', ')})` : ''} does not fit its type ${spec.type}${spec.isArray ? '[]' : ''}; left out`);
        continue;
      }
      seen.add(key);
      this.used.add(key);
      out.push({ name: spec.name, value, flavor: spec.flavor, propagated: false });
    }
    return out;
  }
}

/** The decided classes as typed CIM classes, sorted by name, and the qualifier names they use. */
export function typedClasses(decided: readonly DecidedClass[], registry: QualifierRegistry, reports: Reports): { classes: CimClass[]; usedQualifiers: ReadonlySet<string> } {
  const typing = new QualifierTyping(registry, reports);
  const classes = decided.map((dc) => typedClass(dc, typing));
  classes.sort((a, b) => cmpName(a.name, b.name));
  return { classes, usedQualifiers: typing.used };
}

function typedClass({ draft: d, ancestors, properties: ownProps, methods: ownMethods }: DecidedClass, typing: QualifierTyping): CimClass {
  const c = shell(d, ancestors);
  const file = d.page.file;
  const properties: CimProperty[] = ownProps.map((p) => {
    const qualifiers = typing.convert(p.qualifiers, file, `${c.name}.${p.name}`);
    const prop: CimProperty = {
      name: p.name,
      type: p.type,
      ...(p.refClass ? { refClass: p.refClass } : {}),
      ...(p.embeddedClass ? { embeddedClass: p.embeddedClass } : {}),
      isArray: p.isArray,
      ...(p.arraySize !== undefined ? { arraySize: p.arraySize } : {}),
      ...(p.defaultValue !== undefined ? { defaultValue: p.defaultValue } : {}),
      qualifiers,
      isKey: qualifiers.some((q) => q.name === 'Key' && q.value === true),
      classOrigin: c.name,
      inherited: false,
      ...(p.location ? { location: p.location } : {}),
    };
    return prop;
  });
  const methods: CimMethod[] = ownMethods.map((m) => typedMethod(m, c.name, file, typing));
  const qualifiers = typing.convert(d.qualifiers, file, c.name);
  const flag = (n: string): boolean => qualifiers.some((q) => q.name.toLowerCase() === n && q.value === true);
  return {
    ...c,
    qualifiers,
    properties,
    methods,
    keys: properties.filter((p) => p.isKey).map((p) => p.name),
    isAssociation: flag('association'),
    isIndication: flag('indication'),
    isAbstract: flag('abstract'),
  };
}

function typedMethod(m: MethodDraft, className: string, file: string, typing: QualifierTyping): CimMethod {
  return {
    name: m.name,
    returnType: m.returnType,
    ...(m.returnRefClass ? { returnRefClass: m.returnRefClass } : {}),
    ...(m.returnEmbeddedClass ? { returnEmbeddedClass: m.returnEmbeddedClass } : {}),
    ...(m.returnIsArray ? { returnIsArray: true } : {}),
    parameters: m.parameters.map(
      (p): CimParameter => ({
        name: p.name,
        type: p.type,
        ...(p.refClass ? { refClass: p.refClass } : {}),
        ...(p.embeddedClass ? { embeddedClass: p.embeddedClass } : {}),
        isArray: p.isArray,
        ...(p.arraySize !== undefined ? { arraySize: p.arraySize } : {}),
        in: p.in,
        out: p.out,
        qualifiers: typing.convert(p.qualifiers, file, `${className}.${m.name}(${p.name})`),
      }),
    ),
    qualifiers: typing.convert(m.qualifiers, file, `${className}.${m.name}`),
    isStatic: m.isStatic,
    classOrigin: className,
    inherited: false,
    ...(m.location ? { location: m.location } : {}),
  };
}
