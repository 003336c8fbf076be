/**
 * `connect()` and the typed services object generated bindings are used through.
 *
 *   await using wmi = await connect();              // COM on Windows
 *   await using wmi = await connect({ provider });  // any WmiProvider (in-memory on Linux)
 *   for await (const s of wmi.from(Win32_Service).select('Name').where({ StartMode: 'Auto' })) …
 *
 * Every operation goes through the provider interface in wire form and is converted with
 * the class descriptors (convert.ts), so the same code runs on COM and in memory.
 */

import { isWqlIdentifier, quoteWqlString } from '../grammar/wql/quote.js';
import {
  fromWireObject,
  pathOf,
  registerClasses,
  toWireObject,
  valueFromWire,
  valueToWire,
} from './convert.js';
import type {
  ClassDescriptor,
  InstanceOf,
  MethodSignature,
  MethodsOf,
  StaticMethodsOf,
  WmiClass,
} from './descriptor.js';
import type { WmiClassMap } from './index.js';
import type { MemoryProviderOptions } from './memory/provider.js';
import type { WsmanProviderOptions } from './wsman/provider.js';
import { instancePath, type ObjectPath, type ObjectPathKeyValue } from './objectpath.js';
import type {
  CallOptions,
  ConnectOptions,
  PutMode,
  QueryCallOptions,
  WireObject,
  WireValue,
  WmiProvider,
} from './provider.js';
import {
  renderCondition,
  selectWql,
  toCondition,
  type Condition,
  type PropertyName,
  type WhereInput,
} from './query.js';

/** System properties every typed instance carries (non-enumerable). */
export interface InstanceSystemProperties {
  readonly __CLASS?: string;
  readonly __PATH?: string | null;
}

export type Typed<I> = I & InstanceSystemProperties;

/** `N` of an `ObjectPath<N>` type, never for plain strings and other types. */
type RefClassName<T> = T extends { readonly __cimClass?: infer N }
  ? '__cimClass' extends keyof T
    ? N
    : never
  : never;

/** The classes an association's references point to (`'Win32_LogonSession' | 'Win32_Process'`). */
export type RefClassNames<A> = { [K in keyof A]-?: RefClassName<NonNullable<A[K]>> }[keyof A] &
  string;

/** The instance interface of a class by name, from generated bindings' `WmiClassMap`. */
export type InstanceByName<N extends string> = [N] extends [never]
  ? Record<string, unknown>
  : N extends keyof WmiClassMap
    ? WmiClassMap[N]
    : Record<string, unknown>;

type MethodIn<M> = M extends MethodSignature<infer In, any> ? In : never;
type MethodOut<M> = M extends MethodSignature<any, infer Out> ? Out : never;

export interface ConnectWithMemoryOptions extends ConnectOptions {
  /** WMI through COM (the default), on this machine or a DCOM host. */
  readonly transport?: 'com';
  /** Serve from an in-memory repository built from these options (any platform). */
  readonly memory?: MemoryProviderOptions;
}

/**
 * Options of `connect()` over WS-Management (WinRM, OMI), from any OS: the same names as
 * the COM connection's (`host`, `user`, `password`, `namespace`) and the transport's own.
 */
export interface ConnectWsmanOptions extends WsmanProviderOptions {
  readonly transport: 'wsman';
}

/** WQL of condition-free queries, by descriptor and then property list. */
const unfilteredWql = new WeakMap<ClassDescriptor, Map<string, string>>();

/** A typed, immutable query over one class. Iterate it, or call `all()` / `first()` / `toWql()`. */
export class QueryBuilder<
  I extends object,
  S extends PropertyName<I> = PropertyName<I>,
