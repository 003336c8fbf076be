/**
 * The COM provider: `WmiProvider` over WMI's COM interfaces, through koffi.
 *
 * - Connecting: CoInitializeEx (multithreaded apartment), CoInitializeSecurity (default
 *   authentication, impersonation; overridable or skippable), CoCreateInstance of the
 *   WbemLocator, then IWbemLocator::ConnectServer on a koffi worker thread — it has no
 *   semisynchronous form and can take seconds on a remote host — and CoSetProxyBlanket.
 * - Calls that have a semisynchronous form (GetObject, ExecMethod, PutInstance,
 *   DeleteInstance) pass WBEM_FLAG_RETURN_IMMEDIATELY and poll the IWbemCallResult with
 *   GetCallStatus(0) from timers (runtime/com/calls.ts): the JS thread never waits
 *   inside WMI. A provider that answers S_OK without a call result (Wine's) has finished
 *   synchronously, and its direct result is used.
 * - Queries stream: ExecQuery with RETURN_IMMEDIATELY | FORWARD_ONLY, then
 *   IEnumWbemClassObject::Next with WBEM_NO_WAIT in batches, as an AsyncIterable;
 *   leaving the loop early releases the enumerator (which cancels the query).
 * - Every call takes an AbortSignal and a timeout; both reject with a typed WbemError
 *   (WBEM_E_CALL_CANCELLED / WBEM_E_TIMED_OUT) and release what the call holds
 *   (releasing an IWbemCallResult or an enumerator cancels the operation in WMI;
 *   asynchronous sink calls are cancelled with IWbemServices::CancelAsyncCall).
 */

import type { AuthenticationLevel, CallOptions, ConnectOptions, ImpersonationLevel, PutMode, QueryCallOptions, WireObject, WireValue, WmiProvider } from '../provider.js';
import { WbemError } from '../errors.js';
import { CallControl, callOptions } from './calls.js';
import {
  CLSCTX_INPROC_SERVER,
  CLSCTX_LOCAL_SERVER,
  EOAC_NONE,
  RPC_C_AUTHN_DEFAULT,
  RPC_C_AUTHN_LEVEL_CALL,
  RPC_C_AUTHN_LEVEL_DEFAULT,
  RPC_C_AUTHN_LEVEL_PKT_PRIVACY,
  RPC_C_AUTHN_WINNT,
  RPC_C_AUTHZ_DEFAULT,
  RPC_C_AUTHZ_NONE,
  RPC_C_IMP_LEVEL_IMPERSONATE,
  RPC_E_TOO_LATE,
  SEC_WINNT_AUTH_IDENTITY_UNICODE,
} from './constants.js';
import { bindAll, clsidOf, iidOf } from './interfaces.js';
import { Marshaller, classObject, wide } from './marshal.js';
import { loadComPlatform, type ComPlatform, type PlatformOptions } from './platform.js';
import { ComSession, type ComRef } from './session.js';
import { ObjectSink } from './sink.js';
import { takeTurn, turnHasBudget } from './fairness.js';
import { callMethod, type BoundMethod } from './vtable.js';
import { callOnComThread } from './threads.js';
import { wbem } from './wbem-constants.js';
import koffi from 'koffi';

export interface SecurityOptions {
  /** RPC_C_AUTHN_LEVEL_* for CoInitializeSecurity (default RPC_C_AUTHN_LEVEL_DEFAULT). */
  readonly authnLevel?: number;
  /** RPC_C_IMP_LEVEL_* (default RPC_C_IMP_LEVEL_IMPERSONATE). */
  readonly impLevel?: number;
}

export interface ComProviderOptions extends ConnectOptions {
  /** Where ole32/oleaut32 come from (the Linux test double passes its library). */
  readonly platform?: PlatformOptions;
  /** CoInitializeSecurity settings, or false when the host process already set them. */
  readonly security?: SecurityOptions | false;
  /** Objects per IEnumWbemClassObject::Next (default 64). */
  readonly batchSize?: number;
  /** Longest pause between two polls of a pending call (ms, default 8). */
  readonly maxPollMs?: number;
  /**
   * Run one call at a time (a call stuck for 2 s lets calls on other classes by).
   * Default: on under Wine, whose WMI crashes on concurrent calls.
   */
  readonly oneCallPerClass?: boolean;
}

type ServicesMethods = Record<
  | 'GetObject'
  | 'ExecQuery'
  | 'ExecQueryAsync'
  | 'ExecNotificationQuery'
  | 'ExecMethod'
  | 'PutInstance'
  | 'DeleteInstance'
  | 'CreateClassEnum'
  | 'CancelAsyncCall'
  | 'OpenNamespace',
  BoundMethod
>;

let servicesMethods: ServicesMethods | undefined;
let enumMethods: Record<'Next', BoundMethod> | undefined;
let callResultMethods: Record<'GetCallStatus' | 'GetResultObject' | 'GetResultString' | 'GetResultServices', BoundMethod> | undefined;
let locatorMethods: Record<'ConnectServer', BoundMethod> | undefined;
let statusTextMethods: Record<'GetErrorCodeText', BoundMethod> | undefined;

function bindWmi(): void {
  servicesMethods ??= bindAll('IWbemServices', [
    'GetObject',
    'ExecQuery',
    'ExecQueryAsync',
    'ExecNotificationQuery',
    'ExecMethod',
    'PutInstance',
    'DeleteInstance',
    'CreateClassEnum',
    'CancelAsyncCall',
    'OpenNamespace',
  ]);
  enumMethods ??= bindAll('IEnumWbemClassObject', ['Next']);
  callResultMethods ??= bindAll('IWbemCallResult', ['GetCallStatus', 'GetResultObject', 'GetResultString', 'GetResultServices']);
  locatorMethods ??= bindAll('IWbemLocator', ['ConnectServer']);
}

let securityDone = false;

/**
 * Lanes for a provider that is not safe to call concurrently (Wine 8's wbemprox: two
 * calls at once crash the process — measured with two CIM_DataFile queries, and with 20
 * mixed calls in flight). Calls then run one at a time, in order, with one exception
 * that keeps a stuck call from holding up the others: a call still running after
 * `STUCK_AFTER_MS` (2 s) no longer holds the process-wide lane, so calls on other classes go
 * on beside it; calls on its own class wait until it has returned (its per-class lane).
 */
const classLanes = new Map<string, Promise<void>>();
/** Settles when the call holding the process-wide lane returns (or counts as stuck); null: free. */
let globalLane: Promise<void> | null = null;
/** The CallControl of the call holding the process-wide lane: its next call need not wait a turn. */
let globalOwner: CallControl | null = null;
const STUCK_AFTER_MS = 2000;

/**
 * A native call in its lanes: after every earlier call on its class has returned, and
 * when the process-wide lane is free. The process-wide lane is let go on the next
 * event-loop turn after the call returns — so the JS work that reads its results runs
 * before any other call starts — or after STUCK_AFTER_MS.
 */
