/**
 * COM threads against the C++ double: every call that can wait on WMI runs off the JS
 * thread in the multithreaded apartment; a synchronous provider (class Stuck: ExecQuery
 * and Next block for seconds) neither blocks the event loop nor holds up other calls;
 * timeouts and aborts fire on time; close() does not wait; a host STA does not matter.
 *
 * Margins are wide (a shared 2-core machine): the stuck call blocks 3 s, the assertions
 * ask for a rejection within about a second and timer gaps well under that.
 */

import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ComProvider, type ComProviderOptions } from '../../../runtime/com/provider.js';
import { WbemError } from '../../../runtime/errors.js';
import type { WireObject } from '../../../runtime/provider.js';
import { loadDouble, type DoubleControls } from './double.js';

let dbl: DoubleControls;
const open: ComProvider[] = [];
const BLOCK_MS = 3000;

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

async function rejection(p: Promise<unknown>): Promise<WbemError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(WbemError);
    return err as WbemError;
  }
  throw new Error('expected a rejection');
}

/** Runs `work` while a 5 ms interval timer records its largest gap between two firings. */
async function withTimer<T>(work: () => Promise<T>): Promise<{ result: T; largestGapMs: number; ticks: number }> {
  let last = performance.now();
  let largestGapMs = 0;
  let ticks = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    largestGapMs = Math.max(largestGapMs, now - last);
    last = now;
    ticks++;
  }, 5);
  try {
    const result = await work();
    largestGapMs = Math.max(largestGapMs, performance.now() - last);
    return { result, largestGapMs, ticks };
  } finally {
    clearInterval(timer);
  }
}

/** Waits until the double has released every object (a stuck call returns after BLOCK_MS). */
async function settled(liveBefore: number): Promise<void> {
  const until = performance.now() + BLOCK_MS * 3;
  while (dbl.get('live_objects') > liveBefore && performance.now() < until) await new Promise((r) => setTimeout(r, 25));
}

beforeAll(() => {
  dbl = loadDouble();
  dbl.markJsThread();
});

beforeEach(() => {
  dbl.set('widgets', 5);
  dbl.set('polls', 3);
  dbl.set('slow_ms', 2000);
  dbl.set('delay_ms', 0);
  dbl.set('interval_ms', 0);
  dbl.set('wine_sync', 0);
  dbl.set('block_ms', BLOCK_MS);
  dbl.set('sync_ms', 0);
});

afterAll(() => {
  for (const p of open) p.close();
});

