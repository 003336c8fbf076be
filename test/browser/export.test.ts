/**
 * `wmigen browse --out`: the static site's files and data, read back as the page reads them,
 * and the command's usage errors.
 */

import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/commands/browse.js';
import type { BrowserClass, BrowserIndex, BrowserNamespaceData, BrowserSearchIndex } from '../../browser/export.js';
import { UsageError, type CommandIo } from '../../cli/main.js';
import { WmigenError } from '../../grammar/diagnostics.js';

const dir = mkdtempSync(join(tmpdir(), 'wmigen-browse-out-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function io(): CommandIo & { err: string[] } {
  const err: string[] = [];
  return { stdout: () => undefined, stderr: (t) => err.push(t), cwd: dir, isTTY: false, err };
}

const readJson = <T>(rel: string): T => JSON.parse(readFileSync(join(dir, 'site', rel), 'utf8')) as T;

describe('wmigen browse --out', () => {
  it('writes the page and the data of the namespaces asked for, both versions', async () => {
    const out = io();
    expect(await run(['--out', 'site', '--namespace', 'root\\Microsoft\\Windows\\Storage,root\\WMI'], out)).toBe(0);
    expect(out.err.join('')).toMatch(/wrote \d+ files .* for 2 namespaces/);
    for (const f of ['index.html', 'app.js', 'style.css']) expect(existsSync(join(dir, 'site', f))).toBe(true);
    expect(readFileSync(join(dir, 'site', 'index.html'), 'utf8')).not.toMatch(/https?:\/\//); // nothing from a network

    const index = readJson<BrowserIndex>('data/index.json');
    expect(index.namespaces.map((n) => n.name)).toEqual(['root\\Microsoft\\Windows\\Storage', 'root\\WMI']);
    expect(index.namespaces[1].classes).toEqual({ '23h2': 1357 }); // the 2019 capture lacks root\WMI

    const storage = readJson<BrowserNamespaceData>('data/23h2/root/microsoft/windows/storage.json');
    const disk = storage.classes.find((c) => c.name === 'MSFT_Disk') as BrowserClass;
    expect(disk.keys).toEqual(['ObjectId']);
    const busType = disk.properties.find((p) => p.name === 'BusType')!;
    expect(busType.cim).toBe('uint16');
    expect(busType.ts).toBe('MSFT_Disk_BusType | null');
    expect(busType.values).toContainEqual(['11', 'SATA']);
    const createPartition = disk.methods.find((m) => m.name === 'CreatePartition')!;
    expect(createPartition.parameters.find((p) => p.name === 'Size')).toMatchObject({ dir: 'in', cim: 'uint64', ts: 'bigint | null' });
    expect(createPartition.returnTs).toBe('MSFT_Disk_CreatePartition_ReturnValue');
    expect(storage.elsewhere).toEqual([{ os: '2019', captured: true, lacks: [] }]);
    expect(existsSync(join(dir, 'site', 'data/2019/root/microsoft/windows/storage.json'))).toBe(true);
    expect(existsSync(join(dir, 'site', 'data/diff/root/microsoft/windows/storage.json'))).toBe(true);

    // root\WMI: only 23H2's capture has it, so there is no 2019 file and no diff.
    expect(readJson<BrowserNamespaceData>('data/23h2/root/wmi.json').elsewhere).toEqual([{ os: '2019', captured: false, lacks: [] }]);
    expect(existsSync(join(dir, 'site', 'data/2019/root/wmi.json'))).toBe(false);
    expect(existsSync(join(dir, 'site', 'data/diff/root/wmi.json'))).toBe(false);

    const search = readJson<BrowserSearchIndex>('data/search.json');
    const row = search.classes.find((r) => r[0] === 'MSFT_Disk')!;
    expect(search.namespaces[row[1]]).toBe('root\\Microsoft\\Windows\\Storage');
    expect(row[2]).toBe(3); // both versions
    expect(row[4].split(' ')).toContain('BusType');
    expect(row[5].split(' ')).toContain('CreatePartition');
  });

  it('shares repeated member descriptions through the file\'s texts', () => {
    const wmi = readJson<BrowserNamespaceData>('data/23h2/root/wmi.json');
    const shared = wmi.classes.flatMap((c) => c.properties).filter((p) => typeof p.description === 'number');
    expect(shared.length).toBeGreaterThan(0);
    for (const p of shared) expect(typeof wmi.texts![p.description as number]).toBe('string');
  });

  it('browses a schema of one\'s own: --mof and --schema', async () => {
    const mof = fileURLToPath(new URL('../diff/fixtures/a.mof', import.meta.url));
    expect(await run(['--out', 'own', '--mof', mof], io())).toBe(0);
    const index = JSON.parse(readFileSync(join(dir, 'own', 'data/index.json'), 'utf8')) as BrowserIndex;
    expect(index.versions).toEqual([{ os: 'schema', name: '1 MOF file', build: '' }]);
    const ns = index.namespaces[0];
    const data = JSON.parse(readFileSync(join(dir, 'own', `data/schema/${ns.slug}.json`), 'utf8')) as BrowserNamespaceData;
    expect(data.classes.map((c) => c.name)).toEqual(expect.arrayContaining(['Base', 'Thing', 'Old']));
    const config = JSON.parse(readFileSync(join(dir, 'own', 'data/config.json'), 'utf8')) as { sourceArgs: Record<string, string> };
    expect(config.sourceArgs.schema).toBe(`--mof ${mof}`);
    expect(existsSync(join(dir, 'own', 'data/diff'))).toBe(false); // one version: nothing to compare

    expect(await run(['--out', 'bundled', '--schema', 'windows-cimv2'], io())).toBe(0);
    const cimv2 = JSON.parse(readFileSync(join(dir, 'bundled', 'data/schema/root/cimv2.json'), 'utf8')) as BrowserNamespaceData;
    expect(cimv2.classes.length).toBeGreaterThan(500);
  });

  it('refuses bad arguments with one line', async () => {
    await expect(run(['--mof', 'a.mof', '--os', '2019'], io())).rejects.toThrow(UsageError);
    await expect(run(['--live'], io())).rejects.toThrow(/not supported/);
    await expect(run(['--port', 'x'], io())).rejects.toThrow(UsageError);
    await expect(run(['--bogus'], io())).rejects.toThrow(/unknown option --bogus/);
    await expect(run(['--namespace', 'root\\nowhere', '--out', 'x'], io())).rejects.toThrow(WmigenError);
    await expect(run(['--os', '95', '--out', 'x'], io())).rejects.toThrow(/unknown Windows version/);
  });
});
