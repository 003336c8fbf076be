/**
 * `connect()` takes the DCOM authentication and impersonation levels, typed (no cast),
 * and the COM provider passes them to CoInitializeSecurity and CoSetProxyBlanket.
 */

import { describe, expect, expectTypeOf, it } from 'vitest';
import { connect, type ConnectOptions } from '../../../runtime/index.js';
import { ComProvider } from '../../../runtime/com/provider.js';
import { WbemError } from '../../../runtime/errors.js';
import { loadDouble } from './double.js';

describe('connect() security options', () => {
  it('types the authentication and impersonation levels', () => {
    expectTypeOf<ConnectOptions['authenticationLevel']>().toEqualTypeOf<
      'default' | 'none' | 'connect' | 'call' | 'pkt' | 'pktIntegrity' | 'pktPrivacy' | undefined
    >();
    expectTypeOf<ConnectOptions['impersonationLevel']>().toEqualTypeOf<'default' | 'anonymous' | 'identify' | 'impersonate' | 'delegate' | undefined>();
    const typed = (): Promise<unknown> =>
      connect({ host: 'server', user: 'DOMAIN\\admin', password: 'secret', authority: 'ntlmdomain:DOMAIN', authenticationLevel: 'pktPrivacy', impersonationLevel: 'impersonate' });
    // @ts-expect-error not a level
    const wrong = (): Promise<unknown> => connect({ authenticationLevel: 'encrypted' });
    void typed;
    void wrong;
  });

  it('passes them to COM, and names a level that is not one', async () => {
    const dbl = loadDouble();
    const p = await ComProvider.connect({ namespace: 'root\\test', platform: { library: dbl.library }, authenticationLevel: 'pktIntegrity', impersonationLevel: 'identify' });
    p.close();
    const err = await ComProvider.connect({
      namespace: 'root\\test',
      platform: { library: dbl.library },
      impersonationLevel: 'sudo' as never,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WbemError);
    expect((err as WbemError).message).toContain('impersonationLevel must be one of');
  });
});
