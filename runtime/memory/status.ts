/**
 * The WMI errors the in-memory provider raises: the same HRESULTs (wbemcli.idl values)
 * WMI gives for the same mistakes, as `WbemError`s, so callers handle both providers
 * with one `catch`.
 */

import { WbemError } from '../errors.js';

export const WBEM_E = {
  FAILED: 0x80041001 | 0,
  NOT_FOUND: 0x80041002 | 0,
  TYPE_MISMATCH: 0x80041005 | 0,
  INVALID_PARAMETER: 0x80041008 | 0,
  NOT_SUPPORTED: 0x8004100c | 0,
  INVALID_NAMESPACE: 0x8004100e | 0,
  INVALID_CLASS: 0x80041010 | 0,
  INVALID_QUERY: 0x80041017 | 0,
  INVALID_QUERY_TYPE: 0x80041018 | 0,
  ALREADY_EXISTS: 0x80041019 | 0,
  ILLEGAL_NULL: 0x80041028 | 0,
  INVALID_METHOD: 0x8004102e | 0,
  INVALID_METHOD_PARAMETERS: 0x8004102f | 0,
  CALL_CANCELLED: 0x80041032 | 0,
  INVALID_OBJECT_PATH: 0x8004103a | 0,
  METHOD_NOT_IMPLEMENTED: 0x80041055 | 0,
  TIMED_OUT: 0x80041069 | 0,
} as const;

export type MemoryStatus = keyof typeof WBEM_E;

export function wbemError(status: MemoryStatus, operation: string, detail?: string): WbemError {
  return WbemError.fromHResult(WBEM_E[status], operation, detail);
}

export function wbemErrorFromHResult(hr: number, operation: string, detail?: string): WbemError {
  return WbemError.fromHResult(hr, operation, detail);
}
