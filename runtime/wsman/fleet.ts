/**
 * `fleet()`: one query or method on many hosts over WS-Management, with bounded
 * concurrency, a per-host deadline and retries, yielding `{ host, row }` and
 * `{ host, error }` as they come. A host's failure is one `{ host, error }` item and
 * never stops the others.
 *
 * Back-pressure: each running host hands over one row at a time and waits until the
 * consumer has taken it, so a slow consumer slows the Pulls, not memory. Breaking out of
 * the loop aborts every host still running and closes its connection.
 */

import { WBEMSTATUS } from '../../generated/com/wbemcli.js';
import { WbemError } from '../errors.js';
import type { WireObject } from '../provider.js';
import { createWsmanProvider, type WsmanProvider, type WsmanProviderOptions } from './provider.js';

/** A host name, or a host with its own port, scheme or credentials. */
export type FleetHost = string | (Partial<WsmanProviderOptions> & { readonly host: string });

export interface FleetOptions<T> extends Omit<WsmanProviderOptions, 'host' | 'signal'> {
  /** A WQL query to run on each host (rows are WireObjects), unless `run` is given. */
  readonly query?: string;
  /** What to run on each host; rows it yields (or the value it resolves to) go out with the host. */
  readonly run?: (
    provider: WsmanProvider,
    host: string,
    signal: AbortSignal,
  ) => AsyncIterable<T> | Promise<T>;
  /** Hosts worked on at once; default 16. */
  readonly concurrency?: number;
  /** Deadline of one host's whole work (connect, every Pull); default 60000 ms. */
  readonly hostTimeoutMs?: number;
  /** Further attempts after a transport failure or a timeout, before any row of that host came; default 1. */
  readonly retries?: number;
  /** Pause before a retry; default 500 ms. */
  readonly retryDelayMs?: number;
  readonly signal?: AbortSignal;
}

export type FleetItem<T> =
  | { readonly host: string; readonly row: T; readonly error?: undefined }
  | { readonly host: string; readonly error: WbemError; readonly row?: undefined };

const retriable = new Set<number>([
  WBEMSTATUS.WBEM_E_TRANSPORT_FAILURE,
  WBEMSTATUS.WBEM_E_TIMED_OUT,
]);

/** A one-slot hand-over between producers and the consumer. */
class Channel<T> {
  #items: T[] = [];
  #waiters: (() => void)[] = [];
  #taken: (() => void)[] = [];
  #closed = false;
  #abandoned = false;

  async push(item: T): Promise<void> {
    // After the consumer left, nobody takes items: drop them instead of waiting forever.
    if (this.#abandoned) return;
    this.#items.push(item);
    this.#waiters.shift()?.();
    await new Promise<void>((r) => this.#taken.push(r));
  }

  close(): void {
    this.#closed = true;
    for (const w of this.#waiters.splice(0)) w();
  }

  async *drain(): AsyncGenerator<T> {
    for (;;) {
      if (this.#items.length > 0) {
        const item = this.#items.shift()!;
        this.#taken.shift()?.();
        yield item;
        continue;
      }
      if (this.#closed) return;
      await new Promise<void>((r) => this.#waiters.push(r));
    }
  }

  /** Releases every producer still waiting (the consumer went away). */
  releaseAll(): void {
    this.#abandoned = true;
    for (const t of this.#taken.splice(0)) t();
  }
}

function asWbemError(e: unknown, host: string): WbemError {
  if (e instanceof WbemError) return e;
  return new WbemError(
    WBEMSTATUS.WBEM_E_FAILED,
    `fleet host ${host}`,
    (e as Error)?.message ?? String(e),
  );
}

async function runHost<T>(
  spec: FleetHost,
  options: FleetOptions<T>,
  out: Channel<FleetItem<T>>,
  stop: AbortSignal,
): Promise<void> {
  const hostOptions = typeof spec === 'string' ? { host: spec } : spec;
  const label =
    typeof spec === 'string'
      ? spec
      : spec.port !== undefined
        ? `${spec.host}:${spec.port}`
        : spec.host;
  const hostTimeoutMs = options.hostTimeoutMs ?? 60_000;
  const retries = options.retries ?? 1;
  for (let attempt = 0; ; attempt++) {
    let rows = 0;
    const deadline = AbortSignal.timeout(hostTimeoutMs);
    const signal = AbortSignal.any([stop, deadline]);
    let provider: WsmanProvider | undefined;
    try {
      provider = createWsmanProvider({
        ...options,
        ...hostOptions,
        signal,
        timeoutMs: Math.min(options.timeoutMs ?? hostTimeoutMs, hostTimeoutMs),
      });
      const work = options.run
        ? options.run(provider, label, signal)
        : (provider.execQuery(
            options.query ?? '',
          ) as AsyncIterable<WireObject> as AsyncIterable<T>);
      if (Symbol.asyncIterator in Object(work)) {
        for await (const row of work as AsyncIterable<T>) {
          rows++;
          await out.push({ host: label, row });
          if (stop.aborted) return;
        }
      } else {
        const row = await (work as Promise<T>);
        rows++;
        await out.push({ host: label, row });
      }
      return;
    } catch (e) {
      if (stop.aborted) return;
      let error = asWbemError(e, label);
      if (deadline.aborted && error.hresult !== WBEMSTATUS.WBEM_E_TIMED_OUT)
        error = new WbemError(
          WBEMSTATUS.WBEM_E_TIMED_OUT,
          `fleet host ${label}`,
          `no result within ${hostTimeoutMs} ms`,
        );
      if (rows === 0 && attempt < retries && retriable.has(error.hresult)) {
        await new Promise((r) => setTimeout(r, options.retryDelayMs ?? 500));
        continue;
      }
      await out.push({ host: label, error });
      return;
    } finally {
      provider?.close();
    }
  }
}

/**
 * Runs `options.query` (or `options.run`) on every host, `concurrency` at a time, and
 * yields rows and per-host errors as they come.
 */
export async function* fleet<T = WireObject>(
  hosts: readonly FleetHost[],
  options: FleetOptions<T>,
): AsyncGenerator<FleetItem<T>, void, undefined> {
  if (!options.query && !options.run)
    throw new TypeError('fleet() needs a query or a run function');
  const concurrency = Math.max(1, options.concurrency ?? 16);
  const stopper = new AbortController();
  const stop = options.signal ? AbortSignal.any([options.signal, stopper.signal]) : stopper.signal;
  const out = new Channel<FleetItem<T>>();
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < hosts.length && !stop.aborted) {
      const spec = hosts[next++]!;
      await runHost(spec, options, out, stop);
    }
  };
  const workers = Array.from({ length: Math.min(concurrency, hosts.length) }, () => worker());
  void Promise.all(workers).then(() => out.close());
  try {
    yield* out.drain();
  } finally {
    stopper.abort();
    out.releaseAll();
    out.close();
  }
}
