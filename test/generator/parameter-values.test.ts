/**
 * In-parameters with value lists on their method pages are typed as the pages list them:
 * Win32_Service.ChangeStartMode's StartMode takes only "Boot", "System", "Automatic",
 * "Manual" or "Disabled" (a literal union, as a property with a ValueMap), while a list of
 * bit flags (Win32_ScheduledJob.Create's DaysOfWeek: Monday 1, Tuesday 2, Wednesday 4 …)
 * stays a number so that combinations are accepted. Checked on the bindings generated from
 * the bundled 23H2 snapshot and from the older pages-only windows-cimv2 snapshot.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { repoRoot } from '../corpus.js';
import { typecheckPaths } from './typecheck.js';

const work = mkdtempSync(join(tmpdir(), 'wmigen-param-values-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));
writeFileSync(join(work, 'package.json'), '{"type":"module"}');

async function wmigen(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: CommandIo = { stdout: () => {}, stderr: (t) => (stderr += t), cwd: work, isTTY: false };
  return { code: await main(args, io), stderr };
}

/** The generated namespace folder (its name is the namespace's spelling in the schema). */
function namespaceDir(out: string): string {
  const root = join(work, out, 'root');
  return join(root, readdirSync(root).find((d) => d.toLowerCase() === 'cimv2')!);
}

function app(out: string): string {
  const path = join(work, `app-${out}.ts`);
  const ns = namespaceDir(out).slice(join(work, out).length + 1);
  writeFileSync(
    path,
    `import type { WmiServices } from '@wmigen/runtime';
import { Win32_Service, Win32_ScheduledJob } from './${out}/${ns}/index.js';

export async function configure(wmi: WmiServices, name: string): Promise<void> {
  await wmi.call(Win32_Service, { Name: name }, 'ChangeStartMode', { StartMode: 'Manual' });
  await wmi.call(Win32_Service, { Name: name }, 'ChangeStartMode', { StartMode: 'Disabled' });
  // @ts-expect-error "Auto" is not one of the start modes the page lists
  await wmi.call(Win32_Service, { Name: name }, 'ChangeStartMode', { StartMode: 'Auto' });
  // @ts-expect-error a start mode is a string value, not a number
  await wmi.call(Win32_Service, { Name: name }, 'ChangeStartMode', { StartMode: 2 });
  // Bit flags combine: Monday | Wednesday | Friday.
  await wmi.callStatic(Win32_ScheduledJob, 'Create', { Command: 'x.exe', RunRepeatedly: true, DaysOfWeek: 1 | 4 | 16 });
}
`,
  );
  return path;
}

const cases: Array<[string, () => Promise<string[]>]> = [
  [
    '23H2 snapshot',
    async () => {
      const mof = join(work, 'cimv2-23h2.mof');
      writeFileSync(mof, gunzipSync(readFileSync(join(repoRoot, 'schemas', 'windows', 'os', '23h2', 'root', 'cimv2.mof.gz'))));
      return ['--namespace', 'root\\cimv2', '--mof', mof];
    },
  ],
  ['windows-cimv2 (pages only)', async () => ['--schema', 'windows-cimv2']],
];

describe('parameter value lists in generated bindings', () => {
  cases.forEach(([label, source], i) => {
    it(`${label}: ChangeStartMode's StartMode is the pages' union, DaysOfWeek combines`, { timeout: 300_000 }, async () => {
      const out = `b${i}`;
      const r = await wmigen([...(await source()), '--out', out, '--classes', 'Win32_Service,Win32_ScheduledJob', '--quiet']);
      expect(r.code, r.stderr).toBe(0);
      const dir = namespaceDir(out);
      const errors = typecheckPaths([app(out), ...readdirSync(dir).map((f) => join(dir, f))]);
      // An unused @ts-expect-error (the union lost) is an error too.
      expect(errors).toEqual([]);
      const base = readFileSync(join(namespaceDir(out), 'Win32_BaseService.ts'), 'utf8');
      expect(base).toContain(`= 'Boot' | 'System' | 'Automatic' | 'Manual' | 'Disabled';`);
    });
  });
});
