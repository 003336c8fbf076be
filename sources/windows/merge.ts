/**
 * One namespace of one Windows version: the classes, properties and methods that exist come
 * from Microsoft's Go bindings (captured from live WMI); exact CIM types, descriptions,
 * value lists, keys, qualifiers, Static and availability come from the reference pages
 * wherever a page documents the class in that namespace.
 *
 * Where only the Go facts speak the typing is conservative: a Go `string` stays a string
 * (it may be a datetime the pages would show), a struct-typed property is a reference in an
 * association and an embedded instance elsewhere, `interface{}` is an embedded object, a
 * Go enum type is a uint32 with the enum's ValueMap/Values; such classes and members say so in their Description, and a
 * class without any known key says that too. The output has the docs builder's shape:
 * classes carry only the members they declare, ready for the MOF writer.
 */

import type { DocsSchemaResult } from '../../model/docs/build.js';
import type { CimClass, CimFlavor, CimMethod, CimParameter, CimProperty, CimQualifier, CimQualifierType, CimSchema, CimType } from '../../model/cim/types.js';
import { wmiStandardQualifiers } from '../../model/cim/wmi-qualifiers.js';
import type { GoClassFacts, GoEnumFacts, GoMethod, GoNamespaceFacts, GoParameter, GoTypeRef } from '../wmi-go/read.js';

/** A method WMI declares Static that no page says is, with the public source that shows it. */
export interface StaticMethodEntry {
  readonly class: string;
  /** A method name, or `*` for every method of the class. */
  readonly method: string;
  readonly source: string;
}

export interface MergeOptions {
  /** `Windows Server 2019`: named in the notes of what only the Go facts show. */
  readonly osName: string;
  readonly staticMethods?: readonly StaticMethodEntry[];
  /**
   * Classes some page (in any namespace) declares an association, lower-case: a Go-only
   * class deriving from one (CIM_Dependency, CIM_Component, …) is an association too.
   */
  readonly associations?: ReadonlySet<string>;
  /** A sentence on which captured versions have the class, appended to its Description. */
  readonly availability?: (className: string) => string | undefined;
}

export interface MergeStats {
  readonly classes: number;
  /** Classes a page documents in this namespace. */
  readonly documentedClasses: number;
  readonly properties: number;
  /** Properties whose type and qualifiers come from a page. */
  readonly documentedProperties: number;
  readonly methods: number;
  readonly documentedMethods: number;
  /** Classes with no key anywhere in their chain (association and indication classes aside). */
  readonly classesWithoutKeys: number;
}

export interface MergeResult {
  readonly schema: CimSchema;
  readonly stats: MergeStats;
  /** Page members the OS does not have (in the Go facts of neither the class nor its ancestors). */
  readonly pageMembersNotOnOs: readonly string[];
  /** Types the merge could not place (a class named by a Go type that the namespace lacks). */
  readonly notes: readonly string[];
}

const defaultFlavor: CimFlavor = { toSubclass: true, overridable: true, translatable: false, amended: false, toInstance: false };

function description(text: string): CimQualifier {
  return { name: 'Description', value: text, flavor: defaultFlavor, propagated: false };
}

const intrinsicGoTypes: Readonly<Record<string, CimType>> = {
  string: 'string',
  bool: 'boolean',
  uint8: 'uint8',
  uint16: 'uint16',
  uint32: 'uint32',
  uint64: 'uint64',
  int8: 'sint8',
  int16: 'sint16',
  int32: 'sint32',
  int64: 'sint64',
  float32: 'real32',
  float64: 'real64',
};

interface TypeOf {
  readonly type: CimType;
  readonly refClass?: string;
  readonly embeddedClass?: string;
  readonly isArray: boolean;
}

const lower = (s: string): string => s.toLowerCase();

/** Own plus inherited members of a class of a (docs) schema, nearest declaration first. */
function effectiveMembers<T extends { name: string }>(classes: ReadonlyMap<string, CimClass>, name: string, pick: (c: CimClass) => readonly T[]): Map<string, T> {
  const out = new Map<string, T>();
  const seen = new Set<string>();
  for (let c = classes.get(lower(name)); c && !seen.has(lower(c.name)); c = c.superclass ? classes.get(lower(c.superclass)) : undefined) {
    seen.add(lower(c.name));
    for (const m of pick(c)) if (!out.has(lower(m.name))) out.set(lower(m.name), m);
  }
  return out;
}

