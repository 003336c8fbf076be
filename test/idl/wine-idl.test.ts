/**
 * Generality: the grammar is tried on another real SDK, Wine's own IDL files (about 300,
 * from Debian's libwine-dev, /usr/include/wine/wine/windows), which nothing in the
 * grammar was shaped to. Every standalone file must load and model without error, and
 * for a spread sample the vtables must equal those of widl's C headers.
 *
 * WinRT files (`namespace`, `runtimeclass`, `apicontract`, `delegate`, parameterized
 * interfaces) are loaded too; widl names their C structs with mangled namespaces, so
 * the vtable comparison covers the classic ones. Fragments meant to be #included by
 * another file are skipped. Everything is skipped when the directory is absent.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIdl, type IdlParseCache } from '../../grammar/idl/load.js';
import { buildComModel } from '../../model/com/build.js';
import type { ComInterface, ComModel } from '../../model/com/types.js';

const wineDir = '/usr/include/wine/wine/windows';
const present = existsSync(wineDir);
if (!present) console.warn(`test/idl/wine-idl.test.ts: ${wineDir} not found (apt-get install libwine-dev); skipped`);

function standaloneFiles(): { files: string[]; winrt: string[]; fragments: string[] } {
  const all = readdirSync(wineDir).filter((f) => f.endsWith('.idl')).sort();
  const included = new Set<string>();
  const texts = new Map(all.map((f) => [f, readFileSync(join(wineDir, f), 'utf8')]));
  for (const t of texts.values()) for (const m of t.matchAll(/#\s*include\s+["<]([^">]+)[">]/g)) included.add(m[1]);
  const fragments = all.filter((f) => included.has(f));
  const winrt = all.filter((f) => !included.has(f) && /^\s*(namespace|runtimeclass|apicontract|delegate)\b/m.test(texts.get(f)!));
  const files = all.filter((f) => !included.has(f));
  return { files, winrt, fragments };
}

function widlAvailable(): boolean {
  try {
    execFileSync('widl', ['-V'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}

function fullVtable(model: ComModel, i: ComInterface): string[] {
  const base = i.base ? model.interfaces.find((x) => x.name === i.base) : undefined;
  return [...(base ? fullVtable(model, base) : []), ...i.methods.map((m) => m.name)];
}

describe.runIf(present)("Wine's IDL files", () => {
  const { files, winrt, fragments } = present ? standaloneFiles() : { files: [], winrt: [], fragments: [] };
  // Shared imports (objidl.idl, oaidl.idl, …) are parsed once for all files.
  const cache: IdlParseCache = new Map();
  const options = { includeDirs: [wineDir, join(wineDir, '..')], cache };

  it('load and model with no error, every standalone file, WinRT ones included', () => {
    const failures: string[] = [];
    for (const f of files) {
      try {
        buildComModel(loadIdl(join(wineDir, f), options));
      } catch (e) {
        failures.push(`${f}: ${(e as Error).message.split('\n')[0]}`);
      }
    }
    console.log(`wine-idl: ${files.length - failures.length}/${files.length} files (${winrt.length} of them WinRT); skipped ${fragments.length} fragments`);
    expect(failures).toEqual([]);
    expect(files.length).toBeGreaterThan(150);
    expect(winrt.length).toBeGreaterThan(10);
  }, 300_000);

  it.runIf(widlAvailable())('lay out vtables as widl does (a spread sample of 40 files)', () => {
    const work = mkdtempSync(join(tmpdir(), 'wmigen-wine-'));
    afterAll(() => rmSync(work, { recursive: true, force: true }));
    const classic = files.filter((f) => !winrt.includes(f));
    const step = Math.max(1, Math.floor(classic.length / 40));
    let compared = 0;
    for (let k = 0; k < classic.length; k += step) {
      const f = classic[k];
      const out = join(work, f.replace(/\.idl$/, '.h'));
      execFileSync('widl', ['-m64', '-I', wineDir, '-h', '-o', out, join(wineDir, f)], { stdio: 'pipe' });
      const header = readFileSync(out, 'utf8');
      const model = buildComModel(loadIdl(join(wineDir, f), options));
      for (const m of header.matchAll(/typedef struct (\w+)Vtbl \{([\s\S]*?)\} \1Vtbl;/g)) {
        const theirs = [...m[2].matchAll(/\((?:STDMETHODCALLTYPE|__\w+) \*(\w+)\)\(/g)].map((x) => x[1]);
        const mine = model.interfaces.find((i) => i.name === m[1]);
        if (!mine) continue; // a dispinterface: IDispatch's table
        expect(fullVtable(model, mine), `${f}: ${m[1]}`).toEqual(theirs);
        compared++;
      }
    }
    console.log(`wine-idl: ${compared} vtables compared with widl`);
    expect(compared).toBeGreaterThan(300);
  }, 300_000);
});
