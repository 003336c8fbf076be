/**
 * `wmigen query --host`: what it refuses before any connection (passwords on argv, Basic
 * over plain HTTP unasked, a missing environment variable), host lists, and a host that
 * refuses connections as a typed JSON error line. The rows from a real server are in
 * omi-cli.test.ts.
 */

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { parseHostList } from '../../cli/commands/query-remote.js';
import { passwordOf } from '../../cli/commands/wsman-args.js';

async function wmigen(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: process.cwd(), isTTY: false };
  const code = await main(['query', ...args], io);
  return { code, out, err };
}

const Q = 'SELECT Name FROM Win32_Service';

describe('wmigen query --host: arguments', () => {
  it('never takes a password on the command line', async () => {
    const r = await wmigen(Q, '--host', 'a', '--user', 'u', '--password', 'secret');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--password is not taken.*--password-env/);
  });

  it('needs --password-env for --user when there is no terminal to prompt on', async () => {
    const r = await wmigen(Q, '--host', 'a', '--https', '--user', 'u');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--password-env/);
  });

  it('says which environment variable is missing', async () => {
    delete process.env.WMIGEN_TEST_NO_SUCH_VAR;
    const r = await wmigen(Q, '--host', 'a', '--https', '--user', 'u', '--password-env', 'WMIGEN_TEST_NO_SUCH_VAR');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/WMIGEN_TEST_NO_SUCH_VAR: that environment variable is not set/);
  });

  it('refuses Basic over plain HTTP unless --insecure-http is given', async () => {
    process.env.WMIGEN_TEST_PW = 'pw';
    const r = await wmigen(Q, '--host', 'a', '--user', 'u', '--password-env', 'WMIGEN_TEST_PW');
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--https, or --insecure-http/);
  });

  it('refuses remote options without --host and other transports', async () => {
    expect((await wmigen(Q, '--schema', 'cim-2.51', '--user', 'u')).err).toMatch(/--user needs --host/);
    expect((await wmigen(Q, '--host', 'a', '--transport', 'dcom')).err).toMatch(/only wsman/);
    expect((await wmigen(Q, '--host', 'a', '--port', '70000')).err).toMatch(/--port needs a positive integer/);
    expect((await wmigen(Q, '--host', 'a', '--live')).err).toMatch(/leave out --mof, --schema and --live/);
  });

  it('takes the password from the variable named, else from the prompt on a terminal', async () => {
    const io: CommandIo = { stdout: () => {}, stderr: () => {}, cwd: process.cwd(), isTTY: true };
    const asked: string[] = [];
    const prompt = async (q: string): Promise<string> => (asked.push(q), 'typed');
    expect(await passwordOf({ user: 'u', passwordEnv: 'PW' }, io, { env: { PW: 'from-env' }, prompt })).toBe('from-env');
    expect(asked).toEqual([]);
    expect(await passwordOf({ user: 'u', passwordEnv: undefined }, io, { env: {}, prompt })).toBe('typed');
    expect(asked).toEqual(['Password for u: ']);
    expect(await passwordOf({ user: undefined, passwordEnv: undefined }, io, { env: {}, prompt })).toBeUndefined();
  });

  it('reads host lists with ports and IPv6 addresses', () => {
    expect(parseHostList('a, b:5986,[::1]:5985,fe80::1')).toEqual([
      'a',
      { host: 'b', port: 5986 },
      { host: '::1', port: 5985 },
      'fe80::1',
    ]);
    expect(() => parseHostList(' , ')).toThrow(/at least one host/);
  });
});

describe('wmigen query --host: a host that refuses connections', () => {
  it('prints a typed error line with the host and exits 1', async () => {
    const probe = net.createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const r = await wmigen(Q, '--host', `127.0.0.1:${port}`, '--transport', 'wsman', '--json', '--timeout', '5');
    expect(r.code).toBe(1);
    const line = JSON.parse(r.out.trim()) as { host: string; error: { name: string; message: string } };
    expect(line.host).toBe(`127.0.0.1:${port}`);
    expect(line.error.name).toBe('WBEM_E_TRANSPORT_FAILURE');
    expect(line.error.message).toMatch(/ECONNREFUSED/);
  }, 20_000);
});