async function runInLanes(key: string, control: CallControl | null, start: () => Promise<number>, readsResults = true): Promise<number> {
  const previous = classLanes.get(key);
  let classDone!: () => void;
  const tail = new Promise<void>((resolve) => (classDone = resolve));
  classLanes.set(key, tail);
  // A call waiting in the lanes keeps the event loop alive while its caller waits for it:
  // the call it waits for may be one given up on, whose thread no longer does.
  let hold: NodeJS.Timeout | null = null;
  const holdLoop = () => {
    if (hold || !control) return;
    hold = setInterval(() => {}, 1 << 30);
    control.onGiveUp(() => {
      if (hold) clearInterval(hold);
    });
  };
  try {
    if (previous) {
      holdLoop();
      await previous;
    }
    // The same operation's next call (Next after ExecQuery) starts from the code that read
    // the previous one's results: it goes on without waiting for the lane's next turn.
    while (globalLane && !(control && control === globalOwner)) {
      holdLoop();
      await globalLane;
    }
    if (hold) clearInterval(hold);
    // Aborted or past its deadline while it waited for a lane: the call's own typed error.
    control?.check();
    let letGo!: () => void;
    const held: Promise<void> = new Promise<void>((resolve) => (letGo = resolve));
    globalLane = held;
    globalOwner = control;
    const free = () => {
      if (globalLane === held) {
        globalLane = null;
        globalOwner = null;
      }
      letGo();
    };
    // Unreferenced: calls waiting for the lane keep the loop alive themselves.
    const stuck = setTimeout(free, STUCK_AFTER_MS);
    stuck.unref();
    let work: Promise<number>;
    try {
      work = start();
    } catch (err) {
      clearTimeout(stuck);
      free();
      throw err;
    }
    const returned = () => {
      clearTimeout(stuck);
      if (readsResults) setImmediate(free);
      else free();
    };
    void work.then(returned, returned);
    return await work;
  } finally {
    if (hold) clearInterval(hold);
    if (classLanes.get(key) === tail) classLanes.delete(key);
    classDone();
  }
}

/** The class a WQL query reads (`SELECT … FROM Class`, `ASSOCIATORS OF {Class.Key=…}`), or null. */
export function classOfQuery(wql: string): string | null {
  const from = /\bfrom\s+([A-Za-z_]\w*)/i.exec(wql);
  if (from) return from[1]!;
  const of = /\bof\s*\{\s*([^}]*)\}/i.exec(wql);
  return of ? classNameOfPath(of[1]!) || null : null;
}

let wineDetected: boolean | undefined;

/** Whether WMI here is Wine's (ntdll exports wine_get_version). */
function runningOnWine(): boolean {
  if (wineDetected !== undefined) return wineDetected;
  wineDetected = false;
  if (process.platform === 'win32') {
    try {
      koffi.load('ntdll.dll').func('const char *wine_get_version()');
      wineDetected = true;
    } catch {
      // a real Windows
    }
  }
  return wineDetected;
}

/** Native calls still running on COM threads, across every provider of the process. */
let nativeCallsRunning = 0;
let exitGuarded = false;

/**
 * Process exit must not wait for a call stuck inside WMI (Wine's ExecQuery of
 * CIM_DataFile runs for minutes): libuv joins its worker threads at exit, so with calls
 * still running the process ends itself at once, with its exit code, once every 'exit'
 * listener registered before this one has run (TerminateProcess on Windows, _exit
 * elsewhere). Without such calls, exit is Node's own.
 */
function guardExit(): void {
  if (exitGuarded) return;
  exitGuarded = true;
  process.on('exit', (code) => {
    if (nativeCallsRunning === 0) return;
    const exitCode = typeof code === 'number' ? code : Number(process.exitCode ?? 0);
    try {
      if (process.platform === 'win32') {
        const kernel32 = koffi.load('kernel32.dll');
        const terminate = kernel32.func('int32_t __stdcall TerminateProcess(void *process, uint32_t code)');
        terminate(-1n, exitCode); // -1: the current process's pseudo-handle
      } else {
        koffi.load(process.platform === 'darwin' ? 'libc.dylib' : 'libc.so.6').func('void _exit(int32_t code)')(exitCode);
      }
    } catch {
      // no way to end at once: Node's exit waits for the calls
    }
  });
}

const AUTHENTICATION_LEVELS: Record<AuthenticationLevel, number> = {
  default: 0,
  none: 1,
  connect: 2,
  call: 3,
  pkt: 4,
  pktIntegrity: 5,
  pktPrivacy: 6,
};

const IMPERSONATION_LEVELS: Record<ImpersonationLevel, number> = {
  default: 0,
  anonymous: 1,
  identify: 2,
  impersonate: 3,
  delegate: 4,
};

/** The RPC_C_AUTHN_LEVEL_* of a typed level; a typed error names a level that is not one. */
function levelOf<K extends string>(table: Record<K, number>, value: K | undefined, what: string): number | undefined {
  if (value === undefined) return undefined;
  const n = table[value];
  if (n === undefined) throw WbemError.fromHResult(wbem().WBEM_E_INVALID_PARAMETER, 'connect', `${what} must be one of ${Object.keys(table).join(', ')}; got ${String(value)}`);
  return n;
}

/** The class name in an object path (`\\host\ns:Class.Key=1` → `Class`). */
export function classNameOfPath(path: string): string {
  let p = path;
  const colon = p.indexOf(':');
  if (colon >= 0) p = p.slice(colon + 1);
  const m = /^[^.=]*/.exec(p);
  return (m ? m[0] : p).trim();
}

/** Stable native memory for COAUTHIDENTITY (the proxy keeps pointing at it). */
class AuthIdentity {
  readonly ptr: bigint;
  private readonly blocks: bigint[] = [];
  constructor(user: string, domain: string, password: string) {
    const str = (s: string): [bigint, number] => {
      const p = koffi.alloc('char16_t', s.length + 1) as bigint;
      koffi.encode(p, 'char16_t', Array.from(s + '\0', (c) => c.charCodeAt(0)), s.length + 1);
      this.blocks.push(p);
      return [p, s.length];
    };
    const [u, ul] = str(user);
    const [d, dl] = str(domain);
    const [pw, pl] = str(password);
    // COAUTHIDENTITY on x64: User, UserLength, Domain, DomainLength, Password, PasswordLength, Flags
    this.ptr = koffi.alloc('uint8_t', 48) as bigint;
    this.blocks.push(this.ptr);
    const b = Buffer.alloc(48);
    b.writeBigUInt64LE(u, 0);
    b.writeUInt32LE(ul, 8);
    b.writeBigUInt64LE(d, 16);
    b.writeUInt32LE(dl, 24);
    b.writeBigUInt64LE(pw, 32);
    b.writeUInt32LE(pl, 40);
    b.writeUInt32LE(SEC_WINNT_AUTH_IDENTITY_UNICODE, 44);
    koffi.encode(this.ptr, 'uint8_t', Array.from(b), 48);
  }
  free(): void {
    for (const p of this.blocks.splice(0)) koffi.free(p);
  }
}

/** A finished semisynchronous call: its status and the call result to read (if any). */
interface SemisyncOutcome {
  /** The IWbemCallResult, when WMI made one (released by the caller). */
  readonly callResult: ComRef | null;
}

