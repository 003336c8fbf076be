/**
 * Each namespace index adds its classes to the runtime's `WmiClassMap`, so
 * `associatorsVia(proc, Win32_SessionProcess)` is typed by the classes the association's
 * references name (Win32_LogonSession | Win32_Process), checked by the TypeScript compiler
 * on bindings generated from the bundled windows-cimv2 snapshot.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main } from '../../cli/main.js';
import { generateCimBindings, emitNamespaceIndex } from '../../generator/cim/generate.js';
import { findSnapshot, loadSnapshot } from '../../sources/load.js';
import { typecheckFiles } from './typecheck.js';

const app = (from: string) => `import type { Typed, WmiServices } from '@wmigen/runtime';
import { Win32_SessionProcess, type Win32_LogonSession, type Win32_Process } from '${from}';

type Equals<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;

export async function sessionsOf(wmi: WmiServices, proc: Win32_Process): Promise<string[]> {
  const ids: string[] = [];
  for await (const end of wmi.associatorsVia(proc, Win32_SessionProcess)) {
    const exact: Equals<typeof end, Typed<Win32_LogonSession | Win32_Process>> = true;
    void exact;
    if (end.__CLASS === 'Win32_LogonSession') ids.push(String((end as Win32_LogonSession).LogonId));
    end.NoSuchProperty;
  }
  return ids;
}
`;

describe('WmiClassMap augmentation by the namespace index', () => {
  it('types associatorsVia(proc, Win32_SessionProcess) as Win32_LogonSession | Win32_Process', { timeout: 300_000 }, async () => {
    const loaded = await loadSnapshot(findSnapshot('windows-cimv2'));
    const result = generateCimBindings(loaded.schema, { namespaces: ['root\\cimv2'], classes: ['Win32_SessionProcess'] });
    const files = result.files.map((f) => ({ path: `wmi/${f.path}`, text: f.text }));
    const index = files.find((f) => f.path === 'wmi/root/cimv2/index.ts')!.text;
    expect(index).toContain("declare module \"@wmigen/runtime\" {\n  interface WmiClassMap {\n");
    expect(index).toContain("    Win32_LogonSession: import('./Win32_LogonSession.js').Win32_LogonSession;\n");

    // Through the index: typed ends; the only error is the property no end class has.
    const typed = typecheckFiles([...files, { path: 'app.ts', text: app('./wmi/root/cimv2/index.js') }]);
    expect(typed.errors, typed.errors.join('\n')).toHaveLength(1);
    expect(typed.errors[0]).toMatch(/app\.ts:12:\d+: Property 'NoSuchProperty' does not exist on type/);

    // Without the index in the program nothing augments the map: the ends are untyped
    // records, so the exactness check fails (and a misspelt property goes unnoticed).
    const withoutIndex = files.filter((f) => !f.path.endsWith('/index.ts'));
    const untyped = typecheckFiles([
      ...withoutIndex,
      {
        path: 'app.ts',
        text: app('./wmi/root/cimv2/Win32_SessionProcess.js')
          .replace("import { Win32_SessionProcess, type Win32_LogonSession, type Win32_Process } from './wmi/root/cimv2/Win32_SessionProcess.js';",
            "import { Win32_SessionProcess } from './wmi/root/cimv2/Win32_SessionProcess.js';\nimport type { Win32_LogonSession } from './wmi/root/cimv2/Win32_LogonSession.js';\nimport type { Win32_Process } from './wmi/root/cimv2/Win32_Process.js';"),
      },
    ]);
    expect(untyped.errors.some((e) => /app\.ts:\d+:\d+: Type 'true' is not assignable to type 'false'/.test(e)), untyped.errors.join('\n')).toBe(true);
    expect(untyped.errors.some((e) => /NoSuchProperty/.test(e))).toBe(false);
  });

  it('keys the map by CIM class name and quotes names that are not identifiers', () => {
    const text = emitNamespaceIndex('root\\x', [
      { moduleName: 'Record', id: 'Record_', cls: { name: 'Record' } },
      { moduleName: 'odd-name', id: 'odd_name', cls: { name: 'odd-name' } },
    ], '../runtime/index.js');
    expect(text).toContain("    Record: import('./Record.js').Record_;\n");
    expect(text).toContain("    'odd-name': import('./odd-name.js').odd_name;\n");
    expect(text).toContain('declare module "../runtime/index.js" {');
    expect(emitNamespaceIndex('root\\x', [])).not.toContain('declare module');
    expect(emitNamespaceIndex('root\\x', [{ moduleName: 'A', id: 'A', cls: { name: 'A' } }], null)).not.toContain('declare module');
  });

  it('--no-class-map (config classMap: false) leaves the augmentation out', { timeout: 300_000 }, async () => {
    const work = mkdtempSync(join(tmpdir(), 'wmigen-classmap-'));
    try {
      const io = { stdout: () => {}, stderr: () => {}, cwd: work, isTTY: false };
      expect(await main(['--schema', 'windows-cimv2', '--out', 'on', '--classes', 'Win32_Process', '--quiet'], io)).toBe(0);
      expect(readFileSync(join(work, 'on', 'root', 'cimv2', 'index.ts'), 'utf8')).toContain('interface WmiClassMap {');
      expect(await main(['--schema', 'windows-cimv2', '--out', 'off', '--classes', 'Win32_Process', '--quiet', '--no-class-map'], io)).toBe(0);
      const off = readFileSync(join(work, 'off', 'root', 'cimv2', 'index.ts'), 'utf8');
      expect(off).not.toContain('WmiClassMap');
      expect(off).toContain("export * from './Win32_Process.js';");
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  });
});
