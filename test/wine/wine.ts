/**
 * Linux side of the Wine suite: prepares Wine, the Windows node.exe and koffi's Windows
 * addon (scripts/wine-setup.mjs), makes sure the compiled runtime in dist/ is current,
 * and runs scripts in node.exe with `koffi` resolved to the Windows build.
 */

import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, mkdtempSync, openSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { acquireWine, ensureWine, releaseWine, repoRoot, startWineServer, type WineEnvironment } from '../../scripts/wine-setup.mjs';

/** `/srv/x` → `Z:\srv\x` (Wine maps the Linux root to drive Z:). */
export function windowsPath(linuxPath: string): string {
  return `Z:${linuxPath.replace(/\//g, '\\')}`;
}

function newestMtime(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name);
    if (entry.isDirectory()) newest = Math.max(newest, newestMtime(p));
    else if (entry.name.endsWith('.ts')) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds dist/ (tsc) when the compiled COM runtime is missing or older than its sources. */
export function ensureBuilt(): string {
  const dist = join(repoRoot, 'dist');
  const marker = join(dist, 'runtime', 'com', 'provider.js');
  const stale = !existsSync(marker) || statSync(marker).mtimeMs < newestMtime(join(repoRoot, 'runtime'));
  if (stale) {
    const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
    // Other parts of the tree may have type errors while work is in progress; tsc still
    // emits, and what matters here is that the runtime's output exists.
    spawnSync(process.execPath, [tsc, '-p', join(repoRoot, 'tsconfig.build.json')], { stdio: 'ignore', timeout: 600_000 });
  }
  if (!existsSync(marker)) throw new Error('npm run build did not produce dist/runtime/com/provider.js');
  return dist;
}

export interface WineRun {
  readonly status: number | null;
  readonly output: string;
  readonly ms: number;
}

export class WineNode {
  readonly env: NodeJS.ProcessEnv;
  constructor(readonly wine: WineEnvironment) {
    this.env = {
      ...wine.env,
      WMIGEN_KOFFI_ENTRY: windowsPath(wine.koffiEntry),
      WMIGEN_RUNTIME_ENTRY: windowsPath(join(repoRoot, 'dist', 'runtime', 'index.js')),
    };
    acquireWine(this.env);
    startWineServer(this.env);
  }

  /**
   * Ends this test file's use of Wine (call it in afterAll): the last file using the
   * prefix stops its wineserver and every Wine process of it.
   */
  stop(): void {
    releaseWine(this.env);
  }

  /** Runs `node.exe <script> ...args` (Linux paths in args are passed through as given). */
  run(script: string, args: readonly string[], timeoutMs = 120_000): WineRun {
    const hook = `file:///${encodeURI(windowsPath(join(repoRoot, 'test', 'wine', 'register-koffi.mjs')).replace(/\\/g, '/'))}`;
    // node.exe cannot write to a pipe under Wine (EBADF): its output goes to a file.
    const dir = mkdtempSync(join(tmpdir(), 'wmigen-wine-log-'));
    const logFile = join(dir, 'output.txt');
    const fd = openSync(logFile, 'w');
    const start = performance.now();
    try {
      const r = spawnSync(this.wine.wine, [this.wine.nodeExe, '--import', hook, windowsPath(script), ...args], {
        env: this.env,
        stdio: ['ignore', fd, fd],
        timeout: timeoutMs,
      });
      closeSync(fd);
      return { status: r.status, output: readFileSync(logFile, 'utf8'), ms: performance.now() - start };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  /** Runs a script that writes its results as JSON into the file named by its last argument. */
  runForJson<T>(script: string, args: readonly string[], timeoutMs = 120_000): { result: T; run: WineRun } {
    const dir = mkdtempSync(join(tmpdir(), 'wmigen-wine-'));
    const out = join(dir, 'result.json');
    try {
      const run = this.run(script, [...args, windowsPath(out)], timeoutMs);
      if (!existsSync(out)) throw new Error(`${script} under Wine wrote no result (exit ${run.status}):\n${run.output.slice(-3000)}`);
      return { result: JSON.parse(readFileSync(out, 'utf8')) as T, run };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}

/** Wine, node.exe, koffi and dist/ ready; throws (failing the suite) with the reason when not. */
export function prepareWine(log: (line: string) => void = () => {}): WineNode {
  const env = ensureWine(log);
  ensureBuilt();
  return new WineNode(env);
}

/**
 * Compiles generated bindings (TypeScript, importing `@wmigen/runtime`) with tsc against
 * the compiled runtime's declarations, plus `extraFiles` (type-level checks). Returns
 * tsc's diagnostics output (empty when they compile) and the folder of the emitted JS.
 */
export function compileBindings(dir: string, extraFiles: Readonly<Record<string, string>> = {}): { output: string; status: number | null; jsDir: string } {
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(join(dir, name), text);
  const jsDir = join(dir, 'js');
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        target: 'ES2022',
        lib: ['ES2023', 'ESNext.Disposable'],
        module: 'NodeNext',
        moduleResolution: 'NodeNext',
        strict: true,
        skipLibCheck: true,
        outDir: jsDir,
        rootDir: dir,
        typeRoots: [join(repoRoot, 'node_modules', '@types')],
        types: ['node'],
        paths: { '@wmigen/runtime': [join(repoRoot, 'dist', 'runtime', 'index.d.ts')] },
      },
      include: [join(dir, '**', '*.ts')],
      exclude: [jsDir],
    }),
  );
  writeFileSync(join(dir, 'package.json'), '{"type":"module"}\n');
  const tsc = join(repoRoot, 'node_modules', 'typescript', 'bin', 'tsc');
  const r = spawnSync(process.execPath, [tsc, '-p', join(dir, 'tsconfig.json')], { encoding: 'utf8', timeout: 300_000 });
  return { output: `${r.stdout ?? ''}${r.stderr ?? ''}`, status: r.status, jsDir };
}
