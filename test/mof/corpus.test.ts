/**
 * The real inputs of issue 2: the whole DMTF CIM 2.51 schema and every MOF sample in the
 * shared corpus parse and resolve.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { formatDiagnostic } from '../../grammar/diagnostics.js';
import { loadMofFiles, loadMofFilesOrThrow, MofSyntaxError, type MofLoadResult } from '../../model/cim/load.js';
import { findClass, findProperty, findQualifier, qualifierValue } from '../../model/cim/lookup.js';
import { countSchema } from '../../model/cim/json.js';
import { corpusPath, hasCorpus } from '../corpus.js';

const errorsOf = (r: MofLoadResult): string[] => r.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d));

function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

describe.runIf(hasCorpus)('CIM schema 2.51.0', () => {
  let r: MofLoadResult;
  beforeAll(() => {
    r = loadMofFiles([corpusPath('mof/cim-schema-2.51.0/cim_schema_2.51.0.mof')], { strict: true });
  });

  it('parses and resolves with no error (strict DMTF mode)', () => {
    expect(errorsOf(r)).toEqual([]);
    expect(r.ok).toBe(true);
    const c = countSchema(r.schema);
    expect(c.classes).toBe(1894);
    expect(c.qualifierTypes).toBe(70);
    expect(r.schema.namespaces.map((n) => n.name)).toEqual(['root\\cimv2']);
  });

  it('resolves keys through the superclass chain', () => {
    const p = findClass(r.schema, 'cim_process')!;
    expect(p.name).toBe('CIM_Process');
    expect(p.keys).toEqual(['CSCreationClassName', 'CSName', 'OSCreationClassName', 'OSName', 'CreationClassName', 'Handle']);
    const cs = findClass(r.schema, 'CIM_ComputerSystem')!;
    const name = findProperty(cs, 'NAME')!;
    expect(name.isKey).toBe(true);
    expect(cs.keys).toContain('Name');
    expect(name.classOrigin).toBe('CIM_ManagedSystemElement');
    expect(cs.ancestors[0]).toBe('CIM_System');
    expect(cs.ancestors.at(-1)).toBe('CIM_ManagedElement');
  });

  it('propagates ToSubclass qualifiers and not Restricted ones', () => {
    const cs = findClass(r.schema, 'CIM_ComputerSystem')!;
    // Abstract is Restricted: CIM_System is abstract, CIM_ComputerSystem is not.
    expect(findClass(r.schema, 'CIM_System')!.isAbstract).toBe(true);
    expect(cs.isAbstract).toBe(false);
    expect(findQualifier(cs, 'Abstract')).toBeUndefined();
    // Key is ToSubclass + DisableOverride: inherited and marked propagated.
    const key = findQualifier(findProperty(cs, 'CreationClassName')!, 'key')!;
    expect(key.propagated).toBe(true);
    expect(key.flavor.overridable).toBe(false);
    // An association is an association in its subclasses too.
    expect(findClass(r.schema, 'CIM_SystemComponent')!.isAssociation).toBe(true);
    expect(qualifierValue(findClass(r.schema, 'CIM_Component')!, 'association')).toBe(true);
  });

  it('keeps methods with their parameters', () => {
    const svc = findClass(r.schema, 'CIM_Service')!;
    const m = svc.methods.find((x) => x.name === 'RequestStateChange')!;
    expect(m.returnType).toBe('uint32');
    const job = m.parameters.find((p) => p.name === 'Job')!;
    expect(job).toMatchObject({ type: 'reference', refClass: 'CIM_ConcreteJob', in: false, out: true });
  });
});

/** Top-level MOF files of the samples (files that other files include are loaded through them). */
function sampleTopFiles(): string[] {
  const root = corpusPath('mof');
  const included = new Set(['common.mof']);
  return walk(root)
    .filter((f) => /\.mof$/i.test(f) && !f.includes('cim-schema-2.51.0') && !f.includes('Test_TorSwitchSchema'))
    .filter((f) => !included.has(f.split('/').pop()!));
}

