/**
 * Issue 15, defect 2: wmigen changes or removes only files it wrote (its manifest lists them
 * with their hash). A user's files in the output folder survive every run, with or without
 * --force; a generated file the user edited is named and kept (exit 1) unless --force; a new
 * class whose path holds a user's file is an error naming it; the counts printed are true.
 * Run through the command, as a user would.
 */
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { MANIFEST_NAME } from '../../generator/cim/output.js';

const work = mkdtempSync(join(tmpdir(), 'wmigen-user-files-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

async function wmigen(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: CommandIo = {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd: work,
    isTTY: false,
  };
  const code = await main(args, io);
  return { code, stderr };
}

const classes = (names: readonly string[]): string =>
  names.map((n) => `class ${n} {\n  [Key] string Id;\n  uint32 Size;\n};\n`).join('');

/** Everything under `dir` but wmigen's manifest, with contents: what the user sees. */
function tree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'utf8');
    }
  };
  walk(dir, '');
  return out;
}

function setup(
  name: string,
  initial: readonly string[],
): {
  mof: string;
  out: string;
  generate: (
    names: readonly string[],
    ...flags: string[]
  ) => Promise<{ code: number; stderr: string }>;
} {
  const mof = join(work, `${name}.mof`);
  const out = join(work, name);
  const generate = (names: readonly string[], ...flags: string[]) => {
    writeFileSync(mof, classes(names));
    return wmigen(['--namespace', 'root\\cimv2', '--mof', mof, '--out', out, ...flags]);
  };
  writeFileSync(mof, classes(initial));
  return { mof, out, generate };
}

const userFiles: Record<string, string> = {
  'NOTES.md': 'my notes\n',
  'root/cimv2/Extra.ts': 'export const extra = 1;\n',
  'root/cimv2/Demo_A.js': '// emitted by tsc beside the binding\n',
  'root/cimv2/index.js': '// emitted by tsc\n',
  'root/cimv2/Demo_A.d.ts': '// emitted by tsc\n',
};

function addUserFiles(out: string): void {
  for (const [p, text] of Object.entries(userFiles)) writeFileSync(join(out, p), text);
  mkdirSync(join(out, 'empty-folder-of-mine'));
}

function expectUserFiles(out: string): void {
  for (const [p, text] of Object.entries(userFiles))
    expect(readFileSync(join(out, p), 'utf8'), p).toBe(text);
  expect(existsSync(join(out, 'empty-folder-of-mine'))).toBe(true);
  expect(readdirSync(out).filter((e) => e.startsWith('.wmigen-new'))).toEqual([]);
  expect(readdirSync(work).filter((e) => e.startsWith('.wmigen-'))).toEqual([]);
}

describe("a user's files in the output folder", () => {
  it('survive a regeneration, a removed class and --force, and the counts are true', async () => {
    const { out, generate } = setup('keep', ['Demo_A', 'Demo_B']);
    const first = await generate(['Demo_A', 'Demo_B']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('(3 files written, 0 unchanged, 0 removed)');
    addUserFiles(out);

    const changed = await generate(['Demo_A', 'Demo_B', 'Demo_C']);
    expect(changed.code).toBe(0);
    expect(changed.stderr).toContain('(2 files written, 2 unchanged, 0 removed)'); // Demo_C and index
    expectUserFiles(out);

    const fewer = await generate(['Demo_A', 'Demo_C']);
    expect(fewer.code).toBe(0);
    expect(fewer.stderr).toContain('(1 files written, 2 unchanged, 1 removed)');
    expect(existsSync(join(out, 'root/cimv2/Demo_B.ts'))).toBe(false);
    expectUserFiles(out);

    const forced = await generate(['Demo_A', 'Demo_C'], '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('(0 files written, 3 unchanged, 0 removed)');
    expectUserFiles(out);
    const manifest = JSON.parse(readFileSync(join(out, MANIFEST_NAME), 'utf8')) as {
      files: Record<string, string>;
    };
    expect(Object.keys(manifest.files)).toEqual([
      'root/cimv2/Demo_A.ts',
      'root/cimv2/Demo_C.ts',
      'root/cimv2/index.ts',
    ]);
  });

  it('an edited generated file is named and kept (exit 1, nothing written); --force overwrites it and only it', async () => {
    const { out, generate } = setup('edited', ['Demo_A', 'Demo_B']);
    expect((await generate(['Demo_A', 'Demo_B'])).code).toBe(0);
    addUserFiles(out);
    const edited = join(out, 'root/cimv2/Demo_B.ts');
    writeFileSync(edited, readFileSync(edited, 'utf8') + '// my change\n');
    const before = tree(out);

    const refused = await generate(['Demo_A', 'Demo_B', 'Demo_C']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('root/cimv2/Demo_B.ts');
    expect(refused.stderr).toContain('--force');
    expect(refused.stderr.trim().split('\n')).toHaveLength(1);
    expect(tree(out)).toEqual(before); // nothing written, Demo_C not added
    expectUserFiles(out);

    // Edited and no longer generated: kept too without --force.
    const refusedStale = await generate(['Demo_A']);
    expect(refusedStale.code).toBe(1);
    expect(tree(out)).toEqual(before);

    const forced = await generate(['Demo_A', 'Demo_B', 'Demo_C'], '--force');
    expect(forced.code).toBe(0);
    expect(forced.stderr).toContain('(3 files written, 1 unchanged, 0 removed)'); // Demo_B restored, Demo_C new, index changed
    expect(readFileSync(edited, 'utf8')).not.toContain('// my change');
    expectUserFiles(out);
  });

  it("a new class whose file is a user's file is an error naming it, and nothing is written", async () => {
    const { out, generate } = setup('collide', ['Demo_A']);
    expect((await generate(['Demo_A'])).code).toBe(0);
    addUserFiles(out);
    writeFileSync(join(out, 'root/cimv2/Demo_New.ts'), 'export const mine = true;\n');
    const before = tree(out);
    for (const flags of [[], ['--force']]) {
      const r = await generate(['Demo_A', 'Demo_New'], ...flags);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain(join(out, 'root/cimv2/Demo_New.ts'));
      expect(r.stderr).toContain('not written by wmigen');
      expect(tree(out)).toEqual(before);
    }
    expectUserFiles(out);
  });

  it('a folder with files but no manifest is written into, never emptied', async () => {
    const { out, generate } = setup('foreign', ['Demo_A']);
    mkdirSync(join(out, 'root/cimv2'), { recursive: true });
    addUserFiles(out);
    const r = await generate(['Demo_A']);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('(2 files written, 0 unchanged, 0 removed)');
    expectUserFiles(out);
  });
});
