/**
 * The WS-Man provider against a real WS-Management server (OMI), compared with an
 * outside client (curl + regular expressions) on the same enumerations. Runs inside
 * scripts/omi-harness.mjs (OMI in a network namespace of its own, a test user made for
 * the run); test/wsman/omi-harness.test.ts starts that run.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isWbemError } from '../../runtime/errors.js';
import type { WireObject, WireValue } from '../../runtime/provider.js';
import { createWsmanProvider, type WsmanProviderOptions } from '../../runtime/wsman/index.js';
import { outsideEnumerate, type OutsideInstance, type OutsideProperty } from './outside-client.js';

const env = process.env;
const live = env.WMIGEN_OMI === '1';
const user = env.WMIGEN_OMI_USER ?? '';
const password = env.WMIGEN_OMI_PASSWORD ?? '';
const httpPort = Number(env.WMIGEN_OMI_HTTP_PORT ?? 5985);
const httpsPort = Number(env.WMIGEN_OMI_HTTPS_PORT ?? 5986);
const url = `http://127.0.0.1:${httpPort}/wsman`;
const CLASS = 'TestClass_AllDMTFTypes';
const NS = 'root/test';

const base: WsmanProviderOptions = {
  host: '127.0.0.1',
  port: httpPort,
  user,
  password,
  auth: 'basic',
  allowUnencrypted: true,
  namespace: NS,
  timeoutMs: 20_000,
};

/** DMTF datetime text → DSP0230 text, written here apart from runtime/wsman. */
function dsp0230OfDmtf(d: string): string {
  const iv = /^(\d{8})(\d{2})(\d{2})(\d{2})\.(\d{6}):000$/.exec(d);
  if (iv) {
    const [, days, h, m, s, us] = iv.map(Number) as number[];
    let out = `P${days ? `${days}D` : ''}`;
    if (h || m || s || us) out += 'T';
    if (h) out += `${h}H`;
    if (m) out += `${m}M`;
    if (s || us) out += us ? `${s}.${String(us).padStart(6, '0')}S` : `${s}S`;
    return out;
  }
  const t = /^(\d{4})(\d{2})(\d{2})(\d{2})(\d{2})(\d{2})\.(\d{6})([+-])(\d{3})$/.exec(d);
  if (!t) throw new Error(`not DMTF: ${d}`);
  const off = Number(t[9]);
  const zone =
    off === 0
      ? 'Z'
      : `${t[8]}${String(Math.floor(off / 60)).padStart(2, '0')}:${String(off % 60).padStart(2, '0')}`;
  const frac = t[7] === '000000' ? '' : `.${t[7]}`;
  return `${t[1]}-${t[2]}-${t[3]}T${t[4]}:${t[5]}:${t[6]}${frac}${zone}`;
}

/** A wire value in the canonical DSP0230 text of its CIM type, to compare with the outside client's text. */
function canonical(name: string, v: WireValue): string {
  switch (name) {
    case 'v_bool':
      return String(v);
    case 'v_char16':
      return String((v as string).charCodeAt(0));
    case 'v_DATETIME':
      return dsp0230OfDmtf(v as string);
    case 'v_rEal32':
    case 'v_Real64':
      return String(v);
    default:
      return String(v);
  }
}

function outsideCanonical(name: string, p: OutsideProperty): string {
  if (name === 'v_bool') return p.text.toLowerCase();
  if (name === 'v_rEal32' || name === 'v_Real64') return String(Number(p.text));
  return p.text;
}

/** Every property of `row` equals the outside client's, value by value. */
function expectSameInstance(row: WireObject, outside: OutsideInstance): void {
  const names = new Set([...Object.keys(row.properties), ...outside.keys()]);
  for (const name of names) {
    const v = row.properties[name];
    const o = outside.get(name);
    expect(o, `${name} missing from the outside client's instance`).toBeDefined();
    expect(v, `${name} missing from the provider's row`).not.toBeUndefined();
    if (o!.length === 1 && o![0]!.nil) {
      expect(v, name).toBeNull();
      continue;
    }
    if (name === 'v_octetUint8') {
      expect(o![0]!.xsiType).toBe('cimBase64Binary');
      expect(Buffer.from(v as number[]).toString('base64'), name).toBe(o![0]!.text);
      continue;
    }
    if (name === 'v_embeddedInstance') {
      const inner = /<(\w+):TestClass_ForEmbedded [^>]*>([\s\S]*)<\/\1:TestClass_ForEmbedded>/.exec(
        o![0]!.text,
      );
      expect(inner, name).not.toBeNull();
      const str = /<\w+:embeddedStringValue>([^<]*)</.exec(inner![2]!)?.[1];
      expect(v).toEqual({
        className: 'TestClass_ForEmbedded',
        path: null,
        properties: { embeddedStringValue: str },
      });
      continue;
    }
    if (name === 'v_reference') {
      const uri = /ResourceURI>([^<]*)</.exec(o![0]!.text)?.[1];
      const key = /Selector Name="embeddedStringValue">([^<]*)</.exec(o![0]!.text)?.[1];
      expect(uri?.endsWith('/TestClass_ForEmbedded')).toBe(true);
      expect(v).toBe(
        `\\\\127.0.0.1\\root\\test:TestClass_ForEmbedded.embeddedStringValue="${key}"`,
      );
      continue;
    }
    expect(typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean', name).toBe(
      true,
    );
    expect(canonical(name, v!), name).toBe(outsideCanonical(name, o![0]!));
  }
}

