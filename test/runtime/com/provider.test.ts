/**
 * The COM provider against the C++ WMI test double, through the same koffi code path
 * as on Windows (the double's shared library stands in for ole32/oleaut32 and WMI).
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ComProvider, type ComProviderOptions } from '../../../runtime/com/provider.js';
import { WbemError } from '../../../runtime/errors.js';
import type { WireObject, WireValue } from '../../../runtime/provider.js';
import { loadDouble, type DoubleControls } from './double.js';

let dbl: DoubleControls;
const open: ComProvider[] = [];

function connect(options: Partial<ComProviderOptions> = {}): Promise<ComProvider> {
  return ComProvider.connect({ namespace: 'root\\test', platform: { library: dbl.library }, ...options }).then((p) => {
    open.push(p);
    return p;
  });
}

async function collect<T>(it: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const x of it) out.push(x);
  return out;
}

/**
 * Runs `work` while a 5 ms interval timer records its largest gap between two firings and
 * how often it fired. A JS thread blocked inside WMI for a 2 s call would show one gap of
 * about 2000 ms and almost no firings; the delays themselves are `npm run bench`'s.
 */
async function withTimer<T>(work: () => Promise<T>): Promise<{ result: T; largestGapMs: number; ticks: number; elapsedMs: number }> {
  let last = performance.now();
  let largestGapMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    largestGapMs = Math.max(largestGapMs, now - last);
    last = now;
    ticks++;
  }, 5);
  const start = performance.now();
  try {
    const result = await work();
    largestGapMs = Math.max(largestGapMs, performance.now() - last);
    return { result, largestGapMs, ticks, elapsedMs: performance.now() - start };
  } finally {
    clearInterval(timer);
  }
}

/** Timers kept firing through a 2 s call: margins wide enough for a loaded shared machine. */
function expectFreeEventLoop(m: { largestGapMs: number; ticks: number }): void {
  expect(m.largestGapMs).toBeLessThan(500);
  expect(m.ticks).toBeGreaterThan(20);
}

async function rejection(p: Promise<unknown>): Promise<WbemError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WbemError);
    return err as WbemError;
  }
  throw new Error('expected a rejection');
}

async function iterationError(it: AsyncIterable<unknown>): Promise<WbemError> {
  return rejection(collect(it));
}

beforeAll(() => {
  dbl = loadDouble();
});

beforeEach(() => {
  dbl.set('widgets', 5);
  dbl.set('polls', 3);
  dbl.set('slow_ms', 2000);
  dbl.set('delay_ms', 0);
  dbl.set('interval_ms', 0);
  dbl.set('wine_sync', 0);
  dbl.set('event_ms', 20);
});

afterAll(async () => {
  for (const p of open) p.close();
});

const widget1: Record<string, WireValue> = {
  Id: 1,
  Name: 'widget-1',
  S8: -8,
  U8: 200,
  S16: -1600,
  U16: 65535,
  S32: -32,
  U32: 4000000000,
  S64: '-9007199254740993',
  U64: '18446744073709551615',
  R32: 1.5,
  R64: 2.25,
  Flag: true,
  Text: 'text-1',
  When: '20240131123456.123456+060',
  Link: 'Widget.Id=2',
  Letter: 87,
  Inner: { className: 'Gadget', path: null, properties: { Label: 'inner-1', Weight: 10 } },
  Texts: ['a', 'b', 'c'],
  Numbers: [1, 2, 3000000000],
  Bigs: ['0', '18446744073709551615'],
  Flags: [true, false],
  Reals: [0.5, -1e300],
  Smalls: [-7, 7],
  Bytes: [0, 128, 255],
  Inners: [
    { className: 'Gadget', path: null, properties: { Label: 'first', Weight: 1 } },
    { className: 'Gadget', path: null, properties: { Label: 'second', Weight: 2 } },
  ],
};

