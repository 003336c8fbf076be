/**
 * The browser's data: the bundled per-OS Windows snapshots turned into plain JSON the page
 * loads lazily, one file per namespace and version, plus a compact search index across all
 * of them and a diff per namespace between the versions. Each class carries only what it
 * declares (the page walks the ancestors for inherited members), so descriptions are not
 * repeated in every subclass; TypeScript types come from the generator's own planning pass,
 * so the page shows exactly the types `wmigen` emits.
 */

import { planNamespace, type ClassPlan, type MemberPlan } from '../generator/cim/plan.js';
import { findQualifier, stringArrayQualifier, stringQualifier } from '../generator/cim/qualifiers.js';
import type { CimClass, CimMethod, CimNamespace, CimParameter, CimProperty, CimQualifier, CimSchema, CimValue } from '../model/cim/types.js';
import { diffSchemas } from '../model/diff.js';
import { listWindowsSnapshots, loadWindowsSnapshot, windowsOsVersions } from '../sources/windows/load.js';

/** `root\Microsoft\Windows\Storage` → `root/microsoft/windows/storage` (the data file's path). */
export function namespaceSlug(namespace: string): string {
  return namespace
    .split(/[\\/]+/)
    .filter(Boolean)
    .map((s) => s.toLowerCase().replace(/[^a-z0-9_.-]/g, '_'))
    .join('/');
}

export interface BrowserNamespace {
  /** WMI's spelling, the newest capture's when they differ. */
  readonly name: string;
  readonly slug: string;
  /** Class counts per version whose capture has the namespace. */
  readonly classes: Record<string, number>;
}

export interface BrowserIndex {
  readonly versions: ReadonlyArray<{ os: string; name: string; build: string }>;
  readonly newest: string;
  readonly namespaces: readonly BrowserNamespace[];
}

/** A value list entry: [value, name]. */
type ValueEntry = [string, string];

export interface BrowserProperty {
  name: string;
  cim: string;
  ts: string;
  key?: true;
  write?: true;
  /** The text, or its index in the file's `texts`. */
  description?: string | number;
  units?: string;
  values?: ValueEntry[];
  bits?: ValueEntry[];
  qualifiers?: string[];
  /** Set when this redeclares an ancestor's property. */
  overrides?: string;
}

export interface BrowserParameter {
  name: string;
  dir: 'in' | 'out' | 'in/out';
  cim: string;
  ts?: string;
  description?: string | number;
  values?: ValueEntry[];
}

export interface BrowserMethod {
  name: string;
  static?: true;
  returns: string;
  returnTs?: string;
  parameters: BrowserParameter[];
  codes?: ValueEntry[];
  description?: string | number;
  qualifiers?: string[];
}

export interface BrowserClass {
  name: string;
  superclass: string | null;
  ancestors: readonly string[];
  /** The exported TypeScript name (differs from the class name only when it is not an identifier). */
  tsName: string;
  keys: readonly string[];
  abstract?: true;
  association?: true;
  indication?: true;
  description?: string;
  since?: { client?: string; server?: string };
  qualifiers?: string[];
  properties: BrowserProperty[];
  methods: BrowserMethod[];
}

export interface BrowserNamespaceData {
  readonly namespace: string;
  readonly os: string;
  readonly classes: BrowserClass[];
  /** Per other version: whether its capture has the namespace, and this file's classes it lacks. */
  readonly elsewhere: ReadonlyArray<{ os: string; captured: boolean; lacks: string[] }>;
  /**
   * Descriptions used more than once in the file (the Go-only note repeated on every member
   * of a performance class); a member's `description` that is a number indexes this list.
   */
  readonly texts?: string[];
}

/** Search index: namespace names, then one row per class across versions. */
export interface BrowserSearchIndex {
  readonly namespaces: string[];
  /** [class name, namespace index, version bits (1 << index in versions), first sentence, own property names, own method names]. */
  readonly classes: Array<[string, number, number, string, string, string]>;
}

