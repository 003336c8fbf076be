/**
 * A WS-Management session with one endpoint: builds the envelopes, posts them, turns
 * faults into WbemErrors, and streams enumerations (Enumerate with OptimizeEnumeration,
 * then one Pull per batch the consumer asks for; Release when the consumer stops early).
 */

import type { WbemError } from '../errors.js';
import {
  ACTION,
  enumerateBody,
  envelope,
  EVENTING_NS,
  pullBody,
  releaseBody,
  subscribeBody,
  type AssociationFilter,
  type EndpointReference,
  type Selector,
} from './envelope.js';
import { faultError, soapFaultOf, transportError } from './faults.js';
import { HttpEndpoint, type HttpEndpointOptions } from './http.js';
import { CIM_XML_SCHEMA_URI, classSchemaOf, findClassElement, type ClassSchema } from './schema.js';
import { slashNamespace, NAMESPACE_SELECTOR } from './uri.js';
import { eprOf } from './values.js';
import { child, escapeXml, parseXml, type XNode } from './xml.js';

const WBEM_E_TIMED_OUT = 0x80041069;

function findDeep(node: XNode | undefined, name: string): XNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) {
    if (c.name === name) return c;
    const inner = findDeep(c, name);
    if (inner) return inner;
  }
  return undefined;
}

export interface CallLimits {
  readonly signal?: AbortSignal;
  /** Whole-request deadline in ms (also sent as OperationTimeout). */
  readonly timeoutMs: number;
}

export interface WsmanClientOptions extends HttpEndpointOptions {
  readonly locale?: string;
  readonly maxEnvelopeSize?: number;
}

export interface ResourceTarget {
  readonly resourceUri: string;
  readonly selectors: readonly Selector[];
}

export interface EnumeratedItem {
  readonly item: XNode;
  readonly epr?: EndpointReference;
}

/** Margin between the OperationTimeout sent and the local deadline, so the server's fault arrives first. */
const SERVER_MARGIN_MS = 500;

const CLASS_OPTIONS = { IncludeInheritedElements: 'true', IncludeQualifiers: 'true' };

export class WsmanClient {
  readonly endpoint: HttpEndpoint;
  readonly #options: WsmanClientOptions;

  constructor(options: WsmanClientOptions) {
    this.#options = options;
    this.endpoint = new HttpEndpoint(options);
  }

  /** Posts one request; resolves to the response Body, or rejects with a typed WbemError. */
  async call(
    action: string,
    target: ResourceTarget,
    body: string,
    limits: CallLimits,
    operation: string,
    options?: Record<string, string>,
    extraHeaders?: string,
  ): Promise<XNode> {
    const xml = envelope(
      {
        to: this.endpoint.url,
        resourceUri: target.resourceUri,
        action,
        selectors: target.selectors,
        options,
        extraHeaders,
        operationTimeoutMs: Math.max(1, limits.timeoutMs - SERVER_MARGIN_MS),
        locale: this.#options.locale,
        maxEnvelopeSize: this.#options.maxEnvelopeSize,
      },
      body,
    );
    const res = await this.endpoint.post(xml, {
      signal: limits.signal,
      timeoutMs: limits.timeoutMs,
      operation,
    });
    let doc: XNode;
    try {
      doc = parseXml(res.body);
    } catch (e) {
      throw transportError(
        operation,
        `HTTP ${res.status} with a body that is not XML (${(e as Error).message})`,
      );
    }
    const fault = soapFaultOf(doc);
    if (fault) throw faultError(fault, operation);
    if (res.status >= 300)
      throw transportError(operation, `HTTP ${res.status} from ${this.endpoint.url}`);
    const bodyNode = child(doc, 'Body');
    if (!bodyNode) throw transportError(operation, 'response without a SOAP Body');
    return bodyNode;
  }

  /**
   * Streams the items of an enumeration. Each batch is fetched when the consumer has
   * taken the previous one; stopping early (break, throw) Releases the context.
   */
  async *enumerate(
    target: ResourceTarget,
    o: {
      readonly wql?: string;
      readonly association?: AssociationFilter;
      readonly maxElements: number;
      readonly withEpr: boolean;
      /** The request's OptionSet (on the Enumerate only). */
      readonly options?: Record<string, string>;
    } & CallLimits,
  ): AsyncGenerator<EnumeratedItem, void, undefined> {
    const op = 'WS-Management Enumerate';
    let body = await this.call(ACTION.enumerate, target, enumerateBody(o), o, op, o.options);
    let response = child(body, 'EnumerateResponse');
    let context = child(response, 'EnumerationContext')?.text.trim();
    let done = child(response, 'EndOfSequence') !== undefined;
    let finished = false;
    try {
      for (;;) {
        for (const it of itemsOf(child(response, 'Items'), o.withEpr)) yield it;
        if (done || !context) break;
        body = await this.call(
          ACTION.pull,
          target,
          pullBody(context, o.maxElements),
          o,
          'WS-Management Pull',
        );
        response = child(body, 'PullResponse');
        context = child(response, 'EnumerationContext')?.text.trim() ?? context;
        done = child(response, 'EndOfSequence') !== undefined;
      }
      finished = true;
    } finally {
      if (!finished && !done && context) {
        // The consumer stopped early: free the server's context, without waiting on it.
        void this.call(
          ACTION.release,
          target,
          releaseBody(context),
          { timeoutMs: 5000 },
          'WS-Management Release',
        ).catch((_e: WbemError) => undefined);
      }
    }
  }

