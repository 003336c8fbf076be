/**
 * Identifiers and property keys of generated TypeScript, for every generator (the CIM
 * bindings, the COM bindings): reserved words, characters TypeScript does not accept,
 * and quoting are decided here once.
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

const IDENTIFIER = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function isIdentifier(name: string): boolean {
  return IDENTIFIER.test(name);
}

/**
 * A binding name (interface, type, const) from any text: characters outside
 * `[A-Za-z0-9_$]` become `_`, a leading digit gets `_`, and a reserved word gets a
 * trailing `_`, as does a name in `alsoAvoid` (globals the caller's code refers to).
 * Never empty.
 */
export function safeIdentifier(name: string, alsoAvoid?: ReadonlySet<string>): string {
  let id = name.replace(/[^A-Za-z0-9_$]/g, '_');
  if (id === '' || /^[0-9]/.test(id)) id = '_' + id;
  if (RESERVED_WORDS.has(id) || alsoAvoid?.has(id)) id += '_';
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
  // than a replace with a callback, and quote runs for nearly every name written.
  if (!QUOTE_ESCAPED.test(text)) return "'" + text + "'";
  return (
    "'" +
    text.replace(QUOTE_ESCAPED_ALL, (c) =>
      c === '\n' ? '\\n' : c === '\r' ? '\\r' : c === '\t' ? '\\t' : c === '\\' ? '\\\\' : c === "'" ? "\\'" : `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
    ) +
    "'"
  );
}

