/**
 * Issue 15, defect 4: when the output cannot be written (a folder the user may not write,
 * a read-only file system, a full disk, a mount point), the command says so in one line
 * naming the path and the reason and exits 1, leaves no `.wmigen-new-*` folder, and the
 * previous output is as it was. Permissions are tested as another user (root ignores them);
 * the file systems are small tmpfs mounts. Each test skips with its reason when the machine
 * does not allow it (not root, no mount, no setpriv).
 */
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { repoRoot } from '../corpus.js';

const work = mkdtempSync(join(tmpdir(), 'wmigen-fs-errors-'));
chmodSync(work, 0o755);
const mounted: string[] = [];
afterAll(() => {
  for (const m of mounted.reverse()) spawnSync('umount', [m]);
  rmSync(work, { recursive: true, force: true });
});

const isRoot = process.getuid?.() === 0;

/** Mounts a tmpfs at `dir`; the reason it could not, or undefined. */
function mountTmpfs(dir: string, options: string): string | undefined {
  mkdirSync(dir, { recursive: true });
  if (!isRoot) return 'mounting needs root';
  const r = spawnSync('mount', ['-t', 'tmpfs', '-o', options, 'tmpfs', dir], { encoding: 'utf8' });
  if (r.status !== 0)
    return `mount -t tmpfs is not permitted here (${(r.stderr || String(r.error)).trim()})`;
  mounted.push(dir);
  return undefined;
}

const canMount = ((): string | undefined => {
  const probe = join(work, 'probe');
  const reason = mountTmpfs(probe, 'size=64k');
  if (reason === undefined) {
    spawnSync('umount', [probe]);
    mounted.pop();
  }
  return reason;
})();

async function wmigen(args: string[]): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: CommandIo = {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd: work,
    isTTY: false,
  };
  return { code: await main(args, io), stderr };
}

const mof = join(work, 'demo.mof');
const classes = (names: readonly string[]): string =>
  names.map((n) => `class ${n} {\n  [Key] string Id;\n};\n`).join('');
const generate = (out: string, names: readonly string[], ...more: string[]) => {
  writeFileSync(mof, classes(names));
  return wmigen(['--namespace', 'root\\cimv2', '--mof', mof, '--out', out, ...more]);
};

/** Every file and folder under `dir`, with contents: to compare before and after. */
function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true })) {
      if (e.isDirectory()) {
        out[`${prefix}${e.name}/`] = '';
        walk(join(d, e.name), `${prefix}${e.name}/`);
      } else out[`${prefix}${e.name}`] = readFileSync(join(d, e.name), 'latin1');
    }
  };
  walk(dir, '');
  return out;
}

function expectOneLine(stderr: string, path: string, reason: RegExp): void {
  const lines = stderr.trim().split('\n');
  expect(lines, stderr).toHaveLength(1);
  expect(lines[0]).toContain(path);
  expect(lines[0]).toMatch(reason);
  expect(stderr).not.toMatch(/internal error|\n\s+at /);
}

function strayFolders(...dirs: string[]): string[] {
  return dirs.flatMap((d) =>
    existsSync(d)
      ? readdirSync(d).filter((e) => e.startsWith('.wmigen-new') || e.startsWith('.wmigen-old'))
      : [],
  );
}

