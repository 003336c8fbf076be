/**
 * Microsoft's reference pages → CIM classes of one namespace.
 *
 * Input: pages read by `grammar/mddocs/page.ts` (any number of docs folders). Output: a
 * `CimSchema` with one namespace whose classes carry only the members they declare
 * themselves (`inherited: false`), ready for the MOF writer; the MOF front-end resolves
 * inheritance when the snapshot is loaded. Plus a report: every class or method page of
 * this namespace that produced nothing, with its reason, and every member-level problem.
 *
 * What the pages say and how it lands:
 * - class: the syntax block's qualifiers, name and superclass; `Description` from the
 *   page's introduction; `MinimumClient`/`MinimumServer` from Requirements;
 * - property: type from the syntax block (or `Data type:` when the block lost it), the
 *   listed qualifiers, `Read`/`Write` from the access type, `Description`, the value list
 *   as `ValueMap`/`Values`, availability from "not supported before …" notes. A property
 *   the page says is inherited is left to the ancestor that declares it;
 * - method: the method page's signature (`[in]`/`[out]`, types, `Static` where the page
 *   says so), parameter descriptions, return codes as the method's `ValueMap`/`Values`,
 *   its Requirements when they differ from the class's.
 * Superclasses, referenced and embedded classes missing from the namespace are pulled in
 * from the other pages given (the CIM_ bases, system classes), each noted in the report.
 */

import type { SourceLocation } from '../../grammar/diagnostics.js';
import type { DocArg, DocClassPage, DocMethodPage, DocPage, DocProperty, DocQualifier, DocUnreadablePage, DocValue } from '../../grammar/mddocs/page.js';
import { intrinsicTypes, type SyntaxLiteral, type SyntaxMethod, type SyntaxParameter, type SyntaxProperty, type SyntaxQualifier, type SyntaxTypeRef } from '../../grammar/mddocs/syntax.js';
import type { CimClass, CimFlavor, CimMethod, CimParameter, CimProperty, CimQualifier, CimQualifierType, CimSchema, CimType, CimValue } from '../cim/types.js';
import { bitFlagQualifiers } from './flags.js';
import { wmiStandardQualifiers } from '../cim/wmi-qualifiers.js';

export type SystemClassPolicy = 'referenced' | 'all' | 'none';

export interface DocsSchemaOptions {
  /** The namespace to build, e.g. `root\cimv2`. */
  readonly namespace: string;
  /**
   * System classes (`__Namespace`, …; Requirements "All WMI namespaces"): `referenced`
   * (default) takes those the namespace's classes derive from or refer to, `all` takes
   * every one, `none` none.
   */
  readonly systemClasses?: SystemClassPolicy;
}

export interface PageReport {
  readonly file: string;
  readonly line?: number;
  /** `Win32_Process`, `Win32_Process.Create`, `Win32_Process.Name`. */
  readonly subject: string;
  readonly reason: string;
}

export interface DocsSchemaStats {
  /** Class pages placed in this namespace (read or not). */
  readonly classPages: number;
  /** Classes built from those pages. */
  readonly classesFromNamespacePages: number;
  /** Classes pulled in from other namespaces' pages (ancestors, referenced classes). */
  readonly classesPulledIn: number;
  readonly methods: number;
  readonly properties: number;
  readonly pagesRead: number;
}

export interface DocsSchemaResult {
  /** One namespace; classes hold their own members only (resolve by loading the MOF). */
  readonly schema: CimSchema;
  /** Pages that produced no class or method, each with the reason. */
  readonly failures: readonly PageReport[];
  /** Members left out or repaired, classes pulled in, superclasses not found. */
  readonly warnings: readonly PageReport[];
  readonly stats: DocsSchemaStats;
}

const ALL_NAMESPACES = '*';