describe('values', () => {
  it('reads every CIM type in wire form (uint32 sent as VT_I4, 64-bit integers and datetimes as strings, embedded objects, arrays)', async () => {
    const p = await connect();
    const [first] = await collect(p.execQuery('SELECT * FROM Widget'));
    expect(first).toEqual({ className: 'Widget', path: '\\\\DOUBLE\\root\\test:Widget.Id=1', properties: widget1 });
  });

  it('reads objects of a shape already seen with Get by name (__PROPERTY_COUNT checked), not by enumeration', async () => {
    dbl.set('widgets', 6);
    const p = await connect();
    const before = dbl.get('property_enums');
    const rows = await collect(p.execQuery('SELECT * FROM Widget'));
    // The first Widget and its first embedded Gadget are enumerated; every later object
    // of those shapes (five Widgets, their Gadgets) is read by name.
    expect(dbl.get('property_enums') - before).toBe(2);
    expect(rows[0]).toEqual({ className: 'Widget', path: '\\\\DOUBLE\\root\\test:Widget.Id=1', properties: widget1 });
    expect(rows.map((r) => r.properties.Id)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of rows) expect(Object.keys(r.properties)).toEqual(Object.keys(widget1));
    const again = await collect(p.execQuery('SELECT * FROM Widget'));
    expect(again).toEqual(rows);
    expect(dbl.get('property_enums') - before).toBe(2);
  });

  it('writes every CIM type with the VARIANT type WMI expects and reads it back (Echo method)', async () => {
    const p = await connect();
    const input: Record<string, WireValue> = { ...widget1 };
    delete input.Id;
    delete input.Name;
    input.U32 = 4294967295;
    input.S8 = -128;
    input.Numbers = [0, 4294967295];
    input.Inners = [];
    const out = await p.execMethod('Widget', 'Echo', input);
    expect(out.properties).toEqual({ ...input, ReturnValue: 0 });
  });

  it('rejects a value of the wrong kind with a typed WBEM_E_TYPE_MISMATCH, leaking nothing', async () => {
    const p = await connect();
    const err = await rejection(p.execMethod('Widget', 'Echo', { Flag: 'yes' }));
    expect(err.statusName).toBe('WBEM_E_TYPE_MISMATCH');
    expect(err.message).toContain('Flag');
    const err2 = await rejection(p.execMethod('Widget', 'Echo', { U8: 256 }));
    expect(err2.statusName).toBe('WBEM_E_TYPE_MISMATCH');
  });
});

