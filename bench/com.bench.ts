/**
 * The COM runtime's figures (`npm run bench`, or `node dist/bench/run.js com`):
 *
 * Under Wine (real WMI, the Windows node.exe; test/wine/bench-wine.mjs does the timing;
 * the bare loop builds the same typed row as the API, and ratios are medians of per-round
 * ratios of back-to-back runs):
 *  - per-call time of a typed query of Win32_OperatingSystem through the public API
 *    (`connect()`, `from(cls).select(...).first()`, values converted), the same query
 *    through bare koffi calls on the same vtables, and their ratio (target ≤ 1.3×) with
 *    the quartiles of the per-round ratios and each side's CPU time per call;
 *  - the same for `SELECT *`;
 *  - `wine wmic os get caption`, what Node users spawn today (target: the API ≥ 100×
 *    faster);
 *  - the event loop's delay while 10 typed calls are kept in flight (target p99 ≤ 10 ms).
 * Under Wine also issue 16's figures (test/wine/threads-scenarios.mjs): the stuck query,
 * 20 mixed calls, process exit and the natural end of the event loop with a stuck call.
 * On Linux, against the C++ test double: the event loop's delay while 10 semisynchronous
 * calls are pending for 2 s each, and a call made while six others are stuck.
 *
 * Skips the Wine part with a message when `wine` is not installed.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ComProvider } from '../runtime/com/provider.js';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const print = (line: string) => process.stdout.write(`${line}\n`);
const fmt = (ms: number) => (ms >= 10 ? ms.toFixed(1) : ms.toFixed(3));

interface WineSetup {
  ensureWine(log?: (line: string) => void): { wine: string; nodeExe: string; koffiEntry: string; env: NodeJS.ProcessEnv };
  startWineServer(env: NodeJS.ProcessEnv): void;
  acquireWine(env: NodeJS.ProcessEnv): void;
  releaseWine(env: NodeJS.ProcessEnv): boolean;
}

interface ThreadsRun {
  running?: string;
  idle?: { value: { p99Ms: number } };
  mixed20?: { ok: boolean; value: { completed: number; failed: number; p50Ms: number; p99Ms: number; p999Ms: number; maxMs: number } };
  stuckQuery?: { ok: boolean; value: { timedOut: { ms: number; statusName: string; largestGapMs: number }; aborted: { ms: number; statusName: string; largestGapMs: number }; later: { ms: number }; closeMs: number } };
  staCalls?: { ok: boolean };
  naturalEnd?: { ok: boolean };
  exitAt?: number;
}

interface Timing {
  medianMs: number;
  bestMs: number;
  /** Process CPU time per call (all rounds). */
  cpuMs: number;
}

interface WineFigures {
  api3: Timing;
  bare3: Timing;
  bare3NoSystem: Timing;
  apiAll: Timing;
  bareAll: Timing;
  eventLoop: { calls: number; p50Ms: number; p99Ms: number; maxMs: number };
  idleLoop: { p50Ms: number; p99Ms: number; maxMs: number };
  /** Medians of the per-round ratios API/bare. */
  ratios: { api3: number; apiAll: number };
  /** Quartiles of the per-round ratios. */
  ratioSpread: { api3: { p25: number; p75: number }; apiAll: { p25: number; p75: number } };
  rounds: number;
}

const winPath = (p: string) => `Z:${p.replace(/\//g, '\\')}`;

function hasWine(): boolean {
  return process.platform === 'linux' && spawnSync('sh', ['-c', 'command -v wine'], { stdio: 'ignore' }).status === 0;
}

