/**
 * Example app on the generated DMTF CIM 2.51 bindings (generated/cim, made with
 * `wmigen --schema cim-2.51 --classes CIM_Process,CIM_Service,CIM_LogicalDisk,…`):
 * processes by execution state, automatic services, and disk capacity. Everything is
 * typed by the bindings: property names in `select`/`where`, ValueMap literals, uint64 as
 * bigint, datetimes as CimDateTime.
 *
 * It runs against any provider: test/generator/examples.test.ts runs it on the in-memory
 * provider loaded with the bundled CIM schema; on Windows `connect()` gives real WMI.
 */
import type { CimDateTime, WmiServices } from '@wmigen/runtime';
import { CIM_LogicalDisk, CIM_Process, CIM_Process_ExecutionState, CIM_Service, type CIM_Service_StartMode } from '../generated/cim/root/cimv2/index.js';

/** `3` → `'Running'`: the ValueMap's const object read backwards. */
export function executionStateName(state: CIM_Process_ExecutionState | null): string {
  if (state === null) return 'Unknown';
  for (const [name, value] of Object.entries(CIM_Process_ExecutionState)) if (value === state) return name;
  return `State ${state}`;
}

export interface ProcessLine {
  readonly handle: string;
  readonly name: string;
  readonly state: string;
  /** ISO time the process started, when known. */
  readonly started: string | null;
}

export async function processes(wmi: WmiServices): Promise<ProcessLine[]> {
  const out: ProcessLine[] = [];
  for await (const p of wmi.from(CIM_Process).select('Handle', 'Name', 'ExecutionState', 'CreationDate')) {
    const created: CimDateTime | null = p.CreationDate;
    out.push({ handle: p.Handle, name: p.Name ?? '?', state: executionStateName(p.ExecutionState), started: created?.toDate().toISOString() ?? null });
  }
  return out.sort((a, b) => a.handle.localeCompare(b.handle));
}

/** Names of the services with this start mode (the ValueMap's literals only). */
export async function servicesByStartMode(wmi: WmiServices, mode: CIM_Service_StartMode): Promise<string[]> {
  const names: string[] = [];
  for await (const s of wmi.from(CIM_Service).select('Name', 'StartMode').where({ StartMode: mode })) names.push(s.Name);
  return names.sort();
}

/** Total and consumable bytes per disk: uint64 properties are bigint, so no precision is lost. */
export async function diskCapacity(wmi: WmiServices): Promise<Array<{ id: string; bytes: bigint; consumable: bigint }>> {
  const out: Array<{ id: string; bytes: bigint; consumable: bigint }> = [];
  for await (const d of wmi.from(CIM_LogicalDisk).select('DeviceID', 'BlockSize', 'NumberOfBlocks', 'ConsumableBlocks')) {
    const block = d.BlockSize ?? 0n;
    out.push({ id: d.DeviceID, bytes: block * (d.NumberOfBlocks ?? 0n), consumable: block * (d.ConsumableBlocks ?? 0n) });
  }
  return out;
}
