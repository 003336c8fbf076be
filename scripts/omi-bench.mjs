#!/usr/bin/env node
/**
 * WS-Man figures against OMI: rows/s of a large enumeration through the provider and
 * through an outside client (curl posting the raw Enumerate/Pull messages), and a fleet
 * of 20 loopback hosts against a sequential loop over the same hosts.
 *
 *   npm run build && node scripts/omi-harness.mjs -- node scripts/omi-bench.mjs [rows]
 *
 * Runs inside scripts/omi-harness.mjs (it needs WMIGEN_OMI_*); it first creates `rows`
 * instances (default 5000) of TestClass_AllDMTFTypes, which OMI's sample keeps in memory
 * for the server's lifetime.
 */

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { createWsmanProvider, fleet } = await import(
  pathToFileURL(join(root, 'dist', 'runtime', 'wsman', 'index.js')).href
);

const env = process.env;
if (env.WMIGEN_OMI !== '1') {
  process.stdout.write('omi-bench: run it through scripts/omi-harness.mjs\n');
  process.exit(1);
}
const rows = Number(process.argv[2] ?? 5000);
const port = Number(env.WMIGEN_OMI_HTTP_PORT);
// OMI stalls on reused connections (see WsmanProviderOptions.keepAlive): BENCH_KEEPALIVE=1 measures that.
const base = {
  keepAlive: env.BENCH_KEEPALIVE === '1',
  host: '127.0.0.1',
  port,
  user: env.WMIGEN_OMI_USER,
  password: env.WMIGEN_OMI_PASSWORD,
  allowUnencrypted: true,
  namespace: 'root/test',
};
const CLASS = 'TestClass_AllDMTFTypes';
const batch = 100;

async function createRows() {
  const p = createWsmanProvider(base);
  let next = 0;
  const worker = async () => {
    while (next < rows) {
      const i = next++;
      await p.putInstance(
        {
          className: CLASS,
          path: null,
          properties: {
            v_Key: String(1_000_000 + i),
            v_bool: i % 2 === 0,
            v_uint8: i % 256,
            v_sint32: -i,
            v_uint64: String(2n ** 63n + BigInt(i)),
            v_Real64: i / 7,
            v_char16: 'A',
            v_string: `row ${i}`,
            v_DATETIME: '20240229235958.123456-300',
            v_octetUint8: [1, 2, 3],
          },
        },
        'createOnly',
      );
    }
  };
  await Promise.all(Array.from({ length: base.keepAlive ? 4 : 1 }, worker));
  p.close();
}

function curlEnumerate() {
  const url = `http://127.0.0.1:${port}/wsman`;
  const header = (action) =>
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header>' +
    `<a:To>${url}</a:To><w:ResourceURI s:mustUnderstand="true">http://schemas.microsoft.com/wbem/wscim/1/cim-schema/2/${CLASS}</w:ResourceURI>` +
    '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    `<a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/enumeration/${action}</a:Action>` +
    `<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize><a:MessageID>uuid:${randomUUID()}</a:MessageID>` +
    '<w:SelectorSet><w:Selector Name="__cimnamespace">root/test</w:Selector></w:SelectorSet></s:Header><s:Body>';
  let count = 0;
  let body = `${header('Enumerate')}<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>${batch}</w:MaxElements></n:Enumerate></s:Body></s:Envelope>`;
  for (;;) {
    // The password goes to curl in its config on stdin, never in argv.
    const out = execFileSync(
      'curl',
      [
        '-s',
        '-K',
        '-',
        '-H',
        'Content-Type: application/soap+xml;charset=UTF-8',
        '--data-binary',
        body,
        url,
      ],
      {
        input: `user = "${base.user}:${base.password}"\n`,
        encoding: 'utf8',
        maxBuffer: 64 << 20,
      },
    );
    count += (out.match(new RegExp(`<p:${CLASS} `, 'g')) ?? []).length;
    if (out.includes('EndOfSequence')) return count;
    const ctx = /EnumerationContext>([^<]*)</.exec(out)[1];
    body = `${header('Pull')}<n:Pull><n:EnumerationContext>${ctx}</n:EnumerationContext><n:MaxElements>${batch}</n:MaxElements></n:Pull></s:Body></s:Envelope>`;
  }
}

async function providerEnumerate() {
  const p = createWsmanProvider(base);
  let count = 0;
  for await (const _row of p.execQuery(`SELECT * FROM ${CLASS}`, { batchSize: batch })) count++;
  p.close();
  return count;
}

async function timed(fn) {
  const t0 = performance.now();
  const n = await fn();
  return { n, ms: performance.now() - t0 };
}

const t0 = performance.now();
await createRows();
process.stdout.write(
  `omi-bench: created ${rows} instances in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`,
);
await providerEnumerate(); // warm-up: class schemas, provider load
for (let round = 1; round <= 3; round++) {
  const mine = await timed(providerEnumerate);
  const outside = await timed(async () => curlEnumerate());
  process.stdout.write(
    `omi-bench: enumeration round ${round}: wmigen ${mine.n} rows ${(mine.n / (mine.ms / 1000)).toFixed(0)} rows/s, ` +
      `curl ${outside.n} rows ${(outside.n / (outside.ms / 1000)).toFixed(0)} rows/s (MaxElements ${batch})\n`,
  );
}

const hosts = Array.from({ length: 20 }, (_v, i) => ({ host: `127.0.0.${i + 1}`, port }));
const query = `SELECT v_Key, v_string FROM ${CLASS} WHERE v_uint8 < 64`;
const fleetRun = await timed(async () => {
  let n = 0;
  for await (const item of fleet(hosts, { ...base, query })) if (item.row) n++;
  return n;
});
const seqRun = await timed(async () => {
  let n = 0;
  for (const h of hosts) {
    const p = createWsmanProvider({ ...base, ...h });
    for await (const _row of p.execQuery(query)) n++;
    p.close();
  }
  return n;
});
process.stdout.write(
  `omi-bench: 20 hosts: fleet ${fleetRun.n} rows in ${fleetRun.ms.toFixed(0)} ms, sequential loop ${seqRun.n} rows in ${seqRun.ms.toFixed(0)} ms\n`,
);
