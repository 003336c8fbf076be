/**
 * Resolution: from parsed productions (with their namespace) to the `CimSchema` of
 * `types.ts`. Per namespace: qualifier types (WMI's built-ins unless strict), classes with
 * superclass chains resolved in any order of declaration, inherited and overridden members,
 * qualifiers propagated by flavor, keys; then instances type-checked against their class
 * and aliases checked across the whole load.
 */

import { sameName } from './names.js';
import type {
  ClassAst, FeatureAst, InstanceAst, MethodAst, ParameterAst, ProductionAst, PropertyAst, QualifierAst, QualifierDeclAst, ValueAst,
} from '../../grammar/mof/ast.js';
import { parseMof } from '../../grammar/mof/index.js';
import type { SourceLocation } from '../../grammar/diagnostics.js';
import { DiagnosticSink, MofCode, MofSource } from './errors.js';
import type {
  CimClass, CimFlavor, CimInstance, CimMethod, CimNamespace, CimParameter, CimProperty, CimQualifier, CimQualifierType,
  CimSchema, CimType, CimValue, QualifierScope,
} from './types.js';
import { convertValue, inferType, intrinsicTypes, plainValue, valuesEqual, type ConvertProblem } from './values.js';
import { wmiStandardQualifiers } from './wmi-qualifiers.js';
import { wmiSystemClassesMof } from './wmi-system-classes.js';

export interface MofUnit {
  readonly source: MofSource;
  readonly namespace: string;
  readonly production: ProductionAst;
}

export interface ResolveOptions {
  readonly strict: boolean;
}

const defaultFlavor: CimFlavor = { toSubclass: true, overridable: true, translatable: false, amended: false, toInstance: false };

const scopeNames: ReadonlySet<string> = new Set([
  'any', 'class', 'association', 'indication', 'property', 'reference', 'method', 'parameter', 'qualifier', 'schema', 'instance',
]);

/**
 * The kinds of element a qualifier can be written on, each with the declared scopes that
 * admit it (an association or indication is also a class) and its bit in
 * `QualType.admittedKinds`. Passed around as these objects rather than as names: looking a
 * variable name up in an object or a Map cost 20-30 ns per qualifier use.
 */
interface ElementKind {
  readonly name: string;
  readonly bit: number;
  readonly scopes: readonly QualifierScope[];
}
const elementKind = {
  class: { name: 'class', bit: 1, scopes: ['class'] },
  association: { name: 'association', bit: 2, scopes: ['association', 'class'] },
  indication: { name: 'indication', bit: 4, scopes: ['indication', 'class'] },
  property: { name: 'property', bit: 8, scopes: ['property'] },
  reference: { name: 'reference', bit: 16, scopes: ['reference', 'property'] },
  method: { name: 'method', bit: 32, scopes: ['method'] },
  parameter: { name: 'parameter', bit: 64, scopes: ['parameter'] },
  instance: { name: 'instance', bit: 128, scopes: ['instance', 'class'] },
} as const satisfies Record<string, ElementKind>;
const elementKinds: readonly ElementKind[] = Object.values(elementKind);

/** Reused by qualifier value conversion, which runs tens of thousands of times on CIM. */
const scratchProblems: ConvertProblem[] = [];

/** Whether a qualifier type's scopes admit an element kind (worked out once per type for every kind). */
function admits(qt: QualType, kind: ElementKind): boolean {
  let mask = qt.admittedKinds;
  if (mask === undefined) {
    mask = 0;
    for (const k of elementKinds) if (qt.scopes.includes('any') || k.scopes.some((s) => qt.scopes.includes(s))) mask |= k.bit;
    qt.admittedKinds = mask;
  }
  return (mask & kind.bit) !== 0;
}

/**
 * A qualifier use with the type's own flavor. Uses with the same small value (`Key`,
 * `Override("Name")`, `MaxLen(256)`, `Version("2.6.0")`) are one shared object per
 * qualifier type: about a third of CIM 2.51's 42,000 qualifier objects. Strings are shared
 * only when shorter than 13 characters: V8 keeps those flat, so using them as a map key
 * never flattens a concatenated Description.
 */
function sharedQualifier(qt: QualType, value: CimValue): CimQualifier {
  // (-0 is left out too: a Map takes it for 0.)
  if (value === null || typeof value === 'object' || (typeof value === 'string' && value.length > 12) || Object.is(value, -0)) {
    return { name: qt.name, value, flavor: qt.flavor, propagated: false };
  }
  const shared = (qt.sharedUses ??= new Map());
  let q = shared.get(value);
  if (q === undefined) {
    q = { name: qt.name, value, flavor: qt.flavor, propagated: false };
    shared.set(value, q);
  }
  return q;
}

interface QualType extends CimQualifierType {
  /** `sharedQualifier`'s uses of this type by value. */
  sharedUses?: Map<CimValue, CimQualifier>;
  /** Bit set of the element kinds the scopes admit (`ElementKind.bit`), once known. */
  admittedKinds?: number;
  used: boolean;
  /** WMI's untyped declaration: the first use with a value sets the type. */
  untyped?: boolean;
  type: CimType;
  isArray: boolean;
  /** Built-in WMI types accept values of other types as written. */
  readonly lenient: boolean;
}

const lower = (s: string): string => s.toLowerCase();
/**
 * `featureType`'s answer for an intrinsic type (and `void`), one shared object per type,
 * found by the name as written first: most type names are written in lower case already.
 */
const intrinsicFeatureTypes = new Map<string, { readonly type: CimType | 'void' }>(
  [...intrinsicTypes, 'void'].map((t) => [t, { type: t as CimType | 'void' }]),
);
const intrinsicFeatureType = (name: string): { readonly type: CimType | 'void' } | undefined =>
  intrinsicFeatureTypes.get(name) ?? intrinsicFeatureTypes.get(lower(name));
type Mutable<T> = { -readonly [K in keyof T]: T[K] };
/** `name` equals the lower-case `key` ignoring case. */
const nameIs = (name: string, key: string): boolean => sameName(name, key);

/** Sorts by name case-insensitively, then by spelling (lower-cased keys computed once). */
function sortByName<T extends { name: string }>(list: T[]): T[] {
  return sortKeyed(list.map((x) => ({ k: lower(x.name), x })));
}
/** Sorts by lower-case key, then by spelling. */
function sortKeyed<T extends { name: string }>(keyed: { k: string; x: T }[]): T[] {
  keyed.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : a.x.name < b.x.name ? -1 : a.x.name > b.x.name ? 1 : 0));
  return keyed.map((e) => e.x);
}

interface ClassEntry {
  /** The class name as declared (kept when the AST is let go). */
  readonly name: string;
  /**
   * The class's AST until it is resolved while loading (see `resolveWhileLoading`);
   * then null, so that each file's syntax tree is garbage as soon as the file is done.
   */
  ast: ClassAst | null;
  readonly source: MofSource;
  readonly system: boolean;
  resolved?: CimClass | null;
  resolving?: boolean;
  /** The resolved class's members as its subclasses inherit them, made once for all of them. */
  inheritedProperties?: readonly CimProperty[];
  inheritedMethods?: readonly CimMethod[];
}

/** Index of the member named `name` (any case) among the first `count` of `list`, or -1. */
function indexOfName(list: readonly { name: string }[], count: number, name: string): number {
  for (let i = 0; i < count; i++) if (sameName(list[i].name, name)) return i;
  return -1;
}

