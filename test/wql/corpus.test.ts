/**
 * Real WQL from Microsoft's WMI reference pages (the shared corpus): every query the
 * pages show parses, except the ones the pages themselves call invalid, syntax
 * templates with placeholders, and fragments the collector cuts out of string
 * concatenations (each listed below, and each must fail with a WqlSyntaxError). Those on
 * classes of the test model (test/memory/fixtures/cimv2-small.mof) run against the
 * in-memory provider and return the rows listed here.
 */
import { describe, expect, it } from 'vitest';
import { WqlSyntaxError } from '../../grammar/wql/errors.js';
import { parseWql } from '../../grammar/wql/parser.js';
import { isWbemError } from '../../runtime/errors.js';
import { createMemoryProvider } from '../../runtime/memory/index.js';
import { corpusPath, hasCorpus } from '../corpus.js';
import { loadFixtureSchema } from '../memory/fixture.js';
import { collectCorpusQueries } from './corpus-queries.js';

/** Queries on the pages that are not valid WQL, and why. */
const notValid: Record<string, string> = {
  // the pages say these are invalid
  'SELECT * FROM Win32_LogicalDisk WHERE DriveType IS 5': 'documented invalid: IS takes only NULL',
  'SELECT * FROM Win32_LogicalDisk WHERE FileSystem IS NOT "NTFS"':
    'documented invalid: IS NOT takes only NULL',
  'SELECT * FROM PhysicalDisk WHERE Partitions < (4 + 7 - 2) OR (Partitions = SectorsPerTrack / 7)':
    'documented invalid: arithmetic',
  'SELECT * FROM MyClass WHERE BoolProp <= TRUE': 'documented invalid: ordering on booleans',
  'SELECT * FROM MyClass WHERE BoolProp > FALSE': 'documented invalid: ordering on booleans',
  'SELECT * FROM win32_computersystem WHERE infraredsupported >= null':
    'documented invalid: ordering with NULL',
  'Associators of {win32_LogicalDisk="C:"} where resultClass = Win32_Directory requiredQualifier <> Dynamic':
    'documented invalid: only = in ASSOCIATORS OF',
  'Associators of {win32_LogicalDisk="C:"} where resultClass = Win32_Directory AND requiredQualifier = Dynamic':
    'documented invalid: AND in ASSOCIATORS OF',
  // syntax templates with placeholders
  'SELECT * FROM class WHERE property operator constant': 'template',
  'SELECT * FROM class WHERE constant operator property': 'template',
  'SELECT * FROM IntrinsicEventClass WITHIN interval WHERE property = value': 'template',
  'SELECT * FROM EventClass WHERE property = value GROUP WITHIN Interval': 'template',
  'SELECT * FROM EventClass [WHERE property = value] GROUP WITHIN interval [BY property_list] [HAVING NumberOfEvents operator integer]':
    'template',
  'SELECT * FROM EventClass [WHERE property = value] GROUP WITHIN interval [BY property_list] HAVING NumberOfEvents operator constant':
    'template',
  "SELECT * FROM __InstanceCreationEvent WITHIN PollingInterval WHERE TargetInstance ISA 'Win32_Process' and TargetInstance.Name = 'notepad.exe'":
    'template (PollingInterval)',
  "SELECT * FROM __InstanceModificationEvent WITHIN PollingInterval WHERE TargetInstance ISA 'Win32_Service' and TargetInstance.Name = 'alerter'":
    'template (PollingInterval)',
  'SELECT * FROM __InstanceOperationEventOrDerivedClass WITHIN PollingInterval WHERE TargetInstance ISA WMIClassName AND TargetInstance.WMIClassPropertyName = Value':
    'template',
  'ASSOCIATORS OF {ObjectPath} WHERE AssocClass = AssocClassName ClassDefsOnly RequiredAssocQualifier = QualifierName RequiredQualifier = QualifierName ResultClass = ClassName ResultRole = PropertyName Role = PropertyName':
    'template listing every keyword (ClassDefsOnly with ResultClass is invalid)',
  'REFERENCES OF {SourceObject} WHERE ClassDefsOnly RequiredQualifier = QualifierName ResultClass = ClassName Role = PropertyName':
    'template listing every keyword (ClassDefsOnly with ResultClass is invalid)',
  // fragments: the page builds the query by concatenation, the collector keeps the head
  'Select * From MicrosoftDNS_SOAtype Where': 'fragment',
  'SELECT * FROM __InstanceModificationEvent WHERE': 'fragment',
  'REFERENCES OF {Win32_NetworkAdapter.DeviceID=': 'fragment',
  "Associators of {Win32_DiskPartition.DeviceID='": 'fragment',
  "Select * from CIM_DataFile where Drive='": 'fragment',
  "SELECT * FROM Win32_NTLogEvent WHERE _ LogFile='Application'":
    'fragment (a VBScript line continuation inside the string)',
};

