import { beforeEach, describe, expect, it } from 'vitest';
import { isWbemError } from '../../runtime/errors.js';
import { createMemoryProvider, type MemoryProvider } from '../../runtime/memory/index.js';
import type { WireObject } from '../../runtime/provider.js';
import { loadFixtureSchema } from './fixture.js';

const schema = loadFixtureSchema();

async function rows(p: MemoryProvider, wql: string): Promise<WireObject[]> {
  const out: WireObject[] = [];
  for await (const o of p.execQuery(wql)) out.push(o);
  return out;
}
const names = async (p: MemoryProvider, wql: string) =>
  (await rows(p, wql)).map((o) => o.properties.Name ?? o.properties.DeviceID);

async function status(promise: Promise<unknown> | (() => Promise<unknown>)): Promise<string> {
  try {
    await (typeof promise === 'function' ? promise() : promise);
    return 'ok';
  } catch (e) {
    if (isWbemError(e)) return e.statusName;
    throw e;
  }
}

describe('in-memory provider: queries', () => {
  let p: MemoryProvider;
  beforeEach(() => {
    p = createMemoryProvider({ schema, batchSize: 2 });
  });

  it('enumerates deep and filters case-insensitively', async () => {
    expect(await names(p, 'SELECT * FROM Win32_BaseService')).toEqual([
      'Winmgmt',
      'RpcSs',
      'Alerter',
      'Dhcp',
      'w3svc',
      'usbprint',
    ]);
    expect(
      await names(p, 'SELECT * FROM win32_service WHERE state = "running" AND acceptstop = TRUE'),
    ).toEqual(['Winmgmt', 'Dhcp']);
    expect(
      await names(p, 'SELECT * FROM Win32_BaseService WHERE __CLASS = "Win32_SystemDriver"'),
    ).toEqual(['usbprint']);
    expect(
      await names(p, 'SELECT * FROM Win32_Service WHERE StartName LIKE "nt authority\\\\%"'),
    ).toEqual(['RpcSs', 'Alerter', 'Dhcp']);
    expect(
      await names(
        p,
        'SELECT * FROM Win32_Service WHERE NOT (StartMode = "Auto" OR StartMode = "Manual")',
      ),
    ).toEqual(['w3svc']);
  });

  it('compares uint64 as bigint, datetime by instant, numbers either side', async () => {
    expect(await names(p, 'SELECT * FROM Win32_Process WHERE WorkingSetSize > 4294967296')).toEqual(
      ['System'],
    );
    expect(await names(p, 'SELECT * FROM Win32_Process WHERE 10 > ThreadCount')).toEqual([
      'System Idle Process',
      'notepad.exe',
    ]);
    // 10:00 at +120 is 08:00 UTC: before 08:01:05.25 UTC
    expect(
      await names(
        p,
        'SELECT * FROM Win32_Process WHERE CreationDate < "20261123080105.250000+000"',
      ),
    ).toEqual(['System', 'svchost.exe']);
    expect(await names(p, 'SELECT * FROM Win32_Process WHERE CreationDate IS NULL')).toEqual([
      'System Idle Process',
    ]);
    expect(
      await names(
        p,
        'SELECT * FROM Win32_LogicalDisk WHERE FileSystem IS NOT NULL AND FreeSpace >= 1500000',
      ),
    ).toEqual(['C:', 'D:']);
  });

  it('projects selected properties and keeps __PATH only with the keys', async () => {
    const [a] = await rows(p, 'SELECT Name, ProcessId FROM Win32_Process WHERE Handle = "4"');
    expect(a).toEqual({
      className: 'Win32_Process',
      path: null,
      properties: { Name: 'System', ProcessId: 4 },
    });
    const [b] = await rows(p, 'SELECT Handle FROM Win32_Process WHERE Handle = "4"');
    expect(b.path).toBe('\\\\.\\root\\cimv2:Win32_Process.Handle="4"');
  });

  it('answers schema queries on meta_class', async () => {
    const defs = await rows(p, 'SELECT * FROM meta_class WHERE __this ISA "Win32_BaseService"');
    expect(defs.map((d) => d.className)).toEqual([
      'Win32_BaseService',
      'Win32_Service',
      'Win32_SystemDriver',
    ]);
    expect(
      (await rows(p, 'SELECT * FROM meta_class WHERE __CLASS LIKE "%[_]Logical%"')).map(
        (d) => d.className,
      ),
    ).toEqual(['CIM_LogicalElement', 'Win32_LogicalDisk', 'Win32_LogicalDiskRootDirectory']);
  });

  it('rejects what WMI rejects', async () => {
    expect(await status(() => rows(p, 'SELECT * FROM NoSuchClass'))).toBe('WBEM_E_INVALID_CLASS');
    expect(await status(() => rows(p, 'SELECT * FROM Win32_Service WHERE NoSuchProp = 1'))).toBe(
      'WBEM_E_INVALID_QUERY',
    );
    expect(await status(() => rows(p, 'SELECT Nope FROM Win32_Service'))).toBe(
      'WBEM_E_INVALID_QUERY',
    );
    expect(await status(() => rows(p, 'SELECT * FROM Win32_Service WHERE AcceptStop >= 0'))).toBe(
      'WBEM_E_INVALID_QUERY',
    );
    expect(await status(() => rows(p, 'SELECT * FROM Win32_Service WHERE ProcessId = "abc"'))).toBe(
      'WBEM_E_INVALID_QUERY',
    );
    expect(await status(() => rows(p, 'SELECT * FROM Win32_Service WHERE'))).toBe(
      'WBEM_E_INVALID_QUERY',
    );
    expect(await status(() => rows(p, 'SELECT * FROM __InstanceCreationEvent'))).toBe(
      'WBEM_E_INVALID_QUERY_TYPE',
    );
  });

  it('streams in batches, yielding to the event loop, and stops on abort', async () => {
    const ac = new AbortController();
    let yielded = false;
    setImmediate(() => (yielded = true)); // runs only if the stream gives the event loop a turn
    const seen: string[] = [];
    const err = await status(async () => {
      for await (const o of p.execQuery('SELECT * FROM Win32_Process', {
        signal: ac.signal,
        batchSize: 1,
      })) {
        expect(yielded).toBe(true);
        seen.push(o.properties.Handle as string);
        if (seen.length === 2) ac.abort();
      }
    });
    expect(seen).toEqual(['0', '4']);
    expect(err).toBe('WBEM_E_CALL_CANCELLED');
  });
});