/**
 * A reused buffer for a model list whose length is not known in advance, copied out at its
 * exact length by `take`: an array grown by `push` keeps room for 17 elements, and CIM's
 * ~14,000 qualifier lists of two or three entries then held 2 MB of slack that every
 * garbage collection copied. The buffer is emptied by its own count, not by setting the
 * array's `length` to 0, which drops V8's backing store, so that every list grew a new one
 * (about 2 MB of garbage per CIM 2.51 load).
 */
class ListBuilder<T> {
  readonly items: T[] = [];
  length = 0;
  reset(): void {
    this.length = 0;
  }
  push(item: T): void {
    this.items[this.length++] = item;
  }
  take(): T[] {
    const out = this.items.slice(0, this.length);
    this.length = 0;
    return out;
  }
}

const qualifierBuilder = new ListBuilder<CimQualifier>();

/**
 * The one empty list of the model's empty lists (frozen: the model is read-only, and a
 * shared list must stay empty). CIM 2.51 has hundreds of classes without methods or keys.
 */
const emptyList: readonly never[] = Object.freeze([]);
const propertyBuilder = new ListBuilder<CimProperty>();
const methodBuilder = new ListBuilder<CimMethod>();
const keyBuilder = new ListBuilder<string>();

/**
 * A class's key names in property order: the superclass's own list when they are the same
 * names (the usual case: keys are declared high in the hierarchy and inherited).
 */
function keyNames(properties: readonly CimProperty[], parentKeys: readonly string[]): readonly string[] {
  const keys = keyBuilder;
  keys.reset();
  for (let i = 0; i < properties.length; i++) if (properties[i].isKey) keys.push(properties[i].name);
  if (keys.length === 0) return emptyList;
  let same = keys.length === parentKeys.length;
  for (let i = 0; same && i < keys.length; i++) same = keys.items[i] === parentKeys[i];
  if (same) {
    keys.reset();
    return parentKeys;
  }
  return keys.take();
}

/** A member list as subclasses inherit it: the list itself when every member is inherited already. */
function inheritedViews<T extends { readonly inherited: boolean }>(list: readonly T[], view: (m: T) => T): readonly T[] {
  for (let i = 0; i < list.length; i++) if (!list[i].inherited) return list.map(view);
  return list;
}

/** A qualifier's propagated copy, made once and shared by every subclass that inherits it. */
const propagatedCopies = new WeakMap<CimQualifier, CimQualifier>();
function propagated(q: CimQualifier): CimQualifier {
  if (q.propagated) return q;
  let p = propagatedCopies.get(q);
  if (p === undefined) {
    p = propagatedCopy(q);
    propagatedCopies.set(q, p);
  }
  return p;
}
/**
 * The propagated copy of a member's own qualifier, without the shared cache: a member's
 * inherited view is made once (per class, see `ClassEntry.inheritedProperties`), so each of
 * its qualifiers is copied once anyway, and a WeakMap lookup per qualifier was measurable.
 */
function propagatedCopy(q: CimQualifier): CimQualifier {
  return q.propagated ? q : { name: q.name, value: q.value, flavor: q.flavor, propagated: true };
}
/** The qualifiers a member passes to subclasses (ToSubclass), as propagated copies. */
function subclassQualifiers(list: readonly CimQualifier[]): CimQualifier[] {
  const out = qualifierBuilder;
  out.reset();
  for (let i = 0; i < list.length; i++) if (list[i].flavor.toSubclass) out.push(propagatedCopy(list[i]));
  return out.take();
}

let systemClassAsts: ClassAst[] | undefined;
function systemClasses(): ClassAst[] {
  systemClassAsts ??= parseMof(wmiSystemClassesMof).productions.filter((p): p is ClassAst => p.kind === 'class');
  return systemClassAsts;
}
const systemSource = new MofSource('<wmi-system-classes>', wmiSystemClassesMof);

class NamespaceResolver {
  readonly qualifierTypes = new Map<string, QualType>();
  readonly classes = new Map<string, ClassEntry>();
  /**
   * Lookups by the name as written, in front of the lower-cased maps: CIM writes the same
   * few spellings tens of thousands of times (`Description`, `CIM_ManagedElement`), and
   * lower-casing each use allocated a string. The qualifier cache is cleared whenever a type
   * is declared; the class cache holds only hits and is cleared when a class is replaced or
   * deleted.
   */
  private readonly qualifierTypeBySpelling = new Map<string, QualType>();
  private readonly classBySpelling = new Map<string, ClassEntry>();
  readonly instances: { ast: InstanceAst; source: MofSource }[] = [];
  readonly resolvedInstances: CimInstance[] = [];

  constructor(
    readonly name: string,
    private readonly ctx: SchemaResolver,
    /** Order of first appearance, for diagnostic order (`DiagnosticPhase`). */
    readonly index: number,
  ) {
    if (!ctx.options.strict) {
      for (const b of wmiStandardQualifiers) {
        this.qualifierTypes.set(lower(b.name), {
          name: b.name,
          type: b.type,
          isArray: b.isArray,
          defaultValue: b.type === 'boolean' && !b.isArray ? false : null,
          scopes: ['any'],
          flavor: { ...defaultFlavor, overridable: !b.disableOverride, toSubclass: !b.restricted },
          builtin: true,
          used: false,
          lenient: true,
        });
      }
      for (const ast of systemClasses()) this.classes.set(lower(ast.name), { name: ast.name, ast, source: systemSource, system: true });
    }
  }

  private get sink(): DiagnosticSink {
    return this.ctx.sink;
  }

  // ---------------------------------------------------------------- declarations

  declareQualifier(d: QualifierDeclAst, source: MofSource): void {
    const strict = this.ctx.options.strict;
    let ok = true;
    if (d.typeName === undefined) {
      // WMI's untyped declaration (`qualifier read : ToInstance;`): flavors only; the type
      // comes from the first use.
      if (strict) {
        this.sink.error(MofCode.qualifierDeclaration, `qualifier ${d.name} has no data type`, source, d.typeOffset);
        return;
      }
    }
    const typeName = d.typeName === undefined ? 'boolean' : lower(d.typeName);
    if (!intrinsicTypes.has(typeName) || typeName === 'object') {
      this.sink.error(MofCode.qualifierDeclaration, `qualifier ${d.name}: '${d.typeName}' is not a CIM data type`, source, d.typeOffset);
      ok = false;
    }
    if (d.scopes === undefined && strict) {
      this.sink.error(MofCode.qualifierDeclaration, `"scope" definition required on Qualifier Declaration ${d.name}`, source, d.o);
      ok = false;
    }
    const scopes: QualifierScope[] = [];
    for (const s of d.scopes ?? []) {
      const n = lower(s.name);
      if (!scopeNames.has(n)) {
        this.sink.error(MofCode.qualifierDeclaration, `'${s.name}' is not a qualifier scope`, source, s.o);
        ok = false;
      } else scopes.push(n as QualifierScope);
    }
    const flavor = this.applyFlavors(defaultFlavor, d.flavors, source);
    if (flavor === undefined) ok = false;
    if (!ok) return;
    const type = typeName as CimType;
    let defaultValue: CimValue = type === 'boolean' && !d.isArray ? false : null;
    if (d.defaultValue !== undefined) {
      const problems: ConvertProblem[] = [];
      defaultValue = convertValue(d.defaultValue, type, d.isArray, problems);
      this.reportValueProblems(problems, source, MofCode.qualifierValue);
    }
    const existing = this.qualifierTypes.get(lower(d.name));
    // Classes resolved while loading used the earlier declaration: start over.
    if (existing !== undefined && this.resolvedWhileLoading > 0) throw new StreamingBail();
    if (existing !== undefined && !existing.builtin && (existing.type !== type || existing.isArray !== d.isArray)) {
      this.sink.warning(MofCode.qualifierDeclaration, `qualifier ${d.name} redeclared with another type; the later declaration wins`, source, d.o);
    }
    this.qualifierTypeBySpelling.clear();
    this.qualifierTypes.set(lower(d.name), {
      name: d.name,
      type,
      isArray: d.isArray,
      ...(d.arraySize !== undefined ? { arraySize: d.arraySize } : {}),
      defaultValue,
      scopes: d.scopes === undefined ? ['any'] : scopes,
      flavor: flavor!,
      builtin: false,
      location: source.locate(d.o),
      used: false,
      lenient: d.typeName === undefined,
      untyped: d.typeName === undefined,
    });
  }

