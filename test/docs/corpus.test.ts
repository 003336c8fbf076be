/**
 * The docs source on the real pages: the done-when checks of issue 7 and the bundled
 * snapshots regenerated from the corpus and compared with the committed files.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { corpusPath, hasCorpus, repoRoot } from '../corpus.js';
import { loadMofText } from '../../model/cim/load.js';
import type { CimClass, CimSchema } from '../../model/cim/types.js';
import { bundledSnapshots, bundledSnapshotsFromDocs, docsSource, type DocsSnapshot } from '../../sources/docs/index.js';

const desktopSrc = corpusPath('docs', 'desktop-src');

describe.runIf(hasCorpus)('docs source on the corpus', () => {
  let snapshots: Map<string, DocsSnapshot>;
  let cimv2: CimSchema;
  const cls = (name: string): CimClass => {
    const c = cimv2.namespaces[0].classes.find((x) => x.name === name);
    if (!c) throw new Error(`${name} missing`);
    return c;
  };

  beforeAll(() => {
    snapshots = bundledSnapshotsFromDocs(bundledSnapshots, desktopSrc);
    const s = snapshots.get('windows-cimv2') as DocsSnapshot;
    const loaded = loadMofText(s.mof, 'cimv2.mof');
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    cimv2 = loaded.schema;
  });

  it('the committed snapshots came from the corpus commit', () => {
    expect(readFileSync(corpusPath('docs', 'SOURCE'), 'utf8').trim()).toBe(docsSource);
  });

  it('at least 95% of the CIMWin32Prov class pages produce classes, and each failure has a reason', () => {
    const s = snapshots.get('windows-cimv2') as DocsSnapshot;
    const classFailures = s.failures.filter((f) => !f.subject.includes('.'));
    expect(s.stats.classPages).toBeGreaterThan(490);
    expect(s.stats.classesFromNamespacePages / s.stats.classPages).toBeGreaterThanOrEqual(0.95);
    expect(s.stats.classesFromNamespacePages + classFailures.length).toBe(s.stats.classPages);
    for (const f of s.failures) expect(f.reason.length).toBeGreaterThan(10);
    // The one page Microsoft left without a MOF declaration.
    expect(classFailures.map((f) => f.subject)).toContain('Win32_MethodParameterClass');
  });

  it('Win32_BaseBoard, whose page has no Namespace row, is a root\\cimv2 class', () => {
    const board = cls('Win32_BaseBoard');
    expect(board.superclass).toBe('CIM_Card');
    expect(board.properties.find((p) => p.name === 'Product')?.type).toBe('string');
  });

  it('Win32_Process: 45+ properties, 7 typed methods, Create with an embedded Win32_ProcessStartup', () => {
    const p = cls('Win32_Process');
    expect(p.ancestors).toEqual(['CIM_Process', 'CIM_LogicalElement', 'CIM_ManagedSystemElement']);
    expect(p.properties.length).toBeGreaterThanOrEqual(45);
    expect(p.keys).toEqual(['Handle']);
    expect(p.methods.map((m) => m.name).sort()).toEqual(['AttachDebugger', 'Create', 'GetAvailableVirtualSize', 'GetOwner', 'GetOwnerSid', 'SetPriority', 'Terminate']);
    const create = p.methods.find((m) => m.name === 'Create')!;
    expect(create.returnType).toBe('uint32');
    expect(create.parameters.map((x) => [x.name, x.type, x.embeddedClass ?? null, x.in, x.out])).toEqual([
      ['CommandLine', 'string', null, true, false],
      ['CurrentDirectory', 'string', null, true, false],
      ['ProcessStartupInformation', 'object', 'Win32_ProcessStartup', true, false],
      ['ProcessId', 'uint32', null, false, true],
    ]);
    const valueMap = create.qualifiers.find((q) => q.name === 'ValueMap')?.value;
    expect(valueMap).toEqual(['0', '2', '3', '8', '9', '21', '22..4294967295']);
    expect(cls('Win32_ProcessStartup').properties.map((x) => x.name)).toContain('ShowWindow');
  });

  it('Win32_Process.GetAvailableVirtualSize carries its Windows 8.1 availability', () => {
    const m = cls('Win32_Process').methods.find((x) => x.name === 'GetAvailableVirtualSize')!;
    const q = (n: string) => m.qualifiers.find((x) => x.name === n)?.value;
    expect(q('MinimumClient')).toBe('Windows 8.1');
    expect(q('MinimumServer')).toBe('Windows Server 2012 R2');
    expect(cls('Win32_Process').qualifiers.find((x) => x.name === 'MinimumClient')?.value).toBe('Windows Vista');
  });

  it('Win32_Service.StartMode has its values; Win32_Process.ExecutionState its numbered ones', () => {
    const sm = cls('Win32_Service').properties.find((x) => x.name === 'StartMode')!;
    expect(sm.qualifiers.find((q) => q.name === 'Values')?.value).toEqual(['Boot', 'System', 'Auto', 'Manual', 'Disabled']);
    const es = cls('Win32_Process').properties.find((x) => x.name === 'ExecutionState')!;
    expect((es.qualifiers.find((q) => q.name === 'ValueMap')?.value as string[]).slice(0, 3)).toEqual(['0', '1', '2']);
  });

  it('read/write properties are Write, keys and references are typed', () => {
    const state = cls('Win32_Service').properties.find((x) => x.name === 'State')!;
    expect(state.qualifiers.some((q) => q.name === 'Write' && q.value === true)).toBe(true);
    const dep = cls('Win32_DependentService').properties.find((x) => x.name === 'Dependent')!;
    expect([dep.type, dep.refClass]).toEqual(['reference', 'Win32_BaseService']);
    expect(cls('Win32_DependentService').isAssociation).toBe(true);
  });

  for (const entry of bundledSnapshots) {
    it(`${entry.name} regenerates to the committed ${entry.file} and loads strictly`, () => {
      const s = snapshots.get(entry.name) as DocsSnapshot;
      const committed = readFileSync(join(repoRoot, 'schemas', entry.file), 'utf8');
      expect(s.mof === committed, `${entry.file} is stale: run wmigen schema bundle <desktop-src>`).toBe(true);
      expect(s.schema.namespaces[0].classes.length).toBeGreaterThan(0);
      // Strict (DMTF) mode: every qualifier is declared in the file and every class it names is there.
      const strict = loadMofText(s.mof, entry.file, { strict: true });
      expect(strict.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      // WMI mode: not even a warning.
      expect(loadMofText(s.mof, entry.file).diagnostics).toEqual([]);
    });
  }

  it('the index lists every bundled snapshot as its namespace default', () => {
    const index = JSON.parse(readFileSync(join(repoRoot, 'schemas', 'index.json'), 'utf8')) as { snapshots: { name: string; namespace: string; file: string; default?: boolean }[] };
    for (const entry of bundledSnapshots) {
      const e = index.snapshots.find((s) => s.name === entry.name);
      expect(e, entry.name).toBeDefined();
      expect([e!.namespace, e!.file, e!.default]).toEqual([entry.namespace, entry.file, true]);
    }
  });
});
