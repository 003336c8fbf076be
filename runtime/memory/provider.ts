/**
 * The in-memory CIM provider: a WmiProvider (kind 'memory') over a resolved CIM model
 * and instances, for tests on Linux/macOS CI and development without Windows.
 *
 * Behaviour kept the same as WMI's: deep enumeration (`FROM CIM_LogicalDisk` returns
 * Win32_LogicalDisk instances), case-insensitive names and comparisons, the WBEM_E_*
 * errors WMI gives, results streamed in batches, single-object calls (GetObject,
 * ExecMethod, PutInstance, DeleteInstance) completed through a call-result object that
 * the caller polls exactly as it polls an IWbemCallResult on COM (`awaitCallResult`).
 */

import { namespaceKey, sameNamespace } from '../../common/namespaces.js';
import type { WqlAssociationFilter, WqlQuery, WqlSelectQuery } from '../../grammar/wql/ast.js';
import { WqlSyntaxError } from '../../grammar/wql/errors.js';
import { parseWql } from '../../grammar/wql/parser.js';
import type {
  CimClass,
  CimInstance,
  CimNamespace,
  CimProperty,
  CimQualifier,
  CimSchema,
  CimValue,
} from '../../model/cim/types.js';
import { WBEM_S_TIMEDOUT, awaitCallResult, type CallResultLike } from '../callresult.js';
import { WbemError } from '../errors.js';
import { parseObjectPath } from '../objectpath.js';
import type {
  CallOptions,
  PutMode,
  QueryCallOptions,
  WireObject,
  WireValue,
  WmiProvider,
} from '../provider.js';
import {
  compileGetter,
  compileProjection,
  compileWhere,
  keysOnly,
  propertyOf,
  type EvalContext,
  type Predicate,
} from './evaluate.js';
import {
  EventHub,
  aggregateEventInfo,
  eventClassInfo,
  isIntrinsicEventClass,
  type Grouping,
} from './events.js';
import { InstanceStore } from './repository.js';
import { SchemaIndex, type ClassInfo } from './schema.js';
import { wbemError } from './status.js';
import { cimValueToPlain, toWire, type CimAliasOrInstance } from './values.js';

/** An instance given as plain data: property values in wire form or loose JS (bigint, Date, CimDateTime…). */
export interface MemoryInstanceInput {
  readonly className: string;
  readonly properties: Readonly<Record<string, unknown>>;
}

export interface MethodCall {
  readonly className: string;
  readonly method: string;
  /** The target instance for instance methods; null for a static call on the class. */
  readonly target: WireObject | null;
  readonly inParameters: Readonly<Record<string, WireValue>>;
  readonly provider: MemoryProvider;
}

/** A JS implementation of a CIM method: returns the out-parameters (and `ReturnValue`). */
export type MethodHandler = (
  call: MethodCall,
) => Readonly<Record<string, unknown>> | Promise<Readonly<Record<string, unknown>>>;

export interface MemoryProviderOptions {
  readonly schema: CimSchema;
  /** Namespace to serve (default: `root\cimv2` if present, else the schema's first namespace). */
  readonly namespace?: string;
  /** Load the namespace's MOF `instance of` declarations (default true). */
  readonly loadSchemaInstances?: boolean;
  readonly instances?: readonly MemoryInstanceInput[];
  /** Handlers by `Class.Method`; a handler on a superclass serves its subclasses. */
  readonly methods?: Readonly<Record<string, MethodHandler>>;
  /** `__SERVER` and the server part of `__PATH` (default `.`). */
  readonly server?: string;
  /** Objects per batch when streaming (default 256). */
  readonly batchSize?: number;
  /** Make each single-object call report "still running" for this many polls (tests of the semisync path). */
  readonly pollsBeforeResult?: number;
  /** Signal and timeout applied to every call (per-call options add to them), as `connect()` gives. */
  readonly defaults?: CallOptions;
}

/** Per-call options over the provider's defaults: the earlier timeout and either signal. */
function mergeCallOptions<O extends CallOptions>(defaults: CallOptions, options: O | undefined): O {
  const signals = [defaults.signal, options?.signal].filter(
    (s): s is AbortSignal => s !== undefined,
  );
  const timeouts = [defaults.timeoutMs, options?.timeoutMs].filter(
    (t): t is number => t !== undefined,
  );
  return {
    ...options,
    signal:
      signals.length === 0
        ? undefined
        : signals.length === 1
          ? signals[0]
          : AbortSignal.any(signals),
    timeoutMs: timeouts.length === 0 ? undefined : Math.min(...timeouts),
  } as O;
}

