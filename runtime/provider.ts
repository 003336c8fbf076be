/**
 * The provider interface: what the typed API (`connect`, query builders, generated
 * classes) calls, implemented twice with the same observable behaviour:
 *  - `runtime/com/`: WMI through COM over koffi (Windows, or Wine);
 *  - `runtime/memory/`: an in-memory CIM repository loaded from MOF.
 *
 * Values cross this interface in WMI's *wire form*, as COM VARIANTs carry them:
 * numbers for 8/16/32-bit integers and reals, strings for uint64/sint64 (decimal),
 * datetime (DMTF `yyyymmddHHMMSS.mmmmmmsUUU` or interval form) and references (object
 * paths), booleans, `null` for unset, arrays of those, and nested `WireObject`s for
 * embedded objects. The typed layer converts wire values with the class descriptors.
 */

export type WireValue = null | boolean | number | string | WireObject | readonly WireValue[];

export interface WireObject {
  /** `__CLASS` */
  readonly className: string;
  /** `__PATH` when the object is an instance with a path, else null. */
  readonly path: string | null;
  readonly properties: Readonly<Record<string, WireValue>>;
}

export interface CallOptions {
  readonly signal?: AbortSignal;
  /** Whole-call timeout; exceeding it rejects with a WbemError named WBEM_E_TIMED_OUT... see runtime/errors.ts */
  readonly timeoutMs?: number;
}

export interface QueryCallOptions extends CallOptions {
  /** Objects fetched per IEnumWbemClassObject::Next call (COM) / per batch (memory). */
  readonly batchSize?: number;
}

export type PutMode = 'createOnly' | 'updateOnly' | 'createOrUpdate';

export interface WmiProvider {
  /** Which implementation this is. */
  readonly kind: 'com' | 'memory' | 'wsman';
  readonly namespace: string;
  /** Streams the results of a WQL data query (SELECT, ASSOCIATORS OF, REFERENCES OF). */
  execQuery(wql: string, options?: QueryCallOptions): AsyncIterable<WireObject>;
  /** Streams events of a WQL event query until the signal aborts. */
  execNotificationQuery(wql: string, options?: CallOptions): AsyncIterable<WireObject>;
  /** Gets an instance (or, where supported, a class) by object path. */
  getObject(path: string, options?: CallOptions): Promise<WireObject>;
  /**
   * Runs a method. `path` is an instance path for instance methods or a class name for
   * static ones. Resolves to the out-parameters object (ReturnValue included).
   */
  execMethod(
    path: string,
    method: string,
    inParameters: Readonly<Record<string, WireValue>> | null,
    options?: CallOptions,
  ): Promise<WireObject>;
  /** Creates or updates an instance; resolves to its (new) relative path. */
  putInstance(instance: WireObject, mode: PutMode, options?: CallOptions): Promise<string>;
  deleteInstance(path: string, options?: CallOptions): Promise<void>;
  /** Releases everything the provider holds. Idempotent. */
  close(): void;
  [Symbol.dispose](): void;
}

/** Options of `connect()`; the COM provider passes host and credentials to ConnectServer. */
/**
 * DCOM authentication level (RPC_C_AUTHN_LEVEL_*): how much of each call is
 * authenticated. `'pktPrivacy'` (encrypted) is what remote WMI usually requires.
 */
export type AuthenticationLevel = 'default' | 'none' | 'connect' | 'call' | 'pkt' | 'pktIntegrity' | 'pktPrivacy';

/**
 * DCOM impersonation level (RPC_C_IMP_LEVEL_*): what WMI may do with the caller's
 * identity. `'impersonate'` (the default) is what most providers need; `'delegate'`
 * lets a remote provider reach a third machine.
 */
export type ImpersonationLevel = 'default' | 'anonymous' | 'identify' | 'impersonate' | 'delegate';

export interface ConnectOptions extends CallOptions {
  /** e.g. `root\cimv2` (default). */
  readonly namespace?: string;
  /** Remote host; omitted for the local machine. */
  readonly host?: string;
  readonly user?: string;
  /** Never logged and never part of an error message. */
  readonly password?: string;
  readonly authority?: string;
  /**
   * Authentication level for the process's COM security and the connection's proxy
   * (default: COM's default for the process, `'call'` locally, `'pktPrivacy'` to a host).
   */
  readonly authenticationLevel?: AuthenticationLevel;
  /** Impersonation level (default `'impersonate'`). */
  readonly impersonationLevel?: ImpersonationLevel;
  /** e.g. `MS_409`. */
  readonly locale?: string;
  /** Use this provider instead of picking one (the in-memory one on Linux/macOS). */
  readonly provider?: WmiProvider;
}