export class ComProvider implements WmiProvider {
  readonly kind = 'com' as const;
  readonly namespace: string;
  readonly session: ComSession;
  readonly marshal: Marshaller;
  private readonly platform: ComPlatform;
  private locator: ComRef | null = null;
  private services: ComRef | null = null;
  private readonly defaults: CallOptions;
  private readonly batchSize: number;
  private readonly maxPollMs: number;
  private readonly poll: { readonly maxPollMs: number };
  private readonly classes = new Map<string, ComRef>();
  private identity: AuthIdentity | null = null;
  /** Levels for CoSetProxyBlanket (undefined: the defaults for a local or a remote connection). */
  private authnLevel: number | undefined;
  private impLevel: number | undefined;
  private closed = false;
  /** IWbemStatusCodeText, created on the first error (null: not available). */
  private statusTexts: ComRef | null | undefined = undefined;
  /** Native calls still running on COM threads; teardown waits for them (close() does not). */
  private readonly inflight = new Set<Promise<unknown>>();
  private readonly openSinks = new Set<ObjectSink>();
  private oneCallPerClass = false;

  private constructor(platform: ComPlatform, namespace: string, options: ComProviderOptions) {
    this.platform = platform;
    this.namespace = namespace;
    this.session = new ComSession(platform);
    this.marshal = new Marshaller(this.session);
    this.defaults = { timeoutMs: options.timeoutMs };
    this.batchSize = options.batchSize ?? 64;
    this.maxPollMs = options.maxPollMs ?? 8;
    this.poll = { maxPollMs: this.maxPollMs };
  }

  /** Connects (see createComProvider). */
  static async connect(options: ComProviderOptions = {}): Promise<ComProvider> {
    bindWmi();
    const platform = loadComPlatform(options.platform);
    const namespace = options.namespace ?? 'root\\cimv2';
    const provider = new ComProvider(platform, namespace, options);
    provider.oneCallPerClass = options.oneCallPerClass ?? runningOnWine();
    try {
      provider.authnLevel = levelOf(AUTHENTICATION_LEVELS, options.authenticationLevel, 'authenticationLevel');
      provider.impLevel = levelOf(IMPERSONATION_LEVELS, options.impersonationLevel, 'impersonationLevel');
      provider.initSecurity(options.security);
      await provider.connectServer(options);
      return provider;
    } catch (err) {
      provider.close();
      throw err;
    }
  }

  private initSecurity(security: SecurityOptions | false | undefined): void {
    if (security === false || securityDone) return;
    const hr = this.platform.CoInitializeSecurity(
      null,
      -1,
      null,
      null,
      security?.authnLevel ?? this.authnLevel ?? RPC_C_AUTHN_LEVEL_DEFAULT,
      security?.impLevel ?? this.impLevel ?? RPC_C_IMP_LEVEL_IMPERSONATE,
      null,
      EOAC_NONE,
      null,
    );
    // RPC_E_TOO_LATE: the process (or an earlier connection) already chose its security.
    if (hr < 0 && hr !== RPC_E_TOO_LATE) throw this.fail(hr, 'CoInitializeSecurity');
    securityDone = true;
  }

  private async connectServer(options: ComProviderOptions): Promise<void> {
    const control = new CallControl('ConnectServer', { signal: options.signal, timeoutMs: options.timeoutMs });
    control.check();
    const out = Buffer.alloc(8);
    const hr = this.platform.CoCreateInstance(clsidOf('CLSID_WbemLocator'), null, CLSCTX_INPROC_SERVER | CLSCTX_LOCAL_SERVER, iidOf('IWbemLocator'), out);
    if (hr < 0) throw this.fail(hr, 'CoCreateInstance(WbemLocator)');
    this.locator = this.session.own(out.readBigUInt64LE(0), 'IWbemLocator');

    const resource = options.host ? `\\\\${options.host}\\${this.namespace.replace(/^\\\\[^\\]*\\/, '')}` : this.namespace;
    const m = this.marshal;
    // BSTRs live until the worker thread is done with them, even if we stop waiting.
    const bstrs = [resource, options.user ?? null, options.password ?? null, options.locale ?? null, options.authority ?? null].map((s) =>
      s === null ? null : m.allocBstr(s),
    );
    const servicesOut = Buffer.alloc(8);
    const flags = options.host ? wbem().WBEM_FLAG_CONNECT_USE_MAX_WAIT : 0;
    const work = callOnComThread(this.locator.ptr, locatorMethods!.ConnectServer, [bstrs[0], bstrs[1], bstrs[2], bstrs[3], flags, bstrs[4], null, servicesOut], control).finally(
      () => {
        for (const b of bstrs) m.freeBstr(b);
      },
    );
    const session = this.session;
    // Until the worker thread returns, the locator and the BSTRs are in use: teardown
    // waits for it before releasing anything or calling CoUninitialize.
    this.track(work);
    const status = await control.race(work, (lateHr) => {
      // We gave up waiting (timeout/abort): release what arrived after all.
      const late = servicesOut.readBigUInt64LE(0);
      if (lateHr >= 0 && late !== 0n && session.isOpen) session.releaseRaw(late);
    });
    // Passwords never reach messages: only the namespace and host are named.
    if (status < 0) throw this.fail(status, 'ConnectServer', options.host ? `${options.host} ${this.namespace}` : this.namespace);
    this.services = this.session.own(servicesOut.readBigUInt64LE(0), 'IWbemServices');

    if (options.user !== undefined && options.host) {
      const [domain, user] = splitUser(options.user, options.authority);
      this.identity = new AuthIdentity(user, domain, options.password ?? '');
    }
    this.applyBlanket(this.services.ptr);
  }

  /** CoSetProxyBlanket: impersonation for local calls, explicit credentials for remote ones. */
  private applyBlanket(ptr: bigint): void {
    const imp = this.impLevel ?? RPC_C_IMP_LEVEL_IMPERSONATE;
    const hr = this.identity
      ? this.platform.CoSetProxyBlanket(ptr, RPC_C_AUTHN_DEFAULT, RPC_C_AUTHZ_DEFAULT, null, this.authnLevel ?? RPC_C_AUTHN_LEVEL_PKT_PRIVACY, imp, this.identity.ptr, EOAC_NONE)
      : this.platform.CoSetProxyBlanket(ptr, RPC_C_AUTHN_WINNT, RPC_C_AUTHZ_NONE, null, this.authnLevel ?? RPC_C_AUTHN_LEVEL_CALL, imp, null, EOAC_NONE);
    // E_NOINTERFACE: an in-process object is not a proxy; there is nothing to set.
    if (hr < 0 && hr !== (0x80004002 | 0)) throw this.fail(hr, 'CoSetProxyBlanket');
  }

  private get svc(): bigint {
    if (this.closed || !this.services) throw this.fail(wbem().WBEM_E_FAILED, 'IWbemServices', 'the provider is closed');
    return this.services.ptr;
  }

  private control(operation: string, options: CallOptions | undefined): CallControl {
    return new CallControl(operation, callOptions(this.defaults, options), this.poll);
  }

  // ------------------------------------------------------------------ errors

  /**
   * A typed error for a failed HRESULT, with WMI's own text for the code
   * (IWbemStatusCodeText::GetErrorCodeText) when it says more than the code itself.
   */
  private fail(hr: number, operation: string, detail?: string): WbemError {
    const text = this.statusText(hr);
    return WbemError.fromHResult(hr, operation, text ? (detail ? `${detail} — ${text}` : text) : detail);
  }