async function wineFigures(): Promise<void> {
  if (!hasWine()) {
    print('com (Wine): skipped — `wine` is not installed (apt-get install wine wine64)');
    return;
  }
  const setup = (await import(pathToFileURL(join(repoRoot, 'scripts', 'wine-setup.mjs')).href)) as WineSetup;
  const w = setup.ensureWine((line) => print(`com (Wine): ${line}`));
  const env = { ...w.env, WMIGEN_KOFFI_ENTRY: winPath(w.koffiEntry) };
  setup.acquireWine(env);
  setup.startWineServer(env);
  const hook = `file:///${encodeURI(winPath(join(repoRoot, 'test', 'wine', 'register-koffi.mjs')).replace(/\\/g, '/'))}`;
  const dir = mkdtempSync(join(tmpdir(), 'wmigen-bench-com-'));
  try {
    const out = join(dir, 'figures.json');
    // 40 rounds of 50 calls (was 15 of 100): shorter rounds put both sides of a ratio
    // closer in time, so a burst of load from elsewhere is less likely to hit one side only.
    const iterations = Number(process.env.WMIGEN_BENCH_ITERATIONS ?? 50);
    const rounds = Number(process.env.WMIGEN_BENCH_ROUNDS ?? 40);
    const r = spawnSync(w.wine, [w.nodeExe, '--import', hook, winPath(join(repoRoot, 'test', 'wine', 'bench-wine.mjs')), winPath(join(repoRoot, 'dist')), String(iterations), winPath(out), String(rounds)], {
      env,
      stdio: 'ignore',
      timeout: 600_000,
    });
    if (!existsSync(out)) {
      print(`com (Wine): the benchmark did not run (node.exe exited with ${r.status})`);
      return;
    }
    const f = JSON.parse(readFileSync(out, 'utf8')) as WineFigures;

    // What Node users spawn today; warm (the wineserver is running).
    spawnSync(w.wine, ['wmic', 'os', 'get', 'caption'], { env, stdio: 'ignore' });
    const wmic: number[] = [];
    for (let i = 0; i < 10; i++) {
      const start = performance.now();
      spawnSync(w.wine, ['wmic', 'os', 'get', 'caption'], { env, stdio: 'ignore' });
      wmic.push(performance.now() - start);
    }
    wmic.sort((a, b) => a - b);
    const wmicMs = wmic[5]!;

    const ratio3 = f.ratios.api3;
    const ratioAll = f.ratios.apiAll;
    print(
      `Wine ${execFileSync(w.wine, ['--version'], { env }).toString().trim()}, node.exe under Wine, medians of ${f.rounds} interleaved rounds of ${iterations} calls (ratios: median of the per-round ratios), load average ${loadavg()[0]!.toFixed(1)}`,
    );
    const spread = (q: { p25: number; p75: number }) => `middle half of the rounds ${q.p25.toFixed(2)}–${q.p75.toFixed(2)}×`;
    const cpu = (t: Timing) => `${fmt(t.cpuMs)} ms CPU`;
    print(`typed query Win32_OperatingSystem (SELECT Caption, FreePhysicalMemory, LastBootUpTime) via connect().from().first(): ${fmt(f.api3.medianMs)} ms/call (${cpu(f.api3)})`);
    print(
      `  same via bare koffi calls (ExecQuery, Next, Get x3 + __CLASS/__PATH, Release, same typed row): ${fmt(f.bare3.medianMs)} ms/call (${cpu(f.bare3)})  → API/bare ${ratio3.toFixed(2)}× (target ≤ 1.3×; ${spread(f.ratioSpread.api3)})`,
    );
    print(`  bare without the two system properties:                                            ${fmt(f.bare3NoSystem.medianMs)} ms/call`);
    print(
      `typed SELECT * (every property converted): ${fmt(f.apiAll.medianMs)} ms/call; bare (Next over every property): ${fmt(f.bareAll.medianMs)} ms/call → ${ratioAll.toFixed(2)}× (${spread(f.ratioSpread.apiAll)})`,
    );
    print(`wine wmic os get caption: ${fmt(wmicMs)} ms/call → the typed API is ${(wmicMs / f.api3.medianMs).toFixed(0)}× faster (target ≥ 100×)`);
    print(
      `event loop while 10 typed calls are in flight (${f.eventLoop.calls} calls in 2 s): p50 ${fmt(f.eventLoop.p50Ms)} ms, p99 ${fmt(f.eventLoop.p99Ms)} ms (target ≤ 10), max ${fmt(f.eventLoop.maxMs)} ms`,
    );
    print(`  the same process with nothing running (the machine's share): p50 ${fmt(f.idleLoop.p50Ms)} ms, p99 ${fmt(f.idleLoop.p99Ms)} ms, max ${fmt(f.idleLoop.maxMs)} ms`);
    threadFigures(w, env, hook, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    setup.releaseWine(env);
  }
}

/** Issue 16's figures under Wine (test/wine/threads-scenarios.mjs): stuck query, 20 mixed calls, exit. */
function threadFigures(w: { wine: string; nodeExe: string }, env: NodeJS.ProcessEnv, hook: string, dir: string): void {
  const runScenario = (mode: string): { result: ThreadsRun | null; exitLagMs: number } => {
    const out = join(dir, `threads-${mode}.json`);
    rmSync(out, { force: true });
    spawnSync(w.wine, [w.nodeExe, '--import', hook, winPath(join(repoRoot, 'test', 'wine', 'threads-scenarios.mjs')), winPath(join(repoRoot, 'dist')), mode, winPath(out)], {
      env: { ...env, WMIGEN_LOAD_SECONDS: '4' },
      stdio: 'ignore',
      timeout: 200_000,
    });
    if (!existsSync(out)) return { result: null, exitLagMs: NaN };
    const result = JSON.parse(readFileSync(out, 'utf8')) as ThreadsRun;
    return { result, exitLagMs: result.exitAt ? Date.now() - result.exitAt : NaN };
  };
  for (let i = 1; i <= 3; i++) {
    const { result } = runScenario('load');
    const m = result?.mixed20;
    if (!m?.ok || result?.running) {
      print(`20 mixed calls in flight, run ${i}: did not finish (${result?.running ? `died in ${result.running}` : 'no result'})`);
      continue;
    }
    const v = m.value;
    print(
      `event loop with 20 mixed calls in flight (Win32_Process, Win32_Service, Win32_OperatingSystem, a get, StdRegProv, GetOwner; 4 s), run ${i}: ${v.completed} calls, ${v.failed} failed, p50 ${fmt(v.p50Ms)} ms, p99 ${fmt(v.p99Ms)} ms (target ≤ 10), p99.9 ${fmt(v.p999Ms)} ms (target ≤ 25), max ${fmt(v.maxMs)} ms; idle p99 ${fmt(result!.idle?.value.p99Ms ?? NaN)} ms`,
    );
  }
  const { result, exitLagMs } = runScenario('main');
  const s = result?.stuckQuery;
  if (s?.ok) {
    const v = s.value;
    print(
      `CIM_DataFile WHERE Drive = "C:" (runs for minutes inside Wine's ExecQuery): timeoutMs 500 → ${v.timedOut.statusName} after ${fmt(v.timedOut.ms)} ms, largest gap of a 5 ms timer ${fmt(v.timedOut.largestGapMs)} ms (target ≤ 50); abort at 300 ms → ${v.aborted.statusName} after ${fmt(v.aborted.ms)} ms (largest gap ${fmt(v.aborted.largestGapMs)} ms); a later query and method call ${fmt(v.later.ms)} ms; close ${fmt(v.closeMs)} ms; process gone ${fmt(exitLagMs)} ms after process.exit`,
    );
  } else {
    print(`stuck query: did not finish (${result?.running ? `died in ${result.running}` : 'no result'})`);
  }
  const sta = runScenario('sta').result;
  print(`main thread made an STA first: ${sta?.staCalls?.ok ? 'queries and method calls work' : 'FAILED'}`);
  const natural = runScenario('natural');
  print(
    natural.result?.naturalEnd?.ok
      ? `natural end of the event loop with the stuck query given up on (no process.exit): process gone ${fmt(natural.exitLagMs)} ms after its last work`
      : `natural end: did not finish (${natural.result?.running ? `died in ${natural.result.running}` : 'no result'})`,
  );
}

/** The test double as a shared library (g++), as test/runtime/com/double.ts builds it. */
function buildDouble(): string | null {
  const source = join(repoRoot, 'test', 'runtime', 'com', 'double', 'wmi_double.cpp');
  if (!existsSync(source) || spawnSync('sh', ['-c', 'command -v g++'], { stdio: 'ignore' }).status !== 0) return null;
  const hash = createHash('sha256').update(readFileSync(source)).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'wmigen-wmi-double');
  const lib = join(dir, `wmi_double-${hash}.so`);
  if (existsSync(lib)) return lib;
  mkdirSync(dir, { recursive: true });
  const partial = `${lib}.${process.pid}.tmp`;
  execFileSync('g++', ['-std=c++17', '-O1', '-shared', '-fPIC', '-o', partial, source, '-lpthread'], { stdio: 'ignore' });
  renameSync(partial, lib);
  return lib;
}

