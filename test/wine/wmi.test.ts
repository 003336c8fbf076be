/**
 * Real WMI under Wine: the compiled runtime (dist/) in the Windows node.exe, against
 * Wine's wbemprox. Set-up (Wine, node.exe, koffi for win32, a win10 prefix, the build)
 * happens in beforeAll and is cached in .cache/wine; a missing Wine fails the suite.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/wine-setup.mjs';
import { prepareWine, windowsPath } from './wine.js';

interface Outcome<T> {
  readonly ok: boolean;
  readonly value: T;
  readonly error?: { statusName?: string; message: string };
  readonly stack?: string;
}

interface Rejection {
  readonly rejected: boolean;
  readonly isWbemError: boolean;
  readonly statusName?: string;
  readonly message: string;
}

let results: Record<string, Outcome<any>>;

function outcome<T = any>(name: string): T {
  const r = results[name];
  expect(r, `scenario ${name} did not run`).toBeDefined();
  expect(r!.ok, `${name}: ${r!.error?.message}\n${r!.stack ?? ''}`).toBe(true);
  return r!.value as T;
}

beforeAll(() => {
  const wine = prepareWine();
  const dist = join(repoRoot, 'dist');
  const { result } = wine.runForJson<Record<string, Outcome<any>>>(join(repoRoot, 'test', 'wine', 'scenarios.mjs'), [windowsPath(dist)], 180_000);
  results = result;
}, 900_000);

describe('WMI under Wine', () => {
  it('runs in the Windows node.exe', () => {
    expect(outcome('platform').platform).toBe('win32');
  });

  it('reads the live schema by introspection (Wine cannot enumerate classes)', () => {
    const v = outcome('liveSchema');
    expect(v.sources).toEqual({ Win32_OperatingSystem: 'introspection', Win32_Process: 'introspection', StdRegProv: 'introspection' });
    expect(v.osTypes).toEqual({ Caption: 'string', FreePhysicalMemory: 'uint64', LastBootUpTime: 'datetime' });
    expect(v.processKeys).toEqual(['Handle']);
    expect(v.processMethods).toEqual(expect.arrayContaining(['Create', 'GetOwner']));
  });

  it('Win32_OperatingSystem through the typed API: Caption a string, FreePhysicalMemory a bigint, LastBootUpTime a CimDateTime', () => {
    const v = outcome('operatingSystem');
    expect(v.providerKind).toBe('com');
    expect(v.captionType).toBe('string');
    expect(v.caption).toMatch(/Windows/);
    expect(v.freePhysicalMemoryType).toBe('bigint');
    expect(BigInt(v.freePhysicalMemory)).toBeGreaterThan(0n);
    expect(v.lastBootIsCimDateTime).toBe(true);
    expect(v.lastBootYear).toBeGreaterThan(2000);
  });

  it('lists Win32_Process', () => {
    const v = outcome('processes');
    expect(v.count).toBeGreaterThan(1);
    expect(v.names.map((n: string) => n.toLowerCase())).toContain('node.exe');
    expect(v.handleTypes).toEqual(['string']);
  });

  it('StdRegProv.GetStringValue with typed out-parameters', () => {
    const v = outcome('registry');
    expect(v.returnValue).toBe(0);
    expect(v.sValueType).toBe('string');
    expect(v.sValue).toMatch(/Windows/);
  });

  it('Win32_Process.Create, then GetOwner of the new process, with typed out-parameters', () => {
    const v = outcome('createAndOwner');
    expect(v.createReturn).toBe(0);
    expect(v.processIdType).toBe('number');
    expect(v.processId).toBeGreaterThan(0);
    expect(v.ownerReturn).toBe(0);
    expect(v.userType).toBe('string');
    expect(v.domainType).toBe('string');
  });

  it('WBEM_E_INVALID_CLASS, WBEM_E_INVALID_NAMESPACE and WBEM_E_INVALID_METHOD as typed errors', () => {
    const v = outcome('errors') as Record<string, Rejection> & { unknownClassQueryRows: number };
    expect(v.unknownClassQueryRows).toBe(0);
    for (const [name, status] of [
      ['invalidClass', 'WBEM_E_INVALID_CLASS'],
      ['invalidClassLive', 'WBEM_E_INVALID_CLASS'],
      ['invalidNamespace', 'WBEM_E_INVALID_NAMESPACE'],
      ['invalidMethod', 'WBEM_E_INVALID_METHOD'],
      ['notFound', 'WBEM_E_NOT_FOUND'],
    ] as const) {
      expect(v[name]!.rejected, name).toBe(true);
      expect(v[name]!.isWbemError, name).toBe(true);
      expect(v[name]!.statusName, `${name}: ${v[name]!.message}`).toBe(status);
    }
  });

  it('an asynchronous query through an IWbemObjectSink implemented in JS', () => {
    const v = outcome('asyncSink');
    expect(v.count).toBeGreaterThan(1);
    expect(v.names.map((n: string) => n.toLowerCase())).toContain('node.exe');
  });

  it('a streamed enumeration, one object per Next, and an early exit that releases the enumerator', () => {
    const v = outcome('streamed');
    expect(v.all).toBeGreaterThan(1);
    expect(v.early).toBe(2);
    expect(v.liveAfter).toBe(v.liveBefore);
    expect(v.releasedDelta).toBe(2);
  });

  it('an aborted call is a typed WBEM_E_CALL_CANCELLED', () => {
    const v = outcome('timeoutAndAbort');
    expect(v.aborted.statusName).toBe('WBEM_E_CALL_CANCELLED');
  });

  it('releases every reference it took', () => {
    const v = outcome('lifetimes');
    expect(v.providerStats.live).toBe(0);
    expect(v.providerStats.leaked).toBe(0);
    expect(v.servicesStats.live).toBe(0);
  });
});
