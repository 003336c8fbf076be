/**
 * Runs INSIDE the Windows node.exe under Wine (started by test/wine/threads.test.ts and
 * by the bench): the runtime never blocks and never crashes, whatever Wine's WMI does.
 * Wine evaluates every query inside ExecQuery, so a query of CIM_DataFile on drive C:
 * runs for minutes: it must time out or abort on time while timers keep firing and
 * later calls complete, and the process must exit without waiting for it.
 *
 * Usage: node.exe threads-scenarios.mjs <dist folder> <mode> <result file>
 *   mode `main`: the defects and the stuck query; `sta`: the main thread made an STA
 *   first (as Electron does), then ordinary calls; `load`: 20 mixed calls in flight for
 *   a few seconds, with the event loop's delay (for the bench); `natural`: a stuck query
 *   given up on, then the event loop left to end by itself (no process.exit).
 * Results are written as JSON before the process exits with process.exit(0).
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';

const [distRoot, mode, resultFile] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(distRoot, rel)).href);
const results = { mode };

function errorInfo(err) {
  return { name: err?.name, statusName: err?.statusName, message: String(err?.message ?? err) };
}

async function scenario(name, fn) {
  const start = performance.now();
  // Written before and after each scenario: a crash inside WMI leaves the name it died in.
  results.running = name;
  writeFileSync(resultFile, JSON.stringify(results, null, 2));
  try {
    results[name] = { ok: true, value: await fn(), ms: performance.now() - start };
  } catch (err) {
    results[name] = { ok: false, error: errorInfo(err), stack: String(err?.stack ?? ''), ms: performance.now() - start };
  }
  delete results.running;
  writeFileSync(resultFile, JSON.stringify(results, null, 2));
}

async function rejectionOf(fn) {
  const start = performance.now();
  try {
    await fn();
    return { rejected: false, ms: performance.now() - start };
  } catch (err) {
    return { rejected: true, ms: performance.now() - start, ...errorInfo(err) };
  }
}

/** Runs `work` while a 5 ms interval timer records its largest gap. */
async function withTimer(work) {
  let last = performance.now();
  let largestGapMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    largestGapMs = Math.max(largestGapMs, now - last);
    last = now;
    ticks++;
  }, 5);
  try {
    const value = await work();
    return { value, largestGapMs: Math.max(largestGapMs, performance.now() - last), ticks };
  } finally {
    clearInterval(timer);
  }
}

/** A hand-written descriptor with the schema's spellings (the pages': ProcessId, not Wine's ProcessID). */
function processClass(api) {
  const prop = (name, cimType) => ({ name, cimType, isArray: false });
  return api.defineClass({
    name: 'Win32_Process',
    namespace: 'root\\cimv2',
    superclass: null,
    keys: ['Handle'],
    properties: {
      Handle: { ...prop('Handle', 'string'), isKey: true },
      Name: prop('Name', 'string'),
      ProcessId: prop('ProcessId', 'uint32'),
      ParentProcessId: prop('ParentProcessId', 'uint32'),
    },
    methods: {
      Create: {
        name: 'Create',
        isStatic: true,
        returnType: 'uint32',
        parameters: [
          { name: 'CommandLine', cimType: 'string', isArray: false, in: true, out: false },
          { name: 'CurrentDirectory', cimType: 'string', isArray: false, in: true, out: false },
          { name: 'ProcessId', cimType: 'uint32', isArray: false, in: false, out: true },
        ],
      },
    },
  });
}

async function mixedCalls(api, services, provider, seconds) {
  const P = processClass(api);
  const kinds = [
    () => services.from(P).toArray(),
    () => collect(provider.execQuery('SELECT Name, State FROM Win32_Service')),
    () => collect(provider.execQuery('SELECT Caption, FreePhysicalMemory FROM Win32_OperatingSystem')),
    () => provider.getObject(`Win32_Process.Handle="${process.pid}"`),
    () =>
      provider.execMethod('StdRegProv', 'GetStringValue', {
        hDefKey: 0x80000002,
        sSubKeyName: 'Software\\Microsoft\\Windows NT\\CurrentVersion',
        sValueName: 'ProductName',
      }),
    () => provider.execMethod(`Win32_Process.Handle="${process.pid}"`, 'GetOwner', null),
  ];
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  let completed = 0;
  let failed = 0;
  let firstError = null;
  const until = performance.now() + seconds * 1000;
  histogram.enable();
  await Promise.all(
    Array.from({ length: 20 }, async (_, lane) => {
      for (let i = lane; performance.now() < until; i++) {
        try {
          await kinds[i % kinds.length]();
          completed++;
        } catch (err) {
          failed++;
          firstError ??= errorInfo(err);
        }
      }
    }),
  );
  histogram.disable();
  const ms = (q) => histogram.percentile(q) / 1e6;
  return { completed, failed, firstError, p50Ms: ms(50), p99Ms: ms(99), p999Ms: ms(99.9), maxMs: histogram.max / 1e6 };
}

async function collect(iterable) {
  const out = [];
  for await (const x of iterable) out.push(x);
  return out;
}

const api = await load('runtime/index.js');
const { ComProvider } = await load('runtime/com/provider.js');
const { fromWireObject } = await load('runtime/convert.js');