describe.runIf(hasCorpus)('WMI, driver, DSC and OMI samples', () => {
  const root = hasCorpus ? corpusPath('mof') : '';
  const cimTop = hasCorpus ? corpusPath('mof/cim-schema-2.51.0/cim_schema_2.51.0.mof') : '';
  // The iSCSI MOFs are C-preprocessed by the WDK and include iscsidsc.h from the Windows
  // SDK, which the corpus does not hold. A stand-in header defines the macros they use.
  const iscsiHeader = [
    '#define ISCSI_AUTH_TYPES uint32',
    '#define ISCSI_AUTH_TYPES_QUALIFIERS ValueMap{"0"}',
    '#define ISCSI_LOGIN_FLAGS uint32',
    '#define ISCSI_LOGIN_FLAGS_QUALIFIERS BitMap{"0"}',
    '#define ISCSI_LOGIN_OPTIONS_INFO_QUALIFIERS BitMap{"0"}',
    '#define ISCSI_SECURITY_FLAGS uint64',
    '#define SECURITY_FLAG_QUALIFIERS BitMap{"0"}',
    '#define ISCSI_SECURITY_FLAGS_CPPQUOTE ""',
    '#define ISCSI_DIGEST_CPPQUOTE ""',
    '#define ISCSI_LOGIN_FLAGS_CPPQUOTE ""',
    '#define ISCSI_LOGIN_OPTIONS_INFO_CPPQUOTE ""',
    '#define ISCSI_LOGIN_OPTIONS_INFO_SPECIFIED uint32',
    '#define ISCSI_DIGEST_TYPE_NONE 0',
    '#define ISCSI_DIGEST_TYPE_CRC32C 1',
    '#define MAX_ISCSI_NAME_LEN 223',
    '#define MAX_ISCSI_TEXT_ADDRESS_LEN 256',
  ].join('\n');
  const readFile = (p: string): Buffer => {
    if (p.endsWith('iscsidsc.h')) return Buffer.from(iscsiHeader);
    if (p.endsWith('iscsierr.h')) return Buffer.from('// error codes are not used by the MOF\n');
    // Sample.mof includes CIM 2.26, which the corpus does not hold: CIM 2.51 is loaded first instead.
    if (p.endsWith('cim_schema_2.26.0.mof')) return Buffer.from('// CIM 2.51 is loaded before this file\n');
    return readFileSync(p);
  };

  // The file list is read only when the corpus is there: a skipped describe body still runs.
  for (const file of hasCorpus ? sampleTopFiles() : []) {
    const name = relative(root, file);
    it(`${name} parses and resolves`, () => {
      const needsCim = /Sample\.mof$|instance_provider|hw\.mof/.test(file);
      const r = loadMofFiles(needsCim ? [cimTop, file] : [file], { readFile });
      expect(errorsOf(r)).toEqual([]);
      const c = countSchema(r.schema);
      expect(c.classes + c.instances + c.qualifierTypes).toBeGreaterThan(0);
    });
  }

  for (const top of ['CIM_Schema_WMI.mof', 'CIM_Schema_OMI.mof']) {
    it(`OMI torswitch through ${top}`, () => {
      const f = join(root, 'omi-torswitch/Unix/samples/Providers/Test_TorSwitchSchema/MOFS', top);
      // The OMI list extends CIM classes that OMI loads beforehand: give it the WMI list's CIM subset.
      const files = top === 'CIM_Schema_OMI.mof' ? [join(root, 'omi-torswitch/Unix/samples/Providers/Test_TorSwitchSchema/MOFS/CIM_Schema_WMI.mof'), f] : [f];
      const r = loadMofFiles(files, { strict: top === 'CIM_Schema_WMI.mof' });
      expect(errorsOf(r)).toEqual([]);
      expect(countSchema(r.schema).classes).toBeGreaterThan(100);
    });
  }

  it('reads the UTF-16LE iscsiprf.mof (BOM, CRLF)', () => {
    const f = join(root, 'windows-driver-samples/storage/iscsi/src/iscsiprf.mof');
    expect(readFileSync(f).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xfe]));
    const r = loadMofFiles([f]);
    expect(errorsOf(r)).toEqual([]);
    expect(findClass(r.schema, 'MSiSCSI_SessionStatistics')).toBeDefined();
  });

  it('models WMI provider registrations with system classes and aliases', () => {
    const f = join(root, 'windows-classic-samples/Samples/Win7Samples/sysmgmt/wmi/vc/methprov/MethProv.Mof');
    const r = loadMofFiles([f]);
    expect(errorsOf(r)).toEqual([]);
    const ns = r.schema.namespaces[0];
    const provider = ns.instances.find((i) => i.className === '__Win32Provider')!;
    expect(provider.alias).toBe('P');
    expect(provider.properties.CLSID).toBe('{E30EC6A0-23CF-11d1-8FDE-0000F804AA5C}');
    const reg = ns.instances.find((i) => i.className === '__MethodProviderRegistration')!;
    expect(reg.properties.provider).toEqual({ kind: 'alias', name: 'P' });
    const m = findClass(r.schema, 'MethProvSamp')!.methods[0];
    expect(m).toMatchObject({ name: 'Echo', returnType: 'uint32', isStatic: true });
    expect(m.parameters.map((p) => [p.name, p.in, p.out])).toEqual([['sInArg', true, false], ['sOutArg', false, true]]);
  });

  it('throws a typed error from loadMofFilesOrThrow', () => {
    expect(() => loadMofFilesOrThrow([join(root, 'no-such-file.mof')])).toThrow(MofSyntaxError);
  });
});
