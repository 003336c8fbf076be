/**
 * The WS-Management provider: the runtime's WmiProvider over WS-Man (WinRM, OMI), so
 * the typed API runs on a remote host from any OS.
 *
 *   WQL data query       → Enumerate (WQL filter dialect, OptimizeEnumeration,
 *                          MaxElements, objects with their EPRs) + Pull per batch asked
 *   getObject            → WS-Transfer Get of the instance's resource URI + selectors
 *   execMethod           → Invoke (action `<resource URI>/<method>`, `<m>_INPUT` body)
 *   putInstance          → Create (createOnly), Put (updateOnly), Put then Create
 *   deleteInstance       → WS-Transfer Delete
 *
 * Values reach the caller in the wire form of provider.ts, typed by each class's schema
 * read once over WS-Man (schema.ts). Every call has a deadline (`timeoutMs`, default
 * 60 s, also sent as OperationTimeout) and honours an AbortSignal; for a query the
 * deadline applies to each request (Enumerate, each Pull), not to the whole stream.
 */

import { WBEMSTATUS } from '../../generated/com/wbemcli.js';
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
import { WsmanClient, type CallLimits, type ResourceTarget } from './client.js';
import { ACTION, ANONYMOUS, type AssociationFilter, type EndpointReference } from './envelope.js';
import { basicAuthorization, type TlsOptions } from './http.js';
import type { ClassSchema, SlotType } from './schema.js';
import {
  addressOfPath,
  backslashNamespace,
  classResource,
  slashNamespace,
  type ResourceUriScheme,
} from './uri.js';
import {
  decodeInstance,
  decodeProperties,
  embeddedClassNames,
  encodeInstance,
  encodeProperties,
  eprOf,
  type DecodeContext,
  type EncodeContext,
} from './values.js';
import { child, type XNode } from './xml.js';
import { pathOfEpr } from './uri.js';

/** Options of `createWsmanProvider` (and of `connect({ transport: 'wsman', … })`). */
export interface WsmanProviderOptions {
  /** Host name or IP address of the WS-Man endpoint. */
  readonly host: string;
  /** Default 5985 for HTTP, 5986 for HTTPS. */
  readonly port?: number;
  /** Default false. */
  readonly https?: boolean;
  /** URL path of the endpoint; default `/wsman`. */
  readonly urlPath?: string;
  readonly user?: string;
  /** Never logged, never part of an error message. */
  readonly password?: string;
  /**
   * Default 'basic' when a user is given. 'negotiate' is NTLM (user as `user`,
   * `DOMAIN\\user` or `user@domain`) with WinRM's message encryption over HTTP; Kerberos
   * is not spoken.
   */
  readonly auth?: 'basic' | 'negotiate';
  /**
   * Basic sends the password readable by anyone on the path unless the connection is
   * HTTPS; over HTTP it is refused unless this is true (WinRM's AllowUnencrypted).
   */
  readonly allowUnencrypted?: boolean;
  /** TLS trust for HTTPS: `ca`, `rejectUnauthorized`, `servername`. */
  readonly tls?: TlsOptions;
  /** Default `root\cimv2`. */
  readonly namespace?: string;
  /** How classes are named (uri.ts); default 'cim', which WinRM and OMI both take. */
  readonly resourceUris?: ResourceUriScheme;
  /** The Locale (and DataLocale) of every request, e.g. `en-US`. */
  readonly locale?: string;
  /** Default deadline of every request in ms (default 60000). */
  readonly timeoutMs?: number;
  /** Items per Enumerate/Pull answer (MaxElements); default 100. */
  readonly batchSize?: number;
  /** Default 512000 bytes. */
  readonly maxEnvelopeSize?: number;
  /** Aborts every call of this provider. */
  readonly signal?: AbortSignal;
  /**
   * Reuse one connection for a session's requests (default true). OMI writes a response's
   * header and body in two sends with Nagle's algorithm on, so on a reused connection each
   * answer waits for the client's delayed ACK (about 40 ms on Linux); false avoids that
   * wait (a fresh connection starts in quick-ACK mode) at the price of a connection per
   * request. WinRM has no such stall.
   */
  readonly keepAlive?: boolean;
  /** Host name written into the paths of results (`\\HOST\root\cimv2:…`); default `host`. */
  readonly pathHost?: string;
}