/** `Root\\CIMV2`, `\\.\root\cimv2`, `root/cimv2` → `root\cimv2` (lower case, for comparing). */
export function namespaceKey(ns: string): string {
  const t = ns.trim();
  if (/^all wmi namespaces$/i.test(t) || /^all namespaces$/i.test(t)) return ALL_NAMESPACES;
  return t
    .replace(/\//g, '\\')
    .replace(/^\\\\[^\\]*\\/, '')
    .replace(/^\\?\.\\/, '')
    .replace(/\\+/g, '\\')
    .replace(/^\\|\\$/g, '')
    .toLowerCase();
}

// ---------------------------------------------------------------------------------------
// Qualifier types: WMI's standard qualifiers give the spelling and type; the ones the
// pages use beyond those are typed from how they are used.

interface QualifierSpec {
  readonly name: string;
  readonly type: CimType;
  readonly isArray: boolean;
  readonly flavor: CimFlavor;
}

const defaultFlavor: CimFlavor = { toSubclass: true, overridable: true, translatable: false, amended: false, toInstance: false };
const restrictedFlavor: CimFlavor = { ...defaultFlavor, toSubclass: false };
const disableOverrideFlavor: CimFlavor = { ...defaultFlavor, overridable: false };

const knownQualifiers = new Map<string, QualifierSpec>();
for (const q of wmiStandardQualifiers) {
  knownQualifiers.set(q.name.toLowerCase(), {
    name: q.name,
    type: q.type,
    isArray: q.isArray,
    flavor: q.restricted ? restrictedFlavor : q.disableOverride ? disableOverrideFlavor : defaultFlavor,
  });
}
for (const name of ['MinimumClient', 'MinimumServer']) {
  knownQualifiers.set(name.toLowerCase(), { name, type: 'string', isArray: false, flavor: restrictedFlavor });
}

/** Qualifiers that describe MOF structure rather than the schema (the writer re-creates it). */
const structuralQualifiers = new Set(['override', 'in', 'out', 'ref', 'static']);

interface QualifierUse {
  readonly name: string;
  readonly args?: readonly DocArg[];
}

function literalToArg(l: SyntaxLiteral): DocArg | undefined {
  switch (l.kind) {
    case 'string':
      return { kind: 'string', value: l.value };
    case 'number':
      return { kind: 'number', value: l.text };
    case 'boolean':
      return { kind: 'boolean', value: l.value };
    case 'ident':
      return { kind: 'string', value: l.name };
    default:
      return undefined;
  }
}

function syntaxQualifierUse(q: SyntaxQualifier): QualifierUse {
  if (q.value === undefined) return { name: q.name };
  const list = Array.isArray(q.value) ? (q.value as readonly SyntaxLiteral[]) : [q.value as SyntaxLiteral];
  return { name: q.name, args: list.map(literalToArg).filter((a): a is DocArg => a !== undefined) };
}

function docQualifierUse(q: DocQualifier): QualifierUse {
  return q.args ? { name: q.name, args: q.args } : { name: q.name };
}

/** Collects every qualifier use of the build so unknown qualifiers get one consistent type. */
class QualifierRegistry {
  private readonly uses = new Map<string, { spelling: string; bare: number; multi: number; numeric: number; text: number }>();

  note(use: QualifierUse): void {
    const key = use.name.toLowerCase();
    let u = this.uses.get(key);
    if (!u) {
      u = { spelling: use.name, bare: 0, multi: 0, numeric: 0, text: 0 };
      this.uses.set(key, u);
    }
    if (!use.args || use.args.length === 0) u.bare++;
    else {
      if (use.args.length > 1) u.multi++;
      if (use.args.every((a) => a.kind === 'number')) u.numeric++;
      else u.text++;
    }
  }

  spec(name: string): QualifierSpec {
    const key = name.toLowerCase();
    const known = knownQualifiers.get(key);
    if (known) return known;
    const u = this.uses.get(key);
    const spelling = u?.spelling ?? name;
    if (!u || (u.multi === 0 && u.numeric === 0 && u.text === 0)) return { name: spelling, type: 'boolean', isArray: false, flavor: defaultFlavor };
    const type: CimType = u.text === 0 ? 'sint64' : 'string';
    return { name: spelling, type, isArray: u.multi > 0, flavor: defaultFlavor };
  }

  /** Declarations for every qualifier name used, sorted by name. */
  declarations(used: ReadonlySet<string>): CimQualifierType[] {
    return [...used]
      .map((k) => this.spec(k))
      .sort((a, b) => cmpName(a.name, b.name))
      .map((s) => ({
        name: s.name,
        type: s.type,
        isArray: s.isArray,
        defaultValue: s.type === 'boolean' && !s.isArray ? false : null,
        scopes: ['any'],
        flavor: s.flavor,
        builtin: false,
      }));
  }
}

function cmpName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

function argToScalar(a: DocArg, type: CimType): CimValue | undefined {
  if (type === 'boolean') {
    if (a.kind === 'boolean') return a.value;
    if (a.kind === 'string' && /^(true|false)$/i.test(a.value)) return /^true$/i.test(a.value);
    return undefined;
  }
  if (type === 'string' || type === 'char16' || type === 'datetime') return a.kind === 'boolean' ? String(a.value) : a.value;
  // integer types
  const text = a.kind === 'boolean' ? '' : a.value.trim();
  if (!/^[+-]?(0x[0-9a-f]+|[0-9]+)$/i.test(text)) return undefined;
  const big = BigInt(text.startsWith('-') ? '-' + text.slice(1) : text.replace(/^\+/, ''));
  return big >= BigInt(Number.MIN_SAFE_INTEGER) && big <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(big) : { kind: 'bigint', value: big.toString() };
}

// ---------------------------------------------------------------------------------------

interface Draft {
  readonly name: string;
  readonly page: DocClassPage;
  readonly nsKey: string;
  superclass: string | null;
  readonly qualifiers: QualifierUse[];
  readonly properties: PropertyDraft[];
  readonly methods: MethodDraft[];
  /** Methods-table rows with no page: fine when an ancestor declares the method, else failures. */
  readonly unlinkedRows: PageReport[];
  readonly location: SourceLocation;
}

interface PropertyDraft {
  readonly name: string;
  readonly type: CimType;
  readonly refClass?: string;
  readonly embeddedClass?: string;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly defaultValue?: CimValue;
  readonly qualifiers: QualifierUse[];
  /** The class the page says declares it, when not this one. */
  readonly inheritedFrom?: string;
  readonly location?: SourceLocation;
}

interface ParameterDraft {
  readonly name: string;
  readonly type: CimType;
  readonly refClass?: string;
  readonly embeddedClass?: string;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly in: boolean;
  readonly out: boolean;
  readonly qualifiers: QualifierUse[];
}

interface MethodDraft {
  readonly name: string;
  readonly returnType: CimType | 'void';
  readonly returnRefClass?: string;
  readonly returnEmbeddedClass?: string;
  readonly returnIsArray: boolean;
  readonly parameters: ParameterDraft[];
  readonly qualifiers: QualifierUse[];
  readonly isStatic: boolean;
  readonly inheritedFrom?: string;
  readonly location?: SourceLocation;
}

interface TypeInfo {
  type: CimType | 'void';
  refClass?: string;
  embeddedClass?: string;
}

function typeFromSyntax(t: SyntaxTypeRef): TypeInfo {
  if (t.isRef) return { type: 'reference', refClass: t.name };
  if (intrinsicTypes.has(t.name)) return { type: t.name as CimType | 'void' };
  return { type: 'object', embeddedClass: t.name };
}

/** `Data type:` text: `string`, `uint16 array`, `string[]`, `CIM_DataFile reference`, `Win32_X`. */
function typeFromDataType(text: string): (TypeInfo & { isArray: boolean }) | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(array|\[\]|\\\[\\\])?\s*(reference|ref)?\s*(array)?/i.exec(text.trim());
  if (!m) return undefined;
  const isArray = Boolean(m[2] || m[4]);
  const lower = m[1].toLowerCase();
  if (m[3]) return { type: 'reference', refClass: m[1], isArray };
  if (intrinsicTypes.has(lower) && lower !== 'void') return { type: lower as CimType, isArray };
  if (/^(dword|word|bool|int|long|bstr)$/i.test(lower)) return undefined;
  return { type: 'object', embeddedClass: m[1], isArray };
}

