/**
 * WS-Management against a real server (OMI, run by scripts/omi-harness.mjs for this part):
 *
 * - rows/s of a large enumeration (WMIGEN_BenchRow, 20,000 instances from the bench's own
 *   OMI provider, bench/omi-provider) through wmigen's provider, with a kept-alive
 *   connection and with a connection per request (OMI's delayed-ACK stall, docs/wsman.md),
 *   against curl posting the same Enumerate/Pull messages (a process per request, as a
 *   shell script would);
 * - fleet() over 20 loopback addresses of one OMI against a sequential loop over them.
 *
 * Outside the harness this part builds and registers the provider (once per content, in
 * OMI's build folder), then runs itself again inside the harness; without an OMI build,
 * root or unshare it prints one line saying why it is skipped.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { createWsmanProvider, fleet, type WsmanProviderOptions } from '../runtime/wsman/index.js';

const here = dirname(fileURLToPath(import.meta.url));
const root = resolve(here, '..', '..');
const NS = 'root/wmigen';
const CLASS = 'WMIGEN_BenchRow';
const BATCH = 100;
const ROUNDS = 2;

export async function run(): Promise<void> {
  if (process.env.WMIGEN_OMI === '1') return measure();
  // scripts/ is one level up from bench/ in the source and two from dist/bench.
  const script = (name: string): string => pathToFileURL(join(root, 'scripts', name)).href;
  const { omiUnavailableReason } = (await import(script('omi-harness.mjs'))) as typeof import('../scripts/omi-harness.mjs');
  const reason = omiUnavailableReason();
  if (reason) {
    process.stdout.write(`wsman: skipped: ${reason}\n`);
    return;
  }
  const { ensureBenchProvider } = (await import(script('omi-bench-provider.mjs'))) as typeof import('../scripts/omi-bench-provider.mjs');
  const built = ensureBenchProvider();
  if (built) {
    process.stdout.write(`wsman: skipped: ${built}\n`);
    return;
  }
  const r = spawnSync(
    process.execPath,
    [
      join(root, 'scripts', 'omi-harness.mjs'),
      '--',
      process.execPath,
      '--input-type=module',
      '-e',
      `await (await import(${JSON.stringify(import.meta.url)})).run();`,
    ],
    { stdio: ['ignore', 'inherit', 'inherit'] },
  );
  if (r.status !== 0) process.exitCode = r.status ?? 1;
}

function base(): WsmanProviderOptions {
  const env = process.env;
  return {
    host: '127.0.0.1',
    port: Number(env.WMIGEN_OMI_HTTP_PORT),
    user: env.WMIGEN_OMI_USER,
    password: env.WMIGEN_OMI_PASSWORD,
    allowUnencrypted: true,
    namespace: NS,
    timeoutMs: 120_000,
  };
}

async function wmigenEnumerate(keepAlive: boolean): Promise<number> {
  const p = createWsmanProvider({ ...base(), keepAlive });
  let n = 0;
  try {
    for await (const _row of p.execQuery(`SELECT * FROM ${CLASS}`, { batchSize: BATCH })) n++;
  } finally {
    p.close();
  }
  return n;
}

/** The same enumeration with curl: raw Enumerate and Pull messages, items counted by a regular expression. */
function curlEnumerate(): number {
  const o = base();
  const url = `http://127.0.0.1:${o.port}/wsman`;
  const header = (action: string): string =>
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header>' +
    `<a:To>${url}</a:To><w:ResourceURI s:mustUnderstand="true">http://schemas.microsoft.com/wbem/wscim/1/cim-schema/2/${CLASS}</w:ResourceURI>` +
    '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    `<a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/enumeration/${action}</a:Action>` +
    `<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize><a:MessageID>uuid:${randomUUID()}</a:MessageID>` +
    `<w:SelectorSet><w:Selector Name="__cimnamespace">${NS}</w:Selector></w:SelectorSet></s:Header><s:Body>`;
  let count = 0;
  let body = `${header('Enumerate')}<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>${BATCH}</w:MaxElements></n:Enumerate></s:Body></s:Envelope>`;
  const item = new RegExp(`<p:${CLASS}[ >]`, 'g');
  for (;;) {
    // The password goes to curl in its config on stdin, never in argv.
    const out = execFileSync(
      'curl',
      ['-s', '-K', '-', '-H', 'Content-Type: application/soap+xml;charset=UTF-8', '--data-binary', body, url],
      { input: `user = "${o.user}:${o.password}"\n`, encoding: 'utf8', maxBuffer: 64 << 20 },
    );
    count += (out.match(item) ?? []).length;
    if (out.includes('EndOfSequence')) return count;
    const ctx = /EnumerationContext>([^<]*)</.exec(out)?.[1];
    if (!ctx) throw new Error(`curl: no enumeration context in ${out.slice(0, 300)}`);
    body = `${header('Pull')}<n:Pull><n:EnumerationContext>${ctx}</n:EnumerationContext><n:MaxElements>${BATCH}</n:MaxElements></n:Pull></s:Body></s:Envelope>`;
  }
}

async function timed(fn: () => number | Promise<number>): Promise<{ n: number; ms: number }> {
  const t0 = performance.now();
  const n = await fn();
  return { n, ms: performance.now() - t0 };
}

const rate = (r: { n: number; ms: number }): string =>
  `${Math.round(r.n / (r.ms / 1000)).toLocaleString('en-US')} rows/s`;

async function measure(): Promise<void> {
  await wmigenEnumerate(false); // warm-up: provider load, class schema
  for (let round = 1; round <= ROUNDS; round++) {
    const kept = await timed(() => wmigenEnumerate(true));
    const fresh = await timed(() => wmigenEnumerate(false));
    const curl = await timed(curlEnumerate);
    process.stdout.write(
      `wsman: enumeration of ${kept.n} rows (MaxElements ${BATCH}), round ${round}: ` +
        `wmigen keep-alive ${rate(kept)}, wmigen a connection per request ${rate(fresh)}, ` +
        `curl (${curl.n} rows, a process per request) ${rate(curl)}\n`,
    );
  }
  const hosts = Array.from({ length: 20 }, (_v, i) => ({ host: `127.0.0.${i + 1}` }));
  const query = 'SELECT * FROM TestClass_AllDMTFTypes';
  // Kept-alive connections wait on OMI's delayed-ACK stall (about 40 ms a request), as a
  // distant host makes each request wait: what a fleet overlaps.
  for (const keepAlive of [false, true]) {
    const o = { ...base(), namespace: 'root/test', keepAlive };
    const together = await timed(async () => {
      let n = 0;
      for await (const item of fleet(hosts, { ...o, query })) {
        if (item.error) throw item.error;
        n++;
      }
      return n;
    });
    const sequential = await timed(async () => {
      let n = 0;
      for (const h of hosts) {
        const p = createWsmanProvider({ ...o, ...h });
        for await (const _row of p.execQuery(query)) n++;
        p.close();
      }
      return n;
    });
    process.stdout.write(
      `wsman: 20 hosts, ${keepAlive ? 'keep-alive' : 'a connection per request'} (${query}): ` +
        `fleet ${together.n} rows in ${together.ms.toFixed(0)} ms, sequential loop ${sequential.n} rows in ${sequential.ms.toFixed(0)} ms\n`,
    );
  }
}
