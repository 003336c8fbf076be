/**
 * Helpers for `BitMap`/`BitValues` properties. Generated bindings export, per such
 * property, a const object of masks (`{ Readable: 0x2, Writeable: 0x4 }`); these
 * functions read and build values with it. Numbers are tested arithmetically rather than
 * with `&`, which would truncate to 32 signed bits (bit 31 would read as negative).
 */

export type FlagMasks = Readonly<Record<string, number | bigint>>;

function isSet(value: number | bigint, mask: number | bigint): boolean {
  if (typeof value === 'bigint' || typeof mask === 'bigint') return (BigInt(value) & BigInt(mask)) !== 0n;
  return Math.floor(value / mask) % 2 === 1;
}

/** True when every bit of `mask` is set in `value` (false for null). */
export function hasFlag(value: number | bigint | null | undefined, mask: number | bigint): boolean {
  if (value === null || value === undefined) return false;
  if (typeof value === 'bigint' || typeof mask === 'bigint') return (BigInt(value) & BigInt(mask)) === BigInt(mask);
  return isSet(value, mask);
}

/** The names in `masks` whose bit is set in `value`, in the masks' order ([] for null). */
export function flagNames<M extends FlagMasks>(value: number | bigint | null | undefined, masks: M): Array<keyof M & string> {
  if (value === null || value === undefined) return [];
  return Object.keys(masks).filter((name) => isSet(value, masks[name])) as Array<keyof M & string>;
}

/** A value with exactly the named bits set. */
export function combineFlags<M extends FlagMasks>(masks: M, names: Iterable<keyof M & string>): M[keyof M] {
  const big = Object.values(masks).some((m) => typeof m === 'bigint');
  let total = 0n;
  for (const name of names) total |= BigInt(masks[name]);
  return (big ? total : Number(total)) as M[keyof M];
}
