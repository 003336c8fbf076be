import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { run } from '../../cli/commands/schema.js';
import { main, type CommandIo } from '../../cli/main.js';
import { loadMofFiles } from '../../model/cim/load.js';
import { corpusPath, hasCorpus, repoRoot } from '../corpus.js';

const here = fileURLToPath(new URL('.', import.meta.url));
const tmp = mkdtempSync(join(tmpdir(), 'wmigen-docs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function capture(): CommandIo & { out: string; err: string } {
  const io = { out: '', err: '', cwd: here, isTTY: false, stdout: (t: string) => (io.out += t), stderr: (t: string) => (io.err += t) };
  return io;
}

describe('wmigen schema from-docs on a small docs folder', () => {
  it('writes a snapshot that loads, and reports every page it could not read', async () => {
    const io = capture();
    const out = join(tmp, 'mini.mof');
    const report = join(tmp, 'mini.json');
    expect(await run(['from-docs', 'fixtures/Mini', '--namespace', 'root\\Mini', '--out', out, '--report', report], io)).toBe(0);
    expect(io.err).toMatch(/Mini\/mini-ghost\.md:\d+: not read: Mini_Ghost: the Syntax section has no MOF class declaration/);
    expect(io.err).toMatch(/Mini\/broken-mini-gadget\.md:\d+: not read: Mini_Gadget\.Broken: the method signature cannot be read/);
    expect(io.err).toMatch(/root\\Mini: 3 of 4 class pages made classes \(75\.0%\), 1 classes pulled in/);
    const loaded = loadMofFiles([out], { strict: true });
    expect(loaded.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const classes = loaded.schema.namespaces[0].classes;
    expect(loaded.schema.namespaces[0].name).toBe('root\\Mini');
    expect(classes.map((c) => c.name)).toEqual(['Mini_Base', 'Mini_Board', 'Mini_Gadget', 'Mini_Part']);
    const gadget = classes.find((c) => c.name === 'Mini_Gadget')!;
    expect(gadget.keys).toEqual(['Id']);
    expect(gadget.properties.find((p) => p.name === 'Id')!.inherited).toBe(true);
    const speed = gadget.properties.find((p) => p.name === 'Speed')!;
    expect(speed.qualifiers.filter((q) => ['Write', 'Units', 'ValueMap', 'Values'].includes(q.name)).map((q) => [q.name, q.value])).toEqual([
      ['Units', 'revolutions per minute'],
      ['Write', true],
      ['ValueMap', ['0', '1000']],
      ['Values', ['Stopped', 'Fast']],
    ]);
    const part = gadget.properties.find((p) => p.name === 'Part')!;
    expect([part.type, part.refClass]).toEqual(['reference', 'Mini_Part']);
    const spin = gadget.methods.find((m) => m.name === 'Spin')!;
    expect(spin.qualifiers.find((q) => q.name === 'MinimumClient')?.value).toBe('Windows 10');
    expect(spin.parameters.map((p) => [p.name, p.in, p.out])).toEqual([
      ['Turns', true, false],
      ['Done', false, true],
    ]);
    const json = JSON.parse(readFileSync(report, 'utf8')) as { failures: { subject: string }[]; warnings: { reason: string }[] };
    expect(json.failures.map((f) => f.subject)).toEqual(['Mini_Gadget.Broken', 'Mini_Ghost']);
    expect(json.warnings.some((w) => /pulled in from Root\\Other/.test(w.reason))).toBe(true);
  });

  it('takes a class page without a Namespace row as its folder\'s, and counts it', async () => {
    const io = capture();
    const out = join(tmp, 'board.mof');
    const report = join(tmp, 'board.json');
    expect(await run(['from-docs', 'fixtures/Mini', 'fixtures/Extra', '--namespace', 'root\\Mini', '--out', out, '--report', report], io)).toBe(0);
    const loaded = loadMofFiles([out], { strict: true });
    const board = loaded.schema.namespaces[0].classes.find((c) => c.name === 'Mini_Board');
    expect(board?.superclass).toBe('Mini_Base');
    expect(board?.properties.map((p) => p.name)).toContain('Product');
    // Every class page of the namespace's folder is counted: made or failed, never dropped.
    const json = JSON.parse(readFileSync(report, 'utf8')) as {
      stats: { classPages: number; classesFromNamespacePages: number };
      failures: { subject: string }[];
      warnings: { subject: string; reason: string }[];
    };
    const classFailures = json.failures.filter((f) => !f.subject.includes('.'));
    expect(json.stats.classPages).toBe(4);
    expect(json.stats.classesFromNamespacePages + classFailures.length).toBe(json.stats.classPages);
    // A page of another folder without a Namespace row is not this namespace's, and says so.
    expect(loaded.schema.namespaces[0].classes.some((c) => c.name === 'Extra_Loose')).toBe(false);
    expect(json.warnings.find((w) => w.subject === 'Extra_Loose')?.reason).toMatch(/names no namespace, nor do the other pages of its folder/);
  });

  it('refuses usage errors and missing folders without writing anything', async () => {
    expect(await main(['schema', 'from-docs', 'fixtures/Mini', '--out', join(tmp, 'x.mof')], capture())).toBe(2);
    expect(await main(['schema', 'frobnicate'], capture())).toBe(2);
    const io = capture();
    expect(await main(['schema', 'from-docs', 'no-such-dir', '--namespace', 'root\\Mini', '--out', join(tmp, 'y.mof')], io)).toBe(1);
    expect(io.err).toContain('docs folder not found');
    const none = capture();
    expect(await main(['schema', 'from-docs', 'fixtures/Mini', '--namespace', 'root\\Nothing', '--out', join(tmp, 'z.mof')], none)).toBe(1);
    expect(none.err).toContain('no class page of namespace root\\Nothing');
  });
});

describe.runIf(hasCorpus)('wmigen schema bundle --check on the corpus', () => {
  it('finds a committed snapshot and its index entry up to date, and drift in a copy', async () => {
    const io = capture();
    // One small snapshot: corpus.test.ts regenerates all of them already.
    const code = await run(['bundle', corpusPath('docs', 'desktop-src'), '--out-dir', join(repoRoot, 'schemas'), '--only', 'windows-subscription', '--check'], io);
    expect(io.err).not.toMatch(/differs/);
    expect(code).toBe(0);
    // A stale copy is drift (exit 3) and is left as it was.
    const copy = join(tmp, 'schemas');
    mkdirSync(join(copy, 'windows'), { recursive: true });
    writeFileSync(join(copy, 'windows', 'subscription.mof'), '// stale\n');
    const drift = capture();
    expect(await run(['bundle', corpusPath('docs', 'desktop-src'), '--out-dir', copy, '--only', 'windows-subscription', '--check'], drift)).toBe(3);
    expect(drift.err).toContain('windows/subscription.mof differs');
    expect(readFileSync(join(copy, 'windows', 'subscription.mof'), 'utf8')).toBe('// stale\n');
    // Without --check it is rewritten, with an index that has the entry.
    expect(await run(['bundle', corpusPath('docs', 'desktop-src'), '--out-dir', copy, '--only', 'windows-subscription'], capture())).toBe(0);
    expect(readFileSync(join(copy, 'windows', 'subscription.mof'), 'utf8')).toBe(readFileSync(join(repoRoot, 'schemas', 'windows', 'subscription.mof'), 'utf8'));
    expect(JSON.parse(readFileSync(join(copy, 'index.json'), 'utf8')).snapshots.map((e: { name: string }) => e.name)).toEqual(['windows-subscription']);
  });
});
