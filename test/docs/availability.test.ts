import { describe, expect, it } from 'vitest';
import { filterSchemaForTarget, parseWindowsVersion, UnknownWindowsVersionError } from '../../model/docs/availability.js';
import { loadMofText } from '../../model/cim/load.js';

describe('Windows versions', () => {
  it('parses the pages\' spellings and user targets', () => {
    expect(parseWindowsVersion('Windows 8.1')?.build).toBe(9600);
    expect(parseWindowsVersion('Windows Server 2012 R2')).toEqual({ family: 'server', build: 9600, name: 'Windows Server 2012 R2' });
    expect(parseWindowsVersion('Windows 10, version 1709 [desktop apps only]')?.build).toBe(16299);
    expect(parseWindowsVersion('win10-1809')?.build).toBe(17763);
    expect(parseWindowsVersion('server2019')?.family).toBe('server');
    expect(parseWindowsVersion('10.0.17763')).toMatchObject({ family: 'client', build: 17763 });
    expect(parseWindowsVersion('Windows Vista')?.build).toBeLessThan(parseWindowsVersion('Windows 7')!.build);
    expect(parseWindowsVersion('Windows 95')).toBeUndefined();
    // The pages' lists and editions: the earliest release named.
    expect(parseWindowsVersion('Windows 7 Enterprise, Windows 7 Ultimate')?.name).toBe('Windows 7');
    expect(parseWindowsVersion('Windows Vista Enterprise with SP1, Windows Vista Ultimate with SP1')?.name).toBe('Windows Vista');
    expect(parseWindowsVersion('Windows 8 or Windows Server 2012')?.build).toBe(9200);
    expect(parseWindowsVersion('Windows Server 2008, Windows Server 2008')?.name).toBe('Windows Server 2008');
  });
});

describe('filterSchemaForTarget', () => {
  const mof = `
Qualifier MinimumClient : string, Scope(any), Flavor(Restricted);
Qualifier MinimumServer : string, Scope(any), Flavor(Restricted);
[MinimumClient("Windows Vista")] class Base { [Key] string Id; [MinimumClient("Windows 10")] string Late; };
[MinimumClient("Windows 8"), MinimumServer("Windows Server 2012")] class Eight : Base { string E; };
class Child : Eight { };
class User : Base {
  Eight ref Target;
  [MinimumClient("Windows 8.1"), MinimumServer("Windows Server 2012 R2")] uint32 New();
  uint32 Old();
};`;
  const schema = loadMofText(mof, 'avail.mof').schema;
  const names = (s: typeof schema) => s.namespaces[0].classes.map((c) => c.name).sort();

  it('drops classes, their subclasses and members newer than the target', () => {
    const win7 = filterSchemaForTarget(schema, 'Windows 7');
    expect(names(win7)).toEqual(['Base', 'User']);
    const user = win7.namespaces[0].classes.find((c) => c.name === 'User')!;
    expect(user.methods.map((m) => m.name)).toEqual(['Old']);
    // The reference to the dropped class goes too; the inherited Late judged by Base's declaration.
    expect(user.properties.map((p) => p.name)).toEqual(['Id']);
  });

  it('keeps what the target has, per family', () => {
    expect(names(filterSchemaForTarget(schema, 'Windows 8'))).toEqual(['Base', 'Child', 'Eight', 'User']);
    const s2012 = filterSchemaForTarget(schema, 'Windows Server 2012');
    expect(s2012.namespaces[0].classes.find((c) => c.name === 'User')!.methods.map((m) => m.name)).toEqual(['Old']);
    const w10 = filterSchemaForTarget(schema, 'win10');
    expect(w10.namespaces[0].classes.find((c) => c.name === 'Base')!.properties.map((p) => p.name)).toEqual(['Id', 'Late']);
  });

  it('rejects an unknown target', () => {
    expect(() => filterSchemaForTarget(schema, 'Windows 3.1')).toThrow(UnknownWindowsVersionError);
  });
});

describe('availability in the bundled snapshots', () => {
  it('every MinimumClient and MinimumServer the pages give is a known Windows version', async () => {
    const { readFileSync } = await import('node:fs');
    const { join } = await import('node:path');
    const { repoRoot } = await import('../corpus.js');
    const { bundledSnapshots } = await import('../../sources/docs/bundled.js');
    const unknown = new Set<string>();
    let seen = 0;
    for (const s of bundledSnapshots) {
      const text = readFileSync(join(repoRoot, 'schemas', s.file), 'utf8');
      for (const m of text.matchAll(/Minimum(?:Client|Server)\("([^"]+)"\)/g)) {
        seen++;
        if (!parseWindowsVersion(m[1])) unknown.add(m[1]);
      }
    }
    expect(seen).toBeGreaterThan(500);
    expect([...unknown]).toEqual([]);
  });
});