> implements AsyncIterable<Typed<Pick<I, S>>> {
  private readonly services: WmiServices;
  private readonly cls: WmiClass<I, any, any>;
  private readonly properties: readonly string[] | null;
  private readonly conditions: readonly Condition[];

  constructor(
    services: WmiServices,
    cls: WmiClass<I, any, any>,
    properties: readonly string[] | null = null,
    conditions: readonly Condition[] = [],
  ) {
    this.services = services;
    this.cls = cls;
    this.properties = properties;
    this.conditions = conditions;
  }

  /** Narrows the result to these properties (`SELECT a, b`). */
  select<K extends PropertyName<I>>(...properties: K[]): QueryBuilder<I, K> {
    return new QueryBuilder<I, K>(this.services, this.cls, properties, this.conditions);
  }

  /** Adds a filter (ANDed with earlier ones): an object `{ Prop: value | { gt: … } }` or `w => w.or(…)`. */
  where(filter: WhereInput<I>): QueryBuilder<I, S> {
    return new QueryBuilder<I, S>(this.services, this.cls, this.properties, [
      ...this.conditions,
      toCondition(filter),
    ]);
  }

  /** The WQL sent to the provider (the same for COM and memory). */
  toWql(): string {
    const d = this.cls.descriptor;
    // Queries without conditions repeat (a class polled in a loop): their text is kept
    // per descriptor and property list. Conditions carry values, so those are written
    // each time.
    if (this.conditions.length > 0) return selectWql(d, this.properties, this.conditions);
    let byList = unfilteredWql.get(d);
    if (!byList) unfilteredWql.set(d, (byList = new Map()));
    const key = this.properties === null ? '' : this.properties.join('\u0000');
    let wql = byList.get(key);
    if (wql === undefined) {
      wql = selectWql(d, this.properties, this.conditions);
      byList.set(key, wql);
    }
    return wql;
  }

  /**
   * The rows, converted as they arrive. A hand-written iterator (not an async generator):
   * each row costs the provider's one promise and a synchronous conversion, where a
   * generator layer adds several promise jobs per row — microseconds each in node.exe
   * under Wine. Like a generator it starts on the first `next()` (a bad property name
   * rejects there), and `return()` before that never runs the query.
   */
  all(options?: QueryCallOptions): AsyncGenerator<Typed<Pick<I, S>>, void, undefined> {
    return this.rows(options);
  }

  private rows(options: QueryCallOptions | undefined): TypedRows<Typed<Pick<I, S>>> {
    const d = this.cls.descriptor;
    return new TypedRows(
      () => this.services.provider.execQuery(this.toWql(), options)[Symbol.asyncIterator](),
      (obj) => fromWireObject(obj, d) as Typed<Pick<I, S>>,
    );
  }

  async toArray(options?: QueryCallOptions): Promise<Typed<Pick<I, S>>[]> {
    const out: Typed<Pick<I, S>>[] = [];
    for await (const x of this.all(options)) out.push(x);
    return out;
  }

  /** The first row or null; the rest of the query is released (WMI cancels it). */
  first(options?: QueryCallOptions): Promise<Typed<Pick<I, S>> | null> {
    // Straight on the provider's stream rather than through TypedRows: one row, one
    // conversion and the stream's own close — a promise layer less per call.
    let source: AsyncIterator<WireObject>;
    try {
      source = this.services.provider.execQuery(this.toWql(), options)[Symbol.asyncIterator]();
    } catch (err) {
      return Promise.reject(err);
    }
    const d = this.cls.descriptor;
    return source.next().then((r) => {
      if (r.done) return null;
      let row: Typed<Pick<I, S>>;
      try {
        row = fromWireObject(r.value, d) as Typed<Pick<I, S>>;
      } catch (err) {
        return closeSource(source).then(() => {
          throw err;
        });
      }
      return closeSource(source).then(() => row);
    });
  }

  [Symbol.asyncIterator](): AsyncIterator<Typed<Pick<I, S>>> {
    return this.all();
  }
}

const DONE: IteratorReturnResult<undefined> = Object.freeze({ value: undefined, done: true });
const RESOLVED: Promise<unknown> = Promise.resolve();

/** Closes a provider stream (its own promise, not wrapped again). */
function closeSource(source: AsyncIterator<WireObject>): Promise<unknown> {
  return source.return ? source.return() : RESOLVED;
}

/**
 * Converted rows over a provider's stream, with an async generator's observable
 * behaviour: `open` runs on the first `next()` (its errors reject that call); after the
 * end, an error or `return()`, every `next()` is done; an error converting a row closes
 * the source, as leaving a `for await` would. Calls are not queued as a generator's are:
 * the provider streams already serve one `next()` at a time in order.
 */
class TypedRows<T> implements AsyncGenerator<T, void, undefined> {
  private source: AsyncIterator<WireObject> | null = null;
  private finished = false;

  constructor(
    private readonly open: () => AsyncIterator<WireObject>,
    private readonly convert: (obj: WireObject) => T,
  ) {}

  [Symbol.asyncIterator](): this {
    return this;
  }