const DEFAULT_TIMEOUT_MS = 60_000;

function invalidOption(detail: string): WbemError {
  return new WbemError(WBEMSTATUS.WBEM_E_INVALID_PARAMETER, 'connect (wsman)', detail);
}

export class WsmanProvider implements WmiProvider {
  readonly kind = 'wsman' as const;
  readonly namespace: string;
  readonly host: string;
  readonly #client: WsmanClient;
  readonly #options: WsmanProviderOptions;
  readonly #scheme: ResourceUriScheme;
  /** Schemas by `namespace:class` (lower case); null when the server would not give one. */
  readonly #schemas = new Map<string, ClassSchema | null>();
  readonly #pending = new Map<string, Promise<void>>();
  #closed = false;

  constructor(options: WsmanProviderOptions) {
    if (!options.host) throw invalidOption('a host is required');
    const https = options.https ?? false;
    const auth = options.auth ?? (options.user !== undefined ? 'basic' : undefined);
    if (auth === 'negotiate' && (options.user === undefined || options.password === undefined))
      throw invalidOption("auth 'negotiate' needs user and password");
    if (auth === 'basic' && (options.user === undefined || options.password === undefined))
      throw invalidOption("auth 'basic' needs user and password");
    if (auth === 'basic' && !https && options.allowUnencrypted !== true)
      throw invalidOption(
        'Basic authentication over HTTP sends the password unencrypted: use https, or pass allowUnencrypted: true',
      );
    this.#options = options;
    this.host = options.host;
    this.namespace = backslashNamespace(options.namespace ?? 'root\\cimv2');
    this.#scheme = options.resourceUris ?? 'cim';
    this.#client = new WsmanClient({
      host: options.host,
      port: options.port ?? (https ? 5986 : 5985),
      https,
      path: options.urlPath ?? '/wsman',
      authorization:
        auth === 'basic' ? basicAuthorization(options.user!, options.password!) : undefined,
      tls: options.tls,
      locale: options.locale,
      maxEnvelopeSize: options.maxEnvelopeSize,
      keepAlive: options.keepAlive,
      negotiate:
        auth === 'negotiate' ? { user: options.user!, password: options.password! } : undefined,
    });
  }

  #limits(o: CallOptions | undefined, operation: string): CallLimits {
    if (this.#closed)
      throw new WbemError(WBEMSTATUS.WBEM_E_INVALID_OPERATION, operation, 'the provider is closed');
    const signals = [this.#options.signal, o?.signal].filter(
      (s): s is AbortSignal => s !== undefined,
    );
    const signal =
      signals.length === 0
        ? undefined
        : signals.length === 1
          ? signals[0]
          : AbortSignal.any(signals);
    return { signal, timeoutMs: o?.timeoutMs ?? this.#options.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  }

  #decodeContext(namespace: string): DecodeContext {
    return {
      schemaOf: (c) =>
        this.#schemas.get(`${slashNamespace(namespace)}:${c}`.toLowerCase()) ?? undefined,
      host: this.#options.pathHost ?? this.host,
      namespace: slashNamespace(namespace),
    };
  }

  #encodeContext(namespace: string): EncodeContext {
    return {
      schemaOf: (c) =>
        this.#schemas.get(`${slashNamespace(namespace)}:${c}`.toLowerCase()) ?? undefined,
      classUri: (c) =>
        classResource(this.#scheme === 'wmi' ? 'wmi' : 'dmtf', namespace, c).resourceUri,
      eprOfPath: (p) => this.#eprOfPath(namespace, p),
    };
  }

  #eprOfPath(namespace: string, path: string): EndpointReference {
    const a = addressOfPath(this.#scheme, namespace, path, ANONYMOUS);
    return { address: ANONYMOUS, resourceUri: a.resourceUri, selectors: a.selectors };
  }

  /** Reads (once) the schemas of `classNames` and of their superclasses. */
  async #ensureSchemas(
    namespace: string,
    classNames: Iterable<string>,
    limits: CallLimits,
    chain: ReadonlySet<string> = new Set(),
  ): Promise<void> {
    const waits: Promise<void>[] = [];
    for (const name of classNames) {
      const key = `${slashNamespace(namespace)}:${name}`.toLowerCase();
      // A superclass chain that comes back to a class would wait on itself.
      if (this.#schemas.has(key) || chain.has(key)) continue;
      let p = this.#pending.get(key);
      if (!p) {
        p = this.#loadSchema(namespace, name, key, limits, chain).finally(() =>
          this.#pending.delete(key),
        );
        this.#pending.set(key, p);
      }
      waits.push(p);
    }
    await Promise.all(waits);
  }

  async #loadSchema(
    namespace: string,
    name: string,
    key: string,
    limits: CallLimits,
    chain: ReadonlySet<string>,
  ): Promise<void> {
    let schema: ClassSchema;
    try {
      schema = await this.#client.getClass(namespace, name, limits);
    } catch (e) {
      // A transport failure or a cancellation fails the call; a server that will not
      // describe the class leaves values untyped (strings) instead.
      if (
        e instanceof WbemError &&
        [
          WBEMSTATUS.WBEM_E_TRANSPORT_FAILURE,
          WBEMSTATUS.WBEM_E_TIMED_OUT,
          WBEMSTATUS.WBEM_E_CALL_CANCELLED,
          WBEMSTATUS.WBEM_E_ACCESS_DENIED,
        ].includes(e.hresult)
      )
        throw e;
      this.#schemas.set(key, null);
      return;
    }
    // Servers that leave inherited elements out (OMI) name the superclass: merge it in.
    if (schema.superclass) {
      await this.#ensureSchemas(namespace, [schema.superclass], limits, new Set([...chain, key]));
      const base = this.#schemas.get(
        `${slashNamespace(namespace)}:${schema.superclass}`.toLowerCase(),
      );
      if (base) schema = mergeSchemas(base, schema);
    }
    this.#schemas.set(key, schema);
  }

  /**
   * Class definitions in CIM-XML (`<CLASS>` elements), for the live schema source
   * (live-schema.ts): the classes named, or with none every class the server lists.
   * @internal
   */
  classDefinitionsXml(
    classNames: readonly string[] | undefined,
    options?: CallOptions & { readonly namespace?: string },
  ): AsyncIterable<XNode> {
    const ns = options?.namespace ?? this.namespace;
    const limits = this.#limits(options, 'WS-Management Get (class)');
    const client = this.#client;
    const batch = this.#options.batchSize ?? 100;
    if (classNames === undefined) return client.enumerateClassXml(ns, { ...limits, maxElements: batch });
    return (async function* () {
      for (const name of classNames) yield await client.getClassXml(ns, name, limits);
    })();
  }

  /** The schema of a class (read over WS-Man once), or undefined when the server gives none. */
  async classSchema(
    className: string,
    options?: CallOptions & { readonly namespace?: string },
  ): Promise<ClassSchema | undefined> {
    const ns = options?.namespace ?? this.namespace;
    await this.#ensureSchemas(ns, [className], this.#limits(options, 'WS-Management Get (class)'));
    return this.#schemas.get(`${slashNamespace(ns)}:${className}`.toLowerCase()) ?? undefined;
  }

  async #decodeItem(
    namespace: string,
    item: XNode,
    epr: EndpointReference | undefined,
    limits: CallLimits,
  ): Promise<WireObject> {
    const names = new Set<string>([item.name]);
    embeddedClassNames(item, names);
    await this.#ensureSchemas(namespace, names, limits);
    const ctx = this.#decodeContext(namespace);
    const path = epr
      ? pathOfEpr(epr, { host: ctx.host, namespace: ctx.namespace }, keyKindOf(ctx))
      : null;
    return decodeInstance(item, ctx, path);
  }

  execQuery(wql: string, options?: QueryCallOptions): AsyncIterable<WireObject> {
    const maxElements = options?.batchSize ?? this.#options.batchSize ?? 100;
    const namespace = this.namespace;
    const self = this;
    return {
      // Errors (a closed provider, an unsupported query) surface on iteration, as rows do.
      async *[Symbol.asyncIterator]() {
        const operation = 'WS-Management Enumerate';
        const limits = self.#limits(options, operation);
        const { target, association } = await self.#queryTarget(wql, operation);
        // The FROM class's schema before the Enumerate: an OMI provider that posts all its
        // instances in one call holds its agent until the enumeration is drained, so a class
        // Get sent between Pulls would wait on the Pulls it blocks.
        const from = association ? undefined : fromClassOf(wql);
        if (from) await self.#ensureSchemas(namespace, [from], limits);
        for await (const { item, epr } of self.#client.enumerate(target, {
          wql: association ? undefined : wql,
          association,
          maxElements,
          withEpr: true,
          ...limits,
        })) {
          yield await self.#decodeItem(namespace, item, epr, limits);
        }
      },
    };
  }

  /**
   * Where a query goes: WinRM's `…/wmi/<namespace>/*` takes any WQL; with CIM resource
   * URIs a SELECT goes to its FROM class, and ASSOCIATORS OF / REFERENCES OF become
   * DSP0227's association filter on `http://schemas.dmtf.org/wbem/wscim/1/*`.
   */
  async #queryTarget(
    wql: string,
    operation: string,
  ): Promise<{ target: ResourceTarget; association?: AssociationFilter }> {
    if (this.#scheme === 'wmi') return { target: classResource('wmi', this.namespace, '*') };
    const from = fromClassOf(wql);
    if (from) return { target: classResource(this.#scheme, this.namespace, from) };
    if (!/^\s*(associators|references)\s+of\b/i.test(wql))
      throw new WbemError(
        WBEMSTATUS.WBEM_E_INVALID_QUERY,
        operation,
        'expected SELECT, ASSOCIATORS OF or REFERENCES OF',
      );
    // The WQL parser loads Chevrotain: only association queries pay for it.
    const { parseWql } = await import('../../grammar/wql/parser.js');
    const q = parseWql(wql);
    if (q.kind === 'select')
      return { target: classResource(this.#scheme, this.namespace, q.className) };
    if (q.classDefsOnly || q.schemaOnly || q.requiredQualifier || q.requiredAssocQualifier)
      throw new WbemError(
        WBEMSTATUS.WBEM_E_NOT_SUPPORTED,
        operation,
        'ClassDefsOnly, SchemaOnly and qualifier conditions have no WS-Man association filter form',
      );
    const a = addressOfPath(this.#scheme, this.namespace, q.objectPath, ANONYMOUS);
    const all = classResource(this.#scheme, this.namespace, '*');
    return {
      target: { resourceUri: 'http://schemas.dmtf.org/wbem/wscim/1/*', selectors: all.selectors },
      association: {
        kind: q.kind === 'associators' ? 'associated' : 'association',
        object: { address: ANONYMOUS, resourceUri: a.resourceUri, selectors: a.selectors },
        associationClass: q.assocClass,
        role: q.role,
        resultClass: q.resultClass,
        resultRole: q.resultRole,
      },
    };
  }

  /**
   * Streams events of a WQL event query (WS-Eventing Subscribe, pull delivery) until the
   * signal aborts or the consumer stops; then Unsubscribes. `timeoutMs` is the length of
   * each Pull (the server answers a quiet one with a timeout, which is not an error here).
   */
  execNotificationQuery(wql: string, options?: CallOptions): AsyncIterable<WireObject> {
    const self = this;
    return {
      async *[Symbol.asyncIterator]() {
        const operation = 'WS-Management Subscribe';
        const limits = self.#limits(options, operation);
        const from = /\sfrom\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(wql);
        const target =
          self.#scheme === 'wmi' || !from
            ? classResource(self.#scheme, self.namespace, '*')
            : classResource(self.#scheme, self.namespace, from[1]!);
        const pullTimeoutMs = Math.min(options?.timeoutMs ?? 10_000, 60_000);
        for await (const item of self.#client.subscribe(target, {
          wql,
          maxElements: 20,
          pullTimeoutMs,
          signal: limits.signal,
        })) {
          yield await self.#decodeItem(self.namespace, item, undefined, {
            signal: limits.signal,
            timeoutMs: limits.timeoutMs,
          });
        }
      },
    };
  }

  async getObject(path: string, options?: CallOptions): Promise<WireObject> {
    const operation = 'WS-Management Get';
    const limits = this.#limits(options, operation);
    const a = addressOfPath(this.#scheme, this.namespace, path, ANONYMOUS);
    if (parseObjectPath(path).isClass)
      throw new WbemError(
        WBEMSTATUS.WBEM_E_NOT_SUPPORTED,
        operation,
        'getObject of a class over WS-Man: use classSchema()',
      );
    const body = await this.#client.call(ACTION.get, a, '', limits, operation);
    const item = body.children[0];
    if (!item) throw new WbemError(WBEMSTATUS.WBEM_E_NOT_FOUND, operation, 'empty Get response');
    const epr = { address: ANONYMOUS, resourceUri: a.resourceUri, selectors: a.selectors };
    return this.#decodeItem(a.namespace, item, epr, limits);
  }

  async execMethod(
    path: string,
    method: string,
    inParameters: Readonly<Record<string, WireValue>> | null,
    options?: CallOptions,
  ): Promise<WireObject> {
    const operation = `WS-Management Invoke ${method}`;
    const limits = this.#limits(options, operation);
    const a = addressOfPath(this.#scheme, this.namespace, path, ANONYMOUS);
    await this.#ensureSchemas(a.namespace, [a.className], limits);
    const schema =
      this.#schemas.get(`${slashNamespace(a.namespace)}:${a.className}`.toLowerCase()) ?? undefined;
    const m = schema?.methods.get(method.toLowerCase());
    const methodName = m?.name ?? method;
    const slot = (n: string): SlotType | undefined => m?.parameters.get(n.toLowerCase());
    const ctx = this.#encodeContext(a.namespace);
    const body =
      `<p:${methodName}_INPUT xmlns:p="${a.resourceUri}">` +
      encodeProperties('p', inParameters ?? {}, slot, ctx) +
      `</p:${methodName}_INPUT>`;
    const res = await this.#client.call(
      `${a.resourceUri}/${methodName}`,
      a,
      body,
      limits,
      operation,
    );
    // WinRM answers `<p:Method_OUTPUT>`, OMI `<p:Method>`: the Body's one element either way.
    const out = res.children[0];
    if (!out)
      throw new WbemError(
        WBEMSTATUS.WBEM_E_FAILED,
        operation,
        'no output parameters in the response',
      );
    const returnSlot: SlotType | undefined = m
      ? { name: 'ReturnValue', cimType: m.returnType, isArray: false }
      : undefined;
    const outSlot = (n: string): SlotType | undefined =>
      n.toLowerCase() === 'returnvalue' ? returnSlot : slot(n);
    const names = new Set<string>();
    embeddedClassNames(out, names);
    await this.#ensureSchemas(a.namespace, names, limits);
    return {
      className: '__PARAMETERS',
      path: null,
      properties: decodeProperties(out, '__PARAMETERS', this.#decodeContext(a.namespace), outSlot),
    };
  }

  async putInstance(instance: WireObject, mode: PutMode, options?: CallOptions): Promise<string> {
    const operation = mode === 'createOnly' ? 'WS-Management Create' : 'WS-Management Put';
    const limits = this.#limits(options, operation);
    const ns = this.namespace;
    await this.#ensureSchemas(ns, [instance.className], limits);
    const xml = encodeInstance(instance, this.#encodeContext(ns));
    const create = async (): Promise<string> => {
      const target = classResource(this.#scheme, ns, instance.className);
      const body = await this.#client.call(
        ACTION.create,
        target,
        xml,
        limits,
        'WS-Management Create',
      );
      const created = child(body, 'ResourceCreated');
      const ctx = this.#decodeContext(ns);
      if (created)
        return pathOfEpr(
          eprOf(created),
          { host: ctx.host, namespace: ctx.namespace },
          keyKindOf(ctx),
        );
      return this.#pathOfInstance(instance);
    };
    if (mode === 'createOnly') return create();
    const path = instance.path ?? this.#pathOfInstance(instance);
    const a = addressOfPath(this.#scheme, ns, path, ANONYMOUS);
    try {
      await this.#client.call(ACTION.put, a, xml, limits, 'WS-Management Put');
      return path;
    } catch (e) {
      if (
        mode === 'createOrUpdate' &&
        e instanceof WbemError &&
        e.hresult === WBEMSTATUS.WBEM_E_NOT_FOUND
      )
        return create();
      throw e;
    }
  }

  /** A path from the key properties the schema names. */
  #pathOfInstance(instance: WireObject): string {
    const schema = this.#schemas.get(
      `${slashNamespace(this.namespace)}:${instance.className}`.toLowerCase(),
    );
    if (!schema || schema.keys.length === 0)
      throw new WbemError(
        WBEMSTATUS.WBEM_E_INVALID_OBJECT_PATH,
        'WS-Management Put',
        `the keys of ${instance.className} are unknown: give the instance its path`,
      );
    const keys = schema.keys.map((k) => {
      const v = Object.entries(instance.properties).find(
        ([n]) => n.toLowerCase() === k.toLowerCase(),
      )?.[1];
      if (v === undefined || v === null || typeof v === 'object')
        throw new WbemError(
          WBEMSTATUS.WBEM_E_INVALID_OBJECT_PATH,
          'WS-Management Put',
          `key ${k} is missing`,
        );
      return { name: k, value: v as string | number | boolean };
    });
    return `${this.namespace}:${instance.className}.${keys.map((k) => `${k.name}=${typeof k.value === 'string' ? JSON.stringify(k.value) : String(k.value)}`).join(',')}`;
  }

  async deleteInstance(path: string, options?: CallOptions): Promise<void> {
    const operation = 'WS-Management Delete';
    const limits = this.#limits(options, operation);
    const a = addressOfPath(this.#scheme, this.namespace, path, ANONYMOUS);
    await this.#client.call(ACTION.delete, a, '', limits, operation);
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#client.close();
  }

  [Symbol.dispose](): void {
    this.close();
  }
}

function keyKindOf(ctx: DecodeContext) {
  return (className: string, key: string): 'number' | 'boolean' | 'string' => {
    const t = ctx.schemaOf(className)?.properties.get(key.toLowerCase())?.cimType;
    if (
      t === undefined ||
      t === 'string' ||
      t === 'char16' ||
      t === 'datetime' ||
      t === 'reference'
    )
      return 'string';
    return t === 'boolean' ? 'boolean' : 'number';
  };
}

function mergeSchemas(base: ClassSchema, derived: ClassSchema): ClassSchema {
  const properties = new Map(base.properties);
  for (const [k, v] of derived.properties) properties.set(k, v);
  const methods = new Map(base.methods);
  for (const [k, v] of derived.methods) methods.set(k, v);
  const keys = [...properties.values()].filter((p) => p.key).map((p) => p.name);
  return { ...derived, properties, methods, keys };
}

/** A WmiProvider over WS-Management (see WsmanProviderOptions). */
/** The class a `SELECT … FROM Class` query names, else undefined. */
function fromClassOf(wql: string): string | undefined {
  return /^\s*select\s[\s\S]*?\sfrom\s+([A-Za-z_][A-Za-z0-9_]*)/i.exec(wql)?.[1];
}

export function createWsmanProvider(options: WsmanProviderOptions): WsmanProvider {
  return new WsmanProvider(options);
}
