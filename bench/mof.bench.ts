/**
 * MOF front-end benchmark: the whole DMTF CIM 2.51 schema (1,897 files), in process.
 * Prints the median of 5 timed runs after 2 warm-up runs for
 *   - read + parse + resolve (`loadMofFiles` on the top file, following its includes),
 *   - the same split into read, lex + parse, resolve,
 *   - a bare tokenization of the same decoded text by the grammar's Chevrotain lexer (the
 *     baseline the target is relative to),
 * with MB/s, the ratio to the tokenization and the peak RSS; then the time of pathological
 * inputs at two sizes, whose ratio shows that work stays linear in the input size.
 * Needs ../shared/corpus beside the repository; skips with a message when it is absent.
 */

import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { PerformanceObserver } from 'node:perf_hooks';
import { decodeMofBytes, parseMof } from '../grammar/mof/index.js';
import { mofLexer } from '../grammar/mof/tokens.js';
import { loadMofFiles, loadMofText } from '../model/cim/load.js';
import { countSchema } from '../model/cim/json.js';

/** The repository root: the nearest folder up from this file with wmigen's package.json. */
function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && /"name":\s*"wmigen"/.test(readFileSync(pkg, 'utf8'))) return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error('wmigen package.json not found');
    dir = up;
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/**
 * CPU-time median and best of the last `time()` call: on a shared machine wall time also
 * counts waiting, and even CPU time varies with the other processes (caches, frequency),
 * so the best run is printed beside the median.
 */
let lastCpu = 0;
let lastCpuBest = 0;

function time(fn: () => void, warmups = 2, runs = 5): number {
  for (let i = 0; i < warmups; i++) fn();
  const ts: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    ts.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  lastCpu = median(cpu);
  lastCpuBest = Math.min(...cpu);
  return median(ts);
}

const ms = (x: number): string => `${x.toFixed(1)} ms`;

export async function run(): Promise<void> {
  const top = join(repoRoot(), '..', 'shared', 'corpus', 'mof', 'cim-schema-2.51.0', 'cim_schema_2.51.0.mof');
  if (!existsSync(top)) {
    console.log(`mof: skipped, the CIM 2.51 schema is not at ${top} (needs ../shared/corpus)`);
    return;
  }

  // One load to learn the file set and check the result. Only its counts and file names
  // are kept: the timed loads run in a heap holding just what a user's process would
  // (keeping this load's model and texts alive beside them made every timed load's
  // garbage collection mark and copy more).
  const { counts, paths } = (() => {
    const first = loadMofFiles([top], { strict: true });
    if (!first.ok) throw new Error('CIM 2.51 did not load cleanly');
    return { counts: countSchema(first.schema), paths: [...first.sources.keys()] };
  })();

  // Garbage-collection pauses of the main thread during the timed full loads (the largest
  // single cost: what survives, the model and the file texts, is copied by the young
  // generation's scavenges).
  let gcMs = 0;
  let measuringGc = false;
  const gcObserver = new PerformanceObserver((list) => {
    if (measuringGc) for (const e of list.getEntries()) gcMs += e.duration;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
  const full = time(() => {
    measuringGc = true;
    loadMofFiles([top], { strict: true });
  });
  // Entries arrive asynchronously: let them in before reading the sum.
  await new Promise((r) => setTimeout(r, 20));
  measuringGc = false;
  gcObserver.disconnect();
  const fullCpu = lastCpu;
  const fullCpuBest = lastCpuBest;
  const bytes = paths.map((p) => readFileSync(p));
  const totalBytes = bytes.reduce((n, b) => n + b.length, 0);
  const texts = bytes.map((b) => decodeMofBytes(b));
  const read = time(() => {
    for (const p of paths) decodeMofBytes(readFileSync(p));
  });
  const parse = time(() => {
    for (const t of texts) parseMof(t);
  });
  let tokens = 0;
  const lex = time(() => {
    tokens = 0;
    for (const t of texts) tokens += mofLexer.tokenize(t).tokens.length;
  });
  const lexCpu = lastCpu;
  const lexCpuBest = lastCpuBest;
  const mb = totalBytes / 1e6;
  const rssMb = process.resourceUsage().maxRSS / 1024;

  console.log(`mof: CIM 2.51.0, ${paths.length} files, ${mb.toFixed(2)} MB, ${tokens} tokens, ${counts.classes} classes, ${counts.qualifierTypes} qualifier types, ${counts.properties} properties, ${counts.methods} methods`);
  console.log(`mof: read + parse + resolve   ${ms(full)}  (${(mb / (full / 1000)).toFixed(1)} MB/s)  median of 5 after 2 warm-ups`);
  console.log(`mof:   garbage collection     ${ms(gcMs / 7)} per load (main-thread pauses, mean over the 7 loads)`);
  console.log(`mof:   read + decode          ${ms(read)}`);
  console.log(`mof:   lex + parse (AST)      ${ms(parse)}`);
  console.log(`mof:   resolve (by difference) ${ms(Math.max(0, full - read - parse))}`);
  console.log(`mof: bare tokenization        ${ms(lex)}  (${(mb / (lex / 1000)).toFixed(1)} MB/s; the lexer parseMof uses)`);
  console.log(`mof: ratio full / tokenization ${(full / lex).toFixed(2)}x  (target: <= 150 ms and <= 5x)`);
  console.log(`mof: process CPU time (median): full ${ms(fullCpu)}, tokenization ${ms(lexCpu)}, ratio ${(fullCpu / lexCpu).toFixed(2)}x; load average ${(await import('node:os')).loadavg()[0].toFixed(1)}`);
  console.log(`mof: process CPU time (best of 5): full ${ms(fullCpuBest)}, tokenization ${ms(lexCpuBest)}, ratio ${(fullCpuBest / lexCpuBest).toFixed(2)}x`);
  console.log(`mof: peak RSS                 ${rssMb.toFixed(0)} MB`);

  // Linearity on hostile inputs: CPU time (best of 3) at n and 4n; a ratio near 4 is linear,
  // near 16 quadratic. CPU time, and the best run, because the wall clock of a shared machine
  // is dominated by waiting.
  const patterns: [string, (n: number) => string][] = [
    ['broken classes', (n) => 'class A { uint32 ; '.repeat(n)],
    ['unclosed comments', (n) => '/*'.repeat(n)],
    ['open braces', (n) => '{'.repeat(n)],
    ['stray semicolons', (n) => ';'.repeat(n)],
    ['valid classes', (n) => Array.from({ length: n }, (_, i) => `class C${i} { [Key] string K; uint32 V = ${i}; };`).join('\n')],
  ];
  const bestCpu = (fn: () => void): number => {
    fn();
    let best = Infinity;
    for (let i = 0; i < 3; i++) {
      const c0 = process.cpuUsage();
      fn();
      const c = process.cpuUsage(c0);
      best = Math.min(best, (c.user + c.system) / 1000);
    }
    return best;
  };
  for (const [name, make] of patterns) {
    const small = make(10_000);
    const big = make(40_000);
    const a = bestCpu(() => loadMofText(small, 'x.mof'));
    const b = bestCpu(() => loadMofText(big, 'x.mof'));
    console.log(`mof: linearity, ${name.padEnd(18)} ${ms(a)} at ${small.length} chars, ${ms(b)} at ${big.length} chars: x${(b / a).toFixed(1)} for x4 input`);
  }
}

// Allow `node dist/bench/mof.bench.js` directly.
if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await run();
