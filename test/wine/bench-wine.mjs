/**
 * The Wine half of bench/com.bench.ts: runs INSIDE the Windows node.exe against Wine's
 * WMI and writes its figures as JSON to the file named by the last argument.
 *
 *  - api: a typed query of Win32_OperatingSystem through the public API
 *    (`connect()` → `from(cls).select(...).first()`, values converted: bigint, CimDateTime);
 *  - bare: the same WQL through bare koffi calls on the same vtables (ExecQuery, Next,
 *    Get per property and __CLASS/__PATH, VariantClear, Release), no wrappers, and the
 *    same result: one object per row with the same values converted the same way
 *    (uint64 → bigint, datetime → CimDateTime after the Wine offset repair), so the
 *    ratio measures the API's layers and nothing else;
 *  - the same two for `SELECT *` (every property read);
 *  - the event loop's delay (p50/p99/max) while 10 typed calls are kept in flight, and
 *    with nothing running (the machine's own share).
 *
 * Usage: node.exe bench-wine.mjs <dist folder> <calls per round> <result file> [rounds, default 15]
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import koffi from 'koffi';

const [distRoot, iterationsText, resultFile, roundsText] = process.argv.slice(2);
const iterations = Number(iterationsText);
const rounds = Number(roundsText ?? 15);
const load = (rel) => import(pathToFileURL(join(distRoot, rel)).href);

const api = await load('runtime/index.js');
const { readLiveSchema } = await load('runtime/com/live-schema.js');
const { CimDateTime } = await load('runtime/datetime.js');
const { normalizeDateTime } = await load('runtime/com/marshal.js');
const wbemcli = await load('generated/com/wbemcli.js');

const PROPS = ['Caption', 'FreePhysicalMemory', 'LastBootUpTime'];

// ---------------------------------------------------------------- public API

const services = await api.connect({ namespace: 'root\\cimv2' });
const schema = await readLiveSchema({ namespace: 'root\\cimv2', classes: ['Win32_OperatingSystem'], connection: services.provider });
const c = schema.namespaces[0].classes[0];
const OS = api.defineClass({
  name: c.name,
  namespace: c.namespace,
  superclass: null,
  keys: c.keys,
  properties: Object.fromEntries(c.properties.map((p) => [p.name, { name: p.name, cimType: p.type, isArray: p.isArray }])),
  methods: {},
});

async function apiQuery3() {
  const os = await services.from(OS).select(...PROPS).first();
  if (typeof os.FreePhysicalMemory !== 'bigint') throw new Error('not typed');
}
async function apiQueryAll() {
  const os = await services.from(OS).first();
  if (typeof os.FreePhysicalMemory !== 'bigint') throw new Error('not typed');
}

// ---------------------------------------------------------------- bare koffi

const ole32 = koffi.load('ole32.dll');
const oleaut32 = koffi.load('oleaut32.dll');
const CoCreateInstance = ole32.func('int32_t __stdcall CoCreateInstance(void *clsid, void *outer, uint32_t ctx, void *iid, _Out_ void **out)');
const SysAllocString = oleaut32.func('void * __stdcall SysAllocString(const char16_t *s)');
const SysFreeString = oleaut32.func('void __stdcall SysFreeString(void *b)');
const SysStringLen = oleaut32.func('uint32_t __stdcall SysStringLen(void *b)');
const VariantClear = oleaut32.func('int32_t __stdcall VariantClear(void *v)');

function guid(text) {
  const h = text.replace(/-/g, '');
  const b = Buffer.alloc(16);
  b.writeUInt32LE(parseInt(h.slice(0, 8), 16), 0);
  b.writeUInt16LE(parseInt(h.slice(8, 12), 16), 4);
  b.writeUInt16LE(parseInt(h.slice(12, 16), 16), 6);
  Buffer.from(h.slice(16), 'hex').copy(b, 8);
  return b;
}
// Decoded once per function pointer: the cheapest way to call a vtable with koffi.
const protos = new Map();
const decoded = new Map();
function fn(self, iface, method, proto) {
  const slot = (iface.methods[method] ?? wbemcli.IUnknown.methods[method]).slot;
  const ptr = koffi.decode(koffi.decode(self, 'void *'), slot * 8, 'void *');
  let f = decoded.get(ptr);
  if (!f) {
    if (!protos.has(proto)) protos.set(proto, koffi.proto(proto));
    f = koffi.decode(ptr, protos.get(proto));
    decoded.set(ptr, f);
  }
  return f;
}
const RELEASE = 'uint32_t bare_Release(void *s)';
const out = [null];
let hr = CoCreateInstance(guid(wbemcli.CLSID_WbemLocator), null, 1, guid(wbemcli.IWbemLocator.iid), out);
const locator = out[0];
const ns = SysAllocString('root\\cimv2');
const connect = fn(locator, wbemcli.IWbemLocator, 'ConnectServer', 'int32_t bare_ConnectServer(void *s, void *a, void *b, void *c, void *d, int32_t e, void *f, void *g, _Out_ void **h)');
hr = connect(locator, ns, null, null, null, 0, null, null, out);
const svc = out[0];
const ExecQuery = fn(svc, wbemcli.IWbemServices, 'ExecQuery', 'int32_t bare_ExecQuery(void *s, void *l, void *q, int32_t f, void *c, _Out_ void **e)');
const wql = SysAllocString('WQL');
const q3 = SysAllocString(`SELECT ${PROPS.join(', ')} FROM Win32_OperatingSystem`);
const qAll = SysAllocString('SELECT * FROM Win32_OperatingSystem');
const names = PROPS.map((p) => [p, Buffer.from(`${p}\0`, 'utf16le')]);
const SYS = ['__CLASS', '__PATH'].map((p) => Buffer.from(`${p}\0`, 'utf16le'));
let Next, Get, Begin, NextProp, End;
const variant = Buffer.alloc(24);
const cimType = Buffer.alloc(4);
const objs = Buffer.alloc(8);
const returned = Buffer.alloc(4);
const nameOut = Buffer.alloc(8);
const CIM_SINT64 = 20;
const CIM_UINT64 = 21;
const CIM_DATETIME = 101;

const bstr = (b) => koffi.decode.string16(b, SysStringLen(b));
/** The VARIANT's value converted as the typed API converts it (strings and 32-bit integers here). */
function value(type) {
  const vt = variant.readUInt16LE(0);
  if (vt === 1) return null;
  if (vt === 11) return variant.readInt16LE(8) !== 0;
  if (vt !== 8) return type === 19 ? variant.readUInt32LE(8) : variant.readInt32LE(8);
  const text = bstr(variant.readBigUInt64LE(8));
  if (type === CIM_UINT64 || type === CIM_SINT64) return BigInt(text);
  if (type === CIM_DATETIME) return CimDateTime.parse(normalizeDateTime(text));
  return text;
}

