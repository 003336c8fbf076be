/**
 * What a new user types first, through the CLI dispatcher as `wmigen` runs it: the
 * version, `model` on folders, `query` on a bundled schema, a mistyped or shell-mangled
 * namespace, and the bundled schema named once. Errors are one line, never a stack.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { bundledSnapshotFor } from '../../sources/bundled.js';
import { repoRoot } from '../corpus.js';

const dir = mkdtempSync(join(tmpdir(), 'wmigen-first-use-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function wmigen(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd: dir, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

/** One line of error, no stack trace. */
function expectOneLineError(err: string, pattern: RegExp): void {
  expect(err.trimEnd().split('\n')).toHaveLength(1);
  expect(err).toMatch(pattern);
  expect(err).not.toMatch(/\n\s+at /);
}

describe('wmigen --version', () => {
  it("prints the package's version", async () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    for (const flag of ['--version', '-v']) {
      const r = await wmigen(flag);
      expect(r.code).toBe(0);
      expect(r.out).toBe(`wmigen ${version}\n`);
      expect(r.err).toBe('');
    }
  });
});

describe('wmigen model <dir>', () => {
  const tree = join(dir, 'tree');
  mkdirSync(join(tree, 'sub', 'deeper'), { recursive: true });
  writeFileSync(join(tree, 'a.mof'), 'class A { [key] string K; };\n');
  writeFileSync(join(tree, 'notes.txt'), 'not MOF\n');
  writeFileSync(join(tree, 'sub', 'b.MOF'), 'class B : A { };\n');
  writeFileSync(join(tree, 'sub', 'deeper', 'c.mof'), 'class C : B { };\n');
  mkdirSync(join(dir, 'only-below', 'x'), { recursive: true });
  writeFileSync(join(dir, 'only-below', 'x', 'd.mof'), 'class D { };\n');
  mkdirSync(join(dir, 'empty'));

  it('reads the .mof files of a folder, as --mof <dir> does for generation', async () => {
    const r = await wmigen('model', 'tree');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('classes: 1\n');
  });

  it('reads subfolders too with --recursive (or -r)', async () => {
    for (const flag of ['--recursive', '-r']) {
      const r = await wmigen('model', flag, 'tree', '--json');
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const json = JSON.parse(r.out) as { namespaces: { classes: { name: string; superclass: string | null }[] }[] };
      expect(json.namespaces[0].classes.map((c) => [c.name, c.superclass])).toEqual([
        ['A', null],
        ['B', 'A'],
        ['C', 'B'],
      ]);
    }
  });

  it('says when a folder has no .mof files, and when its subfolders have some', async () => {
    const below = await wmigen('model', 'only-below');
    expect(below.code).toBe(1);
    expectOneLineError(below.err, /only-below: no \.mof files in this folder \(its subfolders have some: add --recursive\)/);
    const empty = await wmigen('model', '--recursive', 'empty');
    expect(empty.code).toBe(1);
    expectOneLineError(empty.err, /empty: no \.mof files in this folder or below it/);
    expect(empty.out).toBe('');
  });
});

