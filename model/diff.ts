/**
 * Schema diff: what changed between two resolved schemas (two Windows versions' snapshots,
 * a snapshot and live WMI): classes, properties, methods and parameters added, removed or
 * changed, as plain data and as text.
 *
 * By default a class is compared by what it declares itself, so a change in
 * `CIM_ManagedSystemElement` is reported once, not once per subclass; `effective: true`
 * compares every member a class has, inherited ones included. Qualifier changes are
 * reported for the qualifiers that change how a class is used (keys, writability, value
 * lists, availability, static, deprecation, units, lengths); `allQualifiers: true` adds
 * every other qualifier except descriptions.
 */

import type { CimClass, CimMethod, CimNamespace, CimParameter, CimProperty, CimQualifier, CimSchema, CimValue } from './cim/types.js';

export type ChangeKind = 'added' | 'removed' | 'changed';
export type ElementKind = 'namespace' | 'class' | 'property' | 'method' | 'parameter';

export interface SchemaChange {
  readonly kind: ChangeKind;
  readonly element: ElementKind;
  readonly namespace: string;
  readonly className?: string;
  /** Property, method or parameter name. */
  readonly member?: string;
  readonly parameter?: string;
  /** `Win32_Process`, `Win32_Process.Name`, `Win32_Process.Create(ProcessId)`. */
  readonly path: string;
  /** What changed, one entry per aspect: `type: uint32 → uint64`. */
  readonly details: readonly string[];
  /** Short signature of the element in a and/or b (`uint32 ProcessId`). */
  readonly before?: string;
  readonly after?: string;
}

export interface DiffSummary {
  readonly classes: Record<ChangeKind, number>;
  readonly properties: Record<ChangeKind, number>;
  readonly methods: Record<ChangeKind, number>;
  readonly parameters: Record<ChangeKind, number>;
}

export interface SchemaDiff {
  readonly changes: readonly SchemaChange[];
  readonly summary: DiffSummary;
}

export interface DiffOptions {
  /** Compare inherited members too (default: each class's own declarations). */
  readonly effective?: boolean;
  /** Report every qualifier change except Description (default: the ones that matter to callers). */
  readonly allQualifiers?: boolean;
}

/** Qualifiers whose change alters how an element is used. */
const significant = new Set([
  'key',
  'write',
  'read',
  'required',
  'valuemap',
  'values',
  'bitmap',
  'bitvalues',
  'minimumclient',
  'minimumserver',
  'static',
  'deprecated',
  'units',
  'maxlen',
  'maxvalue',
  'minvalue',
  'abstract',
  'association',
  'indication',
  'embeddedinstance',
  'embeddedobject',
  'constructor',
  'destructor',
  'privileges',
]);
const ignored = new Set(['description', 'uuid', 'amendment', 'locale', 'displayname', 'id']);

const lower = (s: string): string => s.toLowerCase();

function cmp(a: string, b: string): number {
  const x = lower(a);
  const y = lower(b);
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

function valueText(v: CimValue): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return `{${v.map(valueText).join(', ')}}`;
  if (typeof v === 'object') {
    const o = v as { kind: string; value?: string; name?: string; className?: string };
    if (o.kind === 'bigint') return o.value ?? '';
    if (o.kind === 'alias') return `$${o.name}`;
    return `instance of ${o.className}`;
  }
  if (typeof v === 'string') return JSON.stringify(v);
  return String(v);
}

function typeText(t: { type: string; refClass?: string; embeddedClass?: string; isArray?: boolean }): string {
  const base = t.type === 'reference' ? `${t.refClass ?? 'object'} ref` : t.type === 'object' && t.embeddedClass ? t.embeddedClass : t.type;
  return `${base}${t.isArray ? '[]' : ''}`;
}

function propertySignature(p: CimProperty): string {
  return `${typeText(p)} ${p.name}`;
}

function parameterSignature(p: CimParameter): string {
  const dir = p.in && p.out ? 'in/out' : p.out ? 'out' : 'in';
  return `[${dir}] ${typeText(p)} ${p.name}`;
}

function methodSignature(m: CimMethod): string {
  const ret = typeText({ type: m.returnType, refClass: m.returnRefClass, embeddedClass: m.returnEmbeddedClass, isArray: m.returnIsArray });
  return `${m.isStatic ? 'static ' : ''}${ret} ${m.name}(${m.parameters.map(parameterSignature).join(', ')})`;
}