  declareClass(ast: ClassAst, source: MofSource): ClassEntry {
    const key = lower(ast.name);
    const existing = this.classes.get(key);
    if (existing !== undefined) {
      // A class resolved while loading may depend on the one replaced: start over.
      if (this.resolvedWhileLoading > 0) throw new StreamingBail();
      if (!existing.system) {
        this.sink.warning(MofCode.duplicateClass, `class ${ast.name} is defined again; the later definition replaces the earlier one`, source, ast.nameOffset);
      }
      this.classBySpelling.clear();
    }
    const entry: ClassEntry = { name: ast.name, ast, source, system: false };
    this.classes.set(key, entry);
    return entry;
  }

  deleteClass(name: string, source: MofSource, offset: number): void {
    const key = lower(name);
    if (this.classes.has(key) && this.resolvedWhileLoading > 0) throw new StreamingBail();
    this.classBySpelling.clear();
    if (!this.classes.delete(key)) {
      this.sink.warning(MofCode.deleteClass, `#pragma deleteclass: class ${name} is not defined`, source, offset);
    }
  }

  // ---------------------------------------------------------------- resolving while loading

  /** Classes of this namespace resolved as soon as they were declared. */
  resolvedWhileLoading = 0;
  /**
   * Set at the first class that could not be resolved when declared: every later class of
   * the namespace then waits for the end too, so classes are resolved in declaration order
   * exactly as when everything is resolved at the end (untyped WMI qualifiers take their
   * type from the first use, and diagnostics keep their order).
   */
  private deferring = false;

  /**
   * Resolves a class right after its declaration when everything it names is declared
   * already (superclass resolved, qualifier types, referenced and embedded classes), and
   * lets its AST go. Declarations that come later cannot change the result: a class or
   * qualifier type that is redefined or deleted after this point abandons resolving while
   * loading for the whole load (`StreamingBail`).
   */
  resolveWhileLoading(entry: ClassEntry): void {
    if (this.deferring) return;
    if (!this.dependenciesDeclared(entry.ast!)) {
      this.checkedQualifiers.length = 0;
      this.deferring = true;
      return;
    }
    this.checkedQualifiers.next = 0;
    this.resolveClass(entry);
    this.checkedQualifiers.length = 0;
    this.resolvedWhileLoading++;
    entry.ast = null;
  }

  /**
   * The qualifier types the dependency check found, in the order it met the qualifiers,
   * which is the order in which resolving the class right after reads them again: each
   * use is then matched by its AST node instead of a second lookup by name (one map lookup
   * per qualifier use, some 60,000 on CIM 2.51). Anything else (a duplicate member skipped,
   * a system superclass resolved first) finds no match and looks the name up.
   */
  private readonly checkedQualifiers = { asts: [] as QualifierAst[], types: [] as QualType[], length: 0, next: 0 };

  private dependenciesDeclared(ast: ClassAst): boolean {
    this.checkedQualifiers.length = 0;
    if (ast.superclass !== undefined) {
      const parent = this.findClassEntry(ast.superclass.name);
      if (parent === undefined || (parent.resolved === undefined && !parent.system)) return false;
    }
    if (!this.qualifiersDeclared(ast.qualifiers)) return false;
    for (const f of ast.features) {
      if (!this.qualifiersDeclared(f.qualifiers) || !this.typeDeclared(f)) return false;
      if (f.kind === 'method') {
        for (const p of f.parameters) if (!this.qualifiersDeclared(p.qualifiers) || !this.typeDeclared(p)) return false;
      }
    }
    return true;
  }

  private qualifiersDeclared(list: readonly QualifierAst[]): boolean {
    const checked = this.checkedQualifiers;
    for (const q of list) {
      const qt = this.knownQualifierType(q.name);
      if (qt === undefined) return false;
      checked.asts[checked.length] = q;
      checked.types[checked.length++] = qt;
      // EmbeddedInstance("X") names a class, which must be declared too.
      if (q.value?.t === 'str' && nameIs(q.name, 'embeddedinstance') && this.findClassEntry(q.value.v) === undefined) return false;
    }
    return true;
  }

  private typeDeclared(f: { typeName: string; isRef: boolean }): boolean {
    if (!f.isRef) {
      if (intrinsicFeatureType(f.typeName) !== undefined) return true;
    }
    return this.findClassEntry(f.typeName) !== undefined;
  }

  // ---------------------------------------------------------------- flavors and qualifiers

  private applyFlavors(base: CimFlavor, flavors: readonly { name: string; o: number }[], source: MofSource): CimFlavor | undefined {
    if (flavors.length === 0) return base;
    const f = { ...base };
    const seen = new Map<string, string>();
    const conflicts: Record<string, string> = {
      enableoverride: 'override', disableoverride: 'override',
      tosubclass: 'subclass', restricted: 'subclass', nottosubclass: 'subclass',
      toinstance: 'instance', nottoinstance: 'instance',
    };
    for (const fl of flavors) {
      const n = lower(fl.name);
      const group = conflicts[n];
      if (group !== undefined) {
        const prev = seen.get(group);
        if (prev !== undefined && prev !== n) {
          this.sink.error(MofCode.flavor, `conflicting flavors ${prev} and ${fl.name}`, source, fl.o);
          return undefined;
        }
        seen.set(group, n);
      }
      switch (n) {
        case 'enableoverride':
          f.overridable = true;
          break;
        case 'disableoverride':
          f.overridable = false;
          break;
        case 'tosubclass':
          f.toSubclass = true;
          break;
        case 'restricted':
        case 'nottosubclass':
          f.toSubclass = false;
          break;
        case 'translatable':
          f.translatable = true;
          break;
        case 'amended':
          f.amended = true;
          break;
        case 'toinstance':
          f.toInstance = true;
          break;
        case 'nottoinstance':
          f.toInstance = false;
          break;
        default:
          this.sink.error(MofCode.flavor, `'${fl.name}' is not a qualifier flavor`, source, fl.o);
          return undefined;
      }
    }
    return f;
  }

  /** The declared (or built-in) qualifier type of a name as written, remembered by spelling. */
  private knownQualifierType(name: string): QualType | undefined {
    let qt = this.qualifierTypeBySpelling.get(name);
    if (qt === undefined) {
      qt = this.qualifierTypes.get(lower(name));
      if (qt !== undefined) this.qualifierTypeBySpelling.set(name, qt);
    }
    return qt;
  }

