/**
 * Edit distance for "did you mean" suggestions: insertions, deletions, substitutions and
 * transpositions of adjacent characters (`unit16` for `uint16`) each count as one edit
 * (the optimal string alignment distance). Case-sensitive: callers lower-case both.
 * Strings whose lengths differ by `limit` or more are not compared: the answer is then
 * `limit`, enough for a caller that only wants distances below it.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (Math.abs(a.length - b.length) >= limit) return limit;
  // Three rows: the one before the previous is what a transposition looks back to.
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      let d = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      cur[j] = d;
    }
    before = prev;
    prev = cur;
  }
  return prev[b.length];
}
