/**
 * `--os` across the CLI (generation, `model`, `query`, `diff`) on the bundled per-OS Windows
 * snapshots, the model cache those snapshots are loaded through (built on first use, read on
 * the next, rebuilt when corrupt), and the capture gap `diff` reports instead of an OS
 * difference.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { bundledSnapshotFor } from '../../sources/bundled.js';
import { schemasDir } from '../../sources/load.js';
import { compiledModelKey, compiledModelPath, readCompiledModel, writeCompiledModel } from '../../sources/model-cache.js';
import { repoRoot } from '../corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'wmigen-os-'));
// A project folder: the model cache goes to its node_modules/.cache/wmigen/models.
mkdirSync(join(dir, 'node_modules'));
const cacheDir = join(dir, 'node_modules', '.cache', 'wmigen', 'models');
const savedCacheEnv = process.env.WMIGEN_CACHE_DIR;
beforeAll(() => {
  delete process.env.WMIGEN_CACHE_DIR;
});
afterAll(() => {
  if (savedCacheEnv !== undefined) process.env.WMIGEN_CACHE_DIR = savedCacheEnv;
  rmSync(dir, { recursive: true, force: true });
});

async function wmigen(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

function expectOneLineError(err: string, pattern: RegExp): void {
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).toMatch(pattern);
  expect(err).not.toMatch(/\n\s+at /);
}

interface ModelJson {
  namespaces: Array<{ name: string; classes: Array<{ name: string }> }>;
}
const classNames = (json: string): string[] => (JSON.parse(json) as ModelJson).namespaces.flatMap((n) => n.classes.map((c) => c.name));

// Win32_WinSAT is in the 2019 capture of root\cimv2 only, Win32_Product in both; the
// ProcessV2 counters only in 23H2's.
describe('generation with --os', () => {
  it('uses the newest capture by default and the one named by --os (short or full name)', { timeout: 120_000 }, async () => {
    const newest = await wmigen('--namespace', 'root\\cimv2', '--classes', 'Win32_Product', '--out', join(dir, 'gen-default'));
    expect(newest.err).toContain('using the bundled Windows Server 23H2 snapshot windows-23h2-root-cimv2 for root\\cimv2');
    expect(newest.code).toBe(0);
    expect(readdirSync(join(dir, 'gen-default', 'root', 'cimv2'))).toContain('Win32_Product.ts');

    const lacking = await wmigen('--namespace', 'root\\cimv2', '--os', '23h2', '--classes', 'Win32_WinSAT', '--out', join(dir, 'gen-23h2'));
    expect(lacking.code).toBe(1);
    expect(lacking.err).toContain('Win32_WinSAT');
    expect(existsSync(join(dir, 'gen-23h2'))).toBe(false);

    const old = await wmigen('--namespace', 'root\\cimv2', '--os', 'Windows Server 2019', '--classes', 'Win32_WinSAT', '--out', join(dir, 'gen-2019'));
    expect(old.code).toBe(0);
    expect(old.err).toContain('from bundled schema windows-2019-root-cimv2 (root\\CIMV2 on Windows Server 2019)');
    expect(readFileSync(join(dir, 'gen-2019', 'root', 'cimv2', 'Win32_WinSAT.ts'), 'utf8')).toContain('export interface Win32_WinSAT');
  });

  it('says in one line what an unknown version or namespace is, with the nearest one', async () => {
    const os = await wmigen('--namespace', 'root\\cimv2', '--os', '2018', '--out', join(dir, 'gen-x'));
    expect(os.code).toBe(1);
    expectOneLineError(os.err, /--os 2018: unknown Windows version; did you mean 2019\? \(known: 2019 \(Windows Server 2019\), 23h2 \(Windows Server 23H2\)\)/);
    const ns = await wmigen('--namespace', 'root\\Microsoft\\Windows\\Storag', '--os', '23h2', '--out', join(dir, 'gen-x'));
    expect(ns.code).toBe(1);
    expectOneLineError(ns.err, /no bundled schema covers root\\Microsoft\\Windows\\Storag; did you mean root\\Microsoft\\Windows\\Storage\?/);
    const mixed = await wmigen('--namespace', 'root\\cimv2', '--os', '2019', '--schema', 'windows-cimv2', '--out', join(dir, 'gen-x'));
    expect(mixed.code).toBe(2);
    expect(mixed.err).toContain('--os chooses a bundled per-OS snapshot');
    expect(existsSync(join(dir, 'gen-x'))).toBe(false);
  });
});

describe('wmigen model --namespace [--os]', () => {
  it('prints the model the generator uses for a bundled namespace', { timeout: 120_000 }, async () => {
    const counts = await wmigen('model', '--namespace', 'root\\cimv2');
    expect(counts.code).toBe(0);
    expect(counts.out).toContain('  root\\CIMV2: ');
    expect(counts.out).toMatch(/classes: 1349\n/);
    const json = await wmigen('model', '--namespace', 'root/CIMV2', '--os', '2019', '--json');
    expect(json.code).toBe(0);
    const names = classNames(json.out);
    expect(names).toContain('Win32_WinSAT');
    expect(names).not.toContain('Win32_PerfFormattedData_Counters_ProcessV2');
    const files = await wmigen('model', 'x.mof', '--os', '2019');
    expect(files.code).toBe(2);
  });
});

describe('wmigen query --os', () => {
  it('checks the query against that version’s classes', { timeout: 120_000 }, async () => {
    const ok = await wmigen('query', 'SELECT CPUScore FROM Win32_WinSAT', '--os', '2019', '--namespace', 'root\\cimv2', '--json');
    expect(ok.err).toBe('');
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.out)).toEqual([]);
    const missing = await wmigen('query', 'SELECT CPUScore FROM Win32_WinSAT', '--os', '23h2', '--namespace', 'root\\cimv2');
    expect(missing.code).toBe(1);
    expect(missing.err).toMatch(/Win32_WinSAT/);
  });
});

describe('wmigen diff --os A --os B', () => {
  it('lists the classes only one version has', { timeout: 120_000 }, async () => {
    const r = await wmigen('diff', '--os', '2019', '--os', '23h2', '--namespace', 'root\\cimv2', '--json');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out) as { a: string; b: string; changes: Array<{ kind: string; element: string; path: string }> };
    expect(json.a).toBe('root\\CIMV2 on Windows Server 2019');
    expect(json.b).toBe('root\\CIMV2 on Windows Server 23H2');
    const classes = (kind: string): string[] => json.changes.filter((c) => c.element === 'class' && c.kind === kind).map((c) => c.path);
    expect(classes('removed')).toContain('Win32_WinSAT');
    expect(classes('added')).toContain('Win32_PerfFormattedData_Counters_ProcessV2');
    expect(classes('removed')).not.toContain('Win32_Product');
    const text = await wmigen('diff', '--os', '2019', '--os', '23h2', '--namespace', 'root\\cimv2');
    expect(text.out).toContain('- class Win32_WinSAT (');
    expect(text.out).toMatch(/summary: classes \+\d+ -\d+/);
  });

  it('reports a namespace one capture lacks as a capture gap, not an OS difference', () => {
    // Through the installed command, as a user runs it.
    const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'wmigen.js'), 'diff', '--os', '2019', '--os', '23h2', '--namespace', 'root\\WMI'], {
      encoding: 'utf8',
      cwd: dir,
    });
    expect(run.status).toBe(1);
    expect(run.stdout).toBe('');
    expectOneLineError(
      run.stderr,
      /^wmigen: root\\WMI is not in the Windows Server 2019 capture, which lacks that namespace entirely: a gap of the capture, not a difference of the OS \(Windows Server 23H2 has it: --os 23h2\)\n$/,
    );
  });
});

describe('the model cache of per-OS snapshots', () => {
  const namespace = 'root\\Microsoft\\Windows\\DeviceGuard';
  const entry = bundledSnapshotFor(namespace, '23h2')!.entry;
  const path = compiledModelPath(entry.name, cacheDir);
  const key = compiledModelKey(entry, readFileSync(join(schemasDir(), entry.file)));

  it('is built on first use in the project’s node_modules/.cache and read on the next', async () => {
    rmSync(path, { force: true });
    const first = await wmigen('model', '--namespace', namespace, '--os', '23h2', '--json');
    expect(first.code).toBe(0);
    const cached = readCompiledModel(path, key);
    expect(cached).toBeDefined();
    expect(classNames(first.out)).toEqual(cached!.schema.namespaces.flatMap((n) => n.classes.map((c) => c.name)));
    // A cache entry under the right key is what the next run uses: mark one class in it.
    const [ns, ...rest] = cached!.schema.namespaces;
    const [first0, ...others] = ns.classes;
    const marked = { ...cached!, schema: { namespaces: [{ ...ns, classes: [{ ...first0, name: 'Cached_Marker' }, ...others] }, ...rest] } };
    writeCompiledModel(path, key, marked);
    const second = await wmigen('model', '--namespace', namespace, '--os', '23h2', '--json');
    expect(second.code).toBe(0);
    expect(classNames(second.out)).toContain('Cached_Marker');
  });

  it('is rebuilt, not an error, when an entry is corrupt', async () => {
    const fresh = await wmigen('model', '--namespace', namespace, '--os', '2019', '--json');
    const path2019 = compiledModelPath(bundledSnapshotFor(namespace, '2019')!.entry.name, cacheDir);
    const bytes = readFileSync(path2019);
    const headerEnd = bytes.indexOf(0x0a) + 1;
    // The right header, then a payload cut short and scribbled on.
    writeFileSync(path2019, Buffer.concat([bytes.subarray(0, headerEnd), Buffer.from('not a V8 payload'), bytes.subarray(headerEnd + 16, headerEnd + 200)]));
    const again = await wmigen('model', '--namespace', namespace, '--os', '2019', '--json');
    expect(again.err).toBe('');
    expect(again.code).toBe(0);
    expect(again.out).toBe(fresh.out);
    // Written again whole: it reads back (the serializer's bytes may differ run to run).
    expect(readFileSync(path2019).length).toBeGreaterThan(headerEnd + 200);
    const entry2019 = bundledSnapshotFor(namespace, '2019')!.entry;
    expect(readCompiledModel(path2019, compiledModelKey(entry2019, readFileSync(join(schemasDir(), entry2019.file))))).toBeDefined();
  });
});
