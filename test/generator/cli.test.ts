/**
 * The `wmigen [generate]` command end to end through cli/main.ts: sources, the bundled
 * default, --classes, the unchanged-input skip, --check drift (exit 3), atomic output,
 * config files, and the errors and exit codes users see.
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { MANIFEST_NAME } from '../../generator/cim/output.js';
import { parseGenerateArgs } from '../../cli/commands/generate.js';
import { bundledSnapshotFor } from '../../sources/bundled.js';

const work = mkdtempSync(join(tmpdir(), 'wmigen-cli-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function wmigen(args: string[], cwd = work, isTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  const io: CommandIo = { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), cwd, isTTY };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

const serviceMof = `
[Description("A service.")]
class Demo_Service {
  [Key, Description("Service name.")] string Name;
  [Write, ValueMap {"Auto", "Manual", "Disabled"}] string StartMode;
  uint64 Memory;
  [Static, ValueMap {"0", "2"}, Values {"Success", "Access Denied"}] uint32 Create([In] string Name);
};
class Demo_Driver : Demo_Service {
  [Description("Driver path.")] string Path;
};
class Demo_Other {
  [Key] string Id;
};
`;
const mofPath = join(work, 'demo.mof');
writeFileSync(mofPath, serviceMof);

describe('wmigen generate', () => {
  it('uses the newest per-OS snapshot of the namespace when no source is given (not on Windows) and says so', { timeout: 300_000 }, async () => {
    const out = join(work, 'default');
    const snapshot = bundledSnapshotFor('root\\cimv2')!.entry;
    const r = await wmigen(['--namespace', 'root\\cimv2', '--out', out, '--classes', 'CIM_Process']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('no WMI on this machine: using the bundled Windows Server 23H2 snapshot windows-23h2-root-cimv2 for root\\cimv2\n');
    // The description is in the summary line only.
    expect(r.stderr.split(snapshot.description!).length - 1).toBe(1);
    expect(readdirSync(join(out, 'root', 'cimv2'))).toContain('CIM_Process.ts');
  });

  it('--schema picks a bundled snapshot; --classes closes over superclasses and references', { timeout: 300_000 }, async () => {
    const out = join(work, 'bundled');
    const r = await wmigen(['--schema', 'cim-2.51', '--out', out, '--classes', 'CIM_Process']);
    expect(r.code).toBe(0);
    expect(r.stderr).not.toContain('no WMI on this machine');
    const files = readdirSync(join(out, 'root', 'cimv2')).sort();
    expect(files).toContain('CIM_Process.ts');
    expect(files).toContain('CIM_ManagedElement.ts'); // superclass closure
    expect(files).toContain('CIM_ConcreteJob.ts'); // referenced by a method parameter
    expect(files).toHaveLength(10);
    expect(readFileSync(join(out, 'root', 'cimv2', 'CIM_Process.ts'), 'utf8').split('\n')[1]).toBe('// source: bundled schema cim-2.51, System/CIM_Process.mof');
  });

  it('generates from --mof, then skips an unchanged re-run, then regenerates on change', async () => {
    const out = join(work, 'demo-out');
    const first = await wmigen(['generate', '--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out]);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/3 classes of root\\cimv2 from 1 MOF file .* \(4 files written, 0 unchanged, 0 removed\)/);
    const text = readFileSync(join(out, 'root', 'cimv2', 'Demo_Service.ts'), 'utf8');
    expect(text).toContain("export type Demo_Service_StartMode = 'Auto' | 'Manual' | 'Disabled';");
    expect(text.split('\n')[1]).toBe('// source: demo.mof');
    const manifest = readFileSync(join(out, MANIFEST_NAME), 'utf8');
    expect(manifest).not.toContain(work); // no machine paths
    const second = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out]);
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('is up to date');
    // an edited output file is named and kept; --force restores it
    writeFileSync(join(out, 'root', 'cimv2', 'Demo_Other.ts'), '// edited\n');
    const third = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out]);
    expect(third.code).toBe(1);
    expect(third.stderr).toContain('root/cimv2/Demo_Other.ts');
    expect(readFileSync(join(out, 'root', 'cimv2', 'Demo_Other.ts'), 'utf8')).toBe('// edited\n');
    const restored = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out, '--force']);
    expect(restored.stderr).toContain('(1 files written, 3 unchanged, 0 removed)'); // counts compare with what is on disk
    expect(readFileSync(join(out, 'root', 'cimv2', 'Demo_Other.ts'), 'utf8')).toContain('DO NOT EDIT');
    // a changed input regenerates and removes what is gone
    writeFileSync(mofPath, serviceMof.replace(/class Demo_Other \{[^}]*\};/, ''));
    const fourth = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out]);
    expect(fourth.stderr).toContain('1 removed');
    expect(existsSync(join(out, 'root', 'cimv2', 'Demo_Other.ts'))).toBe(false);
    writeFileSync(mofPath, serviceMof);
  });

  it('--check exits 0 when in sync and 3 on drift, naming the files, without writing', async () => {
    const out = join(work, 'check-out');
    expect((await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out])).code).toBe(0);
    const ok = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out, '--check']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toContain('matches the generator');
    const file = join(out, 'root', 'cimv2', 'Demo_Driver.ts');
    writeFileSync(file, readFileSync(file, 'utf8') + '// drift\n');
    writeFileSync(join(out, 'root', 'cimv2', 'Extra.ts'), '// Code generated by wmigen. DO NOT EDIT.\n');
    rmSync(join(out, 'root', 'cimv2', 'Demo_Other.ts'));
    const drift = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out, '--check']);
    expect(drift.code).toBe(3);
    expect(drift.stderr).toContain('changed root/cimv2/Demo_Driver.ts');
    expect(drift.stderr).toContain('missing root/cimv2/Demo_Other.ts');
    expect(drift.stderr).toContain('stale root/cimv2/Extra.ts');
    expect(readFileSync(file, 'utf8')).toContain('// drift'); // --check never writes
  });

  it('leaves the previous output intact when the input has errors (exit 1, code frame)', async () => {
    const out = join(work, 'demo-out');
    const before = readFileSync(join(out, 'root', 'cimv2', 'Demo_Service.ts'), 'utf8');
    const bad = join(work, 'bad.mof');
    writeFileSync(bad, 'class Broken {\n  uint32 x\n};\n');
    const r = await wmigen(['--namespace', 'root\\cimv2', '--mof', bad, '--out', out]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/bad\.mof:\d+:\d+: error MOF\d+/);
    expect(r.stderr).toContain('> ');
    expect(r.stderr).toContain('nothing written');
    expect(readFileSync(join(out, 'root', 'cimv2', 'Demo_Service.ts'), 'utf8')).toBe(before);
  });

  it('writes into a directory with files it did not write, leaving them alone', async () => {
    const out = join(work, 'foreign');
    mkdirSync(out, { recursive: true });
    writeFileSync(join(out, 'notes.txt'), 'mine');
    const r = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out]);
    expect(r.code).toBe(0);
    expect(readFileSync(join(out, 'notes.txt'), 'utf8')).toBe('mine');
  });

  it('reads wmigen.config.json, with the command line winning', async () => {
    const dir = join(work, 'configured');
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'wmigen.config.json'), JSON.stringify({ namespace: 'root\\cimv2', mof: ['../demo.mof'], out: 'bindings', classes: ['Demo_Driver'] }));
    const r = await wmigen([], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(join(dir, 'bindings', 'root', 'cimv2')).sort()).toEqual(['Demo_Driver.ts', 'Demo_Service.ts', 'index.ts']);
    const opts = parseGenerateArgs(['--out', 'elsewhere', '--classes', 'Demo_Other'], dir);
    expect(opts.out).toBe(join(dir, 'elsewhere'));
    expect(opts.classes).toEqual(['Demo_Other']);
    expect(opts.mof).toEqual([join(work, 'demo.mof')]);
    writeFileSync(join(dir, 'wmigen.config.json'), JSON.stringify({ namespace: 'root\\cimv2', outDir: 'x' }));
    const bad = await wmigen([], dir);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown option "outDir"');
  });

  it('reports usage errors with exit 2', async () => {
    for (const args of [['--namespace'], ['--bogus'], ['--mof', mofPath, '--schema', 'cim-2.51', '--namespace', 'root\\cimv2'], ['stray']]) {
      const r = await wmigen(args);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toContain('Usage: wmigen');
    }
    const noNs = await wmigen(['--mof', mofPath]);
    expect(noNs.code).toBe(2);
    expect(noNs.stderr).toContain('--namespace is required');
  });

  it('reports unknown namespaces, classes (with a suggestion) and snapshots with exit 1', async () => {
    const out = join(work, 'x');
    const ns = await wmigen(['--namespace', 'root\\nowhere', '--schema', 'cim-2.51', '--out', out]);
    expect(ns.code).toBe(1);
    expect(ns.stderr).toContain('namespace root\\nowhere is not in the bundled schema cim-2.51, which has root\\cimv2\n');
    const cls = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out, '--classes', 'Demo_Servise']);
    expect(cls.code).toBe(1);
    expect(cls.stderr).toContain('class not found in root\\cimv2: Demo_Servise (did you mean Demo_Service?)');
    const snap = await wmigen(['--schema', 'win-99', '--out', out]);
    expect(snap.code).toBe(1);
    expect(snap.stderr).toContain('no bundled schema named win-99');
    const none = await wmigen(['--namespace', 'root\\nowhere', '--out', out]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain('no bundled schema covers root\\nowhere');
    expect(existsSync(out)).toBe(false);
  });

  it('--live off Windows is a clear error', async () => {
    const r = await wmigen(['--namespace', 'root\\cimv2', '--live', '--out', join(work, 'live')]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/--live/);
    expect(r.stderr).not.toMatch(/at .*\.js:\d+/); // no stack trace
  });

  it('shows progress on a terminal and lists bundled schemas', async () => {
    const r = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', join(work, 'tty')], work, true);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('\rwmigen: generating [');
    const list = await wmigen(['--list-schemas']);
    expect(list.stdout).toContain('cim-2.51\troot\\cimv2');
  });

  it('--prettier formats the output (and reuses formatted files when unchanged)', { timeout: 300_000 }, async () => {
    const out = join(work, 'pretty');
    const r = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out, '--prettier']);
    expect(r.code).toBe(0);
    const text = readFileSync(join(out, 'root', 'cimv2', 'Demo_Service.ts'), 'utf8');
    expect(text.startsWith('// Code generated by wmigen. DO NOT EDIT.')).toBe(true);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as { unformatted?: Record<string, string> };
    expect(Object.keys(manifest.unformatted ?? {})).toHaveLength(4);
    const again = await wmigen(['--namespace', 'root\\cimv2', '--mof', mofPath, '--out', out, '--prettier', '--force']);
    expect(again.code).toBe(0);
    expect(readFileSync(join(out, 'root', 'cimv2', 'Demo_Service.ts'), 'utf8')).toBe(text);
  });
});
