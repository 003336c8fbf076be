#!/usr/bin/env node
/**
 * Builds and registers the bench's OMI provider (bench/omi-provider: WMIGEN_BenchRow, an
 * enumeration of 20,000 instances) into the OMI build folder, once per content: omigen
 * makes the class header and module glue from the MOF, the provider's own C replaces the
 * skeleton omigen writes, gcc builds the library and omireg registers it for the
 * namespace root/wmigen. Nothing of OMI's is copied into the repository.
 *
 *   node scripts/omi-bench-provider.mjs     (prints the namespace, or why it cannot)
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { omiDir } from './omi-harness.mjs';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const BENCH_NAMESPACE = 'root/wmigen';
export const BENCH_CLASS = 'WMIGEN_BenchRow';

function step(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8' });
  if (r.status !== 0)
    throw new Error(`${cmd} ${args.join(' ')}: ${(r.stderr || r.stdout || r.error?.message || '').trim().split('\n').slice(-3).join(' ')}`);
}

/** Builds and registers the provider when needed; returns null, or why it could not. */
export function ensureBenchProvider() {
  const out = join(omiDir(), 'Unix', 'output');
  if (!existsSync(join(out, 'bin', 'omigen'))) return `no OMI build in ${omiDir()}`;
  const src = join(repoRoot, 'bench', 'omi-provider');
  const mof = readFileSync(join(src, `${BENCH_CLASS}.mof`));
  const c = readFileSync(join(src, `${BENCH_CLASS}.c`));
  const hash = createHash('sha256').update(mof).update('\0').update(c).digest('hex').slice(0, 16);
  const dir = join(omiDir(), 'wmigen-bench', hash);
  const reg = join(out, 'etc', 'omiregister', BENCH_NAMESPACE.replace('/', '-'), 'wmigenbench.reg');
  const stamp = join(dir, '.registered');
  if (existsSync(stamp) && existsSync(reg) && readFileSync(stamp, 'utf8') === hash) return null;
  try {
    mkdirSync(dir, { recursive: true });
    copyFileSync(join(src, `${BENCH_CLASS}.mof`), join(dir, 'schema.mof'));
    step(join(out, 'bin', 'omigen'), ['-m', 'wmigenbench', 'schema.mof', BENCH_CLASS], dir);
    copyFileSync(join(src, `${BENCH_CLASS}.c`), join(dir, `${BENCH_CLASS}.c`));
    const include = join(out, 'include');
    const objects = [];
    for (const file of [`${BENCH_CLASS}.c`, 'module.c', 'schema.c']) {
      const obj = file.replace(/\.c$/, '.o');
      step('gcc', ['-c', '-O2', '-fPIC', '-DMI_API_VERSION=2', `-I${include}`, file, '-o', obj], dir);
      objects.push(obj);
    }
    step('gcc', ['-shared', '-o', 'libwmigenbench.so', ...objects], dir);
    step(join(out, 'bin', 'omireg'), ['-n', BENCH_NAMESPACE, join(dir, 'libwmigenbench.so')], dir);
    writeFileSync(stamp, hash);
    return null;
  } catch (e) {
    return `the bench provider did not build: ${e.message}`;
  }
}

const isMain = process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url);
if (isMain) {
  const reason = ensureBenchProvider();
  process.stdout.write(reason ? `omi-bench-provider: ${reason}\n` : `${BENCH_NAMESPACE}:${BENCH_CLASS}\n`);
  process.exitCode = reason ? 1 : 0;
}