  private qualifierType(q: QualifierAst, source: MofSource): QualType | undefined {
    const checked = this.checkedQualifiers;
    if (checked.next < checked.length && checked.asts[checked.next] === q) return checked.types[checked.next++];
    let qt = this.knownQualifierType(q.name);
    if (qt !== undefined) return qt;
    if (this.ctx.options.strict) {
      this.sink.error(MofCode.undeclaredQualifier, `qualifier ${q.name} is not declared`, source, q.o);
      return undefined;
    }
    // WMI mode: an undeclared qualifier is accepted with the type its value suggests.
    const inferred = inferType(q.value);
    qt = {
      name: q.name,
      type: inferred.type,
      isArray: inferred.isArray,
      defaultValue: null,
      scopes: ['any'],
      flavor: defaultFlavor,
      builtin: true,
      used: false,
      lenient: true,
    };
    this.qualifierTypes.set(lower(q.name), qt);
    return qt;
  }

  /** Resolves the qualifiers written on one element. */
  qualifiers(list: readonly QualifierAst[], kind: ElementKind, source: MofSource): CimQualifier[] {
    if (list.length === 0) return [];
    // Emptied here too, in case an exception (a stack overflow) left entries behind.
    const out = qualifierBuilder;
    out.reset();
    for (let i = 0; i < list.length; i++) {
      const q = list[i];
      let dup = false;
      for (let j = 0; j < i && !dup; j++) dup = sameName(list[j].name, q.name);
      if (dup) {
        this.sink.error(MofCode.duplicateQualifier, `qualifier ${q.name} is given twice`, source, q.o);
        continue;
      }
      const qt = this.qualifierType(q, source);
      if (qt === undefined) continue;
      qt.used = true;
      if (qt.untyped && q.value !== undefined) {
        const inferred = inferType(q.value);
        qt.type = inferred.type;
        qt.isArray = inferred.isArray;
        qt.untyped = false;
      }
      if (!admits(qt, kind)) {
        this.sink.error(MofCode.qualifierScope, `qualifier ${qt.name} is not allowed on a ${kind.name} (scope: ${qt.scopes.join(', ')})`, source, q.o);
        continue;
      }
      let value: CimValue;
      if (q.value === undefined) {
        value = qt.type === 'boolean' && !qt.isArray ? true : qt.defaultValue;
      } else {
        // Empty on entry (emptied below after use): setting `length` on every call was measurable.
        const problems = scratchProblems;
        value = convertValue(q.value, qt.type, qt.isArray, problems, true);
        if (problems.length > 0) {
          if (qt.lenient) value = plainValue(q.value);
          else this.reportValueProblems(problems, source, MofCode.qualifierValue);
          problems.length = 0;
        }
      }
      if (q.flavors.length === 0) {
        out.push(sharedQualifier(qt, value));
        continue;
      }
      const flavor = this.applyFlavors(qt.flavor, q.flavors, source);
      if (flavor === undefined) continue;
      out.push({ name: qt.name, value, flavor, propagated: false });
    }
    return out.take();
  }

  /** Own qualifiers plus those inherited by ToSubclass, enforcing DisableOverride. */
  private mergeQualifiers(own: CimQualifier[], inherited: readonly CimQualifier[], source: MofSource, offset: number, what: string): CimQualifier[] {
    if (inherited.length === 0) return own;
    let out: ListBuilder<CimQualifier> | undefined;
    for (const pq of inherited) {
      if (!pq.flavor.toSubclass) continue;
      let mine: CimQualifier | undefined;
      for (let i = 0; i < own.length && mine === undefined; i++) if (sameName(own[i].name, pq.name)) mine = own[i];
      if (mine !== undefined) {
        if (!pq.flavor.overridable && !valuesEqual(mine.value, pq.value)) {
          this.sink.error(
            MofCode.disableOverride,
            `qualifier ${pq.name} of ${what} has flavor DisableOverride in the superclass and cannot be overridden with another value`,
            source,
            offset,
          );
        }
        continue;
      }
      if (out === undefined) {
        out = qualifierBuilder;
        out.reset();
        for (const q of own) out.push(q);
      }
      out.push(propagated(pq));
    }
    return out === undefined ? own : out.take();
  }

  private reportValueProblems(problems: ConvertProblem[], source: MofSource, code: (typeof MofCode)[keyof typeof MofCode]): void {
    for (const p of problems) this.sink.error(p.datetime ? MofCode.invalidDatetime : code, p.message, source, p.offset);
  }

  private qualifierValue(list: readonly CimQualifier[], name: string): CimValue | undefined {
    for (const q of list) if (nameIs(q.name, name)) return q.value;
    return undefined;
  }

  // ---------------------------------------------------------------- classes

  findClassEntry(name: string): ClassEntry | undefined {
    let entry = this.classBySpelling.get(name);
    if (entry === undefined) {
      entry = this.classes.get(lower(name));
      // Only hits are remembered, so declaring a new class needs no invalidation.
      if (entry !== undefined) this.classBySpelling.set(name, entry);
    }
    return entry;
  }

  resolveClass(entry: ClassEntry, depth = 0): CimClass | null {
    if (entry.resolved !== undefined) return entry.resolved;
    const source = entry.source;
    const ast = entry.ast!;
    if (depth > maxInheritanceDepth) {
      // Every class carries its whole ancestor list, so the model grows with the square of
      // the depth: refuse absurd chains (CIM's deepest is about a dozen).
      if (!this.ctx.reportedTooDeep) {
        this.ctx.reportedTooDeep = true;
        this.sink.error(MofCode.inheritanceCycle, `inheritance chain deeper than ${maxInheritanceDepth} classes at ${ast.name}`, source, ast.nameOffset);
      }
      return (entry.resolved = null);
    }
    if (entry.resolving) {
      this.sink.error(MofCode.inheritanceCycle, `class ${ast.name} inherits from itself`, source, ast.nameOffset);
      return (entry.resolved = null);
    }
    entry.resolving = true;
    // Located before its members: `MofSource.locate` is cheapest in increasing offset order.
    const location = source.locate(ast.nameOffset);
    let parent: CimClass | null = null;
    let parentEntry: ClassEntry | undefined;
    if (ast.superclass !== undefined) {
      const pe = (parentEntry = this.findClassEntry(ast.superclass.name));
      if (pe === undefined) {
        if (!this.ctx.options.strict) {
          // WMI mode: MOF written for a live repository extends classes that are already
          // there (Win32_PerfRawData, WMIEvent, OMI_BaseResource). Resolve without
          // inherited members and say so.
          this.sink.warning(
            MofCode.unknownSuperclass,
            `superclass ${ast.superclass.name} of class ${ast.name} is not defined in the input; assumed to exist in the target namespace (its members are not inherited)`,
            source,
            ast.superclass.o,
          );
          parent = externalClass(ast.superclass.name, this.name);
        } else {
          this.sink.error(MofCode.unknownSuperclass, `superclass ${ast.superclass.name} of class ${ast.name} is not defined`, source, ast.superclass.o);
        }
      } else {
        parent = this.resolveClass(pe, depth + 1);
      }
      if (parent === null) {
        entry.resolving = false;
        return (entry.resolved = null);
      }
      if (parent.ancestors.length >= maxInheritanceDepth) {
        // Every class carries its whole ancestor list, so the model grows with the square
        // of the depth: refuse absurd chains (CIM's deepest is about a dozen).
        if (!this.ctx.reportedTooDeep) {
          this.ctx.reportedTooDeep = true;
          this.sink.error(MofCode.inheritanceCycle, `inheritance chain deeper than ${maxInheritanceDepth} classes at ${ast.name}`, source, ast.nameOffset);
        }
        entry.resolving = false;
        return (entry.resolved = null);
      }
    }

    const assocQ = ast.qualifiers.find((q) => nameIs(q.name, 'association'));
    const indQ = ast.qualifiers.find((q) => nameIs(q.name, 'indication'));
    const isAssociation = ast.keyword === 'association' || (assocQ !== undefined && !(assocQ.value?.t === 'bool' && !assocQ.value.v)) || (parent?.isAssociation ?? false);
    const isIndication = ast.keyword === 'indication' || (indQ !== undefined && !(indQ.value?.t === 'bool' && !indQ.value.v)) || (parent?.isIndication ?? false);
    const kind: ElementKind = isAssociation ? elementKind.association : isIndication ? elementKind.indication : elementKind.class;
    const own = this.qualifiers(ast.qualifiers, kind, source);
    const qualifiers = this.mergeQualifiers(own, parent?.qualifiers ?? [], source, ast.nameOffset, `class ${ast.name}`);
    const className = ast.name;

    const { properties, methods } = this.resolveMembers(entry, parent, parentEntry, source);
    const keys = keyNames(properties, parent?.keys ?? emptyList);
    const abstract = this.qualifierValue(own, 'abstract');
    const ancestors = parent ? [parent.name, ...parent.ancestors] : emptyList;
    const superclass = parent ? parent.name : null;
    const isAbstract = abstract === true;
    const resolved: CimClass =
      ast.keyword === 'structure'
        ? { name: className, namespace: this.name, superclass, ancestors, qualifiers, properties, methods, keys, isAssociation, isIndication, isAbstract, isStructure: true, location }
        : { name: className, namespace: this.name, superclass, ancestors, qualifiers, properties, methods, keys, isAssociation, isIndication, isAbstract, location };
    entry.resolving = false;
    entry.resolved = resolved;
    return resolved;
  }

