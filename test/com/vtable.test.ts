/**
 * Binding generated method descriptions to koffi prototypes, GUID bytes, and the Wine
 * datetime repair — the parts of the COM runtime that need no COM server.
 */

import { describe, expect, it } from 'vitest';
import * as wbemcli from '../../generated/com/wbemcli.js';
import { bindMethod, guidBytes, machineKindOf, type GeneratedInterface } from '../../runtime/com/vtable.js';
import { normalizeDateTime } from '../../runtime/com/marshal.js';

describe('parameter kinds', () => {
  it('classifies IDL types: pointers, BSTRs, 32- and 64-bit integers, reals', () => {
    const cases: Array<[string, string]> = [
      ['const BSTR', 'ptr'],
      ['IWbemContext *', 'ptr'],
      ['IWbemClassObject **', 'ptr'],
      ['LPCWSTR', 'ptr'],
      ['long', 'i32'],
      ['LONG', 'i32'],
      ['ULONG', 'u32'],
      ['CIMTYPE', 'i32'],
      ['HRESULT', 'i32'],
      ['unsigned __int64', 'u64'],
      ['__int64', 'i64'],
      ['double', 'f64'],
      ['WBEM_GENUS_TYPE', 'i32'],
      ['unsigned long', 'u32'],
    ];
    for (const [type, kind] of cases) expect(machineKindOf(type), type).toBe(kind);
  });

  it('binds every method of the generated IWbemServices from its params (slot, kinds)', () => {
    const services = wbemcli.IWbemServices as unknown as GeneratedInterface;
    const execQuery = bindMethod(services, 'ExecQuery');
    expect(execQuery.slot).toBe(services.methods.ExecQuery!.slot);
    expect(execQuery.kinds).toEqual(['ptr', 'ptr', 'i32', 'ptr', 'ptr']);
    const next = bindMethod(wbemcli.IEnumWbemClassObject as unknown as GeneratedInterface, 'Next');
    expect(next.kinds).toEqual(['i32', 'u32', 'ptr', 'ptr']);
    for (const name of Object.keys(services.methods)) expect(() => bindMethod(services, name)).not.toThrow();
  });

  it('falls back to the prototype string when a description has no params', () => {
    const iface: GeneratedInterface = {
      name: 'IExample',
      iid: '00000000-0000-0000-0000-000000000001',
      vtableLength: 5,
      methods: { Do: { slot: 4, proto: 'int32 __stdcall IExample_Do(void *self, const BSTR name, long flags, _Out_ void **out, unsigned __int64 big)' } },
    };
    expect(bindMethod(iface, 'Do').kinds).toEqual(['ptr', 'i32', 'ptr', 'u64']);
  });

  it('refuses a slot outside the vtable', () => {
    const iface: GeneratedInterface = { name: 'IBad', iid: '00000000-0000-0000-0000-000000000002', vtableLength: 3, methods: { X: { slot: 3, params: [] } } };
    expect(() => bindMethod(iface, 'X')).toThrow(/outside the vtable/);
  });
});

describe('GUIDs', () => {
  it('lays out a GUID as Windows does (little-endian Data1-3, bytes for Data4)', () => {
    expect(guidBytes(wbemcli.IWbemLocator.iid).toString('hex')).toBe('87a612dc7f73cf11884d00aa004b2e24');
    expect(guidBytes('{4590F811-1D3A-11D0-891F-00AA004B2E24}').toString('hex')).toBe('11f89045' + '3a1d' + 'd011' + '891f00aa004b2e24');
    expect(() => guidBytes('not-a-guid')).toThrow();
  });
});

describe('Wine datetime repair', () => {
  it('pads a two-digit UTC offset to DMTF three digits and leaves other values alone', () => {
    expect(normalizeDateTime('20261124000722.249000+00')).toBe('20261124000722.249000+000');
    expect(normalizeDateTime('20261124000722.249000-5')).toBe('20261124000722.249000-005');
    expect(normalizeDateTime('20261124000722.249000+060')).toBe('20261124000722.249000+060');
    expect(normalizeDateTime('00000001000000.000000:000')).toBe('00000001000000.000000:000');
  });
});
