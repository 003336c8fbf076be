/**
 * `wmigen model <file.mof>... [--json]` through the CLI dispatcher: counts, the JSON model,
 * diagnostics with a code frame on stderr, exit status 1 and no stdout on errors.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { loadMofText } from '../../model/cim/load.js';
import { corpusPath, hasCorpus } from '../corpus.js';
import { rng } from '../random.js';

async function runCli(args: string[], cwd: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CommandIo = { stdout: (t) => (out += t), stderr: (t) => (err += t), cwd, isTTY: false };
  const code = await main(args, io);
  return { code, out, err };
}

const dir = mkdtempSync(join(tmpdir(), 'wmigen-mof-'));
writeFileSync(
  join(dir, 'good.mof'),
  `#pragma namespace("\\\\\\\\.\\\\root\\\\test")
[Description("A thing")] class Thing { [Key] string Name; uint32 Size = 3; [Static] uint32 Make([In] string Name, [Out] Thing REF Made); };
class Sub : Thing { };
instance of Sub { Name = "x"; };
`,
);
writeFileSync(join(dir, 'bad.mof'), `class A {\n  [Key] string K\n};\nclass B : Missing { };\ninstance of A { K = 3; };\n`);

describe('wmigen model (MOF)', () => {
  it('prints counts', async () => {
    const r = await runCli(['model', 'good.mof'], dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toContain('namespaces: 1\n');
    expect(r.out).toContain('classes: 2\n');
    expect(r.out).toContain('instances: 1\n');
    expect(r.out).toContain('root\\test: ');
  });

  it('prints the whole model with --json', async () => {
    const r = await runCli(['model', 'good.mof', '--json'], dir);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.out);
    expect(json.counts).toMatchObject({ namespaces: 1, classes: 2, instances: 1 });
    const sub = json.namespaces[0].classes.find((c: { name: string }) => c.name === 'Sub');
    expect(sub).toMatchObject({ superclass: 'Thing', keys: ['Name'], location: 'good.mof:3:7' });
    expect(sub.properties[0]).toMatchObject({ name: 'Name', type: 'string', isArray: false, isKey: true, inherited: true });
    expect(sub.methods[0].parameters.map((p: { name: string; in: boolean; out: boolean; type: string }) => [p.name, p.type, p.in, p.out])).toEqual([
      ['Name', 'string', true, false],
      ['Made', 'reference', false, true],
    ]);
    // Deterministic: the same input prints the same bytes.
    expect((await runCli(['model', 'good.mof', '--json'], dir)).out).toBe(r.out);
  });

  it('reports every error with file:line:col and a code frame, exits 1, prints no model', async () => {
    const r = await runCli(['model', 'bad.mof', '--json'], dir);
    expect(r.code).toBe(1);
    expect(r.out).toBe('');
    expect(r.err).toContain('bad.mof:3:1: error MOF1002');
    expect(r.err).toMatch(/> 3 \| \};\n\s+\| \^/);
    expect(r.err).not.toMatch(/at .*\.(ts|js):\d+/); // no stack trace
  });

  it('reports semantic errors in one run (strict)', async () => {
    writeFileSync(join(dir, 'sem.mof'), `class B : Missing { };\ninstance of Nope { };\n`);
    const r = await runCli(['model', 'sem.mof', '--strict'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain('sem.mof:1:11: error MOF2001');
    expect(r.err).toContain('sem.mof:2:13: error MOF2030');
  });

  it('a missing file is an input error, an unknown option a usage error', async () => {
    expect((await runCli(['model', 'nope.mof'], dir)).code).toBe(1);
    expect((await runCli(['model', 'good.mof', '--bogus'], dir)).code).toBe(2);
  });

  it.runIf(hasCorpus)('loads the whole CIM 2.51 schema', async () => {
    const r = await runCli(['model', corpusPath('mof/cim-schema-2.51.0/cim_schema_2.51.0.mof'), '--strict'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('qualifier types: 70\nclasses: 1894\n');
  });

  it('a binary file is one line saying it is not MOF text, and is not parsed', async () => {
    // A gzip file (it has NUL bytes), and random bytes without any NUL.
    writeFileSync(join(dir, 'packed.mof'), gzipSync(Buffer.from('class A { };\n'.repeat(2000))));
    const next = rng(15);
    writeFileSync(join(dir, 'noise.mof'), Buffer.from(Array.from({ length: 20000 }, () => 1 + Math.floor(next() * 255))));
    for (const [file, reason] of [
      ['packed.mof', /it holds NUL bytes/],
      ['noise.mof', /of its first 512 characters are control characters or not UTF-8/],
    ] as const) {
      const r = await runCli(['model', file], dir);
      expect(r.code).toBe(1);
      expect(r.out).toBe('');
      const lines = r.err.trimEnd().split('\n');
      expect(lines[0]).toMatch(new RegExp(`^${file.replace('.', '\\.')}:1:1: error MOF1104: not MOF text \\(a binary file: `));
      expect(lines[0]).toMatch(reason);
      expect(lines.slice(1)).toEqual(['wmigen: 1 error; no model printed']);
    }
  });

  it('text with a stray control character or a Windows-1252 letter is still MOF', () => {
    const r = loadMofText('// caf\ufffd\x1a\nclass A { [key] string K; };\n', 'text.mof');
    expect(r.diagnostics).toEqual([]);
    expect(r.schema.namespaces[0].classes.map((c) => c.name)).toEqual(['A']);
  });

  it('one class defined again and again: the first few warnings, then one summary', async () => {
    writeFileSync(join(dir, 'repeats.mof'), 'class Dup { [key] string K; };\n'.repeat(5000) + 'class Other { };\nclass Other { };\n');
    const r = await runCli(['model', 'repeats.mof'], dir);
    expect(r.code).toBe(0);
    expect(r.out).toContain('classes: 2\n');
    const lines = r.err.trimEnd().split('\n');
    expect(lines).toEqual([
      'repeats.mof:2:7: warning MOF2002: class Dup is defined again; the later definition replaces the earlier one',
      'repeats.mof:3:7: warning MOF2002: class Dup is defined again; the later definition replaces the earlier one',
      'repeats.mof:4:7: warning MOF2002: class Dup is defined again; the later definition replaces the earlier one',
      'repeats.mof:5002:7: warning MOF2002: class Other is defined again; the later definition replaces the earlier one',
      'warning MOF2002: … and 4,996 more like the above (4,999 in all): class Dup is defined again; the later definition replaces the earlier one',
    ]);
  });

  it('an invalid escape in an include path is one error at its file:line:col, with no follow-on error', async () => {
    mkdirSync(join(dir, 'sub'), { recursive: true });
    writeFileSync(join(dir, 'sub', 'qux.mof'), 'class Q { };\n');
    writeFileSync(join(dir, 'escape.mof'), 'class Before { };\n#pragma include ("sub\\qux.mof")\nclass After { };\n');
    const r = await runCli(['model', 'escape.mof'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toContain("escape.mof:2:18: error MOF1003: invalid escape sequence '\\q'");
    expect(r.err).not.toMatch(/EISDIR|MOF1101/);
    expect(r.err.match(/error MOF/g)).toHaveLength(1);
  });

  it('an include that names a folder says so, not EISDIR', async () => {
    writeFileSync(join(dir, 'folder.mof'), '#pragma include ("sub")\n');
    const r = await runCli(['model', 'folder.mof'], dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/folder\.mof:1:18: error MOF1101: .*sub: cannot read: a directory, not a MOF file/);
    expect(r.err).not.toContain('EISDIR');
  });
});
