/**
 * `wmigen query --host … --transport wsman` against OMI, through the CLI dispatcher as
 * `wmigen` runs it: JSON lines with their host, a refused host as a typed error line,
 * exit codes, the password read only from the environment variable named. Runs inside
 * scripts/omi-harness.mjs (test/wsman/omi-harness.test.ts starts it).
 */

import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';

const env = process.env;
const live = env.WMIGEN_OMI === '1';
const port = env.WMIGEN_OMI_HTTP_PORT ?? '5985';
const httpsPort = env.WMIGEN_OMI_HTTPS_PORT ?? '5986';

async function wmigen(args: string[], isTTY = false): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: process.cwd(), isTTY };
  const code = await main(['query', ...args], io);
  return { code, out, err };
}

async function closedPort(): Promise<number> {
  const probe = net.createServer();
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
  const p = (probe.address() as net.AddressInfo).port;
  await new Promise<void>((r) => probe.close(() => r()));
  return p;
}

const QUERY = 'SELECT v_Key, v_string FROM TestClass_AllDMTFTypes';
const common = ['--transport', 'wsman', '--user', env.WMIGEN_OMI_USER ?? '', '--password-env', 'WMIGEN_OMI_PASSWORD', '--namespace', 'root/test'];

describe.skipIf(!live)('wmigen query --host against OMI (runs inside scripts/omi-harness.mjs)', () => {
  it('prints every host\'s rows as JSON lines and exits 0 when all answered', async () => {
    const r = await wmigen([QUERY, '--host', '127.0.0.1,127.0.0.2,127.0.0.3', '--port', port, '--insecure-http', '--json', ...common]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { host: string; row: Record<string, unknown> });
    const hosts = new Set(lines.map((l) => l.host));
    expect(hosts).toEqual(new Set(['127.0.0.1', '127.0.0.2', '127.0.0.3']));
    const perHost = lines.filter((l) => l.host === '127.0.0.1');
    expect(perHost.length).toBeGreaterThan(0);
    expect(lines.length).toBe(perHost.length * 3);
    for (const l of lines) {
      expect(l.row.__CLASS).toBe('TestClass_AllDMTFTypes');
      expect(typeof l.row.v_Key).toBe('string'); // uint64 in the wire form: decimal text
    }
    // The password never leaks into the output.
    expect(r.out).not.toContain(env.WMIGEN_OMI_PASSWORD);
  });

  it('gives a refused host a typed error line and exits 1, the others still answer', async () => {
    const refused = await closedPort();
    const r = await wmigen([QUERY, '--host', `127.0.0.1:${port},127.0.0.4:${refused}`, '--insecure-http', '--json', '--timeout', '10', ...common]);
    expect(r.code).toBe(1);
    const lines = r.out.trimEnd().split('\n').map((l) => JSON.parse(l) as { host: string; row?: unknown; error?: { name: string; message: string } });
    const errors = lines.filter((l) => l.error);
    expect(errors).toHaveLength(1);
    expect(errors[0].host).toBe(`127.0.0.4:${refused}`);
    expect(errors[0].error!.name).toBe('WBEM_E_TRANSPORT_FAILURE');
    expect(errors[0].error!.message).toMatch(/ECONNREFUSED/);
    expect(lines.filter((l) => l.row && l.host === `127.0.0.1:${port}`).length).toBeGreaterThan(0);
  });

  it('a wrong password is WBEM_E_ACCESS_DENIED for that host', async () => {
    const saved = env.WMIGEN_CLI_WRONG;
    env.WMIGEN_CLI_WRONG = 'not-the-password';
    try {
      const r = await wmigen([QUERY, '--host', '127.0.0.1', '--port', port, '--insecure-http', '--json', '--transport', 'wsman',
        '--user', env.WMIGEN_OMI_USER ?? '', '--password-env', 'WMIGEN_CLI_WRONG', '--namespace', 'root/test']);
      expect(r.code).toBe(1);
      const line = JSON.parse(r.out.trim()) as { host: string; error: { name: string } };
      expect(line).toMatchObject({ host: '127.0.0.1', error: { name: 'WBEM_E_ACCESS_DENIED' } });
    } finally {
      if (saved === undefined) delete env.WMIGEN_CLI_WRONG;
      else env.WMIGEN_CLI_WRONG = saved;
    }
  });

  it('prints a table with a host column, and a progress line on a terminal only', async () => {
    const tty = await wmigen([QUERY, '--host', '127.0.0.1,127.0.0.2', '--port', port, '--insecure-http', ...common], true);
    expect(tty.code).toBe(0);
    expect(tty.out.split('\n')[0]).toMatch(/^host\s+v_Key\s+v_string/);
    expect(tty.out).toContain('127.0.0.2');
    expect(tty.err).toMatch(/2\/2 hosts done, \d+ rows/);
    const pipe = await wmigen([QUERY, '--host', '127.0.0.1', '--port', port, '--insecure-http', ...common], false);
    expect(pipe.code).toBe(0);
    expect(pipe.err).toBe('');
  });

  it('Basic over HTTPS with the server certificate trusted through --ca', async () => {
    const r = await wmigen([QUERY, '--host', '127.0.0.1', '--port', httpsPort, '--https', '--ca', env.WMIGEN_OMI_CA ?? '', '--servername', 'longhostname', '--json', ...common]);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out.trimEnd().split('\n').length).toBeGreaterThan(0);
    const untrusted = await wmigen([QUERY, '--host', '127.0.0.1', '--port', httpsPort, '--https', '--servername', 'longhostname', '--json', ...common]);
    expect(untrusted.code).toBe(1);
  });
});
