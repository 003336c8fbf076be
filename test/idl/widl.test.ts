/**
 * The vtable layout checked against an independent IDL compiler: Wine's widl turns the
 * same IDL into a C header, whose `<Interface>Vtbl` structs list the slots in the order
 * the C compiler lays them out. Every interface of each WMI IDL file is compared:
 * method order (inherited slots included), parameter names, and IID.
 *
 * widl comes from Debian's `wine64-tools` package; without it these tests are skipped
 * (and say so). The mingw headers include <_mingw.h>, which is not in the corpus; a stub
 * gives widl the two macros the headers take from it, as wmigen predefines them.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadIdl } from '../../grammar/idl/load.js';
import { buildComModel } from '../../model/com/build.js';
import type { ComInterface, ComModel } from '../../model/com/types.js';
import { mingwIdlDir } from '../corpus.js';

function findWidl(): string | undefined {
  try {
    execFileSync('widl', ['-V'], { stdio: 'pipe' });
    return 'widl';
  } catch {
    return undefined;
  }
}

const widl = findWidl();
if (!widl) console.warn('test/idl/widl.test.ts: widl not found (apt-get install wine64-tools); the widl comparison is skipped');

interface VtblEntry {
  readonly name: string;
  readonly params: string[];
}

/** `typedef struct XVtbl { … } XVtbl;` blocks of a widl header: slot names and parameter names. */
function readVtables(header: string): Map<string, VtblEntry[]> {
  const out = new Map<string, VtblEntry[]>();
  for (const m of header.matchAll(/typedef struct (\w+)Vtbl \{([\s\S]*?)\} \1Vtbl;/g)) {
    const entries: VtblEntry[] = [];
    for (const f of m[2].matchAll(/\((?:STDMETHODCALLTYPE|__\w+) \*(\w+)\)\(([\s\S]*?)\);/g)) {
      const params = f[2]
        .split(',')
        .slice(1) // `This`
        .map((p) => /(\w+)(\s*\[\s*\w*\s*\])?\s*$/.exec(p.trim())?.[1] ?? p.trim());
      entries.push({ name: f[1], params });
    }
    out.set(m[1], entries);
  }
  return out;
}

function readIids(header: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of header.matchAll(/MIDL_INTERFACE\("([0-9a-fA-F-]+)"\)\s*(\w+)/g)) out.set(m[2], m[1].toUpperCase());
  return out;
}

/** The whole vtable of an interface from the model: bases' methods first. */
function fullVtable(model: ComModel, i: ComInterface): VtblEntry[] {
  const byName = new Map(model.interfaces.map((x) => [x.name, x]));
  const base = i.base ? byName.get(i.base) : undefined;
  return [...(base ? fullVtable(model, base) : []), ...i.methods.map((m) => ({ name: m.name, params: m.params.map((p) => p.name) }))];
}

const roots = ['wbemcli.idl', 'wbemprov.idl', 'wbemdisp.idl', 'wbemtran.idl', 'wbemads.idl'];

describe.runIf(widl !== undefined)('vtables agree with widl', () => {
  const dir = mingwIdlDir;
  const work = mkdtempSync(join(tmpdir(), 'wmigen-widl-'));
  writeFileSync(join(work, '_mingw.h'), '#define __MINGW_EXTENSION\n#define __LONG32 long\n');
  afterAll(() => rmSync(work, { recursive: true, force: true }));

  it.each(roots)('every interface of %s', (root) => {
    const headerPath = join(work, root.replace(/\.idl$/, '.h'));
    execFileSync(widl!, ['-m64', '-I', dir, '-I', work, '-h', '-o', headerPath, join(dir, root)], { stdio: 'pipe' });
    const header = readFileSync(headerPath, 'utf8');
    const vtables = readVtables(header);
    const iids = readIids(header);
    const model = buildComModel(loadIdl(join(dir, root), { includeDirs: [dir] }));
    const ours = model.interfaces.filter((i) => i.file === root && i.isObject);
    expect(ours.length).toBeGreaterThan(0);
    let compared = 0;
    for (const i of ours) {
      const theirs = vtables.get(i.name);
      expect(theirs, `widl emitted no vtable for ${i.name}`).toBeDefined();
      const mine = fullVtable(model, i);
      expect(mine.map((e) => e.name), `${i.name} slot order`).toEqual(theirs!.map((e) => e.name));
      expect(mine.map((e) => e.params), `${i.name} parameters`).toEqual(theirs!.map((e) => e.params));
      expect(i.vtableLength).toBe(theirs!.length);
      if (iids.has(i.name)) expect(i.iid, `${i.name} IID`).toBe(iids.get(i.name));
      compared++;
    }
    // And widl has no object interface of this file that the model lacks.
    const names = new Set(ours.map((i) => i.name));
    const declaredHere = [...vtables.keys()].filter((n) => new RegExp(`interface ${n}\\b`).test(readFileSync(join(dir, root), 'utf8')));
    const missing = declaredHere.filter((n) => !names.has(n));
    // A dispinterface's C vtable is IDispatch's; the model keeps dispinterfaces apart.
    const dispatch = model.interfaces.find((x) => x.name === 'IDispatch');
    for (const d of model.dispinterfaces.filter((x) => missing.includes(x.name))) {
      expect(vtables.get(d.name)!.map((e) => e.name)).toEqual(fullVtable(model, dispatch!).map((e) => e.name));
      missing.splice(missing.indexOf(d.name), 1);
    }
    expect(missing).toEqual([]);
    expect(compared).toBe(ours.length);
  });

  it('agrees on every interface of the whole wbemcli.idl closure', () => {
    const header = readFileSync(join(work, 'wbemcli.h'), 'utf8');
    const vtables = readVtables(header);
    const model = buildComModel(loadIdl(join(dir, 'wbemcli.idl'), { includeDirs: [dir] }));
    // widl's header holds only the root file's interfaces; compile each import too.
    let compared = 0;
    for (const file of model.files.filter((f) => f.endsWith('.idl') && f !== 'wbemcli.idl')) {
      const out = join(work, file.replace(/\.idl$/, '.h'));
      execFileSync(widl!, ['-m64', '-I', dir, '-I', work, '-h', '-o', out, join(dir, file)], { stdio: 'pipe' });
      const v = readVtables(readFileSync(out, 'utf8'));
      for (const [k, e] of v) vtables.set(k, e);
    }
    for (const i of model.interfaces.filter((x) => x.isObject)) {
      const theirs = vtables.get(i.name);
      if (!theirs) continue;
      expect(fullVtable(model, i).map((e) => e.name), i.name).toEqual(theirs.map((e) => e.name));
      compared++;
    }
    expect(compared).toBeGreaterThan(150);
  });
});