function bareQuery(query, all, sys = false) {
  ExecQuery(svc, wql, query, 0x30, null, out);
  const en = out[0];
  Next ??= fn(en, wbemcli.IEnumWbemClassObject, 'Next', 'int32_t bare_Next(void *s, int32_t t, uint32_t n, void *o, void *r)');
  Next(en, -1, 1, objs, returned);
  const obj = objs.readBigUInt64LE(0);
  Get ??= fn(obj, wbemcli.IWbemClassObject, 'Get', 'int32_t bare_Get(void *s, void *n, int32_t f, void *v, void *t, void *fl)');
  Begin ??= fn(obj, wbemcli.IWbemClassObject, 'BeginEnumeration', 'int32_t bare_Begin(void *s, int32_t f)');
  NextProp ??= fn(obj, wbemcli.IWbemClassObject, 'Next', 'int32_t bare_NextProp(void *s, int32_t f, void *n, void *v, void *t, void *fl)');
  End ??= fn(obj, wbemcli.IWbemClassObject, 'EndEnumeration', 'int32_t bare_End(void *s)');
  const row = {};
  if (sys) {
    for (const n of SYS) {
      Get(obj, n, 0, variant, null, null);
      row[n === SYS[0] ? '__CLASS' : '__PATH'] = value(0);
      VariantClear(variant);
    }
  }
  if (all) {
    Begin(obj, 0x40);
    while (NextProp(obj, 0, nameOut, variant, cimType, null) === 0) {
      const b = nameOut.readBigUInt64LE(0);
      row[bstr(b)] = value(cimType.readInt32LE(0));
      SysFreeString(b);
      VariantClear(variant);
    }
    End(obj);
  } else {
    for (const [p, n] of names) {
      Get(obj, n, 0, variant, cimType, null);
      row[p] = value(cimType.readInt32LE(0));
      VariantClear(variant);
    }
  }
  fn(obj, wbemcli.IWbemClassObject, 'Release', RELEASE)(obj);
  fn(en, wbemcli.IEnumWbemClassObject, 'Release', RELEASE)(en);
  if (typeof row.FreePhysicalMemory !== 'bigint') throw new Error('not typed');
  return row;
}

