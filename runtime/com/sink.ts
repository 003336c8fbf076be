/**
 * An IWbemObjectSink implemented in JavaScript, for the asynchronous WMI calls
 * (ExecQueryAsync and friends).
 *
 * The object is a block of native memory whose first pointer is a vtable of koffi
 * registered callbacks, laid out with the slots of the generated IWbemObjectSink. WMI
 * calls Indicate/SetStatus from its own threads; koffi queues those calls to the JS
 * thread, so the JS thread must keep its event loop free while a call is in flight
 * (it does: results are consumed through an async iterator).
 *
 * Reference counting is done in JS; when WMI has released its last reference and the
 * call has completed, the callbacks are unregistered and the memory freed (deferred with
 * setImmediate: never from inside one of the callbacks).
 */

import koffi, { type TypeObject } from 'koffi';
import type { WireObject } from '../provider.js';
import { generatedInterface, iidOf } from './interfaces.js';
import type { Marshaller } from './marshal.js';
import { E_NOINTERFACE, E_POINTER, S_OK } from './constants.js';
import { wbem } from './wbem-constants.js';

const POINTER_SIZE = 8;

const QueryInterfaceProto = koffi.proto('int32_t __stdcall wmigen_sink_QueryInterface(void *self, void *riid, void *ppv)');
const AddRefProto = koffi.proto('uint32_t __stdcall wmigen_sink_AddRef(void *self)');
const ReleaseProto = koffi.proto('uint32_t __stdcall wmigen_sink_Release(void *self)');
const IndicateProto = koffi.proto('int32_t __stdcall wmigen_sink_Indicate(void *self, int32_t count, void *objects)');
const SetStatusProto = koffi.proto('int32_t __stdcall wmigen_sink_SetStatus(void *self, int32_t flags, int32_t hr, void *param, void *object)');

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
    const def = generatedInterface('IWbemObjectSink');
    const slotOf = (name: string): number => {
      const m = def.methods[name] ?? generatedInterface('IUnknown').methods[name];
      if (!m) throw new Error(`generated IWbemObjectSink has no ${name}`);
      return m.slot;
    };
    const iidUnknown = iidOf('IUnknown');
    const iidSink = iidOf('IWbemObjectSink');
    const table: Array<[string, TypeObject, (...args: never[]) => number]> = [
      [
        'QueryInterface',
        QueryInterfaceProto,
        (self: bigint, riid: bigint, ppv: bigint) => {
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
      ],
      ['AddRef', AddRefProto, () => ++this.refs],
      ['Release', ReleaseProto, () => this.releaseOne()],
      ['Indicate', IndicateProto, (_self: bigint, count: number, objects: bigint) => this.indicate(count, objects)],
      [
        'SetStatus',
        SetStatusProto,
        (_self: bigint, flags: number, hr: number, param: bigint | null) => this.setStatus(flags, hr, param),
      ],
    ];
    this.vtable = koffi.alloc('void *', def.vtableLength) as bigint;
    for (const [name, proto, fn] of table) {
      const cb = koffi.register(fn as (...args: unknown[]) => unknown, koffi.pointer(proto));
      this.callbacks.push(cb);
      koffi.encode(this.vtable, slotOf(name) * POINTER_SIZE, 'void *', cb);
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
