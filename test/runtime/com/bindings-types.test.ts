/**
 * The runtime binds COM methods with types: an interface or method name the generated
 * bindings do not have is a compile error. The `@ts-expect-error` lines make tsc (`npm
 * run typecheck`) fail if the binding becomes untyped again (a `string` parameter would
 * accept them); at run time the same calls throw.
 */

import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  bindAll,
  bindGenerated,
  clsidOf,
  iidOf,
  type MethodName,
} from '../../../runtime/com/interfaces.js';

describe('typed COM bindings', () => {
  it('reject misspelled interface, method and CLSID names', () => {
    // @ts-expect-error ExecQeury is not a method of IWbemServices
    expect(() => bindGenerated('IWbemServices', 'ExecQeury')).toThrow(
      /IWbemServices has no method ExecQeury/,
    );
    // @ts-expect-error ExecQuery is a method of IWbemServices, not of IWbemLocator
    expect(() => bindAll('IWbemLocator', ['ConnectServer', 'ExecQuery'])).toThrow(
      /IWbemLocator has no method ExecQuery/,
    );
    // @ts-expect-error IWbemServise is not an interface of wbemcli.idl
    expect(() => bindAll('IWbemServise', ['ExecQuery'])).toThrow(/no method ExecQuery/);
    // @ts-expect-error IWbemServise is not an interface of wbemcli.idl
    expect(() => iidOf('IWbemServise')).toThrow();
    // @ts-expect-error CLSID_WbemLocater is not a CLSID of wbemcli.idl
    expect(() => clsidOf('CLSID_WbemLocater')).toThrow();
  });

  it('name the methods of each interface, inherited ones included', () => {
    expectTypeOf<'ExecQuery'>().toMatchTypeOf<MethodName<'IWbemServices'>>();
    expectTypeOf<'Release'>().toMatchTypeOf<MethodName<'IWbemServices'>>();
    expectTypeOf<MethodName<'IWbemObjectSink'>>().toEqualTypeOf<
      'QueryInterface' | 'AddRef' | 'Release' | 'Indicate' | 'SetStatus'
    >();
    const services = bindAll('IWbemServices', ['ExecQuery', 'Release']);
    expectTypeOf(services).toEqualTypeOf<
      Record<'ExecQuery' | 'Release', (typeof services)['ExecQuery']>
    >();
    expect(services.ExecQuery.slot).toBe(20);
    expect(services.Release.slot).toBe(2);
  });
});
