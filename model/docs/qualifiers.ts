/**
 * Qualifier uses as the pages give them, and their types: WMI's standard qualifiers give
 * the spelling and type; the ones the pages use beyond those are typed from how they
 * are used.
 */

import type { DocArg, DocQualifier, DocValue } from '../../grammar/mddocs/page.js';
import type { SyntaxLiteral, SyntaxQualifier } from '../../grammar/mddocs/syntax.js';
import type { CimFlavor, CimQualifierType, CimType, CimValue } from '../cim/types.js';
import { wmiStandardQualifiers } from '../cim/wmi-qualifiers.js';
import { cmpName } from './order.js';

export interface QualifierSpec {
  readonly name: string;
  readonly type: CimType;
  readonly isArray: boolean;
  readonly flavor: CimFlavor;
}

export const defaultFlavor: CimFlavor = { toSubclass: true, overridable: true, translatable: false, amended: false, toInstance: false };
export const restrictedFlavor: CimFlavor = { ...defaultFlavor, toSubclass: false };
export const disableOverrideFlavor: CimFlavor = { ...defaultFlavor, overridable: false };

export const knownQualifiers = new Map<string, QualifierSpec>();
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
export const structuralQualifiers = new Set(['override', 'in', 'out', 'ref', 'static']);

export interface QualifierUse {
  readonly name: string;
  readonly args?: readonly DocArg[];
}

export function literalToArg(l: SyntaxLiteral): DocArg | undefined {
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

export function syntaxQualifierUse(q: SyntaxQualifier): QualifierUse {
  if (q.value === undefined) return { name: q.name };
  const list = Array.isArray(q.value) ? (q.value as readonly SyntaxLiteral[]) : [q.value as SyntaxLiteral];
  return { name: q.name, args: list.map(literalToArg).filter((a): a is DocArg => a !== undefined) };
}

export function docQualifierUse(q: DocQualifier): QualifierUse {
  return q.args ? { name: q.name, args: q.args } : { name: q.name };
}

/** Collects every qualifier use of the build so unknown qualifiers get one consistent type. */
export class QualifierRegistry {
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

export function argToScalar(a: DocArg, type: CimType): CimValue | undefined {
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

export const numericTypes = new Set<string>(['uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64', 'real32', 'real64']);

/** ValueMap/Values uses for a value list; entries that do not fit the type are reported. */
export function valueQualifiers(values: readonly DocValue[], type: CimType | 'void', warn: (reason: string) => void): QualifierUse[] {
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

export function availabilityUses(client?: string, server?: string): QualifierUse[] {
  const out: QualifierUse[] = [];
  if (client) out.push({ name: 'MinimumClient', args: [{ kind: 'string', value: client }] });
  if (server) out.push({ name: 'MinimumServer', args: [{ kind: 'string', value: server }] });
  return out;
}

export function descriptionUse(text: string): QualifierUse[] {
  return text ? [{ name: 'Description', args: [{ kind: 'string', value: text }] }] : [];
}

export function useKey(u: QualifierUse): string {
  return `${u.name.toLowerCase()}(${(u.args ?? []).map((a) => `${a.kind}:${String(a.value)}`).join('\u0001')})`;
}

/** Same qualifiers, in any order (the structural ones aside). */
export function sameQualifierUses(a: readonly QualifierUse[], b: readonly QualifierUse[]): boolean {
  const norm = (l: readonly QualifierUse[]): string =>
    l
      .filter((u) => !structuralQualifiers.has(u.name.toLowerCase()))
      .map(useKey)
      .sort()
      .join('\u0002');
  return norm(a) === norm(b);
}

export function qualifierValue(u: QualifierUse, spec: QualifierSpec): CimValue | undefined {
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
