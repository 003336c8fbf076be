/**
 * The cross-check of issue 6: the queries Wine's WMI supports return the same rows from
 * Wine and from the in-memory provider loaded with the same classes (read live) and the
 * same instances (captured from Wine). Runs only where the Wine set-up of the COM tests
 * is available in CI (`npm run test:wine` prepares it) or when WMIGEN_WINE=1 asks for it.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it, onTestFinished } from 'vitest';
import { repoRoot } from '../corpus.js';

// Locally only on request (it takes ~40 s and shares the Wine server with the COM tests);
// in CI whenever the Wine set-up is present.
const wanted =
  process.env.WMIGEN_WINE === '1' ||
  (Boolean(process.env.CI) && existsSync(join(repoRoot, '.cache', 'wine', 'prefix')));

interface CrossCheck {
  classes: Record<string, string>;
  captured: number;
  loadErrors: string[];
  queries: Record<
    string,
    { equal: boolean; rows: number; onlyA: string[]; onlyB: string[] } | { error: string }
  >;
  paths: Record<string, { wine: (string | null)[]; memory: (string | null)[] }>;
  fatal?: string;
}

describe.runIf(wanted)('Wine and the in-memory provider give the same rows', () => {
  it(
    'for queries on classes read live from Wine, with instances captured from Wine',
    { timeout: 900_000 },
    async () => {
      const { prepareWine, windowsPath } = await import('../wine/wine.js');
      const wine = prepareWine();
      onTestFinished(() => wine.stop());
      const { result } = wine.runForJson<CrossCheck>(
        join(repoRoot, 'test', 'memory', 'wine-crosscheck.mjs'),
        [windowsPath(join(repoRoot, 'dist'))],
        300_000,
      );
      expect(result.fatal).toBeUndefined();
      expect(result.captured).toBeGreaterThan(5);
      expect(result.loadErrors).toEqual([]);
      const entries = Object.entries(result.queries);
      expect(entries.length).toBe(10);
      const differing = entries.filter(([, o]) => !('equal' in o) || !o.equal);
      expect(differing).toEqual([]);
      // Not trivially equal: most queries return rows.
      const withRows = entries.filter(([, o]) => 'rows' in o && o.rows > 0).map(([q]) => q);
      expect(withRows.length, JSON.stringify(result.queries)).toBeGreaterThanOrEqual(7);
      console.info(
        `wine cross-check: ${result.captured} instances captured; rows per query: ${entries.map(([, o]) => ('rows' in o ? o.rows : '!')).join(', ')}`,
      );
      // Paths: with SELECT * both give the same relative paths; with a property list Wine
      // leaves __PATH empty even when the key is selected, the memory provider (like
      // Windows) fills it. Recorded here so a change in Wine shows up.
      const star = result.paths['SELECT * FROM Win32_LogicalDisk'];
      expect(star.wine.map((p) => p?.toLowerCase())).toEqual(
        star.memory.map((p) => p?.toLowerCase()),
      );
      const list = result.paths['SELECT DeviceID FROM Win32_LogicalDisk'];
      expect(list.memory.every((p) => p !== null)).toBe(true);
      expect(list.wine.every((p) => p === null)).toBe(true);
    },
  );
});

describe.runIf(wanted)('the README example under Wine', () => {
  it(
    'lists services by start mode on real WMI with the same code as on the in-memory provider',
    { timeout: 900_000 },
    async () => {
      const { prepareWine, windowsPath, compileBindings } = await import('../wine/wine.js');
      const { generateCimBindings } = await import('../../generator/cim/generate.js');
      const { loadFixtureSchema } = await import('./fixture.js');
      const wine = prepareWine();
      onTestFinished(() => wine.stop());
      const dir = mkdtempSync(join(tmpdir(), 'wmigen-example-'));
      try {
        // The example and its bindings, compiled against the built runtime (dist/).
        for (const f of generateCimBindings(loadFixtureSchema(), {
          runtimeModule: '@wmigen/runtime',
        }).files) {
          mkdirSync(dirname(join(dir, f.path)), { recursive: true });
          writeFileSync(join(dir, f.path), f.text);
        }
        const example = readFileSync(
          join(repoRoot, 'examples', 'list-services.ts'),
          'utf8',
        ).replace(
          '../test/api/bindings/root/cimv2/Win32_Service.js',
          './root/cimv2/Win32_Service.js',
        );
        const tsc = compileBindings(dir, { 'list-services.ts': example });
        expect(tsc.output).toBe('');
        const { result } = wine.runForJson<{
          providerKind: string;
          auto: unknown[];
          direct: unknown[];
          fatal?: string;
        }>(
          join(repoRoot, 'test', 'memory', 'wine-example.mjs'),
          [windowsPath(join(tsc.jsDir, 'list-services.js')), windowsPath(join(repoRoot, 'dist'))],
          300_000,
        );
        expect(result.fatal).toBeUndefined();
        expect(result.providerKind).toBe('com');
        expect(result.auto.length).toBeGreaterThan(0);
        expect(result.auto).toEqual(result.direct);
        console.info(
          `README example under Wine: ${result.auto.length} automatic services, e.g. ${JSON.stringify(result.auto[0])}`,
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  );
});

describe.runIf(wanted)('wmigen query --live under Wine', () => {
  it(
    'prints rows of a live query as JSON, and a typed error for bad WQL',
    { timeout: 900_000 },
    async () => {
      const { prepareWine } = await import('../wine/wine.js');
      const wine = prepareWine();
      onTestFinished(() => wine.stop());
      const cli = join(repoRoot, 'bin', 'wmigen.js');
      const ok = wine.run(cli, [
        'query',
        'SELECT Name, StartMode FROM Win32_Service WHERE StartMode = "Auto"',
        '--live',
        '--json',
      ]);
      expect(ok.status, ok.output).toBe(0);
      const rows = JSON.parse(ok.output.slice(ok.output.indexOf('['))) as {
        __CLASS: string;
        StartMode: string;
      }[];
      expect(rows.length).toBeGreaterThan(0);
      expect(rows.every((r) => r.__CLASS === 'Win32_Service' && r.StartMode === 'Auto')).toBe(true);
      const bad = wine.run(cli, ['query', 'SELECT * FROM Win32_Service WHERE', '--live']);
      expect(bad.status).toBe(1);
      expect(bad.output).toContain('invalid WQL at column 34: unexpected end of query');
    },
  );
});
