import { describe, expect, expectTypeOf, it } from 'vitest';
import { parseWql } from '../../grammar/wql/parser.js';
import { CimDateTime } from '../../runtime/datetime.js';
import { isWbemError } from '../../runtime/errors.js';
import { connect, pathOf, type WmiServices } from '../../runtime/index.js';
import { createMemoryProvider } from '../../runtime/memory/index.js';
import { listServicesByStartMode } from '../../examples/list-services.js';
import { loadFixtureSchema } from '../memory/fixture.js';
import { Win32_BaseService } from './bindings/root/cimv2/Win32_BaseService.js';
import { Win32_DependentService } from './bindings/root/cimv2/Win32_DependentService.js';
import { Win32_Directory } from './bindings/root/cimv2/Win32_Directory.js';
import { Win32_LogicalDisk } from './bindings/root/cimv2/Win32_LogicalDisk.js';
import { Win32_Process } from './bindings/root/cimv2/Win32_Process.js';
import { Win32_Service } from './bindings/root/cimv2/Win32_Service.js';

const schema = loadFixtureSchema();

async function services(): Promise<WmiServices> {
  return connect({
    memory: {
      schema,
      pollsBeforeResult: 2,
      methods: {
        'Win32_Process.Create': ({ inParameters, provider }) => {
          provider.add({
            className: 'Win32_Process',
            properties: { Handle: '4242', ProcessId: 4242, Name: inParameters.CommandLine },
          });
          return { ProcessId: 4242, ReturnValue: 0 };
        },
        'Win32_Process.GetOwner': () => ({ Domain: 'TESTBOX', User: 'alice', ReturnValue: 0 }),
      },
    },
  });
}