describe('wmigen query --schema', () => {
  it('runs a query on a bundled schema with the in-memory provider', async () => {
    const r = await wmigen('query', 'SELECT Name, State FROM Win32_Service', '--schema', 'windows-cimv2');
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toBe('(no rows)\n');
    const json = await wmigen('query', 'SELECT * FROM Win32_Process', '--schema', 'windows-cimv2', '--json');
    expect(JSON.parse(json.out)).toEqual([]);
  });

  it('checks the query against the schema', async () => {
    const r = await wmigen('query', 'SELECT Nme FROM Win32_Service', '--schema', 'windows-cimv2');
    expect(r.code).toBe(1);
    expectOneLineError(r.err, /Win32_Service has no property Nme/);
  });

  it('names the bundled schemas when the name is unknown', async () => {
    const r = await wmigen('query', 'SELECT * FROM Win32_Service', '--schema', 'windows-cimv3');
    expect(r.code).toBe(1);
    expectOneLineError(r.err, /no bundled schema named windows-cimv3 \(bundled: .*windows-cimv2/);
  });
});

describe('a namespace the user mistyped', () => {
  it('gets "did you mean" with the nearest bundled namespace', async () => {
    const out = join(dir, 'out-typo');
    const r = await wmigen('--namespace', 'root\\cimv3', '--out', out);
    expect(r.code).toBe(1);
    expectOneLineError(r.err, /no bundled schema covers root\\cimv3; did you mean root\\cimv2\?/i);
    expect(existsSync(out)).toBe(false);
    writeFileSync(join(dir, 'test-ns.mof'), '#pragma namespace("root/test")\nclass T { [key] string K; };\n');
    const mof = await wmigen('--namespace', 'root\\tset', '--mof', 'test-ns.mof', '--out', out);
    expect(mof.code).toBe(1);
    expectOneLineError(mof.err, /namespace root\\tset is not in 1 MOF file, which has root\\test; did you mean root\\test\?/);
    expect(existsSync(out)).toBe(false);
    const q = await wmigen('query', 'SELECT * FROM Win32_Service', '--schema', 'windows-cimv2', '--namespace', 'root\\cimv');
    expect(q.code).toBe(1);
    expectOneLineError(q.err, /namespace root\\cimv is not in the bundled schema windows-cimv2, which has root\\cimv2; did you mean root\\cimv2\?/);
  });

  it('that the shell stripped of its backslashes gets a hint about quoting', async () => {
    const out = join(dir, 'out-shell');
    writeFileSync(join(dir, 'one.mof'), 'class One { [key] string K; };\n');
    for (const args of [
      ['--namespace', 'rootcimv2', '--out', out],
      ['--namespace', 'rootcimv2', '--mof', 'one.mof', '--out', out],
      ['query', 'SELECT * FROM One', '--mof', 'one.mof', '--namespace', 'rootcimv2'],
    ]) {
      const r = await wmigen(...args);
      expect(r.code).toBe(1);
      expectOneLineError(r.err, /namespace 'rootcimv2' has no backslash: the shell removed it\. Quote the name: --namespace 'root\\cimv2'/);
    }
    const docs = await wmigen('schema', 'from-docs', '.', '--namespace', 'rootcimv2', '--out', join(dir, 'x.mof'));
    expect(docs.code).toBe(1);
    expectOneLineError(docs.err, /namespace 'rootcimv2' has no backslash/);
    const deep = await wmigen('--namespace', 'rootcimv2TerminalServices', '--out', out);
    expectOneLineError(deep.err, /--namespace 'root\\cimv2\\TerminalServices'/);
    expect(existsSync(out)).toBe(false);
  });
});

describe('generation from the bundled schema', () => {
  it('names the snapshot with its description once', async () => {
    const entry = bundledSnapshotFor('root\\cimv2')!.entry;
    const r = await wmigen('--namespace', 'root\\cimv2', '--classes', 'Win32_BaseBoard', '--out', join(dir, 'out-board'));
    expect(r.code).toBe(0);
    expect(r.err.split(entry.description!).length - 1).toBe(1);
    expect(r.err).toContain('using the bundled Windows Server 23H2 snapshot windows-23h2-root-cimv2 for root\\cimv2');
  });
});

describe('wmigen query --mof', () => {
  it("queries the namespace of MOF files that declare one, unless told another", async () => {
    writeFileSync(join(dir, 'other-ns.mof'), '#pragma namespace("root/test")\nclass T { [key] string K; };\ninstance of T { K = "one"; };\n');
    const r = await wmigen('query', 'SELECT K FROM T', '--mof', 'other-ns.mof', '--json');
    expect(r.err).toBe('');
    expect(JSON.parse(r.out)).toMatchObject([{ __CLASS: 'T', K: 'one' }]);
    const wrong = await wmigen('query', 'SELECT K FROM T', '--mof', 'other-ns.mof', '--namespace', 'root\\tset');
    expect(wrong.code).toBe(1);
    expectOneLineError(wrong.err, /namespace root\\tset is not in other-ns\.mof, which has root\\test; did you mean root\\test\?/);
  });
});

describe('wmigen diff input errors', () => {
  it('are one line: a name that is neither a file nor a bundled schema, a folder without MOF', async () => {
    const unknown = await wmigen('diff', 'windows-cimv3', 'windows-cimv2');
    expect(unknown.code).toBe(1);
    expectOneLineError(unknown.err, /windows-cimv3 is neither a file nor a bundled schema \(bundled: .*windows-cimv2/);
    const folder = await wmigen('diff', 'empty', 'windows-cimv2');
    expect(folder.code).toBe(1);
    expectOneLineError(folder.err, /^wmigen: empty: no \.mof files in this folder$/m);
  });
});
