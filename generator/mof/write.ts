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

import type { CimClass, CimFlavor, CimMethod, CimNamespace, CimParameter, CimProperty, CimQualifier, CimQualifierType, CimSchema, CimValue } from '../../model/cim/types.js';

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

function qualifierText(q: CimQualifier): string {
  const v = q.value;
  if (v === true) return q.name;
  if (Array.isArray(v)) return `${q.name}${mofScalar(v)}`;
  return `${q.name}(${mofScalar(v)})`;
}

function qualifierList(qs: readonly string[]): string {
  return qs.length ? `[${qs.join(', ')}]` : '';
}

function ownQualifiers(qs: readonly CimQualifier[]): string[] {
  return qs.filter((q) => !q.propagated).map(qualifierText);
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
  if (t.defaultValue !== null && t.defaultValue !== undefined) parts[0] += ` = ${mofScalar(t.defaultValue)}`;
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

function propertyText(p: CimProperty, style: 'class-typed' | 'qualifier'): string {
  const t = typeText(p, style);
  const qs = withExtra(ownQualifiers(p.qualifiers), t.extra);
  const dv = p.defaultValue !== undefined && p.defaultValue !== null ? ` = ${mofScalar(p.defaultValue)}` : '';
  const head = qs.length ? `${indent}${qualifierList(qs)}\n${indent}` : indent;
  return `${head}${t.text} ${p.name}${arraySuffix(p.isArray, p.arraySize)}${dv};`;
}

function parameterText(p: CimParameter, style: 'class-typed' | 'qualifier'): string {
  const t = typeText(p, style);
  const dir = [...(p.in ? ['In'] : []), ...(p.out ? ['Out'] : [])];
  const rest = p.qualifiers.filter((q) => !q.propagated && !/^(in|out)$/i.test(q.name)).map(qualifierText);
  const qs = withExtra([...dir, ...rest], t.extra);
  return `${indent}${indent}${qualifierList(qs)}${qs.length ? ' ' : ''}${t.text} ${p.name}${arraySuffix(p.isArray, p.arraySize)}`;
}

function methodText(m: CimMethod, style: 'class-typed' | 'qualifier'): string {
  const rt = typeText({ type: m.returnType, refClass: m.returnRefClass, embeddedClass: m.returnEmbeddedClass }, style);
  let qs = withExtra(ownQualifiers(m.qualifiers), rt.extra);
  if (m.isStatic && !qs.some((q) => /^static\b/i.test(q))) qs = ['Static', ...qs];
  const head = qs.length ? `${indent}${qualifierList(qs)}\n${indent}` : indent;
  const ret = `${rt.text}${m.returnIsArray ? '[]' : ''}`;
  if (m.parameters.length === 0) return `${head}${ret} ${m.name}();`;
  return `${head}${ret} ${m.name}(\n${m.parameters.map((p) => parameterText(p, style)).join(',\n')}\n${indent});`;
}

function classText(c: CimClass, style: 'class-typed' | 'qualifier'): string {
  const qs = ownQualifiers(c.qualifiers);
  const lines: string[] = [];
  if (qs.length) lines.push(qualifierList(qs));
  lines.push(`class ${c.name}${c.superclass ? ` : ${c.superclass}` : ''}`);
  lines.push('{');
  const members = [...c.properties.filter((p) => !p.inherited).map((p) => propertyText(p, style)), ...c.methods.filter((m) => !m.inherited).map((m) => methodText(m, style))];
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
  const path = `\\\\.\\${ns.replace(/\//g, '\\')}`;
  return `#pragma namespace(${mofString(path)})`;
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
  const declared = ns.qualifierTypes.filter((q) => !q.builtin);
  const names = new Set(ns.qualifierTypes.map((q) => q.name.toLowerCase()));
  // A file that declares its qualifiers declares these too, so a strict reader accepts it.
  const implicit = declared.length ? implicitQualifiers(ns, style).filter((q) => !names.has(q.name.toLowerCase())) : [];
  const decls = [...declared, ...implicit].sort((a, b) => cmpName(a.name, b.name));
  if (decls.length) parts.push(decls.map(qualifierDeclaration).join('\n'));
  for (const c of declarationOrder(ns.classes)) parts.push(classText(c, style));
  return parts.join('\n\n');
}

/** The whole schema as one MOF text, ending with a newline. */
export function writeMof(schema: CimSchema, options: MofWriteOptions = {}): string {
  const header = ['Code generated by wmigen. DO NOT EDIT.', ...(options.header ?? [])].map((l) => (l ? `// ${l}` : '//'));
  const body = schema.namespaces.map((ns) => namespaceText(ns, options)).join('\n\n');
  return `${header.join('\n')}\n\n${body}\n`;
}
