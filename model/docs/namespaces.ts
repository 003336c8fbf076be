/** Which namespace a page belongs to. */

import { namespaceKey as commonNamespaceKey } from '../../common/namespaces.js';
import type { DocPage } from '../../grammar/mddocs/page.js';

export const ALL_NAMESPACES = '*';

/** `Root\\CIMV2`, `\\.\root\cimv2`, `root/cimv2` → `root\cimv2` (lower case, for comparing). */
export function namespaceKey(ns: string): string {
  const t = ns.trim();
  if (/^all wmi namespaces$/i.test(t) || /^all namespaces$/i.test(t)) return ALL_NAMESPACES;
  return commonNamespaceKey(t);
}

export function folderOf(file: string): string {
  return file.split('/')[0];
}

/**
 * Each folder's namespace: the one most of its class pages name. A folder whose pages name
 * none is the namespace asked for when it is the first folder given (the namespace's own).
 */
export function folderNamespaces(pages: readonly DocPage[], primaryFolder: string, nsKey: string): Map<string, string> {
  const counts = new Map<string, Map<string, number>>();
  for (const p of pages) {
    if ((p.kind !== 'class' && p.kind !== 'unreadable') || !p.requirements.namespace) continue;
    const ns = namespaceKey(p.requirements.namespace);
    if (ns === ALL_NAMESPACES) continue;
    const folder = folderOf(p.file);
    const byNs = counts.get(folder) ?? new Map<string, number>();
    byNs.set(ns, (byNs.get(ns) ?? 0) + 1);
    counts.set(folder, byNs);
  }
  const out = new Map<string, string>();
  for (const [folder, byNs] of counts) {
    // Ties go to the namespace asked for, then to the first in name order (stable output).
    const best = [...byNs].sort((a, b) => b[1] - a[1] || Number(b[0] === nsKey) - Number(a[0] === nsKey) || (a[0] < b[0] ? -1 : 1))[0];
    out.set(folder, best[0]);
  }
  if (!out.has(primaryFolder)) out.set(primaryFolder, nsKey);
  return out;
}
