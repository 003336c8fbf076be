/**
 * COM lifetimes.
 *
 * A `ComSession` is one CoInitializeEx (multithreaded apartment) on the JS thread plus
 * every interface reference taken under it; the calls that can wait on WMI run on koffi's
 * worker threads, kept in the MTA by CoIncrementMTAUsage. Each reference is a `ComRef`: it calls
 * IUnknown::Release exactly once — from `release()`, `[Symbol.dispose]` (so `using`
 * works), or from the session when it closes. The session never calls Release after
 * its CoUninitialize: closing releases what is still held first, and a `ComRef`
 * released after that is a no-op.
 *
 * A FinalizationRegistry is only a backstop: a `ComRef` collected without being
 * released is reported (process warning `WMIGEN_COM_LEAK`) and released then, on the JS
 * thread, if its session is still open.
 */

import type { ComPlatform } from './platform.js';
import { COINIT_MULTITHREADED, RPC_E_CHANGED_MODE } from './constants.js';
import { callMethod, type BoundMethod } from './vtable.js';
import { unknownMethods } from './interfaces.js';

interface Held {
  readonly ptr: bigint;
  readonly label: string;
}

interface LeakToken {
  readonly session: ComSession;
  readonly id: number;
}

/** Platforms whose MTA is kept alive for the process (CoIncrementMTAUsage, once each). */
const mtaKept = new WeakSet<ComPlatform>();

/**
 * Makes every thread of the process that never initialised COM a member of the
 * multithreaded apartment, so that calls on koffi's worker threads (the runtime's COM
 * threads) are MTA calls even when the host made the JS thread an STA (Electron) or
 * never initialised COM. The usage is never decremented: the process may run a call on
 * a worker thread up to its exit.
 */
function keepMultithreadedApartment(platform: ComPlatform): void {
  if (mtaKept.has(platform) || !platform.CoIncrementMTAUsage) return;
  const hr = platform.CoIncrementMTAUsage(Buffer.alloc(8));
  if (hr < 0) throw new Error(`CoIncrementMTAUsage failed: 0x${(hr >>> 0).toString(16)}`);
  mtaKept.add(platform);
}

const leakRegistry = new FinalizationRegistry<LeakToken>((token) => token.session.reportLeak(token.id));

/** Counters a test (or a curious user) can read. */
export interface ComSessionStats {
  /** References currently held. */
  readonly live: number;
  /** References released (each exactly once). */
  readonly released: number;
  /** References that were garbage-collected without being released. */
  readonly leaked: number;
}

export class ComSession {
  readonly platform: ComPlatform;
  private readonly held = new Map<number, Held>();
  private nextId = 1;
  private open = true;
  private releasedCount = 0;
  private leakedCount = 0;
  /** Whether our CoInitializeEx succeeded (and so needs its CoUninitialize). */
  private readonly ownsInit: boolean;
  readonly release: BoundMethod;
  readonly addRef: BoundMethod;
  readonly queryInterface: BoundMethod;

  constructor(platform: ComPlatform) {
    this.platform = platform;
    const hr = platform.CoInitializeEx(null, COINIT_MULTITHREADED);
    // S_OK or S_FALSE (already initialised on this thread): both need a CoUninitialize.
    // RPC_E_CHANGED_MODE (the host made this thread an STA) does not; COM still works.
    if (hr < 0 && hr !== RPC_E_CHANGED_MODE) throw new Error(`CoInitializeEx failed: 0x${(hr >>> 0).toString(16)}`);
    this.ownsInit = hr >= 0;
    keepMultithreadedApartment(platform);
    const unknown = unknownMethods();
    this.release = unknown.Release;
    this.addRef = unknown.AddRef;
    this.queryInterface = unknown.QueryInterface;
  }

  get isOpen(): boolean {
    return this.open;
  }

  stats(): ComSessionStats {
    return { live: this.held.size, released: this.releasedCount, leaked: this.leakedCount };
  }

  /** Takes ownership of one reference (the caller's AddRef'd pointer). */
  own(ptr: bigint, label: string): ComRef {
    if (!this.open) throw new Error(`COM session closed: cannot hold ${label}`);
    if (ptr === 0n) throw new Error(`null ${label} pointer`);
    const id = this.nextId++;
    this.held.set(id, { ptr, label });
    const ref = new ComRef(this, id, ptr, label);
    leakRegistry.register(ref, { session: this, id }, ref);
    return ref;
  }

  /** Releases one held reference; false when it was released already. */
  releaseHeld(id: number, ref?: ComRef): boolean {
    const h = this.held.get(id);
    if (!h) return false;
    this.held.delete(id);
    if (ref) leakRegistry.unregister(ref);
    this.releasedCount++;
    callMethod(h.ptr, this.release);
    return true;
  }

  /** Releases a raw pointer that is not held by a ComRef (transient objects). */
  releaseRaw(ptr: bigint): void {
    if (ptr !== 0n && this.open) callMethod(ptr, this.release);
  }

  reportLeak(id: number): void {
    const h = this.held.get(id);
    if (!h) return;
    this.leakedCount++;
    process.emitWarning(`a COM reference (${h.label}) was garbage-collected without being released`, {
      code: 'WMIGEN_COM_LEAK',
    });
    if (this.open) this.releaseHeld(id);
  }

  /** Releases everything still held, then CoUninitialize. Idempotent. */
  close(): void {
    if (!this.open) return;
    // Release in reverse order of acquisition: enumerators and call results before the
    // services that produced them, services before the locator.
    const ids = [...this.held.keys()].sort((a, b) => b - a);
    for (const id of ids) this.releaseHeld(id);
    this.open = false;
    if (this.ownsInit) this.platform.CoUninitialize();
  }
}

export class ComRef implements Disposable {
  readonly session: ComSession;
  readonly label: string;
  private readonly id: number;
  private pointer: bigint;

  constructor(session: ComSession, id: number, ptr: bigint, label: string) {
    this.session = session;
    this.id = id;
    this.pointer = ptr;
    this.label = label;
  }

  /** The interface pointer; throws once released. */
  get ptr(): bigint {
    if (this.pointer === 0n) throw new Error(`${this.label} used after release`);
    if (!this.session.isOpen) throw new Error(`${this.label} used after its COM session closed`);
    return this.pointer;
  }

  get released(): boolean {
    return this.pointer === 0n;
  }

  /** Calls IUnknown::Release (once; later calls do nothing). */
  release(): void {
    if (this.pointer === 0n) return;
    this.pointer = 0n;
    this.session.releaseHeld(this.id, this);
  }

  [Symbol.dispose](): void {
    this.release();
  }
}