function qualifierMap(qs: readonly CimQualifier[], all: boolean): Map<string, CimQualifier> {
  const m = new Map<string, CimQualifier>();
  for (const q of qs) {
    const k = lower(q.name);
    if (ignored.has(k) || (!all && !significant.has(k))) continue;
    m.set(k, q);
  }
  return m;
}

/** `ValueMap: + "5", - "7"` style details for qualifiers. */
function qualifierDetails(a: readonly CimQualifier[], b: readonly CimQualifier[], all: boolean): string[] {
  const qa = qualifierMap(a, all);
  const qb = qualifierMap(b, all);
  const out: string[] = [];
  for (const k of [...new Set([...qa.keys(), ...qb.keys()])].sort()) {
    const x = qa.get(k);
    const y = qb.get(k);
    if (x && !y) out.push(`qualifier ${x.name} removed (was ${valueText(x.value)})`);
    else if (!x && y) out.push(`qualifier ${y.name} added: ${valueText(y.value)}`);
    else if (x && y && valueText(x.value) !== valueText(y.value)) {
      if (Array.isArray(x.value) && Array.isArray(y.value)) {
        const xs = (x.value as CimValue[]).map(valueText);
        const ys = (y.value as CimValue[]).map(valueText);
        const added = ys.filter((v) => !xs.includes(v));
        const removed = xs.filter((v) => !ys.includes(v));
        const parts = [...added.map((v) => `+${v}`), ...removed.map((v) => `-${v}`)];
        out.push(`qualifier ${y.name}: ${parts.length ? parts.join(' ') : 'reordered'}`);
      } else out.push(`qualifier ${y.name}: ${valueText(x.value)} → ${valueText(y.value)}`);
    }
  }
  return out;
}

function typeDetails(a: { type: string; refClass?: string; embeddedClass?: string; isArray?: boolean }, b: typeof a): string[] {
  const ta = typeText(a);
  const tb = typeText(b);
  return ta === tb ? [] : [`type: ${ta} → ${tb}`];
}

function byName<T extends { name: string }>(items: readonly T[]): Map<string, T> {
  const m = new Map<string, T>();
  for (const i of items) if (!m.has(lower(i.name))) m.set(lower(i.name), i);
  return m;
}

function emptyCounts(): Record<ChangeKind, number> {
  return { added: 0, removed: 0, changed: 0 };
}

/** Matches namespaces by name; two single-namespace schemas are compared whatever their names. */
function pairNamespaces(a: CimSchema, b: CimSchema): Array<[CimNamespace | undefined, CimNamespace | undefined]> {
  if (a.namespaces.length === 1 && b.namespaces.length === 1) return [[a.namespaces[0], b.namespaces[0]]];
  const mb = byName(b.namespaces);
  const pairs: Array<[CimNamespace | undefined, CimNamespace | undefined]> = [];
  for (const na of a.namespaces) pairs.push([na, mb.get(lower(na.name))]);
  const ma = byName(a.namespaces);
  for (const nb of b.namespaces) if (!ma.has(lower(nb.name))) pairs.push([undefined, nb]);
  return pairs;
}

export function diffSchemas(a: CimSchema, b: CimSchema, options: DiffOptions = {}): SchemaDiff {
  const all = options.allQualifiers === true;
  const effective = options.effective === true;
  const changes: SchemaChange[] = [];
  const summary: DiffSummary = { classes: emptyCounts(), properties: emptyCounts(), methods: emptyCounts(), parameters: emptyCounts() };
  const count = (e: ElementKind, k: ChangeKind): void => {
    if (e === 'class') summary.classes[k]++;
    else if (e === 'property') summary.properties[k]++;
    else if (e === 'method') summary.methods[k]++;
    else if (e === 'parameter') summary.parameters[k]++;
  };
  const push = (c: SchemaChange): void => {
    changes.push(c);
    count(c.element, c.kind);
  };

  for (const [na, nb] of pairNamespaces(a, b)) {
    const ns = (nb ?? na)!.name;
    if (!na || !nb) {
      push({ kind: na ? 'removed' : 'added', element: 'namespace', namespace: ns, path: ns, details: [] });
      continue;
    }
    const ca = byName(na.classes);
    const cb = byName(nb.classes);
    const names = [...new Set([...ca.keys(), ...cb.keys()])].sort((x, y) => cmp(x, y));
    for (const key of names) {
      const x = ca.get(key);
      const y = cb.get(key);
      if (!x || !y) {
        const c = (x ?? y)!;
        const own = c.properties.filter((p) => effective || !p.inherited).length;
        const ownM = c.methods.filter((m) => effective || !m.inherited).length;
        push({
          kind: x ? 'removed' : 'added',
          element: 'class',
          namespace: ns,
          className: c.name,
          path: c.name,
          details: [`${c.superclass ? `: ${c.superclass}, ` : ''}${own} properties, ${ownM} methods`],
        });
        continue;
      }
      // A class whose members changed is a changed class, whether or not its own
      // declaration (superclass, qualifiers) changed too: counted once.
      const before = changes.length;
      diffClass(x, y, ns, push, all, effective);
      if (changes.length > before && !changes.slice(before).some((c) => c.element === 'class')) summary.classes.changed++;
    }
  }
  return { changes, summary };
}