/** Rows (Name, DeviceID or class name) of corpus queries on the test model. */
const expectedRows: Record<string, string[]> = {
  "SELECT * FROM Win32_Directory WHERE Name = 'c:\\\\Scripts'": ['c:\\Scripts'],
  "SELECT * FROM Win32_Directory WHERE Name = 'D:\\\\Archive'": ['D:\\Archive'],
  "SELECT * FROM Win32_Directory WHERE Drive = 'C:'": ['C:\\', 'c:\\Scripts'],
  'SELECT * FROM Win32_Directory WHERE Hidden = True': ['D:\\Archive'],
  "SELECT * FROM Win32_Service WHERE StartName = '.\\\\NetSvc'": [],
  "SELECT * FROM Win32_SystemDriver WHERE Name = 'usbprint'": ['usbprint'],
  "Select * from Win32_Process Where Name = 'Notepad.exe'": ['notepad.exe'],
  'SELECT * FROM Win32_Service WHERE State="Running"': ['Winmgmt', 'RpcSs', 'Dhcp'],
  "Select * from Win32_Service where State='Stopped'": ['Alerter', 'w3svc'],
  'SELECT * FROM Win32_Service': ['Winmgmt', 'RpcSs', 'Alerter', 'Dhcp', 'w3svc'],
  'SELECT * FROM Win32_LogicalDisk WHERE __CLASS = "Win32_LogicalDisk"': ['C:', 'D:', 'E:'],
  'SELECT * FROM Win32_LogicalDisk WHERE FileSystem = "NTFS"': ['C:'],
  'SELECT * FROM Win32_LogicalDisk WHERE Name = "C:" OR Name = "D:"': ['C:', 'D:'],
  'SELECT * FROM Win32_LogicalDisk WHERE (Name = "C:" OR Name = "D:") AND FreeSpace > 2000000 AND FileSystem = "NTFS"':
    ['C:'],
  'SELECT * FROM Win32_LogicalDisk WHERE FileSystem IS NULL': ['E:'],
  'SELECT * FROM Win32_LogicalDisk WHERE FileSystem IS NOT NULL': ['C:', 'D:'],
  "SELECT * FROM Win32_logicalDisk WHERE DeviceID = 'C:'": ['C:'],
  'select name from win32_process where handle = 0 or handle = 4': [
    'System Idle Process',
    'System',
  ],
  'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"}': ['C:\\'],
  'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE ClassDefsOnly': ['Win32_Directory'],
  'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE RequiredAssocQualifier = Association': [
    'C:\\',
  ],
  'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE RequiredQualifier = Locale': [],
  'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE Role = GroupComponent': ['C:\\'],
  'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE ResultRole = GroupComponent': [],
  'ASSOCIATORS OF {win32_LogicalDisk="C:"} WHERE resultClass = Win32_Directory requiredQualifier = Dynamic':
    [],
  'SELECT * FROM meta_class WHERE __this ISA "Win32_BaseService"': [
    'Win32_BaseService',
    'Win32_Service',
    'Win32_SystemDriver',
  ],
  "SELECT * FROM meta_class WHERE __class = 'Win32_LogicalDisk'": ['Win32_LogicalDisk'],
  'SELECT * FROM meta_class WHERE __CLASS LIKE "%[_][_]%"': [],
  'Select * From meta_class Where __Superclass Is Null': [
    'CIM_ManagedSystemElement',
    'Win32_DependentService',
    'Win32_LogicalDiskRootDirectory',
    'Win32_WMISetting',
  ],
  'SELECT * FROM Meta_Class WHERE __Class LIKE "%Win32%"': [
    'Win32_BaseService',
    'Win32_DependentService',
    'Win32_Directory',
    'Win32_LogicalDisk',
    'Win32_LogicalDiskRootDirectory',
    'Win32_Process',
    'Win32_Service',
    'Win32_SystemDriver',
    'Win32_WMISetting',
  ],
};

