/**
 * The planning pass: from one CIM namespace to per-class plans that say what each module
 * declares (names, TypeScript type texts, docs, which names it imports from which other
 * module). Emission (`emit-class.ts`) then only turns a plan into a structure.
 *
 * Naming is namespace-wide: every exported name (interfaces, const objects, method
 * parameter types, …) is unique across the namespace, so the namespace index can
 * `export *` every module, and a module's imports never collide with its own names.
 */

import type { CimClass, CimMethod, CimNamespace, CimParameter, CimProperty, CimQualifier, CimType, CimValue } from '../../model/cim/types.js';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { holdsEmbeddedObject } from '../../model/cim/lookup.js';
import { DocBuilder } from '../../templates/tsdoc.js';
import { bitMapFlags, valueMapEnum, type EnumPlan, type FlagsPlan } from './enums.js';
import { GLOBALS_USED_BY_EMITTED_CODE, NameScope, propertyKey, safeIdentifier } from './naming.js';
import { findQualifier, isQualifierTrue, numberQualifierText, stringArrayQualifier, stringQualifier } from './qualifiers.js';

/** Names imported from the runtime; reserved so no class or derived name takes them. */
export const RUNTIME_NAMES = ['defineClass', 'CimDateTime', 'CimInterval', 'ObjectPath', 'MethodSignature'] as const;
export type RuntimeName = (typeof RUNTIME_NAMES)[number];

/** A const object + union type emitted for a ValueMap, or a const of masks for a BitMap. */
export interface EnumDecl {
  readonly name: string;
  readonly kind: 'values' | 'flags';
  readonly values?: EnumPlan;
  readonly flags?: FlagsPlan;
  /** TSDoc text. */
  readonly doc: string;
  /** The class (plan id) whose module declares it. */
  readonly owner: string;
}

export interface MemberPlan {
  readonly name: string;
  /** Interface key: bare identifier or quoted. */
  readonly key: string;
  /** Element type (without array or null). */
  readonly elementType: string;
  /** The full type text as emitted. */
  readonly typeText: string;
  readonly readonly: boolean;
  readonly optional: boolean;
  /**
   * The TSDoc comment at `indent` (`DocBuilder.comment`), '' for none. Made when the module
   * is emitted and not kept: the descriptions are most of the text, and holding every
   * member's comment in the plans until the end (CIM 2.51: 45 MB) made every scavenge of
   * the run copy them.
   */
  comment(indent: string): string;
}

export interface PropertyPlan extends MemberPlan {
  readonly property: CimProperty;
  readonly isInterval: boolean;
  readonly writable: boolean;
}

export interface MethodPlan {
  readonly method: CimMethod;
  readonly key: string;
  /** Set when the method is declared (or overridden) here: its own parameter types. */
  readonly inType?: string;
  readonly outType?: string;
  readonly inMembers: readonly MemberPlan[];
  readonly outMembers: readonly MemberPlan[];
  /** For an inherited method: the superclass methods type to index (`CIM_X_Methods`). */
  readonly inheritedFrom?: string;
  /** The method's TSDoc comment at `indent` ('' for none). */
  comment(indent: string): string;
}

export interface ClassPlan {
  readonly cls: CimClass;
  /** Interface and const name. */
  readonly id: string;
  /** Module file base name (declared class name). */
  readonly moduleName: string;
  readonly superPlan: ClassPlan | undefined;
  /** Every property, inherited included, by lower-case name. */
  readonly allProperties: ReadonlyMap<string, PropertyPlan>;
  /** Properties this interface declares (own and overridden). */
  readonly ownProperties: readonly PropertyPlan[];
  /** Inherited property names whose type changes here (`extends Omit<Super, …>`). */
  readonly omitFromSuper: readonly string[];
  readonly enums: readonly EnumDecl[];
  readonly methodsType?: string;
  readonly staticMethodsType?: string;
  readonly keysType?: string;
  readonly methods: readonly MethodPlan[];
  readonly staticMethods: readonly MethodPlan[];
  /** The class's TSDoc comment at `indent`. */
  comment(indent: string): string;
  /** Other modules' names this module imports: module name → names. */
  readonly imports: ReadonlyMap<string, ReadonlySet<string>>;
  readonly runtimeImports: ReadonlySet<RuntimeName>;
}