async function drain(rows: AsyncIterable<unknown>): Promise<void> {
  for await (const _ of rows) void _;
}

async function doubleFigures(): Promise<void> {
  if (process.platform !== 'linux') return;
  const library = buildDouble();
  if (!library) {
    print('com (double): skipped — g++ is not installed');
    return;
  }
  const provider = await ComProvider.connect({ namespace: 'root\\test', platform: { library } });
  try {
    const histogram = monitorEventLoopDelay({ resolution: 1 });
    histogram.enable();
    const start = performance.now();
    await Promise.all(Array.from({ length: 10 }, () => provider.getObject('Slow.Id=1')));
    const elapsed = performance.now() - start;
    histogram.disable();
    print(
      `event loop while 10 semisynchronous calls are pending 2 s (C++ double, Linux): p50 ${fmt(histogram.percentile(50) / 1e6)} ms, p99 ${fmt(histogram.percentile(99) / 1e6)} ms, max ${fmt(histogram.max / 1e6)} ms (all done in ${fmt(elapsed)} ms)`,
    );
    // Six calls stuck in a synchronous provider (more than libuv's four pool threads), then one more.
    const stuck = Array.from({ length: 6 }, () => drain(provider.execQuery('SELECT * FROM Stuck', { timeoutMs: 300 })).catch(() => undefined));
    await new Promise((r) => setTimeout(r, 100));
    const laterStart = performance.now();
    await provider.getObject('Widget.Id=1');
    const laterMs = performance.now() - laterStart;
    await Promise.all(stuck);
    print(`a get while six queries are stuck in a synchronous provider for 3 s (C++ double, Linux): ${fmt(laterMs)} ms`);
  } finally {
    provider.close();
  }
}

export async function run(): Promise<void> {
  await wineFigures();
  await doubleFigures();
}
