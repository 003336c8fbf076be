/**
 * The example apps in examples/: they type-check under --strict, and they run against the
 * in-memory provider loaded with the bundled CIM 2.51 schema and a few instances.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { connect } from '../../runtime/index.js';
import { findSnapshot, loadSnapshot } from '../../sources/load.js';
import { diskCapacity, executionStateName, processes, servicesByStartMode } from '../../examples/cim-inventory.js';
import { repoRoot } from '../corpus.js';
import { typecheckPaths } from './typecheck.js';

describe('examples', () => {
  it('type-check under --strict', { timeout: 600_000 }, () => {
    const dir = join(repoRoot, 'examples');
    const files = readdirSync(dir)
      .filter((f) => f.endsWith('.ts'))
      .map((f) => join(dir, f));
    expect(files.length).toBeGreaterThan(0);
    expect(typecheckPaths(files)).toEqual([]);
  });

  it('cim-inventory runs on the in-memory provider', { timeout: 600_000 }, async () => {
    const { schema } = await loadSnapshot(findSnapshot('cim-2.51'));
    const sys = { CSCreationClassName: 'CIM_ComputerSystem', CSName: 'HOST', OSCreationClassName: 'CIM_OperatingSystem', OSName: 'OS' };
    await using wmi = await connect({
      memory: {
        schema,
        namespace: 'root\\cimv2',
        instances: [
          { className: 'CIM_Process', properties: { ...sys, CreationClassName: 'CIM_Process', Handle: '4', Name: 'System', ExecutionState: 3, CreationDate: '20240101120000.123456+060' } },
          { className: 'CIM_Process', properties: { ...sys, CreationClassName: 'CIM_Process', Handle: '10', Name: 'idle', ExecutionState: 2 } },
          { className: 'CIM_Service', properties: { SystemCreationClassName: 'CIM_ComputerSystem', SystemName: 'HOST', CreationClassName: 'CIM_Service', Name: 'Spooler', StartMode: 'Automatic' } },
          { className: 'CIM_Service', properties: { SystemCreationClassName: 'CIM_ComputerSystem', SystemName: 'HOST', CreationClassName: 'CIM_Service', Name: 'Fax', StartMode: 'Manual' } },
          {
            className: 'CIM_LogicalDisk',
            properties: { SystemCreationClassName: 'CIM_ComputerSystem', SystemName: 'HOST', CreationClassName: 'CIM_LogicalDisk', DeviceID: 'C:', BlockSize: '4096', NumberOfBlocks: '4294967296', ConsumableBlocks: '1000' },
          },
        ],
      },
    });
    expect(await processes(wmi)).toEqual([
      { handle: '10', name: 'idle', state: 'Ready', started: null },
      { handle: '4', name: 'System', state: 'Running', started: '2024-01-01T11:00:00.123Z' },
    ]);
    expect(await servicesByStartMode(wmi, 'Automatic')).toEqual(['Spooler']);
    expect(await diskCapacity(wmi)).toEqual([{ id: 'C:', bytes: 4096n * 4294967296n, consumable: 4096000n }]);
    expect(executionStateName(null)).toBe('Unknown');
  });
});
