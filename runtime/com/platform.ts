/**
 * The platform layer: the ole32/oleaut32 functions the COM runtime calls.
 *
 * On Windows (and under Wine) they come from `ole32.dll` and `oleaut32.dll`. The layer
 * is injectable: `loadComPlatform({ library })` takes every function from one shared
 * library instead, which is how the Linux test double (a g++-built `.so` that implements
 * both these functions and the WMI interfaces) is driven through the very same code path.
 */

import koffi, { type LibraryHandle } from 'koffi';

export interface ComPlatform {
  /** Where the functions came from, for messages. */
  readonly source: string;
  CoInitializeEx(reserved: null, coinit: number): number;
  CoUninitialize(): void;
  /**
   * Keeps the process's multithreaded apartment alive for threads that never initialised
   * COM (koffi's worker threads), whatever the JS thread's apartment. Undefined where the
   * platform lacks it (before Windows 8).
   */
  CoIncrementMTAUsage?: (cookie: Buffer) => number;
  CoInitializeSecurity(
    sd: null,
    authSvcCount: number,
    authSvc: null,
    reserved1: null,
    authnLevel: number,
    impLevel: number,
    authList: null,
    capabilities: number,
    reserved3: null,
  ): number;
  CoCreateInstance(clsid: Buffer, outer: null, clsctx: number, iid: Buffer, out: Buffer): number;
  CoSetProxyBlanket(
    proxy: bigint,
    authnSvc: number,
    authzSvc: number,
    principal: bigint | null,
    authnLevel: number,
    impLevel: number,
    authInfo: bigint | Buffer | null,
    capabilities: number,
  ): number;
  SysAllocString(text: string): bigint | null;
  SysAllocStringLen(text: string | null, length: number): bigint | null;
  SysFreeString(bstr: bigint | null): void;
  SysStringLen(bstr: bigint): number;
  VariantInit(variant: Buffer): void;
  VariantClear(variant: Buffer | bigint): number;
  SafeArrayCreateVector(vt: number, lowerBound: number, count: number): bigint | null;
  SafeArrayDestroy(array: bigint): number;
  SafeArrayGetLBound(array: bigint, dim: number, out: Buffer): number;
  SafeArrayGetUBound(array: bigint, dim: number, out: Buffer): number;
  SafeArrayAccessData(array: bigint, out: Buffer): number;
  SafeArrayUnaccessData(array: bigint): number;
  SafeArrayGetVartype(array: bigint, out: Buffer): number;
}

export interface PlatformOptions {
  /**
   * Take every function from this one shared library (the test double) instead of
   * ole32.dll/oleaut32.dll.
   */
  readonly library?: string;
}

const OLE32 = {
  CoInitializeEx: 'int32_t __stdcall CoInitializeEx(void *reserved, uint32_t coinit)',
  CoUninitialize: 'void __stdcall CoUninitialize()',
  CoInitializeSecurity:
    'int32_t __stdcall CoInitializeSecurity(void *sd, int32_t count, void *svc, void *r1, uint32_t authn, uint32_t imp, void *list, uint32_t caps, void *r3)',
  CoCreateInstance: 'int32_t __stdcall CoCreateInstance(void *clsid, void *outer, uint32_t ctx, void *iid, void *out)',
  CoSetProxyBlanket:
    'int32_t __stdcall CoSetProxyBlanket(void *proxy, uint32_t authn, uint32_t authz, void *principal, uint32_t level, uint32_t imp, void *info, uint32_t caps)',
} as const;

const OLEAUT32 = {
  SysAllocString: 'void * __stdcall SysAllocString(const char16_t *text)',
  SysAllocStringLen: 'void * __stdcall SysAllocStringLen(const char16_t *text, uint32_t length)',
  SysFreeString: 'void __stdcall SysFreeString(void *bstr)',
  SysStringLen: 'uint32_t __stdcall SysStringLen(void *bstr)',
  VariantInit: 'void __stdcall VariantInit(void *variant)',
  VariantClear: 'int32_t __stdcall VariantClear(void *variant)',
  SafeArrayCreateVector: 'void * __stdcall SafeArrayCreateVector(uint16_t vt, int32_t lower, uint32_t count)',
  SafeArrayDestroy: 'int32_t __stdcall SafeArrayDestroy(void *array)',
  SafeArrayGetLBound: 'int32_t __stdcall SafeArrayGetLBound(void *array, uint32_t dim, void *out)',
  SafeArrayGetUBound: 'int32_t __stdcall SafeArrayGetUBound(void *array, uint32_t dim, void *out)',
  SafeArrayAccessData: 'int32_t __stdcall SafeArrayAccessData(void *array, void *out)',
  SafeArrayUnaccessData: 'int32_t __stdcall SafeArrayUnaccessData(void *array)',
  SafeArrayGetVartype: 'int32_t __stdcall SafeArrayGetVartype(void *array, void *out)',
} as const;

const platforms = new Map<string, ComPlatform>();

/** Loads (once per source) the platform functions. */
export function loadComPlatform(options: PlatformOptions = {}): ComPlatform {
  const key = options.library ?? '<windows>';
  const cached = platforms.get(key);
  if (cached) return cached;
  let ole32: LibraryHandle;
  let oleaut32: LibraryHandle;
  if (options.library) {
    ole32 = oleaut32 = koffi.load(options.library);
  } else {
    if (process.platform !== 'win32') {
      throw new Error(
        `the COM provider needs Windows (ole32.dll); on ${process.platform} use the in-memory provider, or pass a platform library`,
      );
    }
    ole32 = koffi.load('ole32.dll');
    oleaut32 = koffi.load('oleaut32.dll');
  }
  const fns: Record<string, unknown> = { source: options.library ?? 'ole32.dll/oleaut32.dll' };
  for (const [name, proto] of Object.entries(OLE32)) fns[name] = ole32.func(proto);
  for (const [name, proto] of Object.entries(OLEAUT32)) fns[name] = oleaut32.func(proto);
  try {
    fns.CoIncrementMTAUsage = ole32.func('int32_t __stdcall CoIncrementMTAUsage(void *cookie)');
  } catch {
    // Not exported (older Windows): the JS thread's own MTA initialisation has to do.
  }
  const platform = fns as unknown as ComPlatform;
  platforms.set(key, platform);
  return platform;
}
