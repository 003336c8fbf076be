/** Names in the CIM model: compared case-insensitively, as CIM and WMI compare them. */

/**
 * Case-insensitive name equality without allocating: ASCII letters are folded in place, and
 * only a name with another character falls back to `toLowerCase` on both sides. (Lower-
 * casing both names of every same-length pair was a measurable share of resolving CIM,
 * whose duplicate-member checks compare every pair of a class's members.) Up to the first
 * non-ASCII character both strings lower-case one character to one, so an ASCII mismatch
 * before it means the lower-cased strings differ too.
 */
export function sameName(a: string, b: string): boolean {
  if (a === b) return true;
  const n = a.length;
  if (n !== b.length) return false;
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x > 127 || y > 127) return a.toLowerCase() === b.toLowerCase();
    if (x >= 65 && x <= 90) x += 32;
    if (y >= 65 && y <= 90) y += 32;
    if (x !== y) return false;
  }
  return true;
}
