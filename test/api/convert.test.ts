import { describe, expect, it } from 'vitest';
import {
  classOf,
  fromWireObject,
  pathOf,
  registerClasses,
  toWireObject,
} from '../../runtime/convert.js';
import { CimDateTime, CimInterval } from '../../runtime/datetime.js';
import { defineClass } from '../../runtime/descriptor.js';

const Inner = defineClass<{ Size: bigint | null; When: CimDateTime | null }>({
  name: 'Test_Inner',
  namespace: 'root\\cimv2',
  superclass: null,
  keys: [],
  properties: {
    Size: { name: 'Size', cimType: 'uint64', isArray: false },
    When: { name: 'When', cimType: 'datetime', isArray: false },
  },
  methods: {},
});

const Outer = defineClass<{
  Id: string;
  Inner: object | null;
  Sizes: readonly bigint[] | null;
  Uptime: CimInterval | null;
  Ref: string | null;
}>({
  name: 'Test_Outer',
  namespace: 'root\\cimv2',
  superclass: null,
  keys: ['Id'],
  properties: {
    Id: { name: 'Id', cimType: 'string', isArray: false, isKey: true },
    Inner: { name: 'Inner', cimType: 'object', isArray: false, embeddedClass: 'Test_Inner' },
    Sizes: { name: 'Sizes', cimType: 'sint64', isArray: true },
    Uptime: { name: 'Uptime', cimType: 'datetime', isArray: false, isInterval: true },
    Ref: { name: 'Ref', cimType: 'reference', isArray: false, refClass: 'Test_Inner' },
  },
  methods: {},
});

describe('wire <-> typed conversion', () => {
  registerClasses(Inner, Outer);
  const wire = {
    className: 'Test_Outer',
    path: '\\\\.\\root\\cimv2:Test_Outer.Id="a"',
    properties: {
      Id: 'a',
      Inner: {
        className: 'Test_Inner',
        path: null,
        properties: { Size: '18446744073709551615', When: '20261124003000.000000+060' },
      },
      Sizes: ['-9223372036854775808', '0'],
      Uptime: '00000001020304.000005:000',
      Ref: 'Test_Inner=@',
    },
  };

  it('converts by descriptor, embedded objects by their own class', () => {
    const typed = fromWireObject(wire, Outer.descriptor) as any;
    expect(typed.Id).toBe('a');
    expect(typed.Inner.Size).toBe(18446744073709551615n);
    expect(typed.Inner.When).toBeInstanceOf(CimDateTime);
    expect(typed.Inner.When.offsetMinutes).toBe(60);
    expect(typed.Sizes).toEqual([-9223372036854775808n, 0n]);
    expect(typed.Uptime).toBeInstanceOf(CimInterval);
    expect(typed.Uptime.toString()).toBe('00000001020304.000005:000');
    expect(typed.Ref).toBe('Test_Inner=@');
    expect(pathOf(typed)).toBe(wire.path);
    expect(classOf(typed)).toBe('Test_Outer');
    expect(Object.keys(typed)).toEqual(['Id', 'Inner', 'Sizes', 'Uptime', 'Ref']);
  });

  it('round-trips back to the wire form', () => {
    const typed = fromWireObject(wire, Outer.descriptor);
    expect(toWireObject(typed, 'Test_Outer', Outer.descriptor)).toEqual(wire);
    expect(() => toWireObject({ Nope: 1 }, 'Test_Outer', Outer.descriptor)).toThrow(
      /no property Nope/,
    );
    expect(
      toWireObject({ Id: 'b', Sizes: [1n, 2] }, 'Test_Outer', Outer.descriptor).properties,
    ).toEqual({ Id: 'b', Sizes: ['1', '2'] });
  });
});
