/**
 * Negotiate (NTLM) with WinRM's message encryption against OMI, whose Negotiate goes
 * through MIT GSSAPI and Debian's gss-ntlmssp (an NTLM implementation apart from ours):
 * rows equal to Basic's, every byte on the wire sealed (seen through a relay), a wrong
 * password refused. Runs inside scripts/omi-harness.mjs, which writes OMI's NTLM
 * credentials file for the run when gss-ntlmssp is installed.
 */

import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { isWbemError } from '../../runtime/errors.js';
import type { WireObject } from '../../runtime/provider.js';
import { createWsmanProvider, type WsmanProviderOptions } from '../../runtime/wsman/index.js';

const env = process.env;
const live = env.WMIGEN_OMI === '1';
const domain = env.WMIGEN_OMI_NTLM_DOMAIN;
const port = Number(env.WMIGEN_OMI_HTTP_PORT ?? 5985);
const QUERY = 'SELECT * FROM TestClass_AllDMTFTypes';
const reason = !live ? 'runs inside scripts/omi-harness.mjs' : !domain ? 'gss-ntlmssp is not installed' : '';

async function rows(o: WsmanProviderOptions): Promise<WireObject[]> {
  using p = createWsmanProvider(o);
  const out: WireObject[] = [];
  for await (const r of p.execQuery(QUERY)) out.push(r);
  return out.sort((a, b) => String(a.path).localeCompare(String(b.path)));
}

describe.skipIf(reason !== '')(`Negotiate (NTLM) against OMI${reason ? ` (skipped: ${reason})` : ''}`, () => {
  let relay: net.Server;
  let relayPort = 0;
  const wire: Buffer[] = [];

  beforeAll(async () => {
    // A relay that records both directions of every connection.
    relay = net.createServer((client) => {
      const upstream = net.connect(port, '127.0.0.1');
      client.on('data', (d: Buffer) => {
        wire.push(d);
        upstream.write(d);
      });
      upstream.on('data', (d: Buffer) => {
        wire.push(d);
        client.write(d);
      });
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
      client.on('error', () => upstream.destroy());
      upstream.on('error', () => client.destroy());
    });
    await new Promise<void>((r) => relay.listen(0, '127.0.0.1', r));
    relayPort = (relay.address() as net.AddressInfo).port;
  });

  afterAll(async () => {
    await new Promise<void>((r) => relay.close(() => r()));
  });

  const base = (): WsmanProviderOptions => ({
    host: '127.0.0.1',
    port,
    namespace: 'root/test',
    timeoutMs: 20_000,
    user: env.WMIGEN_OMI_USER!,
    password: env.WMIGEN_OMI_PASSWORD!,
  });

  it('gives the rows Basic gives, with every message sealed on the wire', async () => {
    const basic = await rows({ ...base(), auth: 'basic', allowUnencrypted: true });
    wire.length = 0;
    const ntlm = await rows({ ...base(), port: relayPort, auth: 'negotiate', user: `${domain}\\${env.WMIGEN_OMI_USER}` });
    expect(basic.length).toBeGreaterThan(0);
    expect(ntlm.map((r) => r.properties)).toEqual(basic.map((r) => r.properties));
    const seen = Buffer.concat(wire).toString('latin1');
    expect(seen).toContain('multipart/encrypted');
    expect(seen).not.toContain('TestClass_AllDMTFTypes');
    expect(seen).not.toContain('Envelope');
    expect(seen).not.toContain(env.WMIGEN_OMI_PASSWORD!);
  });

  it('a wrong password is WBEM_E_ACCESS_DENIED', async () => {
    const e = await rows({ ...base(), auth: 'negotiate', user: `${domain}\\${env.WMIGEN_OMI_USER}`, password: 'not-it' }).catch((x: unknown) => x);
    expect(isWbemError(e, 'WBEM_E_ACCESS_DENIED')).toBe(true);
  });

  it('wmigen query --auth negotiate works over plain HTTP without --insecure-http', async () => {
    let out = '';
    let err = '';
    const io: CommandIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: process.cwd(), isTTY: false };
    const code = await main(['query', QUERY, '--host', '127.0.0.1', '--port', String(port), '--transport', 'wsman', '--auth', 'negotiate',
      '--user', `${domain}\\${env.WMIGEN_OMI_USER}`, '--password-env', 'WMIGEN_OMI_PASSWORD', '--namespace', 'root/test', '--json'], io);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out.trim().split('\n').length).toBeGreaterThan(0);
  });
});