  /**
   * Subscribes (WS-Eventing, pull delivery) and yields each event element as the
   * consumer asks; a Pull that times out on the server (no event yet) or brings only a
   * heartbeat is simply repeated. Unsubscribes when the consumer stops or `signal` aborts.
   */
  async *subscribe(
    target: ResourceTarget,
    o: {
      readonly wql: string;
      readonly maxElements: number;
      readonly pullTimeoutMs: number;
      readonly signal?: AbortSignal;
    },
  ): AsyncGenerator<XNode, void, undefined> {
    const limits = { signal: o.signal, timeoutMs: o.pullTimeoutMs + SERVER_MARGIN_MS * 4 };
    const body = await this.call(
      ACTION.subscribe,
      target,
      subscribeBody(o.wql, o.pullTimeoutMs * 2),
      limits,
      'WS-Management Subscribe',
    );
    const response = child(body, 'SubscribeResponse');
    let context = findDeep(response, 'EnumerationContext')?.text.trim();
    const identifier = findDeep(child(response, 'SubscriptionManager'), 'Identifier')?.text.trim();
    if (!context)
      throw transportError(
        'WS-Management Subscribe',
        'no EnumerationContext in the SubscribeResponse',
      );
    try {
      for (;;) {
        if (o.signal?.aborted) return;
        let pulled: XNode;
        try {
          pulled = await this.call(
            ACTION.pull,
            target,
            pullBody(context, o.maxElements),
            { signal: o.signal, timeoutMs: o.pullTimeoutMs + SERVER_MARGIN_MS * 4 },
            'WS-Management Pull (events)',
          );
        } catch (e) {
          if (o.signal?.aborted) return;
          if ((e as WbemError).hresult === WBEM_E_TIMED_OUT) continue;
          throw e;
        }
        const res = child(pulled, 'PullResponse');
        context = child(res, 'EnumerationContext')?.text.trim() ?? context;
        for (const item of child(res, 'Items')?.children ?? []) {
          if (item.name === 'Heartbeat' || item.name === 'Bookmark') continue;
          yield item.name === 'Event' || item.name === 'Item' ? (item.children[0] ?? item) : item;
        }
        if (child(res, 'EndOfSequence')) return;
      }
    } finally {
      const headers = identifier
        ? `<e:Identifier xmlns:e="${EVENTING_NS}">${escapeXml(identifier)}</e:Identifier>`
        : undefined;
      // Awaited (briefly) so that closing the provider right after does not cut it off.
      await this.call(
        ACTION.unsubscribe,
        target,
        `<e:Unsubscribe xmlns:e="${EVENTING_NS}"/>`,
        { timeoutMs: 3000 },
        'WS-Management Unsubscribe',
        undefined,
        headers,
      ).catch(() => undefined);
    }
  }

  /** The schema of a class (CIM-XML over a WS-Transfer Get), or a WbemError. */
  async getClass(namespace: string, className: string, limits: CallLimits): Promise<ClassSchema> {
    return classSchemaOf(await this.getClassXml(namespace, className, limits));
  }

  /** The `<CLASS>` element (CIM-XML) of a class, inherited members and qualifiers included. */
  async getClassXml(namespace: string, className: string, limits: CallLimits): Promise<XNode> {
    const body = await this.call(
      ACTION.get,
      {
        resourceUri: CIM_XML_SCHEMA_URI,
        selectors: [
          { name: 'ClassName', value: className },
          { name: NAMESPACE_SELECTOR, value: slashNamespace(namespace) },
        ],
      },
      '',
      limits,
      'WS-Management Get (class)',
      CLASS_OPTIONS,
    );
    const cls = findClassElement(body);
    if (!cls)
      throw transportError(
        'WS-Management Get (class)',
        `no CLASS element in the answer for ${className}`,
      );
    return cls;
  }

  /**
   * Every class of a namespace as `<CLASS>` elements: an Enumerate of the CIM-XML schema
   * resource, as the MI client behind Get-CimClass asks for a namespace's classes.
   */
  async *enumerateClassXml(
    namespace: string,
    limits: CallLimits & { readonly maxElements: number },
  ): AsyncGenerator<XNode, void, undefined> {
    const target = {
      resourceUri: CIM_XML_SCHEMA_URI,
      selectors: [{ name: NAMESPACE_SELECTOR, value: slashNamespace(namespace) }],
    };
    for await (const { item } of this.enumerate(target, {
      ...limits,
      withEpr: false,
      options: CLASS_OPTIONS,
    })) {
      const cls = findClassElement(item);
      if (cls) yield cls;
    }
  }

  close(): void {
    this.endpoint.close();
  }
}

function* itemsOf(items: XNode | undefined, withEpr: boolean): Generator<EnumeratedItem> {
  if (!items) return;
  for (const node of items.children) {
    if (withEpr && node.name === 'Item') {
      const epr = child(node, 'EndpointReference');
      const inst = node.children.find((c) => c.name !== 'EndpointReference');
      if (inst) yield { item: inst, epr: epr ? eprOf(epr) : undefined };
    } else if (node.name === 'EndpointReference') {
      continue;
    } else yield { item: node };
  }
}
