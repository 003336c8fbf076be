import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readGoCapture, readGoFile, type GoClassFacts, type GoEnumFacts } from '../../sources/wmi-go/read.js';
import { corpusPath, hasCorpus } from '../corpus.js';

const header = (source: string): string => `// Copyright 2019 (c) Microsoft Corporation.\n//\n// Author:\n//      Auto Generated on 6/14/2024 using wmigen\n//      Source ${source}\n//////////////////////////////////////////////\npackage x\n\n`;

describe('readGoFile on written text', () => {
  it('reads a class: namespace from the header, superclass, property and parameter types', () => {
    const text =
      header('root.Microsoft.Windows.Storage') +
      'type MSFT_X struct {\n\t*MSFT_StorageObject\n\n\t//\n\tSize uint64\n\n\t//\n\tOperationalStatus []uint16\n\n\t//\n\tJob cimv2.CIM_ConcreteJob\n}\n\n' +
      'func (instance *MSFT_X) SetPropertySize(value uint64) (err error) {\n\treturn\n}\n\n' +
      'func (instance *MSFT_X) GetPropertySize() (value uint64, err error) {\n\treturn\n}\n\n' +
      'func (instance *MSFT_X) Resize( /* IN */ Size uint64,\n\t/* OPTIONAL IN */ RunAsJob bool,\n\t/* OUT */ Result interface{},\n\t/*Custom IN*/ Action cim.UserAction,\n\t/*Custon IN*/ Timeout uint32) (result uint32, err error) {\n\treturn\n}\n';
    const facts = readGoFile(text, 'x.go') as GoClassFacts;
    expect(facts.kind).toBe('class');
    expect(facts.namespace).toBe('root\\Microsoft\\Windows\\Storage');
    expect(facts.superclass).toBe('MSFT_StorageObject');
    expect(facts.properties).toEqual([
      { name: 'Size', goType: 'uint64', isArray: false },
      { name: 'OperationalStatus', goType: 'uint16', isArray: true },
      { name: 'Job', goType: 'CIM_ConcreteJob', isArray: false },
    ]);
    expect(facts.methods).toEqual([
      {
        name: 'Resize',
        parameters: [
          { name: 'Size', goType: 'uint64', isArray: false, in: true, out: false, optional: false },
          { name: 'RunAsJob', goType: 'bool', isArray: false, in: true, out: false, optional: true },
          { name: 'Result', goType: 'interface{}', isArray: false, in: false, out: true, optional: false },
        ],
      },
    ]);
  });

  it('reads a root class (*cim.WmiInstance) and an enum, and reports unreadable files', () => {
    const root = readGoFile(header('root') + 'type __SystemClass struct {\n\t*cim.WmiInstance\n}\n', 'a.go') as GoClassFacts;
    expect(root).toMatchObject({ kind: 'class', name: '__SystemClass', namespace: 'root', superclass: null, properties: [], methods: [] });
    const en = readGoFile(header('Error_ErrorType') + 'type Error_ErrorType int\n\nconst (\n\t// Unknown enum\n\tError_ErrorType_Unknown Error_ErrorType = 0\n\tError_ErrorType_Other Error_ErrorType = 1\n)\n', 'e.go') as GoEnumFacts;
    expect(en).toEqual({ kind: 'enum', name: 'Error_ErrorType', members: [{ name: 'Unknown', value: 0 }, { name: 'Other', value: 1 }], file: 'e.go' });
    expect(readGoFile('package x\n', 'n.go')).toEqual({ kind: 'failure', file: 'n.go', reason: 'no `// Source` header' });
    expect(readGoFile(header('root.CIMV2') + 'type X struct {\n\tA B C\n}\n', 'b.go')).toMatchObject({ kind: 'failure', reason: 'X: unreadable struct line `A B C`' });
  });
});

describe.skipIf(!hasCorpus)('readGoFile and readGoCapture on the real bindings (needs ../shared/corpus)', () => {
  const file = (p: string): string => readFileSync(corpusPath('wmi-go', 'server23h2', p), 'utf8');

  it('takes true names from the declarations, not the file names', () => {
    const ace = readGoFile(file('root/ACE.go'), 'root/ACE.go') as GoClassFacts;
    expect(ace).toMatchObject({ name: '__ACE', namespace: 'root', superclass: '__SecurityRelatedClass' });
    const disk = readGoFile(file('root/microsoft/windows/storage/MSFT_Disk.go'), 'd') as GoClassFacts;
    expect(disk.namespace).toBe('root\\Microsoft\\Windows\\Storage');
    expect(disk.superclass).toBe('MSFT_StorageObject');
    expect(disk.properties.find((p) => p.name === 'OperationalStatus')).toEqual({ name: 'OperationalStatus', goType: 'uint16', isArray: true });
    const clear = disk.methods.find((m) => m.name === 'Clear')!;
    expect(clear.parameters.map((p) => `${p.in ? 'in' : ''}${p.out ? 'out' : ''} ${p.name}`)).toEqual(['in RemoveData', 'in RemoveOEM', 'in ZeroOutEntireDisk', 'in Sanitize', 'in RunAsJob', 'out CreatedStorageJob', 'out ExtendedStatus']);
    expect(disk.methods.some((m) => m.name.startsWith('GetProperty') || m.name.startsWith('SetProperty'))).toBe(false);
    const reg = readGoFile(file('root/wmidefault/StdRegProv.go'), 's') as GoClassFacts;
    expect(reg.namespace).toBe('root\\DEFAULT');
    expect(reg.methods.find((m) => m.name === 'GetStringValue')?.parameters.map((p) => p.name)).toEqual(['hDefKey', 'sSubKeyName', 'sValueName', 'sValue']);
  });

  it('reads every file of both captures; root\\CIMV2 on 23H2 has at least 1,300 classes', () => {
    for (const os of ['server2019', 'server23h2']) {
      const capture = readGoCapture(corpusPath('wmi-go', os));
      expect(capture.failures).toEqual([]);
      const classes = capture.namespaces.reduce((n, ns) => n + ns.classes.length, 0);
      const enums = capture.namespaces.reduce((n, ns) => n + ns.enums.length, 0);
      expect(classes + enums).toBe(capture.files);
      if (os === 'server23h2') {
        expect(capture.namespaces.length).toBe(78);
        expect(capture.namespaces.find((n) => n.namespace === 'root\\CIMV2')!.classes.length).toBeGreaterThanOrEqual(1300);
        expect(enums).toBeGreaterThan(1000);
      } else {
        expect(capture.namespaces.length).toBe(70);
        expect(capture.namespaces.some((n) => n.namespace.toLowerCase() === 'root\\default')).toBe(false);
      }
    }
  }, 120_000);
});
