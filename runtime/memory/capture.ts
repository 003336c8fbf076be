/**
 * Copies instances from any provider (live WMI through COM, under Wine or Windows) into
 * plain inputs for the in-memory provider, and compares result sets: the cross-check
 * "same rows from Wine and from memory" loads what it captured from Wine into a memory
 * provider with the same schema and runs the same WQL on both.
 */

import type { QueryCallOptions, WireObject, WireValue, WmiProvider } from '../provider.js';
import type { MemoryInstanceInput } from './provider.js';

export interface CaptureOptions extends QueryCallOptions {
  /** Keep only these properties' values (e.g. those the memory schema declares). */
  readonly keep?: (className: string, property: string) => boolean;
}

/** Runs each query on `source` and returns every row as a memory-provider input. */
export async function captureInstances(
  source: WmiProvider,
  queries: readonly string[],
  options: CaptureOptions = {},
): Promise<MemoryInstanceInput[]> {
  const out: MemoryInstanceInput[] = [];
  const seen = new Set<string>();
  for (const wql of queries) {
    for await (const obj of source.execQuery(wql, options)) {
      const id = obj.path ?? `${obj.className}#${out.length}`;
      if (seen.has(id.toLowerCase())) continue; // overlapping queries (a class and its subclass)
      seen.add(id.toLowerCase());
      const properties: Record<string, WireValue> = {};
      for (const [k, v] of Object.entries(obj.properties))
        if (!options.keep || options.keep(obj.className, k)) properties[k] = v;
      out.push({ className: obj.className, properties });
    }
  }
  return out;
}

/** The relative part of a path (`Class.Key="v"`), so rows from two hosts compare equal. */
function relative(path: string | null): string | null {
  if (path === null) return null;
  const colon = path.indexOf(':');
  return colon < 0 ? path : path.slice(colon + 1);
}

export interface CompareOptions {
  /**
   * Leave `__PATH` out of the comparison. Wine's WMI leaves it empty on rows of a property
   * list even when the keys are selected (Windows and the memory provider fill it).
   */
  readonly ignorePaths?: boolean;
}

/** A canonical JSON form of a row: class, relative path, properties sorted by name. */
export function canonicalRow(obj: WireObject, options: CompareOptions = {}): string {
  const props = Object.keys(obj.properties)
    .sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase()))
    .map((k) => [k.toLowerCase(), obj.properties[k]]);
  const path = options.ignorePaths ? null : (relative(obj.path)?.toLowerCase() ?? null);
  return JSON.stringify([obj.className.toLowerCase(), path, props]);
}

/** Rows of a query on two providers, as sorted canonical strings, with what differs. */
export async function compareQuery(
  a: WmiProvider,
  b: WmiProvider,
  wql: string,
  options: CompareOptions = {},
): Promise<{
  readonly equal: boolean;
  readonly rows: number;
  readonly onlyA: string[];
  readonly onlyB: string[];
}> {
  const rows = async (p: WmiProvider) => {
    const list: string[] = [];
    for await (const r of p.execQuery(wql)) list.push(canonicalRow(r, options));
    return list.sort();
  };
  const [ra, rb] = await Promise.all([rows(a), rows(b)]);
  const onlyA = ra.filter((x) => !rb.includes(x));
  const onlyB = rb.filter((x) => !ra.includes(x));
  return {
    equal: onlyA.length === 0 && onlyB.length === 0 && ra.length === rb.length,
    rows: ra.length,
    onlyA,
    onlyB,
  };
}
