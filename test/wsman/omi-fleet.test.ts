/**
 * fleet() on 20 loopback addresses of one OMI, plus a host that refuses connections
 * and one that accepts and never answers. Runs inside scripts/omi-harness.mjs.
 */

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WbemError } from '../../runtime/errors.js';
import type { WireObject } from '../../runtime/provider.js';
import { fleet, type FleetHost, type FleetItem } from '../../runtime/wsman/index.js';

const env = process.env;
const live = env.WMIGEN_OMI === '1';
const port = Number(env.WMIGEN_OMI_HTTP_PORT ?? 5985);

describe.skipIf(!live)('fleet() against OMI (runs inside scripts/omi-harness.mjs)', () => {
  let silent: net.Server;
  let silentPort = 0;
  let refusedPort = 0;
  const sockets = new Set<net.Socket>();

  beforeAll(async () => {
    silent = net.createServer((s) => {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
    silentPort = (silent.address() as net.AddressInfo).port;
    // A port nobody listens on: bind one, then close it.
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    refusedPort = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
  });

  afterAll(async () => {
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => silent.close(() => r()));
  });

  it('gives every live row and two typed errors, the silent host after its timeout', async () => {
    const live20: FleetHost[] = Array.from({ length: 20 }, (_v, i) => ({
      host: `127.0.0.${i + 1}`,
      port,
    }));
    const hosts: FleetHost[] = [
      ...live20.slice(0, 10),
      { host: '127.0.0.1', port: refusedPort },
      { host: '127.0.0.1', port: silentPort },
      ...live20.slice(10),
    ];
    const hostTimeoutMs = 3000;
    const started = performance.now();
    const items: (FleetItem<WireObject> & { at: number })[] = [];
    for await (const item of fleet(hosts, {
      query: 'SELECT v_Key FROM TestClass_AllDMTFTypes',
      user: env.WMIGEN_OMI_USER,
      password: env.WMIGEN_OMI_PASSWORD,
      auth: 'basic',
      allowUnencrypted: true,
      namespace: 'root/test',
      hostTimeoutMs,
      retries: 1,
      retryDelayMs: 100,
      concurrency: 8,
    })) {
      items.push({ ...item, at: performance.now() - started });
    }
    const errors = items.filter((i) => i.error);
    const rows = items.filter((i) => i.row);
    expect(errors.map((e) => e.host).sort()).toEqual(
      [`127.0.0.1:${refusedPort}`, `127.0.0.1:${silentPort}`].sort(),
    );
    for (const e of errors) expect(e.error).toBeInstanceOf(WbemError);
    const refused = errors.find((e) => e.host.endsWith(`:${refusedPort}`))!;
    const hung = errors.find((e) => e.host.endsWith(`:${silentPort}`))!;
    expect(refused.error!.statusName).toBe('WBEM_E_TRANSPORT_FAILURE');
    expect(refused.error!.message).toContain('ECONNREFUSED');
    expect(hung.error!.statusName).toBe('WBEM_E_TIMED_OUT');
    // The silent host fails only after its deadline (twice: one retry), and the others did not wait for it.
    expect(hung.at).toBeGreaterThanOrEqual(2 * hostTimeoutMs - 50);
    const perHost = new Map<string, number>();
    for (const r of rows) perHost.set(r.host, (perHost.get(r.host) ?? 0) + 1);
    expect(perHost.size).toBe(20);
    const counts = new Set(perHost.values());
    expect(counts.size).toBe(1);
    expect([...counts][0]).toBeGreaterThanOrEqual(4);
    const lastRow = Math.max(...rows.map((r) => r.at));
    expect(lastRow).toBeLessThan(hung.at);
  });

  it('stops every host when the consumer breaks out', async () => {
    const hosts = Array.from({ length: 20 }, (_v, i) => ({ host: `127.0.0.${i + 1}`, port }));
    let n = 0;
    for await (const item of fleet(hosts, {
      query: 'SELECT v_Key FROM TestClass_AllDMTFTypes',
      user: env.WMIGEN_OMI_USER,
      password: env.WMIGEN_OMI_PASSWORD,
      allowUnencrypted: true,
      namespace: 'root/test',
    })) {
      expect(item.error).toBeUndefined();
      if (++n === 3) break;
    }
    expect(n).toBe(3);
  });
});
