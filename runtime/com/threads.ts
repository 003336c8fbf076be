/**
 * The runtime's COM threads: worker threads of its own, each running one native call at a
 * time, synchronously, with its own koffi.
 *
 * Why not koffi's asynchronous calls (libuv's pool): a call stuck inside WMI (a synchronous
 * provider, an unreachable host) occupies a pool thread until it returns, so four stuck calls
 * hold up a fifth (and Node's own fs/dns work), and libuv counts the stuck call as pending
 * work, so the event loop never ends naturally while it runs. Here a stuck call holds one
 * thread of its own: the next call takes an idle thread or starts a new one (a thread per
 * blocked call), and a thread keeps the event loop alive only while its call is awaited.
 * Once the caller has given up (timeout, abort), the thread is unreferenced: the loop can
 * end, and the provider's exit guard ends the process without waiting for the call.
 *
 * How a call crosses: the JS thread posts {function pointer, parameter kinds, arguments}
 * on a MessagePort and wakes the thread through a SharedArrayBuffer (Atomics.notify); the
 * thread, parked in Atomics.wait, reads the message with receiveMessageOnPort, makes the
 * call, stores the HRESULT and wakes the JS thread (Atomics.waitAsync). Buffer arguments
 * (out-parameters) are copied into the thread's shared scratch memory before the call and
 * back after it, so the caller's Buffers hold the results when the promise resolves.
 * Pointers (bigint) and integers cross as they are: the threads share the address space.
 *
 * Where worker threads cannot start (koffi cannot be resolved for them), calls fall back to
 * koffi's asynchronous calls.
 */

import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import { callMethodAsync, readPointer, type BoundMethod } from './vtable.js';

/** Slots of a thread's control block (Int32Array over a SharedArrayBuffer). */
const POSTED = 0; // number of calls posted (the thread waits while it equals what it has seen)
const DONE = 1; // number of calls finished
const RESULT = 2; // the HRESULT of the last call
const FAILED = 3; // 1 when the last call threw in JS (bad arguments), 0 otherwise
const READY = 4; // 1 once the thread has loaded koffi, -1 when it could not
const CONTROL_SLOTS = 5;

const SCRATCH_BYTES = 64 * 1024;
/** Idle threads kept for later calls; threads beyond that end when their call returns. */
const IDLE_KEPT = 4;

/** The thread's program (CommonJS, evaluated): no file path to resolve in dist/, under a test runner or a module hook. */
const THREAD_SOURCE = `
const { workerData, receiveMessageOnPort } = require('node:worker_threads');
const control = new Int32Array(workerData.control);
const port = workerData.port;
let scratch = Buffer.from(workerData.scratch);
import(workerData.koffi).then((m) => {
  const koffi = m.default ?? m;
  const TYPES = { ptr: 'void *', i32: 'int32_t', u32: 'uint32_t', i64: 'int64_t', u64: 'uint64_t', f32: 'float', f64: 'double' };
  const protos = new Map();
  const functions = new Map();
  // koffi sets up a thread's call memory with its first library function: a function
  // decoded from a pointer before that crashes (koffi 3.3).
  if (process.platform === 'win32') koffi.load('kernel32.dll').func('uint32_t __stdcall GetCurrentThreadId()')();
  else koffi.load(process.platform === 'darwin' ? 'libc.dylib' : 'libc.so.6').func('int getpid()')();
  const lookup = (fn, kinds) => {
    const key = fn + ':' + kinds;
    let f = functions.get(key);
    if (!f) {
      let proto = protos.get(kinds);
      if (!proto) {
        const params = ['void *', ...(kinds === '' ? [] : kinds.split(',').map((k) => TYPES[k]))];
        proto = koffi.proto('__stdcall', 'wmigen_com_thread_' + protos.size, 'int32_t', params);
        protos.set(kinds, proto);
      }
      f = koffi.decode(fn, proto);
      functions.set(key, f);
    }
    return f;
  };
  Atomics.store(control, ${READY}, 1);
  Atomics.notify(control, ${READY});
  let seen = 0;
  for (;;) {
    Atomics.wait(control, ${POSTED}, seen);
    seen = Atomics.load(control, ${POSTED});
    const msg = receiveMessageOnPort(port).message;
    if (msg.scratch) scratch = Buffer.from(msg.scratch);
    let hr = 0;
    let failed = 0;
    try {
      const args = msg.args.map((a) => (a !== null && typeof a === 'object' ? scratch.subarray(a.at, a.at + a.length) : a));
      hr = lookup(msg.fn, msg.kinds)(msg.self, ...args);
    } catch {
      failed = 1;
      hr = -2147467259;
    }
    control[${RESULT}] = hr;
    control[${FAILED}] = failed;
    Atomics.store(control, ${DONE}, seen);
    Atomics.notify(control, ${DONE});
  }
}, () => {
  Atomics.store(control, ${READY}, -1);
  Atomics.notify(control, ${READY});
});
`;