describe('COM threads', () => {
  it('runs every call that can wait on WMI off the JS thread, in the multithreaded apartment', async () => {
    const before = dbl.snapshot();
    const p = await connect();
    expect((await collect(p.execQuery('SELECT * FROM Widget'))).length).toBe(5);
    await p.getObject('Widget.Id=1');
    await p.execMethod('Widget', 'Add', { A: 1, B: 2 });
    await p.putInstance({ className: 'Widget', path: null, properties: { Id: 9, Name: 'nine' } }, 'createOrUpdate');
    await p.deleteInstance('Widget.Id=1');
    (await p.openNamespace('child')).close();
    dbl.set('wine_sync', 1);
    await p.getObject('Widget.Id=2');
    const after = dbl.snapshot();
    expect(after.wmi_calls - before.wmi_calls).toBeGreaterThan(10);
    expect(after.js_thread_calls - before.js_thread_calls).toBe(0);
    expect(after.outside_mta_calls - before.outside_mta_calls).toBe(0);
  });

  it('works when the host made the JS thread an STA first (Electron)', async () => {
    dbl.resetThreadApartment();
    try {
      expect(dbl.initThread(2)).toBeGreaterThanOrEqual(0); // COINIT_APARTMENTTHREADED
      const before = dbl.snapshot();
      const p = await connect();
      expect((await collect(p.execQuery('SELECT * FROM Widget'))).length).toBe(5);
      expect((await p.execMethod('Widget', 'Add', { A: 2, B: 3 })).properties.Sum).toBe(5);
      p.close();
      const after = dbl.snapshot();
      expect(after.outside_mta_calls - before.outside_mta_calls).toBe(0);
      expect(after.js_thread_calls - before.js_thread_calls).toBe(0);
    } finally {
      dbl.resetThreadApartment();
    }
  });

  it('a query stuck in a synchronous provider times out on time while timers keep firing', async () => {
    const p = await connect();
    const live = dbl.get('live_objects');
    const start = performance.now();
    const m = await withTimer(() => rejection(collect(p.execQuery('SELECT * FROM Stuck', { timeoutMs: 300 }))));
    const elapsed = performance.now() - start;
    expect(m.result.statusName).toBe('WBEM_E_TIMED_OUT');
    expect(elapsed).toBeLessThan(1500);
    expect(m.largestGapMs).toBeLessThan(250);
    expect(m.ticks).toBeGreaterThan(10);
    await settled(live);
    expect(dbl.get('live_objects')).toBe(live);
  });

  it('an abort cancels a stuck query at once, and what it returns late is released', async () => {
    const p = await connect();
    const live = dbl.get('live_objects');
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 100);
    const start = performance.now();
    const err = await rejection(collect(p.execQuery('SELECT * FROM Stuck', { signal: ac.signal })));
    expect(err.statusName).toBe('WBEM_E_CALL_CANCELLED');
    expect(performance.now() - start).toBeLessThan(1500);
    await settled(live);
    expect(dbl.get('live_objects')).toBe(live);
  });

  it('a stuck call holds up no later call on the same connection', async () => {
    const p = await connect();
    const stuck = collect(p.execQuery('SELECT * FROM Stuck'));
    const start = performance.now();
    const rows: WireObject[] = await collect(p.execQuery('SELECT * FROM Widget'));
    const one = await p.getObject('Widget.Id=3');
    const sum = await p.execMethod('Widget', 'Add', { A: 20, B: 22 });
    const laterMs = performance.now() - start;
    expect(rows.length).toBe(5);
    expect(one.properties.Id).toBe(3);
    expect(sum.properties.Sum).toBe(42);
    expect(laterMs).toBeLessThan(BLOCK_MS / 2);
    expect((await stuck).length).toBe(2);
  });

  it("six stuck calls hold up no later call (more than libuv's four pool threads)", async () => {
    const p = await connect();
    const stuck = Array.from({ length: 6 }, () => collect(p.execQuery('SELECT * FROM Stuck', { timeoutMs: 300 })).catch((err: unknown) => err));
    await new Promise((r) => setTimeout(r, 100));
    const start = performance.now();
    const one = await p.getObject('Widget.Id=2');
    const laterMs = performance.now() - start;
    expect(one.properties.Id).toBe(2);
    expect(laterMs).toBeLessThan(BLOCK_MS / 2);
    for (const err of await Promise.all(stuck)) expect((err as WbemError).statusName).toBe('WBEM_E_TIMED_OUT');
  });

  it('close() returns at once while a call is stuck; everything is released when it returns', async () => {
    const p = await connect();
    const live = dbl.get('live_objects');
    const stuck = collect(p.execQuery('SELECT * FROM Stuck')).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 50));
    const start = performance.now();
    p.close();
    expect(performance.now() - start).toBeLessThan(100);
    await stuck;
    await settled(live);
    expect(dbl.get('release_after_uninit')).toBe(0);
    expect(dbl.get('over_releases')).toBe(0);
    expect(dbl.get('live_objects')).toBeLessThanOrEqual(live);
  });

  it('with every query synchronous (as on Wine), 20 calls in flight leave the event loop free', async () => {
    dbl.set('sync_ms', 200);
    const p = await connect();
    const m = await withTimer(() =>
      Promise.all(
        Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? collect(p.execQuery('SELECT * FROM Widget')) : p.getObject(`Widget.Id=${(i % 5) + 1}`))),
      ),
    );
    expect(m.result.length).toBe(20);
    expect(m.largestGapMs).toBeLessThan(150);
  });
});

describe('one call at a time (as under Wine)', () => {
  it('a stuck call lets calls on other classes by after 2 s; its own class waits; nothing is lost', async () => {
    const p = await connect({ oneCallPerClass: true });
    const live = dbl.get('live_objects');
    const stuck = collect(p.execQuery('SELECT * FROM Stuck', { timeoutMs: 300 })).catch((err: unknown) => err);
    await new Promise((r) => setTimeout(r, 20));
    const start = performance.now();
    const rows = await collect(p.execQuery('SELECT * FROM Widget'));
    const laterMs = performance.now() - start;
    expect(rows.length).toBe(5);
    expect(laterMs).toBeGreaterThan(1500);
    expect(laterMs).toBeLessThan(BLOCK_MS);
    expect(((await stuck) as WbemError).statusName).toBe('WBEM_E_TIMED_OUT');
    const sameClass = await rejection(collect(p.execQuery('SELECT * FROM Stuck', { timeoutMs: 200 })));
    expect(sameClass.statusName).toBe('WBEM_E_TIMED_OUT');
    await settled(live);
    expect(dbl.get('live_objects')).toBe(live);
  });

  it('20 calls in flight run one at a time and all complete', async () => {
    const p = await connect({ oneCallPerClass: true });
    const results = await Promise.all(
      Array.from({ length: 20 }, (_, i) => (i % 2 === 0 ? collect(p.execQuery('SELECT * FROM Widget')) : p.execMethod('Widget', 'Add', { A: i, B: 1 }))),
    );
    expect(results.length).toBe(20);
    expect((results[1] as WireObject).properties.Sum).toBe(2);
  });
});

