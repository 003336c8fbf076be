/**
 * A large enumeration against OMI: 20,000 instances of WMIGEN_BenchRow from the bench's
 * own provider (bench/omi-provider, built and registered by omi-harness.test.ts through
 * scripts/omi-bench-provider.mjs). Its provider posts every instance in one call, which
 * holds OMI's agent until the enumeration is drained: the class schema must be read
 * before the Enumerate, or it waits on the Pulls it blocks. Runs inside the harness.
 */

import { describe, expect, it } from 'vitest';
import { createWsmanProvider } from '../../runtime/wsman/index.js';

const env = process.env;
const reason =
  env.WMIGEN_OMI !== '1'
    ? 'runs inside scripts/omi-harness.mjs'
    : env.WMIGEN_OMI_BENCH_PROVIDER !== '1'
      ? 'the bench provider is not registered'
      : '';

describe.skipIf(reason !== '')(`a large enumeration against OMI${reason ? ` (skipped: ${reason})` : ''}`, () => {
  it('streams all 20,000 rows, typed by the class schema', async () => {
    using p = createWsmanProvider({
      host: '127.0.0.1',
      port: Number(env.WMIGEN_OMI_HTTP_PORT),
      user: env.WMIGEN_OMI_USER,
      password: env.WMIGEN_OMI_PASSWORD,
      allowUnencrypted: true,
      namespace: 'root/wmigen',
      keepAlive: false,
      timeoutMs: 20_000,
    });
    const ids = new Set<number>();
    let sample: Record<string, unknown> | undefined;
    for await (const row of p.execQuery('SELECT * FROM WMIGEN_BenchRow', { batchSize: 500 })) {
      ids.add(row.properties.Id as number);
      if (row.properties.Id === 7) sample = row.properties;
    }
    expect(ids.size).toBe(20_000);
    expect(Math.min(...ids)).toBe(1);
    expect(Math.max(...ids)).toBe(20_000);
    expect(sample).toEqual({
      Id: 7,
      Name: 'row-7',
      Big: '9223372036854775815',
      Delta: -7,
      Ratio: 1,
      Even: false,
      Stamp: '20240808070707.000007+000',
    });
  }, 120_000);
});
