/**
 * Builds the C++ WMI test double (test/runtime/com/double/wmi_double.cpp) with g++ into a
 * temporary folder (keyed by the source's hash, so a warm run reuses it) and exposes its
 * controls: options (`double_set`) and counters (`double_get`).
 */

import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import koffi from 'koffi';

const source = join(dirname(fileURLToPath(import.meta.url)), 'double', 'wmi_double.cpp');

/** Compiles the double if needed; returns the path of the shared library. */
export function buildDouble(): string {
  const text = readFileSync(source);
  const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
  const dir = join(tmpdir(), 'wmigen-wmi-double');
  const lib = join(dir, `wmi_double-${hash}.so`);
  if (existsSync(lib)) return lib;
  mkdirSync(dir, { recursive: true });
  const partial = `${lib}.${process.pid}.tmp`;
  execFileSync('g++', ['-std=c++17', '-O1', '-g', '-shared', '-fPIC', '-Wall', '-Wno-unused-function', '-o', partial, source, '-lpthread'], {
    stdio: 'pipe',
  });
  renameSync(partial, lib);
  return lib;
}

export type Counter =
  | 'live_objects'
  | 'over_releases'
  | 'live_bstrs'
  | 'live_arrays'
  | 'cancelled_calls'
  | 'abandoned_enums'
  | 'polls'
  | 'blocking_waits'
  | 'com_init'
  | 'release_after_uninit'
  | 'blankets'
  | 'security_init'
  | 'async_cancels'
  | 'next_calls'
  | 'property_enums'
  | 'connects'
  | 'async_running'
  | 'last_password_set'
  | 'js_thread_calls'
  | 'outside_mta_calls'
  | 'wmi_calls'
  | 'mta_usage'
  | 'null_in_params';

export type Option = 'widgets' | 'polls' | 'slow_ms' | 'delay_ms' | 'interval_ms' | 'wine_sync' | 'event_ms' | 'no_class_enum' | 'block_ms' | 'sync_ms';

export interface DoubleControls {
  readonly library: string;
  set(option: Option, value: number): void;
  get(counter: Counter): number;
  /** Every counter at once, for snapshots and deltas. */
  snapshot(): Record<Counter, number>;
  lastConnect(): { namespace: string; user: string };
  /** Marks the calling (JS) thread: calls into WMI made on it are counted as js_thread_calls. */
  markJsThread(): void;
  /** CoInitializeEx on the calling thread, as a host would (2: an STA); the HRESULT. */
  initThread(coinit: number): number;
  /** Forgets the calling thread's apartment (undoes initThread). */
  resetThreadApartment(): void;
}

const COUNTERS: Counter[] = [
  'live_objects',
  'over_releases',
  'live_bstrs',
  'live_arrays',
  'cancelled_calls',
  'abandoned_enums',
  'polls',
  'blocking_waits',
  'com_init',
  'release_after_uninit',
  'blankets',
  'security_init',
  'async_cancels',
  'next_calls',
  'property_enums',
  'connects',
  'async_running',
  'last_password_set',
  'js_thread_calls',
  'outside_mta_calls',
  'wmi_calls',
  'mta_usage',
  'null_in_params',
];

export function loadDouble(library = buildDouble()): DoubleControls {
  const lib = koffi.load(library);
  const set = lib.func('void double_set(const char *name, int64_t value)');
  const get = lib.func('int64_t double_get(const char *name)');
  const last = lib.func('void double_last_connect(_Out_ uint8_t *buf, int32_t size)');
  const mark = lib.func('void double_mark_js_thread()');
  const init = lib.func('int32_t CoInitializeEx(void *reserved, uint32_t coinit)');
  const reset = lib.func('void double_reset_thread_apartment()');
  return {
    library,
    set: (option, value) => set(option, value),
    get: (counter) => Number(get(counter)),
    snapshot() {
      const out = {} as Record<Counter, number>;
      for (const c of COUNTERS) out[c] = Number(get(c));
      return out;
    },
    markJsThread: () => mark(),
    initThread: (coinit) => init(null, coinit) as number,
    resetThreadApartment: () => reset(),
    lastConnect() {
      const buf = Buffer.alloc(512);
      last(buf, buf.length);
      const text = buf.toString('utf8', 0, buf.indexOf(0));
      const [namespace = '', user = ''] = text.split('|');
      return { namespace, user };
    },
  };
}
