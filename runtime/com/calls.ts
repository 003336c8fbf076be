/**
 * Deadlines, cancellation and polling for COM calls that must not block the event loop.
 *
 * A `CallControl` carries one call's AbortSignal and timeout. `wait(attempt)` is the
 * poll pause between two non-blocking checks (GetCallStatus with a zero timeout,
 * IEnumWbemClassObject::Next with WBEM_NO_WAIT): the first retry yields to the event
 * loop with setImmediate, later ones back off 1, 2, 4, 8 ms up to `maxPollMs`, so a fast
 * answer costs no timer and a slow one costs one cheap check every few milliseconds.
 * The pause ends early on abort, and at the deadline with a typed timeout error.
 */

import { WbemError } from '../errors.js';
import type { CallOptions } from '../provider.js';
import { wbem } from './wbem-constants.js';

export interface PollOptions {
  /** Longest pause between two polls (ms). */
  readonly maxPollMs?: number;
}

export class CallControl {
  readonly operation: string;
  readonly signal: AbortSignal | undefined;
  readonly timeoutMs: number | undefined;
  private readonly deadline: number;
  private readonly maxPollMs: number;
  /** Called once when a race gives up (timeout, abort); null after that. */
  private giveUps: (() => void)[] | null = [];

  constructor(operation: string, options: CallOptions = {}, poll: PollOptions = {}) {
    this.operation = operation;
    this.signal = options.signal;
    this.timeoutMs = options.timeoutMs;
    this.deadline = options.timeoutMs !== undefined && options.timeoutMs >= 0 ? performance.now() + options.timeoutMs : Infinity;
    this.maxPollMs = poll.maxPollMs ?? 8;
  }

  /**
   * Runs `release` when this call is given up on (a race rejects on timeout or abort), at
   * once when it already was: a native call still running for it then no longer keeps the
   * event loop alive.
   */
  onGiveUp(release: () => void): void {
    if (this.giveUps) this.giveUps.push(release);
    else release();
  }

  private gaveUp(): void {
    const fns = this.giveUps;
    this.giveUps = null;
    if (fns) for (const fn of fns) fn();
  }

  /** Milliseconds left before the deadline (Infinity without a timeout). */
  remaining(): number {
    return this.deadline - performance.now();
  }

  /** Throws the typed error when the call was aborted or is past its deadline. */
  check(): void {
    if (this.signal?.aborted) throw this.cancelled();
    if (performance.now() >= this.deadline) throw this.timedOut();
  }

  cancelled(): WbemError {
    const err = WbemError.fromHResult(wbem().WBEM_E_CALL_CANCELLED, this.operation, 'cancelled by its AbortSignal');
    const reason: unknown = this.signal?.reason;
    if (reason !== undefined) (err as Error & { cause?: unknown }).cause = reason;
    return err;
  }

  timedOut(): WbemError {
    return WbemError.fromHResult(wbem().WBEM_E_TIMED_OUT, this.operation, `timed out after ${this.timeoutMs} ms`);
  }

  /** The pause before poll number `attempt` (0-based); rejects on abort or timeout. */
  wait(attempt: number): Promise<void> {
    this.check();
    const pause = attempt === 0 ? 0 : Math.min(this.maxPollMs, 2 ** (attempt - 1));
    return this.sleep(pause);
  }

  /** Sleeps `ms` (0 = setImmediate), waking early with the typed error on abort or deadline. */
  sleep(ms: number): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const left = this.remaining();
      const untilDeadline = left <= ms;
      const delay = Math.max(0, Math.min(ms, left));
      let timer: NodeJS.Timeout | NodeJS.Immediate;
      const onAbort = () => {
        clear();
        reject(this.cancelled());
      };
      const clear = () => {
        if (delay === 0 && !untilDeadline) clearImmediate(timer as NodeJS.Immediate);
        else clearTimeout(timer as NodeJS.Timeout);
        this.signal?.removeEventListener('abort', onAbort);
      };
      const done = () => {
        this.signal?.removeEventListener('abort', onAbort);
        if (untilDeadline) reject(this.timedOut());
        else resolve();
      };
      timer = delay === 0 && !untilDeadline ? setImmediate(done) : setTimeout(done, delay);
      this.signal?.addEventListener('abort', onAbort, { once: true });
    });
  }

  /**
   * Races a promise (a call running on a COM thread) against abort and the
   * deadline. `onLate` receives the result if it arrives after we gave up, so that what it
   * holds can be released.
   */
  race<T>(work: Promise<T>, onLate: (value: T) => void): Promise<T> {
    if (this.signal?.aborted) {
      work.then(onLate, () => {});
      this.gaveUp();
      return Promise.reject(this.cancelled());
    }
    return new Promise<T>((resolve, reject) => {
      let settled = false;
      const left = this.remaining();
      const timer = Number.isFinite(left)
        ? setTimeout(() => giveUp(this.timedOut()), Math.max(0, left))
        : undefined;
      const giveUp = (err: WbemError) =>
        finish(() => {
          reject(err);
          this.gaveUp();
        });
      const onAbort = () => giveUp(this.cancelled());
      const finish = (action: () => void) => {
        if (settled) return;
        settled = true;
        if (timer) clearTimeout(timer);
        this.signal?.removeEventListener('abort', onAbort);
        action();
      };
      this.signal?.addEventListener('abort', onAbort, { once: true });
      work.then(
        (value) => {
          if (settled) onLate(value);
          else finish(() => resolve(value));
        },
        (err: unknown) => finish(() => reject(err)),
      );
    });
  }
}

/** Merges per-call options over the connection's defaults. */
export function callOptions(defaults: CallOptions, options: CallOptions | undefined): CallOptions {
  // The common case (no per-call options, no connection signal) allocates nothing.
  if (options === undefined && defaults.signal === undefined) return defaults;
  const timeoutMs = options?.timeoutMs ?? defaults.timeoutMs;
  const signals = [defaults.signal, options?.signal].filter((s): s is AbortSignal => s !== undefined);
  const signal = signals.length === 0 ? undefined : signals.length === 1 ? signals[0] : AbortSignal.any(signals);
  return { signal, timeoutMs };
}
