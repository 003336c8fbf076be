import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { run } from '../../cli/commands/diff.js';
import type { CommandIo } from '../../cli/main.js';
import { loadMofFiles, loadMofText } from '../../model/cim/load.js';
import { bundledSnapshots } from '../../sources/docs/bundled.js';
import { filterSchemaForTarget } from '../../model/docs/availability.js';
import { diffSchemas, formatDiff } from '../../model/diff.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../corpus.js';

const fixture = (name: string): string => fileURLToPath(new URL(`./fixtures/${name}`, import.meta.url));
const load = (name: string) => {
  const r = loadMofFiles([fixture(name)]);
  expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  return r.schema;
};

function capture(): CommandIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { out, err, stdout: (t) => out.push(t), stderr: (t) => err.push(t), cwd: fileURLToPath(new URL('.', import.meta.url)), isTTY: false };
}

describe('schema diff on fixtures with known differences', () => {
  const diff = diffSchemas(load('a.mof'), load('b.mof'));
  const find = (path: string) => diff.changes.filter((c) => c.path === path);

  it('finds every difference and nothing else', () => {
    expect(diff.changes.map((c) => `${c.kind} ${c.element} ${c.path}`)).toEqual([
      'added class New',
      'removed class Old',
      'changed property Thing.Count',
      'added property Thing.Fresh',
      'removed property Thing.Gone',
      'changed property Thing.State',
      'changed method Thing.Make',
      'added parameter Thing.Make(Flags)',
      'added method Thing.Pause',
      'changed parameter Thing.Wait(Seconds)',
    ]);
    // Thing's members changed: Thing is a changed class.
    expect(diff.summary).toEqual({
      classes: { added: 1, removed: 1, changed: 1 },
      properties: { added: 1, removed: 1, changed: 2 },
      methods: { added: 1, removed: 0, changed: 1 },
      parameters: { added: 1, removed: 0, changed: 1 },
    });
  });

  it('says what changed', () => {
    expect(find('Thing.Count')[0].details).toEqual(['type: uint32 → uint64']);
    expect(find('Thing.State')[0].details).toEqual(['qualifier ValueMap: +"2"', 'qualifier Values: +"Paused"']);
    expect(find('Thing.Make')[0].details).toEqual(['static: true → false']);
    expect(find('Thing.Wait(Seconds)')[0].details).toEqual(['direction: in → in/out']);
    expect(find('Thing.Fresh')[0].after).toBe('string Fresh');
  });

  it('is empty for a schema against itself, and symmetric in counts', () => {
    expect(diffSchemas(load('a.mof'), load('a.mof')).changes).toEqual([]);
    const back = diffSchemas(load('b.mof'), load('a.mof'));
    expect(back.summary.classes).toEqual({ added: 1, removed: 1, changed: 1 });
    expect(back.summary.properties).toEqual({ added: 1, removed: 1, changed: 2 });
  });

  it('reports inherited members only with effective', () => {
    const eff = diffSchemas(load('a.mof'), load('b.mof'), { effective: true });
    // New inherits everything from Thing; Old and New are whole-class changes either way.
    expect(eff.changes.filter((c) => c.className === 'Thing').length).toBe(diff.changes.filter((c) => c.className === 'Thing').length);
  });

  it('prints text and JSON through the command', async () => {
    const io = capture();
    expect(await run(['fixtures/a.mof', 'fixtures/b.mof'], io)).toBe(0);
    const text = io.out.join('');
    expect(text).toContain('+ class New');
    expect(text).toContain('  ~ property Count: uint64 Count\n      type: uint32 → uint64');
    expect(text).toContain('  + parameter Make(Flags): [in] uint32 Flags');
    expect(text.trim().split('\n').pop()).toBe('summary: classes +1 -1 ~1, properties +1 -1 ~2, methods +1 -0 ~1, parameters +1 -0 ~1');
    expect(text).toBe(formatDiff(diff, { a: 'fixtures/a.mof', b: 'fixtures/b.mof' }));
    const jio = capture();
    expect(await run(['fixtures/a.mof', 'fixtures/b.mof', '--json', '--exit-code'], jio)).toBe(3);
    const json = JSON.parse(jio.out.join('')) as { changes: unknown[]; summary: unknown };
    expect(json.changes).toHaveLength(10);
    expect(await run(['fixtures/a.mof', 'fixtures/a.mof', '--exit-code'], capture())).toBe(0);
  });

  it('counts a class whose members changed as a changed class, and prints only what changed', async () => {
    const one = loadMofText('class A { [key] string K; string P; };', 'one.mof').schema;
    const two = loadMofText('class A { [key] string K; uint32 P; };', 'two.mof').schema;
    const d = diffSchemas(one, two);
    expect(d.summary.classes).toEqual({ added: 0, removed: 0, changed: 1 });
    const text = formatDiff(d, { a: 'one.mof', b: 'two.mof' });
    expect(text).toContain('~ class A\n  ~ property P: uint32 P\n');
    expect(text.trim().split('\n').pop()).toBe('summary: classes +0 -0 ~1, properties +0 -0 ~1');
    expect(text).not.toContain('+0 -0 ~0');
  });

  it('rejects what is neither a file nor a bundled schema', async () => {
    await expect(run(['fixtures/a.mof', 'no-such-schema'], capture())).rejects.toThrow(/neither a file nor a bundled schema/);
  });
});

describe('schema diff on the bundled root\\cimv2 snapshot between Windows versions', () => {
  const entry = bundledSnapshots.find((s) => s.name === 'windows-cimv2')!;
  const schema = loadMofText(readFileSync(join(repoRoot, 'schemas', entry.file), 'utf8'), entry.file).schema;

  it('Windows 7 → Windows 8.1 adds Win32_Process.GetAvailableVirtualSize and nothing is removed', () => {
    const win7 = filterSchemaForTarget(schema, 'Windows 7');
    const win81 = filterSchemaForTarget(schema, 'Windows 8.1');
    const d = diffSchemas(win7, win81);
    expect(d.changes.some((c) => c.kind === 'added' && c.path === 'Win32_Process.GetAvailableVirtualSize')).toBe(true);
    expect(d.changes.filter((c) => c.kind === 'removed')).toEqual([]);
    expect(d.summary.classes.added + d.summary.properties.added + d.summary.methods.added).toBeGreaterThan(1);
  });

  it('the bundled snapshot by name diffs against itself to nothing', async () => {
    const io = capture();
    expect(await run(['windows-cimv2', 'windows-cimv2', '--exit-code'], io)).toBe(0);
    expect(io.out.join('')).toContain('no differences');
  });
});