/** Superclasses first, so a class is merged after the ones it inherits from. */
function ancestorsFirst(classes: readonly GoClassFacts[]): GoClassFacts[] {
  const byName = new Map(classes.map((c) => [lower(c.name), c]));
  const out: GoClassFacts[] = [];
  const done = new Set<string>();
  const visit = (c: GoClassFacts, depth: number): void => {
    if (done.has(lower(c.name)) || depth > 64) return;
    const sup = c.superclass ? byName.get(lower(c.superclass)) : undefined;
    if (sup) visit(sup, depth + 1);
    done.add(lower(c.name));
    out.push(c);
  };
  for (const c of [...classes].sort((a, b) => (lower(a.name) < lower(b.name) ? -1 : lower(a.name) > lower(b.name) ? 1 : 0))) visit(c, 0);
  return out;
}

/** Merges one namespace. `docs` is the docs builder's result for the same namespace, if any page places a class there. */
export function mergeNamespace(go: GoNamespaceFacts, docs: DocsSchemaResult | undefined, options: MergeOptions): MergeResult {
  const m = new NamespaceMerge(go, docs, options);
  for (const g of ancestorsFirst(go.classes)) m.mergeClass(g);
  return m.result();
}

type Placeable = <T extends { type: CimType; refClass?: string; embeddedClass?: string }>(t: T, subject: string) => T;

/** The state of one namespace's merge: the lookups, the classes merged so far, the counts. */
class NamespaceMerge {
  private readonly docsClasses: Map<string, CimClass>;
  /** Classes the builder pulled in from other namespaces' pages: they do not document this namespace. */
  private readonly pulledIn: Set<string>;
  private readonly goClasses: Map<string, GoClassFacts>;
  private readonly enums: Map<string, GoEnumFacts>;
  private readonly statics: Set<string>;
  private readonly merged = new Map<string, CimClass>();
  private readonly notes: string[] = [];
  private readonly pageMembersNotOnOs: string[] = [];
  private readonly counts = { properties: 0, documentedProperties: 0, methods: 0, documentedMethods: 0 };

  constructor(
    private readonly go: GoNamespaceFacts,
    private readonly docs: DocsSchemaResult | undefined,
    private readonly options: MergeOptions,
  ) {
    this.docsClasses = new Map((docs?.schema.namespaces[0]?.classes ?? []).map((c) => [lower(c.name), c]));
    this.pulledIn = new Set((docs?.warnings ?? []).filter((w) => w.reason.startsWith('pulled in from')).map((w) => lower(w.subject)));
    this.goClasses = new Map(go.classes.map((c) => [lower(c.name), c]));
    this.enums = new Map(go.enums.map((e) => [lower(e.name), e]));
    this.statics = new Set((options.staticMethods ?? []).map((s) => `${lower(s.class)}.${lower(s.method)}`));
  }

  private documented(name: string): CimClass | undefined {
    return this.pulledIn.has(lower(name)) ? undefined : this.docsClasses.get(lower(name));
  }

  private isAssociation(c: GoClassFacts): boolean {
    for (let k: GoClassFacts | undefined = c, i = 0; k && i < 64; k = k.superclass ? this.goClasses.get(lower(k.superclass)) : undefined, i++) {
      if (this.docsClasses.get(lower(k.name))?.isAssociation || this.options.associations?.has(lower(k.name))) return true;
    }
    return false;
  }

  private goType(ref: GoTypeRef, inAssociation: boolean, subject: string): TypeOf {
    const intrinsic = intrinsicGoTypes[ref.goType];
    if (intrinsic) return { type: intrinsic, isArray: ref.isArray };
    if (ref.goType === 'interface{}') return { type: 'object', isArray: ref.isArray };
    const cls = this.goClasses.get(lower(ref.goType))?.name;
    if (cls) return inAssociation && !ref.isArray ? { type: 'reference', refClass: cls, isArray: false } : { type: 'object', embeddedClass: cls, isArray: ref.isArray };
    if (this.enums.has(lower(ref.goType))) return { type: 'uint32', isArray: ref.isArray };
    this.notes.push(`${subject}: Go type ${ref.goType} names no class of ${this.go.namespace}; typed as an embedded object`);
    return { type: 'object', isArray: ref.isArray };
  }

