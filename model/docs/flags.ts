/**
 * Value lists that are bit flags. A method page lists `**Monday** (1)`, `**Tuesday** (2)`,
 * `**Wednesday** (4)` … (and often says the values are joined in a logical OR): WMI's own
 * MOF declares such a parameter with `BitMap` (bit positions) and `BitValues`, not a
 * ValueMap, and typing it as the closed union of the listed values would refuse every
 * combination. A list is read as flags when its values are distinct powers of two (a `0`
 * "none" entry aside) and either the text says they combine or there are at least three of
 * them: an enumeration counts 1, 2, 3, not 1, 2, 4. Flags are listed in ascending order;
 * Win32_Process.SetPriority's priority classes (64, 16384, 32, …) are powers of two but
 * not flags, and are not listed so.
 */

import type { DocArg, DocValue } from '../../grammar/mddocs/page.js';

/** Wording of a page that says the listed values combine. */
const combinesRe = /\bbit ?flags?\b|\bone or more of the following\b|\bzero or (?:the|one or more of the) following\b|\blogical OR\b|\bOR(?:ed|'d)?\b together|\bbitwise\b|\bbit ?mask\b|\bcombination of (?:the |these |one or more )?(?:following )?(?:values|flags)\b|\bcombine(?:d)? (?:the |these |one or more )?(?:following )?(?:values|flags)\b/i;

/** `BitMap`/`BitValues` qualifier uses for a value list of bit flags; undefined for any other list. */
export function bitFlagQualifiers(values: readonly DocValue[], description: string): { name: string; args: DocArg[] }[] | undefined {
  const bits: DocArg[] = [];
  const names: DocArg[] = [];
  const seen = new Set<number>();
  for (const v of values) {
    if (!/^[0-9]+$/.test(v.value)) return undefined;
    const n = BigInt(v.value);
    if (n === 0n) continue;
    if ((n & (n - 1n)) !== 0n) return undefined;
    const bit = n.toString(2).length - 1;
    if (seen.has(bit) || bit < Math.max(-1, ...seen)) return undefined;
    seen.add(bit);
    bits.push({ kind: 'string', value: String(bit) });
    names.push({ kind: 'string', value: v.name });
  }
  if (bits.length === 0 || (bits.length < 3 && !combinesRe.test(description))) return undefined;
  return [
    { name: 'BitMap', args: bits },
    { name: 'BitValues', args: names },
  ];
}