  next(): Promise<IteratorResult<T, void>> {
    if (this.finished) return Promise.resolve(DONE);
    let source = this.source;
    if (source === null) {
      try {
        source = this.source = this.open();
      } catch (err) {
        this.finished = true;
        return Promise.reject(err);
      }
    }
    return source.next().then(
      (r) => {
        if (r.done) {
          this.finished = true;
          return DONE;
        }
        try {
          return { value: this.convert(r.value), done: false };
        } catch (err) {
          return this.close().then(() => {
            throw err;
          });
        }
      },
      (err: unknown) => {
        this.finished = true;
        throw err;
      },
    );
  }

  return(): Promise<IteratorResult<T, void>> {
    return this.close().then(() => DONE);
  }

  throw(err?: unknown): Promise<IteratorResult<T, void>> {
    return this.close().then(() => {
      throw err;
    });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close().then(() => undefined);
  }

  /** Ends the rows; resolves when the source has closed (its own promise, not wrapped again). */
  close(): Promise<unknown> {
    const source = this.source;
    const wasFinished = this.finished;
    this.finished = true;
    this.source = null;
    if (wasFinished || source === null) return RESOLVED;
    return closeSource(source);
  }
}

export type InstanceEventKind = 'creation' | 'deletion' | 'modification' | 'operation';

const eventClassOf: Record<InstanceEventKind, string> = {
  creation: '__InstanceCreationEvent',
  deletion: '__InstanceDeletionEvent',
  modification: '__InstanceModificationEvent',
  operation: '__InstanceOperationEvent',
};

export interface InstanceEvent<I> {
  /** `__InstanceCreationEvent`, … */
  readonly eventClass: string;
  readonly TargetInstance: Typed<I>;
  /** For modifications: the instance before the change. */
  readonly PreviousInstance: Typed<I> | null;
  /** 100 ns intervals since 1601-01-01 UTC. */
  readonly TIME_CREATED: bigint | null;
}

export interface EventOptions<I> extends CallOptions {
  /** Polling interval in seconds (`WITHIN n`), needed by WMI for classes without an event provider. */
  readonly within?: number;
  readonly where?: WhereInput<I>;
}

export interface AssociationOptions extends QueryCallOptions {
  readonly assocClass?: WmiClass<any, any, any>;
  readonly role?: string;
  readonly resultRole?: string;
  readonly requiredQualifier?: string;
  readonly requiredAssocQualifier?: string;
}

type Target = object | string;

/** The methods `callStatic` takes: the static ones, then those not marked static. */
type ClassCallable<C> = Omit<MethodsOf<C>, keyof StaticMethodsOf<C>> & StaticMethodsOf<C>;

export class WmiServices implements Disposable, AsyncDisposable {
  readonly provider: WmiProvider;

  constructor(provider: WmiProvider) {
    this.provider = provider;
  }

  /** A typed query of a class (instances of subclasses included, as WMI does). */
  from<C extends WmiClass<any, any, any>>(cls: C): QueryBuilder<InstanceOf<C> & object> {
    registerClasses(cls);
    return new QueryBuilder(this, cls as WmiClass<InstanceOf<C> & object, any, any>);
  }

  /** Raw WQL, untyped rows (what the `query` command runs). */
  query(wql: string, options?: QueryCallOptions): AsyncIterable<WireObject> {
    return this.provider.execQuery(wql, options);
  }

  /** The path of an instance of `cls` from its key values. */
  pathOf<C extends WmiClass<any, any, any>>(cls: C, keys: Partial<InstanceOf<C>>): ObjectPath {
    const d = cls.descriptor;
    const values: Record<string, ObjectPathKeyValue> = {};
    for (const k of d.keys) {
      const p = d.properties[k];
      const v = valueToWire(p, (keys as Record<string, unknown>)[k]);
      if (v === null || typeof v === 'object')
        throw new TypeError(`key ${k} of ${d.name} is missing or not a key value`);
      values[k] =
        (p.cimType === 'uint64' || p.cimType === 'sint64') && typeof v === 'string' ? BigInt(v) : v;
    }
    for (const k of Object.keys(keys))
      if (!d.keys.includes(k))
        throw new TypeError(
          `${k} is not a key of ${d.name} (keys: ${d.keys.join(', ') || 'none'})`,
        );
    return instancePath(
      d.name,
      [...d.keys].sort((a, b) => a.toLowerCase().localeCompare(b.toLowerCase())),
      values,
    );
  }

