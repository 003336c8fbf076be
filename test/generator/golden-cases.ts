/**
 * The golden cases: real classes from the bundled DMTF CIM 2.51 snapshot and from the
 * Windows sample MOFs in the corpus, generated into `generated/`. `golden.test.ts`
 * regenerates each case and fails on any byte of difference (`vitest -u` rewrites them
 * after a reviewed generator change); `golden-types.test.ts` type-checks them.
 */
import { join } from 'node:path';
import { generateCimBindings, type GeneratedFile } from '../../generator/cim/generate.js';
import { findSnapshot, loadMofSources, loadSnapshot, type LoadedSchema } from '../../sources/load.js';
import { corpusPath, repoRoot } from '../corpus.js';

export interface GoldenCase {
  readonly name: string;
  /** Output directory, relative to the repository. */
  readonly dir: string;
  readonly needsCorpus: boolean;
  readonly load: () => Promise<LoadedSchema>;
  readonly namespaces?: readonly string[];
  readonly classes?: readonly string[];
  /**
   * False for the cases whose class names other committed bindings also declare: the repo's
   * tsconfig compiles every tree in one program, where the global WmiClassMap entries of
   * two trees for one class name conflict (TS2717), as they would in a user's app.
   */
  readonly classMap?: false;
}

const sample = (relativeMof: string) => () => loadMofSources([corpusPath('mof', relativeMof)], repoRoot, undefined);

export const goldenCases: readonly GoldenCase[] = [
  {
    name: 'CIM 2.51: processes, services, disks, computer systems, an association, BitMap and uint64 ValueMaps',
    dir: 'generated/cim',
    needsCorpus: false,
    classMap: false,
    load: () => loadSnapshot(findSnapshot('cim-2.51')),
    namespaces: ['root\\cimv2'],
    classes: [
      'CIM_Process',
      'CIM_Service',
      'CIM_LogicalDisk',
      'CIM_ComputerSystem',
      'CIM_ServiceAffectsElement',
      'CIM_IBPort',
      'CIM_USBPort',
      'CIM_ElementCapabilities',
      'CIM_SoftwareIdentity',
    ],
  },
  {
    name: 'Windows root\\cimv2 (bundled from the reference pages): Win32_Process, Win32_Service, Win32_LogicalDisk',
    dir: 'generated/windows',
    needsCorpus: false,
    classMap: false,
    load: () => loadSnapshot(findSnapshot('windows-cimv2')),
    namespaces: ['root\\cimv2'],
    classes: ['Win32_Process', 'Win32_Service', 'Win32_LogicalDisk'],
  },
  {
    name: 'WMI driver sample (wmisamp.mof): WMI/WmiDataId classes, events',
    dir: 'generated/samples/wmisamp',
    needsCorpus: true,
    load: sample('windows-driver-samples/wmi/wmisamp/wmisamp.mof'),
  },
  {
    name: 'PowerShell Web Services plugin schema (Schema.mof): PswsTest_* classes',
    dir: 'generated/samples/psws',
    needsCorpus: true,
    load: sample('windows-classic-samples/Samples/RoleBasedPlugins/cs/setup/Schema.mof'),
  },
  {
    name: 'OData association sample (VMSystem.mof): associations and references',
    dir: 'generated/samples/vmsystem',
    needsCorpus: true,
    load: sample('windows-classic-samples/Samples/ODataEntitiesAssociation/cs/setup/VMSystem.mof'),
  },
  {
    name: 'DSC resource (MSFT_ServiceResource.schema.mof): string ValueMaps, EmbeddedInstance',
    dir: 'generated/samples/dsc-service',
    needsCorpus: true,
    load: sample('psdscresources/DscResources/MSFT_ServiceResource/MSFT_ServiceResource.schema.mof'),
  },
  {
    name: 'Event provider registration (EvProv.Mof): WMI system classes, __ExtrinsicEvent subclasses',
    dir: 'generated/samples/evprov',
    needsCorpus: true,
    load: sample('windows-classic-samples/Samples/Win7Samples/sysmgmt/wmi/vc/eventprovider/EvProv.Mof'),
  },
];

export async function generateCase(c: GoldenCase): Promise<{ files: readonly GeneratedFile[]; loaded: LoadedSchema }> {
  const loaded = await c.load();
  const errors = loaded.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${c.name}: ${errors.map((e) => e.message).join('; ')}`);
  const result = generateCimBindings(loaded.schema, { namespaces: c.namespaces, classes: c.classes, source: loaded.label, classMap: c.classMap });
  return { files: result.files, loaded };
}

export const goldenDir = (c: GoldenCase): string => join(repoRoot, c.dir);