  private statusText(hr: number): string | null {
    try {
      if (this.statusTexts === undefined) {
        const out = Buffer.alloc(8);
        const created = this.session.isOpen
          ? this.platform.CoCreateInstance(clsidOf('CLSID_WbemStatusCodeText'), null, CLSCTX_INPROC_SERVER, iidOf('IWbemStatusCodeText'), out)
          : -1;
        this.statusTexts = created >= 0 && out.readBigUInt64LE(0) !== 0n ? this.session.own(out.readBigUInt64LE(0), 'IWbemStatusCodeText') : null;
      }
      if (!this.statusTexts || this.statusTexts.released || !this.session.isOpen) return null;
      statusTextMethods ??= bindAll('IWbemStatusCodeText', ['GetErrorCodeText']);
      const out = Buffer.alloc(8);
      if (callMethod(this.statusTexts.ptr, statusTextMethods.GetErrorCodeText, hr, 0, 0, out) < 0) return null;
      const b = out.readBigUInt64LE(0);
      try {
        const text = this.marshal.readBstr(b).trim();
        // Wine answers "Error code: 0x80041010": nothing the error does not say already.
        return text === '' || /^error code:?\s*0x[0-9a-f]+$/i.test(text) ? null : text;
      } finally {
        this.marshal.freeBstr(b);
      }
    } catch {
      return null;
    }
  }

  /**
   * Starts a native call in its lanes (see `classLanes`) when this provider needs them.
   * A call given up on while it waits never starts (it settles with
   * WBEM_E_CALL_CANCELLED, which the late-result handlers ignore).
   */
  private inLane(className: string | null, control: CallControl | null, start: () => Promise<number>): Promise<number> {
    if (!this.oneCallPerClass) return start();
    return runInLanes((className ?? '').toLowerCase(), control, start);
  }

  /** Runs `fn` on the JS thread once no call holds the lanes (releases that touch WMI's objects). */
  whenLanesFree(className: string | null, fn: () => void): void {
    const key = (className ?? '').toLowerCase();
    // Nothing running: at once (a release is JS-thread work that ends with it).
    if (!this.oneCallPerClass || (globalLane === null && !classLanes.has(key))) return fn();
    void runInLanes(key, null, () => {
      fn();
      return Promise.resolve(0);
    }, false);
  }

  // ------------------------------------------------------------------ semisync

  // ------------------------------------------------------------------ COM threads

  /** Keeps `work` (a native call on a COM thread) in the in-flight set until it returns. */
  private track<T>(work: Promise<T>): Promise<T> {
    nativeCallsRunning++;
    guardExit();
    const settled: Promise<void> = work.then(
      () => {
        nativeCallsRunning--;
        this.inflight.delete(settled);
      },
      () => {
        nativeCallsRunning--;
        this.inflight.delete(settled);
      },
    ) as Promise<never>;
    this.inflight.add(settled);
    return work;
  }

  /**
   * Calls `method` on a COM thread (threads.ts: a worker thread of the runtime, in the
   * process's multithreaded apartment): the JS thread never waits inside WMI, whatever the
   * provider. Once `control` gives up, the call no longer keeps the event loop alive.
   */
  private offThread(control: CallControl, self: bigint, method: BoundMethod, ...args: unknown[]): Promise<number> {
    return this.track(callOnComThread(self, method, args, control));
  }

  /** `offThread` with cached BSTRs (texts) that stay allocated until the native call returns. */
  private offThreadWith(control: CallControl, texts: readonly string[], self: bigint, method: BoundMethod, args: (bstrs: bigint[]) => unknown[]): Promise<number> {
    const m = this.marshal;
    const bstrs = texts.map((t) => m.pinnedBstr(t));
    const unpin = () => {
      for (const b of bstrs) m.unpin(b);
    };
    let work: Promise<number>;
    try {
      work = this.offThread(control, self, method, ...args(bstrs));
    } catch (err) {
      unpin();
      throw err;
    }
    void work.then(unpin, unpin);
    return work;
  }

  /** Runs `action` once `running` (a native call that may still use a reference) has returned. */
  private after(running: Promise<unknown> | null, action: () => void): void {
    if (running) void running.then(action, action);
    else action();
  }

  // ------------------------------------------------------------------ semisync

  /**
   * Runs an IWbemServices call with WBEM_FLAG_RETURN_IMMEDIATELY and an IWbemCallResult
   * out-parameter (appended to `args`) on a COM thread, then polls GetCallStatus(0) there
   * until the call completes. Given up on (abort, timeout), the call result is released
   * (which cancels the call in WMI) once the native call has returned, and a late direct
   * result in `direct` is released too.
   */
  private async semisync(
    control: CallControl,
    method: BoundMethod,
    texts: readonly string[],
    args: (bstrs: bigint[]) => unknown[],
    direct: Buffer | null,
    detail: string,
    laneKey: string | null,
    onReturned?: () => void,
  ): Promise<SemisyncOutcome> {
    const crOut = Buffer.alloc(8);
    const session = this.session;
    let call: Promise<number>;
    try {
      control.check();
      const svc = this.svc;
      call = this.inLane(laneKey, control, () => this.offThreadWith(control, texts, svc, method, (b) => [...args(b), crOut]));
    } catch (err) {
      onReturned?.();
      throw err;
    }
    // What the call reads (an in-parameter object, an instance to put) lives until it returns.
    if (onReturned) void call.then(onReturned, onReturned);
    const hr = await control.race(call, (lateHr) => {
      if (lateHr < 0) return;
      session.releaseRaw(crOut.readBigUInt64LE(0));
      if (direct) session.releaseRaw(direct.readBigUInt64LE(0));
    });
    if (hr < 0) throw this.fail(hr, control.operation, detail);
    const crPtr = crOut.readBigUInt64LE(0);
    // S_OK without a call result: the provider finished synchronously (Wine).
    if (crPtr === 0n) return { callResult: null };
    const cr = this.session.own(crPtr, 'IWbemCallResult');
    let running: Promise<number> | null = null;
    try {
      const statusOut = Buffer.alloc(4);
      for (let attempt = 0; ; attempt++) {
        running = this.offThread(control, cr.ptr, callResultMethods!.GetCallStatus, 0, statusOut);
        const s = await control.race(running, () => {});
        running = null;
        if (s === wbem().WBEM_S_NO_ERROR) {
          const status = statusOut.readInt32LE(0);
          if (status < 0) throw this.fail(status, control.operation, detail);
          return { callResult: cr };
        }
        if (s !== wbem().WBEM_S_TIMEDOUT) throw this.fail(s, `${control.operation} (GetCallStatus)`, detail);
        await control.wait(attempt);
      }
    } catch (err) {
      // Releasing an unfinished call result cancels the call.
      this.after(running, () => cr.release());
      throw err;
    }
  }

  /**
   * A call-result getter (GetResultObject, GetResultString, GetResultServices) on a COM
   * thread; resolves to the owned pointer it handed out (0n when none). Releases `cr`.
   */
  private async resultPointer(control: CallControl, cr: ComRef, getter: BoundMethod, detail: string, raw = true): Promise<bigint> {
    const out = Buffer.alloc(8);
    const session = this.session;
    const running = this.offThread(control, cr.ptr, getter, 0, out);
    try {
      const hr = await control.race(running, (lateHr) => {
        if (lateHr >= 0 && raw) session.releaseRaw(out.readBigUInt64LE(0));
        else if (lateHr >= 0) this.marshal.freeBstr(out.readBigUInt64LE(0));
      });
      if (hr < 0) throw this.fail(hr, control.operation, detail);
      return out.readBigUInt64LE(0);
    } finally {
      this.after(running, () => cr.release());
    }
  }

