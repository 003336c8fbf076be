/**
 * In-memory provider: rows per second of a filtered WQL query over 100,000 instances,
 * the same through the typed builder (with wire → typed conversion), and the peak RSS
 * while streaming all of them (target: flat, under 100 MB above the loaded data).
 */

import { loadMofText } from '../model/cim/load.js';
import { defineClass } from '../runtime/descriptor.js';
import { createMemoryProvider } from '../runtime/memory/provider.js';
import { WmiServices } from '../runtime/services.js';

const INSTANCES = 100_000;

const mof = `
class Bench_Process {
  [Key] string Handle;
  string Name;
  string CommandLine;
  uint32 ProcessId;
  uint32 ParentProcessId;
  uint64 WorkingSetSize;
  uint32 ThreadCount;
  datetime CreationDate;
  boolean Critical;
};
`;

interface BenchProcess {
  readonly Handle: string;
  readonly Name: string | null;
  readonly CommandLine: string | null;
  readonly ProcessId: number | null;
  readonly ParentProcessId: number | null;
  readonly WorkingSetSize: bigint | null;
  readonly ThreadCount: number | null;
  readonly CreationDate: unknown;
  readonly Critical: boolean | null;
}

const BenchProcessClass = defineClass<BenchProcess>({
  name: 'Bench_Process',
  namespace: 'root\\cimv2',
  superclass: null,
  keys: ['Handle'],
  properties: {
    Handle: { name: 'Handle', cimType: 'string', isArray: false, isKey: true },
    Name: { name: 'Name', cimType: 'string', isArray: false },
    CommandLine: { name: 'CommandLine', cimType: 'string', isArray: false },
    ProcessId: { name: 'ProcessId', cimType: 'uint32', isArray: false },
    ParentProcessId: { name: 'ParentProcessId', cimType: 'uint32', isArray: false },
    WorkingSetSize: { name: 'WorkingSetSize', cimType: 'uint64', isArray: false },
    ThreadCount: { name: 'ThreadCount', cimType: 'uint32', isArray: false },
    CreationDate: { name: 'CreationDate', cimType: 'datetime', isArray: false },
    Critical: { name: 'Critical', cimType: 'boolean', isArray: false },
  },
  methods: {},
});

const mb = (bytes: number) => (bytes / 1024 / 1024).toFixed(1);

function gc(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

export async function run(): Promise<void> {
  const loaded = loadMofText(mof, 'bench.mof');
  if (!loaded.ok) throw new Error(loaded.diagnostics.map((d) => d.message).join('\n'));
  gc();
  const rssBefore = process.memoryUsage().rss;
  const provider = createMemoryProvider({ schema: loaded.schema, batchSize: 256 });
  const names = [
    'svchost.exe',
    'explorer.exe',
    'node.exe',
    'chrome.exe',
    'System',
    'lsass.exe',
    'notepad.exe',
  ];
  const t0 = performance.now();
  for (let i = 0; i < INSTANCES; i++) {
    provider.add({
      className: 'Bench_Process',
      properties: {
        Handle: String(i),
        Name: names[i % names.length],
        CommandLine: `C:\\Windows\\system32\\${names[i % names.length]} -k group${i % 13}`,
        ProcessId: i,
        ParentProcessId: i % 97,
        WorkingSetSize: BigInt(i) * 4096n,
        ThreadCount: i % 50,
        CreationDate: '20261123080000.000000+000',
        Critical: i % 2 === 0,
      },
    });
  }
  const loadMs = performance.now() - t0;
  gc();
  const rssLoaded = process.memoryUsage().rss;
  console.log(
    `load ${INSTANCES} instances: ${loadMs.toFixed(0)} ms (${Math.round(INSTANCES / (loadMs / 1000))} instances/s), data ≈ ${mb(rssLoaded - rssBefore)} MB RSS`,
  );

  const filtered =
    'SELECT * FROM Bench_Process WHERE WorkingSetSize > 200000000 AND Name LIKE "svc%" AND Critical = TRUE';
  const times: number[] = [];
  let matched = 0;
  for (let r = 0; r < 5; r++) {
    const t = performance.now();
    matched = 0;
    for await (const _ of provider.execQuery(filtered)) matched++;
    times.push(performance.now() - t);
  }
  const ms = median(times);
  console.log(
    `filtered query over ${INSTANCES} instances (${matched} match): median ${ms.toFixed(1)} ms = ${Math.round(INSTANCES / (ms / 1000)).toLocaleString('en-US')} rows scanned/s`,
  );
  console.log(`  WQL: ${filtered}`);

  const wmi = new WmiServices(provider);
  const typedTimes: number[] = [];
  let typedCount = 0;
  for (let r = 0; r < 3; r++) {
    const t = performance.now();
    typedCount = 0;
    for await (const p of wmi
      .from(BenchProcessClass)
      .select('Name', 'WorkingSetSize')
      .where((w) => w.gt('ThreadCount', 25))) {
      if (p.WorkingSetSize !== null) typedCount++;
    }
    typedTimes.push(performance.now() - t);
  }
  const tms = median(typedTimes);
  console.log(
    `typed builder, ${typedCount} rows selected and converted (bigint): median ${tms.toFixed(1)} ms = ${Math.round(typedCount / (tms / 1000)).toLocaleString('en-US')} typed rows/s`,
  );

  // Streaming everything: sample RSS as rows flow; the rows are not kept.
  gc();
  const base = process.memoryUsage().rss;
  let peak = base;
  let n = 0;
  const t2 = performance.now();
  for await (const row of provider.execQuery('SELECT * FROM Bench_Process')) {
    if (row.className.length === 0) throw new Error('unreachable');
    if (++n % 1000 === 0) peak = Math.max(peak, process.memoryUsage().rss);
  }
  const streamMs = performance.now() - t2;
  peak = Math.max(peak, process.memoryUsage().rss);
  console.log(
    `stream all ${n} rows: ${streamMs.toFixed(0)} ms (${Math.round(n / (streamMs / 1000)).toLocaleString('en-US')} rows/s); peak RSS ${mb(peak)} MB = ${mb(peak - base)} MB above the loaded data (target < 100 MB)${(globalThis as { gc?: unknown }).gc ? '' : ' [run with --expose-gc for exact baselines]'}`,
  );
  provider.close();
}
