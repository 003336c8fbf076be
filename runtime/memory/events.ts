/**
 * Intrinsic instance events of the in-memory provider: every PutInstance and
 * DeleteInstance raises `__InstanceCreationEvent`, `__InstanceModificationEvent` or
 * `__InstanceDeletionEvent` (all `__InstanceOperationEvent`s), delivered at once to each
 * subscription whose WHERE clause matches. A subscription queues events until its reader
 * takes them; it ends when the reader leaves its loop, its AbortSignal aborts, or the
 * provider closes.
 */

import { INTRINSIC_INSTANCE_EVENTS } from '../../grammar/wql/ast.js';
import type { CimClass, CimProperty } from '../../model/cim/types.js';
import type { WireObject } from '../provider.js';
import type { Predicate } from './evaluate.js';
import type { ClassInfo, SchemaIndex } from './schema.js';

const eventIds = new Set(INTRINSIC_INSTANCE_EVENTS.map((e) => e.toLowerCase()));

export function isIntrinsicEventClass(name: string): boolean {
  return eventIds.has(name.toLowerCase());
}

function prop(
  name: string,
  type: CimProperty['type'],
  isArray = false,
  classOrigin = '__Event',
): CimProperty {
  return { name, type, isArray, qualifiers: [], isKey: false, classOrigin, inherited: false };
}

/** The event class as WMI defines it (TargetInstance, PreviousInstance for modifications, TIME_CREATED). */
export function eventClassInfo(name: string, _schema: SchemaIndex): ClassInfo {
  const canonical = INTRINSIC_INSTANCE_EVENTS.find((e) => e.toLowerCase() === name.toLowerCase())!;
  const properties: CimProperty[] = [
    prop('SECURITY_DESCRIPTOR', 'uint8', true),
    prop('TIME_CREATED', 'uint64'),
    prop('TargetInstance', 'object', false, '__InstanceOperationEvent'),
  ];
  if (canonical === '__InstanceModificationEvent' || canonical === '__InstanceOperationEvent') {
    properties.push(prop('PreviousInstance', 'object', false, '__InstanceModificationEvent'));
  }
  const ancestors =
    canonical === '__InstanceOperationEvent'
      ? ['__Event', '__IndicationRelated', '__SystemClass']
      : ['__InstanceOperationEvent', '__Event', '__IndicationRelated', '__SystemClass'];
  return systemIndicationClass(canonical, ancestors, properties);
}

/** 100-nanosecond intervals since 1601-01-01 UTC, as WMI's TIME_CREATED (uint64, wire string). */
function timeCreated(): string {
  return ((BigInt(Date.now()) + 11644473600000n) * 10000n).toString();
}

/** The class of GROUP WITHIN notifications: how many events, and one of them. */
export function aggregateEventInfo(): ClassInfo {
  const properties: CimProperty[] = [
    prop('SECURITY_DESCRIPTOR', 'uint8', true),
    prop('TIME_CREATED', 'uint64'),
    prop('NumberOfEvents', 'uint32', false, '__AggregateEvent'),
    prop('Representative', 'object', false, '__AggregateEvent'),
  ];
  return systemIndicationClass('__AggregateEvent', ['__IndicationRelated', '__SystemClass'], properties);
}

/** A system indication class (no keys, no methods) as the memory provider's schema index holds classes. */
function systemIndicationClass(name: string, ancestors: string[], properties: CimProperty[]): ClassInfo {
  const cls: CimClass = {
    name,
    namespace: '',
    superclass: ancestors[0],
    ancestors,
    qualifiers: [],
    properties,
    methods: [],
    keys: [],
    isAssociation: false,
    isIndication: true,
    isAbstract: false,
  };
  const id = name.toLowerCase();
  return {
    cls,
    id,
    propertiesById: new Map(properties.map((p) => [p.name.toLowerCase(), p])),
    lineage: new Set([id, ...ancestors.map((a) => a.toLowerCase())]),
    keyIds: [],
    keyRoot: id,
    isSingleton: false,
    children: [],
  };
}

