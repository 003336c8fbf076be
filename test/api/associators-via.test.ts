import { describe, expect, expectTypeOf, it } from 'vitest';
import { connect, pathOf } from '../../runtime/index.js';
import { loadFixtureSchema } from '../memory/fixture.js';
import { Win32_BaseService } from './bindings/root/cimv2/Win32_BaseService.js';
import { Win32_DependentService } from './bindings/root/cimv2/Win32_DependentService.js';
import { Win32_Directory } from './bindings/root/cimv2/Win32_Directory.js';
import { Win32_LogicalDisk } from './bindings/root/cimv2/Win32_LogicalDisk.js';
import { Win32_LogicalDiskRootDirectory } from './bindings/root/cimv2/Win32_LogicalDiskRootDirectory.js';

// What generated bindings declare for their classes (written by hand here).
declare module '../../runtime/index.js' {
  interface WmiClassMap {
    Win32_BaseService: Win32_BaseService;
    Win32_Directory: Win32_Directory;
    Win32_LogicalDisk: Win32_LogicalDisk;
  }
}

describe('associatorsVia: typed by the association class', () => {
  it('gives the classes at the ends of the association', async () => {
    using wmi = await connect({ memory: { schema: loadFixtureSchema() } });
    const disk = await wmi.get(Win32_LogicalDisk, { DeviceID: 'C:' });
    const ends = [];
    for await (const d of wmi.associatorsVia(disk, Win32_LogicalDiskRootDirectory)) {
      expectTypeOf(d).toMatchTypeOf<Win32_LogicalDisk | Win32_Directory>();
      ends.push(d);
    }
    expect(ends.map((d) => [d.__CLASS, d.Name])).toEqual([['Win32_Directory', 'C:\\']]);
    const rpc = await wmi.get(Win32_BaseService, { Name: 'RpcSs' });
    const dependents = [];
    for await (const s of wmi.associatorsVia(rpc, Win32_DependentService, { role: 'Antecedent' })) {
      expectTypeOf(s.StartMode).toEqualTypeOf<Win32_BaseService['StartMode']>();
      dependents.push(pathOf(s));
    }
    expect(dependents).toEqual([
      '\\\\.\\root\\cimv2:Win32_Service.Name="Winmgmt"',
      '\\\\.\\root\\cimv2:Win32_Service.Name="Dhcp"',
    ]);
    await expect(wmi.associatorsVia(disk, Win32_LogicalDisk).next()).rejects.toThrow(
      /not an association/,
    );
  });
});