/** Where the COM threads load koffi from: the copy this module's own `import 'koffi'` resolves to. */
function koffiUrl(): string {
  const meta = import.meta as ImportMeta & { resolve?: (specifier: string) => string };
  try {
    // Module hooks (node.exe under Wine sends `koffi` elsewhere) apply to import.meta.resolve.
    const url = meta.resolve?.('koffi');
    if (typeof url === 'string' && url.startsWith('file:')) return url;
  } catch {
    // a host without import.meta.resolve (some test runners): fall back to require's lookup
  }
  return pathToFileURL(createRequire(import.meta.url).resolve('koffi')).href;
}

class CallFailed extends Error {}

type WaitAsync = (array: Int32Array, index: number, value: number) => { async: false; value: string } | { async: true; value: Promise<string> };
/** Atomics.waitAsync (Node 16+; ES2024, beyond the lib this package compiles against). */
const waitAsync = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync;

/** One COM thread: a worker parked in Atomics.wait between calls. */
class ComThread {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly control: Int32Array;
  private scratch: SharedArrayBuffer;
  private scratchSent = true;
  private posted = 0;
  private ready: Promise<boolean>;
  private exited = false;
  /** Rejects the running call when the thread dies under it. */
  private onExit: ((err: Error) => void) | null = null;

  constructor(koffi: string) {
    const channel = new MessageChannel();
    this.port = channel.port1;
    const control = new SharedArrayBuffer(CONTROL_SLOTS * 4);
    this.control = new Int32Array(control);
    this.scratch = new SharedArrayBuffer(SCRATCH_BYTES);
    this.worker = new Worker(THREAD_SOURCE, {
      eval: true,
      execArgv: [],
      workerData: { control, scratch: this.scratch, port: channel.port2, koffi },
      transferList: [channel.port2],
    });
    // Referenced while it starts (a call waits for it), unreferenced while idle.
    this.worker.on('error', () => {});
    this.worker.on('exit', () => {
      this.exited = true;
      if (Atomics.load(this.control, READY) === 0) {
        Atomics.store(this.control, READY, -1);
        Atomics.notify(this.control, READY);
      }
      this.onExit?.(new CallFailed('a COM thread ended during a call'));
    });
    const wait = waitAsync(this.control, READY, 0);
    this.ready = (wait.async ? wait.value : Promise.resolve()).then(() => {
      this.worker.unref();
      return Atomics.load(this.control, READY) === 1;
    });
  }

  /** While starting: keeps the event loop alive only when a call waits for this thread. */
  holdLoop(on: boolean): void {
    if (Atomics.load(this.control, READY) !== 0) return;
    if (on) this.worker.ref();
    else this.worker.unref();
  }

  get alive(): boolean {
    return !this.exited;
  }

  /** Whether the thread loaded koffi (false: COM threads are unavailable here). */
  whenReady(): Promise<boolean> {
    return this.ready;
  }

  /**
   * Runs one call. The thread keeps the event loop alive while it runs unless `letGo`
   * (the caller gave up) is called first.
   */
  async call(fn: bigint, kinds: string, self: bigint, args: readonly unknown[], keepAlive: KeepAlive): Promise<number> {
    // Buffers go through the scratch memory; everything else as it is.
    let size = 0;
    const buffers: [Buffer, number][] = [];
    const wire = args.map((a) => {
      if (!Buffer.isBuffer(a)) return a;
      const at = size;
      size += (a.length + 7) & ~7;
      buffers.push([a, at]);
      return { at, length: a.length };
    });
    if (size > this.scratch.byteLength) {
      this.scratch = new SharedArrayBuffer(Math.max(size, this.scratch.byteLength * 2));
      this.scratchSent = false;
    }
    const scratch = Buffer.from(this.scratch);
    for (const [b, at] of buffers) b.copy(scratch, at);
    const message: Record<string, unknown> = { fn, kinds, self, args: wire };
    if (!this.scratchSent) {
      message.scratch = this.scratch;
      this.scratchSent = true;
    }
    const seq = ++this.posted;
    this.worker.ref();
    keepAlive.onGiveUp(() => {
      // Only while this very call runs (the thread may have gone on to another one).
      if (this.posted === seq && Atomics.load(this.control, DONE) < seq) this.worker.unref();
    });
    try {
      this.port.postMessage(message);
      Atomics.store(this.control, POSTED, seq);
      Atomics.notify(this.control, POSTED);
      await new Promise<void>((resolve, reject) => {
        this.onExit = reject;
        const wait = waitAsync(this.control, DONE, seq - 1);
        if (wait.async) void wait.value.then(() => resolve());
        else resolve();
      });
    } finally {
      this.onExit = null;
      this.worker.unref();
    }
    for (const [b, at] of buffers) scratch.copy(b, 0, at, at + b.length);
    if (this.control[FAILED] === 1) throw new CallFailed('the COM thread could not make the call (arguments of an unknown kind)');
    return this.control[RESULT]!;
  }