describe('lifetimes over many calls', () => {
  it('5,000 queries, 5,000 connects and 5,000 abandoned iterators leak nothing', async () => {
    const before = dbl.snapshot();
    const p = await connect();
    for (let i = 0; i < 5000; i++) await collect(p.execQuery('SELECT * FROM Widget WHERE Id = 1', { batchSize: 1 }));
    for (let i = 0; i < 5000; i++) {
      for await (const _ of p.execQuery('SELECT * FROM Widget', { batchSize: 2 })) break;
    }
    const rssAfterQueries = process.memoryUsage().rss;
    for (let i = 0; i < 5000; i++) (await ComProvider.connect({ namespace: 'root\\test', platform: { library: dbl.library } })).close();
    p.close();
    await new Promise((r) => setTimeout(r, 50));
    const after = dbl.snapshot();
    expect(after.over_releases - before.over_releases).toBe(0);
    // Earlier tests' stuck calls may return (and be released) meanwhile: at most as many.
    expect(after.live_objects).toBeLessThanOrEqual(before.live_objects);
    expect(after.live_bstrs).toBeLessThanOrEqual(before.live_bstrs);
    expect(after.abandoned_enums - before.abandoned_enums).toBeGreaterThanOrEqual(5000);
    expect(process.memoryUsage().rss - rssAfterQueries).toBeLessThan(64 * 1024 * 1024);
  }, 120_000);
});

describe('abort and timeout holes', () => {
  it('an abort after the first row of a single batch rejects the rest', async () => {
    const p = await connect();
    const ac = new AbortController();
    const rows: WireObject[] = [];
    const err = await rejection(
      (async () => {
        for await (const row of p.execQuery('SELECT * FROM Widget', { signal: ac.signal, batchSize: 64 })) {
          rows.push(row);
          ac.abort();
        }
      })(),
    );
    expect(err.statusName).toBe('WBEM_E_CALL_CANCELLED');
    expect(rows.length).toBe(1);
  });

  it('a get with a 20 ms timeout rejects on time although the provider answers synchronously after 400 ms', async () => {
    dbl.set('wine_sync', 1);
    dbl.set('delay_ms', 400);
    const p = await connect();
    const live = dbl.get('live_objects');
    const start = performance.now();
    const err = await rejection(p.getObject('Widget.Id=1', { timeoutMs: 20 }));
    expect(err.statusName).toBe('WBEM_E_TIMED_OUT');
    expect(performance.now() - start).toBeLessThan(300);
    await settled(live);
    expect(dbl.get('live_objects')).toBe(live);
  });
});

describe('in-parameters', () => {
  it('a method called with no in-parameter values still gets an in-parameter object', async () => {
    const p = await connect();
    const before = dbl.get('null_in_params');
    const out = await p.execMethod('Widget', 'Echo', {});
    expect(out.properties.ReturnValue).toBe(0);
    await p.execMethod('Widget', 'Echo', null);
    expect(dbl.get('null_in_params')).toBe(before);
  });

  it('checks each value against the signature, with a typed error naming the parameter', async () => {
    const p = await connect();
    const text = await rejection(p.execMethod('Widget', 'Echo', { Text: 42 }));
    expect(text.statusName).toBe('WBEM_E_TYPE_MISMATCH');
    expect(text.message).toContain('Echo: in-parameter Text: expected a string, got 42 (number)');
    expect(text.message).not.toMatch(/\([^)]*$/);
    const u8 = await rejection(p.execMethod('Widget', 'Echo', { U8: 256 }));
    expect(u8.message).toContain('U8: expected a uint8 (an integer from -128 to 255), got 256 (number)');
    const s64 = await rejection(p.execMethod('Widget', 'Echo', { S64: 'abc' }));
    expect(s64.message).toContain('S64: expected a sint64');
    const unknown = await rejection(p.execMethod('Widget', 'Echo', { NoSuchParameter: 1 }));
    expect(unknown.message).toContain('NoSuchParameter');
    const out = await p.execMethod('Widget', 'Echo', { Text: null, U64: 18446744073709551615n as never, S64: -5 });
    expect(out.properties.U64).toBe('18446744073709551615');
    expect(out.properties.S64).toBe('-5');
  });
});

describe('typed rows', () => {
  it("use the schema's spelling of a property the provider spells differently (Wine: ProcessID)", async () => {
    const { fromWireObject } = await import('../../../runtime/convert.js');
    const p = await connect();
    const [row] = await collect(p.execQuery('SELECT Id, Name, U64 FROM Widget WHERE Id = 1'));
    const descriptor = {
      name: 'Widget',
      namespace: 'root\\test',
      superclass: null,
      keys: ['ID'],
      properties: {
        ID: { name: 'ID', cimType: 'uint32', isArray: false },
        name: { name: 'name', cimType: 'string', isArray: false },
        U64: { name: 'U64', cimType: 'uint64', isArray: false },
      },
      methods: {},
    };
    const typed = fromWireObject(row!, descriptor as never);
    expect(typed.ID).toBe(1);
    expect(typed.name).toBe('widget-1');
    expect(typed.U64).toBe(18446744073709551615n);
    expect(Object.keys(typed)).not.toContain('Id');
    expect(Object.keys(typed)).not.toContain('Name');
    expect(Object.keys(typed)).toContain('Text'); // unknown to the descriptor: the provider's spelling
  });
});