  /** GetResultObject from a finished call result (or the direct result). Returns an owned raw pointer. */
  private async resultObject(outcome: SemisyncOutcome, direct: Buffer, control: CallControl, detail: string): Promise<bigint> {
    const p = outcome.callResult
      ? await this.resultPointer(control, outcome.callResult, callResultMethods!.GetResultObject, detail)
      : direct.readBigUInt64LE(0);
    if (p === 0n) throw this.fail(wbem().WBEM_E_FAILED, control.operation, `${detail}: no result object`);
    return p;
  }

  // ------------------------------------------------------------------ objects and classes

  async getObject(path: string, options?: CallOptions): Promise<WireObject> {
    const ptr = await this.getObjectRaw(path, this.control('GetObject', options));
    try {
      return this.marshal.readObject(ptr);
    } finally {
      this.session.releaseRaw(ptr);
    }
  }

  /** GetObject, handing back the owned IWbemClassObject pointer (release with `session.releaseRaw`). */
  getObjectPointer(path: string, options?: CallOptions): Promise<bigint> {
    return this.getObjectRaw(path, this.control('GetObject', options));
  }

  /** GetObject (semisynchronous), returning the owned object pointer. */
  private async getObjectRaw(path: string, control: CallControl): Promise<bigint> {
    const c = wbem();
    const direct = Buffer.alloc(8);
    const args = ([bpath]: bigint[]) => [bpath, c.WBEM_FLAG_RETURN_IMMEDIATELY, null, direct];
    const outcome = await this.semisync(control, servicesMethods!.GetObject, [path], args, direct, path, classNameOfPath(path));
    return this.resultObject(outcome, direct, control, path);
  }

  /** The class object of `className`, fetched once per provider (for methods and puts). */
  private async classDefinition(className: string, control: CallControl): Promise<bigint> {
    const key = className.toLowerCase();
    const cached = this.classes.get(key);
    if (cached && !cached.released) return cached.ptr;
    let ptr: bigint;
    try {
      ptr = await this.getObjectRaw(className, control);
    } catch (err) {
      // GetObject of a class name that does not exist answers WBEM_E_NOT_FOUND; for the
      // method call or put that needed the class, the path names an invalid class.
      if (err instanceof WbemError && err.hresult === (wbem().WBEM_E_NOT_FOUND >>> 0)) {
        throw this.fail(wbem().WBEM_E_INVALID_CLASS, control.operation, `${className} is not a class of ${this.namespace}`);
      }
      throw err;
    }
    const ref = this.session.own(ptr, `IWbemClassObject(${className})`);
    this.classes.set(key, ref);
    return ref.ptr;
  }

  /**
   * For embedded objects written inside a synchronous marshalling pass: the class comes
   * from the cache, or from a plain (blocking) GetObject, which is how WMI hands out class
   * definitions locally in a few microseconds.
   */
  private spawnSync = (className: string): bigint => {
    const key = className.toLowerCase();
    let cls = this.classes.get(key);
    if (!cls || cls.released) {
      const out = Buffer.alloc(8);
      const hr = this.marshal.withBstr(className, (b) => callMethod(this.svc, servicesMethods!.GetObject, b, 0, null, out, null));
      if (hr < 0) throw this.fail(hr, 'GetObject', className);
      cls = this.session.own(out.readBigUInt64LE(0), `IWbemClassObject(${className})`);
      this.classes.set(key, cls);
    }
    return this.spawnInstance(cls.ptr, className);
  };

  private spawnInstance(classPtr: bigint, className: string): bigint {
    const out = Buffer.alloc(8);
    const hr = callMethod(classPtr, classObject().SpawnInstance, 0, out);
    if (hr < 0) throw this.fail(hr, 'IWbemClassObject::SpawnInstance', className);
    return out.readBigUInt64LE(0);
  }

  /**
   * OpenNamespace (semisynchronous: GetResultServices) for a namespace relative to this
   * one; resolves to a provider of its own (close it separately).
   */
  async openNamespace(relative: string, options?: CallOptions): Promise<ComProvider> {
    const control = this.control('OpenNamespace', options);
    // Both out-parameters are passed: Wine crashes when ppWorkingNamespace is NULL, and
    // hands the namespace back directly with no call result.
    const direct = Buffer.alloc(8);
    const args = ([bns]: bigint[]) => [bns, wbem().WBEM_FLAG_RETURN_IMMEDIATELY, null, direct];
    const outcome = await this.semisync(control, servicesMethods!.OpenNamespace, [relative], args, direct, relative, null);
    const ptr = outcome.callResult
      ? await this.resultPointer(control, outcome.callResult, callResultMethods!.GetResultServices, relative)
      : direct.readBigUInt64LE(0);
    if (ptr === 0n) throw this.fail(wbem().WBEM_E_FAILED, 'OpenNamespace', `${relative}: no namespace returned`);
    const child = new ComProvider(this.platform, `${this.namespace}\\${relative}`, { timeoutMs: this.defaults.timeoutMs, batchSize: this.batchSize, maxPollMs: this.maxPollMs });
    child.authnLevel = this.authnLevel;
    child.oneCallPerClass = this.oneCallPerClass;
    child.impLevel = this.impLevel;
    child.services = child.session.own(ptr, 'IWbemServices');
    child.applyBlanket(ptr);
    return child;
  }

  // ------------------------------------------------------------------ methods

  async execMethod(
    path: string,
    method: string,
    inParameters: Readonly<Record<string, WireValue>> | null,
    options?: CallOptions,
  ): Promise<WireObject> {
    const control = this.control('ExecMethod', options);
    const className = classNameOfPath(path);
    const detail = `${path}.${method}`;
    const cls = await this.classDefinition(className, control);
    const direct = Buffer.alloc(8);
    const flags = wbem().WBEM_FLAG_RETURN_IMMEDIATELY;
    let inInstance = 0n;
    // Built when the call starts (inside its lanes under Wine, whose objects must not be
    // touched while another call runs), released when the call has returned.
    const args = ([bpath, bmethod]: bigint[]) => {
      inInstance = this.inParameters(cls, method, inParameters ?? {}, detail);
      return [bpath, bmethod, flags, null, inInstance === 0n ? null : inInstance, direct];
    };
    const release = () => this.session.releaseRaw(inInstance);
    const outcome = await this.semisync(control, servicesMethods!.ExecMethod, [path, method], args, direct, detail, className, release);
    const outParams = await this.resultObject(outcome, direct, control, detail);
    try {
      return this.marshal.readObject(outParams);
    } finally {
      this.session.releaseRaw(outParams);
    }
  }