  end(): void {
    void this.worker.terminate();
  }
}

/** How a call learns that its caller gave up waiting (CallControl.onGiveUp). */
export interface KeepAlive {
  onGiveUp(release: () => void): void;
}

const KEEP_WAITING: KeepAlive = { onGiveUp: () => {} };

let koffiLocation: string | null | undefined;
const idle: ComThread[] = [];
/** Calls waiting for a thread (every thread busy, the next one starting). */
const waiting: ((thread: ComThread | null) => void)[] = [];
/** The thread starting, if any: threads start one at a time, so a burst of calls does not start a burst of isolates. */
let starting: ComThread | null = null;
let threadsStarted = 0;
/** False once a COM thread failed to load koffi: calls use koffi's asynchronous calls. */
let threadsWork = true;

/** COM threads started so far, for tests and figures. */
export function comThreadStats(): { started: number; idle: number } {
  return { started: threadsStarted, idle: idle.length };
}

/** Kinds of a bound method as the thread's prototype key. */
const kindKeys = new WeakMap<BoundMethod, string>();

function kindsOf(method: BoundMethod): string {
  let key = kindKeys.get(method);
  if (key === undefined) {
    key = method.kinds.join(',');
    kindKeys.set(method, key);
  }
  return key;
}

/** Starts one more thread; when it is ready it serves the first waiting call. */
function startThread(): void {
  if (koffiLocation === undefined) {
    try {
      koffiLocation = koffiUrl();
    } catch {
      koffiLocation = null;
    }
  }
  if (koffiLocation === null) {
    threadsWork = false;
    for (const w of waiting.splice(0)) w(null);
    return;
  }
  threadsStarted++;
  const thread = new ComThread(koffiLocation);
  starting = thread;
  // A spare started ahead of need must not keep a finished program running.
  thread.holdLoop(waiting.length > 0);
  void thread.whenReady().then((ok) => {
    starting = null;
    if (!ok) {
      threadsWork = false;
      thread.end();
      for (const w of waiting.splice(0)) w(null);
      return;
    }
    giveBack(thread);
  });
}

/** A thread for one call: an idle one, or the next one free or started (null: threads unavailable). */
function takeThread(): ComThread | null | Promise<ComThread | null> {
  while (idle.length > 0) {
    const t = idle.pop()!;
    if (!t.alive) continue;
    // Keep a spare ready: a call that finds every thread busy (one stuck) need not wait
    // for a thread to start.
    if (idle.length === 0 && !starting) startThread();
    return t;
  }
  const next = new Promise<ComThread | null>((resolve) => waiting.push(resolve));
  if (starting) starting.holdLoop(true);
  else startThread();
  return next;
}

/** A thread whose call returned (or that just started): to the first waiting call, else idle. */
function giveBack(thread: ComThread): void {
  if (!thread.alive) return;
  const next = waiting.shift();
  if (next) {
    next(thread);
    // Still more calls waiting than threads: start another.
    if (waiting.length > 0 && !starting) startThread();
    return;
  }
  if (idle.length < IDLE_KEPT) idle.push(thread);
  else thread.end();
}

/**
 * Calls `method` on `self` on a COM thread of the runtime (a worker thread in the
 * process's multithreaded apartment); resolves to the HRESULT when the native call returns,
 * with the Buffer arguments holding what it wrote. `keepAlive` tells when the caller has
 * given up, after which the call no longer keeps the event loop alive.
 */
export async function callOnComThread(self: bigint, method: BoundMethod, args: readonly unknown[], keepAlive: KeepAlive = KEEP_WAITING): Promise<number> {
  if (!threadsWork || args.some((a) => typeof a === 'string')) return callMethodAsync(self, method, ...args);
  if (self === 0n) throw new Error(`${method.interfaceName}.${method.name} called on a null interface pointer`);
  const fn = readPointer(readPointer(self), method.slot * 8);
  const taken = takeThread();
  const thread = taken instanceof ComThread || taken === null ? taken : await taken;
  if (!thread) return callMethodAsync(self, method, ...args);
  try {
    return await thread.call(fn, kindsOf(method), self, args, keepAlive);
  } finally {
    giveBack(thread);
  }
}
