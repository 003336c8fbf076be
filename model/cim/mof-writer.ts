/**
 * A MOF writer: `CimSchema` → MOF text that the MOF front-end (`model/cim/load.ts`) reads
 * back into the same classes. Deterministic: namespaces in schema order, qualifier
 * declarations by name, classes with every superclass before its subclasses and otherwise
 * by name, members in model order. Only what a class declares itself is written
 * (members with `inherited: false`, qualifiers with `propagated: false`), so a resolved
 * schema and an unresolved one (the docs source) both write the same MOF.
 *
 * WMI's mofcomp style: `#pragma namespace("\\\\.\\root\\cimv2")`, a `Qualifier` declaration
 * for every qualifier used (so a DMTF-strict reader accepts the file too), `[In]`/`[Out]`
 * on parameters, `Class ref Name` references, embedded objects as class-typed members.
 */

import type { CimClass, CimFlavor, CimMethod, CimNamespace, CimParameter, CimProperty, CimQualifier, CimQualifierType, CimSchema, CimValue } from './types.js';
import { GENERATED_MARKER } from '../../common/generated-header.js';
import { canonicalNamespace } from '../../common/namespaces.js';

export interface MofWriteOptions {
  /** Comment lines written first (without `//`); the generated-code marker is always first. */
  readonly header?: readonly string[];
  /**
   * How an embedded object with a known class is written:
   * - `class-typed` (default): `Win32_ProcessStartup ProcessStartupInformation` (MOF 3.0, and
   *   what the reference pages write);
   * - `qualifier`: `[EmbeddedInstance("Win32_ProcessStartup")] string ProcessStartupInformation` (DMTF 2.x).
   */
  readonly embeddedStyle?: 'class-typed' | 'qualifier';
  /** Write `#pragma namespace` before each namespace (default true). */
  readonly pragmaNamespace?: boolean;
}

const indent = '  ';