if (mode === 'sta') {
  // A host that made the JS thread an STA before loading the runtime (Electron does).
  const koffi = (await import('koffi')).default;
  const CoInitializeEx = koffi.load('ole32.dll').func('int32_t __stdcall CoInitializeEx(void *reserved, uint32_t coinit)');
  results.hostInit = CoInitializeEx(null, 2) >>> 0; // COINIT_APARTMENTTHREADED
  await scenario('staCalls', async () => {
    const services = await api.connect({ namespace: 'root\\cimv2' });
    const provider = services.provider;
    const os = await collect(provider.execQuery('SELECT Caption FROM Win32_OperatingSystem'));
    const reg = await provider.execMethod('StdRegProv', 'GetStringValue', {
      hDefKey: 0x80000002,
      sSubKeyName: 'Software\\Microsoft\\Windows NT\\CurrentVersion',
      sValueName: 'ProductName',
    });
    const processes = await services.from(processClass(api)).toArray();
    services.close();
    return { caption: os[0]?.properties.Caption ?? null, product: reg.properties.sValue ?? null, processes: processes.length };
  });
} else if (mode === 'load') {
  const services = await api.connect({ namespace: 'root\\cimv2' });
  await scenario('idle', async () => {
    const h = monitorEventLoopDelay({ resolution: 1 });
    h.enable();
    await new Promise((r) => setTimeout(r, 1000));
    h.disable();
    return { p99Ms: h.percentile(99) / 1e6 };
  });
  await scenario('mixed20', () => mixedCalls(api, services, services.provider, Number(process.env.WMIGEN_LOAD_SECONDS ?? 3)));
  services.close();
} else if (mode === 'natural') {
  // A stuck query given up on, then nothing left to do: the event loop ends by itself
  // (no process.exit) and the process must not wait for the query.
  const services = await api.connect({ namespace: 'root\\cimv2' });
  await scenario('naturalEnd', async () => {
    const query = 'SELECT Name FROM CIM_DataFile WHERE Drive = "C:"';
    const timedOut = await rejectionOf(() => collect(services.provider.execQuery(query, { timeoutMs: 500 })));
    services.close();
    return { timedOut };
  });
  results.exitAt = Date.now();
  writeFileSync(resultFile, JSON.stringify(results, null, 2));
} else {
  const services = await api.connect({ namespace: 'root\\cimv2' });
  const provider = services.provider;
  const P = processClass(api);

  await scenario('createWithoutParameters', async () => {
    const direct = await provider.execMethod('Win32_Process', 'Create', {});
    const typed = await services.callStatic(P, 'Create', {});
    return { direct: direct.properties.ReturnValue, typed: typed.ReturnValue };
  });

  await scenario('spelling', async () => {
    const rows = await services.from(P).toArray();
    const self = rows.find((r) => r.ProcessId === process.pid) ?? null;
    const disk = (await collect(provider.execQuery('SELECT * FROM Win32_LogicalDisk')))[0];
    const typedDisk = fromWireObject(disk, {
      name: 'Win32_LogicalDisk',
      namespace: 'root\\cimv2',
      superclass: null,
      keys: ['DeviceID'],
      properties: { DeviceID: { name: 'DeviceID', cimType: 'string', isArray: false, isKey: true } },
      methods: {},
    });
    return {
      wireNames: Object.keys((await collect(provider.execQuery('SELECT * FROM Win32_Process')))[0].properties),
      processIdType: typeof rows[0]?.ProcessId,
      parentProcessIdType: typeof rows[0]?.ParentProcessId,
      foundSelf: self !== null,
      keys: Object.keys(rows[0] ?? {}),
      diskWireNames: Object.keys(disk.properties),
      diskDeviceID: typedDisk.DeviceID ?? null,
    };
  });

  await scenario('inParameters', async () => ({
    nullCommandLine: await rejectionOf(() => provider.execMethod('Win32_Process', 'Create', { CommandLine: null })),
    numberCommandLine: await rejectionOf(() => provider.execMethod('Win32_Process', 'Create', { CommandLine: 42 })),
  }));

  await scenario('abortHoles', async () => {
    const ac = new AbortController();
    const started = services.from(P).toArray({ signal: ac.signal });
    ac.abort();
    const toArray = await rejectionOf(() => started);
    const get = await rejectionOf(() => provider.getObject(`Win32_Process.Handle="${process.pid}"`, { timeoutMs: 1 }));
    return { toArray, get };
  });

  await scenario('stuckQuery', async () => {
    const query = 'SELECT Name FROM CIM_DataFile WHERE Drive = "C:"';
    const timedOut = await withTimer(() => rejectionOf(() => collect(provider.execQuery(query, { timeoutMs: 500 }))));
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 300);
    const aborted = await withTimer(() => rejectionOf(() => collect(provider.execQuery(query, { signal: ac.signal }))));
    // Two queries are still inside Wine's ExecQuery: later calls on the same connection run.
    const laterStart = performance.now();
    const os = await collect(provider.execQuery('SELECT Caption FROM Win32_OperatingSystem'));
    const reg = await provider.execMethod('StdRegProv', 'GetStringValue', {
      hDefKey: 0x80000002,
      sSubKeyName: 'Software\\Microsoft\\Windows NT\\CurrentVersion',
      sValueName: 'ProductName',
    });
    const laterMs = performance.now() - laterStart;
    const closeStart = performance.now();
    services.close();
    const closeMs = performance.now() - closeStart;
    return {
      timedOut: { ...timedOut.value, largestGapMs: timedOut.largestGapMs, ticks: timedOut.ticks },
      aborted: { ...aborted.value, largestGapMs: aborted.largestGapMs, ticks: aborted.ticks },
      later: { caption: os[0]?.properties.Caption ?? null, product: reg.properties.sValue ?? null, ms: laterMs },
      closeMs,
    };
  });
}

if (mode !== 'natural') {
  results.exitAt = Date.now();
  writeFileSync(resultFile, JSON.stringify(results, null, 2));
  // The stuck queries are still inside Wine's ExecQuery on COM threads: exit must not wait.
  process.exit(0);
}