  /**
   * Properties and methods: the parent's inherited views first, own ones override them in
   * place and new ones follow. A class that neither overrides nor adds a member of a kind
   * shares the inherited list (the model is read-only), and the others are built in
   * reused buffers copied out at their exact length (see `ListBuilder`).
   */
  private resolveMembers(
    entry: ClassEntry,
    parent: CimClass | null,
    parentEntry: ClassEntry | undefined,
    source: MofSource,
  ): { properties: readonly CimProperty[]; methods: readonly CimMethod[] } {
    const ast = entry.ast!;
    const className = ast.name;
    let baseProperties: readonly CimProperty[] = emptyList;
    let baseMethods: readonly CimMethod[] = emptyList;
    if (parent !== null && parentEntry !== undefined) {
      baseProperties = parentEntry.inheritedProperties ??= inheritedViews(parent.properties, inheritedProperty);
      baseMethods = parentEntry.inheritedMethods ??= inheritedViews(parent.methods, inheritedMethod);
    }
    // Overrides are found by scanning the inherited members (a few dozen, compared by
    // length first): cheaper than building a name map for each of CIM's 1,894 classes.
    const inheritedProps = baseProperties.length;
    const inheritedMethods = baseMethods.length;
    const parentHasKeys = (parent?.keys.length ?? 0) > 0;
    const ownProperties = propertyBuilder;
    const ownMethods = methodBuilder;
    ownProperties.reset();
    ownMethods.reset();
    let propertiesChanged = false;
    let methodsChanged = false;

    const features = ast.features;
    for (let fi = 0; fi < features.length; fi++) {
      const f = features[fi];
      let twice = false;
      for (let j = 0; j < fi && !twice; j++) twice = sameName(features[j].name, f.name);
      if (twice) {
        this.sink.error(MofCode.duplicateMember, `${f.kind} ${f.name} is declared twice in class ${ast.name}`, source, f.nameOffset);
        continue;
      }
      if (f.kind === 'property') {
        if (!propertiesChanged) {
          for (let i = 0; i < inheritedProps; i++) ownProperties.push(baseProperties[i]);
          propertiesChanged = true;
        }
        const idx = indexOfName(ownProperties.items, inheritedProps, f.name);
        const base = idx >= 0 ? ownProperties.items[idx] : undefined;
        const prop = this.resolveProperty(f, base, className, source);
        if (prop === undefined) continue;
        if (prop.isKey && base === undefined && parentHasKeys && !entry.system) {
          this.sink.error(MofCode.keyRedefinition, `class ${ast.name} adds key property ${f.name}, but its superclass ${parent!.name} already has keys`, source, f.nameOffset);
        }
        if (idx >= 0) ownProperties.items[idx] = prop;
        else ownProperties.push(prop);
      } else {
        if (!methodsChanged) {
          for (let i = 0; i < inheritedMethods; i++) ownMethods.push(baseMethods[i]);
          methodsChanged = true;
        }
        const idx = indexOfName(ownMethods.items, inheritedMethods, f.name);
        const base = idx >= 0 ? ownMethods.items[idx] : undefined;
        const m = this.resolveMethod(f, base, className, source);
        if (idx >= 0) ownMethods.items[idx] = m;
        else ownMethods.push(m);
      }
    }

    return {
      properties: propertiesChanged ? ownProperties.take() : baseProperties,
      methods: methodsChanged ? ownMethods.take() : baseMethods,
    };
  }

  /** Classifies a declared type name: intrinsic, reference, or class-typed embedded object. */
  private featureType(
    f: { typeName: string; typeOffset: number; isRef: boolean; name: string },
    source: MofSource,
    allowVoid: boolean,
  ): { type: CimType | 'void'; refClass?: string; embeddedClass?: string } | undefined {
    if (f.isRef) {
      const target = this.findClassEntry(f.typeName);
      if (target === undefined) {
        this.sink.add(this.ctx.options.strict ? 'error' : 'warning', MofCode.unknownType, `class ${f.typeName} referenced by ${f.name} is not defined`, source, f.typeOffset);
        return { type: 'reference', refClass: f.typeName };
      }
      return { type: 'reference', refClass: target.name };
    }
    const intrinsic = intrinsicFeatureType(f.typeName);
    if (intrinsic !== undefined && (allowVoid || intrinsic.type !== 'void')) return intrinsic;
    const cls = this.findClassEntry(f.typeName);
    if (cls === undefined) {
      if (!this.ctx.options.strict && /_/.test(f.typeName)) {
        this.sink.warning(MofCode.unknownType, `class ${f.typeName} (type of ${f.name}) is not defined in the input; assumed to exist in the target namespace`, source, f.typeOffset);
        return { type: 'object', embeddedClass: f.typeName };
      }
      this.sink.error(MofCode.unknownType, `'${f.typeName}' is neither a CIM data type nor a defined class (type of ${f.name})`, source, f.typeOffset);
      return undefined;
    }
    return { type: 'object', embeddedClass: cls.name };
  }

  private embeddedInstanceClass(quals: readonly CimQualifier[], source: MofSource, offset: number): string | undefined {
    const v = this.qualifierValue(quals, 'embeddedinstance');
    if (typeof v !== 'string') return undefined;
    const cls = this.findClassEntry(v);
    if (cls === undefined) {
      if (this.ctx.options.strict) this.sink.error(MofCode.unknownType, `EmbeddedInstance names class ${v}, which is not defined`, source, offset);
      return v;
    }
    return cls.name;
  }