describe('semisynchronous calls', () => {
  it('polls GetCallStatus with a zero timeout until the result is ready, never waiting inside WMI', async () => {
    dbl.set('polls', 6);
    const p = await connect();
    const before = dbl.snapshot();
    const obj = await p.getObject('Widget.Id=3');
    const after = dbl.snapshot();
    expect(obj.properties.Name).toBe('widget-3');
    expect(after.polls - before.polls).toBeGreaterThanOrEqual(6);
    expect(after.blocking_waits).toBe(before.blocking_waits);
  });

  it('uses the direct result when the provider answers S_OK with no call result (as Wine does)', async () => {
    dbl.set('wine_sync', 1);
    const p = await connect();
    const before = dbl.get('polls');
    expect((await p.getObject('Widget.Id=2')).properties.Id).toBe(2);
    expect((await p.execMethod('Widget.Id=2', 'Add', { A: 1, B: 2 })).properties).toEqual({ Sum: 3, ReturnValue: 0 });
    expect(await p.putInstance({ className: 'Widget', path: null, properties: { Id: 9, Name: 'nine' } }, 'createOnly')).toBe('Widget.Id=9');
    expect(dbl.get('polls')).toBe(before);
  });

  it('ExecMethod with typed in- and out-parameters, and PutInstance/DeleteInstance through call results', async () => {
    const p = await connect();
    const out = await p.execMethod('Widget.Id=1', 'Add', { A: 4000000000, B: 1 });
    expect(out).toEqual({ className: '__PARAMETERS', path: null, properties: { Sum: 4000000001, ReturnValue: 0 } });
    expect(await p.putInstance({ className: 'Widget', path: null, properties: { Id: 7, Name: 'seven', Flag: false } }, 'createOrUpdate')).toBe(
      'Widget.Id=7',
    );
    await p.deleteInstance('Widget.Id=2');
    expect((await rejection(p.deleteInstance('Widget.Id=99'))).statusName).toBe('WBEM_E_NOT_FOUND');
  });

  it('OpenNamespace through a call result (GetResultServices), and directly as Wine answers', async () => {
    const p = await connect();
    dbl.set('polls', 4);
    const before = dbl.get('polls');
    const child = await p.openNamespace('sub');
    open.push(child);
    expect(dbl.get('polls') - before).toBeGreaterThanOrEqual(4);
    expect(child.namespace).toBe('root\\test\\sub');
    expect((await child.getObject('Widget.Id=2')).properties.Id).toBe(2);
    expect((await rejection(p.openNamespace('missing'))).statusName).toBe('WBEM_E_INVALID_NAMESPACE');
    dbl.set('wine_sync', 1);
    const direct = await p.openNamespace('sub');
    open.push(direct);
    expect((await direct.getObject('Widget.Id=1')).properties.Id).toBe(1);
  });

  it('keeps the event loop free (timers keep firing, no blocking wait) while a 2 s call is pending', async () => {
    const p = await connect();
    const before = dbl.get('blocking_waits');
    const get = await withTimer(() => p.getObject('Slow.Id=1'));
    expect(get.elapsedMs).toBeGreaterThanOrEqual(1900);
    expectFreeEventLoop(get);
    const method = await withTimer(() => p.execMethod('Widget', 'Wait', null));
    expect(method.result.properties.ReturnValue).toBe(0);
    expectFreeEventLoop(method);
    const query = await withTimer(() => collect(p.execQuery('SELECT * FROM Slow')));
    expect(query.result).toHaveLength(2);
    expect(query.elapsedMs).toBeGreaterThanOrEqual(1900);
    expectFreeEventLoop(query);
    expect(dbl.get('blocking_waits')).toBe(before);
  });

  it('runs ConnectServer (2 s, no semisynchronous form) on a worker thread: the event loop stays free', async () => {
    const connected = await withTimer(() => connect({ namespace: 'root\\slow' }));
    expect(connected.elapsedMs).toBeGreaterThanOrEqual(1900);
    expectFreeEventLoop(connected);
    expect((await connected.result.getObject('Widget.Id=1')).properties.Id).toBe(1);
  });
});

describe('timeouts and cancellation', () => {
  it('a timeout rejects with WBEM_E_TIMED_OUT and releases the call result, which cancels the call', async () => {
    const p = await connect();
    const before = dbl.get('cancelled_calls');
    const start = performance.now();
    const err = await rejection(p.getObject('Slow.Id=1', { timeoutMs: 100 }));
    expect(err.statusName).toBe('WBEM_E_TIMED_OUT');
    expect(performance.now() - start).toBeLessThan(1000);
    expect(dbl.get('cancelled_calls')).toBe(before + 1);
  });

  it('an AbortSignal rejects with WBEM_E_CALL_CANCELLED and cancels the call', async () => {
    const p = await connect();
    const before = dbl.get('cancelled_calls');
    const ac = new AbortController();
    setTimeout(() => ac.abort(new Error('user gave up')), 50);
    const err = await rejection(p.execMethod('Widget', 'Wait', null, { signal: ac.signal }));
    expect(err.statusName).toBe('WBEM_E_CALL_CANCELLED');
    expect(dbl.get('cancelled_calls')).toBe(before + 1);
    const already = await rejection(p.getObject('Widget.Id=1', { signal: AbortSignal.abort() }));
    expect(already.statusName).toBe('WBEM_E_CALL_CANCELLED');
  });

  it('the connection default timeout applies to every call', async () => {
    const p = await connect({ timeoutMs: 80 });
    expect((await rejection(p.getObject('Slow.Id=1'))).statusName).toBe('WBEM_E_TIMED_OUT');
    expect((await p.getObject('Widget.Id=1', { timeoutMs: 5000 })).properties.Id).toBe(1);
  });

  it('a query timeout releases the enumerator', async () => {
    const p = await connect();
    const before = dbl.get('abandoned_enums');
    const err = await iterationError(p.execQuery('SELECT * FROM Slow', { timeoutMs: 100 }));
    expect(err.statusName).toBe('WBEM_E_TIMED_OUT');
    // A Next still running on a COM thread when the deadline passed returns first.
    for (let i = 0; i < 100 && dbl.get('abandoned_enums') === before; i++) await new Promise((r) => setTimeout(r, 10));
    expect(dbl.get('abandoned_enums')).toBe(before + 1);
  });

  it('ConnectServer past its timeout rejects, and the late connection is released when it arrives', async () => {
    const live = dbl.get('live_objects');
    const err = await rejection(ComProvider.connect({ namespace: 'root\\slow', platform: { library: dbl.library }, timeoutMs: 100 }));
    expect(err.statusName).toBe('WBEM_E_TIMED_OUT');
    await new Promise((r) => setTimeout(r, 2300));
    expect(dbl.get('live_objects')).toBe(live);
  });
});