  private targetPath(cls: WmiClass<any, any, any>, target: Target): string {
    if (typeof target === 'string') return target;
    const p = pathOf(target);
    if (p) return p;
    return this.pathOf(cls, target as Record<string, unknown>);
  }

  /** Gets one instance by its keys (`{ Name: 'Winmgmt' }`) or its path. */
  async get<C extends WmiClass<any, any, any>>(
    cls: C,
    keysOrPath: Partial<InstanceOf<C>> | ObjectPath | string,
    options?: CallOptions,
  ): Promise<Typed<InstanceOf<C>>> {
    registerClasses(cls);
    const path = typeof keysOrPath === 'string' ? keysOrPath : this.pathOf(cls, keysOrPath);
    const obj = await this.provider.getObject(path, options);
    return fromWireObject(obj, cls.descriptor) as Typed<InstanceOf<C>>;
  }

  private convertIn(
    cls: WmiClass<any, any, any>,
    method: string,
    params: object | undefined,
  ): { name: string; ins: Record<string, WireValue> } {
    const d = cls.descriptor;
    const m =
      d.methods[method] ??
      Object.values(d.methods).find((x) => x.name.toLowerCase() === method.toLowerCase());
    if (!m) throw new TypeError(`${d.name} has no method ${method}`);
    const ins: Record<string, WireValue> = {};
    for (const [name, v] of Object.entries(params ?? {})) {
      if (v === undefined) continue;
      const p = m.parameters.find((x) => x.in && x.name.toLowerCase() === name.toLowerCase());
      if (!p) throw new TypeError(`${d.name}.${m.name} has no in-parameter ${name}`);
      ins[p.name] = valueToWire(p, v);
    }
    return { name: m.name, ins };
  }

  private convertOut(
    cls: WmiClass<any, any, any>,
    method: string,
    out: WireObject,
  ): Record<string, unknown> {
    const m =
      cls.descriptor.methods[method] ??
      Object.values(cls.descriptor.methods).find(
        (x) => x.name.toLowerCase() === method.toLowerCase(),
      )!;
    const result: Record<string, unknown> = {};
    for (const [name, v] of Object.entries(out.properties)) {
      const p = m.parameters.find((x) => x.out && x.name.toLowerCase() === name.toLowerCase());
      if (p) result[p.name] = valueFromWire(p, v);
      else if (name === 'ReturnValue' && m.returnType !== 'void')
        result.ReturnValue = valueFromWire({ name, cimType: m.returnType, isArray: false }, v);
      else result[name] = v;
    }
    return result;
  }

  /** Calls an instance method on an instance (typed object with a path, keys, or a path). */
  async call<C extends WmiClass<any, any, any>, M extends Extract<keyof MethodsOf<C>, string>>(
    cls: C,
    target: Partial<InstanceOf<C>> | ObjectPath | string,
    method: M,
    params?: MethodIn<MethodsOf<C>[M]>,
    options?: CallOptions,
  ): Promise<MethodOut<MethodsOf<C>[M]>> {
    registerClasses(cls);
    const { name, ins } = this.convertIn(cls, method, params as object | undefined);
    const out = await this.provider.execMethod(
      this.targetPath(cls, target as Target),
      name,
      Object.keys(ins).length ? ins : null,
      options,
    );
    return this.convertOut(cls, name, out) as MethodOut<MethodsOf<C>[M]>;
  }

  /**
   * Calls a method on the class itself: a static method, or any method the schema does
   * not mark static. Schemas often do not say (the documentation pages behind the bundled
   * schema omit Win32_Process.Create's Static qualifier; Wine's qualifier sets are empty),
   * so a correct call must not be a compile error; WMI itself rejects a call of an
   * instance-only method on its class.
   */
  async callStatic<
    C extends WmiClass<any, any, any>,
    M extends Extract<keyof StaticMethodsOf<C> | keyof MethodsOf<C>, string>,
  >(
    cls: C,
    method: M,
    params?: MethodIn<ClassCallable<C>[M]>,
    options?: CallOptions,
  ): Promise<MethodOut<ClassCallable<C>[M]>> {
    registerClasses(cls);
    const { name, ins } = this.convertIn(cls, method, params as object | undefined);
    const out = await this.provider.execMethod(
      cls.descriptor.name,
      name,
      Object.keys(ins).length ? ins : null,
      options,
    );
    return this.convertOut(cls, name, out) as MethodOut<ClassCallable<C>[M]>;
  }

