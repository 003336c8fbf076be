/**
 * Reading the qualifiers the generator cares about. Qualifier names are case-insensitive
 * in MOF; the model keeps each as declared, so every lookup here folds case.
 */

import { sameName } from '../../model/cim/names.js';
import type { CimQualifier, CimValue } from '../../model/cim/types.js';

/**
 * The first qualifier named `name`, compared without case. A linear scan with no
 * allocation: lists are short (CIM 2.51: 2.9 qualifiers a list on average), and an index
 * per list (a Map for each of the 14,000 lists the generator reads) cost more to build
 * and to collect than the scans it saved.
 */
export function findQualifier(qualifiers: readonly CimQualifier[], name: string): CimQualifier | undefined {
  for (let i = 0; i < qualifiers.length; i++) {
    const q = qualifiers[i];
    if (sameName(q.name, name)) return q;
  }
  return undefined;
}

/** A boolean qualifier (`Key`, `Write`, `Static`, `Required`, …): present and not false. */
export function isQualifierTrue(qualifiers: readonly CimQualifier[], name: string): boolean {
  const q = findQualifier(qualifiers, name);
  // `[Key]` with no value means true; only an explicit `Key(false)` turns it off.
  return q !== undefined && q.value !== false;
}

/** A string qualifier's value (`Description`, `Units`, `EmbeddedInstance`, …). */
export function stringQualifier(qualifiers: readonly CimQualifier[], name: string): string | undefined {
  const v = findQualifier(qualifiers, name)?.value;
  if (typeof v === 'string') return v;
  if (Array.isArray(v) && v.length > 0 && v.every((x) => typeof x === 'string')) return (v as string[]).join(', ');
  return undefined;
}

/** An array-of-strings qualifier (`ValueMap`, `Values`, `BitMap`, `Deprecated`, …). */
export function stringArrayQualifier(qualifiers: readonly CimQualifier[], name: string): readonly string[] | undefined {
  const v = findQualifier(qualifiers, name)?.value;
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) {
    // Nearly always an array of strings already: returned as it is (callers only read it),
    // not copied for every member asked about it.
    if (v.every((x) => typeof x === 'string')) return v as readonly string[];
    return v.map((x: CimValue) => (x === null ? '' : typeof x === 'object' ? '' : String(x)));
  }
  return undefined;
}

/** A numeric qualifier (`MaxLen`, `MinValue`, `MaxValue`) as display text. */
export function numberQualifierText(qualifiers: readonly CimQualifier[], name: string): string | undefined {
  const v = findQualifier(qualifiers, name)?.value;
  if (typeof v === 'number') return String(v);
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && 'kind' in v && v.kind === 'bigint') return v.value;
  if (typeof v === 'string' && v.trim() !== '') return v.trim();
  return undefined;
}