function literalToValue(l: SyntaxLiteral | readonly SyntaxLiteral[]): CimValue | undefined {
  if (Array.isArray(l)) {
    const items = (l as readonly SyntaxLiteral[]).map((x) => literalToValue(x));
    return items.every((x) => x !== undefined) ? (items as CimValue[]) : undefined;
  }
  const s = l as SyntaxLiteral;
  switch (s.kind) {
    case 'string':
      return s.value;
    case 'boolean':
      return s.value;
    case 'null':
      return null;
    case 'number': {
      if (/^[+-]?(0x[0-9a-f]+|[0-9]+)$/i.test(s.text)) {
        const neg = s.text.startsWith('-');
        const big = BigInt(s.text.replace(/^[+-]/, ''));
        const v = neg ? -big : big;
        return v >= BigInt(Number.MIN_SAFE_INTEGER) && v <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(v) : { kind: 'bigint', value: v.toString() };
      }
      const n = Number(s.text);
      return Number.isFinite(n) ? n : undefined;
    }
    default:
      return undefined;
  }
}

const numericTypes = new Set<string>(['uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64', 'real32', 'real64']);

/** ValueMap/Values uses for a value list; entries that do not fit the type are reported. */
function valueQualifiers(values: readonly DocValue[], type: CimType | 'void', warn: (reason: string) => void): QualifierUse[] {
  if (values.length === 0) return [];
  const numeric = numericTypes.has(type);
  const kept: DocValue[] = [];
  const seen = new Set<string>();
  for (const v of values) {
    const isNumber = /^[+-]?[0-9]+$/.test(v.value) || /^([+-]?[0-9]+)?\.\.([+-]?[0-9]+)?$/.test(v.value);
    if (numeric && !isNumber) {
      warn(`value '${v.name}' (${v.value}) is not a number; left out of ValueMap`);
      continue;
    }
    if (seen.has(v.value)) {
      warn(`value ${v.value} ('${v.name}') is listed twice; the first is kept`);
      continue;
    }
    seen.add(v.value);
    kept.push(v);
  }
  if (kept.length === 0) return [];
  return [
    { name: 'ValueMap', args: kept.map((v) => ({ kind: 'string', value: v.value })) },
    { name: 'Values', args: kept.map((v) => ({ kind: 'string', value: v.name })) },
  ];
}

function availabilityUses(client?: string, server?: string): QualifierUse[] {
  const out: QualifierUse[] = [];
  if (client) out.push({ name: 'MinimumClient', args: [{ kind: 'string', value: client }] });
  if (server) out.push({ name: 'MinimumServer', args: [{ kind: 'string', value: server }] });
  return out;
}

function descriptionUse(text: string): QualifierUse[] {
  return text ? [{ name: 'Description', args: [{ kind: 'string', value: text }] }] : [];
}

function normPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/').toLowerCase();
}

function dirOf(p: string): string {
  const i = p.replace(/\\/g, '/').lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

function folderOf(file: string): string {
  return file.split('/')[0];
}

/**
 * Each folder's namespace: the one most of its class pages name. A folder whose pages name
 * none is the namespace asked for when it is the first folder given (the namespace's own).
 */
function folderNamespaces(pages: readonly DocPage[], primaryFolder: string, nsKey: string): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const p of pages) {
    if ((p.kind !== 'class' && p.kind !== 'unreadable') || !p.requirements.namespace) continue;
    const ns = namespaceKey(p.requirements.namespace);
    if (ns === ALL_NAMESPACES) continue;
    const folder = folderOf(p.file);
    const byNs = counts.get(folder) ?? new Map<string, number>();
    byNs.set(ns, (byNs.get(ns) ?? 0) + 1);
    counts.set(folder, byNs);
  }
  const out = new Map<string, string>();
  for (const [folder, byNs] of counts) {
    // Ties go to the namespace asked for, then to the first in name order (stable output).
    const best = [...byNs].sort((a, b) => b[1] - a[1] || Number(b[0] === nsKey) - Number(a[0] === nsKey) || (a[0] < b[0] ? -1 : 1))[0];
    out.set(folder, best[0]);
  }
  if (!out.has(primaryFolder)) out.set(primaryFolder, nsKey);
  return out;
}

