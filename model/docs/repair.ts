/** Repairs of what the pages name but do not document: misspelt, cut-off or missing classes and types. */

import { editDistance } from '../../common/edit-distance.js';
import { intrinsicTypes } from '../../grammar/mddocs/syntax.js';
import type { CimType } from '../cim/types.js';
import type { Draft } from './draft.js';
import { cmpName } from './order.js';

/** References to classes without a page become untyped; embedded ones become `object`. */
export function repairTypes(d: Draft, drafts: Map<string, Draft>, warn: (subject: string, reason: string) => void): void {
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
export function nearestClass(name: string, drafts: Map<string, Draft>): string | undefined {
  const n = name.toLowerCase();
  const hits = [...drafts.values()].filter((d) => editDistance(n, d.name.toLowerCase(), 2) <= 1);
  return hits.length === 1 ? hits[0].name : undefined;
}

/**
 * `MSFT_NetAdapterPowerManagem` for `MSFT_NetAdapterPowerManagement`: a long name that is
 * the start of known class names, the shortest of which is taken (never the class itself).
 */
export function truncatedClass(name: string, self: string, drafts: Map<string, Draft>): string | undefined {
  const n = name.toLowerCase();
  if (n.length < 12) return undefined;
  const hits = [...drafts.values()].filter((d) => d.name.toLowerCase().startsWith(n) && d.name.toLowerCase() !== self.toLowerCase()).sort((a, b) => a.name.length - b.name.length || cmpName(a.name, b.name));
  return hits[0]?.name;
}

/** `unit16` and `uint16e` are misspelt intrinsic types, not classes. */
export function intrinsicTypo(name: string): CimType | undefined {
  const n = name.toLowerCase();
  for (const t of intrinsicTypes) {
    if (t === 'void' || t === 'object') continue;
    if (editDistance(n, t, 2) <= 1 || (n.startsWith(t) && n.length === t.length + 1)) return t as CimType;
  }
  return undefined;
}