describe('enumerations', () => {
  it('streams in batches of batchSize with IEnumWbemClassObject::Next', async () => {
    dbl.set('widgets', 10);
    const p = await connect();
    const before = dbl.get('next_calls');
    const ids = (await collect(p.execQuery('SELECT * FROM Widget', { batchSize: 4 }))).map((o) => o.properties.Id);
    expect(ids).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(dbl.get('next_calls') - before).toBe(3);
  });

  it('spreads the conversion of one large batch over event-loop turns', async () => {
    dbl.set('widgets', 400);
    const p = await connect();
    const before = dbl.get('next_calls');
    let turns = 0;
    let spinning = true;
    const spin = () => {
      turns++;
      if (spinning) setImmediate(spin);
    };
    setImmediate(spin);
    const ids = (await collect(p.execQuery('SELECT * FROM Widget', { batchSize: 500 }))).map((o) => o.properties.Id);
    spinning = false;
    expect(ids).toEqual(Array.from({ length: 400 }, (_, i) => i + 1));
    // One Next for the whole batch, and other work ran while it was converted (each
    // Widget carries arrays and embedded objects: far more than one 2 ms turn in all).
    expect(dbl.get('next_calls') - before).toBe(1);
    expect(turns).toBeGreaterThan(2);
  });

  it('hands out objects as they arrive rather than at the end', async () => {
    dbl.set('interval_ms', 60);
    const p = await connect();
    const start = performance.now();
    const times: number[] = [];
    for await (const _ of p.execQuery('SELECT * FROM Widget')) times.push(performance.now() - start);
    expect(times).toHaveLength(5);
    // The double makes one object every 60 ms: handed out at the end, all five would arrive
    // together; streamed, the last comes about 240 ms after the first (a loaded machine
    // shortens that gap when the first is late, never to near zero).
    expect(times[4]! - times[0]!).toBeGreaterThanOrEqual(100);
  });

  it('leaving a loop early releases the enumerator and the objects not yet read', async () => {
    dbl.set('widgets', 40);
    const p = await connect();
    const before = dbl.snapshot();
    let n = 0;
    for await (const _ of p.execQuery('SELECT * FROM Widget', { batchSize: 16 })) if (++n === 3) break;
    const after = dbl.snapshot();
    expect(after.abandoned_enums).toBe(before.abandoned_enums + 1);
    expect(after.live_objects).toBe(before.live_objects);
  });

  it('an asynchronous query through a JS IWbemObjectSink called from a WMI thread', async () => {
    const p = await connect();
    const objects = await collect(p.execQueryAsync('SELECT * FROM Widget'));
    expect(objects.map((o) => o.properties.Name)).toEqual(['widget-1', 'widget-2', 'widget-3', 'widget-4', 'widget-5']);
    expect(objects[0]).toEqual({ className: 'Widget', path: '\\\\DOUBLE\\root\\test:Widget.Id=1', properties: widget1 });
  });

  it('leaving an asynchronous query early calls CancelAsyncCall', async () => {
    dbl.set('interval_ms', 30);
    dbl.set('widgets', 50);
    const p = await connect();
    const before = dbl.get('async_cancels');
    let n = 0;
    for await (const _ of p.execQueryAsync('SELECT * FROM Widget')) if (++n === 2) break;
    expect(dbl.get('async_cancels')).toBe(before + 1);
    while (dbl.get('async_running') > 0) await new Promise((r) => setTimeout(r, 10));
  });

  it('event queries stream until the signal aborts, then release the enumerator', async () => {
    const p = await connect();
    const before = dbl.get('abandoned_enums');
    const ac = new AbortController();
    const events: WireObject[] = [];
    for await (const e of p.execNotificationQuery('SELECT * FROM __InstanceCreationEvent WITHIN 1', { signal: ac.signal })) {
      events.push(e);
      if (events.length === 3) ac.abort();
    }
    expect(events).toHaveLength(3);
    expect(events[0]!.properties.Label).toBe('event:__InstanceCreationEvent');
    expect(dbl.get('abandoned_enums')).toBe(before + 1);
  });
});