  /** Creates or updates an instance; resolves to its relative path. */
  async put<C extends WmiClass<any, any, any>>(
    cls: C,
    instance: Partial<InstanceOf<C>>,
    mode: PutMode = 'createOrUpdate',
    options?: CallOptions,
  ): Promise<ObjectPath> {
    registerClasses(cls);
    const wire = toWireObject(
      instance as Record<string, unknown>,
      cls.descriptor.name,
      cls.descriptor,
    );
    return (await this.provider.putInstance(wire, mode, options)) as ObjectPath;
  }

  async delete<C extends WmiClass<any, any, any>>(
    cls: C,
    target: Partial<InstanceOf<C>> | ObjectPath | string,
    options?: CallOptions,
  ): Promise<void> {
    await this.provider.deleteInstance(this.targetPath(cls, target as Target), options);
  }

  private associationWql(
    kind: 'ASSOCIATORS' | 'REFERENCES',
    source: string,
    resultClass: WmiClass<any, any, any> | null,
    o: AssociationOptions,
  ): string {
    // The path goes between braces verbatim; a brace-closing path would change the
    // statement, so paths are re-checked here.
    if (/[{}]/.test(source.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '')))
      throw new TypeError(`not an object path: ${source}`);
    const parts: string[] = [];
    const word = (key: string, value: string | undefined) => {
      if (value === undefined) return;
      if (!isWqlIdentifier(value))
        throw new TypeError(`${key} must be a name, not ${JSON.stringify(value)}`);
      parts.push(`${key} = ${value}`);
    };
    if (kind === 'ASSOCIATORS') word('AssocClass', o.assocClass?.descriptor.name);
    word('ResultClass', resultClass?.descriptor.name);
    word('Role', o.role);
    if (kind === 'ASSOCIATORS') word('ResultRole', o.resultRole);
    word('RequiredQualifier', o.requiredQualifier);
    if (kind === 'ASSOCIATORS') word('RequiredAssocQualifier', o.requiredAssocQualifier);
    return `${kind} OF {${source}}${parts.length ? ` WHERE ${parts.join(' ')}` : ''}`;
  }

  /** Endpoints associated with `source`, typed by `resultClass` (`associators(proc, Win32_LogonSession, …)`). */
  associators<C extends WmiClass<any, any, any>>(
    source: object | ObjectPath | string,
    resultClass: C,
    options: AssociationOptions = {},
  ): AsyncGenerator<Typed<InstanceOf<C>>, void, undefined> {
    const d = resultClass.descriptor;
    return new TypedRows(
      () => {
        registerClasses(resultClass);
        const path = typeof source === 'string' ? source : pathOf(source);
        if (!path)
          throw new TypeError(
            'associators() needs an instance with a path (select its keys) or a path',
          );
        const wql = this.associationWql('ASSOCIATORS', path, resultClass, options);
        return this.provider.execQuery(wql, options)[Symbol.asyncIterator]();
      },
      (obj) => fromWireObject(obj, d) as Typed<InstanceOf<C>>,
    );
  }

  /**
   * Endpoints associated with `source` through `assocClass` (`associatorsVia(proc,
   * Win32_SessionProcess)`), typed by the classes the association's references point to
   * (through `WmiClassMap`, which generated bindings augment); each row is converted by
   * its own class.
   */
  associatorsVia<A extends WmiClass<any, any, any>>(
    source: object | ObjectPath | string,
    assocClass: A,
    options: Omit<AssociationOptions, 'assocClass'> = {},
  ): AsyncGenerator<Typed<InstanceByName<RefClassNames<InstanceOf<A>>>>, void, undefined> {
    return new TypedRows(
      () => {
        registerClasses(assocClass);
        if (!assocClass.descriptor.isAssociation) {
          throw new TypeError(`${assocClass.descriptor.name} is not an association class`);
        }
        const path = typeof source === 'string' ? source : pathOf(source);
        if (!path) throw new TypeError('associatorsVia() needs an instance with a path or a path');
        const wql = this.associationWql('ASSOCIATORS', path, null, { ...options, assocClass });
        return this.provider.execQuery(wql, options)[Symbol.asyncIterator]();
      },
      (obj) => fromWireObject(obj) as Typed<InstanceByName<RefClassNames<InstanceOf<A>>>>,
    );
  }

  /** Association instances referring to `source`, typed by the association class. */
  references<C extends WmiClass<any, any, any>>(
    source: object | ObjectPath | string,
    assocClass: C,
    options: Omit<AssociationOptions, 'assocClass' | 'resultRole' | 'requiredAssocQualifier'> = {},
  ): AsyncGenerator<Typed<InstanceOf<C>>, void, undefined> {
    const d = assocClass.descriptor;
    return new TypedRows(
      () => {
        registerClasses(assocClass);
        const path = typeof source === 'string' ? source : pathOf(source);
        if (!path) throw new TypeError('references() needs an instance with a path or a path');
        const wql = this.associationWql('REFERENCES', path, assocClass, options);
        return this.provider.execQuery(wql, options)[Symbol.asyncIterator]();
      },
      (obj) => fromWireObject(obj, d) as Typed<InstanceOf<C>>,
    );
  }

  /** The WQL of an intrinsic event query on `cls` (for inspection and logging). */
  eventWql<C extends WmiClass<any, any, any>>(
    cls: C,
    kind: InstanceEventKind,
    options: EventOptions<InstanceOf<C>> = {},
  ): string {
    const d = cls.descriptor;
    if (!isWqlIdentifier(d.name))
      throw new TypeError(`${JSON.stringify(d.name)} is not a class name`);
    let wql = `SELECT * FROM ${eventClassOf[kind]}`;
    if (options.within !== undefined) {
      if (!(options.within > 0) || !Number.isFinite(options.within))
        throw new RangeError('within must be a positive number of seconds');
      wql += ` WITHIN ${options.within}`;
    }
    wql += ` WHERE TargetInstance ISA ${quoteWqlString(d.name)}`;
    if (options.where)
      wql += ` AND (${renderCondition(toCondition(options.where), d, 'TargetInstance.')})`;
    return wql;
  }

  /** Creation/deletion/modification events of instances of `cls`, `TargetInstance` typed. */
  async *events<C extends WmiClass<any, any, any>>(
    cls: C,
    kind: InstanceEventKind,
    options: EventOptions<InstanceOf<C>> = {},
  ): AsyncGenerator<InstanceEvent<InstanceOf<C>>, void, undefined> {
    registerClasses(cls);
    const wql = this.eventWql(cls, kind, options);
    for await (const e of this.provider.execNotificationQuery(wql, options)) {
      const target = e.properties.TargetInstance as WireObject | null;
      const previous = (e.properties.PreviousInstance ?? null) as WireObject | null;
      const time = e.properties.TIME_CREATED;
      yield {
        eventClass: e.className,
        TargetInstance: (target ? fromWireObject(target, cls.descriptor) : null) as Typed<
          InstanceOf<C>
        >,
        PreviousInstance: (previous ? fromWireObject(previous, cls.descriptor) : null) as Typed<
          InstanceOf<C>
        > | null,
        TIME_CREATED: typeof time === 'string' || typeof time === 'number' ? BigInt(time) : null,
      };
    }
  }

  close(): void {
    this.provider.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }

  async [Symbol.asyncDispose](): Promise<void> {
    this.close();
  }
}

