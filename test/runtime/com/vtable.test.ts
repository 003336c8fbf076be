/**
 * Binding generated method descriptions to koffi prototypes, the WBEM constants, GUID bytes, and the Wine
 * datetime repair — the parts of the COM runtime that need no COM server.
 */

import { describe, expect, it } from 'vitest';
import * as wbemcli from '../../../generated/com/wbemcli.js';
import { bindMethod, guidBytes } from '../../../runtime/com/vtable.js';
import { bindGenerated } from '../../../runtime/com/interfaces.js';
import { wbem, wbemConstantEnums } from '../../../runtime/com/wbem-constants.js';
import { normalizeDateTime } from '../../../runtime/com/marshal.js';

describe('binding generated methods', () => {
  it('takes slot and argument kinds of every method of every interface from the generated bindings', () => {
    let count = 0;
    for (const iface of Object.values(wbemcli.comInterfaces)) {
      for (const [name, m] of Object.entries<wbemcli.ComMethodDescriptor>(iface.methods)) {
        const bound = bindMethod(iface, name);
        expect(bound.slot).toBe(m.slot);
        expect(bound.kinds).toEqual(m.args);
        expect(bound.kinds).toHaveLength(m.params.length);
        // A parameter crosses as a pointer exactly when its koffi type is one.
        m.params.forEach((p, k) => expect(bound.kinds[k] === 'ptr', `${iface.name}.${name} ${p.name}`).toBe(p.ffiType.includes('*')));
        count++;
      }
    }
    expect(count).toBeGreaterThan(100);
    expect(bindMethod(wbemcli.IWbemServices, 'ExecQuery').kinds).toEqual(['ptr', 'ptr', 'i32', 'ptr', 'ptr']);
    expect(bindMethod(wbemcli.IEnumWbemClassObject, 'Next').kinds).toEqual(['i32', 'u32', 'ptr', 'ptr']);
    expect(wbemcli.IWbemServices.methods.ExecQuery.returns).toBe('HRESULT');
    expect(wbemcli.IUnknown.methods.Release.returns).toBe('u32');
  });

  it('finds inherited methods through the bases', () => {
    expect(bindGenerated('IWbemServices', 'Release').slot).toBe(wbemcli.IUnknown.methods.Release.slot);
    expect(bindGenerated('IWbemObjectSinkEx', 'SetStatus').slot).toBe(wbemcli.IWbemObjectSink.methods.SetStatus.slot);
  });

  it('refuses a slot outside the vtable and a struct passed by value', () => {
    const method = { slot: 3, args: [], returns: 'HRESULT', proto: '', params: [] } as const;
    const bad: wbemcli.ComInterfaceDescriptor = { name: 'IBad', iid: undefined, base: undefined, vtableStart: 0, vtableLength: 3, methods: { X: method } };
    expect(() => bindMethod(bad, 'X')).toThrow(/outside the vtable/);
    const byValue: wbemcli.ComInterfaceDescriptor = { ...bad, vtableLength: 4, methods: { X: { ...method, args: ['struct'] } } };
    expect(() => bindMethod(byValue, 'X')).toThrow(/struct by value/);
  });
});

describe('WBEM constants', () => {
  it('are the generated enum members, signed, and no name occurs in two enums', () => {
    const names = Object.values(wbemConstantEnums).flatMap((e) => Object.keys(e).filter((k) => typeof (e as Record<string, unknown>)[k] === 'number'));
    expect(new Set(names).size).toBe(names.length);
    expect(Object.keys(wbem())).toHaveLength(names.length);
    expect(wbem().WBEM_INFINITE).toBe(-1);
    expect(wbem().WBEM_E_NOT_FOUND).toBe(wbemcli.WBEMSTATUS.WBEM_E_NOT_FOUND | 0);
    expect(wbem().WBEM_FLAG_RETURN_IMMEDIATELY).toBe(wbemcli.WBEM_GENERIC_FLAG_TYPE.WBEM_FLAG_RETURN_IMMEDIATELY);
    expect(wbem().CIM_FLAG_ARRAY).toBe(0x2000);
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