describe('file-system errors while writing the output', () => {
  it.skipIf(canMount !== undefined)(
    `a read-only file system (EROFS) ${canMount ? `[skipped: ${canMount}]` : ''}`,
    async () => {
      const mount = join(work, 'ro');
      expect(mountTmpfs(mount, 'size=4m')).toBeUndefined();
      const out = join(mount, 'wmi');
      expect((await generate(out, ['Demo_A'])).code).toBe(0);
      const before = snapshot(mount);
      expect(spawnSync('mount', ['-o', 'remount,ro', mount]).status).toBe(0);
      const r = await generate(out, ['Demo_A', 'Demo_B']);
      expect(r.code).toBe(1);
      expectOneLine(r.stderr, out, /read-only file system \(EROFS\)/);
      const fresh = await generate(join(mount, 'new'), ['Demo_A']);
      expect(fresh.code).toBe(1);
      expectOneLine(fresh.stderr, join(mount, 'new'), /read-only file system \(EROFS\)/);
      expect(snapshot(mount)).toEqual(before);
    },
  );

  it.skipIf(canMount !== undefined)(
    `a full disk (ENOSPC), with and without a user's file in the output ${canMount ? `[skipped: ${canMount}]` : ''}`,
    { timeout: 120_000 },
    async () => {
      const mount = join(work, 'full');
      expect(mountTmpfs(mount, 'size=512k')).toBeUndefined();
      const out = join(mount, 'wmi');
      expect((await generate(out, ['Demo_A'])).code).toBe(0);
      for (const withUserFile of [false, true]) {
        if (withUserFile) writeFileSync(join(out, 'NOTES.md'), 'mine\n');
        const before = snapshot(mount);
        // The whole bundled CIM 2.51 namespace is about 15 MB of bindings.
        const r = await wmigen([
          '--schema',
          'cim-2.51',
          '--namespace',
          'root\\cimv2',
          '--out',
          out,
        ]);
        expect(r.code).toBe(1);
        expectOneLine(r.stderr, out, /no space left on device \(ENOSPC\)/);
        expect(snapshot(mount)).toEqual(before);
        expect(strayFolders(mount, out)).toEqual([]);
      }
    },
  );

  it.skipIf(canMount !== undefined)(
    `an output folder that is a mount point (EBUSY on rename) is written file by file ${canMount ? `[skipped: ${canMount}]` : ''}`,
    async () => {
      const out = join(work, 'mounted-out');
      expect(mountTmpfs(out, 'size=4m')).toBeUndefined();
      const first = await generate(out, ['Demo_A', 'Demo_B']);
      expect(first.code, first.stderr).toBe(0);
      expect(first.stderr).toContain('(3 files written, 0 unchanged, 0 removed)');
      const second = await generate(out, ['Demo_A', 'Demo_C']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain('(2 files written, 1 unchanged, 1 removed)');
      expect(readdirSync(join(out, 'root', 'cimv2')).sort()).toEqual([
        'Demo_A.ts',
        'Demo_C.ts',
        'index.ts',
      ]);
      expect(spawnSync('mountpoint', ['-q', out]).status).toBe(0); // still the mount, not replaced
      expect(strayFolders(work, out)).toEqual([]);
    },
  );
});

describe('an output folder that is a bind mount of a folder on the same device', () => {
  it.skipIf(canMount !== undefined)(
    `cannot be renamed (EBUSY) and is written file by file ${canMount ? `[skipped: ${canMount}]` : ''}`,
    async () => {
      const source = join(work, 'bind-source');
      const out = join(work, 'bind-out');
      mkdirSync(source, { recursive: true });
      mkdirSync(out, { recursive: true });
      const r = spawnSync('mount', ['--bind', source, out], { encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      mounted.push(out);
      const first = await generate(out, ['Demo_A', 'Demo_B']);
      expect(first.code, first.stderr).toBe(0);
      const second = await generate(out, ['Demo_A', 'Demo_C']);
      expect(second.code, second.stderr).toBe(0);
      expect(second.stderr).toContain('(2 files written, 1 unchanged, 1 removed)');
      expect(readdirSync(join(source, 'root', 'cimv2')).sort()).toEqual([
        'Demo_A.ts',
        'Demo_C.ts',
        'index.ts',
      ]);
      expect(strayFolders(work, out)).toEqual([]);
      expect(
        readdirSync(join(out, 'root', 'cimv2')).filter((e) => e.startsWith('.wmigen')),
      ).toEqual([]);
    },
  );
});

const bin = join(repoRoot, 'bin', 'wmigen.js');
const built = existsSync(join(repoRoot, 'dist', 'cli', 'main.js'));
const setpriv = spawnSync('setpriv', ['--version']).status === 0;
/** Whether `nobody` reaches `path`: a clone in a private folder (mktemp -d) is out of its reach. */
function readableByNobody(path: string): boolean {
  const r = spawnSync('setpriv', ['--reuid=65534', '--regid=65534', '--clear-groups', 'test', '-r', path]);
  return r.status === 0;
}
const asOtherUser = !isRoot
  ? 'needs root to switch to another user'
  : !setpriv
    ? 'setpriv is not installed'
    : !built
      ? 'dist/ is not built (npm run build)'
      : !readableByNobody(bin)
        ? 'the repository is not readable by another user (a private parent folder)'
        : undefined;

describe('permissions (EACCES), as another user', () => {
  it.skipIf(asOtherUser !== undefined)(
    `a folder the user may not write ${asOtherUser ? `[skipped: ${asOtherUser}]` : ''}`,
    async () => {
      const project = join(work, 'not-mine');
      mkdirSync(project, { recursive: true });
      const out = join(project, 'wmi');
      expect((await generate(out, ['Demo_A'])).code).toBe(0);
      writeFileSync(mof, classes(['Demo_A', 'Demo_B']));
      chmodSync(mof, 0o644);
      const before = snapshot(project);
      const run = (target: string) =>
        spawnSync(
          'setpriv',
          [
            '--reuid=65534',
            '--regid=65534',
            '--clear-groups',
            process.execPath,
            bin,
            '--namespace',
            'root\\cimv2',
            '--mof',
            mof,
            '--out',
            target,
          ],
          {
            cwd: project,
            encoding: 'utf8',
            env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() },
          },
        );
      const r = run(out);
      expect(r.status, r.stderr).toBe(1);
      expectOneLine(r.stderr, out, /permission denied \(EACCES\)/);
      const fresh = run(join(project, 'new', 'wmi'));
      expect(fresh.status, fresh.stderr).toBe(1);
      expectOneLine(fresh.stderr, project, /permission denied \(EACCES\)/);
      expect(snapshot(project)).toEqual(before);
      expect(strayFolders(project, out)).toEqual([]);
    },
  );

  it.skipIf(asOtherUser !== undefined)(
    `an input folder the user may not read ${asOtherUser ? `[skipped: ${asOtherUser}]` : ''}`,
    () => {
      const closed = join(work, 'closed-schemas');
      mkdirSync(closed, { recursive: true });
      writeFileSync(join(closed, 'a.mof'), classes(['Demo_A']));
      chmodSync(closed, 0o700);
      const args = [
        '--reuid=65534',
        '--regid=65534',
        '--clear-groups',
        process.execPath,
        bin,
        '--namespace',
        'root\\cimv2',
        '--mof',
        closed,
        '--out',
        join(tmpdir(), 'never'),
      ];
      const r = spawnSync('setpriv', args, {
        cwd: tmpdir(),
        encoding: 'utf8',
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: tmpdir() },
      });
      expect(r.status, r.stderr).toBe(1);
      expectOneLine(r.stderr, closed, /permission denied \(EACCES\)/);
    },
  );
});
