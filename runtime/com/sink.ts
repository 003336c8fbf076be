/**
 * An IWbemObjectSink implemented in JavaScript, for the asynchronous WMI calls
 * (ExecQueryAsync and friends).
 *
 * The object is a block of native memory whose first pointer is a vtable of koffi
 * registered callbacks, laid out with the slots and typed with the prototypes of the
 * generated IWbemObjectSink (IUnknown's methods included). WMI
 * calls Indicate/SetStatus from its own threads; koffi queues those calls to the JS
 * thread, so the JS thread must keep its event loop free while a call is in flight
 * (it does: results are consumed through an async iterator).
 *
 * Reference counting is done in JS; when WMI has released its last reference and the
 * call has completed, the callbacks are unregistered and the memory freed (deferred with
 * setImmediate: never from inside one of the callbacks).
 */

import koffi from 'koffi';
import type { WireObject } from '../provider.js';
import { bindAll, generatedInterface, iidOf, type MethodName } from './interfaces.js';
import type { BoundMethod } from './vtable.js';
import type { Marshaller } from './marshal.js';
import { E_NOINTERFACE, E_POINTER, S_OK } from './constants.js';
import { wbem } from './wbem-constants.js';

const POINTER_SIZE = 8;

type SinkMethodName = MethodName<'IWbemObjectSink'>;
type SinkCallback = (...args: never[]) => number;

let sinkMethods: Record<SinkMethodName, BoundMethod> | undefined;
/** Every slot of IWbemObjectSink with its generated prototype (the callbacks' types). */
function sinkVtable(): Record<SinkMethodName, BoundMethod> {
  sinkMethods ??= bindAll('IWbemObjectSink', ['QueryInterface', 'AddRef', 'Release', 'Indicate', 'SetStatus']);
  return sinkMethods;
}

export interface SinkEvents {
  /** Objects as they arrive (converted on the JS thread while WMI waits). */
  onObjects(objects: WireObject[]): void;
  /** The final status (WBEM_STATUS_COMPLETE). */
  onComplete(hr: number, message: string | null): void;
  /** Conversion errors inside a callback (reported, never thrown into WMI). */
  onError(err: unknown): void;
}

export class ObjectSink {
  /** The IWbemObjectSink pointer to hand to WMI. */
  readonly ptr: bigint;
  private readonly vtable: bigint;
  private readonly callbacks: bigint[] = [];
  private refs = 1;
  private completed = false;
  private freed = false;

  constructor(
    private readonly marshal: Marshaller,
    private readonly events: SinkEvents,
  ) {
    const iidUnknown = iidOf('IUnknown');
    const iidSink = iidOf('IWbemObjectSink');
    // Typed by the generated method names: every method of the interface needs a callback.
    const callbacks: Record<SinkMethodName, SinkCallback> = {
      QueryInterface: (self: bigint, riid: bigint, ppv: bigint) => {
        if (!ppv) return E_POINTER;
        const iid = Buffer.from(koffi.view(riid, 16));
        if (iid.equals(iidUnknown) || iid.equals(iidSink)) {
          koffi.encode(ppv, 'void *', self);
          this.refs++;
          return S_OK;
        }
        koffi.encode(ppv, 'void *', null);
        return E_NOINTERFACE;
      },
      AddRef: () => ++this.refs,
      Release: () => this.releaseOne(),
      Indicate: (_self: bigint, count: number, objects: bigint) => this.indicate(count, objects),
      SetStatus: (_self: bigint, flags: number, hr: number, param: bigint | null) => this.setStatus(flags, hr, param),
    };
    const vtable = sinkVtable();
    this.vtable = koffi.alloc('void *', generatedInterface('IWbemObjectSink').vtableLength) as bigint;
    for (const name of Object.keys(callbacks) as SinkMethodName[]) {
      const method = vtable[name];
      const cb = koffi.register(callbacks[name] as (...args: unknown[]) => unknown, koffi.pointer(method.proto));
      this.callbacks.push(cb);
      koffi.encode(this.vtable, method.slot * POINTER_SIZE, 'void *', cb);
    }
    this.ptr = koffi.alloc('void *', 1) as bigint;
    koffi.encode(this.ptr, 'void *', this.vtable);
  }

  private indicate(count: number, objects: bigint): number {
    try {
      const list: WireObject[] = [];
      const ptrs = count > 0 ? (Array.from(koffi.decode(objects, 'void *', count) as ArrayLike<bigint | null>)) : [];
      // The objects are borrowed for the duration of the call: read, not released.
      for (const p of ptrs) if (p) list.push(this.marshal.readObject(p));
      this.events.onObjects(list);
    } catch (err) {
      this.events.onError(err);
    }
    return S_OK;
  }

  private setStatus(flags: number, hr: number, param: bigint | null): number {
    if (flags === wbem().WBEM_STATUS_COMPLETE && !this.completed) {
      this.completed = true;
      let message: string | null = null;
      try {
        message = param ? this.marshal.readBstr(param) : null;
      } catch {
        message = null;
      }
      this.events.onComplete(hr, message);
      this.maybeFree();
    }
    return S_OK;
  }

  private releaseOne(): number {
    this.refs = Math.max(0, this.refs - 1);
    const n = this.refs;
    if (n === 0) this.maybeFree();
    return n;
  }

  /** Our own reference, given up when the caller is done with the sink. */
  release(): void {
    this.releaseOne();
  }

  /** Completed or abandoned, and no reference left in WMI: free (outside any callback). */
  private maybeFree(): void {
    if (this.freed || this.refs > 0) return;
    this.freed = true;
    setImmediate(() => {
      for (const cb of this.callbacks) koffi.unregister(cb);
      koffi.free(this.ptr);
      koffi.free(this.vtable);
    });
  }

  get isFreed(): boolean {
    return this.freed;
  }
}