/**
 * Connects: over WS-Management with `transport: 'wsman'`, else an explicit `provider`, else
 * an in-memory one from `memory`, else WMI over COM on Windows (loaded only then, so koffi
 * is never loaded elsewhere).
 */
export async function connect(
  options: ConnectWithMemoryOptions | ConnectWsmanOptions = {},
): Promise<WmiServices> {
  if (options.transport === 'wsman') {
    const { createWsmanProvider } = await import('./wsman/provider.js');
    return new WmiServices(createWsmanProvider(options));
  }
  if (options.provider) return new WmiServices(options.provider);
  if (options.memory) {
    const { createMemoryProvider } = await import('./memory/provider.js');
    return new WmiServices(
      createMemoryProvider({
        namespace: options.namespace,
        defaults: { signal: options.signal, timeoutMs: options.timeoutMs },
        ...options.memory,
      }),
    );
  }
  if (process.platform === 'win32') {
    const modulePath = './com/provider.js';
    const com = (await import(modulePath)) as {
      createComProvider: (o: ConnectOptions) => Promise<WmiProvider>;
    };
    return new WmiServices(await com.createComProvider(options));
  }
  const { WbemError } = await import('./errors.js');
  throw WbemError.fromHResult(
    0x8004100c,
    'connect',
    `WMI over COM needs Windows (this is ${process.platform}); pass { provider } or { memory: { schema, instances } } to use the in-memory provider`,
  );
}