  private resolveProperty(f: PropertyAst, base: CimProperty | undefined, className: string, source: MofSource): CimProperty | undefined {
    const t = this.featureType(f, source, false);
    if (t === undefined) return undefined;
    const type = t.type as CimType;
    const own = this.qualifiers(f.qualifiers, type === 'reference' ? elementKind.reference : elementKind.property, source);
    const qualifiers = this.mergeQualifiers(own, base?.qualifiers ?? [], source, f.nameOffset, `property ${f.name}`);
    if (base !== undefined && (base.type !== type || base.isArray !== (f.array !== undefined))) {
      this.sink.error(
        MofCode.overrideType,
        `property ${f.name} overrides ${base.classOrigin}.${base.name} with another type (${type}${f.array ? '[]' : ''} instead of ${base.type}${base.isArray ? '[]' : ''})`,
        source,
        f.typeOffset,
      );
    }
    let defaultValue: CimValue | undefined;
    if (f.defaultValue !== undefined) {
      const problems: ConvertProblem[] = [];
      defaultValue = convertValue(f.defaultValue, type, f.array !== undefined, problems);
      this.reportValueProblems(problems, source, MofCode.defaultValue);
      if (problems.length === 0) this.checkBounds({ name: f.name, qualifiers: own }, defaultValue, source, f.defaultValue.o);
    } else if (base?.defaultValue !== undefined) defaultValue = base.defaultValue;
    const embeddedClass = t.embeddedClass ?? this.embeddedInstanceClass(qualifiers, source, f.nameOffset);
    return propertyRecord(
      f.name, type, t.refClass, embeddedClass, f.array !== undefined, f.array?.size, defaultValue, qualifiers,
      this.qualifierValue(qualifiers, 'key') === true, base?.classOrigin ?? className, false, source.locate(f.nameOffset),
    );
  }

  private resolveParameter(p: ParameterAst, source: MofSource): CimParameter | undefined {
    const t = this.featureType(p, source, false);
    if (t === undefined) return undefined;
    const type = t.type as CimType;
    const qualifiers = this.qualifiers(p.qualifiers, elementKind.parameter, source);
    const isIn = this.qualifierValue(qualifiers, 'in');
    const isOut = this.qualifierValue(qualifiers, 'out');
    const embeddedClass = t.embeddedClass ?? this.embeddedInstanceClass(qualifiers, source, p.o);
    if (p.defaultValue !== undefined) {
      const problems: ConvertProblem[] = [];
      convertValue(p.defaultValue, type, p.array !== undefined, problems);
      this.reportValueProblems(problems, source, MofCode.defaultValue);
    }
    // A parameter with neither qualifier is an input (DSP0004: In defaults to true).
    return parameterRecord(
      p.name, type, t.refClass, embeddedClass, p.array !== undefined, p.array?.size,
      isIn === true || (isIn === undefined && isOut !== true), isOut === true, qualifiers,
    );
  }

  private resolveMethod(f: MethodAst, base: CimMethod | undefined, className: string, source: MofSource): CimMethod {
    const t = this.featureType(f, source, true);
    const own = this.qualifiers(f.qualifiers, elementKind.method, source);
    const qualifiers = this.mergeQualifiers(own, base?.qualifiers ?? [], source, f.nameOffset, `method ${f.name}`);
    const parameters: CimParameter[] = [];
    const params = f.parameters;
    for (let pi = 0; pi < params.length; pi++) {
      const p = params[pi];
      let twice = false;
      for (let j = 0; j < pi && !twice; j++) twice = sameName(params[j].name, p.name);
      if (twice) {
        this.sink.error(MofCode.duplicateMember, `parameter ${p.name} is declared twice in method ${f.name}`, source, p.o);
        continue;
      }
      const rp = this.resolveParameter(p, source);
      if (rp !== undefined) parameters.push(rp);
    }
    return methodRecord(
      f.name, t?.type ?? 'void', t?.refClass, t?.embeddedClass, f.returnArray, parameters, qualifiers,
      this.qualifierValue(qualifiers, 'static') === true, base?.classOrigin ?? className, false, source.locate(f.nameOffset),
    );
  }

  // ---------------------------------------------------------------- instances

  resolveInstance(ast: InstanceAst, source: MofSource): CimInstance | undefined {
    const entry = this.findClassEntry(ast.className);
    if (entry === undefined) {
      this.sink.error(MofCode.unknownClass, `instance of ${ast.className}: class ${ast.className} is not defined`, source, ast.classOffset);
      return undefined;
    }
    const cls = this.resolveClass(entry);
    if (cls === null) return undefined;
    const props = new Map<string, CimProperty>();
    for (const p of cls.properties) props.set(lower(p.name), p);
    const properties: Record<string, CimValue> = {};
    const seen = new Set<string>();
    for (const pv of ast.properties) {
      const key = lower(pv.name);
      const prop = props.get(key);
      if (prop === undefined) {
        this.sink.error(MofCode.unknownProperty, `class ${cls.name} has no property ${pv.name}`, source, pv.o);
        continue;
      }
      if (seen.has(key)) {
        this.sink.error(MofCode.duplicatePropertyValue, `property ${pv.name} is given twice in this instance`, source, pv.o);
        continue;
      }
      seen.add(key);
      if (pv.qualifiers.length > 0) this.qualifiers(pv.qualifiers, prop.type === 'reference' ? elementKind.reference : elementKind.property, source);
      if (pv.value === undefined) continue;
      const problems: ConvertProblem[] = [];
      // A string qualified EmbeddedInstance/EmbeddedObject holds an instance (or an alias of one).
      const embeds = prop.type === 'string' && (prop.embeddedClass !== undefined || this.qualifierValue(prop.qualifiers, 'embeddedobject') === true);
      const valueType: CimType = embeds && (pv.value.t === 'inst' || pv.value.t === 'alias' || pv.value.t === 'array' || pv.value.t === 'strs') ? 'object' : prop.type;
      const value = convertValue(pv.value, valueType, prop.isArray, problems);
      this.reportValueProblems(problems, source, MofCode.valueType);
      if (problems.length === 0) this.checkBounds(prop, value, source, pv.value.o);
      this.checkNested(pv.value, source);
      this.ctx.noteAliasUses(pv.value, source);
      properties[prop.name] = value;
    }
    const own = this.qualifiers(ast.qualifiers, elementKind.instance, source);
    const qualifiers = [...own];
    for (const q of cls.qualifiers) {
      if (q.flavor.toInstance && !own.some((o) => sameName(o.name, q.name))) qualifiers.push(propagated(q));
    }
    return {
      className: cls.name,
      namespace: this.name,
      ...(ast.alias !== undefined ? { alias: ast.alias.slice(1) } : {}),
      qualifiers,
      properties,
      location: source.locate(ast.o),
    };
  }

