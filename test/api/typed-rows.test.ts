/**
 * The typed rows (`all()`, `first()`, `associators()`, `references()`) are a hand-written
 * iterator over the provider's stream (runtime/services.ts, TypedRows): these tests pin
 * the async generator behaviour it replaces — lazy start, rejection on the first next(),
 * the source released exactly when a loop is left early, done after the end.
 */
import { describe, expect, it } from 'vitest';
import { connect } from '../../runtime/index.js';
import { createMemoryProvider } from '../../runtime/memory/index.js';
import type { QueryCallOptions, WireObject, WmiProvider } from '../../runtime/provider.js';
import { loadFixtureSchema } from '../memory/fixture.js';
import { Win32_Service } from './bindings/root/cimv2/Win32_Service.js';

const schema = loadFixtureSchema();

/** Wraps the in-memory provider, counting queries started and streams closed early. */
function counting(): { provider: WmiProvider; queries: string[]; returns: number } {
  const inner = createMemoryProvider({ schema });
  const state = { queries: [] as string[], returns: 0, provider: undefined as unknown as WmiProvider };
  state.provider = Object.assign(Object.create(inner) as WmiProvider, {
    execQuery(wql: string, options?: QueryCallOptions): AsyncIterable<WireObject> {
      return {
        [Symbol.asyncIterator]() {
          state.queries.push(wql);
          const it = inner.execQuery(wql, options)[Symbol.asyncIterator]();
          return {
            next: () => it.next(),
            return: () => {
              state.returns++;
              return it.return ? it.return() : Promise.resolve({ value: undefined, done: true as const });
            },
          };
        },
      };
    },
  });
  return state;
}

describe('typed rows', () => {
  it('first() reads one row, converts it and closes the stream once', async () => {
    const c = counting();
    const wmi = await connect({ provider: c.provider });
    const s = await wmi.from(Win32_Service).select('Name', 'StartMode').first();
    expect(s).not.toBeNull();
    expect(typeof s!.Name).toBe('string');
    expect(c.queries).toEqual(['SELECT Name, StartMode FROM Win32_Service']);
    expect(c.returns).toBe(1);
    expect(await wmi.from(Win32_Service).where({ Name: 'no such service' }).first()).toBeNull();
    // A stream that ended is not closed again.
    expect(c.returns).toBe(1);
  });

  it('starts lazily, rejects a bad property on the first next(), and is done afterwards', async () => {
    const c = counting();
    const wmi = await connect({ provider: c.provider });
    const rows = wmi.from(Win32_Service).select('Name').all();
    expect(c.queries).toEqual([]);
    expect(await rows.return()).toEqual({ value: undefined, done: true });
    expect(c.queries).toEqual([]);
    expect(c.returns).toBe(0);
    const bad = wmi.from(Win32_Service).select('NoSuchProperty' as 'Name').all();
    await expect(bad.next()).rejects.toThrow(/no property "NoSuchProperty"/);
    expect(await bad.next()).toEqual({ value: undefined, done: true });
  });

  it('iterates every row, then stays done; a loop left early closes the stream', async () => {
    const c = counting();
    const wmi = await connect({ provider: c.provider });
    const all = await wmi.from(Win32_Service).select('Name').toArray();
    expect(all.length).toBeGreaterThan(2);
    const rows = wmi.from(Win32_Service).select('Name').all();
    let n = 0;
    for await (const r of rows) {
      expect(r.Name).toBe(all[n]!.Name);
      if (++n === 2) break;
    }
    expect(c.returns).toBe(1);
    expect(await rows.next()).toEqual({ value: undefined, done: true });
    // The same WQL text each time (cached for condition-free queries).
    expect(new Set(c.queries)).toEqual(new Set(['SELECT Name FROM Win32_Service']));
  });

  it('associators() checks its source on the first next(), not before', async () => {
    const wmi = await connect({ provider: counting().provider });
    const rows = wmi.associators({}, Win32_Service);
    await expect(rows.next()).rejects.toThrow(/needs an instance with a path/);
    expect(await rows.next()).toEqual({ value: undefined, done: true });
  });
});