function diffClass(x: CimClass, y: CimClass, ns: string, push: (c: SchemaChange) => void, all: boolean, effective: boolean): void {
  const details: string[] = [];
  if (lower(x.superclass ?? '') !== lower(y.superclass ?? '')) details.push(`superclass: ${x.superclass ?? '(none)'} → ${y.superclass ?? '(none)'}`);
  const keysA = x.keys.map(lower).sort().join(',');
  const keysB = y.keys.map(lower).sort().join(',');
  if (keysA !== keysB) details.push(`keys: ${x.keys.join(', ') || '(none)'} → ${y.keys.join(', ') || '(none)'}`);
  details.push(...qualifierDetails(own(x.qualifiers), own(y.qualifiers), all));
  if (details.length) push({ kind: 'changed', element: 'class', namespace: ns, className: y.name, path: y.name, details });

  const pa = byName(x.properties.filter((p) => effective || !p.inherited));
  const pb = byName(y.properties.filter((p) => effective || !p.inherited));
  for (const k of [...new Set([...pa.keys(), ...pb.keys()])].sort()) {
    const p = pa.get(k);
    const q = pb.get(k);
    const path = `${y.name}.${(q ?? p)!.name}`;
    if (!p || !q) {
      // Moving between a class and its ancestor is not a removal when the member is still there.
      const other = p ? y.properties.find((z) => lower(z.name) === k) : x.properties.find((z) => lower(z.name) === k);
      if (!effective && other) continue;
      push({ kind: p ? 'removed' : 'added', element: 'property', namespace: ns, className: y.name, member: (q ?? p)!.name, path, details: [], ...(p ? { before: propertySignature(p) } : { after: propertySignature(q!) }) });
      continue;
    }
    const d = [...typeDetails(p, q), ...qualifierDetails(own(p.qualifiers), own(q.qualifiers), all)];
    if (p.isKey !== q.isKey && !d.some((s) => s.includes('Key'))) d.push(`key: ${p.isKey} → ${q.isKey}`);
    if (d.length) push({ kind: 'changed', element: 'property', namespace: ns, className: y.name, member: q.name, path, details: d, before: propertySignature(p), after: propertySignature(q) });
  }

  const ma = byName(x.methods.filter((m) => effective || !m.inherited));
  const mb = byName(y.methods.filter((m) => effective || !m.inherited));
  for (const k of [...new Set([...ma.keys(), ...mb.keys()])].sort()) {
    const m = ma.get(k);
    const n = mb.get(k);
    const path = `${y.name}.${(n ?? m)!.name}`;
    if (!m || !n) {
      const other = m ? y.methods.find((z) => lower(z.name) === k) : x.methods.find((z) => lower(z.name) === k);
      if (!effective && other) continue;
      push({ kind: m ? 'removed' : 'added', element: 'method', namespace: ns, className: y.name, member: (n ?? m)!.name, path, details: [], ...(m ? { before: methodSignature(m) } : { after: methodSignature(n!) }) });
      continue;
    }
    const d: string[] = [];
    const rt = typeDetails(
      { type: m.returnType, refClass: m.returnRefClass, embeddedClass: m.returnEmbeddedClass, isArray: m.returnIsArray },
      { type: n.returnType, refClass: n.returnRefClass, embeddedClass: n.returnEmbeddedClass, isArray: n.returnIsArray },
    );
    d.push(...rt.map((s) => `return ${s}`));
    if (m.isStatic !== n.isStatic) d.push(`static: ${m.isStatic} → ${n.isStatic}`);
    d.push(...qualifierDetails(own(m.qualifiers), own(n.qualifiers), all).filter((s) => !(s.includes('Static') && m.isStatic !== n.isStatic)));
    const orderA = m.parameters.map((p) => lower(p.name));
    const orderB = n.parameters.map((p) => lower(p.name));
    const common = orderA.filter((p) => orderB.includes(p));
    if (common.join(',') !== orderB.filter((p) => orderA.includes(p)).join(',')) d.push(`parameter order: ${m.parameters.map((p) => p.name).join(', ')} → ${n.parameters.map((p) => p.name).join(', ')}`);
    if (d.length) push({ kind: 'changed', element: 'method', namespace: ns, className: y.name, member: n.name, path, details: d, before: methodSignature(m), after: methodSignature(n) });
    const qa = byName(m.parameters);
    const qb = byName(n.parameters);
    for (const pk of [...new Set([...qa.keys(), ...qb.keys()])].sort()) {
      const p = qa.get(pk);
      const q = qb.get(pk);
      const ppath = `${y.name}.${n.name}(${(q ?? p)!.name})`;
      const base = { element: 'parameter' as const, namespace: ns, className: y.name, member: n.name, parameter: (q ?? p)!.name, path: ppath };
      if (!p || !q) {
        push({ ...base, kind: p ? 'removed' : 'added', details: [], ...(p ? { before: parameterSignature(p) } : { after: parameterSignature(q!) }) });
        continue;
      }
      const pd = [...typeDetails(p, q)];
      if (p.in !== q.in || p.out !== q.out) pd.push(`direction: ${parameterSignature(p).split(']')[0].slice(1)} → ${parameterSignature(q).split(']')[0].slice(1)}`);
      pd.push(...qualifierDetails(own(p.qualifiers), own(q.qualifiers), all).filter((s) => !/qualifier (In|Out)\b/.test(s)));
      if (pd.length) push({ ...base, kind: 'changed', details: pd, before: parameterSignature(p), after: parameterSignature(q) });
    }
  }
}