/** Escapes a string for a MOF string literal. */
export function mofString(s: string): string {
  let out = '"';
  for (const ch of s) {
    const c = ch.codePointAt(0) as number;
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (ch === '\n') out += '\\n';
    else if (ch === '\r') out += '\\r';
    else if (ch === '\t') out += '\\t';
    else if (c < 0x20 || c === 0x7f) out += `\\x${c.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return out + '"';
}

function mofScalar(v: CimValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(v);
  if (typeof v === 'string') return mofString(v);
  if (Array.isArray(v)) return `{${v.map(mofScalar).join(', ')}}`;
  const o = v as Exclude<CimValue, null | boolean | number | string | readonly CimValue[]>;
  if (o.kind === 'bigint') return o.value;
  if (o.kind === 'alias') return `$${o.name}`;
  // Embedded instance values cannot appear in a class declaration's defaults.
  return 'null';
}

/** What writing one namespace needs to know: declared flavors by lower-cased qualifier name, the embedded style. */
interface WriteContext {
  readonly flavors: ReadonlyMap<string, CimFlavor>;
  readonly style: 'class-typed' | 'qualifier';
}

/** `: ToInstance`-style flavors where a use differs from its declaration. */
function useFlavors(q: CimQualifier, ctx: WriteContext): string {
  const d = ctx.flavors.get(q.name.toLowerCase()) ?? implicitFlavor;
  const f = q.flavor;
  const out: string[] = [];
  if (f.overridable !== d.overridable) out.push(f.overridable ? 'EnableOverride' : 'DisableOverride');
  if (f.toSubclass !== d.toSubclass) out.push(f.toSubclass ? 'ToSubclass' : 'Restricted');
  if (f.translatable && !d.translatable) out.push('Translatable');
  if (f.amended && !d.amended) out.push('Amended');
  if (f.toInstance !== d.toInstance) out.push(f.toInstance ? 'ToInstance' : 'NotToInstance');
  return out.length ? `: ${out.join(' ')}` : '';
}

function qualifierText(q: CimQualifier, ctx: WriteContext): string {
  const v = q.value;
  const flavors = useFlavors(q, ctx);
  if (v === true) return `${q.name}${flavors}`;
  if (Array.isArray(v)) return `${q.name}${mofScalar(v)}${flavors}`;
  return `${q.name}(${mofScalar(v)})${flavors}`;
}

function qualifierList(qs: readonly string[]): string {
  return qs.length ? `[${qs.join(', ')}]` : '';
}

function ownQualifiers(qs: readonly CimQualifier[], ctx: WriteContext): string[] {
  return qs.filter((q) => !q.propagated).map((q) => qualifierText(q, ctx));
}

function flavorText(f: CimFlavor): string[] {
  const out: string[] = [];
  if (!f.overridable) out.push('DisableOverride');
  if (!f.toSubclass) out.push('Restricted');
  if (f.translatable) out.push('Translatable');
  if (f.amended) out.push('Amended');
  if (f.toInstance) out.push('ToInstance');
  return out;
}

function qualifierDeclaration(t: CimQualifierType): string {
  const type = `${t.type}${t.isArray ? (t.arraySize !== undefined ? `[${t.arraySize}]` : '[]') : ''}`;
  const parts = [`Qualifier ${t.name} : ${type}`];
  // A default of another type than declared (WMI's untyped declarations resolve so) is left out.
  const shape = t.defaultValue === null || t.defaultValue === undefined ? undefined : valueShape(t.defaultValue);
  const numeric = (x: string): boolean => /int|real/.test(x);
  if (shape && shape.isArray === t.isArray && (shape.type === t.type || (numeric(shape.type) && numeric(t.type)) || (shape.type === 'string' && /char16|datetime/.test(t.type)))) {
    parts[0] += ` = ${mofScalar(t.defaultValue)}`;
  }
  parts.push(`Scope(${t.scopes.length ? t.scopes.join(', ') : 'any'})`);
  const flavors = flavorText(t.flavor);
  if (flavors.length) parts.push(`Flavor(${flavors.join(', ')})`);
  return parts.join(', ') + ';';
}

interface Typed {
  readonly type: string;
  readonly refClass?: string;
  readonly embeddedClass?: string;
}

/** Type text and any qualifier the type needs, for a property, parameter or return. */
function typeText(t: Typed, style: 'class-typed' | 'qualifier'): { text: string; extra?: string } {
  if (t.type === 'reference') return { text: `${t.refClass ?? 'object'} ref` };
  if (t.type === 'object' && t.embeddedClass) {
    if (style === 'class-typed') return { text: t.embeddedClass };
    return { text: 'string', extra: `EmbeddedInstance(${mofString(t.embeddedClass)})` };
  }
  return { text: t.type };
}

function withExtra(qs: string[], extra: string | undefined): string[] {
  if (!extra) return qs;
  return qs.some((q) => /^EmbeddedInstance\(/i.test(q)) ? qs : [...qs, extra];
}

function arraySuffix(isArray: boolean, size?: number): string {
  return isArray ? (size !== undefined ? `[${size}]` : '[]') : '';
}

function propertyText(p: CimProperty, ctx: WriteContext): string {
  const t = typeText(p, ctx.style);
  const qs = withExtra(ownQualifiers(p.qualifiers, ctx), t.extra);
  const dv = p.defaultValue !== undefined ? ` = ${mofScalar(p.defaultValue)}` : '';
  const head = qs.length ? `${indent}${qualifierList(qs)}\n${indent}` : indent;
  return `${head}${t.text} ${p.name}${arraySuffix(p.isArray, p.arraySize)}${dv};`;
}

function parameterText(p: CimParameter, ctx: WriteContext): string {
  const t = typeText(p, ctx.style);
  // In/Out as the model has them: qualifiers written in the source keep their place
  // (`[In(false), Out]`), directions with no qualifier of their own come first.
  const own = p.qualifiers.filter((q) => !q.propagated);
  const has = (n: string): boolean => own.some((q) => q.name.toLowerCase() === n);
  const dir = [...(p.in && !has('in') ? ['In'] : []), ...(p.out && !has('out') ? ['Out'] : [])];
  const qs = withExtra([...dir, ...own.map((q) => qualifierText(q, ctx))], t.extra);
  return `${indent}${indent}${qualifierList(qs)}${qs.length ? ' ' : ''}${t.text} ${p.name}${arraySuffix(p.isArray, p.arraySize)}`;
}

function methodText(m: CimMethod, ctx: WriteContext): string {
  const rt = typeText({ type: m.returnType, refClass: m.returnRefClass, embeddedClass: m.returnEmbeddedClass }, ctx.style);
  let qs = withExtra(ownQualifiers(m.qualifiers, ctx), rt.extra);
  if (m.isStatic && !qs.some((q) => /^static\b/i.test(q))) qs = ['Static', ...qs];
  const head = qs.length ? `${indent}${qualifierList(qs)}\n${indent}` : indent;
  const ret = `${rt.text}${m.returnIsArray ? '[]' : ''}`;
  if (m.parameters.length === 0) return `${head}${ret} ${m.name}();`;
  return `${head}${ret} ${m.name}(\n${m.parameters.map((p) => parameterText(p, ctx)).join(',\n')}\n${indent});`;
}

function classText(c: CimClass, ctx: WriteContext): string {
  const qs = ownQualifiers(c.qualifiers, ctx);
  const lines: string[] = [];
  if (qs.length) lines.push(qualifierList(qs));
  lines.push(`class ${c.name}${c.superclass ? ` : ${c.superclass}` : ''}`);
  lines.push('{');
  const members = [...c.properties.filter((p) => !p.inherited).map((p) => propertyText(p, ctx)), ...c.methods.filter((m) => !m.inherited).map((m) => methodText(m, ctx))];
  lines.push(members.join('\n\n'));
  lines.push('};');
  return lines.filter((l, i) => !(l === '' && i === lines.length - 2)).join('\n');
}

function cmpName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

/** Superclasses first; otherwise by name. Classes whose superclass is elsewhere come in name order. */
export function declarationOrder(classes: readonly CimClass[]): CimClass[] {
  const byName = new Map(classes.map((c) => [c.name.toLowerCase(), c]));
  const done = new Set<string>();
  const out: CimClass[] = [];
  const visit = (c: CimClass, stack: Set<string>): void => {
    const key = c.name.toLowerCase();
    if (done.has(key) || stack.has(key)) return;
    stack.add(key);
    const parent = c.superclass ? byName.get(c.superclass.toLowerCase()) : undefined;
    if (parent) visit(parent, stack);
    done.add(key);
    out.push(c);
  };
  for (const c of [...classes].sort((a, b) => cmpName(a.name, b.name))) visit(c, new Set());
  return out;
}

function namespacePragma(ns: string): string {
  const path = `\\\\.\\${canonicalNamespace(ns)}`;
  return `#pragma namespace(${mofString(path)})`;
}

function valueShape(v: CimValue): { type: CimQualifierType['type']; isArray: boolean } | undefined {
  if (v === null) return undefined;
  if (Array.isArray(v)) {
    const first = (v as CimValue[]).find((x) => x !== null);
    const inner = first === undefined ? undefined : valueShape(first);
    return { type: inner?.type ?? 'string', isArray: true };
  }
  if (typeof v === 'boolean') return { type: 'boolean', isArray: false };
  if (typeof v === 'number') return { type: Number.isInteger(v) ? 'sint64' : 'real64', isArray: false };
  if (typeof v === 'string') return { type: 'string', isArray: false };
  if ((v as { kind: string }).kind === 'bigint') return { type: 'sint64', isArray: false };
  return undefined;
}

/**
 * A declaration must admit the values written with it. WMI's untyped declarations
 * (`qualifier Description : ToSubclass Amended;`) resolve without the type their uses
 * give; such a declaration is written with the type of its first use that does not fit.
 */
function reconcileDeclarations(ns: CimNamespace, decls: readonly CimQualifierType[]): CimQualifierType[] {
  const uses = new Map<string, CimValue[]>();
  const note = (qs: readonly CimQualifier[]): void => {
    for (const q of qs) {
      if (q.propagated) continue;
      const k = q.name.toLowerCase();
      const list = uses.get(k) ?? [];
      list.push(q.value);
      uses.set(k, list);
    }
  };
  for (const c of ns.classes) {
    note(c.qualifiers);
    for (const p of c.properties) if (!p.inherited) note(p.qualifiers);
    for (const m of c.methods) {
      if (m.inherited) continue;
      note(m.qualifiers);
      for (const p of m.parameters) note(p.qualifiers);
    }
  }
  for (const i of ns.instances) note(i.qualifiers);
  return decls.map((d) => {
    for (const v of uses.get(d.name.toLowerCase()) ?? []) {
      const shape = valueShape(v);
      if (!shape) continue;
      const numeric = (t: string): boolean => /int|real/.test(t);
      const fits = shape.isArray === d.isArray && (shape.type === d.type || (numeric(shape.type) && numeric(d.type)) || (shape.type === 'string' && (d.type === 'char16' || d.type === 'datetime')));
      if (!fits) return { ...d, type: shape.type, isArray: shape.isArray, defaultValue: null };
    }
    return d;
  });
}

const implicitFlavor: CimFlavor = { toSubclass: true, overridable: true, translatable: false, amended: false, toInstance: false };

/** Qualifiers the writer itself writes (from `in`/`out`/`isStatic` and embedded types). */
function implicitQualifiers(ns: CimNamespace, style: 'class-typed' | 'qualifier'): CimQualifierType[] {
  let inOut = false;
  let isStatic = false;
  let embedded = false;
  for (const c of ns.classes) {
    for (const m of c.methods) {
      if (m.inherited) continue;
      if (m.parameters.length) inOut = true;
      if (m.isStatic) isStatic = true;
      if (style === 'qualifier' && (m.returnEmbeddedClass || m.parameters.some((p) => p.type === 'object' && p.embeddedClass))) embedded = true;
    }
    if (style === 'qualifier' && c.properties.some((p) => !p.inherited && p.type === 'object' && p.embeddedClass)) embedded = true;
  }
  const decl = (name: string, type: 'boolean' | 'string'): CimQualifierType => ({
    name,
    type,
    isArray: false,
    defaultValue: type === 'boolean' ? false : null,
    scopes: [name === 'Static' ? 'method' : name === 'EmbeddedInstance' ? 'any' : 'parameter'],
    flavor: implicitFlavor,
    builtin: false,
  });
  return [...(inOut ? [decl('In', 'boolean'), decl('Out', 'boolean')] : []), ...(isStatic ? [decl('Static', 'boolean')] : []), ...(embedded ? [decl('EmbeddedInstance', 'string')] : [])];
}

function namespaceText(ns: CimNamespace, options: MofWriteOptions): string {
  const style = options.embeddedStyle ?? 'class-typed';
  const parts: string[] = [];
  if (options.pragmaNamespace !== false) parts.push(namespacePragma(ns.name));
  const declared = reconcileDeclarations(ns, ns.qualifierTypes.filter((q) => !q.builtin));
  const names = new Set(ns.qualifierTypes.map((q) => q.name.toLowerCase()));
  // A file that declares its qualifiers declares these too, so a strict reader accepts it.
  const implicit = declared.length ? implicitQualifiers(ns, style).filter((q) => !names.has(q.name.toLowerCase())) : [];
  const decls = [...declared, ...implicit].sort((a, b) => cmpName(a.name, b.name));
  const flavors = new Map(ns.qualifierTypes.map((q) => [q.name.toLowerCase(), q.flavor]));
  for (const d of decls) flavors.set(d.name.toLowerCase(), d.flavor);
  const ctx: WriteContext = { flavors, style };
  if (decls.length) parts.push(decls.map(qualifierDeclaration).join('\n'));
  for (const c of declarationOrder(ns.classes)) parts.push(classText(c, ctx));
  return parts.join('\n\n');
}

/** The whole schema as one MOF text, ending with a newline. */
export function writeMof(schema: CimSchema, options: MofWriteOptions = {}): string {
  const header = [GENERATED_MARKER, ...(options.header ?? []).map((l) => (l ? `// ${l}` : '//'))];
  const body = schema.namespaces.map((ns) => namespaceText(ns, options)).join('\n\n');
  return `${header.join('\n')}\n\n${body}\n`;
}