describe('in-memory provider: objects, methods, associations', () => {
  let p: MemoryProvider;
  beforeEach(() => {
    p = createMemoryProvider({
      schema,
      pollsBeforeResult: 3,
      methods: {
        'Win32_Process.Create': ({ inParameters, provider }) => {
          const pid = 4000;
          provider.add({
            className: 'Win32_Process',
            properties: {
              Handle: String(pid),
              ProcessId: pid,
              Name: String(inParameters.CommandLine),
            },
          });
          return { ProcessId: pid, ReturnValue: 0 };
        },
        'Win32_Process.GetOwner': ({ target }) => ({
          Domain: 'TESTBOX',
          User: `user-of-${target!.properties.Handle}`,
          ReturnValue: 0,
        }),
        'Win32_BaseService.ChangeStartMode': async ({ target, inParameters, provider }) => {
          await provider.putInstance(
            {
              ...target!,
              properties: { Name: target!.properties.Name, StartMode: inParameters.StartMode },
            },
            'updateOnly',
          );
          return { ReturnValue: 0 };
        },
      },
    });
  });

  it('gets by path in every form, through the polled call result', async () => {
    expect((await p.getObject('Win32_LogicalDisk.DeviceID="C:"')).properties.VolumeName).toBe('OS');
    expect(
      (await p.getObject('\\\\.\\root\\cimv2:Win32_LogicalDisk="c:"')).properties.VolumeName,
    ).toBe('OS');
    expect(await p.getObject('CIM_LogicalElement.Name="x"').catch((e) => e.statusName)).toBe(
      'WBEM_E_INVALID_OBJECT_PATH',
    );
    expect((await p.getObject('Win32_WMISetting=@')).properties.BuildVersion).toBe('22621.1');
    expect((await p.getObject('Win32_Service')).path).toBe('\\\\.\\root\\cimv2:Win32_Service');
    expect(await status(p.getObject('Win32_LogicalDisk.DeviceID="Z:"'))).toBe('WBEM_E_NOT_FOUND');
    expect(await status(p.getObject('Nope.DeviceID="Z:"'))).toBe('WBEM_E_INVALID_CLASS');
    expect(await status(p.getObject('Win32_LogicalDisk.DeviceID="Z:'))).toBe(
      'WBEM_E_INVALID_OBJECT_PATH',
    );
    expect(await status(p.getObject('root\\other:Win32_LogicalDisk.DeviceID="C:"'))).toBe(
      'WBEM_E_INVALID_NAMESPACE',
    );
  });

  it('times out and cancels a pending call with typed errors', async () => {
    const slow = createMemoryProvider({ schema, pollsBeforeResult: 1_000_000 });
    expect(await status(slow.getObject('Win32_LogicalDisk="C:"', { timeoutMs: 30 }))).toBe(
      'WBEM_E_TIMED_OUT',
    );
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 10);
    expect(await status(slow.getObject('Win32_LogicalDisk="C:"', { signal: ac.signal }))).toBe(
      'WBEM_E_CALL_CANCELLED',
    );
  });

  it('puts with key checks and the errors WMI gives', async () => {
    const disk = {
      className: 'Win32_LogicalDisk',
      path: null,
      properties: { DeviceID: 'F:', DriveType: 2, Size: 1024n as unknown as string },
    };
    expect(await p.putInstance(disk, 'createOnly')).toBe('Win32_LogicalDisk.DeviceID="F:"');
    expect((await p.getObject('Win32_LogicalDisk="F:"')).properties.Size).toBe('1024');
    expect(await status(p.putInstance(disk, 'createOnly'))).toBe('WBEM_E_ALREADY_EXISTS');
    expect(
      await status(p.putInstance({ ...disk, properties: { DeviceID: 'G:' } }, 'updateOnly')),
    ).toBe('WBEM_E_NOT_FOUND');
    expect(
      await status(
        p.putInstance({ ...disk, properties: { DeviceID: null } as never }, 'createOrUpdate'),
      ),
    ).toBe('WBEM_E_ILLEGAL_NULL');
    expect(
      await status(
        p.putInstance({ ...disk, properties: { DeviceID: 'H:', Bogus: 1 } }, 'createOrUpdate'),
      ),
    ).toBe('WBEM_E_INVALID_PARAMETER');
    expect(
      await status(
        p.putInstance(
          { ...disk, properties: { DeviceID: 'H:', DriveType: 'x' } },
          'createOrUpdate',
        ),
      ),
    ).toBe('WBEM_E_TYPE_MISMATCH');
    expect(
      await status(
        p.putInstance({ ...disk, properties: { DeviceID: 'H:', DriveType: -1 } }, 'createOrUpdate'),
      ),
    ).toBe('WBEM_E_TYPE_MISMATCH');
    expect(
      await status(
        p.putInstance(
          { className: 'CIM_Service', path: null, properties: { Name: 'x' } },
          'createOrUpdate',
        ),
      ),
    ).toBe('WBEM_E_INVALID_CLASS');
    await p.putInstance(
      { ...disk, properties: { DeviceID: 'f:', VolumeName: 'USB' } },
      'updateOnly',
    );
    const f = await p.getObject('Win32_LogicalDisk="F:"');
    expect(f.properties).toMatchObject({ VolumeName: 'USB', DriveType: 2 });
    await p.deleteInstance('Win32_LogicalDisk.DeviceID="F:"');
    expect(await status(p.deleteInstance('Win32_LogicalDisk.DeviceID="F:"'))).toBe(
      'WBEM_E_NOT_FOUND',
    );
  });

  it('runs static and instance methods through handlers, checking parameters', async () => {
    const created = await p.execMethod('Win32_Process', 'Create', { CommandLine: 'calc.exe' });
    expect(created).toEqual({
      className: '__PARAMETERS',
      path: null,
      properties: { ProcessId: 4000, ReturnValue: 0 },
    });
    expect((await p.getObject('Win32_Process.Handle="4000"')).properties.Name).toBe('calc.exe');
    const owner = await p.execMethod('Win32_Process.Handle="804"', 'GetOwner', null);
    expect(owner.properties).toEqual({ Domain: 'TESTBOX', User: 'user-of-804', ReturnValue: 0 });
    await p.execMethod('Win32_Service.Name="Alerter"', 'ChangeStartMode', {
      StartMode: 'Disabled',
    });
    expect((await p.getObject('Win32_Service.Name="Alerter"')).properties.StartMode).toBe(
      'Disabled',
    );
    expect(await status(p.execMethod('Win32_Process', 'Fly', null))).toBe('WBEM_E_INVALID_METHOD');
    expect(await status(p.execMethod('Win32_Process', 'Create', { Bogus: 1 }))).toBe(
      'WBEM_E_INVALID_METHOD_PARAMETERS',
    );
    expect(await status(p.execMethod('Win32_Process', 'GetOwner', null))).toBe(
      'WBEM_E_INVALID_METHOD_PARAMETERS',
    );
    p.registerMethod('Win32_Process.Terminate', () => {
      throw new RangeError('handler bug');
    });
    const failed = await p
      .execMethod('Win32_Process.Handle="4"', 'Terminate', { Reason: 1 })
      .catch((e: unknown) => e);
    expect(failed).toMatchObject({ statusName: 'WBEM_E_FAILED', detail: 'handler bug' });
    expect((failed as Error).cause).toBeInstanceOf(RangeError);
    expect(
      await status(p.execMethod('Win32_Process.Handle="4"', 'StopService' as string, null)),
    ).toBe('WBEM_E_INVALID_METHOD');
    expect(await status(p.execMethod('Win32_Service.Name="Alerter"', 'StopService', null))).toBe(
      'WBEM_E_METHOD_NOT_IMPLEMENTED',
    );
  });

  it('follows associations for ASSOCIATORS OF and REFERENCES OF', async () => {
    expect(await names(p, "ASSOCIATORS OF {Win32_Service.Name='RpcSs'}")).toEqual([
      'Winmgmt',
      'Dhcp',
    ]);
    expect(
      await names(
        p,
        "ASSOCIATORS OF {Win32_Service.Name='winmgmt'} WHERE AssocClass=Win32_DependentService Role=Antecedent",
      ),
    ).toEqual(['Alerter']);
    expect(
      await names(p, "ASSOCIATORS OF {Win32_Service.Name='winmgmt'} WHERE ResultRole=Antecedent"),
    ).toEqual(['RpcSs']);
    expect(
      await names(
        p,
        'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE ResultClass = Win32_Directory',
      ),
    ).toEqual(['C:\\']);
    expect(
      await names(
        p,
        'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE ResultClass = Win32_Service',
      ),
    ).toEqual([]);
    const defs = await rows(
      p,
      'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE ClassDefsOnly',
    );
    expect(defs.map((d) => d.className)).toEqual(['Win32_Directory']);
    const refs = await rows(
      p,
      'REFERENCES OF {Win32_Service.Name="Winmgmt"} WHERE Role = Dependent',
    );
    expect(refs.map((r) => r.properties.Antecedent)).toEqual([
      '\\\\.\\root\\cimv2:Win32_Service.Name="RpcSs"',
    ]);
    const keys = await rows(p, 'ASSOCIATORS OF {Win32_Service.Name="RpcSs"} WHERE KeysOnly');
    expect(keys[0].properties).toEqual({ Name: 'Winmgmt' });
    expect(await status(() => rows(p, 'ASSOCIATORS OF {Win32_Service.Name="Nope"}'))).toBe(
      'WBEM_E_NOT_FOUND',
    );
  });

  it('raises creation, modification and deletion events as async iterables', async () => {
    const ac = new AbortController();
    const events = p.execNotificationQuery(
      "SELECT * FROM __InstanceOperationEvent WITHIN 1 WHERE TargetInstance ISA 'Win32_LogicalDisk' AND TargetInstance.DriveType = 2",
      { signal: ac.signal },
    );
    const created = p.execNotificationQuery(
      "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'CIM_LogicalElement'",
    );
    await p.putInstance(
      { className: 'Win32_LogicalDisk', path: null, properties: { DeviceID: 'F:', DriveType: 2 } },
      'createOnly',
    );
    await p.putInstance(
      { className: 'Win32_LogicalDisk', path: null, properties: { DeviceID: 'Q:', DriveType: 4 } },
      'createOnly',
    );
    await p.putInstance(
      {
        className: 'Win32_LogicalDisk',
        path: null,
        properties: { DeviceID: 'F:', VolumeName: 'X' },
      },
      'updateOnly',
    );
    await p.deleteInstance('Win32_LogicalDisk="F:"');
    setTimeout(() => ac.abort(), 20);
    const got: string[] = [];
    for await (const e of events) {
      const t = e.properties.TargetInstance as WireObject;
      const prev = e.properties.PreviousInstance as WireObject | undefined;
      got.push(
        `${e.className}:${t.properties.DeviceID}:${t.properties.VolumeName}${prev ? `<-${prev.properties.VolumeName}` : ''}`,
      );
      expect(typeof e.properties.TIME_CREATED).toBe('string');
    }
    expect(got).toEqual([
      '__InstanceCreationEvent:F::null',
      '__InstanceModificationEvent:F::X<-null',
      '__InstanceDeletionEvent:F::X',
    ]);
    const it = created[Symbol.asyncIterator]();
    expect(((await it.next()).value as WireObject).properties.TargetInstance).toMatchObject({
      properties: { DeviceID: 'F:' },
    });
    expect(((await it.next()).value as WireObject).properties.TargetInstance).toMatchObject({
      properties: { DeviceID: 'Q:' },
    });
    await it.return!();
    expect(
      await status(async () => {
        for await (const _ of p.execNotificationQuery(
          "SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA 'Nope'",
        ))
          break;
      }),
    ).toBe('WBEM_E_INVALID_CLASS');
  });

  it('groups events with GROUP WITHIN … BY … HAVING into __AggregateEvent', async () => {
    const ac = new AbortController();
    const events = p.execNotificationQuery(
      'SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA "Win32_LogicalDisk" GROUP WITHIN 0.05 BY TargetInstance.DriveType HAVING NumberOfEvents > 1',
      { signal: ac.signal },
    );
    for (const [id, type] of [
      ['P:', 2],
      ['Q:', 4],
      ['R:', 2],
    ] as const) {
      await p.putInstance(
        {
          className: 'Win32_LogicalDisk',
          path: null,
          properties: { DeviceID: id, DriveType: type },
        },
        'createOnly',
      );
    }
    setTimeout(() => ac.abort(), 150);
    const got = [];
    for await (const e of events) got.push(e);
    expect(got).toHaveLength(1);
    expect(got[0].className).toBe('__AggregateEvent');
    expect(got[0].properties.NumberOfEvents).toBe(2);
    const rep = got[0].properties.Representative as WireObject;
    expect((rep.properties.TargetInstance as WireObject).properties.DeviceID).toBe('P:');
  });

  it('loads plain instances beside MOF ones and rejects duplicates', () => {
    const q = createMemoryProvider({
      schema,
      loadSchemaInstances: false,
      instances: [
        {
          className: 'Win32_Service',
          properties: { Name: 'Spooler', StartMode: 'Auto', ProcessId: 12 },
        },
      ],
    });
    expect(q.store.count('win32_service')).toBe(1);
    expect(() => q.add({ className: 'Win32_Service', properties: { Name: 'spooler' } })).toThrow(
      /ALREADY_EXISTS/,
    );
  });
});

describe('in-memory provider: connection defaults', () => {
  it('applies the default signal and timeout to every call, with per-call options on top', async () => {
    const ac = new AbortController();
    const p = createMemoryProvider({
      schema,
      pollsBeforeResult: 1_000_000,
      defaults: { signal: ac.signal, timeoutMs: 20 },
    });
    expect(await status(p.getObject('Win32_LogicalDisk="C:"'))).toBe('WBEM_E_TIMED_OUT');
    const mine = new AbortController();
    setTimeout(() => mine.abort(), 5);
    expect(
      await status(
        p.getObject('Win32_LogicalDisk="C:"', { signal: mine.signal, timeoutMs: 10_000 }),
      ),
    ).toBe('WBEM_E_CALL_CANCELLED');
    ac.abort();
    expect(await status(() => rows(p, 'SELECT * FROM Win32_Service'))).toBe(
      'WBEM_E_CALL_CANCELLED',
    );
  });
});
