/**
 * Runs INSIDE the Windows node.exe under Wine (started by test/wine/wine.ts) against
 * Wine's real WMI, using the compiled runtime (dist/): the public typed API
 * (`connect`, `from(...).first()`, `call`, `callStatic`), the COM provider directly, the
 * live schema reader and a JS IWbemObjectSink. It records what it observed as JSON in
 * the file named by argv[3]; the vitest suite (test/wine/wmi.test.ts) asserts on it.
 * Under Wine, console.log on a pipe throws EBADF: nothing is printed.
 *
 * Usage: node.exe scenarios.mjs <dist folder> <compiled bindings index.js | -> <result file>
 */

import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const [distRoot, bindingsEntry, resultFile] = process.argv.slice(2);
const load = (rel) => import(pathToFileURL(join(distRoot, rel)).href);
const results = {};

function errorInfo(err) {
  return { name: err?.name, statusName: err?.statusName, hresult: err?.hresult, message: String(err?.message ?? err) };
}

async function scenario(name, fn) {
  const start = performance.now();
  try {
    results[name] = { ok: true, value: await fn(), ms: performance.now() - start };
  } catch (err) {
    results[name] = { ok: false, error: errorInfo(err), stack: String(err?.stack ?? ''), ms: performance.now() - start };
  }
}

async function rejectionOf(fn) {
  try {
    await fn();
    return { rejected: false };
  } catch (err) {
    return { rejected: true, isWbemError: err?.constructor?.name === 'WbemError', ...errorInfo(err) };
  }
}

/** A runtime class descriptor from a live CimClass (what generated bindings carry). */
function descriptorOf(c) {
  return {
    name: c.name,
    namespace: c.namespace,
    superclass: c.superclass,
    keys: c.keys,
    properties: Object.fromEntries(
      c.properties.map((p) => [
        p.name,
        { name: p.name, cimType: p.type, isArray: p.isArray, refClass: p.refClass, embeddedClass: p.embeddedClass, isKey: p.isKey },
      ]),
    ),
    methods: Object.fromEntries(
      c.methods.map((m) => [
        m.name,
        {
          name: m.name,
          isStatic: m.isStatic,
          returnType: m.returnType,
          parameters: m.parameters.map((p) => ({ name: p.name, cimType: p.type, isArray: p.isArray, in: p.in, out: p.out })),
        },
      ]),
    ),
  };
}

const api = await load('runtime/index.js');
const { ComProvider } = await load('runtime/com/provider.js');
const { readLiveSchema } = await load('runtime/com/live-schema.js');
const { CimDateTime } = await load('runtime/datetime.js');

results.platform = { ok: true, value: { platform: process.platform, node: process.version } };

const provider = await ComProvider.connect({ namespace: 'root\\cimv2' });
const classes = {};
let bindingsSource = 'live-descriptor';

await scenario('liveSchema', async () => {
  const sources = {};
  const schema = await readLiveSchema({
    namespace: 'root\\cimv2',
    classes: ['Win32_OperatingSystem', 'Win32_Process', 'StdRegProv'],
    connection: provider,
    report: (n, s) => (sources[n] = s),
  });
  for (const c of schema.namespaces.flatMap((n) => n.classes)) classes[c.name] = api.defineClass(descriptorOf(c));
  // The bindings `wmigen --live` generated (when they compiled) replace these descriptors.
  if (bindingsEntry && bindingsEntry !== '-') {
    const generated = await import(pathToFileURL(bindingsEntry).href);
    for (const name of Object.keys(classes)) if (generated[name]?.descriptor) classes[name] = generated[name];
    bindingsSource = 'generated';
  }
  const os = schema.namespaces.flatMap((n) => n.classes).find((c) => c.name === 'Win32_OperatingSystem');
  const proc = schema.namespaces.flatMap((n) => n.classes).find((c) => c.name === 'Win32_Process');
  return {
    sources,
    classNames: Object.keys(classes).sort(),
    osTypes: Object.fromEntries(os.properties.filter((p) => ['Caption', 'FreePhysicalMemory', 'LastBootUpTime'].includes(p.name)).map((p) => [p.name, p.type])),
    processKeys: proc.keys,
    processMethods: proc.methods.map((m) => m.name).sort(),
    // What Wine's method qualifier sets give (the Static qualifier is read from them).
    methodQualifiers: Object.fromEntries(
      schema.namespaces.flatMap((n) => n.classes).flatMap((c) => c.methods.map((m) => [`${c.name}.${m.name}`, { isStatic: m.isStatic, qualifiers: m.qualifiers.map((q) => q.name) }])),
    ),
  };
});

results.bindings = { ok: true, value: { source: bindingsSource } };
const services = await api.connect({ namespace: 'root\\cimv2' });

