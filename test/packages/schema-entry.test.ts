/**
 * `wmigen/schema`, the public entry that loads a schema for the in-memory provider:
 * bundled snapshots by name, MOF text and MOF files, alone and together, run through
 * `connect({ memory })` as a user's test would.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { connect } from '@wmigen/runtime';
import { MofSyntaxError, bundledSchemaNames, loadSchema } from 'wmigen/schema';

const dir = mkdtempSync(join(tmpdir(), 'wmigen-schema-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const rowsOf = async (
  schema: Awaited<ReturnType<typeof loadSchema>>,
  wql: string,
  namespace = 'root\\cimv2',
) => {
  await using wmi = await connect({ namespace, memory: { schema } });
  const out: string[] = [];
  for await (const row of wmi.query(wql)) out.push(JSON.stringify(row.properties));
  return out;
};

describe('loadSchema', () => {
  it('loads a bundled Windows snapshot by namespace and version, and by its name', async () => {
    const storage = 'root\\Microsoft\\Windows\\Storage';
    const newest = await loadSchema({ namespace: storage });
    const classes = newest.namespaces[0].classes.map((c) => c.name);
    expect(classes).toContain('MSFT_Disk');
    const older = await loadSchema({ namespace: storage, os: '2019' });
    expect(older.namespaces[0].classes.some((c) => c.name === 'MSFT_Disk')).toBe(true);
    expect(bundledSchemaNames()).toContain('windows-2019-root-microsoft-windows-storage');
    const byName = await loadSchema({ bundled: 'windows-2019-root-microsoft-windows-storage' });
    expect(byName.namespaces[0].classes.length).toBe(older.namespaces[0].classes.length);
    const instances = [{ className: 'MSFT_Disk', properties: { ObjectId: 'disk-1', Number: 0, FriendlyName: 'Disk 0' } }];
    await using wmi = await connect({ namespace: storage, memory: { schema: newest, instances } });
    const rows: unknown[] = [];
    for await (const row of wmi.query('SELECT FriendlyName FROM MSFT_Disk')) rows.push(row.properties.FriendlyName);
    expect(rows).toEqual(['Disk 0']);
    await expect(loadSchema({ namespace: 'root\\nowhere' })).rejects.toThrow(/no bundled schema covers root\\nowhere/);
  });

  it('loads a bundled snapshot by name', async () => {
    expect(bundledSchemaNames()).toContain('windows-cimv2');
    const schema = await loadSchema({ bundled: 'windows-cimv2' });
    const ns = schema.namespaces.find((n) => n.name.toLowerCase() === 'root\\cimv2');
    expect(ns?.classes.some((c) => c.name === 'Win32_Service')).toBe(true);
  });

  it('names the bundled snapshots when a name is unknown', async () => {
    await expect(loadSchema({ bundled: 'windows-cimv3' })).rejects.toThrow(
      /no bundled schema named windows-cimv3 \(bundled: .*windows-cimv2/,
    );
  });

  it('loads MOF text with its instances, and MOF files, into one schema', async () => {
    writeFileSync(join(dir, 'base.mof'), 'class App_Base { [key] string Name; };\n');
    const schema = await loadSchema({
      files: [join(dir, 'base.mof')],
      text: {
        name: 'app.mof',
        text: 'class App_Item : App_Base { uint32 Size; };\ninstance of App_Item { Name = "a"; Size = 3; };\n',
      },
    });
    expect(await rowsOf(schema, 'SELECT Name, Size FROM App_Item')).toEqual([
      '{"Name":"a","Size":3}',
    ]);
  });

  it('layers MOF text over a bundled snapshot', async () => {
    const schema = await loadSchema({
      bundled: 'windows-cimv2',
      text: 'instance of Win32_Service { Name = "Spooler"; StartMode = "Auto"; };\n',
    });
    expect(await rowsOf(schema, "SELECT Name FROM Win32_Service WHERE StartMode = 'Auto'")).toEqual(
      ['{"Name":"Spooler"}'],
    );
  });

  it('throws MofSyntaxError with the file, line and column of bad MOF', async () => {
    const err = await loadSchema({
      text: { name: 'bad.mof', text: 'class A {\n  string ;\n};\n' },
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MofSyntaxError);
    const d = (err as MofSyntaxError).diagnostics.find((x) => x.severity === 'error');
    expect(d?.location).toMatchObject({ file: 'bad.mof', line: 2 });
  });

  it('wants at least one source', async () => {
    await expect(loadSchema({})).rejects.toThrow(/give bundled, files, text or a bundled namespace/);
  });
});