// ---------------------------------------------------------------- timing

/**
 * Per-call times of several variants, measured in interleaved rounds (so that load from
 * other processes hits every variant alike): the median round of each, its CPU time per
 * call (process.cpuUsage over all its rounds: what the calls cost this process, apart
 * from waiting for the CPU on a shared machine), and for each pair the median and the
 * quartiles of the per-round ratios (both sides of a ratio ran back to back, so a burst of
 * load from elsewhere moves both). Each round starts on a fresh event-loop turn (one
 * setImmediate before the clock starts): otherwise a round of the API would start in the
 * turn the bare loop before it had used up, and pay for the bare loop's blocking.
 */
async function compare(variants, pairs, n, rounds) {
  for (const work of Object.values(variants)) for (let i = 0; i < Math.min(50, n); i++) await work();
  const samples = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
  const cpu = Object.fromEntries(Object.keys(variants).map((k) => [k, 0]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, work] of Object.entries(variants)) {
      await new Promise((r) => setImmediate(r));
      const cpuStart = process.cpuUsage();
      const start = performance.now();
      for (let i = 0; i < n; i++) await work();
      samples[name].push((performance.now() - start) / n);
      const used = process.cpuUsage(cpuStart);
      cpu[name] += (used.user + used.system) / 1000;
    }
  }
  const sorted = (v) => [...v].sort((a, b) => a - b);
  const at = (v, q) => sorted(v)[Math.min(v.length - 1, Math.floor(v.length * q))];
  const out = Object.fromEntries(
    Object.entries(samples).map(([k, v]) => [k, { medianMs: at(v, 0.5), bestMs: Math.min(...v), cpuMs: cpu[k] / (n * rounds) }]),
  );
  out.ratios = {};
  out.ratioSpread = {};
  for (const [k, [a, b]] of Object.entries(pairs)) {
    const r = samples[a].map((x, i) => x / samples[b][i]);
    out.ratios[k] = at(r, 0.5);
    out.ratioSpread[k] = { p25: at(r, 0.25), p75: at(r, 0.75) };
  }
  out.rounds = rounds;
  return out;
}

// The bare loop reads what the API returns: the properties plus __CLASS and __PATH
// (bare3/bareAll); bare3NoSystem leaves the two system properties out, for reference.
const results = await compare(
  {
    api3: apiQuery3,
    bare3: () => bareQuery(q3, false, true),
    bare3NoSystem: () => bareQuery(q3, false, false),
    apiAll: apiQueryAll,
    bareAll: () => bareQuery(qAll, true, true),
  },
  { api3: ['api3', 'bare3'], apiAll: ['apiAll', 'bareAll'] },
  iterations,
  rounds,
);

// The event loop's own delay in this process with no COM work, for reference: what the
// machine (load from elsewhere, Wine's loop) costs before any call.
{
  const idle = monitorEventLoopDelay({ resolution: 1 });
  idle.enable();
  await new Promise((r) => setTimeout(r, 2000));
  idle.disable();
  results.idleLoop = { p50Ms: idle.percentile(50) / 1e6, p99Ms: idle.percentile(99) / 1e6, maxMs: idle.max / 1e6 };
}

// Event loop while 10 typed calls are kept in flight for about 2 s.
const histogram = monitorEventLoopDelay({ resolution: 1 });
histogram.enable();
let completed = 0;
const until = performance.now() + 2000;
await Promise.all(
  Array.from({ length: 10 }, async () => {
    while (performance.now() < until) {
      await apiQuery3();
      completed++;
      await new Promise((r) => setImmediate(r));
    }
  }),
);
histogram.disable();
results.eventLoop = {
  calls: completed,
  p50Ms: histogram.percentile(50) / 1e6,
  p99Ms: histogram.percentile(99) / 1e6,
  maxMs: histogram.max / 1e6,
};

SysFreeString(ns);
SysFreeString(wql);
SysFreeString(q3);
SysFreeString(qAll);
fn(svc, wbemcli.IWbemServices, 'Release', RELEASE)(svc);
fn(locator, wbemcli.IWbemLocator, 'Release', RELEASE)(locator);
services.close();
writeFileSync(resultFile, JSON.stringify(results, null, 2));