  /**
   * The in-parameter object of `method`, spawned from its signature and filled with
   * `values` (checked against the signature first: a typed error names the parameter).
   * Always made when the method has in-parameters, even with no values: WMI providers
   * (Wine's) dereference it. 0n when the method takes none.
   */
  private inParameters(cls: bigint, method: string, values: Readonly<Record<string, WireValue>>, detail: string): bigint {
    const sigOut = Buffer.alloc(8);
    const hr = callMethod(cls, classObject().GetMethod, wide(method), 0, sigOut, null);
    if (hr === wbem().WBEM_E_NOT_FOUND) // Reported as ExecMethod itself reports an unknown method.
      throw this.fail(wbem().WBEM_E_INVALID_METHOD, 'ExecMethod', detail);
    if (hr < 0) throw this.fail(hr, 'IWbemClassObject::GetMethod', detail);
    const signature = sigOut.readBigUInt64LE(0);
    const names = Object.keys(values).filter((n) => values[n] !== undefined);
    if (signature === 0n) {
      if (names.length > 0) throw this.fail(wbem().WBEM_E_INVALID_PARAMETER, 'ExecMethod', `${detail} takes no in-parameters (got ${names.join(', ')})`);
      return 0n;
    }
    let inst = 0n;
    try {
      inst = this.spawnInstance(signature, `${method} in-parameters`);
      this.marshal.writeProperties(inst, values, this.spawnSync, `${method}: in-parameter `);
      return inst;
    } catch (err) {
      if (inst !== 0n) this.session.releaseRaw(inst);
      throw err;
    } finally {
      this.session.releaseRaw(signature);
    }
  }

  // ------------------------------------------------------------------ put / delete

  async putInstance(instance: WireObject, mode: PutMode, options?: CallOptions): Promise<string> {
    const c = wbem();
    const control = this.control('PutInstance', options);
    const cls = await this.classDefinition(instance.className, control);
    let inst = 0n;
    // Released once both this function and the native call (which reads it) are done.
    const release = releaseAfterBoth(() => this.session.releaseRaw(inst));
    try {
      const flag = mode === 'createOnly' ? c.WBEM_FLAG_CREATE_ONLY : mode === 'updateOnly' ? c.WBEM_FLAG_UPDATE_ONLY : c.WBEM_FLAG_CREATE_OR_UPDATE;
      // Built when the call starts (inside its lanes under Wine).
      const args = () => {
        inst = this.spawnInstance(cls, instance.className);
        this.marshal.writeProperties(inst, instance.properties, this.spawnSync);
        return [inst, flag | c.WBEM_FLAG_RETURN_IMMEDIATELY, null];
      };
      const outcome = await this.semisync(control, servicesMethods!.PutInstance, [], args, null, instance.className, instance.className, release.callReturned);
      if (outcome.callResult) {
        const b = await this.resultPointer(control, outcome.callResult, callResultMethods!.GetResultString, instance.className, false);
        try {
          const text = b === 0n ? '' : this.marshal.readBstr(b);
          if (text) return text;
        } finally {
          this.marshal.freeBstr(b);
        }
      }
      // Finished synchronously, or no path string: the instance's relative path.
      return this.marshal.getString(inst, '__RELPATH') ?? instance.path ?? instance.className;
    } finally {
      release.callerDone();
    }
  }

  async deleteInstance(path: string, options?: CallOptions): Promise<void> {
    const control = this.control('DeleteInstance', options);
    const flags = wbem().WBEM_FLAG_RETURN_IMMEDIATELY;
    const outcome = await this.semisync(control, servicesMethods!.DeleteInstance, [path], ([bpath]) => [bpath, flags, null], null, path, classNameOfPath(path));
    outcome.callResult?.release();
  }

  // ------------------------------------------------------------------ queries

  execQuery(wql: string, options?: QueryCallOptions): AsyncIterable<WireObject> {
    const c = wbem();
    return this.streamEnumerator('ExecQuery', wql, servicesMethods!.ExecQuery, c.WBEM_FLAG_RETURN_IMMEDIATELY | c.WBEM_FLAG_FORWARD_ONLY, options, false);
  }

  execNotificationQuery(wql: string, options?: CallOptions): AsyncIterable<WireObject> {
    const c = wbem();
    return this.streamEnumerator(
      'ExecNotificationQuery',
      wql,
      servicesMethods!.ExecNotificationQuery,
      c.WBEM_FLAG_RETURN_IMMEDIATELY | c.WBEM_FLAG_FORWARD_ONLY,
      options,
      true,
    );
  }

  /** Lists class objects (CreateClassEnum, deep), as raw owned pointers handed to `visit` one by one. */
  async *enumerateClasses(superclass: string | null, options?: QueryCallOptions): AsyncGenerator<bigint, void, undefined> {
    const c = wbem();
    const control = this.control('CreateClassEnum', options);
    const enumOut = Buffer.alloc(8);
    const session = this.session;
    const texts = superclass === null ? [] : [superclass];
    const enumFlags = c.WBEM_FLAG_DEEP | c.WBEM_FLAG_RETURN_IMMEDIATELY | c.WBEM_FLAG_FORWARD_ONLY;
    const call = this.offThreadWith(control, texts, this.svc, servicesMethods!.CreateClassEnum, ([b]) => [b ?? null, enumFlags, null, enumOut]);
    const hr = await control.race(call, (lateHr) => {
      if (lateHr >= 0) session.releaseRaw(enumOut.readBigUInt64LE(0));
    });
    if (hr < 0) throw this.fail(hr, 'CreateClassEnum', superclass ?? '(all classes)');
    yield* this.pump(this.session.own(enumOut.readBigUInt64LE(0), 'IEnumWbemClassObject'), control, options?.batchSize, false);
  }

  private streamEnumerator(
    operation: string,
    wql: string,
    method: BoundMethod,
    flags: number,
    options: QueryCallOptions | undefined,
    untilAborted: boolean,
  ): AsyncIterable<WireObject> {
    const control = this.control(operation, options);
    const batchSize = Math.max(1, Math.min(options?.batchSize ?? this.batchSize, 4096));
    const laneKey = classOfQuery(wql);
    const host: StreamHost = {
      offThread: (ctl, self, m, ...args) => {
        // Wine evaluates a query inside ExecQuery (a stuck query is stuck there, never in
        // Next): its Next only hands out rows already made. Right after ExecQuery, while
        // this operation still holds the lane, it runs here, saving a hop to a COM thread.
        if (this.oneCallPerClass && m === enumMethods!.Next && globalLane !== null && globalOwner === ctl) return Promise.resolve(callMethod(self, m, ...args));
        return this.inLane(laneKey, ctl, () => this.offThread(ctl, self, m, ...args));
      },
      oneAtATime: this.oneCallPerClass,
      whenLanesFree: (fn) => this.whenLanesFree(laneKey, fn),
      open: async (ctl) => {
        const enumOut = Buffer.alloc(8);
        const session = this.session;
        const svc = this.svc;
        const call = this.inLane(laneKey, ctl, () => this.offThreadWith(ctl, ['WQL', wql], svc, method, ([lang, text]) => [lang, text, flags, null, enumOut]));
        const hr = await ctl.race(call, (lateHr) => {
          if (lateHr >= 0) session.releaseRaw(enumOut.readBigUInt64LE(0));
        });
        if (hr < 0) throw this.fail(hr, operation, wql);
        const enumerator = this.session.own(enumOut.readBigUInt64LE(0), 'IEnumWbemClassObject');
        if (this.identity) this.applyBlanket(enumerator.ptr);
        return enumerator;
      },
    };
    return {
      [Symbol.asyncIterator]: () => new EnumeratorStream(host, this.marshal, control, batchSize, untilAborted),
    };
  }

