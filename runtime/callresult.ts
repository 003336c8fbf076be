/**
 * The semisynchronous call contract of WMI (IWbemCallResult), shared by both providers.
 *
 * A call made with WBEM_FLAG_RETURN_IMMEDIATELY returns at once with a call-result
 * object; the caller polls `GetCallStatus` with a zero timeout on a timer (never a
 * blocking wait) and then fetches the result. `CallResultLike` is that object's shape in
 * JavaScript: the COM provider wraps a real IWbemCallResult in it, the in-memory
 * provider implements it directly, and both are awaited by the same `awaitCallResult`,
 * so polling, cancellation and timeouts behave the same on both providers.
 */

import type { CallOptions } from './provider.js';

/** WBEM status codes used here (values from wbemcli.idl, as signed 32-bit HRESULTs). */
export const WBEM_S_NO_ERROR = 0;
export const WBEM_S_TIMEDOUT = 0x40004;
export const WBEM_E_CALL_CANCELLED = 0x80041032 | 0;
export const WBEM_E_TIMED_OUT = 0x80041069 | 0;

export interface CallResultLike<T> {
  /**
   * IWbemCallResult::GetCallStatus: `WBEM_S_TIMEDOUT` while the call runs, else
   * `{ status }` with the call's final HRESULT (0 for success).
   */
  getCallStatus(timeoutMs: number): typeof WBEM_S_TIMEDOUT | { readonly status: number };
  /** GetResultObject / GetResultString: the result once the status is final and successful. */
  getResult(): T;
  /** The error to throw for a failed final status (the provider knows its detail text). */
  errorFor(status: number): Error;
  /** Asks the call to stop; results arriving later are dropped. */
  cancel?(): void;
  /** Releases the call-result object (COM: Release). Idempotent. */
  [Symbol.dispose](): void;
}

export interface AwaitCallOptions extends CallOptions {
  /** Longest pause between two polls (ms); the first re-poll only yields to the event loop. */
  readonly maxPollMs?: number;
  /** Builds the cancelled / timed-out errors (the provider's WbemError). */
  readonly makeError: (hr: number, detail: string) => Error;
  readonly operation?: string;
}

/** The pause before poll number `attempt`: 0 (setImmediate), then 1, 2, 4 … up to `max` ms. */
export function pollPause(attempt: number, max: number): number {
  return attempt === 0 ? 0 : Math.min(max, 2 ** (attempt - 1));
}

/**
 * Polls a call result until it completes, honouring the AbortSignal and the timeout,
 * and always disposes it. Never blocks: each poll asks with a zero timeout.
 */
export async function awaitCallResult<T>(
  call: CallResultLike<T>,
  options: AwaitCallOptions,
): Promise<T> {
  const maxPollMs = options.maxPollMs ?? 8;
  const deadline =
    options.timeoutMs !== undefined && options.timeoutMs >= 0
      ? performance.now() + options.timeoutMs
      : Infinity;
  const signal = options.signal;
  try {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) {
        call.cancel?.();
        throw options.makeError(
          WBEM_E_CALL_CANCELLED,
          `${options.operation ?? 'call'} cancelled by its AbortSignal`,
        );
      }
      const state = call.getCallStatus(0);
      if (state !== WBEM_S_TIMEDOUT) {
        if (state.status < 0) throw call.errorFor(state.status);
        return call.getResult();
      }
      const left = deadline - performance.now();
      if (left <= 0) {
        call.cancel?.();
        throw options.makeError(
          WBEM_E_TIMED_OUT,
          `${options.operation ?? 'call'} timed out after ${options.timeoutMs} ms`,
        );
      }
      await pause(Math.min(pollPause(attempt, maxPollMs), left), signal);
    }
  } finally {
    call[Symbol.dispose]();
  }
}

function pause(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      signal?.removeEventListener('abort', done);
      if (ms === 0) clearImmediate(immediate);
      else clearTimeout(timer);
      resolve();
    };
    const immediate = ms === 0 ? setImmediate(done) : (undefined as unknown as NodeJS.Immediate);
    const timer = ms === 0 ? (undefined as unknown as NodeJS.Timeout) : setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
