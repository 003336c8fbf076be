/**
 * Reading the qualifiers the generator cares about. Qualifier names are case-insensitive
 * in MOF; the model keeps each as declared, so every lookup here folds case.
 */

import type { CimQualifier, CimValue } from '../../model/cim/types.js';

/** Per qualifier list, its qualifiers by lower-case name: a member is asked about ~15 names. */
const indexCache = new WeakMap<readonly CimQualifier[], Map<string, CimQualifier>>();

/** `name` must be given in lower case or as declared; lookups fold case once per list. */
export function findQualifier(qualifiers: readonly CimQualifier[], name: string): CimQualifier | undefined {
  if (qualifiers.length === 0) return undefined;
  let index = indexCache.get(qualifiers);
  if (!index) {
    index = new Map();
    for (const q of qualifiers) {
      const key = q.name.toLowerCase();
      if (!index.has(key)) index.set(key, q);
    }
    indexCache.set(qualifiers, index);
  }
  let lower = loweredNames.get(name);
  if (lower === undefined) loweredNames.set(name, (lower = name.toLowerCase()));
  return index.get(lower);
}

/** The few dozen names the generator asks for, lowered once (about 15 lookups per member). */
const loweredNames = new Map<string, string>();

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
  if (Array.isArray(v)) return v.map((x: CimValue) => (x === null ? '' : typeof x === 'object' ? '' : String(x)));
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