  /**
   * MinValue/MaxValue (numbers) and MinLen/MaxLen (strings) of a property, on each value.
   * Warnings only: neither WMI nor OMI nor cimmof reject an instance for them.
   */
  private checkBounds(prop: { name: string; qualifiers: readonly CimQualifier[] }, value: CimValue, source: MofSource, offset: number): void {
    if (value === null || prop.qualifiers.length === 0) return;
    const num = (v: CimValue | undefined): bigint | number | undefined =>
      typeof v === 'number' ? v : v !== null && typeof v === 'object' && !Array.isArray(v) && (v as { kind: string }).kind === 'bigint' ? BigInt((v as { value: string }).value) : undefined;
    const minV = num(this.qualifierValue(prop.qualifiers, 'minvalue'));
    const maxV = num(this.qualifierValue(prop.qualifiers, 'maxvalue'));
    const minL = num(this.qualifierValue(prop.qualifiers, 'minlen'));
    const maxL = num(this.qualifierValue(prop.qualifiers, 'maxlen'));
    if (minV === undefined && maxV === undefined && minL === undefined && maxL === undefined) return;
    const items = Array.isArray(value) ? (value as CimValue[]) : [value];
    for (const item of items) {
      const n = num(item);
      if (n !== undefined) {
        if (minV !== undefined && n < minV) this.sink.warning(MofCode.valueType, `value ${n} of ${prop.name} is below its MinValue ${minV}`, source, offset);
        if (maxV !== undefined && n > maxV) this.sink.warning(MofCode.valueType, `value ${n} of ${prop.name} is above its MaxValue ${maxV}`, source, offset);
      } else if (typeof item === 'string') {
        if (minL !== undefined && item.length < minL) this.sink.warning(MofCode.valueType, `string value of ${prop.name} is shorter than its MinLen ${minL}`, source, offset);
        if (maxL !== undefined && item.length > maxL) this.sink.warning(MofCode.valueType, `string value of ${prop.name} is longer than its MaxLen ${maxL}`, source, offset);
      }
    }
  }

  /** Nested `instance of` values are checked against their own class. */
  private checkNested(v: ValueAst, source: MofSource): void {
    if (v.t === 'inst') this.resolveInstance(v.inst, source);
    else if (v.t === 'array') for (const i of v.items) this.checkNested(i, source);
  }

  // ---------------------------------------------------------------- output

  finish(): CimNamespace {
    // Sorted by the class map's keys, which are the lower-cased names already.
    const classes: { k: string; x: CimClass }[] = [];
    for (const [k, entry] of this.classes) {
      if (entry.system) continue;
      const c = this.resolveClass(entry);
      if (c !== null) classes.push({ k, x: c });
    }
    // System classes appear only when something in this namespace used them.
    for (const [k, entry] of this.classes) {
      if (entry.system && entry.resolved) classes.push({ k, x: entry.resolved });
    }
    const sortedClasses = sortKeyed(classes);
    const qualifierTypes: CimQualifierType[] = [];
    for (const qt of this.qualifierTypes.values()) {
      if (qt.builtin && !qt.used) continue;
      const { used: _u, lenient: _l, untyped: _t, admittedKinds: _a, sharedUses: _s, ...plain } = qt;
      qualifierTypes.push(plain);
    }
    return { name: this.name, qualifierTypes: sortByName(qualifierTypes), classes: sortedClasses, instances: this.resolvedInstances };
  }
}

/** A superclass that MOF input extends but does not define (WMI mode only). */
function externalClass(name: string, namespace: string): CimClass {
  return {
    name, namespace, superclass: null, ancestors: [], qualifiers: [], properties: [], methods: [], keys: [],
    isAssociation: false, isIndication: false, isAbstract: false,
  };
}

/**
 * A member as subclasses inherit it. Called once per member of a resolved class (the views
 * are kept on its `ClassEntry`), so every subclass shares one view per member; members that
 * are already inherited views are passed on as they are.
 */
function inheritedProperty(p: CimProperty): CimProperty {
  if (p.inherited) return p;
  const qualifiers = subclassQualifiers(p.qualifiers);
  return propertyRecord(
    p.name, p.type, p.refClass, p.embeddedClass, p.isArray, p.arraySize, p.defaultValue, qualifiers,
    p.isKey && qualifiers.some((q) => nameIs(q.name, 'key') && q.value === true), p.classOrigin, true, p.location,
  );
}
function inheritedMethod(m: CimMethod): CimMethod {
  if (m.inherited) return m;
  return methodRecord(
    m.name, m.returnType, m.returnRefClass, m.returnEmbeddedClass, m.returnIsArray, m.parameters, subclassQualifiers(m.qualifiers),
    m.isStatic, m.classOrigin, true, m.location,
  );
}

/*
 * Model records are made by one object literal per combination of optional fields that
 * occurs in practice, in the model's key order, with absent fields left out (not set to
 * undefined). A literal gets all its fields inside the object; the earlier way (a two-field
 * literal, then one assignment per field) kept most fields in a separate property array
 * that was reallocated as it grew: per CIM 2.51 load ~12,700 extra arrays in the model and
 * as many discarded ones. Rare combinations take the field-by-field path.
 */
function propertyRecord(
  name: string, type: CimType, refClass: string | undefined, embeddedClass: string | undefined, isArray: boolean,
  arraySize: number | undefined, defaultValue: CimValue | undefined, qualifiers: readonly CimQualifier[], isKey: boolean,
  classOrigin: string, inherited: boolean, location: SourceLocation | undefined,
): CimProperty {
  if (arraySize === undefined && location !== undefined) {
    if (defaultValue === undefined) {
      if (embeddedClass === undefined) {
        if (refClass === undefined) return { name, type, isArray, qualifiers, isKey, classOrigin, inherited, location };
        return { name, type, refClass, isArray, qualifiers, isKey, classOrigin, inherited, location };
      }
      if (refClass === undefined) return { name, type, embeddedClass, isArray, qualifiers, isKey, classOrigin, inherited, location };
    } else if (refClass === undefined && embeddedClass === undefined) {
      return { name, type, isArray, defaultValue, qualifiers, isKey, classOrigin, inherited, location };
    }
  }
  const prop: Mutable<CimProperty> = { name, type } as Mutable<CimProperty>;
  if (refClass !== undefined) prop.refClass = refClass;
  if (embeddedClass !== undefined) prop.embeddedClass = embeddedClass;
  prop.isArray = isArray;
  if (arraySize !== undefined) prop.arraySize = arraySize;
  if (defaultValue !== undefined) prop.defaultValue = defaultValue;
  prop.qualifiers = qualifiers;
  prop.isKey = isKey;
  prop.classOrigin = classOrigin;
  prop.inherited = inherited;
  if (location !== undefined) prop.location = location;
  return prop;
}

function parameterRecord(
  name: string, type: CimType, refClass: string | undefined, embeddedClass: string | undefined, isArray: boolean,
  arraySize: number | undefined, isIn: boolean, isOut: boolean, qualifiers: readonly CimQualifier[],
): CimParameter {
  if (arraySize === undefined) {
    if (embeddedClass === undefined) {
      if (refClass === undefined) return { name, type, isArray, in: isIn, out: isOut, qualifiers };
      return { name, type, refClass, isArray, in: isIn, out: isOut, qualifiers };
    }
    if (refClass === undefined) return { name, type, embeddedClass, isArray, in: isIn, out: isOut, qualifiers };
  }
  const param: Mutable<CimParameter> = { name, type } as Mutable<CimParameter>;
  if (refClass !== undefined) param.refClass = refClass;
  if (embeddedClass !== undefined) param.embeddedClass = embeddedClass;
  param.isArray = isArray;
  if (arraySize !== undefined) param.arraySize = arraySize;
  param.in = isIn;
  param.out = isOut;
  param.qualifiers = qualifiers;
  return param;
}