async function collect(it: AsyncIterable<WireObject>): Promise<WireObject[]> {
  const rows: WireObject[] = [];
  for await (const r of it) rows.push(r);
  return rows;
}

describe.skipIf(!live)('WS-Man provider against OMI (runs inside scripts/omi-harness.mjs)', () => {
  it('enumerates TestClass_AllDMTFTypes with every CIM type equal to the outside client, value by value', async () => {
    using p = createWsmanProvider(base);
    const rows = await collect(p.execQuery(`SELECT * FROM ${CLASS}`, { batchSize: 3 }));
    const outside = outsideEnumerate(url, user, password, CLASS, NS);
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(rows.length).toBe(outside.length);
    const byKey = new Map(outside.map((o) => [o.get('v_Key')![0]!.text, o]));
    for (const row of rows) {
      expect(row.className).toBe(CLASS);
      expect(typeof row.properties.v_uint64).toBe('string');
      expect(typeof row.properties.v_uint32).toBe('number');
      expect(row.path).toBe(`\\\\127.0.0.1\\root\\test:${CLASS}.v_Key=${row.properties.v_Key}`);
      expectSameInstance(row, byKey.get(row.properties.v_Key as string)!);
    }
    // Both datetime forms come through: a timestamp and an interval.
    const dts = rows.map((r) => r.properties.v_DATETIME as string);
    expect(dts.some((d) => d.endsWith(':000'))).toBe(true);
    expect(dts.some((d) => /[+-]\d{3}$/.test(d))).toBe(true);
  });

  it('filters with WQL (projection and WHERE) like the outside client', async () => {
    using p = createWsmanProvider(base);
    const wql = `SELECT v_Key, v_string, v_uint8 FROM ${CLASS} WHERE v_uint8 > 16`;
    const rows = await collect(p.execQuery(wql));
    const outside = outsideEnumerate(url, user, password, CLASS, NS, wql);
    expect(rows.length).toBe(outside.length);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.properties.v_uint8 as number).toBeGreaterThan(16);
      expect(Object.keys(r.properties).sort()).toEqual(['v_Key', 'v_string', 'v_uint8']);
    }
  });

  it('creates an instance with every type, reads it back (get and enumerate), modifies and deletes it', async () => {
    using p = createWsmanProvider(base);
    const created: WireObject = {
      className: CLASS,
      path: null,
      properties: {
        v_Key: '9007199254740993',
        v_bool: true,
        v_uint8: 255,
        v_sint8: -128,
        v_UINT16: 65535,
        v_sint16: -32768,
        v_uint32: 4294967295,
        v_sint32: -2147483648,
        v_uint64: '18446744073709551615',
        v_sint64: '-9223372036854775808',
        v_rEal32: 1.5,
        v_Real64: -2.25e-300,
        v_char16: 'Z',
        v_string: 'a <b> & "c" \u00e9\u4e2d',
        v_DATETIME: '20240229235958.123456-300',
        v_reference: 'TestClass_ForEmbedded.embeddedStringValue="ref1"',
        v_octetUint8: [0, 1, 254, 255],
      },
    };
    const path = await p.putInstance(created, 'createOnly');
    expect(path).toBe(`\\\\127.0.0.1\\root\\test:${CLASS}.v_Key=9007199254740993`);
    try {
      const got = await p.getObject(path);
      expect(got.path).toBe(path);
      for (const [k, v] of Object.entries(created.properties)) {
        if (k === 'v_reference')
          expect(got.properties[k]).toBe(`\\\\127.0.0.1\\root\\test:${v as string}`);
        else expect(got.properties[k], k).toEqual(v);
      }
      // The same instance through the outside client, value by value.
      const rows = await collect(p.execQuery(`SELECT * FROM ${CLASS}`));
      const mine = rows.find((r) => r.properties.v_Key === '9007199254740993')!;
      const outside = outsideEnumerate(url, user, password, CLASS, NS).find(
        (o) => o.get('v_Key')![0]!.text === '9007199254740993',
      )!;
      expectSameInstance(mine, outside);

      await p.putInstance(
        { ...got, properties: { ...got.properties, v_string: 'changed' } },
        'updateOnly',
      );
      expect((await p.getObject(path)).properties.v_string).toBe('changed');
    } finally {
      await p.deleteInstance(path);
    }
    const gone = await p.getObject(path).catch((e: unknown) => e);
    expect(isWbemError(gone, 'WBEM_E_NOT_FOUND')).toBe(true);
  });

  it('invokes methods with typed in and out parameters', async () => {
    using p = createWsmanProvider(base);
    const path = `${CLASS}.v_Key=1`;
    const before = await p.getObject(path);
    const out = await p.execMethod(path, 'GetUint64Value', null);
    expect(out.className).toBe('__PARAMETERS');
    expect(out.properties.ReturnValue).toBe(0);
    expect(out.properties.Uint64Val).toBe(before.properties.v_uint64);
    try {
      const set = await p.execMethod(path, 'SetUint64Value', { Uint64Val: '18446744073709551615' });
      expect(set.properties.ReturnValue).toBe(0);
      expect((await p.getObject(path)).properties.v_uint64).toBe('18446744073709551615');
      expect((await p.execMethod(path, 'GetUint64Value', null)).properties.Uint64Val).toBe(
        '18446744073709551615',
      );
      // A reference in, a reference out.
      const ref = 'TestClass_ForEmbedded.embeddedStringValue="r \\"q\\""';
      expect(
        (await p.execMethod(path, 'SetReferenceValue', { ReferenceVal: ref })).properties
          .ReturnValue,
      ).toBe(0);
      const got = await p.execMethod(path, 'GetReferenceValue', null);
      expect(got.properties.ReferenceVal).toBe(`\\\\127.0.0.1\\root\\test:${ref}`);
    } finally {
      await p.execMethod(path, 'SetUint64Value', {
        Uint64Val: before.properties.v_uint64 as string,
      });
      await p.execMethod(path, 'SetReferenceValue', { ReferenceVal: null });
    }
  });

  it('maps faults to typed WbemErrors', async () => {
    using p = createWsmanProvider(base);
    const noClass = await collect(p.execQuery('SELECT * FROM No_Such_Class')).catch(
      (e: unknown) => e,
    );
    expect(isWbemError(noClass)).toBe(true);
    expect(['WBEM_E_INVALID_CLASS', 'WBEM_E_NOT_FOUND']).toContain(
      (noClass as { statusName: string }).statusName,
    );
    const noInstance = await p.getObject(`${CLASS}.v_Key=424242`).catch((e: unknown) => e);
    expect(isWbemError(noInstance, 'WBEM_E_NOT_FOUND')).toBe(true);
    const badMethod = await p
      .execMethod(`${CLASS}.v_Key=1`, 'NoSuchMethod', null)
      .catch((e: unknown) => e);
    expect(isWbemError(badMethod)).toBe(true);
    using wrong = createWsmanProvider({ ...base, password: `${password}x` });
    const denied = await collect(wrong.execQuery(`SELECT * FROM ${CLASS}`)).catch(
      (e: unknown) => e,
    );
    expect(isWbemError(denied, 'WBEM_E_ACCESS_DENIED')).toBe(true);
    expect(String((denied as Error).message)).not.toContain(password);
  });

  it('speaks Basic over HTTPS with the server certificate trusted, and refuses an untrusted one', async () => {
    const ca = readFileSync(env.WMIGEN_OMI_CA!, 'utf8');
    const https = { ...base, port: httpsPort, https: true, allowUnencrypted: false };
    using p = createWsmanProvider({ ...https, tls: { ca, servername: 'longhostname' } });
    const rows = await collect(p.execQuery(`SELECT v_Key FROM ${CLASS}`));
    expect(rows.length).toBeGreaterThan(0);
    using untrusted = createWsmanProvider(https);
    const err = await collect(untrusted.execQuery(`SELECT v_Key FROM ${CLASS}`)).catch(
      (e: unknown) => e,
    );
    expect(isWbemError(err, 'WBEM_E_TRANSPORT_FAILURE')).toBe(true);
  });

  it('stops Pulling when the consumer stops', async () => {
    using p = createWsmanProvider(base);
    let n = 0;
    for await (const _row of p.execQuery(`SELECT * FROM ${CLASS}`, { batchSize: 1 })) {
      if (++n === 2) break;
    }
    expect(n).toBe(2);
    // The server still answers a new enumeration after the Release.
    expect((await collect(p.execQuery(`SELECT v_Key FROM ${CLASS}`))).length).toBeGreaterThan(2);
  });

  it('streams events of TestIndication (Subscribe, pull delivery) until the consumer stops', async () => {
    using p = createWsmanProvider({ ...base, namespace: 'root/cimv2' });
    const ac = new AbortController();
    const guard = setTimeout(() => ac.abort(), 30_000);
    const events: WireObject[] = [];
    try {
      for await (const ev of p.execNotificationQuery('SELECT * FROM Test_Indication', {
        signal: ac.signal,
        timeoutMs: 3000,
      })) {
        events.push(ev);
        if (events.length === 3) break;
      }
    } finally {
      clearTimeout(guard);
    }
    expect(events).toHaveLength(3);
    const ids = events.map((e) => e.properties.id as number);
    expect(ids).toEqual([...ids].sort((a, b) => a - b));
    for (const e of events) {
      expect(e.className).toBe('Test_Indication');
      expect(e.properties.message).toBe('test indication message');
      expect(typeof e.properties.sbool).toBe('boolean');
      expect(e.properties.sDATETIME).toMatch(/^\d{14}\.\d{6}[+-]\d{3}$/);
      expect(Array.isArray(e.properties.a_bool)).toBe(true);
    }
  });
});
