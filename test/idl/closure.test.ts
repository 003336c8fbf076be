/**
 * The real inputs: the whole import closure of the five WMI IDL files of mingw-w64
 * parses, and the COM model has the vtable layout and status codes the C headers have.
 */
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadIdl } from '../../grammar/idl/load.js';
import { emptyList } from '../../grammar/idl/parser.js';
import { buildComModel } from '../../model/com/build.js';
import type { ComModel } from '../../model/com/types.js';
import { mingwIdlDir } from '../corpus.js';

const dir = mingwIdlDir;
const roots = ['wbemcli.idl', 'wbemprov.idl', 'wbemdisp.idl', 'wbemtran.idl', 'wbemads.idl'];

describe('the mingw-w64 WMI IDL closure', () => {
  it.each(roots)('%s and its imports parse and model with no error', (root) => {
    const program = loadIdl(join(dir, root), { includeDirs: [dir] });
    expect(program.files.length).toBeGreaterThan(10);
    const model = buildComModel(program);
    expect(model.notes.filter((n) => n.severity === 'error')).toEqual([]);
    // The only notes: <_mingw.h>, a system header outside the corpus, was skipped.
    expect(model.notes.filter((n) => n.code !== 'IDL1006')).toEqual([]);
    expect(model.files[model.files.length - 1]).toBe(root);
    expect(model.interfaces.filter((i) => i.file === root).length).toBeGreaterThan(0);
    // The syntax tree and the model share one empty list (attributes, arguments, array
    // suffixes): nothing may have added to it.
    expect(emptyList).toEqual([]);
  });

  describe('wbemcli.idl', () => {
    let model: ComModel;
    beforeAll(() => {
      model = buildComModel(loadIdl(join(dir, 'wbemcli.idl'), { includeDirs: [dir] }));
    });
    const iface = (name: string) => {
      const i = model.interfaces.find((x) => x.name === name);
      if (!i) throw new Error(`no interface ${name}`);
      return i;
    };

    it('imports each file once, imports before importers', () => {
      expect(new Set(model.files).size).toBe(model.files.length);
      expect(model.files.indexOf('wtypes.idl')).toBeLessThan(model.files.indexOf('objidl.idl'));
      expect(model.files).toContain('basetsd.h');
      expect(model.files).toContain('guiddef.h');
    });

    it.each([
      ['IWbemServices', 26, 'ExecMethodAsync'],
      ['IWbemCallResult', 7, 'GetCallStatus'],
      ['IWbemClassObject', 27, 'GetMethodOrigin'],
      ['IEnumWbemClassObject', 8, 'Skip'],
      ['IWbemLocator', 4, 'ConnectServer'],
      ['IWbemObjectSink', 5, 'SetStatus'],
    ])('%s has %i vtable entries, %s last', (name, length, last) => {
      const i = iface(name);
      expect(i.vtableStart).toBe(3);
      expect(i.vtableLength).toBe(length);
      expect(i.methods[i.methods.length - 1].name).toBe(last);
      expect(i.methods[i.methods.length - 1].slot).toBe(length - 1);
      expect(i.methods.map((m) => m.slot)).toEqual(i.methods.map((_, k) => 3 + k));
    });

    it('orders IWbemCallResult and IEnumWbemClassObject as declared', () => {
      expect(iface('IWbemCallResult').methods.map((m) => m.name)).toEqual(['GetResultObject', 'GetResultString', 'GetResultServices', 'GetCallStatus']);
      expect(iface('IEnumWbemClassObject').methods.map((m) => m.name)).toEqual(['Reset', 'Next', 'NextAsync', 'Clone', 'Skip']);
    });

    it('counts inherited slots through two levels', () => {
      const access = iface('IWbemObjectAccess');
      expect(access.base).toBe('IWbemClassObject');
      expect(access.vtableStart).toBe(27);
      expect(access.methods[0]).toMatchObject({ name: 'GetPropertyHandle', slot: 27 });
      expect(iface('IWbemBackupRestoreEx').vtableStart).toBe(5);
    });

    it('reads IIDs, directions, IDL types and pointer depths', () => {
      const s = iface('IWbemServices');
      expect(s.iid).toBe('9556DC99-828C-11CF-A37E-00AA003240C7');
      expect(s.base).toBe('IUnknown');
      const exec = s.methods.find((m) => m.name === 'ExecQuery')!;
      expect(exec.returnType.idlType).toBe('HRESULT');
      expect(exec.returnType.resolved).toMatchObject({ kind: 'int', bits: 32 });
      expect(exec.params.map((p) => [p.name, p.direction, p.idlType, p.pointerDepth])).toEqual([
        ['strQueryLanguage', 'in', 'const BSTR', 0],
        ['strQuery', 'in', 'const BSTR', 0],
        ['lFlags', 'in', 'long', 0],
        ['pCtx', 'in', 'IWbemContext', 1],
        ['ppEnum', 'out', 'IEnumWbemClassObject', 2],
      ]);
      const next = iface('IEnumWbemClassObject').methods.find((m) => m.name === 'Next')!;
      expect(next.params[2]).toMatchObject({ name: 'apObjects', sizeIs: 'uCount', lengthIs: '*puReturned' });
      const compile = iface('IMofCompiler').methods[0];
      expect(compile.params.at(-1)).toMatchObject({ direction: 'inout', idlType: 'WBEM_COMPILE_STATUS_INFO' });
      const read = iface('IWbemObjectAccess').methods.find((m) => m.name === 'ReadQWORD')!;
      expect(read.params[1].resolved).toMatchObject({ kind: 'uint', bits: 64, pointerDepth: 1 });
    });

    it('keeps the [local] method in the vtable and drops its [call_as] twin', () => {
      // IEnumVARIANT (oaidl.idl): [local] Next, [call_as(Next)] RemoteNext.
      const e = iface('IEnumVARIANT');
      expect(e.methods.map((m) => m.name)).toEqual(['Next', 'Skip', 'Reset', 'Clone']);
      expect(e.methods[0]).toMatchObject({ local: true, remotedBy: 'RemoteNext', slot: 3 });
      expect(e.remoteMethods).toEqual(['RemoteNext']);
      // IDispatch::Invoke likewise; IDispatch has 7 entries.
      expect(iface('IDispatch').vtableLength).toBe(7);
    });

    it('has every WBEMSTATUS code with its value', () => {
      const status = model.enums.find((e) => e.name === 'WBEMSTATUS')!;
      const value = (n: string) => status.members.find((m) => m.name === n)?.value;
      expect(value('WBEM_E_INVALID_CLASS')).toBe(0x80041010);
      expect(value('WBEM_E_INVALID_NAMESPACE')).toBe(0x8004100e);
      expect(value('WBEM_S_TIMEDOUT')).toBe(0x40004);
      expect(value('WBEM_E_PROVIDER_DISABLED')).toBe(0x8004108a);
      expect(value('WBEMMOF_E_INVALID_DELETECLASS_SYNTAX')).toBe(0x80044031);
      // Every enumerator written in the file is there (counted independently of the parser).
      expect(status.members.length).toBe(193);
    });

    it('has the flag enums and CLSIDs', () => {
      const names = model.enums.filter((e) => e.file === 'wbemcli.idl').map((e) => e.name);
      expect(names).toEqual(expect.arrayContaining(['WBEM_GENERIC_FLAG_TYPE', 'WBEM_CONDITION_FLAG_TYPE', 'WBEM_TIMEOUT_TYPE', 'WBEM_CHANGE_FLAG_TYPE', 'WBEMSTATUS', 'CIMTYPE_ENUMERATION']));
      const timeout = model.enums.find((e) => e.name === 'WBEM_TIMEOUT_TYPE')!;
      expect(timeout.members).toEqual([
        { name: 'WBEM_NO_WAIT', value: 0 },
        { name: 'WBEM_INFINITE', value: 0xffffffff },
      ]);
      const locator = model.coclasses.find((c) => c.name === 'WbemLocator')!;
      expect(locator.clsid).toBe('4590F811-1D3A-11D0-891F-00AA004B2E24');
      expect(locator.interfaces.map((i) => i.name)).toEqual(['IWbemLocator']);
      expect(model.libraries.find((l) => l.name === 'WbemClient_v1')?.libid).toBe('7EC196FE-7005-11D1-AD90-00C04FD8FDFF');
    });

    it('evaluates enum expressions across files and casts', () => {
      const clsctx = model.enums.find((e) => e.name === 'CLSCTX')!;
      expect(clsctx.members.find((m) => m.name === 'CLSCTX_PS_DLL')?.value).toBe(-2147483648);
      const memctx = model.enums.find((e) => e.name === 'MEMCTX')!;
      expect(memctx.members.find((m) => m.name === 'MEMCTX_SAME')?.value).toBe(-2);
      // SF_TYPE (oaidl.idl) refers to VARENUM (wtypes.idl): SF_HAVEIID = VT_UNKNOWN | VT_RESERVED.
      const sf = model.enums.find((e) => e.name === 'SF_TYPE')!;
      expect(sf.members.find((m) => m.name === 'SF_HAVEIID')?.value).toBe(13 | 0x8000);
      const fadf = model.constants.find((c) => c.name === 'FADF_RESERVED')!;
      expect(fadf).toMatchObject({ value: 0xf008, idlType: 'USHORT' });
    });

    it('is plain data that survives JSON', () => {
      const json = JSON.parse(JSON.stringify(model)) as ComModel;
      expect(json).toEqual(model);
      expect(JSON.stringify(model)).not.toMatch(/\/work\/|\/tmp\//);
    });
  });
});