/** Modelled-class queries that fail as WMI would, naming classes the test model lacks. */
const expectedErrors: Record<string, string> = {
  'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE AssocClass = Win32_SystemDevices':
    'WBEM_E_INVALID_CLASS',
  'ASSOCIATORS OF {Win32_LogicalDisk.DeviceID="C:"} WHERE ResultClass = Cim_Directory':
    'WBEM_E_INVALID_CLASS',
  'SELECT * FROM meta_class WHERE __this ISA "CIM_Processor"': 'WBEM_E_INVALID_CLASS',
  'SELECT * FROM meta_class WHERE __this ISA "MyClass"': 'WBEM_E_INVALID_CLASS',
  'SELECT * FROM meta_class WHERE __this ISA "myClassName"': 'WBEM_E_INVALID_CLASS',
  'select * from meta_class where __this isa "$($class.name)"': 'WBEM_E_INVALID_CLASS',
};

describe.runIf(hasCorpus)('WQL from the WMI reference pages', () => {
  const queries = hasCorpus ? collectCorpusQueries(corpusPath('docs', 'desktop-src')) : [];

  it('collects the queries the pages show', () => {
    expect(queries.length).toBeGreaterThanOrEqual(250);
    for (const text of [
      ...Object.keys(notValid),
      ...Object.keys(expectedRows),
      ...Object.keys(expectedErrors),
    ]) {
      expect(
        queries.some((q) => q.text === text),
        text,
      ).toBe(true);
    }
  });

  it('parses every valid one and rejects every invalid one with a position', () => {
    let parsed = 0;
    for (const q of queries) {
      if (Object.hasOwn(notValid, q.text)) {
        let err: unknown;
        try {
          parseWql(q.text);
        } catch (e) {
          err = e;
        }
        expect(err, `${q.text} (${notValid[q.text]})`).toBeInstanceOf(WqlSyntaxError);
        expect((err as WqlSyntaxError).column).toBeGreaterThan(0);
        continue;
      }
      try {
        parseWql(q.text);
        parsed++;
      } catch (e) {
        throw new Error(`${q.source}: ${q.text}\n${(e as Error).message}`);
      }
    }
    expect(parsed).toBe(queries.length - Object.keys(notValid).length);
    expect(parsed).toBeGreaterThanOrEqual(225);
  });

  it('returns the right rows for queries on modelled classes', async () => {
    const provider = createMemoryProvider({ schema: loadFixtureSchema() });
    let ran = 0;
    for (const q of queries) {
      if (Object.hasOwn(notValid, q.text)) continue;
      const ast = parseWql(q.text);
      const cls = ast.kind === 'select' ? ast.className : ast.objectPath.split(/[.=]/)[0];
      if (!provider.schema.get(cls) && cls.toLowerCase() !== 'meta_class') continue;
      const rows: string[] = [];
      let status = 'ok';
      try {
        for await (const r of provider.execQuery(q.text))
          rows.push(String(r.properties.Name ?? r.properties.DeviceID ?? r.className));
      } catch (e) {
        if (!isWbemError(e)) throw e;
        status = e.statusName;
      }
      ran++;
      if (Object.hasOwn(expectedErrors, q.text))
        expect(status, q.text).toBe(expectedErrors[q.text]);
      else expect(status, q.text).toBe('ok');
      if (Object.hasOwn(expectedRows, q.text)) expect(rows, q.text).toEqual(expectedRows[q.text]);
    }
    expect(ran).toBeGreaterThanOrEqual(60);
  });
});

/** Event queries of the pages: events received for a fixed sequence of changes, or the error. */
const expectedEvents: Record<string, number | string> = {
  "SELECT * FROM __InstanceDeletionEvent WHERE TargetInstance ISA 'Win32_Process' and TargetInstance.Name = 'notepad.exe'": 1,
  'SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA "Win32_NTLogEvent" GROUP WITHIN 600 BY TargetInstance.SourceName HAVING NumberOfEvents > 25':
    'WBEM_E_INVALID_CLASS',
  'SELECT * FROM __InstanceModificationEvent': 1,
  'SELECT * FROM __InstanceModificationEvent WITHIN 600': 1,
  'SELECT * from __InstanceOperationEvent': 5,
  'SELECT * FROM __InstanceOperationEvent': 5,
  'SELECT * FROM __InstanceCreationEvent WHERE TargetInstance ISA "Win32_LogicalDisk"': 1,
  'SELECT * FROM __InstanceCreationEvent': 2,
  'SELECT * FROM __InstanceDeletionEvent WITHIN 5': 2,
  'SELECT targetInstance FROM __InstanceCreationEvent within 2 WHERE targetinstance isa "Win32_Process"': 1,
  'SELECT targetInstance.Name FROM __InstanceCreationEvent within 2 WHERE targetinstance isa "Win32_Process"': 1,
  'SELECT * FROM __InstanceModificationEvent WITHIN 600 WHERE TargetInstance ISA "Win32_LogicalDisk" AND TargetInstance.FreeSpace < 1000000': 1,
  'SELECT * FROM __InstanceModificationEvent WITHIN 10': 1,
  'SELECT * FROM __InstanceModificationEvent WITHIN 10 WHERE TargetInstance ISA "Win32_LogicalDisk"': 1,
  'SELECT * FROM __InstanceOperationEvent WITHIN 10 WHERE TargetInstance ISA "MyOwnClass"':
    'WBEM_E_INVALID_CLASS',
};