/** Builds one namespace from the pages. */
export function buildDocsSchema(pages: readonly DocPage[], options: DocsSchemaOptions): DocsSchemaResult {
  const nsKey = namespaceKey(options.namespace);
  const systemPolicy = options.systemClasses ?? 'referenced';
  const failures: PageReport[] = [];
  const warnings: PageReport[] = [];
  const report = (list: PageReport[], file: string, subject: string, reason: string, location?: SourceLocation): void => {
    list.push({ file, ...(location ? { line: location.line } : {}), subject, reason });
  };

  const byPath = new Map<string, DocPage>();
  for (const p of pages) byPath.set(normPath(p.file), p);
  // Method pages that could not be read, by class: reported with the class they belong to.
  const unreadableMethods = new Map<string, DocUnreadablePage[]>();
  for (const p of pages) {
    if (p.kind !== 'unreadable' || p.claimed !== 'method') continue;
    const key = p.subject.split('.')[0].toLowerCase();
    unreadableMethods.set(key, [...(unreadableMethods.get(key) ?? []), p]);
  }
  const methodPages = new Map<string, DocMethodPage[]>();
  for (const p of pages) {
    if (p.kind !== 'method') continue;
    const key = p.className.toLowerCase();
    const list = methodPages.get(key) ?? [];
    list.push(p);
    methodPages.set(key, list);
  }

  // A page without a Namespace row (win32-baseboard.md) belongs to its folder's namespace.
  const primaryFolder = pages.length ? folderOf(pages[0].file) : '';
  const folderNs = folderNamespaces(pages, primaryFolder, nsKey);
  const pageNs = (p: { file: string; requirements: { namespace?: string } }, className: string): string | undefined => {
    if (p.requirements.namespace) return namespaceKey(p.requirements.namespace);
    if (className.startsWith('__')) return ALL_NAMESPACES;
    return folderNs.get(folderOf(p.file));
  };

  // Class pages by class name; when two pages declare one class, this namespace's wins.
  const classPages = new Map<string, DocClassPage>();
  for (const p of pages) {
    if (p.kind !== 'class') continue;
    const key = p.syntax.name.toLowerCase();
    const prev = classPages.get(key);
    if (!prev) {
      classPages.set(key, p);
      continue;
    }
    const prevHere = pageNs(prev, prev.syntax.name) === nsKey;
    const thisHere = pageNs(p, p.syntax.name) === nsKey;
    const keep = !prevHere && thisHere ? p : prev;
    const drop = keep === p ? prev : p;
    classPages.set(key, keep);
    report(warnings, drop.file, drop.syntax.name, `another page (${keep.file}) also declares ${drop.syntax.name}; that page is used`, drop.location);
  }

  // Unreadable class pages of this namespace (or of no stated namespace) are failures.
  let classPagesHere = 0;
  for (const p of pages) {
    if (p.kind === 'unreadable' && p.claimed === 'class') {
      const ns = pageNs(p, p.subject);
      if (ns === nsKey || (ns === ALL_NAMESPACES && systemPolicy === 'all')) {
        classPagesHere++;
        report(failures, p.file, p.subject, p.reason, p.location);
      } else if (ns === undefined) {
        report(warnings, p.file, p.subject, `${p.reason}; the page names no namespace and is not counted as one of ${options.namespace}'s`, p.location);
      }
    }
  }

  // Seed: this namespace's classes (and every system class when asked).
  const selected = new Map<string, DocClassPage>();
  const pulledIn = new Set<string>();
  for (const [key, p] of classPages) {
    const ns = pageNs(p, p.syntax.name);
    if (ns === nsKey) {
      selected.set(key, p);
      classPagesHere++;
    } else if (ns === ALL_NAMESPACES && systemPolicy === 'all') {
      selected.set(key, p);
      classPagesHere++;
    }
  }

  const drafts = new Map<string, Draft>();
  const queue = [...selected.keys()].sort();
  const wanted = (name: string, by: string, why: string): void => {
    const key = name.toLowerCase();
    if (selected.has(key)) return;
    const p = classPages.get(key);
    if (!p) return;
    const ns = pageNs(p, p.syntax.name);
    if (ns === ALL_NAMESPACES && systemPolicy === 'none') return;
    selected.set(key, p);
    pulledIn.add(key);
    queue.push(key);
    if (ns !== ALL_NAMESPACES) report(warnings, p.file, p.syntax.name, `pulled in from ${p.requirements.namespace ?? 'a page without a namespace'} as the ${why} of ${by}`, p.location);
  };
  while (queue.length) {
    const key = queue.shift() as string;
    const page = selected.get(key) as DocClassPage;
    const draft = draftClass(page, byPath, methodPages, unreadableMethods, failures, warnings, report);
    drafts.set(key, draft);
    // `class X : ExtrinsicEvent`: markdown took the `__` of a system class name for bold.
    if (draft.superclass && !classPages.has(draft.superclass.toLowerCase()) && classPages.has(`__${draft.superclass.toLowerCase()}`)) {
      const fixed = classPages.get(`__${draft.superclass.toLowerCase()}`)!.syntax.name;
      report(warnings, page.file, draft.name, `superclass ${draft.superclass} read as ${fixed} (the page lost its leading underscores)`, draft.location);
      draft.superclass = fixed;
    }
    if (draft.superclass) wanted(draft.superclass, draft.name, 'superclass');
    const refs = new Set<string>();
    for (const p of draft.properties) for (const c of [p.refClass, p.embeddedClass]) if (c) refs.add(c);
    for (const m of draft.methods) {
      for (const c of [m.returnRefClass, m.returnEmbeddedClass]) if (c) refs.add(c);
      for (const p of m.parameters) for (const c of [p.refClass, p.embeddedClass]) if (c) refs.add(c);
    }
    for (const c of [...refs].sort()) wanted(c, draft.name, 'referenced class');
  }

  // A class page of another folder that names no namespace and nothing here needed.
  for (const [key, p] of classPages) {
    if (!selected.has(key) && pageNs(p, p.syntax.name) === undefined) {
      report(warnings, p.file, p.syntax.name, `the page names no namespace, nor do the other pages of its folder; not counted as one of ${options.namespace}'s classes (only ${primaryFolder}, the first folder given, is taken as the namespace's own)`, p.location);
    }
  }

  // Superclasses without a page: a misspelt or cut-off name is read as the class it names;
  // otherwise the class becomes a root class and keeps every property.
  for (const d of drafts.values()) {
    if (d.superclass && !drafts.has(d.superclass.toLowerCase())) {
      const near = nearestClass(d.superclass, drafts) ?? truncatedClass(d.superclass, d.name, drafts);
      if (near) {
        report(warnings, d.page.file, d.name, `superclass ${d.superclass} has no page; read as ${near} (a misspelt or cut-off name)`, d.location);
        d.superclass = near;
        continue;
      }
      report(warnings, d.page.file, d.name, `superclass ${d.superclass} has no readable page; ${d.name} is written as a root class with all its properties`, d.location);
      d.superclass = null;
    }
  }

  // Types that name classes without a page cannot be written as such.
  for (const d of drafts.values()) repairTypes(d, drafts, (subject, reason) => report(warnings, d.page.file, subject, reason, d.location));

  // Top-down: leave inherited members to the ancestor that declares them.
  const order = topoOrder(drafts);
  const declaredProps = new Map<string, Map<string, PropertyDraft>>();
  const declaredMethods = new Map<string, Set<string>>();
  const registry = new QualifierRegistry();
  /** Each class's own members, decided top-down; typed into CimClass once every qualifier use is known. */
  const decided: { draft: Draft; ancestors: string[]; properties: PropertyDraft[]; methods: MethodDraft[] }[] = [];
  let propertyCount = 0;
  let methodCount = 0;
  for (const d of order) {
    const parentKey = d.superclass?.toLowerCase();
    const inheritedProps = new Map(parentKey ? declaredProps.get(parentKey) : undefined);
    const inheritedMethods = new Set(parentKey ? declaredMethods.get(parentKey) : undefined);
    const ancestors: string[] = [];
    for (let s = d.superclass; s; s = drafts.get(s.toLowerCase())?.superclass ?? null) ancestors.push(drafts.get(s.toLowerCase())?.name ?? s);
    const ownProps: PropertyDraft[] = [];
    const ancestorsHaveKeys = [...inheritedProps.values()].some((p) => p.qualifiers.some((q) => q.name.toLowerCase() === 'key'));
    for (const p of d.properties) {
      const key = p.name.toLowerCase();
      const above = inheritedProps.get(key);
      if (above) {
        // The same property as the ancestor's: nothing to write. A page that gives it other
        // values, another description or other qualifiers overrides it (with the ancestor's type).
        if (sameQualifierUses(above.qualifiers, p.qualifiers)) continue;
        // A reference or embedded object may narrow its class in an override (Win32_DependentService).
        if (above.type === p.type && above.isArray === p.isArray) {
          ownProps.push(p);
          continue;
        }
        if (!p.inheritedFrom) report(warnings, d.page.file, `${d.name}.${p.name}`, `redeclares inherited ${p.name} as ${p.type}${p.isArray ? '[]' : ''} (was ${above.type}${above.isArray ? '[]' : ''}); written as an override with the inherited type`, p.location);
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
        report(warnings, d.page.file, `${d.name}.${p.name}`, `marked Key, but ${d.superclass} already has keys; Key left out`, p.location);
        ownProps.push({ ...p, qualifiers: p.qualifiers.filter((_, i) => i !== keyAt) });
        continue;
      }
      ownProps.push(p);
    }
    const ownMethods: MethodDraft[] = [];
    for (const m of d.methods) {
      if (inheritedMethods.has(m.name.toLowerCase()) && m.inheritedFrom && m.inheritedFrom.toLowerCase() !== d.name.toLowerCase()) continue;
      ownMethods.push(m);
    }
    for (const row of d.unlinkedRows) {
      const method = row.subject.slice(row.subject.indexOf('.') + 1).toLowerCase();
      if (!inheritedMethods.has(method)) failures.push(row);
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
    propertyCount += ownProps.length;
    methodCount += ownMethods.length;
    decided.push({ draft: d, ancestors, properties: ownProps, methods: ownMethods });
  }

  // Now that every use is known, turn qualifier uses into typed CimQualifiers.
  const used = new Set<string>();
  const conv = (uses: readonly QualifierUse[], file: string, subject: string): CimQualifier[] => {
    const out: CimQualifier[] = [];
    const seen = new Set<string>();
    for (const u of uses) {
      const key = u.name.toLowerCase();
      if (structuralQualifiers.has(key) || seen.has(key)) continue;
      const spec = registry.spec(u.name);
      const value = qualifierValue(u, spec);
      if (value === undefined) {
        report(warnings, file, subject, `qualifier ${u.name}${u.args ? `(${u.args.map((a) => String(a.value)).join(', ')})` : ''} does not fit its type ${spec.type}${spec.isArray ? '[]' : ''}; left out`);
        continue;
      }
      seen.add(key);
      used.add(key);
      out.push({ name: spec.name, value, flavor: spec.flavor, propagated: false });
    }
    return out;
  };
  const finalClasses: CimClass[] = decided.map(({ draft: d, ancestors, properties: ownProps, methods: ownMethods }) => {
    const c = shell(d, ancestors);
    const file = d.page.file;
    const properties: CimProperty[] = ownProps.map((p) => {
      const qualifiers = conv(p.qualifiers, file, `${c.name}.${p.name}`);
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
    const methods: CimMethod[] = ownMethods.map((m) => ({
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
          qualifiers: conv(p.qualifiers, file, `${c.name}.${m.name}(${p.name})`),
        }),
      ),
      qualifiers: conv(m.qualifiers, file, `${c.name}.${m.name}`),
      isStatic: m.isStatic,
      classOrigin: c.name,
      inherited: false,
      ...(m.location ? { location: m.location } : {}),
    }));
    const qualifiers = conv(d.qualifiers, file, c.name);
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
  });
  finalClasses.sort((a, b) => cmpName(a.name, b.name));
  failures.sort(cmpReport);
  warnings.sort(cmpReport);
  const ownNamespace = (k: string): boolean => {
    const ns = pageNs(drafts.get(k)!.page, drafts.get(k)!.name);
    return ns === nsKey || (ns === ALL_NAMESPACES && systemPolicy === 'all');
  };
  const fromHere = [...drafts.keys()].filter((k) => !pulledIn.has(k) && ownNamespace(k)).length;
  return {
    schema: { namespaces: [{ name: options.namespace, qualifierTypes: registry.declarations(used), classes: finalClasses, instances: [] }] },
    failures,
    warnings,
    stats: {
      classPages: classPagesHere,
      classesFromNamespacePages: fromHere,
      classesPulledIn: finalClasses.length - fromHere,
      methods: methodCount,
      properties: propertyCount,
      pagesRead: pages.length,
    },
  };
}

