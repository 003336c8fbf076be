/**
 * WMI namespace names, one rule for every layer. Namespaces are case-insensitive;
 * `\` and `/` both separate their parts; a path may start with a server
 * (`\\.\root\cimv2`, `//./root/cimv2`, `\\host\root\cimv2`), which names the machine,
 * not the namespace.
 */

/**
 * The namespace as written, in canonical spelling: `\` separators, no server prefix
 * (nor the local `.\` one), no leading or trailing separators, no empty parts, no
 * surrounding white space. Case is kept: `//./Root/CIMV2/` → `Root\CIMV2`.
 */
export function canonicalNamespace(ns: string): string {
  return ns
    .trim()
    .replace(/\//g, '\\')
    .replace(/^\\\\[^\\]+\\/, '')
    .replace(/^\\?\.\\/, '')
    .replace(/\\{2,}/g, '\\')
    .replace(/^\\|\\$/g, '');
}

/** The key namespaces compare by: canonical and lower case (`ROOT/CIMV2` → `root\cimv2`). */
export function namespaceKey(ns: string): string {
  return canonicalNamespace(ns).toLowerCase();
}

/** Whether two spellings name one namespace. */
export function sameNamespace(a: string, b: string): boolean {
  return namespaceKey(a) === namespaceKey(b);
}
