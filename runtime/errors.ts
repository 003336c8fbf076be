/**
 * Errors of COM and WMI calls. A failed HRESULT becomes a `WbemError` naming the
 * operation (`IWbemServices::GetObject`), the WBEMSTATUS name when the code is one
 * (`WBEM_E_INVALID_CLASS`), else a common Win32/COM name (`E_ACCESSDENIED`), else
 * `HRESULT 0x…`. HRESULTs are kept unsigned (`0x80041010`, not -2147217392): koffi
 * returns them as signed int32, so every entry point normalizes with `>>> 0`.
 *
 * These messages never carry credentials: the helpers take an operation name and a
 * free `detail` text only, and callers must not put user names or passwords in either.
 */

import { WmigenError } from '../grammar/diagnostics.js';
import { wbemStatusName } from '../generated/com/wbemcli.js';

/** Common COM/Win32 HRESULTs that are not WBEMSTATUS codes (winerror.h values). */
const commonHResults: ReadonlyMap<number, string> = new Map([
  [0x00000000, 'S_OK'],
  [0x00000001, 'S_FALSE'],
  [0x80004001, 'E_NOTIMPL'],
  [0x80004002, 'E_NOINTERFACE'],
  [0x80004003, 'E_POINTER'],
  [0x80004004, 'E_ABORT'],
  [0x80004005, 'E_FAIL'],
  [0x8000ffff, 'E_UNEXPECTED'],
  [0x80070005, 'E_ACCESSDENIED'],
  [0x80070006, 'E_HANDLE'],
  [0x8007000e, 'E_OUTOFMEMORY'],
  [0x80070057, 'E_INVALIDARG'],
  [0x800706ba, 'RPC_S_SERVER_UNAVAILABLE'],
  [0x800706be, 'RPC_S_CALL_FAILED'],
  [0x80010001, 'RPC_E_CALL_REJECTED'],
  [0x80010106, 'RPC_E_CHANGED_MODE'],
  [0x80010119, 'RPC_E_TOO_LATE'],
  [0x800401f0, 'CO_E_NOTINITIALIZED'],
  [0x80040154, 'REGDB_E_CLASSNOTREG'],
  [0x80040111, 'CLASS_E_CLASSNOTAVAILABLE'],
  [0x80040110, 'CLASS_E_NOAGGREGATION'],
]);

/** `0x80041010` style, eight hex digits, upper case. */
export function formatHResult(hr: number): string {
  return `0x${(hr >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;
}

/** WBEMSTATUS name, else a common COM name, else `HRESULT 0x…`. */
export function hresultName(hr: number): string {
  const u = hr >>> 0;
  return wbemStatusName(u) ?? commonHResults.get(u) ?? `HRESULT ${formatHResult(u)}`;
}

/** True for failure codes (severity bit set). */
export function isFailure(hr: number): boolean {
  return (hr >>> 0) >= 0x80000000;
}

export class WbemError extends WmigenError {
  /** The HRESULT, unsigned (`0x80041010`). */
  readonly hresult: number;
  /** `WBEM_E_INVALID_CLASS`, `E_ACCESSDENIED`, or `HRESULT 0x…`. */
  readonly statusName: string;
  /** The call that failed, e.g. `IWbemServices::ExecQuery`. */
  readonly operation: string;
  readonly detail?: string;

  constructor(hresult: number, operation: string, detail?: string) {
    const hr = hresult >>> 0;
    const statusName = hresultName(hr);
    const code = formatHResult(hr);
    const named = statusName.startsWith('HRESULT ') ? code : `${statusName} (${code})`;
    super(`${operation} failed: ${named}${detail ? `: ${detail}` : ''}`, [
      { severity: 'error', code: statusName.startsWith('HRESULT ') ? code : statusName, message: `${operation} failed${detail ? `: ${detail}` : ''}` },
    ]);
    this.hresult = hr;
    this.statusName = statusName;
    this.operation = operation;
    if (detail !== undefined) this.detail = detail;
  }

  static fromHResult(hr: number, operation: string, detail?: string): WbemError {
    return new WbemError(hr, operation, detail);
  }
}

/** Whether `e` is a WbemError, optionally with the given status name (`WBEM_E_NOT_FOUND`). */
export function isWbemError(e: unknown, name?: string): e is WbemError {
  return e instanceof WbemError && (name === undefined || e.statusName === name);
}
