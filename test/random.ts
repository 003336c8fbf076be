/**
 * The seedable random numbers of the fuzz and damaged-copy tests, so that a failure
 * reproduces from its seed.
 */

/** mulberry32: a small, fast, seedable PRNG giving numbers in [0, 1). */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * `count` distinct names that all hash alike under `31 * h + c` (`Aa` and `BB` do), each
 * twice: input for the name tables' collision tests.
 */
export function namesCollidingUnderPolynomialHash(count: number): string[] {
  const bits = Math.ceil(Math.log2(count));
  const words: string[] = [];
  for (let i = 0; i < count; i++) {
    let w = 'x';
    for (let b = 0; b < bits; b++) w += (i >> b) & 1 ? 'Aa' : 'BB';
    words.push(w, w);
  }
  return words;
}
