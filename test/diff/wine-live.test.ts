/**
 * The docs snapshot against a live WMI: `wmigen diff windows-cimv2 --live` in node.exe under
 * Wine (Wine's wbemprox implements part of root\cimv2). Every property and parameter Wine
 * has must have the type the reference pages give it, and Wine must have nothing the pages
 * lack. Runs where the Wine suite has prepared its environment (.cache/wine).
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';
import type { SchemaChange } from '../../model/diff.js';

const wineReady = existsSync(join(repoRoot, '.cache', 'wine', 'prefix')) && process.platform === 'linux';
const classes = [
  'Win32_Process',
  'Win32_OperatingSystem',
  'Win32_ComputerSystem',
  'Win32_Service',
  'Win32_LogicalDisk',
  'Win32_BIOS',
  'Win32_Processor',
  'Win32_DiskDrive',
  'Win32_NetworkAdapter',
  'Win32_VideoController',
];

describe.runIf(wineReady)('docs snapshot against Wine\'s live root\\cimv2', () => {
  let changes: SchemaChange[];

  beforeAll(async () => {
    const { prepareWine, windowsPath } = await import('../wine/wine.js');
    const node = prepareWine();
    const mainUrl = `file:///${windowsPath(join(repoRoot, 'dist', 'cli', 'main.js')).replace(/\\/g, '/')}`;
    const script = fileURLToPath(new URL('./wine-diff.mjs', import.meta.url));
    let result: { code: number; out: string; err: string };
    try {
      result = node.runForJson<{ code: number; out: string; err: string }>(script, [mainUrl, 'diff', 'windows-cimv2', '--live', '--classes', classes.join(','), '--effective', '--json'], 300_000).result;
    } finally {
      node.stop();
    }
    expect(result.code, result.err).toBe(0);
    changes = (JSON.parse(result.out) as { changes: SchemaChange[] }).changes;
  }, 600_000);

  it('finds every class Wine implements in the docs snapshot', () => {
    expect(changes.filter((c) => c.element === 'class' && c.kind !== 'changed')).toEqual([]);
  });

  it('Wine has no property, method or parameter the pages lack', () => {
    expect(changes.filter((c) => c.kind === 'added').map((c) => c.path)).toEqual([]);
  });

  it('every property and parameter Wine has is typed as the pages say', () => {
    const typeChanges = changes.filter((c) => c.details.some((d) => /^(return )?type:|^direction:|^static:/.test(d)));
    expect(typeChanges.map((c) => `${c.path}: ${c.details.join('; ')}`)).toEqual([]);
    // The comparison did compare something: Wine's properties of these classes.
    expect(changes.filter((c) => c.element === 'property' && c.kind === 'changed').length).toBeGreaterThan(50);
  });
});