export interface NamespacePlan {
  readonly namespace: string;
  /** Plans in class-name order. */
  readonly classes: readonly ClassPlan[];
  readonly diagnostics: readonly Diagnostic[];
}

const NUMBER_TYPES = new Set<CimType>(['uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'real32', 'real64']);

/** True for datetime members that hold intervals: `Interval`, `SubType("interval")`, or an interval default. */
export function isIntervalMember(type: CimType | 'void', qualifiers: readonly CimQualifier[], defaultValue?: CimValue): boolean {
  if (type !== 'datetime') return false;
  if (isQualifierTrue(qualifiers, 'Interval')) return true;
  if (stringQualifier(qualifiers, 'SubType')?.toLowerCase() === 'interval') return true;
  return typeof defaultValue === 'string' && defaultValue.length === 25 && defaultValue[21] === ':';
}

/** Builds the plans of one namespace (the classes given, which must be closed under superclass). */
export function planNamespace(ns: CimNamespace, classes: readonly CimClass[] = ns.classes): NamespacePlan {
  const diagnostics: Diagnostic[] = [];
  const scope = new NameScope([...RUNTIME_NAMES, ...GLOBALS_USED_BY_EMITTED_CODE]);
  const byLower = new Map<string, CimClass>();
  for (const c of classes) byLower.set(c.name.toLowerCase(), c);
  const ids = new Map<string, string>();
  for (const c of classes) ids.set(c.name.toLowerCase(), scope.claim(safeIdentifier(c.name)));
  const plans = new Map<string, ClassPlan>();
  const enumPlans = new Map<string, EnumPlan>();
  const inProgress = new Set<string>();

  const planOf = (cls: CimClass): ClassPlan => {
    const lower = cls.name.toLowerCase();
    const done = plans.get(lower);
    if (done) return done;
    if (inProgress.has(lower)) throw new Error(`superclass cycle at ${cls.name}`); // the resolver rejects cycles first
    inProgress.add(lower);
    let superPlan: ClassPlan | undefined;
    if (cls.superclass !== null) {
      const sup = byLower.get(cls.superclass.toLowerCase());
      if (sup) superPlan = planOf(sup);
      else
        diagnostics.push({
          severity: 'warning',
          code: 'GEN001',
          message: `class ${cls.name}: superclass ${cls.superclass} is not in namespace ${ns.name}; its inherited members are emitted on ${cls.name}`,
          location: cls.location,
        });
    }
    const plan = new ClassPlanner(cls, ids.get(lower)!, superPlan, scope, byLower, ids, ns.name, diagnostics, enumPlans).build();
    plans.set(lower, plan);
    inProgress.delete(lower);
    return plan;
  };

  const ordered = [...classes].sort((a, b) => compareNames(a.name, b.name));
  for (const c of ordered) planOf(c);
  return { namespace: ns.name, classes: ordered.map((c) => plans.get(c.name.toLowerCase())!), diagnostics };
}

/** The model's order: case-insensitive, then by spelling. */
export function compareNames(a: string, b: string): number {
  const la = a.toLowerCase();
  const lb = b.toLowerCase();
  return la < lb ? -1 : la > lb ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

class ClassPlanner {
  private readonly imports = new Map<string, Set<string>>();
  private readonly runtimeImports = new Set<RuntimeName>();
  private readonly enums: EnumDecl[] = [];

  constructor(
    private readonly cls: CimClass,
    private readonly id: string,
    private readonly superPlan: ClassPlan | undefined,
    private readonly scope: NameScope,
    private readonly byLower: ReadonlyMap<string, CimClass>,
    private readonly ids: ReadonlyMap<string, string>,
    private readonly namespace: string,
    private readonly diagnostics: Diagnostic[],
    /** ValueMap enums of the namespace by type name (shared by all planners). */
    private readonly enumPlans: Map<string, EnumPlan>,
  ) {}

  build(): ClassPlan {
    const { cls, superPlan, namespace } = this;
    // The fixed derived names first, so a member enum (say, of a property named
    // `Methods`) gives way to them rather than the other way round.
    const methodsType = cls.methods.some((m) => !m.isStatic) ? this.scope.claim(`${this.id}_Methods`) : undefined;
    const staticMethodsType = cls.methods.some((m) => m.isStatic) ? this.scope.claim(`${this.id}_StaticMethods`) : undefined;
    const keysType = cls.keys.length > 0 ? this.scope.claim(`${this.id}_Keys`) : undefined;
    const all = new Map<string, PropertyPlan>();
    const own: PropertyPlan[] = [];
    const omit: string[] = [];
    for (const prop of cls.properties) {
      const lower = prop.name.toLowerCase();
      const inheritedPlan = superPlan?.allProperties.get(lower);
      if (prop.inherited && inheritedPlan) {
        all.set(lower, inheritedPlan);
        continue;
      }
      const plan = this.planProperty(prop, inheritedPlan);
      all.set(lower, plan);
      own.push(plan);
      if (inheritedPlan && !this.overrideIsAssignable(plan, inheritedPlan)) omit.push(inheritedPlan.name);
    }
    if (superPlan) this.addImport(superPlan, superPlan.id);

    const instance: MethodPlan[] = [];
    const statics: MethodPlan[] = [];
    for (const m of cls.methods) {
      const plan = this.planMethod(m);
      (m.isStatic ? statics : instance).push(plan);
    }
    if (instance.length > 0 || statics.length > 0) this.runtimeImports.add('MethodSignature');
    this.runtimeImports.add('defineClass');

    return {
      cls,
      id: this.id,
      moduleName: cls.name,
      superPlan,
      allProperties: all,
      ownProperties: own,
      omitFromSuper: omit,
      enums: this.enums,
      methodsType,
      staticMethodsType,
      keysType,
      methods: instance,
      staticMethods: statics,
      comment: (indent: string) => classDoc(cls, namespace).comment(indent),
      imports: this.imports,
      runtimeImports: this.runtimeImports,
    };
  }

  /**
   * Whether an override's type is assignable to the inherited one, so the interface can
   * extend its superclass directly: a key that drops `| null`, a ValueMap that narrows a
   * plain number, a closed ValueMap inside the inherited one. Otherwise the inherited
   * member is omitted (`extends Omit<Super, 'X'>`), which costs the compiler more.
   */
  private overrideIsAssignable(next: PropertyPlan, prev: PropertyPlan): boolean {
    if (next.typeText === prev.typeText) return true;
    if (next.property.isArray !== prev.property.isArray) return false;
    if (next.typeText.endsWith(' | null') && !prev.typeText.endsWith(' | null')) return false;
    if (next.elementType === prev.elementType) return true;
    const ne = this.enumPlans.get(next.elementType);
    const pe = this.enumPlans.get(prev.elementType);
    if (!pe) return ne !== undefined && ne.base === prev.elementType;
    if (!ne || ne.base !== pe.base) return false;
    if (pe.open) return true;
    if (ne.open) return false;
    const inherited = new Set(pe.literals);
    return ne.literals.every((l) => inherited.has(l));
  }

  private addImport(from: ClassPlan | string, name: string): void {
    const moduleName = typeof from === 'string' ? from : from.moduleName;
    if (moduleName === this.cls.name) return;
    let names = this.imports.get(moduleName);
    if (!names) this.imports.set(moduleName, (names = new Set()));
    names.add(name);
  }

  private planProperty(prop: CimProperty, overridden: PropertyPlan | undefined): PropertyPlan {
    const q = prop.qualifiers;
    const isInterval = isIntervalMember(prop.type, q, prop.defaultValue);
    const elementType = this.elementType(prop, prop.name, q, isInterval, overridden);
    const writable = isQualifierTrue(q, 'Write');
    const nullable = !prop.isKey && !isQualifierTrue(q, 'Required');
    const typeText = withArrayAndNull(elementType, prop.isArray, nullable);
    return new PlannedProperty(prop, propertyKey(prop.name), elementType, typeText, isInterval, writable, this.cls.keys);
  }

  /**
   * The element type of a property, parameter or return value. Enums are declared in
   * this module, or reused from the overridden member's module when they are the same.
   */
  private elementType(
    member: { type: CimType | 'void'; refClass?: string; embeddedClass?: string },
    memberName: string,
    q: readonly CimQualifier[],
    isInterval: boolean,
    overridden?: MemberPlan,
    label = `${this.cls.name}.${memberName}`,
  ): string {
    const { type } = member;
    const values = valueMapEnum(type, q);
    if (values) {
      const reused = overridden && this.findEnum(overridden.elementType, values.signature);
      if (reused) return reused;
      const name = this.scope.claim(`${this.id}_${safeIdentifier(memberName).replace(/_$/, '')}`);
      this.enums.push({ name, kind: 'values', values, owner: this.id, doc: `Values of ${label} (ValueMap).` });
      this.enumPlans.set(name, values);
      return name;
    }
    const flags = bitMapFlags(type, q);
    if (flags) {
      const name = this.scope.claim(`${this.id}_${safeIdentifier(memberName).replace(/_$/, '')}`);
      this.enums.push({
        name,
        kind: 'flags',
        flags,
        owner: this.id,
        doc: `Bit masks of ${label} (BitMap); read them with \`flagNames(value, ${name})\` or \`hasFlag(value, ${name}.X)\`.`,
      });
    }
    switch (type) {
      case 'boolean':
        return 'boolean';
      case 'string':
      case 'char16':
        if (member.embeddedClass) return this.embeddedType(member.embeddedClass, memberName);
        // `[EmbeddedObject] string` (and an EmbeddedInstance whose class is unknown) is typed as `object` is.
        if (type === 'string' && holdsEmbeddedObject({ type, qualifiers: q })) return UNTYPED_INSTANCE;
        return 'string';
      case 'uint64':
      case 'sint64':
        return 'bigint';
      case 'datetime':
        this.runtimeImports.add(isInterval ? 'CimInterval' : 'CimDateTime');
        return isInterval ? 'CimInterval' : 'CimDateTime';
      case 'reference':
        this.runtimeImports.add('ObjectPath');
        // The class's own spelling, so `WmiClassMap[name]` finds it whatever case the MOF used.
        return member.refClass ? `ObjectPath<${quoteType(this.byLower.get(member.refClass.toLowerCase())?.name ?? member.refClass)}>` : 'ObjectPath';
      case 'object':
        return member.embeddedClass ? this.embeddedType(member.embeddedClass, memberName) : UNTYPED_INSTANCE;
      case 'void':
        return 'void';
      default:
        if (NUMBER_TYPES.has(type)) return 'number';
        return 'unknown';
    }
  }

  /** An already declared enum with this signature, found through the overridden member's type name. */
  private findEnum(typeName: string, signature: string): string | undefined {
    for (let p: ClassPlan | undefined = this.superPlan; p; p = p.superPlan) {
      const e = p.enums.find((x) => x.name === typeName);
      if (e) {
        if (e.values?.signature !== signature) return undefined;
        this.addImport(p, e.name);
        return e.name;
      }
    }
    return undefined;
  }

  private embeddedType(className: string, memberName: string): string {
    const target = this.byLower.get(className.toLowerCase());
    if (!target) {
      this.diagnostics.push({
        severity: 'warning',
        code: 'GEN002',
        message: `${this.cls.name}.${memberName}: embedded class ${className} is not in namespace ${this.namespace}; typed as an untyped instance`,
        location: this.cls.location,
      });
      return UNTYPED_INSTANCE;
    }
    const id = this.ids.get(className.toLowerCase())!;
    this.addImport(target.name, id);
    return id;
  }

  private planMethod(m: CimMethod): MethodPlan {
    const key = propertyKey(m.name);
    const superPlan = this.superPlan;
    if (m.inherited && superPlan) {
      const from = m.isStatic ? superPlan.staticMethodsType : superPlan.methodsType;
      const inheritedPlan = (m.isStatic ? superPlan.staticMethods : superPlan.methods).find((x) => x.method.name.toLowerCase() === m.name.toLowerCase());
      if (from && inheritedPlan) {
        this.addImport(superPlan, from);
        return new InheritedMethod(m, key, inheritedPlan, from);
      }
    }
    const base = `${this.id}_${safeIdentifier(m.name).replace(/_$/, '')}`;
    const inType = this.scope.claim(`${base}_In`);
    const outType = this.scope.claim(`${base}_Out`);
    const inMembers: MemberPlan[] = [];
    const outMembers: MemberPlan[] = [];
    for (const p of m.parameters) {
      if (p.in) inMembers.push(this.planParameter(m, p, true));
      if (p.out) outMembers.push(this.planParameter(m, p, false));
    }
    if (m.returnType !== 'void') {
      const retQualifiers = m.qualifiers;
      const element = this.elementType(
        { type: m.returnType, refClass: m.returnRefClass, embeddedClass: m.returnEmbeddedClass },
        `${m.name}_ReturnValue`,
        retQualifiers,
        isIntervalMember(m.returnType, retQualifiers),
        undefined,
        `the return value of ${this.cls.name}.${m.name}`,
      );
      const doc = new DocBuilder().note(`The return value of ${m.name}.`);
      const values = valueMapEnum(m.returnType, retQualifiers);
      if (values) doc.note(`Its meanings are the ValueMap of ${m.name}: see the type's const object.`);
      outMembers.unshift({
        name: 'ReturnValue',
        key: 'ReturnValue',
        elementType: element,
        typeText: withArrayAndNull(element, m.returnIsArray === true, false),
        readonly: true,
        optional: false,
        comment: (indent: string) => doc.comment(indent),
      });
    }
    return new DeclaredMethod(m, key, inType, outType, inMembers, outMembers);
  }

  private planParameter(m: CimMethod, p: CimParameter, asIn: boolean): MemberPlan {
    const q = p.qualifiers;
    const isInterval = isIntervalMember(p.type, q);
    const elementType = this.elementType(p, `${m.name}_${p.name}`, q, isInterval, undefined, `parameter ${p.name} of ${this.cls.name}.${m.name}`);
    const required = isQualifierTrue(q, 'Required');
    // In-parameters may be left out (WMI passes null); out-parameters may come back null.
    return new PlannedParameter(p, propertyKey(p.name), elementType, withArrayAndNull(elementType, p.isArray, !required), asIn && !required);
  }

}

function classDoc(cls: CimClass, namespace: string): DocBuilder {
  const doc = new DocBuilder().description(stringQualifier(cls.qualifiers, 'Description'));
  const kinds: string[] = [];
  if (cls.isAbstract) kinds.push('Abstract class');
  if (cls.isAssociation) kinds.push('Association');
  if (cls.isIndication) kinds.push('Indication');
  if (kinds.length > 0) doc.note(`${kinds.join('; ')}.`);
  if (cls.keys.length > 0) doc.note(`Keys: ${cls.keys.join(', ')}.`);
  doc.note(`CIM class ${cls.name} in ${cls.namespace || namespace}${cls.superclass ? `, subclass of ${cls.superclass}` : ''}.`);
  addLifecycleTags(doc, cls.qualifiers);
  return doc;
}

/** A declared or overriding property; its comment is made when asked for (see `MemberPlan.comment`). */
class PlannedProperty implements PropertyPlan {
  readonly name: string;
  readonly readonly: boolean;
  readonly optional = false;

  constructor(
    readonly property: CimProperty,
    readonly key: string,
    readonly elementType: string,
    readonly typeText: string,
    readonly isInterval: boolean,
    readonly writable: boolean,
    /** The keys of the class declaring it, named in a key's comment. */
    private readonly classKeys: readonly string[],
  ) {
    this.name = property.name;
    this.readonly = !writable;
  }

  comment(indent: string): string {
    const prop = this.property;
    const q = prop.qualifiers;
    const doc = new DocBuilder().description(stringQualifier(q, 'Description'));
    if (prop.isKey) doc.note(this.classKeys.length > 1 ? `Key property (the keys are ${this.classKeys.join(', ')}).` : 'Key property.');
    addValueNotes(doc, q, prop.type === 'reference' ? prop.refClass : undefined);
    if (prop.defaultValue !== undefined && prop.defaultValue !== null && !Array.isArray(prop.defaultValue) && typeof prop.defaultValue !== 'object') {
      doc.note(`Default: ${JSON.stringify(prop.defaultValue)}.`);
    }
    addLifecycleTags(doc, q);
    return doc.comment(indent);
  }
}

/** An in- or out-parameter of a declared method; its comment is made when asked for. */
class PlannedParameter implements MemberPlan {
  readonly name: string;
  readonly readonly = true;

  constructor(
    private readonly parameter: CimParameter,
    readonly key: string,
    readonly elementType: string,
    readonly typeText: string,
    readonly optional: boolean,
  ) {
    this.name = parameter.name;
  }

  comment(indent: string): string {
    const p = this.parameter;
    const q = p.qualifiers;
    const doc = new DocBuilder().description(stringQualifier(q, 'Description'));
    addValueNotes(doc, q, p.type === 'reference' ? p.refClass : undefined);
    if (p.in && p.out) doc.note('In and out parameter.');
    addLifecycleTags(doc, q);
    return doc.comment(indent);
  }
}

/**
 * A method declared (or overridden) by the class. Its comment is made when first asked for
 * and kept: every subclass's method map repeats it (`InheritedMethod`).
 */
class DeclaredMethod implements MethodPlan {
  private made: { readonly indent: string; readonly text: string } | undefined;

  constructor(
    readonly method: CimMethod,
    readonly key: string,
    readonly inType: string,
    readonly outType: string,
    readonly inMembers: readonly MemberPlan[],
    readonly outMembers: readonly MemberPlan[],
  ) {}

  comment(indent: string): string {
    if (this.made?.indent !== indent) {
      const m = this.method;
      const doc = new DocBuilder().description(stringQualifier(m.qualifiers, 'Description'));
      if (m.isStatic) doc.note(`Static method: called on the class, not on an instance.`);
      addLifecycleTags(doc, m.qualifiers);
      this.made = { indent, text: doc.comment(indent) };
    }
    return this.made.text;
  }
}

/** A method the class inherits unchanged: typed and documented by the superclass's plan. */
class InheritedMethod implements MethodPlan {
  readonly inMembers: readonly MemberPlan[];
  readonly outMembers: readonly MemberPlan[];

  constructor(
    readonly method: CimMethod,
    readonly key: string,
    private readonly inheritedPlan: MethodPlan,
    readonly inheritedFrom: string,
  ) {
    this.inMembers = inheritedPlan.inMembers;
    this.outMembers = inheritedPlan.outMembers;
  }

  comment(indent: string): string {
    return this.inheritedPlan.comment(indent);
  }
}

/** What an `object` without a known class becomes: any instance, read-only. */
export const UNTYPED_INSTANCE = 'Readonly<Record<string, unknown>>';

function withArrayAndNull(element: string, isArray: boolean, nullable: boolean): string {
  let t = element;
  if (isArray) t = /[|&]/.test(t) && !/^[A-Za-z_$][\w$]*<.*>$/.test(t) ? `readonly (${t})[]` : `readonly ${t}[]`;
  return nullable ? `${t} | null` : t;
}

function quoteType(text: string): string {
  return "'" + text.replace(/[\\']/g, (c) => '\\' + c) + "'";
}

function addValueNotes(doc: DocBuilder, q: readonly CimQualifier[], refClass: string | undefined): void {
  if (refClass) doc.note(`Reference to a ${refClass}.`);
  const units = stringQualifier(q, 'Units') ?? stringQualifier(q, 'PUnit');
  if (units) doc.note(`Units: ${units}.`);
  const maxLen = numberQualifierText(q, 'MaxLen');
  if (maxLen) doc.note(`Maximum length: ${maxLen}.`);
  const min = numberQualifierText(q, 'MinValue');
  const max = numberQualifierText(q, 'MaxValue');
  if (min !== undefined && max !== undefined) doc.note(`Range: ${min} to ${max}.`);
  else if (min !== undefined) doc.note(`Minimum: ${min}.`);
  else if (max !== undefined) doc.note(`Maximum: ${max}.`);
}

function addLifecycleTags(doc: DocBuilder, q: readonly CimQualifier[]): void {
  // Availability from the reference pages: the first client, then the first server release
  // (`@since Windows 8.1; Windows Server 2012 R2`), whichever are recorded.
  const since = [stringQualifier(q, 'MinimumClient'), stringQualifier(q, 'MinimumServer')].filter((v): v is string => v !== undefined && v.trim() !== '');
  if (since.length > 0) doc.tag('since', since.join('; '));
  if (findQualifier(q, 'Experimental') && isQualifierTrue(q, 'Experimental')) doc.tag('experimental');
  const deprecated = findQualifier(q, 'Deprecated');
  if (deprecated && deprecated.value !== false) {
    const replacements = (stringArrayQualifier(q, 'Deprecated') ?? []).filter((r) => r.trim() !== '' && r.toLowerCase() !== 'no value');
    doc.tag('deprecated', replacements.length > 0 ? `Use ${replacements.join(', ')} instead.` : 'Deprecated in the schema.');
  }
}
