/**
 * One class page (with its method pages) drafted as a class: members with their types
 * and qualifier uses as the pages give them, before inheritance is decided.
 */

import type { SourceLocation } from '../../grammar/diagnostics.js';
import type { DocClassPage, DocMethodPage, DocPage, DocProperty, DocUnreadablePage, DocValue } from '../../grammar/mddocs/page.js';
import { intrinsicTypes, type SyntaxLiteral, type SyntaxMethod, type SyntaxParameter, type SyntaxProperty, type SyntaxTypeRef } from '../../grammar/mddocs/syntax.js';
import type { CimParameter, CimType, CimValue } from '../cim/types.js';
import { bitFlagQualifiers } from './flags.js';
import { namespaceKey } from './namespaces.js';
import { cmpName } from './order.js';
import { availabilityUses, descriptionUse, docQualifierUse, numericTypes, syntaxQualifierUse, valueQualifiers, type QualifierUse } from './qualifiers.js';
import type { Reports } from './reports.js';
import type { PageReport } from './types.js';

export interface Draft {
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

export interface PropertyDraft {
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

/** A parameter as the model has it, its qualifiers not yet typed. */
export interface ParameterDraft extends Omit<CimParameter, 'qualifiers'> {
  readonly qualifiers: QualifierUse[];
}

export interface MethodDraft {
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

export interface TypeInfo {
  type: CimType | 'void';
  refClass?: string;
  embeddedClass?: string;
}

export function typeFromSyntax(t: SyntaxTypeRef): TypeInfo {
  if (t.isRef) return { type: 'reference', refClass: t.name };
  if (intrinsicTypes.has(t.name)) return { type: t.name as CimType | 'void' };
  return { type: 'object', embeddedClass: t.name };
}

/** `Data type:` text: `string`, `uint16 array`, `string[]`, `CIM_DataFile reference`, `Win32_X`. */
export function typeFromDataType(text: string): (TypeInfo & { isArray: boolean }) | undefined {
  const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(array|\[\]|\\\[\\\])?\s*(reference|ref)?\s*(array)?/i.exec(text.trim());
  if (!m) return undefined;
  const isArray = Boolean(m[2] || m[4]);
  const lower = m[1].toLowerCase();
  if (m[3]) return { type: 'reference', refClass: m[1], isArray };
  if (intrinsicTypes.has(lower) && lower !== 'void') return { type: lower as CimType, isArray };
  if (/^(dword|word|bool|int|long|bstr)$/i.test(lower)) return undefined;
  return { type: 'object', embeddedClass: m[1], isArray };
}

export function literalToValue(l: SyntaxLiteral | readonly SyntaxLiteral[]): CimValue | undefined {
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

export function normPath(p: string): string {
  const parts: string[] = [];
  for (const seg of p.replace(/\\/g, '/').split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') parts.pop();
    else parts.push(seg);
  }
  return parts.join('/').toLowerCase();
}

export function dirOf(p: string): string {
  const i = p.replace(/\\/g, '/').lastIndexOf('/');
  return i < 0 ? '' : p.slice(0, i);
}

/** The pages a class draft looks up beside its own: by path, and method pages by class. */
export interface PageIndex {
  /** Every page by its normalized path (see normPath). */
  readonly byPath: ReadonlyMap<string, DocPage>;
  /** Method pages by lower-case class name. */
  readonly methodPages: ReadonlyMap<string, DocMethodPage[]>;
  /** Method pages that could not be read, by lower-case class name. */
  readonly unreadableMethods: ReadonlyMap<string, DocUnreadablePage[]>;
}

/** Drafts one class from its page: the class's qualifiers, its properties, its methods. */
export function draftClass(page: DocClassPage, index: PageIndex, reports: Reports): Draft {
  const name = page.syntax.name;
  const warn = (subject: string, reason: string, location?: SourceLocation): void => reports.warn(page.file, subject, reason, location ?? page.location);
  for (const p of page.problems) warn(name, p.message, p.location);

  const classQualifiers: QualifierUse[] = [
    ...page.syntax.qualifiers.map(syntaxQualifierUse),
    ...descriptionUse(page.description),
    ...availabilityUses(page.requirements.minimumClient, page.requirements.minimumServer),
  ];
  const properties = draftProperties(page, warn);
  const syntaxMethods = page.syntax.members.filter((m): m is SyntaxMethod => m.kind !== 'property');
  const methods = new MethodDrafts(page, index, reports, syntaxMethods, warn);
  methods.fromMethodsTable();
  methods.fromOwnPages();
  methods.fromUnreadablePages();
  methods.fromSyntaxBlock();
  return {
    name,
    page,
    nsKey: page.requirements.namespace ? namespaceKey(page.requirements.namespace) : '',
    superclass: page.syntax.superclass,
    qualifiers: classQualifiers,
    properties,
    methods: methods.methods,
    unlinkedRows: methods.unlinkedRows,
    location: page.location,
  };
}

type Warn = (subject: string, reason: string, location?: SourceLocation) => void;

/** Properties: the syntax block's order and types, the property sections' details. */
function draftProperties(page: DocClassPage, warn: Warn): PropertyDraft[] {
  const name = page.syntax.name;
  const sections = new Map<string, DocProperty>();
  for (const s of page.properties) if (!sections.has(s.name.toLowerCase())) sections.set(s.name.toLowerCase(), s);
  const properties: PropertyDraft[] = [];
  const seen = new Set<string>();
  const add = (sp: SyntaxProperty | undefined, doc: DocProperty | undefined): void => {
    const pname = sp?.name ?? (doc as DocProperty).name;
    if (seen.has(pname.toLowerCase())) {
      warn(`${name}.${pname}`, 'declared twice in the syntax block; the first is kept');
      return;
    }
    const draft = propertyDraft(name, pname, sp, doc, warn);
    if (!draft) return;
    seen.add(pname.toLowerCase());
    properties.push(draft);
  };
  for (const m of page.syntax.members) if (m.kind === 'property') add(m, sections.get(m.name.toLowerCase()));
  for (const s of page.properties) if (!seen.has(s.name.toLowerCase())) add(undefined, s);
  return properties;
}

/** One property from its syntax-block declaration and its section, or undefined without a usable type. */
function propertyDraft(className: string, pname: string, sp: SyntaxProperty | undefined, doc: DocProperty | undefined, warn: Warn): PropertyDraft | undefined {
  let t: (TypeInfo & { isArray: boolean; arraySize?: number }) | undefined;
  if (sp) t = { ...typeFromSyntax(sp.type), isArray: sp.isArray, ...(sp.arraySize !== undefined ? { arraySize: sp.arraySize } : {}) };
  else if (doc?.dataType) {
    t = typeFromDataType(doc.dataType);
    if (t) warn(`${className}.${pname}`, `not in the syntax block; type taken from "Data type: ${doc.dataType}"`, doc.location);
  }
  if (!t || t.type === 'void') {
    warn(`${className}.${pname}`, `no usable type (syntax block: none, Data type: ${doc?.dataType ?? 'none'}); property left out`, doc?.location);
    return undefined;
  }
  const qualifiers: QualifierUse[] = [];
  if (sp) qualifiers.push(...sp.qualifiers.map(syntaxQualifierUse));
  if (doc) {
    qualifiers.push(...doc.qualifiers.map(docQualifierUse));
    if (doc.access === 'read' || doc.access === 'readwrite') qualifiers.push({ name: 'Read' });
    if (doc.access === 'readwrite' || doc.access === 'write') qualifiers.push({ name: 'Write' });
    qualifiers.push(...descriptionUse(doc.description));
    qualifiers.push(...valueQualifiers(doc.values, t.type, (r) => warn(`${className}.${pname}`, r, doc.location)));
    qualifiers.push(...availabilityUses(doc.minimumClient, doc.minimumServer));
  }
  const defaultValue = sp?.defaultValue !== undefined ? literalToValue(sp.defaultValue) : undefined;
  return {
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
  };
}

/**
 * A class's methods, from (in this order) the methods table's pages, the class's own
 * method pages, and the syntax block; each name once, the first source that gives it wins.
 */
class MethodDrafts {
  readonly methods: MethodDraft[] = [];
  /** Methods-table rows with no page of their own. */
  readonly unlinkedRows: PageReport[] = [];
  private readonly methodNames = new Set<string>();
  private readonly name: string;
  private readonly classNs: string | undefined;
  /** Method pages of this class as this page documents it. */
  private readonly own: DocMethodPage[];

  constructor(
    private readonly page: DocClassPage,
    private readonly index: PageIndex,
    private readonly reports: Reports,
    private readonly syntaxMethods: readonly SyntaxMethod[],
    private readonly warn: Warn,
  ) {
    this.name = page.syntax.name;
    // Two folders may document one class name for two namespaces (CIM_LogicalDevice in
    // root\cimv2 and root\StandardCimv2): a method page belongs to the page of its own.
    this.classNs = page.requirements.namespace ? namespaceKey(page.requirements.namespace) : undefined;
    this.own = [...(index.methodPages.get(this.name.toLowerCase()) ?? [])].filter((mp) => this.sameSource(mp)).sort((a, b) => cmpName(a.file, b.file));
  }

  private sameSource(p: { file: string; requirements: { namespace?: string } }): boolean {
    const ns = p.requirements.namespace ? namespaceKey(p.requirements.namespace) : undefined;
    if (ns && this.classNs) return ns === this.classNs;
    return p.file.split('/')[0] === this.page.file.split('/')[0];
  }

  private fromPage(mp: DocMethodPage, tableRow?: { minimumClient?: string; minimumServer?: string }): void {
    const key = mp.methodName.toLowerCase();
    if (this.methodNames.has(key)) return;
    this.methodNames.add(key);
    const subject = `${mp.className}.${mp.methodName}`;
    for (const p of mp.problems) this.reports.warn(mp.file, subject, p.message, p.location);
    const client = mp.requirements.minimumClient ?? tableRow?.minimumClient;
    const server = mp.requirements.minimumServer ?? tableRow?.minimumServer;
    const differs = client !== this.page.requirements.minimumClient || server !== this.page.requirements.minimumServer;
    this.methods.push(
      methodDraft(mp.syntax, {
        isStatic: mp.isStatic,
        description: mp.description,
        paramDocs: new Map(mp.parameterDocs.map((p) => [p.name.toLowerCase(), p.description])),
        paramValues: new Map(mp.parameterDocs.map((p) => [p.name.toLowerCase(), p.values])),
        returnValues: mp.returnValues,
        availability: differs ? availabilityUses(client, server) : [],
        ...(mp.className.toLowerCase() !== this.name.toLowerCase() ? { inheritedFrom: mp.className } : {}),
        location: mp.location,
        warn: (r) => this.reports.warn(mp.file, subject, r, mp.location),
      }),
    );
  }

  fromMethodsTable(): void {
    for (const row of this.page.methods) this.fromTableRow(row);
  }

  private fromTableRow(row: DocClassPage['methods'][number]): void {
    const { name, page } = this;
    const key = row.name.toLowerCase();
    if (this.methodNames.has(key)) return;
    let target: DocPage | undefined;
    if (row.href) {
      const rel = row.href.replace(/^\.\//, '');
      const classDir = dirOf(page.file);
      target = this.index.byPath.get(normPath(`${classDir}/${rel}`)) ?? this.index.byPath.get(normPath(`${classDir}/${rel}.md`));
    }
    if (target?.kind === 'method') return this.fromPage(target, row);
    const ownPage = this.own.find((m) => m.methodName.toLowerCase() === key);
    if (ownPage) return this.fromPage(ownPage, row);
    this.methodNames.add(key);
    const sm = this.syntaxMethods.find((m) => m.name.toLowerCase() === key);
    if (sm) {
      if (target?.kind === 'unreadable') this.reports.warn(target.file, `${name}.${row.name}`, `${target.reason}; the class's syntax block gives the signature instead`, target.location);
      const availability = availabilityUses(row.minimumClient, row.minimumServer);
      this.methods.push(methodDraft(sm, { isStatic: sm.isStatic, description: row.description, paramDocs: new Map(), returnValues: [], availability, location: page.location, warn: (r) => this.warn(`${name}.${sm.name}`, r) }));
      return;
    }
    if (target?.kind === 'unreadable') {
      this.reports.fail(target.file, `${name}.${row.name}`, target.reason, target.location);
      return;
    }
    // A row without a page of its own ("Not implemented": the ancestor's method).
    const why = !row.href
      ? 'listed in the methods table without a link to its page'
      : /^(\/|https?:)/i.test(row.href)
        ? `listed in the methods table, but its page (${row.href}) is outside the docs given`
        : `listed in the methods table, but the linked page ${row.href} is ${target ? 'not a method page' : 'not among the pages given'}`;
    this.reports.add(this.unlinkedRows, page.file, `${name}.${row.name}`, why, page.location);
  }

  fromOwnPages(): void {
    for (const mp of this.own) this.fromPage(mp);
  }

  /** Unreadable method pages of this class that no table row led to are failures too. */
  fromUnreadablePages(): void {
    for (const up of this.index.unreadableMethods.get(this.name.toLowerCase()) ?? []) {
      const method = up.subject.slice(up.subject.indexOf('.') + 1);
      if (!this.sameSource(up) || this.methodNames.has(method.toLowerCase())) continue;
      if (this.syntaxMethods.some((m) => m.name.toLowerCase() === method.toLowerCase())) {
        this.reports.warn(up.file, up.subject, `${up.reason}; the class's syntax block gives the signature instead`, up.location);
        continue;
      }
      this.methodNames.add(method.toLowerCase());
      this.reports.fail(up.file, up.subject, up.reason, up.location);
    }
  }

  fromSyntaxBlock(): void {
    for (const sm of this.syntaxMethods) {
      const key = sm.name.toLowerCase();
      if (this.methodNames.has(key)) continue;
      this.methodNames.add(key);
      this.methods.push(methodDraft(sm, { isStatic: sm.isStatic, description: '', paramDocs: new Map(), returnValues: [], availability: [], location: this.page.location, warn: (r) => this.warn(`${this.name}.${sm.name}`, r) }));
    }
  }
}

export interface MethodContext {
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

export function methodDraft(sm: SyntaxMethod, ctx: MethodContext): MethodDraft {
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

export function parameterDraft(p: SyntaxParameter, ctx: MethodContext): ParameterDraft {
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
