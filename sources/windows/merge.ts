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
  const docsNs = docs?.schema.namespaces[0];
  const docsClasses = new Map((docsNs?.classes ?? []).map((c) => [lower(c.name), c]));
  // Classes the builder pulled in from other namespaces' pages do not document this namespace.
  const pulledIn = new Set((docs?.warnings ?? []).filter((w) => w.reason.startsWith('pulled in from')).map((w) => lower(w.subject)));
  const documented = (name: string): CimClass | undefined => (pulledIn.has(lower(name)) ? undefined : docsClasses.get(lower(name)));
  const goClasses = new Map(go.classes.map((c) => [lower(c.name), c]));
  const enums = new Map(go.enums.map((e) => [lower(e.name), e]));
  const enumNames = new Set(enums.keys());
  const statics = new Set((options.staticMethods ?? []).map((s) => `${lower(s.class)}.${lower(s.method)}`));
  const notes: string[] = [];
  const pageMembersNotOnOs: string[] = [];

  const merged = new Map<string, CimClass>();
  const effective = (name: string): Map<string, CimProperty> => effectiveMembers(merged, name, (c) => c.properties);
  const isAssociation = (c: GoClassFacts): boolean => {
    for (let k: GoClassFacts | undefined = c, i = 0; k && i < 64; k = k.superclass ? goClasses.get(lower(k.superclass)) : undefined, i++) {
      if (docsClasses.get(lower(k.name))?.isAssociation || options.associations?.has(lower(k.name))) return true;
    }
    return false;
  };

  const goType = (ref: GoTypeRef, inAssociation: boolean, subject: string): TypeOf => {
    const intrinsic = intrinsicGoTypes[ref.goType];
    if (intrinsic) return { type: intrinsic, isArray: ref.isArray };
    if (ref.goType === 'interface{}') return { type: 'object', isArray: ref.isArray };
    if (goClasses.has(lower(ref.goType))) {
      const cls = goClasses.get(lower(ref.goType))!.name;
      return inAssociation && !ref.isArray ? { type: 'reference', refClass: cls, isArray: false } : { type: 'object', embeddedClass: cls, isArray: ref.isArray };
    }
    if (enumNames.has(lower(ref.goType))) return { type: 'uint32', isArray: ref.isArray };
    notes.push(`${subject}: Go type ${ref.goType} names no class of ${go.namespace}; typed as an embedded object`);
    return { type: 'object', isArray: ref.isArray };
  };

  // A page's type naming a class the namespace lacks cannot be written: fall back the way the docs builder does.
  const placeable = <T extends { type: CimType; refClass?: string; embeddedClass?: string }>(t: T, subject: string): T => {
    if (t.refClass && !goClasses.has(lower(t.refClass))) {
      notes.push(`${subject}: the page's reference class ${t.refClass} is not in ${go.namespace}; typed as object ref`);
      const { refClass: _r, ...rest } = t;
      return rest as T;
    }
    if (t.embeddedClass && !goClasses.has(lower(t.embeddedClass))) {
      notes.push(`${subject}: the page's embedded class ${t.embeddedClass} is not in ${go.namespace}; typed as object`);
      const { embeddedClass: _e, ...rest } = t;
      return rest as T;
    }
    return t;
  };

  let documentedProperties = 0;
  let documentedMethods = 0;
  let propertyCount = 0;
  let methodCount = 0;
  for (const g of ancestorsFirst(go.classes)) {
    const page = documented(g.name);
    const assoc = page?.isAssociation === true || isAssociation(g);
    const superclass = g.superclass && goClasses.has(lower(g.superclass)) ? goClasses.get(lower(g.superclass))!.name : null;
    if (g.superclass && !superclass) notes.push(`${g.name}: superclass ${g.superclass} is not in ${go.namespace}; written as a root class`);
    const inherited = superclass ? effective(superclass) : new Map<string, CimProperty>();
    const pageProps = page ? effectiveMembers(docsClasses, page.name, (c) => c.properties) : new Map<string, CimProperty>();
    const goNames = new Set(g.properties.map((p) => lower(p.name)));
    if (page) {
      for (const p of page.properties) if (!goNames.has(lower(p.name)) && !inherited.has(lower(p.name))) pageMembersNotOnOs.push(`${g.name}.${p.name}`);
    }
    const properties: CimProperty[] = g.properties.map((p) => {
      propertyCount++;
      const above = inherited.get(lower(p.name));
      const fromPage = pageProps.get(lower(p.name));
      if (fromPage) documentedProperties++;
      let t: TypeOf = fromPage ? placeable({ type: fromPage.type, refClass: fromPage.refClass, embeddedClass: fromPage.embeddedClass, isArray: fromPage.isArray }, `${g.name}.${p.name}`) : goType(p, assoc, `${g.name}.${p.name}`);
      // An override keeps the type of the property it overrides.
      if (above) t = { type: above.type, refClass: above.refClass, embeddedClass: above.embeddedClass, isArray: above.isArray };
      const qualifiers = fromPage
        ? fromPage.qualifiers.filter((q) => !(above && q.name === 'Key'))
        : [description(`Not on a reference page for ${g.name} in ${go.namespace}: known from Microsoft's Go bindings of ${options.osName}, the type inferred from Go's.`), ...enumValueList(enums.get(lower(p.goType)))];
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
    const pageMethods = page ? effectiveMembers(docsClasses, page.name, (c) => c.methods) : new Map<string, CimMethod>();
    const methods: CimMethod[] = g.methods.map((m) => {
      methodCount++;
      const fromPage = pageMethods.get(lower(m.name));
      if (fromPage) documentedMethods++;
      const isStatic = (fromPage?.isStatic ?? false) || statics.has(`${lower(g.name)}.${lower(m.name)}`) || statics.has(`${lower(g.name)}.*`);
      const typeOf = (r: GoTypeRef, s: string): TypeOf => goType(r, false, s);
      const note = `Not on the method's reference page: known from Microsoft's Go bindings of ${options.osName}, the type inferred from Go's.`;
      return fromPage
        ? documentedMethod(fromPage, m, g.name, isStatic, placeable, (p) => goParameter(p, `${g.name}.${m.name}(${p.name})`, typeOf, note))
        : goMethod(m, g.name, isStatic, typeOf, options.osName, go.namespace);
    });
    const keyed = properties.some((p) => p.isKey) || [...inherited.values()].some((p) => p.isKey);
    const classQualifiers: CimQualifier[] = page
      ? [...page.qualifiers]
      : [
          description(
            `Not documented by a reference page in ${go.namespace}: known from Microsoft's Go bindings of ${options.osName}, which give no descriptions and lose CIM detail (a datetime shows as a string).` +
              (keyed ? '' : ' No key properties are known.'),
          ),
        ];
    const seenOn = options.availability?.(g.name);
    if (seenOn) {
      const at = classQualifiers.findIndex((q) => q.name === 'Description');
      const text = at >= 0 && typeof classQualifiers[at].value === 'string' ? `${classQualifiers[at].value as string}\n\n${seenOn}` : seenOn;
      if (at >= 0) classQualifiers[at] = { ...classQualifiers[at], value: text };
      else classQualifiers.push(description(text));
    }
    if (assoc && !classQualifiers.some((q) => q.name === 'Association')) classQualifiers.push({ name: 'Association', value: true, flavor: { ...defaultFlavor, overridable: false }, propagated: false });
    const flag = (n: string): boolean => classQualifiers.some((q) => lower(q.name) === n && q.value === true);
    const ancestors = superclass ? [superclass, ...(merged.get(lower(superclass))?.ancestors ?? [])] : [];
    merged.set(lower(g.name), {
      name: g.name,
      namespace: go.namespace,
      superclass,
      ancestors,
      qualifiers: classQualifiers,
      properties,
      methods,
      keys: properties.filter((p) => p.isKey).map((p) => p.name),
      isAssociation: assoc,
      isIndication: flag('indication'),
      isAbstract: flag('abstract'),
    });
  }

  const classes = [...merged.values()].sort((a, b) => (lower(a.name) < lower(b.name) ? -1 : lower(a.name) > lower(b.name) ? 1 : a.name < b.name ? -1 : 1));
  const qualifierTypes = qualifierDeclarations(docsNs?.qualifierTypes ?? []);
  return {
    schema: { namespaces: [{ name: go.namespace, qualifierTypes, classes, instances: [] }] },
    stats: {
      classes: classes.length,
      documentedClasses: classes.filter((c) => documented(c.name)).length,
      properties: propertyCount,
      documentedProperties,
      methods: methodCount,
      documentedMethods,
      classesWithoutKeys: classes.filter((c) => !c.isAssociation && !c.isIndication && !effectiveKeys(merged, c)).length,
    },
    pageMembersNotOnOs,
    notes,
  };
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
  placeable: <T extends { type: CimType; refClass?: string; embeddedClass?: string }>(t: T, subject: string) => T,
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
