/**
 * The vtable layout checked against a C compiler: MinGW-w64's gcc compiles a C file
 * that includes the mingw-w64 system headers for the same IDL files (wbemcli.h, …, as
 * shipped by Debian's mingw-w64-x86-64-dev, version 10.0.0 like the corpus) and records
 * `offsetof(<I>Vtbl, <Method>) / sizeof(void *)` for every method of every interface
 * and `sizeof(<I>Vtbl) / sizeof(void *)` for every interface; the assembly gives the
 * numbers, and each must equal the model's slot and vtable length.
 *
 * Needs `x86_64-w64-mingw32-gcc` (Debian: gcc-mingw-w64-x86-64-win32); skipped with a
 * message when it is absent.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadIdl, type IdlParseCache } from '../../grammar/idl/load.js';
import { buildComModel } from '../../model/com/build.js';
import type { ComInterface, ComModel } from '../../model/com/types.js';
import { mingwIdlDir } from '../corpus.js';

const gcc = 'x86_64-w64-mingw32-gcc';
function hasGcc(): boolean {
  try {
    execFileSync(gcc, ['--version'], { stdio: 'pipe' });
    return true;
  } catch {
    return false;
  }
}
const available = hasGcc();
if (!available) console.warn(`test/idl/c-layout.test.ts: ${gcc} not found (apt-get install gcc-mingw-w64-x86-64-win32); skipped`);

interface Check {
  readonly iface: string;
  readonly expr: string;
  readonly want: number;
  readonly what: string;
}

/** Every (interface, method) slot and every vtable length. */
function expectations(model: ComModel, interfaces: readonly ComInterface[]): Check[] {
  const byName = new Map(model.interfaces.map((i) => [i.name, i]));
  const out: Check[] = [];
  for (const i of interfaces) {
    for (let b: ComInterface | undefined = i; b; b = b.base ? byName.get(b.base) : undefined) {
      for (const m of b.methods) out.push({ iface: i.name, expr: `offsetof(${i.name}Vtbl, ${m.name}) / sizeof(void *)`, want: m.slot, what: `${i.name}::${m.name}` });
    }
    out.push({ iface: i.name, expr: `sizeof(${i.name}Vtbl) / sizeof(void *)`, want: i.vtableLength, what: `${i.name} length` });
  }
  return out;
}

/**
 * C source recording each check; an interface the headers leave out (behind a
 * `_WIN32_WINNT` or feature test in their cpp_quote blocks) records 0xFFFFFFFF instead.
 */
function cSource(headers: readonly string[], checks: readonly Check[]): string {
  const lines = [
    '#define WIN32_LEAN_AND_MEAN', // keeps winspool's SetPort -> SetPortA macro out
    '#define _WIN32_WINNT 0x0A00',
    '#include <stddef.h>',
    '#include <windows.h>',
    '#include <ole2.h>',
    ...headers.map((h) => `#include <${h}>`),
    'const unsigned wmigen_layout[] = {',
  ];
  let current = '';
  for (const c of checks) {
    if (c.iface !== current) {
      if (current) lines.push('#endif');
      current = c.iface;
      lines.push(`#ifdef __${c.iface}_INTERFACE_DEFINED__`);
      const n = checks.filter((x) => x.iface === c.iface).length;
      lines.push(...checks.filter((x) => x.iface === c.iface).map((x) => `  (unsigned)(${x.expr}),`));
      lines.push('#else', ...Array.from({ length: n }, () => '  0xFFFFFFFFu,'));
    }
  }
  if (current) lines.push('#endif');
  lines.push('};');
  return lines.join('\n');
}

describe.runIf(available)('vtables agree with the C compiler', () => {
  const dir = mingwIdlDir;
  const cache: IdlParseCache = new Map();

  it.each([
    ['wbemcli.idl', 'wbemcli.h'],
    ['wbemprov.idl', 'wbemprov.h'],
    ['wbemdisp.idl', 'wbemdisp.h'],
    ['wbemtran.idl', 'wbemtran.h'],
    ['wbemads.idl', 'wbemads.h'],
  ])('every method of every interface of %s, and of its whole import closure', (idl, header) => {
    const model = buildComModel(loadIdl(join(dir, idl), { includeDirs: [dir], cache }));
    // The root file's interfaces, and those of the imports that windows.h/ole2.h bring.
    const closureHeaders = model.files.filter((f) => f.endsWith('.idl')).map((f) => f.replace(/\.idl$/, '.h'));
    const interfaces = model.interfaces.filter((i) => i.isObject && i.methods.length + i.vtableStart > 0);
    const checks = expectations(model, interfaces);
    const work = mkdtempSync(join(tmpdir(), 'wmigen-c-'));
    try {
      writeFileSync(join(work, 'layout.c'), cSource([...closureHeaders, header], checks));
      execFileSync(gcc, ['-S', '-O0', '-w', '-o', join(work, 'layout.s'), join(work, 'layout.c')], { stdio: 'pipe' });
      const asm = readFileSync(join(work, 'layout.s'), 'utf8');
      const block = /wmigen_layout:\n((?:\s*\.long\s+-?\d+\n)+)/.exec(asm);
      expect(block, 'layout array in the assembly').not.toBeNull();
      const got = [...block![1].matchAll(/\.long\s+(-?\d+)/g)].map((m) => Number(m[1]) >>> 0);
      expect(got.length).toBe(checks.length);
      const absent = new Set(checks.filter((_, k) => got[k] === 0xffffffff).map((x) => x.iface));
      const mismatches = checks
        .map((x, k) => ({ x, c: got[k] }))
        .filter(({ x, c }) => !absent.has(x.iface) && c !== x.want)
        .map(({ x, c }) => `${x.what}: model ${x.want}, C ${c}`);
      expect(mismatches).toEqual([]);
      console.log(`c-layout: ${idl}: ${checks.length - checks.filter((x) => absent.has(x.iface)).length} slots and lengths equal to gcc's over ${interfaces.length - absent.size} interfaces (${absent.size} left out by the headers' own #if: ${[...absent].join(', ')})`);
      // Every interface of the root file itself is in its header and was compared.
      const own = interfaces.filter((i) => i.file === idl);
      expect(own.length).toBeGreaterThan(0);
      expect(own.filter((i) => absent.has(i.name)).map((i) => i.name)).toEqual([]);
      expect(absent.size).toBeLessThan(interfaces.length / 10);
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 120_000);
});
