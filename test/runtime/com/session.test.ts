/**
 * The FinalizationRegistry backstop of COM references: a reference collected without
 * being released is reported (WMIGEN_COM_LEAK) and released, once.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { beforeAll, expect, it } from 'vitest';
import { ComProvider } from '../../../runtime/com/provider.js';
import { loadDouble, type DoubleControls } from './double.js';

setFlagsFromString('--expose_gc');
const gc = runInNewContext('gc') as () => void;

let dbl: DoubleControls;
beforeAll(() => {
  dbl = loadDouble();
  dbl.set('wine_sync', 0);
  dbl.set('polls', 1);
});

it('reports and releases a reference that was garbage-collected without release()', async () => {
  const p = await ComProvider.connect({ namespace: 'root\\test', platform: { library: dbl.library } });
  const warnings: Error[] = [];
  const onWarning = (w: Error & { code?: string }) => {
    if (w.code === 'WMIGEN_COM_LEAK') warnings.push(w);
  };
  process.on('warning', onWarning);
  try {
    const live = dbl.get('live_objects');
    await (async () => {
      const ptr = await p.getObjectPointer('Widget.Id=1');
      p.session.own(ptr, 'IWbemClassObject(dropped)'); // the ComRef is dropped at once
    })();
    expect(dbl.get('live_objects')).toBeGreaterThan(live);
    for (let i = 0; i < 50 && p.session.stats().leaked === 0; i++) {
      gc();
      await new Promise((r) => setTimeout(r, 20));
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(p.session.stats().leaked).toBe(1);
    expect(warnings.map((w) => w.message)).toEqual([expect.stringContaining('IWbemClassObject(dropped)')]);
    expect(dbl.get('live_objects')).toBe(live);
  } finally {
    process.off('warning', onWarning);
    p.close();
  }
  expect(dbl.get('over_releases')).toBe(0);
});