/** A call in progress: an IWbemCallResult look-alike completed by a promise. */
class MemoryCallResult<T> implements CallResultLike<T> {
  private state: 'running' | 'done' | 'failed' = 'running';
  private value: T | undefined;
  private error: unknown;
  private pollsLeft: number;
  private cancelled = false;

  constructor(
    private readonly operation: string,
    work: () => T | Promise<T>,
    pollsBeforeResult: number,
  ) {
    this.pollsLeft = pollsBeforeResult;
    // Runs after the caller has its call-result object, as a provider thread would.
    queueMicrotask(() => {
      let p: Promise<T>;
      try {
        p = Promise.resolve(work());
      } catch (e) {
        p = Promise.reject(e);
      }
      p.then(
        (v) => {
          if (this.cancelled) return;
          this.value = v;
          this.state = 'done';
        },
        (e: unknown) => {
          if (this.cancelled) return;
          this.error = e;
          this.state = 'failed';
        },
      );
    });
  }

  getCallStatus(_timeoutMs: number): typeof WBEM_S_TIMEDOUT | { readonly status: number } {
    if (this.state === 'running' || this.pollsLeft > 0) {
      if (this.pollsLeft > 0) this.pollsLeft--;
      return WBEM_S_TIMEDOUT;
    }
    if (this.state === 'done') return { status: 0 };
    return { status: this.error instanceof WbemError ? this.error.hresult | 0 : 0x80041001 | 0 };
  }

  getResult(): T {
    return this.value as T;
  }

  errorFor(status: number): Error {
    if (this.error instanceof WbemError) return this.error;
    // A method handler that throws something else fails the call as a provider would:
    // WBEM_E_FAILED, with the original error as the cause.
    const detail = this.error instanceof Error ? this.error.message : String(this.error);
    const err = WbemError.fromHResult(status, this.operation, detail);
    (err as Error & { cause?: unknown }).cause = this.error;
    return err;
  }

  cancel(): void {
    this.cancelled = true;
  }

  [Symbol.dispose](): void {
    this.value = undefined;
  }
}

const RELPATH_ONLY = /^[^:]*:/;

export class MemoryProvider implements WmiProvider {
  readonly kind = 'memory' as const;
  readonly namespace: string;
  readonly schema: SchemaIndex;
  readonly store: InstanceStore;
  private readonly methods = new Map<string, MethodHandler>();
  private readonly batchSize: number;
  private readonly pollsBeforeResult: number;
  private readonly defaults: CallOptions;
  private readonly events = new EventHub();
  private readonly ctxBase: Omit<EvalContext, 'operation'>;
  private closed = false;

  constructor(options: MemoryProviderOptions) {
    const ns = pickNamespace(options.schema, options.namespace);
    this.namespace = ns.name;
    this.schema = new SchemaIndex(ns);
    this.store = new InstanceStore(this.schema, options.server ?? '.');
    this.batchSize = Math.max(1, options.batchSize ?? 256);
    this.pollsBeforeResult = options.pollsBeforeResult ?? 0;
    this.defaults = options.defaults ?? {};
    this.ctxBase = {
      schema: this.schema,
      server: options.server ?? '.',
      canonicalPath: (p) => this.store.canonicalPath(p),
    };
    for (const [name, handler] of Object.entries(options.methods ?? {}))
      this.registerMethod(name, handler);
    if (options.loadSchemaInstances !== false) this.loadMofInstances(ns.instances);
    for (const inst of options.instances ?? []) this.add(inst);
  }

  /** Registers the JS implementation of `Class.Method`. */
  registerMethod(qualifiedName: string, handler: MethodHandler): void {
    const dot = qualifiedName.indexOf('.');
    if (dot <= 0)
      throw new TypeError(`method handlers are named Class.Method, not ${qualifiedName}`);
    this.methods.set(qualifiedName.toLowerCase(), handler);
  }

  /** Adds an instance synchronously (loading); fails with WBEM_E_ALREADY_EXISTS on a duplicate key. */
  add(input: MemoryInstanceInput): WireObject {
    const op = 'MemoryProvider.add';
    const info = this.classInfo(input.className, op);
    const obj = this.store.build(info, input.properties, op);
    if (this.store.existing(obj))
      throw wbemError('ALREADY_EXISTS', op, `${obj.path ?? info.cls.name} already exists`);
    this.store.store(obj);
    return obj;
  }