function own(qs: readonly CimQualifier[]): CimQualifier[] {
  return qs.filter((q) => !q.propagated);
}

const mark: Record<ChangeKind, string> = { added: '+', removed: '-', changed: '~' };

/** `namespaces +1, classes +1 -1 ~2, properties +3 -0 ~1`: the kinds of element that changed, each with its counts. */
export function summaryText(diff: SchemaDiff): string {
  const namespaces = { added: 0, removed: 0, changed: 0 };
  for (const c of diff.changes) if (c.element === 'namespace') namespaces[c.kind]++;
  const s = diff.summary;
  const parts: string[] = [];
  for (const [name, r] of [['namespaces', namespaces], ['classes', s.classes], ['properties', s.properties], ['methods', s.methods], ['parameters', s.parameters]] as const) {
    if (r.added + r.removed + r.changed > 0) parts.push(`${name} +${r.added} -${r.removed} ~${r.changed}`);
  }
  return parts.join(', ');
}

/** The diff as text: one block per class, a summary line last. */
export function formatDiff(diff: SchemaDiff, labels: { a: string; b: string }): string {
  const lines: string[] = [`--- ${labels.a}`, `+++ ${labels.b}`];
  let current = '';
  for (const c of diff.changes) {
    if (c.element === 'namespace') {
      lines.push(`${mark[c.kind]} namespace ${c.namespace}`);
      continue;
    }
    if (c.element === 'class') {
      current = c.className ?? '';
      lines.push(`${mark[c.kind]} class ${c.className}${c.kind === 'changed' ? '' : ` (${c.details.join('; ')})`}`);
      if (c.kind === 'changed') for (const d of c.details) lines.push(`    ${d}`);
      continue;
    }
    if (c.className !== current) {
      current = c.className ?? '';
      lines.push(`~ class ${current}`);
    }
    const sig = c.kind === 'removed' ? c.before : c.after;
    const what = c.element === 'parameter' ? `parameter ${c.member}(${c.parameter})` : `${c.element} ${c.member}`;
    lines.push(`  ${mark[c.kind]} ${what}${sig ? `: ${sig}` : ''}`);
    if (c.kind === 'changed') for (const d of c.details) lines.push(`      ${d}`);
  }
  lines.push(diff.changes.length === 0 ? 'no differences' : `summary: ${summaryText(diff)}`);
  return lines.join('\n') + '\n';
}