function useKey(u: QualifierUse): string {
  return `${u.name.toLowerCase()}(${(u.args ?? []).map((a) => `${a.kind}:${String(a.value)}`).join('\u0001')})`;
}

/** Same qualifiers, in any order (the structural ones aside). */
function sameQualifierUses(a: readonly QualifierUse[], b: readonly QualifierUse[]): boolean {
  const norm = (l: readonly QualifierUse[]): string =>
    l
      .filter((u) => !structuralQualifiers.has(u.name.toLowerCase()))
      .map(useKey)
      .sort()
      .join('\u0002');
  return norm(a) === norm(b);
}

function cmpReport(a: PageReport, b: PageReport): number {
  return cmpName(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmpName(a.subject, b.subject) || cmpName(a.reason, b.reason);
}

function shell(d: Draft, ancestors: string[]): CimClass {
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

function qualifierValue(u: QualifierUse, spec: QualifierSpec): CimValue | undefined {
  const args = u.args ?? [];
  if (spec.isArray) {
    const items = args.map((a) => argToScalar(a, spec.type));
    if (items.some((x) => x === undefined)) return undefined;
    return items as CimValue[];
  }
  if (spec.type === 'boolean') {
    if (args.length === 0) return true;
    const v = argToScalar(args[0], 'boolean');
    // `Deprecated("CIM_X")` on a boolean qualifier: the presence is what counts.
    return v === undefined ? true : v;
  }
  if (args.length === 0) return undefined;
  if (spec.type === 'string') return args.map((a) => argToScalar(a, 'string')).join(', ');
  return argToScalar(args[0], spec.type);
}

function topoOrder(drafts: Map<string, Draft>): Draft[] {
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

/** References to classes without a page become untyped; embedded ones become `object`. */
function repairTypes(d: Draft, drafts: Map<string, Draft>, warn: (subject: string, reason: string) => void): void {
  const known = (c?: string): boolean => c === undefined || drafts.has(c.toLowerCase());
  const fix = <T extends { type: CimType | 'void'; refClass?: string; embeddedClass?: string }>(x: T, subject: string): T => {
    const typo = x.embeddedClass && !known(x.embeddedClass) ? intrinsicTypo(x.embeddedClass) : undefined;
    if (typo) {
      warn(subject, `type '${x.embeddedClass}' read as ${typo}`);
      const { embeddedClass: _e, ...rest } = x;
      return { ...rest, type: typo } as T;
    }
    if (!known(x.embeddedClass)) {
      warn(subject, `embedded class ${x.embeddedClass} has no readable page; typed as object`);
      const { embeddedClass: _e, ...rest } = x;
      return rest as T;
    }
    const near = x.refClass && !known(x.refClass) ? nearestClass(x.refClass, drafts) : undefined;
    if (near) {
      warn(subject, `referenced class ${x.refClass} has no page; read as ${near} (a misspelling)`);
      return { ...x, refClass: near } as T;
    }
    if (!known(x.refClass)) {
      // The nearest documented stand-in: Win32_X's CIM_X, else the root of every CIM class.
      const cim = x.refClass!.replace(/^Win32_/i, 'CIM_');
      const standIn = [cim, 'CIM_ManagedElement'].find((c) => c.toLowerCase() !== x.refClass!.toLowerCase() && drafts.has(c.toLowerCase()));
      if (standIn) {
        warn(subject, `referenced class ${x.refClass} has no readable page; the reference is typed as ${drafts.get(standIn.toLowerCase())!.name}`);
        return { ...x, refClass: drafts.get(standIn.toLowerCase())!.name } as T;
      }
      warn(subject, `referenced class ${x.refClass} has no readable page; the reference is untyped (object ref)`);
      const { refClass: _r, ...rest } = x;
      return rest as T;
    }
    return x;
  };
  for (let i = 0; i < d.properties.length; i++) d.properties[i] = fix(d.properties[i], `${d.name}.${d.properties[i].name}`);
  for (let i = 0; i < d.methods.length; i++) {
    const m = d.methods[i];
    const r = fix({ type: m.returnType, refClass: m.returnRefClass, embeddedClass: m.returnEmbeddedClass }, `${d.name}.${m.name}`);
    const parameters = m.parameters.map((p) => fix(p, `${d.name}.${m.name}(${p.name})`));
    d.methods[i] = {
      ...m,
      ...(r.refClass ? { returnRefClass: r.refClass } : { returnRefClass: undefined }),
      ...(r.embeddedClass ? { returnEmbeddedClass: r.embeddedClass } : { returnEmbeddedClass: undefined }),
      parameters,
    };
  }
}

/** `CM_CollectionOfMSEs` for `CIM_CollectionOfMSEs`: one edit away from exactly one known class. */
function nearestClass(name: string, drafts: Map<string, Draft>): string | undefined {
  const n = name.toLowerCase();
  const hits = [...drafts.values()].filter((d) => editDistance(n, d.name.toLowerCase()) <= 1);
  return hits.length === 1 ? hits[0].name : undefined;
}

/**
 * `MSFT_NetAdapterPowerManagem` for `MSFT_NetAdapterPowerManagement`: a long name that is
 * the start of known class names, the shortest of which is taken (never the class itself).
 */
function truncatedClass(name: string, self: string, drafts: Map<string, Draft>): string | undefined {
  const n = name.toLowerCase();
  if (n.length < 12) return undefined;
  const hits = [...drafts.values()].filter((d) => d.name.toLowerCase().startsWith(n) && d.name.toLowerCase() !== self.toLowerCase()).sort((a, b) => a.name.length - b.name.length || cmpName(a.name, b.name));
  return hits[0]?.name;
}

/** `unit16` and `uint16e` are misspelt intrinsic types, not classes. */
function intrinsicTypo(name: string): CimType | undefined {
  const n = name.toLowerCase();
  for (const t of intrinsicTypes) {
    if (t === 'void' || t === 'object') continue;
    if (editDistance(n, t) <= 1 || (n.startsWith(t) && n.length === t.length + 1)) return t as CimType;
  }
  return undefined;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 2) return 3;
  const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      // a transposition (`unit` for `uint`) counts as one edit
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  }
  return d[a.length][b.length];
}

function draftClass(
  page: DocClassPage,
  byPath: Map<string, DocPage>,
  methodPages: Map<string, DocMethodPage[]>,
  unreadableMethods: Map<string, DocUnreadablePage[]>,
  failures: PageReport[],
  warnings: PageReport[],
  report: (list: PageReport[], file: string, subject: string, reason: string, location?: SourceLocation) => void,
): Draft {
  const name = page.syntax.name;
  const warn = (subject: string, reason: string, location?: SourceLocation): void => report(warnings, page.file, subject, reason, location ?? page.location);
  for (const p of page.problems) warn(name, p.message, p.location);

  const classQualifiers: QualifierUse[] = [
    ...page.syntax.qualifiers.map(syntaxQualifierUse),
    ...descriptionUse(page.description),
    ...availabilityUses(page.requirements.minimumClient, page.requirements.minimumServer),
  ];

  // Properties: the syntax block's order and types, the property sections' details.
  const sections = new Map<string, DocProperty>();
  for (const s of page.properties) if (!sections.has(s.name.toLowerCase())) sections.set(s.name.toLowerCase(), s);
  const properties: PropertyDraft[] = [];
  const seen = new Set<string>();
  const addProperty = (sp: SyntaxProperty | undefined, doc: DocProperty | undefined): void => {
    const pname = sp?.name ?? (doc as DocProperty).name;
    const key = pname.toLowerCase();
    if (seen.has(key)) {
      warn(`${name}.${pname}`, 'declared twice in the syntax block; the first is kept');
      return;
    }
    let t: (TypeInfo & { isArray: boolean; arraySize?: number }) | undefined;
    if (sp) t = { ...typeFromSyntax(sp.type), isArray: sp.isArray, ...(sp.arraySize !== undefined ? { arraySize: sp.arraySize } : {}) };
    else if (doc?.dataType) {
      t = typeFromDataType(doc.dataType);
      if (t) warn(`${name}.${pname}`, `not in the syntax block; type taken from "Data type: ${doc.dataType}"`, doc.location);
    }
    if (!t || t.type === 'void') {
      warn(`${name}.${pname}`, `no usable type (syntax block: none, Data type: ${doc?.dataType ?? 'none'}); property left out`, doc?.location);
      return;
    }
    seen.add(key);
    const qualifiers: QualifierUse[] = [];
    if (sp) qualifiers.push(...sp.qualifiers.map(syntaxQualifierUse));
    if (doc) {
      qualifiers.push(...doc.qualifiers.map(docQualifierUse));
      if (doc.access === 'read' || doc.access === 'readwrite') qualifiers.push({ name: 'Read' });
      if (doc.access === 'readwrite' || doc.access === 'write') qualifiers.push({ name: 'Write' });
      qualifiers.push(...descriptionUse(doc.description));
      qualifiers.push(...valueQualifiers(doc.values, t.type, (r) => warn(`${name}.${pname}`, r, doc.location)));
      qualifiers.push(...availabilityUses(doc.minimumClient, doc.minimumServer));
    }
    const defaultValue = sp?.defaultValue !== undefined ? literalToValue(sp.defaultValue) : undefined;
    properties.push({
      name: pname,
      type: t.type as CimType,
      ...(t.refClass ? { refClass: t.refClass } : {}),
      ...(t.embeddedClass ? { embeddedClass: t.embeddedClass } : {}),
      isArray: t.isArray,
      ...(t.arraySize !== undefined ? { arraySize: t.arraySize } : {}),
      ...(defaultValue !== undefined && defaultValue !== null ? { defaultValue } : {}),
      qualifiers,
      ...(doc?.inheritedFrom ? { inheritedFrom: doc.inheritedFrom } : {}),
      ...(doc?.location ? { location: doc.location } : {}),
    });
  };
  const syntaxMethods: SyntaxMethod[] = [];
  for (const m of page.syntax.members) {
    if (m.kind === 'property') addProperty(m, sections.get(m.name.toLowerCase()));
    else syntaxMethods.push(m);
  }
  for (const s of page.properties) if (!seen.has(s.name.toLowerCase())) addProperty(undefined, s);

  // Methods: the methods table's pages, the class's own method pages, the syntax block.
  const methods: MethodDraft[] = [];
  const unlinkedRows: PageReport[] = [];
  const methodNames = new Set<string>();
  const classDir = dirOf(page.file);
  // Method pages of this class as this page documents it: two folders may document one
  // class name for two namespaces (CIM_LogicalDevice in root\cimv2 and root\StandardCimv2).
  const classNs = page.requirements.namespace ? namespaceKey(page.requirements.namespace) : undefined;
  const sameSource = (mp: DocMethodPage): boolean => {
    const ns = mp.requirements.namespace ? namespaceKey(mp.requirements.namespace) : undefined;
    if (ns && classNs) return ns === classNs;
    return mp.file.split('/')[0] === page.file.split('/')[0];
  };
  const own = [...(methodPages.get(name.toLowerCase()) ?? [])].filter(sameSource).sort((a, b) => cmpName(a.file, b.file));
  const fromPage = (mp: DocMethodPage, tableRow?: { minimumClient?: string; minimumServer?: string }): void => {
    const key = mp.methodName.toLowerCase();
    if (methodNames.has(key)) return;
    methodNames.add(key);
    for (const p of mp.problems) report(warnings, mp.file, `${mp.className}.${mp.methodName}`, p.message, p.location);
    const client = mp.requirements.minimumClient ?? tableRow?.minimumClient;
    const server = mp.requirements.minimumServer ?? tableRow?.minimumServer;
    const differs = client !== page.requirements.minimumClient || server !== page.requirements.minimumServer;
    methods.push(
      methodDraft(mp.syntax, {
        isStatic: mp.isStatic,
        description: mp.description,
        paramDocs: new Map(mp.parameterDocs.map((p) => [p.name.toLowerCase(), p.description])),
        paramValues: new Map(mp.parameterDocs.map((p) => [p.name.toLowerCase(), p.values])),
        returnValues: mp.returnValues,
        availability: differs ? availabilityUses(client, server) : [],
        ...(mp.className.toLowerCase() !== name.toLowerCase() ? { inheritedFrom: mp.className } : {}),
        location: mp.location,
        warn: (r) => report(warnings, mp.file, `${mp.className}.${mp.methodName}`, r, mp.location),
      }),
    );
  };
  for (const row of page.methods) {
    const key = row.name.toLowerCase();
    if (methodNames.has(key)) continue;
    let target: DocPage | undefined;
    if (row.href) {
      const rel = row.href.replace(/^\.\//, '');
      target = byPath.get(normPath(`${classDir}/${rel}`)) ?? byPath.get(normPath(`${classDir}/${rel}.md`));
    }
    if (target?.kind === 'method') {
      fromPage(target, row);
      continue;
    }
    const ownPage = own.find((m) => m.methodName.toLowerCase() === key);
    if (ownPage) {
      fromPage(ownPage, row);
      continue;
    }
    const sm = syntaxMethods.find((m) => m.name.toLowerCase() === key);
    if (sm) {
      methodNames.add(key);
      if (target?.kind === 'unreadable') report(warnings, target.file, `${name}.${row.name}`, `${target.reason}; the class's syntax block gives the signature instead`, target.location);
      methods.push(methodDraft(sm, { isStatic: sm.isStatic, description: row.description, paramDocs: new Map(), returnValues: [], availability: availabilityUses(row.minimumClient, row.minimumServer), location: page.location, warn: (r) => warn(`${name}.${sm.name}`, r) }));
      continue;
    }
    if (target?.kind === 'unreadable') {
      methodNames.add(key);
      report(failures, target.file, `${name}.${row.name}`, target.reason, target.location);
      continue;
    }
    // A row without a page of its own ("Not implemented": the ancestor's method).
    methodNames.add(key);
    const why = !row.href
      ? 'listed in the methods table without a link to its page'
      : /^(\/|https?:)/i.test(row.href)
        ? `listed in the methods table, but its page (${row.href}) is outside the docs given`
        : `listed in the methods table, but the linked page ${row.href} is ${target ? 'not a method page' : 'not among the pages given'}`;
    report(unlinkedRows, page.file, `${name}.${row.name}`, why, page.location);
  }
  for (const mp of own) fromPage(mp);
  // Unreadable method pages of this class that no table row led to are failures too.
  for (const up of unreadableMethods.get(name.toLowerCase()) ?? []) {
    const method = up.subject.slice(up.subject.indexOf('.') + 1);
    const upNs = up.requirements.namespace ? namespaceKey(up.requirements.namespace) : undefined;
    const same = upNs && classNs ? upNs === classNs : up.file.split('/')[0] === page.file.split('/')[0];
    if (!same || methodNames.has(method.toLowerCase())) continue;
    if (syntaxMethods.some((m) => m.name.toLowerCase() === method.toLowerCase())) {
      report(warnings, up.file, up.subject, `${up.reason}; the class's syntax block gives the signature instead`, up.location);
      continue;
    }
    methodNames.add(method.toLowerCase());
    report(failures, up.file, up.subject, up.reason, up.location);
  }
  for (const sm of syntaxMethods) {
    const key = sm.name.toLowerCase();
    if (methodNames.has(key)) continue;
    methodNames.add(key);
    methods.push(methodDraft(sm, { isStatic: sm.isStatic, description: '', paramDocs: new Map(), returnValues: [], availability: [], location: page.location, warn: (r) => warn(`${name}.${sm.name}`, r) }));
  }

  return {
    name,
    page,
    nsKey: page.requirements.namespace ? namespaceKey(page.requirements.namespace) : '',
    superclass: page.syntax.superclass,
    qualifiers: classQualifiers,
    properties,
    methods,
    unlinkedRows,
    location: page.location,
  };
}

interface MethodContext {
  isStatic: boolean;
  description: string;
  paramDocs: Map<string, string>;
  /** Value lists of the parameters from the method page, as ValueMap/Values. */
  paramValues?: Map<string, readonly DocValue[]>;
  returnValues: readonly DocValue[];
  availability: QualifierUse[];
  inheritedFrom?: string;
  location: SourceLocation;
  warn: (reason: string) => void;
}

function methodDraft(sm: SyntaxMethod, ctx: MethodContext): MethodDraft {
  const rt = typeFromSyntax(sm.returnType);
  const parameters: ParameterDraft[] = [];
  const seen = new Set<string>();
  for (const p of sm.parameters) {
    if (seen.has(p.name.toLowerCase())) {
      ctx.warn(`parameter ${p.name} is declared twice; the first is kept`);
      continue;
    }
    seen.add(p.name.toLowerCase());
    parameters.push(parameterDraft(p, ctx));
  }
  const qualifiers: QualifierUse[] = [...sm.qualifiers.map(syntaxQualifierUse)];
  if (ctx.isStatic) qualifiers.push({ name: 'Static' });
  qualifiers.push(...descriptionUse(ctx.description));
  qualifiers.push(...valueQualifiers(ctx.returnValues, rt.type, ctx.warn));
  qualifiers.push(...ctx.availability);
  return {
    name: sm.name,
    returnType: rt.type,
    ...(rt.refClass ? { returnRefClass: rt.refClass } : {}),
    ...(rt.embeddedClass ? { returnEmbeddedClass: rt.embeddedClass } : {}),
    returnIsArray: sm.returnIsArray,
    parameters,
    qualifiers,
    isStatic: ctx.isStatic,
    ...(ctx.inheritedFrom ? { inheritedFrom: ctx.inheritedFrom } : {}),
    location: ctx.location,
  };
}

function parameterDraft(p: SyntaxParameter, ctx: MethodContext): ParameterDraft {
  const t = typeFromSyntax(p.type);
  const names = new Set(p.qualifiers.map((q) => q.name.toLowerCase()));
  const isIn = names.has('in');
  const isOut = names.has('out');
  const qualifiers: QualifierUse[] = p.qualifiers.map(syntaxQualifierUse);
  // `[EmbeddedInstance("X")] string P` types the parameter as X.
  const embedded = p.qualifiers.find((q) => q.name.toLowerCase() === 'embeddedinstance');
  let embeddedClass = t.embeddedClass;
  if (embedded && t.type === 'string' && embedded.value && !Array.isArray(embedded.value) && (embedded.value as SyntaxLiteral).kind === 'string') {
    embeddedClass = ((embedded.value as SyntaxLiteral) as { value: string }).value;
  }
  const doc = ctx.paramDocs.get(p.name.toLowerCase());
  if (doc) qualifiers.push(...descriptionUse(doc));
  const values = ctx.paramValues?.get(p.name.toLowerCase());
  const listable = (t.type === 'string' && !embeddedClass) || numericTypes.has(t.type);
  if (values && listable && !names.has('valuemap') && !names.has('bitmap')) {
    const flags = numericTypes.has(t.type) ? bitFlagQualifiers(values, doc ?? '') : undefined;
    qualifiers.push(...(flags ?? valueQualifiers(values, t.type, (r) => ctx.warn(`parameter ${p.name}: ${r}`))));
  }
  if (t.type === 'void') ctx.warn(`parameter ${p.name} is typed void; read as object`);
  return {
    name: p.name,
    type: t.type === 'void' ? 'object' : embeddedClass && t.type === 'string' ? 'string' : (t.type as CimType),
    ...(t.refClass ? { refClass: t.refClass } : {}),
    ...(embeddedClass ? { embeddedClass } : {}),
    isArray: p.isArray,
    ...(p.arraySize !== undefined ? { arraySize: p.arraySize } : {}),
    // Neither marked: an input, as MOF's default.
    in: isIn || !isOut,
    out: isOut,
    qualifiers,
  };
}
