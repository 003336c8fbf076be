/**
 * The WMI constants the runtime uses, read once from the generated wbemcli bindings and
 * normalised to signed 32-bit numbers (HRESULTs arrive from koffi as int32).
 */

import { generatedConstant } from './interfaces.js';

const NAMES = [
  'WBEM_FLAG_RETURN_IMMEDIATELY',
  'WBEM_FLAG_FORWARD_ONLY',
  'WBEM_FLAG_NONSYSTEM_ONLY',
  'WBEM_FLAG_CREATE_ONLY',
  'WBEM_FLAG_UPDATE_ONLY',
  'WBEM_FLAG_CREATE_OR_UPDATE',
  'WBEM_FLAG_DEEP',
  'WBEM_FLAG_SEND_STATUS',
  'WBEM_FLAG_CONNECT_USE_MAX_WAIT',
  'WBEM_FLAG_LOCAL_ONLY',
  'WBEM_NO_WAIT',
  'WBEM_INFINITE',
  'WBEM_S_NO_ERROR',
  'WBEM_S_FALSE',
  'WBEM_S_TIMEDOUT',
  'WBEM_S_NO_MORE_DATA',
  'WBEM_E_FAILED',
  'WBEM_E_NOT_FOUND',
  'WBEM_E_TIMED_OUT',
  'WBEM_E_CALL_CANCELLED',
  'WBEM_E_INVALID_PARAMETER',
  'WBEM_E_INVALID_METHOD',
  'WBEM_E_INVALID_CLASS',
  'WBEM_E_TYPE_MISMATCH',
  'WBEM_E_NOT_SUPPORTED',
  'WBEM_STATUS_COMPLETE',
  'WBEM_GENUS_CLASS',
  'WBEM_FLAVOR_ORIGIN_SYSTEM',
  'WBEM_FLAVOR_MASK_ORIGIN',
  'CIM_SINT8',
  'CIM_UINT8',
  'CIM_SINT16',
  'CIM_UINT16',
  'CIM_SINT32',
  'CIM_UINT32',
  'CIM_SINT64',
  'CIM_UINT64',
  'CIM_REAL32',
  'CIM_REAL64',
  'CIM_BOOLEAN',
  'CIM_STRING',
  'CIM_DATETIME',
  'CIM_REFERENCE',
  'CIM_CHAR16',
  'CIM_OBJECT',
  'CIM_FLAG_ARRAY',
  'CIM_EMPTY',
] as const;

export type WbemConstantName = (typeof NAMES)[number];

let table: Record<WbemConstantName, number> | undefined;

/** The constants, by their wbemcli.idl names. */
export function wbem(): Readonly<Record<WbemConstantName, number>> {
  if (!table) {
    const t = {} as Record<WbemConstantName, number>;
    for (const n of NAMES) t[n] = generatedConstant(n) | 0;
    table = t;
  }
  return table;
}