  /** A page's type naming a class the namespace lacks cannot be written: fall back the way the docs builder does. */
  private readonly placeable: Placeable = (t, subject) => {
    if (t.refClass && !this.goClasses.has(lower(t.refClass))) {
      this.notes.push(`${subject}: the page's reference class ${t.refClass} is not in ${this.go.namespace}; typed as object ref`);
      const { refClass: _r, ...rest } = t;
      return rest as typeof t;
    }
    if (t.embeddedClass && !this.goClasses.has(lower(t.embeddedClass))) {
      this.notes.push(`${subject}: the page's embedded class ${t.embeddedClass} is not in ${this.go.namespace}; typed as object`);
      const { embeddedClass: _e, ...rest } = t;
      return rest as typeof t;
    }
    return t;
  };

  private properties(g: GoClassFacts, page: CimClass | undefined, inherited: ReadonlyMap<string, CimProperty>, assoc: boolean): CimProperty[] {
    const pageProps = page ? effectiveMembers(this.docsClasses, page.name, (c) => c.properties) : new Map<string, CimProperty>();
    const goNames = new Set(g.properties.map((p) => lower(p.name)));
    for (const p of page?.properties ?? []) if (!goNames.has(lower(p.name)) && !inherited.has(lower(p.name))) this.pageMembersNotOnOs.push(`${g.name}.${p.name}`);
    const own = g.properties.map((p) => {
      this.counts.properties++;
      const above = inherited.get(lower(p.name));
      const fromPage = pageProps.get(lower(p.name));
      if (fromPage) this.counts.documentedProperties++;
      let t: TypeOf = fromPage
        ? this.placeable({ type: fromPage.type, refClass: fromPage.refClass, embeddedClass: fromPage.embeddedClass, isArray: fromPage.isArray }, `${g.name}.${p.name}`)
        : this.goType(p, assoc, `${g.name}.${p.name}`);
      // An override keeps the type of the property it overrides.
      if (above) t = { type: above.type, refClass: above.refClass, embeddedClass: above.embeddedClass, isArray: above.isArray };
      const qualifiers = fromPage
        ? fromPage.qualifiers.filter((q) => !(above && q.name === 'Key'))
        : [description(`Not on a reference page for ${g.name} in ${this.go.namespace}: known from Microsoft's Go bindings of ${this.options.osName}, the type inferred from Go's.`), ...enumValueList(this.enums.get(lower(p.goType)))];
      return {
        name: p.name,
        type: t.type,
        ...(t.refClass ? { refClass: t.refClass } : {}),
        ...(t.embeddedClass ? { embeddedClass: t.embeddedClass } : {}),
        isArray: t.isArray,
        ...(fromPage?.arraySize !== undefined ? { arraySize: fromPage.arraySize } : {}),
        qualifiers,
        isKey: qualifiers.some((q) => q.name === 'Key' && q.value === true),
        classOrigin: g.name,
        inherited: false,
      };
    });
    return [...own, ...this.pageOverrides(g, page, goNames, inherited)];
  }

  /**
   * Properties a page declares again on a class that inherits them (CIM_Service.Name made a
   * key, Win32_BaseService.StartMode with its own values). Go's structs list each property
   * once, on the class that first has it, so only the page says the subclass overrides it.
   * A key is kept where CIM allows one: on a property that already is one, or where no
   * ancestor has keys.
   */
  private pageOverrides(g: GoClassFacts, page: CimClass | undefined, goNames: ReadonlySet<string>, inherited: ReadonlyMap<string, CimProperty>): CimProperty[] {
    const ancestorsHaveKeys = [...inherited.values()].some((p) => p.isKey);
    const out: CimProperty[] = [];
    for (const p of page?.properties ?? []) {
      const above = inherited.get(lower(p.name));
      if (!above || goNames.has(lower(p.name))) continue;
      const keyAllowed = above.isKey || !ancestorsHaveKeys;
      const qualifiers = p.qualifiers.filter((q) => q.name !== 'Key' || keyAllowed);
      out.push({
        name: above.name,
        type: above.type,
        ...(above.refClass ? { refClass: above.refClass } : {}),
        ...(above.embeddedClass ? { embeddedClass: above.embeddedClass } : {}),
        isArray: above.isArray,
        ...(above.arraySize !== undefined ? { arraySize: above.arraySize } : {}),
        qualifiers,
        isKey: qualifiers.some((q) => q.name === 'Key' && q.value === true),
        classOrigin: g.name,
        inherited: false,
      });
    }
    return out;
  }

