import { describe, expect, it } from 'vitest';
import {
  captureInstances,
  compareQuery,
  createMemoryProvider,
} from '../../runtime/memory/index.js';
import { loadFixtureSchema } from './fixture.js';

const queries = [
  'SELECT * FROM Win32_Service WHERE StartMode = "Auto"',
  'SELECT Name, ProcessId FROM Win32_Process WHERE WorkingSetSize > 10000000',
  'SELECT * FROM Win32_LogicalDisk WHERE FileSystem IS NOT NULL',
  'ASSOCIATORS OF {Win32_Service.Name="RpcSs"}',
  'REFERENCES OF {Win32_LogicalDisk.DeviceID="C:"}',
];

describe('capture and compare (the Wine cross-check pipeline)', () => {
  it('loads captured instances into another provider and gets the same rows', async () => {
    const schema = loadFixtureSchema();
    const source = createMemoryProvider({ schema, server: 'WINEHOST' });
    const captured = await captureInstances(source, [
      'SELECT * FROM CIM_LogicalElement',
      'SELECT * FROM Win32_DependentService',
      'SELECT * FROM Win32_LogicalDiskRootDirectory',
      'SELECT * FROM Win32_WMISetting',
    ]);
    expect(captured.length).toBe(22);
    const copy = createMemoryProvider({ schema, loadSchemaInstances: false, instances: captured });
    for (const wql of queries)
      expect(await compareQuery(source, copy, wql), wql).toMatchObject({
        equal: true,
        onlyA: [],
        onlyB: [],
      });
    expect((await compareQuery(source, copy, queries[0])).rows).toBe(3);
    // and a difference is seen
    await copy.deleteInstance('Win32_Service.Name="Dhcp"');
    const diff = await compareQuery(source, copy, queries[0]);
    expect(diff.equal).toBe(false);
    expect(diff.onlyA).toHaveLength(1);
    expect(diff.onlyA[0]).toContain('win32_service.name=\\"dhcp\\"');
  });
});