describe('errors', () => {
  it('maps HRESULTs to typed WbemErrors with the WBEMSTATUS name', async () => {
    const p = await connect();
    const cases: Array<[() => Promise<unknown>, string]> = [
      [() => p.getObject('Nope.Id=1'), 'WBEM_E_INVALID_CLASS'],
      [() => p.getObject('Widget.Id=99'), 'WBEM_E_NOT_FOUND'],
      [() => p.getObject('Denied.Id=1'), 'WBEM_E_ACCESS_DENIED'],
      [() => p.execMethod('Widget.Id=1', 'Nope', null), 'WBEM_E_INVALID_METHOD'],
      [() => p.execMethod('Widget.Id=1', 'Nope', { A: 1 }), 'WBEM_E_INVALID_METHOD'],
      [() => collect(p.execQuery('SELECT * FROM Nope')), 'WBEM_E_INVALID_CLASS'],
      [() => ComProvider.connect({ namespace: 'root\\missing', platform: { library: dbl.library } }), 'WBEM_E_INVALID_NAMESPACE'],
    ];
    for (const [call, name] of cases) {
      const err = await rejection(call());
      expect(err.statusName, err.message).toBe(name);
    }
  });

  it("adds WMI's text for the code (IWbemStatusCodeText) to the message", async () => {
    const p = await connect();
    const err = await rejection(p.getObject('Nope.Id=1'));
    expect(err.message).toContain('Invalid class');
    expect(err.message).toContain('Nope.Id=1');
  });

  it('passes credentials to ConnectServer and never shows the password', async () => {
    const err = await rejection(
      ComProvider.connect({ namespace: 'root\\denied', user: 'ALICE', password: 'hunter2-secret', platform: { library: dbl.library } }),
    );
    expect(err.statusName).toBe('WBEM_E_ACCESS_DENIED');
    expect(`${err.message} ${err.stack ?? ''}`).not.toContain('hunter2');
    expect(dbl.lastConnect()).toEqual({ namespace: 'root\\denied', user: 'ALICE' });
    expect(dbl.get('last_password_set')).toBe(1);
  });
});

describe('lifetimes', () => {
  it('`using` closes the provider', async () => {
    const live = dbl.get('live_objects');
    {
      using p = await ComProvider.connect({ namespace: 'root\\test', platform: { library: dbl.library } });
      expect((await p.getObject('Widget.Id=1')).properties.Id).toBe(1);
      expect(dbl.get('live_objects')).toBeGreaterThan(live);
    }
    expect(dbl.get('live_objects')).toBe(live);
  });

  it('releases every reference exactly once and frees every BSTR and SAFEARRAY at the end', async () => {
    for (const p of open.splice(0)) p.close();
    const counts = dbl.snapshot();
    expect(counts.over_releases).toBe(0);
    expect(counts.release_after_uninit).toBe(0);
    expect(counts.live_objects).toBe(0);
    expect(counts.live_bstrs).toBe(0);
    expect(counts.live_arrays).toBe(0);
    expect(counts.com_init).toBe(0);
    expect(counts.security_init).toBe(1);
    expect(counts.blankets).toBeGreaterThan(0);
  });
});
