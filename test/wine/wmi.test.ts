/**
 * Real WMI under Wine: the compiled runtime (dist/) in the Windows node.exe, against
 * Wine's wbemprox. Set-up (Wine, node.exe, koffi for win32, a win10 prefix, the build)
 * happens in beforeAll and is cached in .cache/wine; a missing Wine fails the suite.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/wine-setup.mjs';
import { compileBindings, prepareWine, windowsPath } from './wine.js';

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
let generation: { status: number | null; output: string; files: string[]; tsc: { status: number | null; output: string } };

function outcome<T = any>(name: string): T {
  const r = results[name];
  expect(r, `scenario ${name} did not run`).toBeDefined();
  expect(r!.ok, `${name}: ${r!.error?.message}\n${r!.stack ?? ''}`).toBe(true);
  return r!.value as T;
}

/** Type-level use of the generated bindings: compiled with them, never run. */
const usage = `
import { connect, CimDateTime } from '@wmigen/runtime';
import { StdRegProv, Win32_OperatingSystem, Win32_Process } from './root/cimv2/index.js';

export async function typedUse(): Promise<void> {
  const services = await connect({ namespace: 'root\\\\cimv2' });
  const os = await services.from(Win32_OperatingSystem).first();
  if (os) {
    const caption: string | null = os.Caption;
    const free: bigint | null = os.FreePhysicalMemory;
    const boot: CimDateTime | null = os.LastBootUpTime;
    void caption, free, boot;
  }
  for await (const p of services.from(Win32_Process).all()) {
    const handle: string = p.Handle;
    void handle;
  }
  void StdRegProv.descriptor.methods;
  services.close();
}
`;

beforeAll(() => {
  const wine = prepareWine();
  const dist = join(repoRoot, 'dist');
  const gen = mkdtempSync(join(tmpdir(), 'wmigen-live-'));
  try {
    // wmigen --live under Wine: the CLI, the generator and the live schema reader in node.exe.
    const run = wine.run(join(repoRoot, 'bin', 'wmigen.js'), [
      'generate',
      '--namespace',
      'root\\cimv2',
      '--live',
      '--classes',
      'Win32_OperatingSystem,Win32_Process,StdRegProv',
      '--out',
      windowsPath(gen),
    ]);
    const files = existsSync(join(gen, 'root', 'cimv2')) ? readdirSync(join(gen, 'root', 'cimv2')).sort() : [];
    const tsc = files.length > 0 ? compileBindings(gen, { 'usage.ts': usage }) : { status: null, output: 'nothing generated', jsDir: '' };
    generation = { status: run.status, output: run.output, files, tsc: { status: tsc.status, output: tsc.output } };
    const bindings = tsc.status === 0 ? join(tsc.jsDir, 'root', 'cimv2', 'index.js') : '-';
    const { result } = wine.runForJson<Record<string, Outcome<any>>>(
      join(repoRoot, 'test', 'wine', 'scenarios.mjs'),
      [windowsPath(dist), bindings === '-' ? '-' : windowsPath(bindings)],
      180_000,
    );
    results = result;
  } finally {
    rmSync(gen, { recursive: true, force: true });
    wine.stop();
  }
}, 900_000);

describe('wmigen --live under Wine', () => {
  it('generates bindings of Win32_OperatingSystem, Win32_Process and StdRegProv that compile', () => {
    expect(generation.status, generation.output).toBe(0);
    expect(generation.files).toEqual(['StdRegProv.ts', 'Win32_OperatingSystem.ts', 'Win32_Process.ts', 'index.ts']);
    expect(generation.tsc.output).toBe('');
    expect(generation.tsc.status).toBe(0);
  });
});

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
    // Wine 8's method qualifier sets are empty: nothing says Create is static.
    expect(v.methodQualifiers['Win32_Process.Create']).toEqual({ isStatic: false, qualifiers: [] });
  });

  it('Win32_OperatingSystem through the generated bindings and the typed API: Caption a string, FreePhysicalMemory a bigint, LastBootUpTime a CimDateTime', () => {
    const v = outcome('operatingSystem');
    expect(outcome('bindings').source).toBe('generated');
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

  it('OpenNamespace (Wine answers directly, without a call result)', () => {
    const v = outcome('openNamespace');
    expect(v.namespace).toBe('root\\cimv2');
    expect(v.caption).toMatch(/Windows/);
    expect(v.missing.statusName).toBe('WBEM_E_INVALID_NAMESPACE');
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
