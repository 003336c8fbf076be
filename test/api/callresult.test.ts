import { describe, expect, it } from 'vitest';
import {
  WBEM_E_CALL_CANCELLED,
  WBEM_E_TIMED_OUT,
  WBEM_S_TIMEDOUT,
  awaitCallResult,
  pollPause,
  type CallResultLike,
} from '../../runtime/callresult.js';

class FakeCall implements CallResultLike<string> {
  polls = 0;
  disposed = 0;
  cancelled = 0;
  constructor(
    private readonly pending: number,
    private readonly status = 0,
  ) {}
  getCallStatus(timeoutMs: number): typeof WBEM_S_TIMEDOUT | { status: number } {
    expect(timeoutMs).toBe(0); // never a blocking wait
    return ++this.polls <= this.pending ? WBEM_S_TIMEDOUT : { status: this.status };
  }
  getResult(): string {
    return 'result';
  }
  errorFor(status: number): Error {
    return new Error(`failed ${status.toString(16)}`);
  }
  cancel(): void {
    this.cancelled++;
  }
  [Symbol.dispose](): void {
    this.disposed++;
  }
}

const makeError = (hr: number, detail: string) => Object.assign(new Error(detail), { hr });

describe('awaitCallResult (the IWbemCallResult polling loop)', () => {
  it('polls with zero timeouts until done, then takes the result and disposes once', async () => {
    const call = new FakeCall(6);
    let turns = 0;
    const timer = setInterval(() => turns++, 1);
    expect(await awaitCallResult(call, { makeError })).toBe('result');
    clearInterval(timer);
    expect(call.polls).toBe(7);
    expect(call.disposed).toBe(1);
    expect(turns).toBeGreaterThan(0); // the event loop ran between polls
  });

  it('backs off 0, 1, 2, 4, 8, 8 ms', () => {
    expect([0, 1, 2, 3, 4, 5, 9].map((a) => pollPause(a, 8))).toEqual([0, 1, 2, 4, 8, 8, 8]);
  });

  it('throws the provider error of a failed call', async () => {
    const call = new FakeCall(2, 0x80041002 | 0);
    await expect(awaitCallResult(call, { makeError })).rejects.toThrow('failed -7ffbeffe');
    expect(call.disposed).toBe(1);
  });

  it('cancels on abort and on timeout with the typed codes', async () => {
    const ac = new AbortController();
    const slow = new FakeCall(Infinity);
    setTimeout(() => ac.abort(), 5);
    await expect(awaitCallResult(slow, { makeError, signal: ac.signal })).rejects.toMatchObject({
      hr: WBEM_E_CALL_CANCELLED,
    });
    expect(slow.cancelled).toBe(1);
    expect(slow.disposed).toBe(1);
    const late = new FakeCall(Infinity);
    await expect(awaitCallResult(late, { makeError, timeoutMs: 10 })).rejects.toMatchObject({
      hr: WBEM_E_TIMED_OUT,
    });
    expect(late.cancelled).toBe(1);
    expect(late.disposed).toBe(1);
  });
});