function methodRecord(
  name: string, returnType: CimType | 'void', returnRefClass: string | undefined, returnEmbeddedClass: string | undefined,
  returnIsArray: boolean | undefined, parameters: readonly CimParameter[], qualifiers: readonly CimQualifier[], isStatic: boolean,
  classOrigin: string, inherited: boolean, location: SourceLocation | undefined,
): CimMethod {
  if (returnRefClass === undefined && returnEmbeddedClass === undefined && !returnIsArray && location !== undefined) {
    return { name, returnType, parameters, qualifiers, isStatic, classOrigin, inherited, location };
  }
  const method: Mutable<CimMethod> = { name, returnType } as Mutable<CimMethod>;
  if (returnRefClass !== undefined) method.returnRefClass = returnRefClass;
  if (returnEmbeddedClass !== undefined) method.returnEmbeddedClass = returnEmbeddedClass;
  if (returnIsArray) method.returnIsArray = true;
  method.parameters = parameters;
  method.qualifiers = qualifiers;
  method.isStatic = isStatic;
  method.classOrigin = classOrigin;
  method.inherited = inherited;
  if (location !== undefined) method.location = location;
  return method;
}

const maxInheritanceDepth = 256;

/**
 * Thrown while resolving during loading when a later declaration (a class or qualifier
 * type defined again, a class deleted) could change a class already resolved. The loader
 * then loads everything again and resolves at the end; it never reaches users.
 */
export class StreamingBail extends Error {
  constructor() {
    super('resolution while loading abandoned');
  }
}

/**
 * Diagnostic order. Resolving at the end reports reading and syntax problems first, then
 * declaration problems, then each namespace's classes and instances, then aliases. Classes
 * resolved while loading report earlier, so every diagnostic carries its phase and the
 * list is put back in this order at the end (a stable sort).
 */
export const DiagnosticPhase = {
  reading: 0,
  declarations: 1,
  /** Plus twice the namespace's index (classes), plus one (its instances). */
  namespaces: 2,
  aliases: Number.MAX_SAFE_INTEGER,
} as const;

class SchemaResolver {
  reportedTooDeep = false;
  readonly namespaces = new Map<string, NamespaceResolver>();
  private readonly aliases = new Map<string, { source: MofSource; offset: number }>();
  private readonly aliasUses: { name: string; source: MofSource; offset: number }[] = [];

  constructor(
    readonly options: ResolveOptions,
    readonly sink: DiagnosticSink,
    /** Resolve each class as soon as it is declared, when it can be (see `resolveWhileLoading`). */
    readonly streaming = false,
  ) {}

  /** The namespace `ns` returned last: consecutive productions almost always share one. */
  private lastNamespace: NamespaceResolver | undefined;
  private lastNamespaceName: string | undefined;

  ns(name: string): NamespaceResolver {
    if (name === this.lastNamespaceName) return this.lastNamespace!;
    const ns = this.namespaceNamed(name);
    this.lastNamespaceName = name;
    this.lastNamespace = ns;
    return ns;
  }

  private namespaceNamed(name: string): NamespaceResolver {
    const key = lower(name);
    let ns = this.namespaces.get(key);
    if (ns === undefined) {
      ns = new NamespaceResolver(name, this, this.namespaces.size);
      this.namespaces.set(key, ns);
    }
    return ns;
  }

  noteAliasUses(v: ValueAst, source: MofSource): void {
    if (v.t === 'alias') this.aliasUses.push({ name: v.name, source, offset: v.o });
    else if (v.t === 'array') for (const i of v.items) this.noteAliasUses(i, source);
    else if (v.t === 'inst') for (const p of v.inst.properties) if (p.value !== undefined) this.noteAliasUses(p.value, source);
  }

  /** Pass 1 for one production, in input order (qualifier types must precede their use; classes may not). */
  add(u: MofUnit): void {
    const sink = this.sink;
    sink.phase = DiagnosticPhase.declarations;
    const ns = this.ns(u.namespace);
    const p = u.production;
    switch (p.kind) {
      case 'qualifierDecl':
        ns.declareQualifier(p, u.source);
        break;
      case 'class': {
        const entry = ns.declareClass(p, u.source);
        if (this.streaming) {
          sink.phase = DiagnosticPhase.namespaces + 2 * ns.index;
          ns.resolveWhileLoading(entry);
        }
        break;
      }
      case 'instance':
        if (p.alias !== undefined) {
          const key = lower(p.alias.replace(/^\$/, ''));
          if (this.aliases.has(key)) sink.error(MofCode.duplicateAlias, `alias ${p.alias} is defined twice`, u.source, p.o);
          else this.aliases.set(key, { source: u.source, offset: p.o });
        }
        ns.instances.push({ ast: p, source: u.source });
        // `instance of __Namespace { Name = "x"; }` creates the child namespace (WMI's way
        // of making a namespace before `#pragma namespace` selects it).
        if (nameIs(p.className, '__namespace')) {
          const nameValue = p.properties.find((pv) => nameIs(pv.name, 'name'))?.value;
          if (nameValue?.t === 'str' && /^[A-Za-z0-9_]+$/.test(nameValue.v)) this.ns(`${u.namespace}\\${nameValue.v}`);
        }
        break;
      case 'pragma': {
        // Only deleteclass reaches the resolver.
        const arg = p.args[0];
        if (arg?.t === 'str') ns.deleteClass(arg.v, u.source, arg.o);
        break;
      }
      case 'enumeration':
        sink.warning(MofCode.unsupported, `MOF 3.0 enumeration ${p.name} is parsed but not modelled`, u.source, p.o);
        break;
    }
    sink.phase = DiagnosticPhase.reading;
  }

  /** Pass 2: the classes not resolved yet, then instances and aliases; the schema. */
  complete(): CimSchema {
    const sink = this.sink;
    const out: CimNamespace[] = [];
    for (const ns of this.namespaces.values()) {
      sink.phase = DiagnosticPhase.namespaces + 2 * ns.index;
      for (const entry of ns.classes.values()) if (!entry.system) ns.resolveClass(entry);
      sink.phase++;
      for (const { ast, source } of ns.instances) {
        const inst = ns.resolveInstance(ast, source);
        if (inst !== undefined) ns.resolvedInstances.push(inst);
      }
    }
    sink.phase = DiagnosticPhase.aliases;
    for (const use of this.aliasUses) {
      if (!this.aliases.has(lower(use.name))) sink.error(MofCode.undefinedAlias, `alias $${use.name} is not defined`, use.source, use.offset);
    }
    for (const ns of this.namespaces.values()) out.push(ns.finish());
    sink.phase = DiagnosticPhase.reading;
    sink.sortByPhase();
    return { namespaces: sortByName(out) };
  }
}

export function resolveSchema(units: readonly MofUnit[], options: ResolveOptions, sink: DiagnosticSink): CimSchema {
  const resolver = new SchemaResolver(options, sink);
  for (const u of units) resolver.add(u);
  return resolver.complete();
}

/**
 * Resolution fed one production at a time while files are read (`add`), finished with
 * `complete`. With `streaming`, classes are resolved as they come, so each file's syntax
 * tree can be collected as soon as the file is done (keeping every tree until the end
 * doubled the garbage collector's work on CIM 2.51); `add` may then throw `StreamingBail`.
 */
export function createResolver(options: ResolveOptions, sink: DiagnosticSink, streaming: boolean): {
  add(unit: MofUnit): void;
  complete(): CimSchema;
} {
  return new SchemaResolver(options, sink, streaming);
}

export type { FeatureAst };
