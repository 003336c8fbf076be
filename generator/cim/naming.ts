/**
 * Naming as its own pass: every identifier the generator writes goes through here, so
 * reserved words, characters TypeScript does not accept, and collisions inside one module
 * are handled in one place (and tested in one place).
 */

/** ECMAScript reserved words, strict-mode and TypeScript contextual words that cannot name a binding. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'break', 'case', 'catch', 'class', 'const', 'continue', 'debugger', 'default', 'delete', 'do',
  'else', 'enum', 'export', 'extends', 'false', 'finally', 'for', 'function', 'if', 'import', 'in',
  'instanceof', 'new', 'null', 'return', 'super', 'switch', 'this', 'throw', 'true', 'try',
  'typeof', 'var', 'void', 'while', 'with', 'implements', 'interface', 'let', 'package',
  'private', 'protected', 'public', 'static', 'yield', 'await', 'arguments', 'eval',
  // TypeScript: names a type alias or interface may not take.
  'any', 'boolean', 'never', 'number', 'object', 'string', 'symbol', 'bigint', 'unknown',
  'undefined', 'type', 'as', 'satisfies', 'keyof', 'readonly', 'infer', 'is', 'asserts',
]);

/**
 * Globals the emitted code refers to; a CIM class with one of these names would shadow
 * them, so a module never binds them to anything else.
 */
export const GLOBALS_USED_BY_EMITTED_CODE: ReadonlySet<string> = new Set(['Readonly', 'Record', 'Pick', 'Omit']);

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * A binding name (interface, type, const) from any text: characters outside
 * `[A-Za-z0-9_$]` become `_`, a leading digit gets `_`, and a reserved word gets a
 * trailing `_`. Never empty.
 */
export function safeIdentifier(name: string): string {
  let id = name.replace(/[^A-Za-z0-9_$]/g, '_');
  if (id === '' || /^[0-9]/.test(id)) id = '_' + id;
  if (RESERVED_WORDS.has(id) || GLOBALS_USED_BY_EMITTED_CODE.has(id)) id += '_';
  return id;
}

/**
 * A property key as written in an interface or object literal: bare when it is an
 * identifier (reserved words are fine as property names), quoted otherwise, and
 * `__proto__` always quoted-computed so an object literal never sets its prototype.
 */
export function propertyKey(name: string): string {
  if (name === '__proto__') return '["__proto__"]';
  return isIdentifier(name) ? name : quote(name);
}

/** The characters `quote` escapes: one test for the common case, the same class for the replace. */
const QUOTE_ESCAPED = /[\\'\n\r\u2028\u2029\t]/;
const QUOTE_ESCAPED_ALL = new RegExp(QUOTE_ESCAPED.source, 'g');

/** A single-quoted TypeScript string literal. */
export function quote(text: string): string {
  // Nearly every text (names, CIM types) has nothing to escape: a regex test is far cheaper
  // than a replace with a callback (CIM 2.51: ~100,000 calls, most of `quote`'s 40–120 ms).
  if (!QUOTE_ESCAPED.test(text)) return "'" + text + "'";
  return (
    "'" +
    text.replace(QUOTE_ESCAPED_ALL, (c) =>
      c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ) +
    "'"
  );
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