describe('typed API over the in-memory provider', () => {
  it('lists services by start mode (the README example)', async () => {
    using wmi = await services();
    expect(await listServicesByStartMode(wmi, 'Auto')).toEqual([
      { name: 'Dhcp', displayName: 'DHCP Client', state: 'Running' },
      { name: 'RpcSs', displayName: 'Remote Procedure Call (RPC)', state: 'Running' },
      { name: 'Winmgmt', displayName: 'Windows Management Instrumentation', state: 'Running' },
    ]);
    expect(await listServicesByStartMode(wmi, 'Disabled')).toEqual([
      { name: 'w3svc', displayName: 'World Wide Web Publishing Service', state: 'Stopped' },
    ]);
  });

  it('runs the README example on the real root\\cimv2 schema from the reference pages too', async () => {
    const { loadMofFiles } = await import('../../model/cim/load.js');
    const { join } = await import('node:path');
    const { repoRoot } = await import('../corpus.js');
    const real = loadMofFiles([join(repoRoot, 'schemas', 'windows', 'cimv2.mof')]);
    expect(real.ok).toBe(true);
    using wmi = await connect({
      memory: {
        schema: real.schema,
        instances: [
          {
            className: 'Win32_Service',
            properties: {
              Name: 'Spooler',
              DisplayName: 'Print Spooler',
              StartMode: 'Auto',
              State: 'Running',
            },
          },
          {
            className: 'Win32_Service',
            properties: { Name: 'Fax', DisplayName: 'Fax', StartMode: 'Manual', State: 'Stopped' },
          },
          {
            className: 'Win32_Service',
            properties: {
              Name: 'BITS',
              DisplayName: 'Background Intelligent Transfer Service',
              StartMode: 'Auto',
              State: 'Stopped',
            },
          },
        ],
      },
    });
    expect(await listServicesByStartMode(wmi, 'Auto')).toEqual([
      { name: 'BITS', displayName: 'Background Intelligent Transfer Service', state: 'Stopped' },
      { name: 'Spooler', displayName: 'Print Spooler', state: 'Running' },
    ]);
  });

  it('writes WQL from typed filters and narrows the result type', async () => {
    using wmi = await services();
    const q = wmi
      .from(Win32_Process)
      .select('Name', 'WorkingSetSize', 'CreationDate')
      .where({ WorkingSetSize: { gt: 10_000_000n }, Name: { startsWith: 'svc' } })
      .where((w) => w.or(w.eq('ParentProcessId', 4), w.isNull('CommandLine')));
    expect(q.toWql()).toBe(
      'SELECT Name, WorkingSetSize, CreationDate FROM Win32_Process WHERE ((WorkingSetSize > 10000000) AND (Name LIKE "svc%")) AND ((ParentProcessId = 4) OR (CommandLine IS NULL))',
    );
    const rows = await q.toArray();
    expectTypeOf(rows[0]).toMatchTypeOf<{
      Name: string | null;
      WorkingSetSize: bigint | null;
      CreationDate: CimDateTime | null;
    }>();
    expect(rows.map((r) => r.Name)).toEqual(['svchost.exe', 'svchost.exe']);
    expect(rows[0].WorkingSetSize).toBe(20480000n);
    expect(rows[0].CreationDate).toBeInstanceOf(CimDateTime);
    expect(Object.keys(rows[0])).toEqual(['Name', 'WorkingSetSize', 'CreationDate']);
    // @ts-expect-error ProcessId was not selected
    void rows[0].ProcessId;
    // @ts-expect-error no such property
    expect(() => wmi.from(Win32_Process).select('Nope').toWql()).toThrow(/no property "Nope"/);
    // @ts-expect-error StartMode takes its ValueMap values only
    wmi.from(Win32_Service).where({ StartMode: 'Sometimes' });
    // @ts-expect-error a number property takes numbers
    wmi.from(Win32_Service).where({ ProcessId: '4' });
  });

  it('gets by keys or path and calls typed methods', async () => {
    using wmi = await services();
    const disk = await wmi.get(Win32_LogicalDisk, { DeviceID: 'C:' });
    expect(disk.FreeSpace).toBe(50000000000n);
    expect(pathOf(disk)).toBe('\\\\.\\root\\cimv2:Win32_LogicalDisk.DeviceID="C:"');
    expect((await wmi.get(Win32_LogicalDisk, 'Win32_LogicalDisk="D:"')).VolumeName).toBe('DATA');
    const created = await wmi.callStatic(Win32_Process, 'Create', { CommandLine: 'calc.exe' });
    expectTypeOf(created.ProcessId).toEqualTypeOf<number | null>();
    expect(created).toEqual({ ProcessId: 4242, ReturnValue: 0 });
    const proc = await wmi.get(Win32_Process, { Handle: '4242' });
    const owner = await wmi.call(Win32_Process, proc, 'GetOwner');
    expect(owner).toEqual({ Domain: 'TESTBOX', User: 'alice', ReturnValue: 0 });
    let status = '';
    try {
      await wmi.get(Win32_Process, { Handle: 'nope' });
    } catch (e) {
      if (isWbemError(e)) status = e.statusName;
    }
    expect(status).toBe('WBEM_E_NOT_FOUND');
  });

  it('puts and deletes typed instances', async () => {
    using wmi = await services();
    const path = await wmi.put(
      Win32_LogicalDisk,
      { DeviceID: 'F:', DriveType: 2, Size: 1n << 40n },
      'createOnly',
    );
    expect(path).toBe('Win32_LogicalDisk.DeviceID="F:"');
    expect((await wmi.get(Win32_LogicalDisk, { DeviceID: 'F:' })).Size).toBe(1099511627776n);
    await wmi.delete(Win32_LogicalDisk, { DeviceID: 'F:' });
    expect(await wmi.from(Win32_LogicalDisk).where({ DeviceID: 'F:' }).first()).toBeNull();
  });

  it('follows associations with typed results', async () => {
    using wmi = await services();
    const rpc = await wmi.get(Win32_Service, { Name: 'RpcSs' });
    const dependents = [];
    for await (const s of wmi.associators(rpc, Win32_BaseService, {
      assocClass: Win32_DependentService,
      role: 'Antecedent',
    }))
      dependents.push(s.Name);
    expect(dependents).toEqual(['Winmgmt', 'Dhcp']);
    const links = [];
    for await (const link of wmi.references(rpc, Win32_DependentService))
      links.push(link.Dependent);
    expect(links).toEqual([
      '\\\\.\\root\\cimv2:Win32_Service.Name="Winmgmt"',
      '\\\\.\\root\\cimv2:Win32_Service.Name="Dhcp"',
    ]);
    const dirs = [];
    for await (const d of wmi.associators(
      await wmi.get(Win32_LogicalDisk, { DeviceID: 'C:' }),
      Win32_Directory,
    ))
      dirs.push(d.Name);
    expect(dirs).toEqual(['C:\\']);
    await expect(wmi.associators('X.Name="a"} WHERE x', Win32_Directory).next()).rejects.toThrow(
      /not an object path/,
    );
  });

  it('delivers typed events', async () => {
    using wmi = await services();
    const ac = new AbortController();
    const wql = wmi.eventWql(Win32_LogicalDisk, 'creation', { within: 2, where: { DriveType: 2 } });
    expect(wql).toBe(
      'SELECT * FROM __InstanceCreationEvent WITHIN 2 WHERE TargetInstance ISA "Win32_LogicalDisk" AND (TargetInstance.DriveType = 2)',
    );
    expect(parseWql(wql).kind).toBe('select');
    const events = wmi.events(Win32_LogicalDisk, 'creation', {
      within: 2,
      where: { DriveType: 2 },
      signal: ac.signal,
    });
    const first = events.next();
    await wmi.put(Win32_LogicalDisk, { DeviceID: 'Q:', DriveType: 4 }, 'createOnly');
    await wmi.put(Win32_LogicalDisk, { DeviceID: 'U:', DriveType: 2, FreeSpace: 5n }, 'createOnly');
    const e = (await first).value!;
    expect(e.eventClass).toBe('__InstanceCreationEvent');
    expectTypeOf(e.TargetInstance.FreeSpace).toEqualTypeOf<bigint | null>();
    expect(e.TargetInstance.DeviceID).toBe('U:');
    expect(e.TargetInstance.FreeSpace).toBe(5n);
    expect(typeof e.TIME_CREATED).toBe('bigint');
    ac.abort();
    expect((await events.next()).done).toBe(true);
  });

  it('refuses to guess a provider off Windows', async () => {
    if (process.platform === 'win32') return;
    await expect(connect()).rejects.toMatchObject({ statusName: 'WBEM_E_NOT_SUPPORTED' });
    const p = createMemoryProvider({ schema });
    using wmi = await connect({ provider: p });
    expect(wmi.provider).toBe(p);
  });
});