  private methods(g: GoClassFacts, page: CimClass | undefined): CimMethod[] {
    const pageMethods = page ? effectiveMembers(this.docsClasses, page.name, (c) => c.methods) : new Map<string, CimMethod>();
    const typeOf = (r: GoTypeRef, s: string): TypeOf => this.goType(r, false, s);
    const note = `Not on the method's reference page: known from Microsoft's Go bindings of ${this.options.osName}, the type inferred from Go's.`;
    return g.methods.map((m) => {
      this.counts.methods++;
      const fromPage = pageMethods.get(lower(m.name));
      if (fromPage) this.counts.documentedMethods++;
      const isStatic = (fromPage?.isStatic ?? false) || this.statics.has(`${lower(g.name)}.${lower(m.name)}`) || this.statics.has(`${lower(g.name)}.*`);
      return fromPage
        ? documentedMethod(fromPage, m, g.name, isStatic, this.placeable, (p) => goParameter(p, `${g.name}.${m.name}(${p.name})`, typeOf, note))
        : goMethod(m, g.name, isStatic, typeOf, this.options.osName, this.go.namespace);
    });
  }

  private classQualifiers(g: GoClassFacts, page: CimClass | undefined, keyed: boolean, assoc: boolean): CimQualifier[] {
    const out: CimQualifier[] = page
      ? [...page.qualifiers]
      : [
          description(
            `Not documented by a reference page in ${this.go.namespace}: known from Microsoft's Go bindings of ${this.options.osName}, which give no descriptions and lose CIM detail (a datetime shows as a string).` +
              (keyed ? '' : ' No key properties are known.'),
          ),
        ];
    const seenOn = this.options.availability?.(g.name);
    if (seenOn) {
      const at = out.findIndex((q) => q.name === 'Description');
      const text = at >= 0 && typeof out[at].value === 'string' ? `${out[at].value as string}\n\n${seenOn}` : seenOn;
      if (at >= 0) out[at] = { ...out[at], value: text };
      else out.push(description(text));
    }
    if (assoc && !out.some((q) => q.name === 'Association')) out.push({ name: 'Association', value: true, flavor: { ...defaultFlavor, overridable: false }, propagated: false });
    return out;
  }

  /** Merges one class; its superclass (when in the namespace) is merged already. */
  mergeClass(g: GoClassFacts): void {
    const page = this.documented(g.name);
    const assoc = page?.isAssociation === true || this.isAssociation(g);
    const superclass = g.superclass ? (this.goClasses.get(lower(g.superclass))?.name ?? null) : null;
    if (g.superclass && !superclass) this.notes.push(`${g.name}: superclass ${g.superclass} is not in ${this.go.namespace}; written as a root class`);
    const inherited = superclass ? effectiveMembers(this.merged, superclass, (c) => c.properties) : new Map<string, CimProperty>();
    const properties = this.properties(g, page, inherited, assoc);
    const methods = this.methods(g, page);
    const keyed = properties.some((p) => p.isKey) || [...inherited.values()].some((p) => p.isKey);
    const qualifiers = this.classQualifiers(g, page, keyed, assoc);
    const flag = (n: string): boolean => qualifiers.some((q) => lower(q.name) === n && q.value === true);
    this.merged.set(lower(g.name), {
      name: g.name,
      namespace: this.go.namespace,
      superclass,
      ancestors: superclass ? [superclass, ...(this.merged.get(lower(superclass))?.ancestors ?? [])] : [],
      qualifiers,
      properties,
      methods,
      keys: properties.filter((p) => p.isKey).map((p) => p.name),
      isAssociation: assoc,
      isIndication: flag('indication'),
      isAbstract: flag('abstract'),
    });
  }

