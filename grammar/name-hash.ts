/**
 * The hash of the IDL and MOF scanners' name tables: Jenkins' one-at-a-time, as V8 hashes
 * strings, from a random seed per table. With a fixed polynomial hash (`31 * h + c`) names
 * can be made to collide (`Aa` and `BB` hash alike, so do any words built of them), and a
 * table of such names turns every lookup into a walk over all of them (2^15 such names
 * took 14.7 s to load as MOF instead of 0.7 s). Written as steps, inlined by the JIT, so
 * that each scanner hashes a name's characters in the loop that finds its end.
 */

/** A seed for one table: no input can be prepared against it. */
export function randomHashSeed(): number {
  return (Math.random() * 0x100000000) | 0;
}

/** The hash after one more character code (the first character's step starts from the seed). */
export function hashStep(hash: number, code: number): number {
  let h = (hash + code) | 0;
  h = (h + (h << 10)) | 0;
  return h ^ (h >>> 6);
}

/** The final mixing, once every character is in. */
export function hashEnd(hash: number): number {
  let h = (hash + (hash << 3)) | 0;
  h ^= h >>> 11;
  return (h + (h << 15)) | 0;
}
