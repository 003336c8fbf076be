/**
 * What the Wine suite starts it stops: `stopWineServer` ends the prefix's wineserver and
 * every Wine process of the prefix, and the lease lets the last test file stop it. Run
 * on a prefix of its own (an empty folder: wineserver needs no wineboot), so that other
 * Wine test files running at the same time keep theirs.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { acquireWine, prefixProcesses, releaseWine, startWineServer, stopWineServer, wineEnv } from '../../scripts/wine-setup.mjs';

const hasWine = process.platform === 'linux' && spawnSync('wineserver', ['--version'], { stdio: 'ignore' }).status === 0;

describe.runIf(hasWine)('Wine teardown', () => {
  it('stopWineServer leaves no process of the prefix', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'wmigen-wine-prefix-'));
    const env = wineEnv(prefix);
    try {
      startWineServer(env);
      expect(prefixProcesses(prefix).some((p) => p.name.startsWith('wineserver'))).toBe(true);
      stopWineServer(env);
      expect(prefixProcesses(prefix)).toEqual([]);
    } finally {
      spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
      rmSync(prefix, { recursive: true, force: true });
    }
  });

  it('the last lease stops Wine; an earlier one leaves it running for the others', () => {
    const prefix = mkdtempSync(join(tmpdir(), 'wmigen-wine-prefix-'));
    const env = wineEnv(join(prefix, 'prefix'));
    spawnSync('mkdir', ['-p', env.WINEPREFIX!]);
    // another test file (a living process: our parent) still holds a lease
    const other = join(prefix, 'leases', String(process.ppid));
    try {
      acquireWine(env);
      startWineServer(env);
      spawnSync('touch', [other]);
      expect(releaseWine(env)).toBe(false);
      expect(prefixProcesses(env.WINEPREFIX!).length).toBeGreaterThan(0);
      rmSync(other);
      acquireWine(env);
      expect(releaseWine(env)).toBe(true);
      expect(prefixProcesses(env.WINEPREFIX!)).toEqual([]);
    } finally {
      spawnSync('wineserver', ['-k'], { env, stdio: 'ignore' });
      rmSync(prefix, { recursive: true, force: true });
    }
  });
});
