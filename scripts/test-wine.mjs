#!/usr/bin/env node
/**
 * `npm run test:wine`: the Wine suite on its own. Installs what is missing (Wine when
 * running as root, the Windows node.exe, koffi's win32 addon, a Wine prefix) into the
 * ignored cache `.cache/wine`, builds dist/, runs the vitest project `wine` (test/wine,
 * the in-memory provider's and the docs snapshot's cross-checks against Wine), and ends
 * with one line `N passed, N failed`.
 */

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureWine, prefixProcesses, repoRoot, stopWineServer } from './wine-setup.mjs';

const log = (line) => process.stdout.write(`test:wine: ${line}\n`);
let env;
try {
  env = ensureWine(log).env;
} catch (err) {
  process.stdout.write(`${err.message}\n0 passed, 1 failed\n`);
  process.exit(1);
}

log('building dist/ (tsc)');
spawnSync(process.execPath, [join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(repoRoot, 'tsconfig.build.json')], {
  cwd: repoRoot,
  stdio: 'ignore',
});

const dir = mkdtempSync(join(tmpdir(), 'wmigen-test-wine-'));
const report = join(dir, 'report.json');
const vitest = join(repoRoot, 'node_modules', 'vitest', 'vitest.mjs');
const run = spawnSync(process.execPath, [vitest, 'run', '--project', 'wine', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`], {
  cwd: repoRoot,
  stdio: 'inherit',
  // The cross-checks that run in CI whenever Wine is set up run here too.
  env: { ...process.env, WMIGEN_WINE: '1' },
});
// The test files stop Wine when the last of them is done; anything left is a failure.
const left = prefixProcesses(env.WINEPREFIX);
if (left.length > 0) log(`Wine processes left running: ${left.map((p) => `${p.name} (${p.pid})`).join(', ')}`);
stopWineServer(env);

let passed = 0;
let failed = 1;
try {
  const r = JSON.parse(readFileSync(report, 'utf8'));
  passed = r.numPassedTests;
  failed = r.numFailedTests + (r.numRuntimeErrorTests ?? 0) + (r.numFailedTestSuites > 0 && r.numTotalTests === 0 ? 1 : 0);
} catch {
  // no report: vitest itself failed; counted as one failure
}
rmSync(dir, { recursive: true, force: true });
if (left.length > 0) failed++;
process.stdout.write(`${passed} passed, ${failed} failed\n`);
process.exitCode = run.status === 0 && failed === 0 ? 0 : 1;