describe.runIf(hasCorpus)('event queries from the WMI reference pages', () => {
  it('deliver the events of a sequence of changes', async () => {
    const queries = collectCorpusQueries(corpusPath('docs', 'desktop-src')).filter((q) => {
      try {
        const ast = parseWql(q.text);
        return ast.kind === 'select' && /^__Instance/i.test(ast.className);
      } catch {
        return false;
      }
    });
    expect(queries.map((q) => q.text).sort()).toEqual(Object.keys(expectedEvents).sort());
    const provider = createMemoryProvider({ schema: loadFixtureSchema() });
    const ac = new AbortController();
    const streams = queries.map((q) => ({
      text: q.text,
      events: provider.execNotificationQuery(q.text, { signal: ac.signal }),
    }));
    await provider.putInstance(
      {
        className: 'Win32_LogicalDisk',
        path: null,
        properties: { DeviceID: 'Z:', FreeSpace: 5000000 },
      },
      'createOnly',
    );
    await provider.putInstance(
      {
        className: 'Win32_LogicalDisk',
        path: null,
        properties: { DeviceID: 'Z:', FreeSpace: 500 },
      },
      'updateOnly',
    );
    await provider.putInstance(
      {
        className: 'Win32_Process',
        path: null,
        properties: { Handle: '9999', Name: 'notepad.exe' },
      },
      'createOnly',
    );
    await provider.deleteInstance('Win32_Process.Handle="9999"');
    await provider.deleteInstance('Win32_LogicalDisk.DeviceID="Z:"');
    ac.abort();
    for (const { text, events } of streams) {
      let got: number | string = 0;
      try {
        for await (const e of events) {
          got = (got as number) + 1;
          if (/^SELECT targetInstance/i.test(text))
            expect(Object.keys(e.properties)).toEqual(['TargetInstance']);
        }
      } catch (e) {
        got = isWbemError(e) ? e.statusName : String(e);
      }
      expect(got, text).toBe(expectedEvents[text]);
    }
  });
});

describe.runIf(hasCorpus)('WQL from the reference pages on the real root\\cimv2 classes', () => {
  it(
    'is accepted by the evaluator: property names and constant types fit the classes',
    { timeout: 120_000 },
    async () => {
      const { loadMofFiles } = await import('../../model/cim/load.js');
      const { join } = await import('node:path');
      const { repoRoot } = await import('../corpus.js');
      const real = loadMofFiles([join(repoRoot, 'schemas', 'windows', 'cimv2.mof')]);
      expect(real.ok).toBe(true);
      const provider = createMemoryProvider({ schema: real.schema });
      const placeholders = new Set(['MyClass', 'myClassName', '$($class.name)']);
      let accepted = 0;
      for (const q of collectCorpusQueries(corpusPath('docs', 'desktop-src'))) {
        if (Object.hasOwn(notValid, q.text)) continue;
        const ast = parseWql(q.text);
        if (ast.kind !== 'select' || ast.className.startsWith('__')) continue;
        if (!provider.schema.get(ast.className) && ast.className.toLowerCase() !== 'meta_class')
          continue;
        try {
          for await (const _ of provider.execQuery(q.text));
          accepted++;
        } catch (e) {
          // Only the pages' placeholder class names may fail.
          const isa = ast.where?.kind === 'isa' ? ast.where.className : '';
          expect(placeholders.has(isa), `${q.text}: ${(e as Error).message}`).toBe(true);
        }
      }
      expect(accepted).toBeGreaterThanOrEqual(110);
    },
  );
});
