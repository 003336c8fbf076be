/**
 * The installed command, `bin/wmigen.js`, run as users run it (a Node process on the built
 * dist/): it sets a V8 tier-up setting whose name depends on the V8 version, and an unknown
 * flag would print "Error: unrecognized flag" on every run. Checked on the running Node.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from './corpus.js';

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
});
