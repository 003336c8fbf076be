/** The bundled per-OS snapshots: these tests need only the package, not ../shared. */
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CimClass, CimSchema } from '../../model/cim/types.js';
import { findWindowsSnapshot, listWindowsSnapshots, loadWindowsSnapshot, parseWindowsOs, windowsNamespaces } from '../../sources/windows/load.js';
import { repoRoot } from '../corpus.js';

const schemas = join(repoRoot, 'schemas');
const cache = new Map<string, Promise<CimSchema>>();
const load = (os: string, namespace: string): Promise<CimSchema> => {
  const key = `${os}|${namespace}`;
  if (!cache.has(key)) cache.set(key, loadWindowsSnapshot({ os, namespace }, { dir: schemas, compiledDir: null }).then((l) => l.schema));
  return cache.get(key)!;
};
const classOf = async (os: string, namespace: string, name: string): Promise<CimClass> => {
  const cls = (await load(os, namespace)).namespaces[0].classes.find((c) => c.name === name);
  if (!cls) throw new Error(`${name} not in ${namespace} (${os})`);
  return cls;
};
const qualifier = (q: ReadonlyArray<{ name: string; value: unknown }>, name: string): unknown => q.find((x) => x.name === name)?.value;

describe('bundled per-OS Windows snapshots', () => {
  it('lists both versions with their captured namespaces', () => {
    expect(windowsNamespaces('23h2', schemas)).toHaveLength(78);
    expect(windowsNamespaces('Windows Server 2019', schemas)).toHaveLength(70);
    expect(findWindowsSnapshot({ namespace: 'ROOT/cimv2' }, schemas)?.os).toBe('23h2');
    expect(() => parseWindowsOs('2016')).toThrow(/unknown Windows version "2016"/);
  });

  it('keeps all snapshots together under 15 MB', () => {
    const total = listWindowsSnapshots(schemas).reduce((n, e) => n + statSync(join(schemas, e.file)).size, 0);
    expect(total).toBeGreaterThan(1_000_000);
    expect(total).toBeLessThan(15 * 1024 * 1024);
  });

  it('root\\cimv2 on 23H2 has at least 1,300 classes and loads without diagnostics', async () => {
    const loaded = await loadWindowsSnapshot({ os: '23h2', namespace: 'root\\cimv2' }, { dir: schemas, compiledDir: null });
    expect(loaded.schema.namespaces[0].classes.length).toBeGreaterThanOrEqual(1300);
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  });

  it('says a capture lacks a namespace rather than that the OS does', async () => {
    await expect(loadWindowsSnapshot({ os: '2019', namespace: 'root\\default' }, { dir: schemas })).rejects.toThrow(/its capture does not have that namespace/);
  });

  it('keeps what a page declares again on a subclass: keys and value lists of overrides', async () => {
    // Go's structs list Name once, on CIM_ManagedSystemElement; the pages make it CIM_Service's
    // key and give Win32_BaseService.StartMode its own five values.
    for (const os of ['2019', '23h2']) {
      const schema = await load(os, 'root\\cimv2');
      const keysOf = (name: string): string[] => {
        const byName = new Map(schema.namespaces[0].classes.map((c) => [c.name.toLowerCase(), c]));
        for (let c = byName.get(name.toLowerCase()); c; c = c.superclass ? byName.get(c.superclass.toLowerCase()) : undefined) {
          const keys = c.properties.filter((p) => p.isKey).map((p) => p.name);
          if (keys.length > 0) return keys;
        }
        return [];
      };
      expect(keysOf('Win32_Service'), os).toEqual(['Name']);
      expect(keysOf('Win32_LogicalDisk'), os).toEqual(['DeviceID']);
      const startMode = (await classOf(os, 'root\\cimv2', 'Win32_BaseService')).properties.find((p) => p.name === 'StartMode');
      expect(qualifier(startMode?.qualifiers ?? [], 'ValueMap'), os).toEqual(['Boot', 'System', 'Auto', 'Manual', 'Disabled']);
    }
  });

  const documented: Array<[string, string, string]> = [
    ['root\\cimv2', 'Win32_Product', 'InstallState'],
    ['root\\cimv2', 'Win32_PingStatus', 'StatusCode'],
    ['root\\Microsoft\\Windows\\Storage', 'MSFT_Disk', 'PartitionStyle'],
    ['root\\Microsoft\\Windows\\Storage', 'MSFT_PhysicalDisk', 'MediaType'],
    ['root\\Microsoft\\Windows\\Storage', 'MSFT_Volume', 'DriveType'],
    ['root\\virtualization\\v2', 'Msvm_ComputerSystem', 'EnhancedSessionModeState'],
    ['root\\Microsoft\\Windows\\Defender', 'MSFT_MpComputerStatus', 'LastFullScanSource'],
    ['root\\StandardCimv2', 'MSFT_NetAdapter', 'NdisPhysicalMedium'],
  ];
  for (const [ns, name, prop] of documented) {
    it(`${name} (${ns}) has its page's description and value lists`, async () => {
      const cls = await classOf('23h2', ns, name);
      expect(String(qualifier(cls.qualifiers, 'Description'))).not.toMatch(/Go bindings/);
      expect(String(qualifier(cls.qualifiers, 'Description')).length).toBeGreaterThan(20);
      const p = cls.properties.find((x) => x.name === prop)!;
      expect(p, `${name}.${prop}`).toBeDefined();
      expect(String(qualifier(p.qualifiers, 'Description')).length).toBeGreaterThan(10);
      expect(qualifier(p.qualifiers, 'ValueMap') ?? qualifier(p.qualifiers, 'Values')).toBeDefined();
    });
  }

  it('StdRegProv in root\\default has its page and static methods', async () => {
    const cls = await classOf('23h2', 'root\\default', 'StdRegProv');
    expect(String(qualifier(cls.qualifiers, 'Description'))).toMatch(/registry/i);
    const m = cls.methods.find((x) => x.name === 'GetStringValue')!;
    expect(m.parameters.find((p) => p.name === 'hDefKey')?.type).toBe('uint32');
    expect(cls.methods.length).toBeGreaterThan(15);
    expect(cls.methods.filter((x) => !x.isStatic).map((x) => x.name)).toEqual([]);
    expect(String(qualifier(cls.qualifiers, 'Description'))).toMatch(/Windows Server 2019 capture lacks the root\\DEFAULT namespace/);
  });

  it('Win32_Process.Create is static on both versions; Win32_Process is keyed by Handle', async () => {
    for (const os of ['2019', '23h2']) {
      const cls = await classOf(os, 'root\\cimv2', 'Win32_Process');
      expect(cls.methods.find((m) => m.name === 'Create')?.isStatic).toBe(true);
      expect(cls.keys).toEqual(['Handle']);
    }
  });

  it('types conservatively and says so where only the Go facts speak', async () => {
    // Win32_PerfRawData_* classes have no page: Go facts only.
    const schema = await load('23h2', 'root\\cimv2');
    const goOnly = schema.namespaces[0].classes.find((c) => c.name === 'Win32_PerfRawData_PerfOS_Processor')!;
    expect(String(qualifier(goOnly.qualifiers, 'Description'))).toMatch(/Go bindings of Windows Server 23H2.*No key properties are known/);
    expect(goOnly.keys).toEqual([]);
    expect(String(qualifier(goOnly.qualifiers, 'Description'))).toMatch(/Captured on Windows Server 2019 and Windows Server 23H2\./);
    const stamp = goOnly.properties.find((p) => p.name === 'Timestamp_Sys100NS')!;
    expect(stamp.type).toBe('uint64');
    // A page's datetime stays a datetime; the Go facts alone never make one.
    const os = await classOf('23h2', 'root\\cimv2', 'Win32_OperatingSystem');
    expect(os.properties.find((p) => p.name === 'LastBootUpTime')?.type).toBe('datetime');
    expect(schema.namespaces[0].classes.filter((c) => !String(qualifier(c.qualifiers, 'Description')).includes('Go bindings')).flatMap((c) => c.properties).some((p) => p.type === 'datetime')).toBe(true);
    expect(goOnly.properties.some((p) => p.type === 'datetime')).toBe(false);
  });

  it('types a Go-only association\'s struct properties as references, elsewhere as embedded instances', async () => {
    // No page in Providers_v2; the storage pages declare MSFT_InitiatorIdToVirtualDisk an association.
    const assoc = await classOf('23h2', 'root\\Microsoft\\Windows\\Storage\\Providers_v2', 'MSFT_InitiatorIdToVirtualDisk');
    expect(assoc.isAssociation).toBe(true);
    expect(assoc.properties.map((p) => [p.name, p.type, p.refClass])).toEqual([
      ['InitiatorId', 'reference', 'MSFT_InitiatorId'],
      ['VirtualDisk', 'reference', 'MSFT_VirtualDisk'],
    ]);
    const disk = await classOf('23h2', 'root\\Microsoft\\Windows\\Storage', 'MSFT_Disk');
    const clear = disk.methods.find((m) => m.name === 'Clear')!;
    expect(clear.parameters.find((p) => p.name === 'CreatedStorageJob')).toMatchObject({ type: 'object', embeddedClass: 'MSFT_StorageJob', out: true });
  });

  it('gives Go enums as value lists where no page speaks', async () => {
    // No page documents CIM_Error in root\\SDDC; the bindings' Error_ErrorType enum types ErrorType.
    const cls = await classOf('23h2', 'root\\SDDC', 'CIM_Error');
    const p = cls.properties.find((x) => x.name === 'ErrorType')!;
    expect(p.type).toBe('uint32');
    expect(String(qualifier(p.qualifiers, 'Description'))).toMatch(/Go bindings/);
    expect(qualifier(p.qualifiers, 'ValueMap')).toContain('2');
    expect(qualifier(p.qualifiers, 'Values')).toContain('Communications_Error');
  });

  it('carries the CC BY attribution in every snapshot header', () => {
    const attribution = readFileSync(join(schemas, 'windows', 'ATTRIBUTION.md'), 'utf8');
    expect(attribution).toMatch(/CC BY 4\.0/);
    expect(attribution).toMatch(/microsoft\/wmi/);
  });
});
