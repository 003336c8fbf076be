import { describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { fixturePath } from '../memory/fixture.js';

async function wmigen(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = {
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
    cwd: process.cwd(),
    isTTY: false,
  };
  const code = await main(['query', ...args], io);
  return { code, out, err };
}

describe('wmigen query', () => {
  it('prints rows as a table', async () => {
    const r = await wmigen(
      'SELECT Name, State FROM Win32_Service WHERE StartMode = "Auto"',
      '--mof',
      fixturePath,
    );
    expect(r.code).toBe(0);
    expect(r.out).toBe(
      [
        'Name     State',
        '-------  -------',
        'Winmgmt  Running',
        'RpcSs    Running',
        'Dhcp     Running',
        '(3 rows)',
        '',
      ].join('\n'),
    );
  });

  it('prints JSON with --json, values in wire form', async () => {
    const r = await wmigen(
      'SELECT Handle, WorkingSetSize FROM Win32_Process WHERE Handle = "4"',
      '--mof',
      fixturePath,
      '--json',
    );
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([
      {
        __CLASS: 'Win32_Process',
        __PATH: '\\\\.\\root\\cimv2:Win32_Process.Handle="4"',
        Handle: '4',
        WorkingSetSize: '5368709120',
      },
    ]);
  });

  it('shows the class column for mixed results', async () => {
    const r = await wmigen(
      'SELECT Name FROM Win32_BaseService WHERE State = "Stopped"',
      '--mof',
      fixturePath,
    );
    expect(r.out.split('\n')[0]).toBe('__CLASS             Name');
    expect(r.out).toContain('Win32_SystemDriver  usbprint');
  });

  it('reports bad WQL with its position and exits 1', async () => {
    const r = await wmigen('SELECT * FROM Win32_Service WHERE Name = ', '--mof', fixturePath);
    expect(r.code).toBe(1);
    expect(r.err).toContain('invalid WQL at column 42: unexpected end of query');
    expect(r.err).toContain('> 1 | SELECT * FROM Win32_Service WHERE Name =');
    expect(r.out).toBe('');
  });

  it('reports WMI errors and usage errors', async () => {
    const r = await wmigen('SELECT * FROM NoSuchClass', '--mof', fixturePath);
    expect(r.code).toBe(1);
    expect(r.err).toContain('WBEM_E_INVALID_CLASS');
    expect((await wmigen('SELECT * FROM A')).code).toBe(2);
    expect((await wmigen('SELECT * FROM A', '--mof')).code).toBe(2);
  });
});

describe('wmigen query on the bundled Windows schema', () => {
  it('runs against root\\cimv2 classes from the reference pages plus an instance file', async () => {
    const { mkdtempSync, writeFileSync } = await import('node:fs');
    const { tmpdir } = await import('node:os');
    const { join } = await import('node:path');
    const { repoRoot } = await import('../corpus.js');
    const dir = mkdtempSync(join(tmpdir(), 'wmigen-query-'));
    const instances = join(dir, 'services.mof');
    writeFileSync(
      instances,
      [
        '#pragma namespace("\\\\\\\\.\\\\root\\\\cimv2")',
        'instance of Win32_Service { Name = "Spooler"; StartMode = "Auto"; State = "Running"; ProcessId = 2200; };',
        'instance of Win32_Service { Name = "Fax"; StartMode = "Manual"; State = "Stopped"; ProcessId = 0; };',
        'instance of Win32_Service { Name = "WSearch"; StartMode = "Auto"; State = "Running"; ProcessId = 3100; DelayedAutoStart = true; };',
      ].join('\n'),
    );
    const r = await wmigen(
      'SELECT Name, ProcessId FROM Win32_Service WHERE StartMode = "Auto" AND DelayedAutoStart IS NULL',
      '--mof',
      join(repoRoot, 'schemas', 'windows', 'cimv2.mof'),
      instances,
      '--json',
    );
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toEqual([
      {
        __CLASS: 'Win32_Service',
        __PATH: '\\\\.\\root\\cimv2:Win32_Service.Name="Spooler"',
        Name: 'Spooler',
        ProcessId: 2200,
      },
    ]);
  });
});