  private loadMofInstances(instances: readonly CimInstance[]): void {
    const aliases = new Map<string, string>();
    const resolve = (v: CimAliasOrInstance): unknown => {
      if (v.kind === 'alias') {
        const path = aliases.get(v.name.toLowerCase());
        if (path === undefined)
          throw wbemError(
            'INVALID_PARAMETER',
            'MemoryProvider.load',
            `alias $${v.name} is used before its instance`,
          );
        return path;
      }
      return { className: v.className, properties: plainProperties(v.properties) };
    };
    const plainProperties = (
      props: Readonly<Record<string, CimValue>>,
    ): Record<string, unknown> => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(props)) out[k] = cimValueToPlain(v, resolve);
      return out;
    };
    for (const inst of instances) {
      const obj = this.add({
        className: inst.className,
        properties: plainProperties(inst.properties),
      });
      if (inst.alias && obj.path)
        aliases.set(inst.alias.replace(/^\$/, '').toLowerCase(), obj.path);
    }
  }

  private ctx(operation: string): EvalContext {
    return { ...this.ctxBase, operation };
  }

  private classInfo(name: string, operation: string): ClassInfo {
    const info = this.schema.get(name);
    if (!info) throw wbemError('INVALID_CLASS', operation, `no class ${name} in ${this.namespace}`);
    return info;
  }

  private checkOpen(operation: string): void {
    if (this.closed) throw wbemError('FAILED', operation, 'the provider is closed');
  }

  private parse(wql: string, operation: string): WqlQuery {
    try {
      return parseWql(wql);
    } catch (e) {
      if (e instanceof WqlSyntaxError) {
        const err = wbemError('INVALID_QUERY', operation, e.message);
        (err as Error & { cause?: unknown }).cause = e;
        throw err;
      }
      throw e;
    }
  }

  // ---- queries ---------------------------------------------------------------

  execQuery(wql: string, callOptions?: QueryCallOptions): AsyncIterable<WireObject> {
    const operation = 'IWbemServices::ExecQuery';
    const options = mergeCallOptions(this.defaults, callOptions);
    // Parse and plan eagerly so a bad query fails on the first next(), before any row.
    let plan: (() => Iterable<WireObject>) | undefined;
    let failure: unknown;
    try {
      this.checkOpen(operation);
      plan = this.plan(this.parse(wql, operation), operation);
    } catch (e) {
      failure = e;
    }
    const batchSize = Math.max(1, options.batchSize ?? this.batchSize);
    const signal = options.signal;
    const deadline =
      options.timeoutMs !== undefined ? performance.now() + options.timeoutMs : Infinity;
    return {
      // A hand-written iterator rather than an async generator: one settled promise per
      // row instead of the generator's queue, which about halves the cost of a row.
      [Symbol.asyncIterator]: (): AsyncIterator<WireObject> => {
        let rows: Iterator<WireObject> | null = null;
        let inBatch = 0;
        let finished = false;
        const end = (): IteratorResult<WireObject> => {
          finished = true;
          rows?.return?.();
          return { done: true, value: undefined };
        };
        return {
          next: async (): Promise<IteratorResult<WireObject>> => {
            if (finished) return { done: true, value: undefined };
            if (failure !== undefined) {
              finished = true;
              throw failure;
            }
            rows ??= plan!()[Symbol.iterator]();
            if (inBatch === 0) {
              // One batch per turn of the event loop, like IEnumWbemClassObject::Next.
              await new Promise<void>((r) => setImmediate(r));
              if (signal?.aborted) {
                end();
                throw wbemError('CALL_CANCELLED', operation, 'cancelled by its AbortSignal');
              }
              if (performance.now() > deadline) {
                end();
                throw wbemError('TIMED_OUT', operation, `timed out after ${options.timeoutMs} ms`);
              }
            }
            if (++inBatch >= batchSize) inBatch = 0;
            const r = rows.next();
            return r.done ? end() : r;
          },
          return: async (): Promise<IteratorResult<WireObject>> => end(),
        };
      },
    };
  }

  /** Turns a parsed query into a lazy row source; all validation happens here. */
  private plan(query: WqlQuery, operation: string): () => Iterable<WireObject> {
    if (query.kind === 'select') return this.planSelect(query, operation);
    return this.planAssociation(query, operation);
  }

  private planSelect(query: WqlSelectQuery, operation: string): () => Iterable<WireObject> {
    if (query.within !== null || query.group !== null) {
      throw wbemError(
        'INVALID_QUERY',
        operation,
        'WITHIN and GROUP belong to event queries (ExecNotificationQuery)',
      );
    }
    const ctx = this.ctx(operation);
    if (query.className.toLowerCase() === 'meta_class') return this.planSchemaQuery(query, ctx);
    if (isIntrinsicEventClass(query.className)) {
      throw wbemError(
        'INVALID_QUERY_TYPE',
        operation,
        `${query.className} is an event class: use an event query`,
      );
    }
    const from = this.classInfo(query.className, operation);
    const where: Predicate | null = query.where ? compileWhere(query.where, from, ctx) : null;
    const project =
      query.properties === '*' ? null : compileProjection(query.properties, from, ctx);
    const classes = this.schema.descendants(from.cls.name);
    const store = this.store;
    return function* () {
      for (const info of classes) {
        for (const obj of store.ofClass(info.id)) {
          if (where === null || where(obj)) yield project ? project(obj) : obj;
        }
      }
    };
  }

  /** `SELECT * FROM meta_class [WHERE __CLASS … | __this ISA …]`: class definitions. */
  private planSchemaQuery(query: WqlSelectQuery, ctx: EvalContext): () => Iterable<WireObject> {
    const meta = metaClassInfo();
    const where = query.where ? compileWhere(query.where, meta, ctx) : null;
    const defs = [...this.schema.order].map((id) => this.classObject(this.schema.get(id)!));
    return function* () {
      for (const def of defs) if (where === null || where(def)) yield def;
    };
  }

  /** A class definition as a wire object (genus 1): name, path, no values. */
  private classObject(info: ClassInfo): WireObject {
    return { className: info.cls.name, path: this.store.fullPath(info.cls.name), properties: {} };
  }

  private planAssociation(
    query: WqlQuery & WqlAssociationFilter & { objectPath: string },
    operation: string,
  ): () => Iterable<WireObject> {
    const isReferences = query.kind === 'references';
    let sourcePath;
    try {
      sourcePath = parseObjectPath(query.objectPath);
    } catch (e) {
      throw wbemError('INVALID_OBJECT_PATH', operation, (e as Error).message);
    }
    for (const name of [query.assocClass, query.resultClass]) {
      if (name !== undefined) this.classInfo(name, operation);
    }
    if (query.schemaOnly || sourcePath.isClass) {
      const defs = this.schemaAssociation(query, sourcePath.className, isReferences, operation);
      return () => defs;
    }
    const source = this.store.find(query.objectPath, operation);
    const sourceId = this.store.canonicalPath(source.path!)!;
    const schema = this.schema;
    const store = this.store;
    const eq = (a: string, b: string | undefined): boolean =>
      b === undefined || a.toLowerCase() === b.toLowerCase();
    const associations = [...schema.classes()].filter((c) => c.cls.isAssociation);
    const self = this;
    return function* () {
      const seenClasses = new Set<string>();
      for (const assoc of associations) {
        const refs = assoc.cls.properties.filter((p) => p.type === 'reference' && !p.isArray);
        for (const link of store.ofClass(assoc.id)) {
          if (query.assocClass !== undefined && !schema.isA(link.className, query.assocClass))
            continue;
          if (
            query.requiredAssocQualifier !== undefined &&
            !hasQualifier(assoc.cls.qualifiers, query.requiredAssocQualifier)
          )
            continue;
          for (const role of refs) {
            const v = link.properties[role.name];
            if (typeof v !== 'string' || !eq(role.name, query.role)) continue;
            if (store.canonicalPath(v) !== sourceId) continue;
            if (isReferences) {
              if (query.resultClass !== undefined && !schema.isA(link.className, query.resultClass))
                continue;
              if (
                query.requiredQualifier !== undefined &&
                !hasQualifier(assoc.cls.qualifiers, query.requiredQualifier)
              )
                continue;
              if (query.classDefsOnly) {
                if (!seenClasses.has(assoc.id)) {
                  seenClasses.add(assoc.id);
                  yield self.classObject(assoc);
                }
                continue;
              }
              yield query.keysOnly ? keysOnly(link, assoc) : link;
              continue;
            }
            for (const other of refs) {
              if (other === role || !eq(other.name, query.resultRole)) continue;
              const target = link.properties[other.name];
              if (typeof target !== 'string') continue;
              let endpoint: WireObject;
              try {
                endpoint = store.find(target, operation);
              } catch {
                continue; // a dangling reference yields nothing, as WMI does
              }
              const info = schema.get(endpoint.className)!;
              if (
                query.resultClass !== undefined &&
                !schema.isA(endpoint.className, query.resultClass)
              )
                continue;
              if (
                query.requiredQualifier !== undefined &&
                !hasQualifier(info.cls.qualifiers, query.requiredQualifier)
              )
                continue;
              if (query.classDefsOnly) {
                if (!seenClasses.has(info.id)) {
                  seenClasses.add(info.id);
                  yield self.classObject(info);
                }
                continue;
              }
              yield query.keysOnly ? keysOnly(endpoint, info) : endpoint;
            }
          }
        }
      }
    };
  }

  /**
   * Schema association queries (`SchemaOnly`, or a class path): the classes that can take
   * part, from the association classes' typed references. ASSOCIATORS OF gives the
   * classes at the other ends, REFERENCES OF the association classes.
   */
  private schemaAssociation(
    query: WqlAssociationFilter,
    className: string,
    isReferences: boolean,
    operation: string,
  ): WireObject[] {
    const source = this.classInfo(className, operation);
    const eq = (a: string, b: string | undefined): boolean =>
      b === undefined || a.toLowerCase() === b.toLowerCase();
    const out = new Map<string, WireObject>();
    for (const assoc of this.schema.classes()) {
      if (!assoc.cls.isAssociation) continue;
      if (query.assocClass !== undefined && !this.schema.isA(assoc.cls.name, query.assocClass))
        continue;
      if (
        query.requiredAssocQualifier !== undefined &&
        !hasQualifier(assoc.cls.qualifiers, query.requiredAssocQualifier)
      )
        continue;
      const refs = assoc.cls.properties.filter(
        (p) => p.type === 'reference' && !p.isArray && p.refClass !== undefined,
      );
      for (const role of refs) {
        if (!eq(role.name, query.role) || !this.schema.isA(source.cls.name, role.refClass!))
          continue;
        if (isReferences) {
          if (
            query.resultClass !== undefined &&
            !this.schema.isA(assoc.cls.name, query.resultClass)
          )
            continue;
          if (
            query.requiredQualifier !== undefined &&
            !hasQualifier(assoc.cls.qualifiers, query.requiredQualifier)
          )
            continue;
          out.set(assoc.id, this.classObject(assoc));
          continue;
        }
        for (const other of refs) {
          if (other === role || !eq(other.name, query.resultRole)) continue;
          const target = this.schema.get(other.refClass!);
          if (!target) continue;
          if (
            query.resultClass !== undefined &&
            !this.schema.isA(target.cls.name, query.resultClass)
          )
            continue;
          if (
            query.requiredQualifier !== undefined &&
            !hasQualifier(target.cls.qualifiers, query.requiredQualifier)
          )
            continue;
          out.set(target.id, this.classObject(target));
        }
      }
    }
    return [...out.values()];
  }

  // ---- events ----------------------------------------------------------------

  execNotificationQuery(wql: string, callOptions?: CallOptions): AsyncIterable<WireObject> {
    const operation = 'IWbemServices::ExecNotificationQuery';
    // Only the signal ends a subscription; a timeout would cut every event stream short.
    const options = { signal: mergeCallOptions(this.defaults, callOptions).signal };
    let predicate: Predicate | undefined;
    let project: ((obj: WireObject) => WireObject) | null = null;
    let grouping: Grouping | null = null;
    let eventClass = '';
    let failure: unknown;
    try {
      this.checkOpen(operation);
      const query = this.parse(wql, operation);
      if (query.kind !== 'select')
        throw wbemError('INVALID_QUERY_TYPE', operation, 'an event query is a SELECT');
      if (!isIntrinsicEventClass(query.className)) {
        throw wbemError(
          'NOT_SUPPORTED',
          operation,
          `the in-memory provider raises intrinsic instance events only, not ${query.className}`,
        );
      }
      const info = eventClassInfo(query.className, this.schema);
      const ctx = this.ctx(operation);
      predicate = query.where ? compileWhere(query.where, info, ctx) : () => true;
      if (query.group !== null) {
        const group = query.group;
        const getters = group.by.map((ref) => compileGetter(ref, info, ctx));
        grouping = {
          withinMs: group.within * 1000,
          key: (event) => JSON.stringify(getters.map((get) => get(event) ?? null)),
          having: group.having ? compileWhere(group.having, aggregateEventInfo(), ctx) : null,
        };
      } else if (query.properties !== '*') {
        // `SELECT TargetInstance.Name …` delivers the whole embedded object, as WMI documents.
        project = compileProjection(query.properties, info, ctx);
      }
      eventClass = info.cls.name;
    } catch (e) {
      failure = e;
    }
    // Subscribed now, as WMI subscribes when the call returns; events queue until read.
    const subscription =
      failure === undefined
        ? this.events.subscribe(eventClass, predicate!, this.schema, grouping)
        : undefined;
    const signal = options.signal;
    return {
      [Symbol.asyncIterator]: async function* () {
        if (failure !== undefined) throw failure;
        try {
          for (;;) {
            const next = await subscription!.next(signal);
            if (next === null) return;
            yield project ? project(next) : next;
          }
        } finally {
          subscription!.close();
        }
      },
    };
  }

  // ---- single-object calls (semisynchronous) -----------------------------------

  private semisync<T>(
    operation: string,
    options: CallOptions | undefined,
    work: () => T | Promise<T>,
  ): Promise<T> {
    try {
      this.checkOpen(operation);
    } catch (e) {
      return Promise.reject(e);
    }
    const call = new MemoryCallResult(operation, work, this.pollsBeforeResult);
    return awaitCallResult(call, {
      ...mergeCallOptions(this.defaults, options),
      operation,
      makeError: (hr, detail) => WbemError.fromHResult(hr, operation, detail),
    });
  }

  getObject(path: string, options?: CallOptions): Promise<WireObject> {
    const operation = 'IWbemServices::GetObject';
    return this.semisync(operation, options, () => {
      let parsed;
      try {
        parsed = parseObjectPath(path);
      } catch (e) {
        throw wbemError('INVALID_OBJECT_PATH', operation, (e as Error).message);
      }
      if (parsed.isClass) return this.classObject(this.classInfo(parsed.className, operation));
      return this.store.find(path, operation);
    });
  }

  execMethod(
    path: string,
    method: string,
    inParameters: Readonly<Record<string, WireValue>> | null,
    options?: CallOptions,
  ): Promise<WireObject> {
    const operation = 'IWbemServices::ExecMethod';
    return this.semisync(operation, options, async () => {
      let parsed;
      try {
        parsed = parseObjectPath(path);
      } catch (e) {
        throw wbemError('INVALID_OBJECT_PATH', operation, (e as Error).message);
      }
      const info = this.classInfo(parsed.className, operation);
      const m = info.cls.methods.find((x) => x.name.toLowerCase() === method.toLowerCase());
      if (!m)
        throw wbemError('INVALID_METHOD', operation, `${info.cls.name} has no method ${method}`);
      const target = parsed.isClass ? null : this.store.find(path, operation);
      if (target === null && !m.isStatic)
        throw wbemError(
          'INVALID_METHOD_PARAMETERS',
          operation,
          `${m.name} is an instance method: call it on an instance path`,
        );
      const ins: Record<string, WireValue> = {};
      for (const [name, value] of Object.entries(inParameters ?? {})) {
        const param = m.parameters.find((p) => p.in && p.name.toLowerCase() === name.toLowerCase());
        if (!param)
          throw wbemError(
            'INVALID_METHOD_PARAMETERS',
            operation,
            `${m.name} has no in-parameter ${name}`,
          );
        try {
          ins[param.name] = toWire(param, value, operation, (v) => v as WireObject);
        } catch (e) {
          throw wbemError('INVALID_METHOD_PARAMETERS', operation, (e as Error).message);
        }
      }
      const handler = this.findHandler(target?.className ?? info.cls.name, m.name);
      if (!handler)
        throw wbemError(
          'METHOD_NOT_IMPLEMENTED',
          operation,
          `no handler registered for ${info.cls.name}.${m.name}`,
        );
      const out = await handler({
        className: info.cls.name,
        method: m.name,
        target,
        inParameters: ins,
        provider: this,
      });
      const props: Record<string, WireValue> = {};
      for (const p of m.parameters) {
        if (!p.out) continue;
        props[p.name] = toWire(
          p,
          findCaseless(out, p.name) ?? null,
          operation,
          (v) => v as WireObject,
        );
      }
      if (m.returnType !== 'void') {
        props.ReturnValue = toWire(
          { name: 'ReturnValue', type: m.returnType, isArray: false },
          findCaseless(out, 'ReturnValue') ?? null,
          operation,
          (v) => v as WireObject,
        );
      }
      return { className: '__PARAMETERS', path: null, properties: props };
    });
  }

  private findHandler(className: string, method: string): MethodHandler | undefined {
    const info = this.schema.get(className);
    const lineage = info ? [info.cls.name, ...info.cls.ancestors] : [className];
    for (const c of lineage) {
      const h = this.methods.get(`${c}.${method}`.toLowerCase());
      if (h) return h;
    }
    return undefined;
  }

  putInstance(instance: WireObject, mode: PutMode, options?: CallOptions): Promise<string> {
    const operation = 'IWbemServices::PutInstance';
    return this.semisync(operation, options, () => {
      const info = this.classInfo(instance.className, operation);
      if (info.cls.isAbstract)
        throw wbemError('INVALID_CLASS', operation, `${info.cls.name} is abstract`);
      const probe = this.store.build(info, instance.properties, operation);
      const existing = this.store.existing(probe);
      if (existing && mode === 'createOnly')
        throw wbemError('ALREADY_EXISTS', operation, `${probe.path} already exists`);
      if (!existing && mode === 'updateOnly')
        throw wbemError('NOT_FOUND', operation, `${probe.path ?? info.cls.name} does not exist`);
      const obj = existing
        ? this.store.build(info, instance.properties, operation, existing)
        : probe;
      this.store.store(obj);
      if (existing) this.events.emit('__InstanceModificationEvent', obj, existing);
      else this.events.emit('__InstanceCreationEvent', obj, null);
      return (obj.path ?? info.cls.name).replace(RELPATH_ONLY, '');
    });
  }

  deleteInstance(path: string, options?: CallOptions): Promise<void> {
    const operation = 'IWbemServices::DeleteInstance';
    return this.semisync(operation, options, () => {
      const obj = this.store.find(path, operation);
      this.store.remove(obj);
      this.events.emit('__InstanceDeletionEvent', obj, null);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.events.closeAll();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function findCaseless(obj: Readonly<Record<string, unknown>>, name: string): unknown {
  if (Object.hasOwn(obj, name)) return obj[name];
  const lower = name.toLowerCase();
  for (const k of Object.keys(obj)) if (k.toLowerCase() === lower) return obj[k];
  return undefined;
}

function hasQualifier(list: readonly CimQualifier[], name: string): boolean {
  const lower = name.toLowerCase();
  return list.some((q) => q.name.toLowerCase() === lower);
}

function pickNamespace(schema: CimSchema, wanted: string | undefined): CimNamespace {
  if (wanted !== undefined) {
    const ns = schema.namespaces.find((n) => sameNamespace(n.name, wanted));
    if (!ns)
      throw wbemError('INVALID_NAMESPACE', 'connect', `the model has no namespace ${wanted}`);
    return ns;
  }
  const ns = schema.namespaces.find((n) => namespaceKey(n.name) === 'root\\cimv2') ?? schema.namespaces[0];
  if (!ns) throw wbemError('INVALID_NAMESPACE', 'connect', 'the model has no namespace');
  return ns;
}

let metaInfo: ClassInfo | undefined;
/** The pseudo-class of schema queries: system properties only. */
function metaClassInfo(): ClassInfo {
  if (!metaInfo) {
    const cls: CimClass = {
      name: 'meta_class',
      namespace: '',
      superclass: null,
      ancestors: [],
      qualifiers: [],
      properties: [],
      methods: [],
      keys: [],
      isAssociation: false,
      isIndication: false,
      isAbstract: true,
    };
    metaInfo = {
      cls,
      id: 'meta_class',
      propertiesById: new Map<string, CimProperty>(),
      lineage: new Set(['meta_class']),
      keyIds: [],
      keyRoot: 'meta_class',
      isSingleton: false,
      children: [],
    };
  }
  return metaInfo;
}

export function createMemoryProvider(options: MemoryProviderOptions): MemoryProvider {
  return new MemoryProvider(options);
}

export { propertyOf };