  result(): MergeResult {
    const classes = [...this.merged.values()].sort((a, b) => (lower(a.name) < lower(b.name) ? -1 : lower(a.name) > lower(b.name) ? 1 : a.name < b.name ? -1 : 1));
    return {
      schema: { namespaces: [{ name: this.go.namespace, qualifierTypes: qualifierDeclarations(this.docs?.schema.namespaces[0]?.qualifierTypes ?? []), classes, instances: [] }] },
      stats: {
        classes: classes.length,
        documentedClasses: classes.filter((c) => this.documented(c.name)).length,
        ...this.counts,
        classesWithoutKeys: classes.filter((c) => !c.isAssociation && !c.isIndication && !effectiveKeys(this.merged, c)).length,
      },
      pageMembersNotOnOs: this.pageMembersNotOnOs,
      notes: this.notes,
    };
  }
}

function effectiveKeys(classes: ReadonlyMap<string, CimClass>, c: CimClass): boolean {
  return [...effectiveMembers(classes, c.name, (k) => k.properties).values()].some((p) => p.isKey);
}

/**
 * A method a page documents: the page's return type and qualifiers; the parameters the OS
 * has (the Go facts' list and order), each as the page types it when the page has it (pages
 * can be older than the OS: MSFT_Disk.Clear gained Sanitize and RunAsJob).
 */
function documentedMethod(
  m: CimMethod,
  goM: GoMethod,
  className: string,
  isStatic: boolean,
  placeable: Placeable,
  goParameter: (p: GoParameter) => CimParameter,
): CimMethod {
  const fromPage = new Map(m.parameters.map((p) => [lower(p.name), p]));
  return {
    ...m,
    parameters: goM.parameters.map((gp) => {
      const p = fromPage.get(lower(gp.name));
      return p ? placeable(p, `${className}.${m.name}(${p.name})`) : goParameter(gp);
    }),
    isStatic,
    classOrigin: className,
    inherited: false,
  };
}

function goParameter(p: GoParameter, subject: string, typeOf: (r: GoTypeRef, subject: string) => TypeOf, note?: string): CimParameter {
  const t = typeOf(p, subject);
  const qualifiers: CimQualifier[] = [];
  if (note) qualifiers.push(description(note));
  if (p.optional) qualifiers.push({ name: 'Optional', value: true, flavor: defaultFlavor, propagated: false });
  return {
    name: p.name,
    type: t.type,
    ...(t.refClass ? { refClass: t.refClass } : {}),
    ...(t.embeddedClass ? { embeddedClass: t.embeddedClass } : {}),
    isArray: t.isArray,
    in: p.in,
    out: p.out,
    qualifiers,
  };
}

function goMethod(m: GoMethod, className: string, isStatic: boolean, typeOf: (r: GoTypeRef, subject: string) => TypeOf, osName: string, namespace: string): CimMethod {
  return {
    name: m.name,
    // The bindings return every method's result as a uint32.
    returnType: 'uint32',
    parameters: m.parameters.map((p) => goParameter(p, `${className}.${m.name}(${p.name})`, typeOf)),
    qualifiers: [description(`Not on a reference page for ${className} in ${namespace}: known from Microsoft's Go bindings of ${osName}, parameter types inferred from Go's.`)],
    isStatic,
    classOrigin: className,
    inherited: false,
  };
}

/**
 * A Go enum as ValueMap/Values: the bindings keep the values and Go-safe names (spaces and
 * punctuation became `_`, ranges a single value), which is all that is known without a page.
 */
function enumValueList(e: GoEnumFacts | undefined): CimQualifier[] {
  if (!e) return [];
  return [
    { name: 'ValueMap', value: e.members.map((m) => String(m.value)), flavor: defaultFlavor, propagated: false },
    { name: 'Values', value: e.members.map((m) => m.name), flavor: defaultFlavor, propagated: false },
  ];
}

/** The docs builder's declarations plus the standard ones the merge itself writes. */
function qualifierDeclarations(fromDocs: readonly CimQualifierType[]): CimQualifierType[] {
  const out = [...fromDocs];
  for (const name of ['Description', 'Association', 'Optional', 'ValueMap', 'Values']) {
    if (out.some((q) => lower(q.name) === lower(name))) continue;
    const std = wmiStandardQualifiers.find((q) => lower(q.name) === lower(name));
    if (!std) continue;
    out.push({
      name: std.name,
      type: std.type,
      isArray: std.isArray,
      defaultValue: null,
      scopes: ['any'],
      flavor: std.restricted ? { ...defaultFlavor, toSubclass: false } : std.disableOverride ? { ...defaultFlavor, overridable: false } : defaultFlavor,
      builtin: false,
    });
  }
  return out;
}