  /**
   * Pulls batches from an enumerator with WBEM_NO_WAIT and polls between empty answers.
   * Yields owned object pointers one at a time; whatever ends the loop (end of data, an
   * error, abort, timeout, or the consumer leaving early) releases the enumerator and
   * every object not yet handed out.
   */
  private async *pump(enumerator: ComRef, control: CallControl, batchSize: number | undefined, untilAborted: boolean): AsyncGenerator<bigint, void, undefined> {
    const c = wbem();
    const size = Math.max(1, Math.min(batchSize ?? this.batchSize, 4096));
    const objects = Buffer.alloc(size * 8);
    const returned = Buffer.alloc(4);
    let pending: bigint[] = [];
    let running: Promise<number> | null = null;
    try {
      for (let attempt = 0; ; ) {
        if (untilAborted && control.signal?.aborted) return;
        control.check();
        objects.fill(0);
        returned.writeUInt32LE(0, 0);
        running = this.offThread(control, enumerator.ptr, enumMethods!.Next, c.WBEM_NO_WAIT, size, objects, returned);
        const hr = await control.race(running, (lateHr) => {
          const n = lateHr < 0 ? 0 : Math.min(returned.readUInt32LE(0), size);
          for (let i = 0; i < n; i++) this.session.releaseRaw(objects.readBigUInt64LE(i * 8));
        });
        running = null;
        if (hr < 0) throw this.fail(hr, `${control.operation} (IEnumWbemClassObject::Next)`);
        const n = Math.min(returned.readUInt32LE(0), size);
        pending = [];
        for (let i = 0; i < n; i++) pending.push(objects.readBigUInt64LE(i * 8));
        while (pending.length > 0) {
          const p = pending.shift()!;
          yield p;
        }
        if (hr === c.WBEM_S_FALSE) return;
        if (n > 0) {
          attempt = 0;
          continue;
        }
        try {
          await control.wait(attempt++);
        } catch (err) {
          if (untilAborted && control.signal?.aborted) return;
          throw err;
        }
      }
    } finally {
      for (const p of pending) this.session.releaseRaw(p);
      this.after(running, () => enumerator.release());
    }
  }

  /**
   * A query through ExecQueryAsync and an IWbemObjectSink implemented in JS. Objects are
   * buffered as WMI indicates them; leaving the loop early (or abort/timeout) calls
   * CancelAsyncCall.
   */
  async *execQueryAsync(wql: string, options?: CallOptions): AsyncGenerator<WireObject, void, undefined> {
    const control = this.control('ExecQueryAsync', options);
    control.check();
    const queue: WireObject[] = [];
    let done: { hr: number; message: string | null } | null = null;
    let failure: unknown = null;
    let wake: (() => void) | null = null;
    const notify = () => {
      const w = wake;
      wake = null;
      w?.();
    };
    const sink = new ObjectSink(this.marshal, {
      onObjects: (objs) => {
        queue.push(...objs);
        notify();
      },
      onComplete: (hr, message) => {
        done = { hr, message };
        notify();
      },
      onError: (err) => {
        failure ??= err;
        notify();
      },
    });
    this.openSinks.add(sink);
    const services = this.svc;
    let finished = false;
    try {
      const hr = this.marshal.withBstr('WQL', (lang) =>
        this.marshal.withBstr(wql, (query) => callMethod(services, servicesMethods!.ExecQueryAsync, lang, query, wbem().WBEM_FLAG_SEND_STATUS, null, sink.ptr)),
      );
      if (hr < 0) {
        finished = true;
        throw this.fail(hr, 'ExecQueryAsync', wql);
      }
      for (;;) {
        while (queue.length > 0) yield queue.shift()!;
        if (failure) throw failure;
        if (done) {
          finished = true;
          const { hr: status, message } = done as { hr: number; message: string | null };
          if (status < 0) throw this.fail(status, 'ExecQueryAsync', message ?? wql);
          return;
        }
        await this.waitForSink(control, (w) => (wake = w));
      }
    } finally {
      if (!finished && !this.closed && this.services) callMethod(this.services.ptr, servicesMethods!.CancelAsyncCall, sink.ptr);
      sink.release();
      this.openSinks.delete(sink);
    }
  }

  private waitForSink(control: CallControl, setWake: (w: () => void) => void): Promise<void> {
    control.check();
    return new Promise<void>((resolve, reject) => {
      const left = control.remaining();
      // koffi hands WMI's callbacks to this thread through a handle that does not keep
      // the event loop alive: without a timer of our own Node would exit while waiting.
      const timer = Number.isFinite(left)
        ? setTimeout(() => end(() => reject(control.timedOut())), Math.max(0, left))
        : setInterval(() => {}, 60_000);
      const onAbort = () => end(() => reject(control.cancelled()));
      const end = (fn: () => void) => {
        clearTimeout(timer);
        control.signal?.removeEventListener('abort', onAbort);
        fn();
      };
      control.signal?.addEventListener('abort', onAbort, { once: true });
      setWake(() => end(resolve));
    });
  }

  // ------------------------------------------------------------------ lifetime

  close(): void {
    if (this.closed) return;
    this.closed = true;
    // Calls still inside WMI (a synchronous provider, an unreachable host) keep using
    // what the provider holds: release it when the last one returns, without waiting.
    if (this.inflight.size > 0) void Promise.allSettled([...this.inflight]).then(() => this.teardown());
    else this.teardown();
  }

  private teardown(): void {
    this.statusTexts?.release();
    for (const ref of this.classes.values()) ref.release();
    this.classes.clear();
    this.services?.release();
    this.locator?.release();
    this.marshal.freeCachedBstrs();
    this.session.close();
    this.identity?.free();
    this.identity = null;
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

/** Runs `release` when both sides are done: the native call that reads an object, and its caller. */
function releaseAfterBoth(release: () => void): { callReturned: () => void; callerDone: () => void } {
  let left = 2;
  const done = () => {
    if (--left === 0) release();
  };
  let returned = false;
  let callerDone = false;
  return {
    callReturned: () => {
      if (returned) return;
      returned = true;
      done();
    },
    callerDone: () => {
      if (callerDone) return;
      callerDone = true;
      done();
    },
  };
}

function splitUser(user: string, authority: string | undefined): [string, string] {
  const slash = user.indexOf('\\');
  if (slash >= 0) return [user.slice(0, slash), user.slice(slash + 1)];
  const ntlm = authority && /^ntlmdomain:(.*)$/i.exec(authority);
  return [ntlm ? ntlm[1]! : '', user];
}

/** Connects to WMI through COM: the provider `connect()` uses on Windows. */
export function createComProvider(options: ConnectOptions & Partial<ComProviderOptions> = {}): Promise<WmiProvider> {
  return ComProvider.connect(options);
}

export type { ComPlatform, PlatformOptions };

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });

/** What a stream needs from its provider: the query to open, and calls on COM threads. */
interface StreamHost {
  /** Runs the query on a COM thread; resolves to the owned enumerator. */
  open(control: CallControl): Promise<ComRef>;
  offThread(control: CallControl, self: bigint, method: BoundMethod, ...args: unknown[]): Promise<number>;
  /**
   * Whether calls run one at a time (Wine): a batch is then converted as soon as Next
   * returns, and releases wait until no call runs.
   */
  readonly oneAtATime: boolean;
  whenLanesFree(fn: () => void): void;
}