await scenario('operatingSystem', async () => {
  const os = await services.from(classes.Win32_OperatingSystem).first();
  return {
    providerKind: services.provider.kind,
    caption: os.Caption,
    captionType: typeof os.Caption,
    freePhysicalMemoryType: typeof os.FreePhysicalMemory,
    freePhysicalMemory: String(os.FreePhysicalMemory),
    lastBootIsCimDateTime: os.LastBootUpTime instanceof CimDateTime,
    lastBoot: os.LastBootUpTime?.toString(),
    lastBootYear: os.LastBootUpTime?.year,
  };
});

await scenario('processes', async () => {
  const list = await services.from(classes.Win32_Process).toArray();
  return { count: list.length, names: list.map((p) => p.Name), handleTypes: [...new Set(list.map((p) => typeof p.Handle))] };
});

await scenario('registry', async () => {
  const out = await services.callStatic(classes.StdRegProv, 'GetStringValue', {
    hDefKey: 0x80000002,
    sSubKeyName: 'Software\\Microsoft\\Windows NT\\CurrentVersion',
    sValueName: 'ProductName',
  });
  return { returnValue: out.ReturnValue, sValue: out.sValue, sValueType: typeof out.sValue };
});

await scenario('createAndOwner', async () => {
  const created = await services.callStatic(classes.Win32_Process, 'Create', { CommandLine: 'cmd.exe /c exit 0' });
  const owner = await services.call(classes.Win32_Process, `Win32_Process.Handle="${created.ProcessId}"`, 'GetOwner');
  return {
    createReturn: created.ReturnValue,
    processIdType: typeof created.ProcessId,
    processId: created.ProcessId,
    ownerReturn: owner.ReturnValue,
    user: owner.User,
    userType: typeof owner.User,
    domainType: typeof owner.Domain,
  };
});

await scenario('errors', async () => ({
  invalidClass: await rejectionOf(() => provider.execMethod('Win32_NoSuchClass', 'Create', { CommandLine: 'x' })),
  invalidClassLive: await rejectionOf(() => readLiveSchema({ namespace: 'root\\cimv2', classes: ['Win32_NoSuchClass'], connection: provider })),
  // Wine answers a query of an unknown class with no rows (Windows: WBEM_E_INVALID_CLASS).
  unknownClassQueryRows: await (async () => {
    let n = 0;
    for await (const _ of provider.execQuery('SELECT * FROM Win32_NoSuchClass')) n++;
    return n;
  })(),
  invalidNamespace: await rejectionOf(() => ComProvider.connect({ namespace: 'root\\nosuchnamespace' })),
  invalidMethod: await rejectionOf(() => provider.execMethod('Win32_Process', 'NoSuchMethod', null)),
  notFound: await rejectionOf(() => provider.getObject('Win32_Process.Handle="999999"')),
}));

await scenario('asyncSink', async () => {
  const names = [];
  for await (const p of provider.execQueryAsync('SELECT * FROM Win32_Process')) names.push(p.properties.Name);
  return { count: names.length, names };
});

await scenario('streamed', async () => {
  const before = provider.session.stats();
  let all = 0;
  for await (const _ of provider.execQuery('SELECT * FROM Win32_Process', { batchSize: 1 })) all++;
  let early = 0;
  for await (const _ of provider.execQuery('SELECT * FROM Win32_Process', { batchSize: 2 })) if (++early === 2) break;
  // Under Wine, releases wait until no call runs (the runtime's lanes): one turn later.
  await new Promise((r) => setTimeout(r, 50));
  const after = provider.session.stats();
  return { all, early, liveBefore: before.live, liveAfter: after.live, releasedDelta: after.released - before.released };
});

await scenario('openNamespace', async () => {
  const root = await ComProvider.connect({ namespace: 'root' });
  try {
    const cimv2 = await root.openNamespace('cimv2');
    let caption = null;
    for await (const o of cimv2.execQuery('SELECT Caption FROM Win32_OperatingSystem')) caption = o.properties.Caption;
    cimv2.close();
    return { namespace: cimv2.namespace, caption, missing: await rejectionOf(() => root.openNamespace('nosuchnamespace')) };
  } finally {
    root.close();
  }
});

await scenario('timeoutAndAbort', async () => ({
  aborted: await rejectionOf(() => provider.getObject('Win32_OperatingSystem=@', { signal: AbortSignal.abort() })),
}));

await scenario('lifetimes', async () => {
  services.close();
  provider.close();
  return { providerStats: provider.session.stats(), servicesStats: services.provider.session?.stats?.() ?? null };
});

writeFileSync(resultFile, JSON.stringify(results, null, 2));
