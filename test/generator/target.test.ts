/**
 * `wmigen generate --target <Windows version>`: what the target lacks (by the bundled
 * windows-cimv2 snapshot's MinimumClient/MinimumServer qualifiers) is not generated, so an
 * app using it fails to type-check against those bindings and compiles against bindings
 * for a version that has it. Also the `@since` TSDoc, the config key and the errors.
 */
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { typecheckPaths } from './typecheck.js';

const work = mkdtempSync(join(tmpdir(), 'wmigen-target-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, 'package.json'), '{"type":"module"}');

async function wmigen(args: string[], cwd = work): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, isTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

/** A small app calling Win32_Process.GetAvailableVirtualSize (Windows 8.1 / Server 2012 R2 and later). */
function writeApp(bindings: string): string {
  const path = join(work, `app-${bindings}.ts`);
  writeFileSync(
    path,
    `import type { WmiServices } from '@wmigen/runtime';
import { Win32_Process } from './${bindings}/root/cimv2/index.js';

export async function freeVirtualBytes(wmi: WmiServices, handle: string): Promise<bigint | null> {
  const r = await wmi.call(Win32_Process, { Handle: handle }, 'GetAvailableVirtualSize');
  return r.AvailableVirtualSize;
}
`,
  );
  return path;
}

function bindingFiles(dir: string): string[] {
  const ns = join(work, dir, 'root', 'cimv2');
  return readdirSync(ns).map((f) => join(ns, f));
}

describe('wmigen generate --target', () => {
  it('leaves out a method the target lacks: the app fails to compile for Windows 7 and compiles for Windows 8.1', { timeout: 300_000 }, async () => {
    const old = await wmigen(['--schema', 'windows-cimv2', '--out', 'win7', '--classes', 'Win32_Process', '--target', 'Windows 7']);
    expect(old.code, old.stderr).toBe(0);
    expect(old.stderr).toContain('for Windows 7');
    const win7 = readFileSync(join(work, 'win7', 'root', 'cimv2', 'Win32_Process.ts'), 'utf8');
    expect(win7).not.toContain('GetAvailableVirtualSize');
    expect(win7).toContain('readonly Terminate:');

    const recent = await wmigen(['--schema', 'windows-cimv2', '--out', 'win81', '--classes', 'Win32_Process', '--target', 'Windows 8.1']);
    expect(recent.code, recent.stderr).toBe(0);
    const win81 = readFileSync(join(work, 'win81', 'root', 'cimv2', 'Win32_Process.ts'), 'utf8');
    expect(win81).toContain('readonly GetAvailableVirtualSize: MethodSignature<');

    const failing = typecheckPaths([writeApp('win7'), ...bindingFiles('win7')]);
    expect(failing.some((e) => /app-win7\.ts:5:.*"GetAvailableVirtualSize"/.test(e)), failing.join('\n')).toBe(true);
    const passing = typecheckPaths([writeApp('win81'), ...bindingFiles('win81')]);
    expect(passing).toEqual([]);
  });

  it('writes @since from MinimumClient and MinimumServer on classes, properties and methods', { timeout: 300_000 }, async () => {
    const r = await wmigen(['--schema', 'windows-cimv2', '--out', 'since', '--classes', 'Win32_Process,Win32_InstalledStoreProgram,Win32_BIOS']);
    expect(r.code, r.stderr).toBe(0);
    const proc = readFileSync(join(work, 'since', 'root', 'cimv2', 'Win32_Process.ts'), 'utf8');
    // The method's entry in Win32_Process_Methods carries the method's own availability.
    expect(proc).toMatch(/\* @since Windows 8\.1; Windows Server 2012 R2\n\s+\*\/\n\s+readonly GetAvailableVirtualSize: MethodSignature/);
    expect(proc).toMatch(/\* @since Windows Vista; Windows Server 2008\n \*\/\nexport interface Win32_Process /);
    const store = readFileSync(join(work, 'since', 'root', 'cimv2', 'Win32_InstalledStoreProgram.ts'), 'utf8');
    expect(store).toMatch(/\* @since Windows 8\n \*\/\nexport interface Win32_InstalledStoreProgram /);
    const bios = readFileSync(join(work, 'since', 'root', 'cimv2', 'Win32_BIOS.ts'), 'utf8');
    expect(bios).toMatch(/\* @since Windows 10; Windows Server 2016\n\s+\*\/\n\s+readonly EmbeddedControllerMajorVersion: number \| null;/);
  });

  it('drops whole classes a target lacks, and says so when one was asked for by name', { timeout: 300_000 }, async () => {
    const all = await wmigen(['--schema', 'windows-cimv2', '--out', 'win7-all', '--target', 'win7', '--quiet']);
    expect(all.code, all.stderr).toBe(0);
    const files = readdirSync(join(work, 'win7-all', 'root', 'cimv2'));
    expect(files).toContain('Win32_Process.ts');
    expect(files).not.toContain('Win32_InstalledStoreProgram.ts');
    expect(readFileSync(join(work, 'win7-all', 'root', 'cimv2', 'index.ts'), 'utf8')).not.toContain('Win32_InstalledStoreProgram');

    const named = await wmigen(['--schema', 'windows-cimv2', '--out', 'named', '--classes', 'Win32_InstalledStoreProgram', '--target', 'Windows 7']);
    expect(named.code).toBe(1);
    expect(named.stderr).toBe('wmigen: Win32_InstalledStoreProgram is not available on Windows 7 (--target Windows 7); nothing written\n');
    expect(existsSync(join(work, 'named'))).toBe(false);
  });

  it('an unknown target is exit 1 with a clear message and no stack, before anything is written', async () => {
    const r = await wmigen(['--schema', 'windows-cimv2', '--out', 'bad', '--target', 'Windows 9']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/^wmigen: unknown Windows version 'Windows 9'; use e\.g\. "Windows 8\.1"/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(work, 'bad'))).toBe(false);
  });

  it('takes the target from wmigen.config.json; the command line wins', { timeout: 300_000 }, async () => {
    const dir = mkdtempSync(join(work, 'cfg-'));
    writeFileSync(join(dir, 'wmigen.config.json'), JSON.stringify({ schema: 'windows-cimv2', out: 'wmi', classes: 'Win32_Process', target: 'Windows 7' }));
    const r = await wmigen(['--quiet'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(readFileSync(join(dir, 'wmi', 'root', 'cimv2', 'Win32_Process.ts'), 'utf8')).not.toContain('GetAvailableVirtualSize');
    const over = await wmigen(['--quiet', '--target', 'win10-1809'], dir);
    expect(over.code, over.stderr).toBe(0);
    expect(readFileSync(join(dir, 'wmi', 'root', 'cimv2', 'Win32_Process.ts'), 'utf8')).toContain('GetAvailableVirtualSize');
    const bad = await wmigen(['--quiet', '--target', 'nope'], dir);
    expect(bad.code).toBe(1);
    // The failed run left the previous output alone.
    expect(readFileSync(join(dir, 'wmi', 'root', 'cimv2', 'Win32_Process.ts'), 'utf8')).toContain('GetAvailableVirtualSize');
  });

  it('the usage text names --target, schema bundle and the diff flags', async () => {
    const r = await wmigen(['--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('[--target <Windows version>]');
    expect(r.stdout).toContain('wmigen schema bundle <desktop-src dir>');
    expect(r.stdout).toMatch(/wmigen diff <a> <b\|--live> \[--live\] \[--effective\] \[--all-qualifiers\] \[--exit-code\]/);
  });
});
