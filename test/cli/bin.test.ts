/**
 * The installed command, `bin/wmigen.js`, run as users run it (a Node process on the built
 * dist/): it sets a V8 tier-up setting whose name depends on the V8 version, and an unknown
 * flag would print "Error: unrecognized flag" on every run. Checked on the running Node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../corpus.js';

const built = existsSync(join(repoRoot, 'dist', 'cli', 'main.js'));

describe('bin/wmigen.js', () => {
  it.runIf(built)('runs a command with nothing on stderr', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmigen-bin-'));
    const file = join(dir, 'one.mof');
    writeFileSync(file, 'class Thing { [Key] string Name; };\n');
    const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'wmigen.js'), 'model', file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/classes: 1/);
  });

  it.runIf(built)('prints its version with --version', () => {
    const { version } = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const run = spawnSync(process.execPath, [join(repoRoot, 'bin', 'wmigen.js'), '--version'], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toBe(`wmigen ${version}\n`);
  });

  it.runIf(built && process.platform !== 'win32')('stops quietly when the reader of its output stops early (| head)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'wmigen-bin-'));
    const file = join(dir, 'many.mof');
    writeFileSync(file, Array.from({ length: 3000 }, (_, i) => `class C${i} { [Key] string Name; uint32 Value; };\n`).join(''));
    const bin = join(repoRoot, 'bin', 'wmigen.js');
    const run = spawnSync('sh', ['-c', `"$0" "$1" model "$2" --json | head -c 100 >/dev/null`, process.execPath, bin, file], { encoding: 'utf8' });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
  });
});
