/**
 * Naming as its own pass: every identifier the generator writes goes through here, so
 * reserved words, characters TypeScript does not accept, and collisions inside one module
 * are handled in one place (and tested in one place).
 */

import { safeIdentifier as safeBinding } from '../../common/identifiers.js';

export { isIdentifier, propertyKey, quote, RESERVED_WORDS } from '../../common/identifiers.js';

/**
 * Globals the emitted code refers to; a CIM class with one of these names would shadow
 * them, so a module never binds them to anything else.
 */
export const GLOBALS_USED_BY_EMITTED_CODE: ReadonlySet<string> = new Set(['Readonly', 'Record', 'Pick', 'Omit']);

/** A binding name of the CIM bindings: see the common safeIdentifier; never one of the globals above. */
export function safeIdentifier(name: string): string {
  return safeBinding(name, GLOBALS_USED_BY_EMITTED_CODE);
}

/**
 * A member name for a `Values` text: `"Not Applicable"` → `NotApplicable`,
 * `"DMTF Reserved"` → `DMTFReserved`, `"2.0"` → `_2_0`, `"Ok"` → `Ok`. Words keep their
 * spelling (so acronyms stay readable); only the first letter of each word is raised.
 */
export function valueMemberName(text: string): string {
  // The same few texts ("Unknown", "Other", "DMTF Reserved", …) name members of most of
  // CIM 2.51's 1,598 ValueMaps.
  let name = memberNames.get(text);
  if (name === undefined) {
    if (memberNames.size > 100_000) memberNames.clear();
    memberNames.set(text, (name = computeValueMemberName(text)));
  }
  return name;
}

const memberNames = new Map<string, string>();

function computeValueMemberName(text: string): string {
  // Accents are dropped (Café → Cafe); the NFKD pass is skipped for ASCII, which is nearly all.
  const ascii = /^[\x00-\x7f]*$/.test(text) ? text : text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '');
  const words = ascii
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 0);
  if (words.length === 0) return '_';
  const joined = words
    .map((w, i) => (i > 0 && /^[0-9]/.test(w) && /[0-9]$/.test(words[i - 1]) ? '_' + w : w[0].toUpperCase() + w.slice(1)))
    .join('');
  return /^[0-9]/.test(joined) ? '_' + joined : joined;
}

/**
 * Hands out unique names in one scope (a module's top-level bindings, one const
 * object's members): the first claimant keeps the name, later ones get `_2`, `_3`, ….
 * Comparison is exact (TypeScript is case-sensitive).
 */
export class NameScope {
  private readonly taken = new Set<string>();

  constructor(reserved: Iterable<string> = []) {
    for (const r of reserved) this.taken.add(r);
  }

  has(name: string): boolean {
    return this.taken.has(name);
  }

  /** Claims `wanted` or the first free `wanted_N`. */
  claim(wanted: string): string {
    let name = wanted;
    for (let n = 2; this.taken.has(name); n++) name = `${wanted}_${n}`;
    this.taken.add(name);
    return name;
  }
}