const shownElsewhere = new Set(['description', 'valuemap', 'values', 'bitmap', 'bitvalues', 'units', 'key', 'write', 'read', 'static', 'in', 'out', 'id']);

function valueText(v: CimValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `{${v.map(valueText).join(', ')}}`;
  if (typeof v === 'object') {
    if ('kind' in v && v.kind === 'bigint') return v.value;
    if ('kind' in v && v.kind === 'alias') return `$${v.name}`;
    return `instance of ${(v as { className: string }).className}`;
  }
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function qualifierList(qualifiers: readonly CimQualifier[], ownOnly: boolean): string[] | undefined {
  const out: string[] = [];
  for (const q of qualifiers) {
    if (ownOnly && q.propagated) continue;
    if (shownElsewhere.has(q.name.toLowerCase())) continue;
    out.push(q.value === true ? q.name : `${q.name}(${valueText(q.value)})`);
  }
  return out.length ? out : undefined;
}

function valueList(qualifiers: readonly CimQualifier[], mapName: string, namesName: string): ValueEntry[] | undefined {
  const names = stringArrayQualifier(qualifiers, namesName);
  const map = stringArrayQualifier(qualifiers, mapName);
  if (!names && !map) return undefined;
  const n = Math.max(names?.length ?? 0, map?.length ?? 0);
  const out: ValueEntry[] = [];
  for (let i = 0; i < n; i++) out.push([map ? (map[i] ?? '') : String(i), names?.[i] ?? '']);
  return out;
}

function cimTypeText(m: { type: string; refClass?: string; embeddedClass?: string; isArray: boolean; arraySize?: number }): string {
  let t = m.type === 'reference' ? `${m.refClass ?? 'object'} ref` : m.type === 'object' && m.embeddedClass ? `object:${m.embeddedClass}` : m.type;
  if (m.isArray) t += m.arraySize !== undefined ? `[${m.arraySize}]` : '[]';
  return t;
}

function firstSentence(text: string | undefined, max = 160): string {
  if (!text) return '';
  const flat = text.replace(/\s+/g, ' ').trim();
  const end = flat.search(/[.!?](\s|$)/);
  const s = end >= 0 ? flat.slice(0, end + 1) : flat;
  return s.length > max ? s.slice(0, max - 1) + '…' : s;
}

function ownDescription(qualifiers: readonly CimQualifier[]): string | undefined {
  const q = findQualifier(qualifiers, 'Description');
  return q && !q.propagated && typeof q.value === 'string' ? q.value : undefined;
}

function exportProperty(p: CimProperty, plan: ClassPlan): BrowserProperty {
  const memberPlan = plan.allProperties.get(p.name.toLowerCase());
  const out: BrowserProperty = { name: p.name, cim: cimTypeText(p), ts: memberPlan?.typeText ?? 'unknown' };
  if (p.isKey) out.key = true;
  if (memberPlan?.writable) out.write = true;
  const description = stringQualifier(p.qualifiers, 'Description');
  if (description) out.description = description;
  const units = stringQualifier(p.qualifiers, 'Units');
  if (units) out.units = units;
  const values = valueList(p.qualifiers, 'ValueMap', 'Values');
  if (values) out.values = values;
  const bits = valueList(p.qualifiers, 'BitMap', 'BitValues');
  if (bits) out.bits = bits;
  const qualifiers = qualifierList(p.qualifiers, false);
  if (qualifiers) out.qualifiers = qualifiers;
  if (p.classOrigin.toLowerCase() !== plan.cls.name.toLowerCase()) out.overrides = p.classOrigin;
  return out;
}

function exportParameter(p: CimParameter, members: ReadonlyMap<string, MemberPlan>): BrowserParameter {
  const dir = p.in && p.out ? 'in/out' : p.out ? 'out' : 'in';
  const ts = members.get(p.name.toLowerCase())?.typeText;
  const out: BrowserParameter = { name: p.name, dir, cim: cimTypeText(p) };
  if (ts) out.ts = ts;
  const description = stringQualifier(p.qualifiers, 'Description');
  if (description) out.description = description;
  const values = valueList(p.qualifiers, 'ValueMap', 'Values');
  if (values) out.values = values;
  return out;
}

function exportMethod(m: CimMethod, plan: ClassPlan): BrowserMethod {
  const mp = [...plan.methods, ...plan.staticMethods].find((x) => x.method.name.toLowerCase() === m.name.toLowerCase());
  const members = new Map<string, MemberPlan>();
  for (const x of [...(mp?.inMembers ?? []), ...(mp?.outMembers ?? [])]) members.set(x.name.toLowerCase(), x);
  const returns = m.returnType === 'void' ? 'void' : cimTypeText({ type: m.returnType, refClass: m.returnRefClass, embeddedClass: m.returnEmbeddedClass, isArray: m.returnIsArray ?? false });
  const out: BrowserMethod = { name: m.name, returns, parameters: m.parameters.map((p) => exportParameter(p, members)) };
  if (m.isStatic) out.static = true;
  const returnTs = members.get('returnvalue')?.typeText;
  if (returnTs) out.returnTs = returnTs;
  const codes = valueList(m.qualifiers, 'ValueMap', 'Values');
  if (codes) out.codes = codes;
  const description = stringQualifier(m.qualifiers, 'Description');
  if (description) out.description = description;
  const qualifiers = qualifierList(m.qualifiers, false);
  if (qualifiers) out.qualifiers = qualifiers;
  return out;
}

function exportClass(cls: CimClass, plan: ClassPlan): BrowserClass {
  const out: BrowserClass = {
    name: cls.name,
    superclass: cls.superclass,
    ancestors: cls.ancestors,
    tsName: plan.id,
    keys: cls.keys,
    properties: cls.properties.filter((p) => !p.inherited).map((p) => exportProperty(p, plan)),
    methods: cls.methods.filter((m) => !m.inherited).map((m) => exportMethod(m, plan)),
  };
  if (cls.isAbstract) out.abstract = true;
  if (cls.isAssociation) out.association = true;
  if (cls.isIndication) out.indication = true;
  const description = ownDescription(cls.qualifiers);
  if (description) out.description = description;
  const client = stringQualifier(cls.qualifiers, 'MinimumClient');
  const server = stringQualifier(cls.qualifiers, 'MinimumServer');
  if (client || server) out.since = { ...(client ? { client } : {}), ...(server ? { server } : {}) };
  const qualifiers = qualifierList(cls.qualifiers, true);
  if (qualifiers) out.qualifiers = qualifiers;
  return out;
}

/** One namespace of one version, as the page reads it. */
export function exportNamespace(ns: CimNamespace, os: string): BrowserNamespaceData {
  const plan = planNamespace(ns);
  const plans = new Map(plan.classes.map((p) => [p.cls.name.toLowerCase(), p]));
  const classes = ns.classes.map((c) => exportClass(c, plans.get(c.name.toLowerCase())!));
  return { namespace: ns.name, os, classes, elsewhere: [], texts: shareRepeatedTexts(classes) };
}

/** Replaces member descriptions used more than once by their index in the returned list. */
function shareRepeatedTexts(classes: BrowserClass[]): string[] {
  const members = classes.flatMap((c) => [...c.properties, ...c.methods, ...c.methods.flatMap((m) => m.parameters)]) as Array<{ description?: string | number }>;
  const counts = new Map<string, number>();
  for (const m of members) if (typeof m.description === 'string') counts.set(m.description, (counts.get(m.description) ?? 0) + 1);
  const texts: string[] = [];
  const at = new Map<string, number>();
  for (const m of members) {
    const d = m.description;
    if (typeof d !== 'string' || counts.get(d)! < 2) continue;
    let i = at.get(d);
    if (i === undefined) {
      i = texts.push(d) - 1;
      at.set(d, i);
    }
    m.description = i;
  }
  return texts;
}

/** What the browser shows: versions (captures), their namespaces, and how to load one. */
export interface BrowserSource {
  /** Oldest first; a diff compares the first and the last. */
  readonly versions: ReadonlyArray<{ os: string; name: string; build: string }>;
  readonly entries: ReadonlyArray<{ os: string; namespace: string; classes: number }>;
  load(os: string, namespace: string): Promise<CimSchema>;
  /** The `wmigen` arguments that select this source's version: `--os 23h2`, `--mof my.mof`. */
  sourceArgs(os: string): string;
}

/** The bundled per-OS Windows snapshots (the default). */
export function windowsSource(): BrowserSource {
  return {
    versions: windowsOsVersions.map((v) => ({ os: v.os, name: v.name, build: v.build })),
    entries: listWindowsSnapshots(),
    load: async (os, namespace) => (await loadWindowsSnapshot({ os, namespace })).schema,
    sourceArgs: (os) => `--os ${os}`,
  };
}

/** A schema loaded by the caller (`--mof`, `--schema`): one version named `label`. */
export function schemaSource(schema: CimSchema, label: string, args: string): BrowserSource {
  const os = 'schema';
  return {
    versions: [{ os, name: label, build: '' }],
    entries: schema.namespaces.map((n) => ({ os, namespace: n.name, classes: n.classes.length })),
    load: async (_os, namespace) => ({ namespaces: schema.namespaces.filter((n) => namespaceSlug(n.name) === namespaceSlug(namespace)) }),
    sourceArgs: () => args,
  };
}

type SourceEntry = BrowserSource['entries'][number];

/**
 * The browser's data from a source (by default the bundled Windows snapshots): each
 * namespace of each version is loaded once, when first asked for, and kept.
 */
export class BrowserData {
  readonly source: BrowserSource;
  private readonly entries: SourceEntry[];
  private readonly schemas = new Map<string, Promise<CimSchema>>();
  private readonly namespaceFiles = new Map<string, Promise<BrowserNamespaceData>>();

  constructor(options: { namespaces?: readonly string[]; source?: BrowserSource } = {}) {
    this.source = options.source ?? windowsSource();
    const wanted = options.namespaces?.map((n) => namespaceSlug(n));
    this.entries = this.source.entries.filter((e) => !wanted || wanted.includes(namespaceSlug(e.namespace)));
  }

  index(): BrowserIndex {
    const bySlug = new Map<string, { name: string; slug: string; classes: Record<string, number> }>();
    for (const e of this.entries) {
      const slug = namespaceSlug(e.namespace);
      const ns = bySlug.get(slug) ?? { name: e.namespace, slug, classes: {} };
      ns.name = e.namespace; // the index lists versions oldest first: the newest spelling wins
      ns.classes[e.os] = e.classes;
      bySlug.set(slug, ns);
    }
    const namespaces = [...bySlug.values()].sort((a, b) => a.slug.localeCompare(b.slug));
    const versions = [...this.source.versions];
    return { versions, newest: versions[versions.length - 1].os, namespaces };
  }

  private entry(os: string, slug: string): SourceEntry | undefined {
    return this.entries.find((e) => e.os === os && namespaceSlug(e.namespace) === slug);
  }

  private schema(e: SourceEntry): Promise<CimSchema> {
    const key = `${e.os}/${namespaceSlug(e.namespace)}`;
    let p = this.schemas.get(key);
    if (!p) {
      p = this.source.load(e.os, e.namespace);
      this.schemas.set(key, p);
    }
    return p;
  }

  /** The namespace file of one version, or undefined when that capture lacks the namespace. */
  namespace(os: string, slug: string): Promise<BrowserNamespaceData> | undefined {
    const e = this.entry(os, slug);
    if (!e) return undefined;
    const key = `${os}/${slug}`;
    let p = this.namespaceFiles.get(key);
    if (!p) {
      p = this.schema(e).then((schema) => this.withElsewhere(exportNamespace(schema.namespaces[0], os), slug));
      this.namespaceFiles.set(key, p);
    }
    return p;
  }

  private async withElsewhere(data: BrowserNamespaceData, slug: string): Promise<BrowserNamespaceData> {
    const elsewhere: Array<{ os: string; captured: boolean; lacks: string[] }> = [];
    for (const v of this.source.versions) {
      if (v.os === data.os) continue;
      const other = this.entry(v.os, slug);
      if (!other) {
        elsewhere.push({ os: v.os, captured: false, lacks: [] });
        continue;
      }
      const names = new Set((await this.schema(other)).namespaces[0].classes.map((c) => c.name.toLowerCase()));
      elsewhere.push({ os: v.os, captured: true, lacks: data.classes.filter((c) => !names.has(c.name.toLowerCase())).map((c) => c.name) });
    }
    return { ...data, elsewhere };
  }

  /** What changed in a namespace from the oldest to the newest version; undefined when a capture lacks it. */
  async diff(slug: string): Promise<{ from: string; to: string; changes: unknown[] } | undefined> {
    const versions = this.source.versions;
    if (versions.length < 2) return undefined;
    const from = versions[0].os;
    const to = versions[versions.length - 1].os;
    const a = this.entry(from, slug);
    const b = this.entry(to, slug);
    if (!a || !b) return undefined;
    const d = diffSchemas(await this.schema(a), await this.schema(b));
    const changes = d.changes.map((c) => ({ kind: c.kind, element: c.element, className: c.className, path: c.path, details: c.details, before: c.before, after: c.after }));
    return { from, to, changes };
  }

  /** Every namespace of every version, for the search index (`between` runs after each namespace file). */
  async searchIndex(between?: (slug: string) => Promise<void>): Promise<BrowserSearchIndex> {
    const index = this.index();
    const builder = new SearchIndexBuilder(index);
    for (const ns of index.namespaces) {
      for (const v of [...index.versions].reverse()) {
        const data = await this.namespace(v.os, ns.slug);
        if (data) builder.add(data, ns.slug);
      }
      if (between) await between(ns.slug);
    }
    return builder.result();
  }

  /** Drops the loaded models of a namespace (the static export keeps only what it still needs). */
  forget(slug: string): void {
    for (const v of this.source.versions) {
      this.schemas.delete(`${v.os}/${slug}`);
      this.namespaceFiles.delete(`${v.os}/${slug}`);
    }
  }
}

/** Collects the search rows of namespace files, newest version first (its description and spelling win). */
export class SearchIndexBuilder {
  private readonly rows = new Map<string, [string, number, number, string, Set<string>, Set<string>]>();
  private readonly nsIndex: Map<string, number>;
  private readonly versionBit: Map<string, number>;

  constructor(private readonly index: BrowserIndex) {
    this.nsIndex = new Map(index.namespaces.map((n, i) => [n.slug, i]));
    this.versionBit = new Map(index.versions.map((v, i) => [v.os, 1 << i]));
  }

  add(data: BrowserNamespaceData, slug: string): void {
    const nsIndex = this.nsIndex.get(slug)!;
    for (const c of data.classes) {
      const key = `${nsIndex}/${c.name.toLowerCase()}`;
      let row = this.rows.get(key);
      if (!row) {
        row = [c.name, nsIndex, 0, firstSentence(c.description), new Set(), new Set()];
        this.rows.set(key, row);
      }
      row[2] |= this.versionBit.get(data.os)!;
      for (const p of c.properties) row[4].add(p.name);
      for (const m of c.methods) row[5].add(m.name);
    }
  }

  result(): BrowserSearchIndex {
    const classes = [...this.rows.values()].map((r): [string, number, number, string, string, string] => [r[0], r[1], r[2], r[3], [...r[4]].join(' '), [...r[5]].join(' ')]);
    return { namespaces: this.index.namespaces.map((n) => n.name), classes };
  }
}
