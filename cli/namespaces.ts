/**
 * Checks of a namespace a user typed: the shell's eaten backslashes (`--namespace
 * root\cimv2` unquoted arrives as `rootcimv2`) and "did you mean" for a namespace that
 * no schema has, by edit distance over the namespaces known (the bundled snapshots' and
 * the loaded schema's).
 */

import { editDistance } from '../common/edit-distance.js';
import { namespaceKey } from '../common/namespaces.js';
import { WmigenError } from '../grammar/diagnostics.js';

export { sameNamespace } from '../common/namespaces.js';

/**
 * Every WMI namespace is below `root`, so a name that starts with `root` and goes on
 * without a separator (`rootcimv2`) lost its backslashes to the shell. The error says how
 * to quote it, with the namespace it most likely was.
 */
export function checkNamespaceSpelling(ns: string, known: readonly string[]): void {
  if (!/^root[^\\/]/i.test(ns) || /[\\/]/.test(ns)) return;
  const squeezed = ns.toLowerCase();
  const match = known.find((k) => namespaceKey(k).replace(/\\/g, '') === squeezed);
  // The user's own letters, with the separators where the known namespace has them.
  const meant = match ? withSeparatorsOf(ns, match) : `root\\${ns.slice(4)}`;
  throw new WmigenError(
    `namespace '${ns}' has no backslash: the shell removed it. Quote the name: --namespace '${meant}' (or write root/${meant.slice(5).replace(/\\/g, '/')})`,
  );
}

/** `rootcimv2` spelled like `root\\CIMV2`'s segments: `root\\cimv2`. */
function withSeparatorsOf(typed: string, known: string): string {
  const segments = known.split('\\').filter((x) => x !== '');
  let at = 0;
  return segments.map((seg) => typed.slice(at, (at += seg.length))).join('\\');
}

/** The nearest known namespace when it is near enough to be a slip, else undefined. */
export function nearestNamespace(ns: string, known: readonly string[]): string | undefined {
  const key = namespaceKey(ns);
  let best: string | undefined;
  let bestScore = Infinity;
  for (const k of new Set(known)) {
    const other = namespaceKey(k);
    // `cimv2` for `root\cimv2`: the missing root counts as one edit.
    const score = Math.min(editDistance(key, other), other === `root\\${key}` ? 1 : Infinity);
    if (score < bestScore) {
      bestScore = score;
      best = k;
    }
  }
  return best !== undefined && bestScore > 0 && bestScore <= Math.max(2, Math.floor(key.length / 4)) ? best : undefined;
}

/** `; did you mean root\cimv2?` or '' when no known namespace is near. */
export function didYouMean(ns: string, known: readonly string[]): string {
  const near = nearestNamespace(ns, known);
  return near === undefined ? '' : `; did you mean ${near}?`;
}
