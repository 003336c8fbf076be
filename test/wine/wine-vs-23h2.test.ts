/**
 * Fidelity of the 23H2 snapshots against Wine's real WMI (wbemprox). Wine cannot list its
 * classes (CreateClassEnum fails, meta_class is empty), so the candidates are the names
 * wbemprox.dll itself carries: every UTF-16 identifier in the DLL is tried in each
 * namespace Wine serves, and those its WMI resolves are read with the runtime's
 * live-schema reader under Wine. Then: every class Wine has exists in the 23H2 snapshot of
 * that namespace, every property Wine gives it exists there (declared or inherited) with a
 * compatible CIM type, and so does every method. Each disagreement is listed, with the reason, in
 * wine-vs-23h2.txt; the test fails on one that is not listed and on a listed one that no
 * longer occurs. Runs where Wine is set up (.cache/wine, or WMIGEN_WINE=1 / CI).
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { CimProperty, CimType } from '../../model/cim/types.js';
import { loadWindowsSnapshot } from '../../sources/windows/load.js';
import { repoRoot } from '../corpus.js';

const wineWanted =
  process.platform === 'linux' && (existsSync(join(repoRoot, '.cache', 'wine', 'prefix')) || process.env.WMIGEN_WINE === '1' || !!process.env.CI);

/** The namespaces Wine 8's wbemprox serves (ConnectServer succeeds for each). */
const namespaces = ['root\\cimv2', 'root\\default', 'root\\WMI', 'root\\Microsoft\\Windows\\Storage'];

/** Unkeyed reads of these walk every file of drive Z: (the host's `/`): read them by key. */
const keyedReads: Record<string, string> = {
  cim_datafile: 'CIM_DataFile.Name="C:\\\\windows\\\\notepad.exe"',
  win32_directory: 'Win32_Directory.Name="C:\\\\windows"',
};

interface WineProperty {
  name: string;
  type: CimType;
  isArray: boolean;
  refClass: string | null;
}
interface WineClass {
  name: string;
  properties: WineProperty[];
  methods: string[];
}
interface WineResult {
  namespaces: Array<{ namespace: string; classes: WineClass[]; connectError?: string }>;
  fatal?: string;
}

/** Every UTF-16LE identifier of three or more characters in a DLL: its wide string constants. */
function wideIdentifiers(dll: Buffer): string[] {
  const text = dll.toString('latin1');
  const out = new Set<string>();
  for (const m of text.matchAll(/(?:[A-Za-z0-9_]\x00){3,}/g)) {
    const s = m[0].replace(/\x00/g, '');
    if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(s)) out.add(s);
  }
  return [...out].sort();
}

function typeText(p: { type: string; isArray: boolean; refClass?: string | null }): string {
  return `${p.type === 'reference' ? `${p.refClass ?? 'object'} ref` : p.type}${p.isArray ? '[]' : ''}`;
}

/**
 * Whether the snapshot's type is Wine's: the same CIM type and array-ness. Reference classes
 * are not compared: Wine's qualifier sets are empty, so its references name no class.
 */
function compatible(wine: WineProperty, snap: CimProperty): boolean {
  return wine.isArray === snap.isArray && wine.type === snap.type;
}

function readReviewed(): Map<string, string> {
  const reviewed = new Map<string, string>();
  const file = fileURLToPath(new URL('./wine-vs-23h2.txt', import.meta.url));
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const cut = line.indexOf(' # ');
    reviewed.set(cut >= 0 ? line.slice(0, cut).trim() : line, cut >= 0 ? line.slice(cut + 3).trim() : '');
  }
  return reviewed;
}

describe.runIf(wineWanted)("Wine's live classes against the 23H2 snapshots", () => {
  let result: WineResult;
  const disagreements: string[] = [];
  let compared = 0;

  beforeAll(async () => {
    const { prepareWine, windowsPath } = await import('./wine.js');
    const wine = prepareWine();
    const work = mkdtempSync(join(tmpdir(), 'wmigen-wine-classes-'));
    try {
      const dll = readFileSync(join(wine.wine.prefix, 'drive_c', 'windows', 'system32', 'wbem', 'wbemprox.dll'));
      const candidates = wideIdentifiers(dll).map((n) => keyedReads[n.toLowerCase()] ?? n);
      writeFileSync(join(work, 'candidates.txt'), candidates.join('\n'));
      const script = fileURLToPath(new URL('./live-classes.mjs', import.meta.url));
      result = wine.runForJson<WineResult>(script, [windowsPath(join(repoRoot, 'dist')), namespaces.join(';'), windowsPath(join(work, 'candidates.txt'))], 600_000).result;
    } finally {
      wine.stop();
      rmSync(work, { recursive: true, force: true });
    }
    expect(result.fatal).toBeUndefined();
    for (const ns of result.namespaces) {
      const loaded = await loadWindowsSnapshot({ os: '23h2', namespace: ns.namespace }, { dir: join(repoRoot, 'schemas'), compiledDir: null });
      const byName = new Map(loaded.schema.namespaces[0].classes.map((c) => [c.name.toLowerCase(), c]));
      for (const wc of ns.classes) {
        const sc = byName.get(wc.name.toLowerCase());
        if (!sc) {
          disagreements.push(`class ${ns.namespace} ${wc.name}: not in 23H2`);
          continue;
        }
        const props = new Map(sc.properties.map((p) => [p.name.toLowerCase(), p]));
        const methods = new Set(sc.methods.map((m) => m.name.toLowerCase()));
        for (const m of wc.methods) {
          if (!methods.has(m.toLowerCase())) disagreements.push(`method ${ns.namespace} ${wc.name}.${m}: not in 23H2`);
        }
        for (const wp of wc.properties) {
          const sp = props.get(wp.name.toLowerCase());
          compared++;
          if (!sp) disagreements.push(`property ${ns.namespace} ${wc.name}.${wp.name}: not in 23H2`);
          else if (!compatible(wp, sp)) disagreements.push(`type ${ns.namespace} ${wc.name}.${wp.name}: Wine ${typeText(wp)}, 23H2 ${typeText(sp)}`);
        }
      }
    }
  }, 900_000);

  it('reads the classes Wine serves in each namespace', () => {
    expect(result.namespaces.map((n) => [n.namespace, n.connectError])).toEqual(namespaces.map((n) => [n, undefined]));
    const cimv2 = result.namespaces.find((n) => n.namespace === 'root\\cimv2')!.classes.map((c) => c.name);
    // What the Wine README lists among its classes: the probe found them.
    expect(cimv2).toEqual(expect.arrayContaining(['Win32_OperatingSystem', 'Win32_Process', 'Win32_Service', 'Win32_LogicalDisk', 'Win32_BIOS', 'StdRegProv', 'CIM_DataFile']));
    expect(cimv2.length).toBeGreaterThan(25);
    expect(compared).toBeGreaterThan(200);
  });

  it('every class, property and method Wine has is in 23H2 with a compatible type, or listed in wine-vs-23h2.txt', () => {
    const reviewed = readReviewed();
    expect(disagreements.filter((d) => !reviewed.has(d)), 'disagreements not in wine-vs-23h2.txt').toEqual([]);
    expect([...reviewed.keys()].filter((k) => !disagreements.includes(k)), 'entries of wine-vs-23h2.txt that no longer occur').toEqual([]);
  });
});
