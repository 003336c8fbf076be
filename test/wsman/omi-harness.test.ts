/**
 * Starts the OMI suites (omi.test.ts, omi-fleet.test.ts, omi-cli.test.ts,
 * omi-live-schema.test.ts, omi-ntlm.test.ts, omi-large.test.ts) through scripts/omi-harness.mjs:
 * OMI in a network namespace of its own with a test user made for the run, vitest
 * inside the same namespace, everything stopped and removed afterwards.
 */

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { ensureBenchProvider } from '../../scripts/omi-bench-provider.mjs';
import { omiUnavailableReason } from '../../scripts/omi-harness.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const inside = process.env.WMIGEN_OMI === '1';
// CI builds OMI once per machine (cached outside the repository); elsewhere only an existing build is used.
const reason = inside
  ? 'already inside the harness'
  : omiUnavailableReason({ build: !!process.env.CI });

it.skipIf(reason !== null)(
  `OMI suites in their own network namespace${reason ? ` (skipped: ${reason})` : ''}`,
  () => {
    const vitest = join(root, 'node_modules', 'vitest', 'vitest.mjs');
    // The provider with 20,000 instances of omi-large.test.ts (built once per content).
    const benchProvider = ensureBenchProvider();
    const r = spawnSync(
      process.execPath,
      [
        join(root, 'scripts', 'omi-harness.mjs'),
        '--',
        process.execPath,
        vitest,
        'run',
        'test/wsman/omi.test.ts',
        'test/wsman/omi-fleet.test.ts',
        'test/wsman/omi-cli.test.ts',
        'test/wsman/omi-live-schema.test.ts',
        'test/wsman/omi-ntlm.test.ts',
        'test/wsman/omi-large.test.ts',
      ],
      {
        cwd: root,
        encoding: 'utf8',
        timeout: 600_000,
        env: {
          ...process.env,
          NO_COLOR: '1',
          FORCE_COLOR: '0',
          ...(benchProvider === null ? { WMIGEN_OMI_BENCH_PROVIDER: '1' } : {}),
        },
      },
    );
    const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
    expect(r.status, output.slice(-4000)).toBe(0);
    // Every test ran, except those whose server part is missing here: the NTLM suite
    // without gss-ntlmssp, the large enumeration when its provider did not build.
    const allowedSkips =
      (existsSync('/etc/gss/mech.d/mech.ntlmssp.conf') ? 0 : 3) + (benchProvider === null ? 0 : 1);
    const m = /Tests\s+(\d+) passed(?: \| (\d+) skipped)? \((\d+)\)/.exec(output);
    expect(m, output.slice(-4000)).not.toBeNull();
    const skipped = Number(m![2] ?? 0);
    expect(skipped, output.slice(-4000)).toBeLessThanOrEqual(allowedSkips);
    expect(Number(m![1]) + skipped).toBe(Number(m![3]));
  },
  600_000,
);
