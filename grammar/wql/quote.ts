/**
 * Writing WQL text safely: string literals with every `\` and `"` escaped (the escapes
 * WQL documents), numbers in a form the lexer reads back exactly, identifiers checked.
 * The typed query builder writes values only through these functions.
 */

export function quoteWqlString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

const identifierPattern = /^[A-Za-z_][A-Za-z0-9_]*$/;

export function isWqlIdentifier(name: string): boolean {
  return identifierPattern.test(name);
}

/** Formats a number as a WQL numeric literal; rejects NaN and infinities. */
export function formatWqlNumber(value: number | bigint): string {
  if (typeof value === 'bigint') return value.toString();
  if (!Number.isFinite(value)) throw new RangeError(`${value} cannot be written in WQL`);
  // Integers in plain digits (String(1e21) would be "1e+21", which WMI does not read).
  if (Number.isInteger(value)) return BigInt(value).toString();
  return String(value);
}