/**
 * An enumeration as an async iterator, written by hand rather than as an async
 * generator: each object costs one resolved promise, where generator layers cost several
 * promise jobs per object.
 *
 * The first `next()` runs the query on a COM thread; each later fetch calls
 * IEnumWbemClassObject::Next with WBEM_NO_WAIT for up to `batchSize` objects, also on a
 * COM thread, and polls with back-off while nothing is ready. The objects of a batch are
 * converted (and each released) on the JS thread while the event-loop turn has budget
 * (fairness.ts); the rest wait, still owned, for the next turn, so a large batch is
 * spread over turns. Every row handed out is checked against the signal and deadline.
 * `return()` (a loop left early), an error, abort, timeout or the end of the data release
 * the enumerator (once a Next still running on a COM thread has returned) and the
 * objects not yet converted.
 */
class EnumeratorStream implements AsyncIterableIterator<WireObject> {
  private enumerator: ComRef | null = null;
  private started = false;
  private ended = false;
  private readonly buffer: WireObject[] = [];
  private bufferAt = 0;
  /** Objects fetched and not yet converted (owned references). */
  private readonly pending: bigint[] = [];
  private pendingAt = 0;
  private attempt = 0;
  /** A native call (ExecQuery, Next) still running on a COM thread. */
  private running: Promise<unknown> | null = null;
  private readonly objects: Buffer;
  private readonly returned = Buffer.alloc(4);

  constructor(
    private readonly host: StreamHost,
    private readonly marshal: Marshaller,
    private readonly control: CallControl,
    private readonly batchSize: number,
    private readonly untilAborted: boolean,
  ) {
    this.objects = Buffer.alloc(batchSize * 8);
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<WireObject> {
    return this;
  }

  next(): Promise<IteratorResult<WireObject>> {
    try {
      if (this.bufferAt < this.buffer.length || this.pendingAt < this.pending.length) {
        if (this.control.signal?.aborted && this.untilAborted) {
          this.finish();
          return Promise.resolve(DONE);
        }
        this.control.check();
      }
      if (this.bufferAt < this.buffer.length) {
        const value = this.buffer[this.bufferAt++]!;
        if (this.bufferAt === this.buffer.length) {
          this.buffer.length = 0;
          this.bufferAt = 0;
        }
        return Promise.resolve({ value, done: false });
      }
      if (this.pendingAt < this.pending.length) {
        const turn = takeTurn();
        if (turn) return turn.then(() => this.next());
        this.convertPending();
        return this.next();
      }
      if (this.ended) return Promise.resolve(DONE);
      if (!this.started) {
        this.started = true;
        this.control.check();
        return this.start();
      }
      return this.fetch();
    } catch (err) {
      this.finish();
      return Promise.reject(err);
    }
  }

  private start(): Promise<IteratorResult<WireObject>> {
    const opening = this.host.open(this.control);
    this.running = opening;
    return opening.then(
      (enumerator) => {
        this.running = null;
        if (this.ended) {
          enumerator.release();
          return DONE;
        }
        this.enumerator = enumerator;
        return this.fetch();
      },
      (err: unknown) => this.failed(err),
    );
  }

  private failed(err: unknown): IteratorResult<WireObject> {
    this.finish();
    if (this.untilAborted && this.control.signal?.aborted) return DONE;
    throw err;
  }

  /** Converts pending objects, at least one, while the turn has budget; each is released once read. */
  private convertPending(): void {
    do {
      const p = this.pending[this.pendingAt++]!;
      try {
        this.buffer.push(this.marshal.readObject(p));
      } finally {
        this.marshal.session.releaseRaw(p);
      }
    } while (this.pendingAt < this.pending.length && (this.host.oneAtATime || turnHasBudget()));
    if (this.pendingAt === this.pending.length) {
      this.pending.length = 0;
      this.pendingAt = 0;
    }
  }

  private fetch(): Promise<IteratorResult<WireObject>> {
    if (this.untilAborted && this.control.signal?.aborted) {
      this.finish();
      return Promise.resolve(DONE);
    }
    try {
      this.control.check();
    } catch (err) {
      this.finish();
      return Promise.reject(err);
    }
    const c = wbem();
    const enumerator = this.enumerator!;
    const { objects, returned, batchSize } = this;
    objects.fill(0);
    returned.writeUInt32LE(0, 0);
    const call = this.host.offThread(this.control, enumerator.ptr, enumMethods!.Next, c.WBEM_NO_WAIT, batchSize, objects, returned);
    this.running = call;
    const session = this.marshal.session;
    // Objects a Next given up on hands out late are released as it returns.
    const late = (lateHr: number) => {
      if (lateHr < 0) return;
      const n = Math.min(returned.readUInt32LE(0), batchSize);
      for (let i = 0; i < n; i++) session.releaseRaw(objects.readBigUInt64LE(i * 8));
    };
    return this.control.race(call, late).then(
      (hr) => {
        this.running = null;
        return this.fetched(hr);
      },
      (err: unknown) => this.failed(err),
    );
  }

  private fetched(hr: number): Promise<IteratorResult<WireObject>> {
    const c = wbem();
    const n = hr < 0 ? 0 : Math.min(this.returned.readUInt32LE(0), this.batchSize);
    for (let i = 0; i < n; i++) {
      const p = this.objects.readBigUInt64LE(i * 8);
      if (p !== 0n) this.pending.push(p);
    }
    if (hr < 0) {
      this.finish();
      return Promise.reject(WbemError.fromHResult(hr, `${this.control.operation} (IEnumWbemClassObject::Next)`));
    }
    if (hr === c.WBEM_S_FALSE) {
      this.ended = true;
      this.release();
    }
    if (this.pending.length > 0) {
      this.attempt = 0;
      // Under one-at-a-time lanes the objects are read before the next call may start.
      if (this.host.oneAtATime) this.convertPending();
      return this.next();
    }
    if (this.ended) return Promise.resolve(DONE);
    return this.control.wait(this.attempt++).then(
      () => this.next(),
      (err: unknown) => this.failed(err),
    );
  }

  return(): Promise<IteratorResult<WireObject>> {
    this.finish();
    return Promise.resolve(DONE);
  }

  throw(err?: unknown): Promise<IteratorResult<WireObject>> {
    this.finish();
    return Promise.reject(err);
  }

  private release(): void {
    const enumerator = this.enumerator;
    this.enumerator = null;
    if (!enumerator) return;
    const release = () => this.host.whenLanesFree(() => enumerator.release());
    // A Next still running on a COM thread uses the enumerator until it returns.
    if (this.running) void this.running.then(release, release);
    else release();
  }

  private finish(): void {
    this.ended = true;
    this.buffer.length = 0;
    this.bufferAt = 0;
    const left = this.pending.slice(this.pendingAt);
    this.pending.length = 0;
    this.pendingAt = 0;
    if (left.length > 0) {
      const session = this.marshal.session;
      this.host.whenLanesFree(() => {
        for (const p of left) session.releaseRaw(p);
      });
    }
    this.release();
  }
}