/** GROUP WITHIN n [BY …] [HAVING …]: events collected per group for n seconds, then one aggregate. */
export interface Grouping {
  readonly withinMs: number;
  /** The BY values of an event, as one string. */
  readonly key: (event: WireObject) => string;
  /** HAVING, tested on the aggregate event; null when absent. */
  readonly having: Predicate | null;
}

interface OpenGroup {
  count: number;
  readonly representative: WireObject;
  readonly timer: NodeJS.Timeout;
}

export interface Subscription {
  /** The next event, or null when the subscription has ended. */
  next(signal?: AbortSignal): Promise<WireObject | null>;
  close(): void;
}

interface Subscriber {
  readonly eventClass: string;
  readonly predicate: Predicate;
  readonly grouping: Grouping | null;
  readonly groups: Map<string, OpenGroup>;
  readonly queue: WireObject[];
  wake: (() => void) | null;
  closed: boolean;
}

export class EventHub {
  private readonly subscribers = new Set<Subscriber>();

  subscribe(
    eventClass: string,
    predicate: Predicate,
    _schema: SchemaIndex,
    grouping: Grouping | null = null,
  ): Subscription {
    const sub: Subscriber = {
      eventClass: eventClass.toLowerCase(),
      predicate,
      grouping,
      groups: new Map(),
      queue: [],
      wake: null,
      closed: false,
    };
    this.subscribers.add(sub);
    const close = (): void => {
      sub.closed = true;
      this.subscribers.delete(sub);
      for (const g of sub.groups.values()) clearTimeout(g.timer);
      sub.groups.clear();
      sub.wake?.();
    };
    return {
      close,
      next: async (signal) => {
        for (;;) {
          if (sub.queue.length > 0) return sub.queue.shift()!;
          if (sub.closed || signal?.aborted) return null;
          await new Promise<void>((resolve) => {
            const onAbort = (): void => {
              sub.wake = null;
              resolve();
            };
            sub.wake = () => {
              sub.wake = null;
              signal?.removeEventListener('abort', onAbort);
              resolve();
            };
            signal?.addEventListener('abort', onAbort, { once: true });
          });
        }
      },
    };
  }

  emit(
    kind: (typeof INTRINSIC_INSTANCE_EVENTS)[number],
    target: WireObject,
    previous: WireObject | null,
  ): void {
    if (this.subscribers.size === 0) return;
    const properties: Record<string, WireObject | string | null> = {
      SECURITY_DESCRIPTOR: null,
      TIME_CREATED: timeCreated(),
      TargetInstance: target,
    };
    if (kind === '__InstanceModificationEvent') properties.PreviousInstance = previous;
    const event: WireObject = { className: kind, path: null, properties };
    const kindId = kind.toLowerCase();
    for (const sub of this.subscribers) {
      if (sub.eventClass !== kindId && sub.eventClass !== '__instanceoperationevent') continue;
      if (!sub.predicate(event)) continue;
      if (sub.grouping) this.group(sub, sub.grouping, event);
      else {
        sub.queue.push(event);
        sub.wake?.();
      }
    }
  }

  private group(sub: Subscriber, grouping: Grouping, event: WireObject): void {
    const key = grouping.key(event);
    const open = sub.groups.get(key);
    if (open) {
      open.count++;
      return;
    }
    const timer = setTimeout(() => {
      const g = sub.groups.get(key);
      sub.groups.delete(key);
      if (!g || sub.closed) return;
      const aggregate: WireObject = {
        className: '__AggregateEvent',
        path: null,
        properties: {
          SECURITY_DESCRIPTOR: null,
          TIME_CREATED: timeCreated(),
          NumberOfEvents: g.count,
          Representative: g.representative,
        },
      };
      if (grouping.having && !grouping.having(aggregate)) return;
      sub.queue.push(aggregate);
      sub.wake?.();
    }, grouping.withinMs);
    sub.groups.set(key, { count: 1, representative: event, timer });
  }

  closeAll(): void {
    for (const sub of [...this.subscribers]) {
      sub.closed = true;
      this.subscribers.delete(sub);
      for (const g of sub.groups.values()) clearTimeout(g.timer);
      sub.groups.clear();
      sub.wake?.();
    }
  }
}
