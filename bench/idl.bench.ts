/**
 * In-process time to read, preprocess, parse and model the wbemcli.idl import closure
 * (603 KB, 13 files), median of repeated runs after warm-up. Target: at most 30 ms.
 * Every timed run is cold: no `LoadOptions.cache`, so each run reads, lexes,
 * preprocesses and parses all 13 files again (only the JIT and Chevrotain's lookahead
 * functions are warm). A run with the cross-load parse cache is printed apart, labelled.
 * Also the phases apart (lexing, preprocessing+parsing, model) and emission.
 */

import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadIdl, type IdlParseCache } from '../grammar/idl/load.js';
import { idlLexer } from '../grammar/idl/tokens.js';
import { buildComModel } from '../model/com/build.js';

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[s.length >> 1];
}

/** Median wall time, best wall time and median CPU time (user + system, ms) of `runs` calls. */
function measure(fn: () => void, runs: number): { wall: number; best: number; cpu: number; cpuMin: number } {
  const wall: number[] = [];
  const cpu: number[] = [];
  for (let i = 0; i < runs; i++) {
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    wall.push(performance.now() - t0);
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }
  return { wall: median(wall), best: Math.min(...wall), cpu: median(cpu), cpuMin: Math.min(...cpu) };
}

function time(fn: () => void, runs: number): number {
  return measure(fn, runs).wall;
}

function findCorpus(): string | undefined {
  // dist/bench/idl.bench.js or bench/idl.bench.ts: the corpus is ../shared beside the repository.
  if (process.env.WMIGEN_CORPUS) return join(process.env.WMIGEN_CORPUS, 'idl', 'mingw');
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 4; i++) {
    const candidate = join(dir, '..', 'shared', 'corpus', 'idl', 'mingw');
    if (existsSync(join(candidate, 'wbemcli.idl'))) return candidate;
    dir = dirname(dir);
  }
  return undefined;
}

export async function run(): Promise<void> {
  const dir = findCorpus();
  if (!dir) {
    console.log('idl: corpus not found (../shared/corpus/idl/mingw); skipped');
    return;
  }
  const root = join(dir, 'wbemcli.idl');
  const options = { includeDirs: [dir] };
  const program = loadIdl(root, options);
  const bytes = program.files.reduce((n, f) => n + (program.texts.get(f.path)?.length ?? 0), 0);
  // Warm-up: JIT and Chevrotain's lookahead caches.
  for (let i = 0; i < 15; i++) buildComModel(loadIdl(root, options));
  const runs = 40;
  const wholeRun = measure(() => buildComModel(loadIdl(root, options)), runs);
  const whole = wholeRun.wall;
  const texts = [...program.texts.values()];
  // The lexer the preprocessor runs on every file.
  const lex = time(() => {
    for (const t of texts) idlLexer.tokenize(t);
  }, runs);
  const load = time(() => loadIdl(root, options), runs);
  const model = time(() => buildComModel(program), runs);
  // Not the target figure: every file after the first run comes from the parse cache.
  const cache: IdlParseCache = new Map();
  const cachedOptions = { includeDirs: [dir], cache };
  buildComModel(loadIdl(root, cachedOptions));
  const cached = time(() => buildComModel(loadIdl(root, cachedOptions)), runs);
  const files = program.files.length;
  let tokens = 0;
  for (const t of texts) tokens += idlLexer.tokenize(t).tokens.length;
  console.log(`idl: wbemcli.idl closure, ${files} files, ${(bytes / 1024).toFixed(0)} KB, ${tokens} tokens`);
  const [load1, load5] = (await import('node:os')).loadavg();
  console.log(`idl: read + preprocess + parse + model, cold (no parse cache): ${whole.toFixed(1)} ms median of ${runs} (target <= 30 ms); best ${wholeRun.best.toFixed(1)} ms; CPU time median ${wholeRun.cpu.toFixed(1)} ms, min ${wholeRun.cpuMin.toFixed(1)} ms (GC threads included)`);
  console.log(`idl:   (machine load average ${load1.toFixed(1)} / ${load5.toFixed(1)} on ${(await import('node:os')).cpus().length} cores: wall times grow with it)`);
  console.log(`idl:   lex only ${lex.toFixed(1)} ms; read + preprocess + parse ${load.toFixed(1)} ms; model ${model.toFixed(1)} ms`);
  console.log(`idl:   (not the target figure) same with LoadOptions.cache reused across runs: ${cached.toFixed(1)} ms median`);
  const { emitComBindings } = await import('../generator/com/emit.js');
  const m = buildComModel(program);
  emitComBindings(m, { file: 'wbemcli.idl' });
  const emit = time(() => emitComBindings(m, { file: 'wbemcli.idl' }), 10);
  console.log(`idl: emit generated/com/wbemcli.ts (ts-morph printStructure, before prettier): ${emit.toFixed(1)} ms`);
}
