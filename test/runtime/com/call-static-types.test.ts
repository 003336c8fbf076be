/**
 * `callStatic` takes a method the schema does not mark static (the bundled schema's
 * Win32_Process.Create; every method read live from Wine, whose qualifier sets are
 * empty): a correct call must not be a compile error. Checked by tsc (`npm run
 * typecheck`); the run-time part calls it on the in-memory-free path of the C++ double.
 */

import { describe, expect, expectTypeOf, it } from 'vitest';
import { WmiServices } from '../../../runtime/index.js';
import { defineClass } from '../../../runtime/descriptor.js';
import { ComProvider } from '../../../runtime/com/provider.js';
import type { MethodSignature } from '../../../runtime/descriptor.js';
import { loadDouble } from './double.js';

interface Widget {
  Id: number;
  Name: string | null;
}
type WidgetMethods = {
  Add: MethodSignature<{ A?: number; B?: number }, { Sum: number; ReturnValue: number }>;
};
type WidgetStatics = {
  Echo: MethodSignature<{ Text?: string | null }, { Text: string | null; ReturnValue: number }>;
};

const Widget = defineClass<Widget, WidgetMethods, WidgetStatics>({
  name: 'Widget',
  namespace: 'root\\test',
  superclass: null,
  keys: ['Id'],
  properties: {
    Id: { name: 'Id', cimType: 'uint32', isArray: false, isKey: true },
    Name: { name: 'Name', cimType: 'string', isArray: false },
  },
  methods: {
    Add: {
      name: 'Add',
      isStatic: false,
      returnType: 'uint32',
      parameters: [
        { name: 'A', cimType: 'sint32', isArray: false, in: true, out: false },
        { name: 'B', cimType: 'sint32', isArray: false, in: true, out: false },
        { name: 'Sum', cimType: 'sint32', isArray: false, in: false, out: true },
      ],
    },
    Echo: {
      name: 'Echo',
      isStatic: true,
      returnType: 'uint32',
      parameters: [
        { name: 'Text', cimType: 'string', isArray: false, in: true, out: true },
      ],
    },
  },
});

describe('callStatic typing', () => {
  it('takes static methods and methods not marked static, typed by their signatures', async () => {
    const dbl = loadDouble();
    const services = new WmiServices(await ComProvider.connect({ namespace: 'root\\test', platform: { library: dbl.library } }));
    try {
      const sum = await services.callStatic(Widget, 'Add', { A: 2, B: 40 });
      expectTypeOf(sum.Sum).toEqualTypeOf<number>();
      expect(sum.Sum).toBe(42);
      const echo = await services.callStatic(Widget, 'Echo', { Text: 'x' });
      expectTypeOf(echo.Text).toEqualTypeOf<string | null>();
      // @ts-expect-error not a method of the class
      await services.callStatic(Widget, 'Remove', {}).catch(() => undefined);
      // @ts-expect-error A takes a number
      await services.callStatic(Widget, 'Add', { A: 'two' }).catch(() => undefined);
    } finally {
      services.close();
    }
  });
});
