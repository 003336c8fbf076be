/**
 * SOAP faults and transport failures as `WbemError`s, so a WS-Man caller catches the
 * same typed errors as a COM or in-memory one.
 *
 * Where the fault carries a status, that decides: a WMI HRESULT in WinRM's
 * `WSManFault Code` (or its provider fault, or `__ExtendedStatus.StatusCode`), or the
 * DSP0200 `CIMStatusCode` of the CIM_Error/OMI_Error that OMI puts in the Detail,
 * mapped to the WBEMSTATUS of the same meaning. Else the WS-Man subcode decides
 * (`w:AccessDenied` → WBEM_E_ACCESS_DENIED, …), else WBEM_E_FAILED.
 */

import { WBEMSTATUS } from '../../generated/com/wbemcli.js';
import { WbemError } from '../errors.js';
import { attr, child, children, path, type XNode } from './xml.js';

/** DSP0200 CIM status codes → the WBEMSTATUS of the same meaning. */
const cimStatusToWbem: ReadonlyMap<number, number> = new Map([
  [1, WBEMSTATUS.WBEM_E_FAILED],
  [2, WBEMSTATUS.WBEM_E_ACCESS_DENIED],
  [3, WBEMSTATUS.WBEM_E_INVALID_NAMESPACE],
  [4, WBEMSTATUS.WBEM_E_INVALID_PARAMETER],
  [5, WBEMSTATUS.WBEM_E_INVALID_CLASS],
  [6, WBEMSTATUS.WBEM_E_NOT_FOUND],
  [7, WBEMSTATUS.WBEM_E_NOT_SUPPORTED],
  [8, WBEMSTATUS.WBEM_E_CLASS_HAS_CHILDREN],
  [9, WBEMSTATUS.WBEM_E_CLASS_HAS_INSTANCES],
  [10, WBEMSTATUS.WBEM_E_INVALID_SUPERCLASS],
  [11, WBEMSTATUS.WBEM_E_ALREADY_EXISTS],
  [12, WBEMSTATUS.WBEM_E_INVALID_PROPERTY],
  [13, WBEMSTATUS.WBEM_E_TYPE_MISMATCH],
  [14, WBEMSTATUS.WBEM_E_INVALID_QUERY_TYPE],
  [15, WBEMSTATUS.WBEM_E_INVALID_QUERY],
  [16, WBEMSTATUS.WBEM_E_METHOD_NOT_IMPLEMENTED],
  [17, WBEMSTATUS.WBEM_E_INVALID_METHOD],
  [21, WBEMSTATUS.WBEM_E_INVALID_OPERATION],
  [22, WBEMSTATUS.WBEM_E_INVALID_PARAMETER],
  [23, WBEMSTATUS.WBEM_E_CALL_CANCELLED],
  [25, WBEMSTATUS.WBEM_E_NOT_SUPPORTED],
  [26, WBEMSTATUS.WBEM_E_NOT_SUPPORTED],
  [27, WBEMSTATUS.WBEM_E_SERVER_TOO_BUSY],
  [28, WBEMSTATUS.WBEM_E_SHUTTING_DOWN],
]);

/** WS-Management / WS-Addressing / WS-Enumeration fault subcodes (local names). */
const subcodeToWbem: ReadonlyMap<string, number> = new Map([
  ['AccessDenied', WBEMSTATUS.WBEM_E_ACCESS_DENIED],
  ['DestinationUnreachable', WBEMSTATUS.WBEM_E_INVALID_CLASS],
  ['TimedOut', WBEMSTATUS.WBEM_E_TIMED_OUT],
  ['CannotProcessFilter', WBEMSTATUS.WBEM_E_INVALID_QUERY],
  ['FilteringNotSupported', WBEMSTATUS.WBEM_E_NOT_SUPPORTED],
  ['FilterDialectRequestedUnavailable', WBEMSTATUS.WBEM_E_INVALID_QUERY_TYPE],
  ['InvalidSelectors', WBEMSTATUS.WBEM_E_INVALID_OBJECT_PATH],
  ['SchemaValidationError', WBEMSTATUS.WBEM_E_INVALID_PARAMETER],
  ['InvalidParameter', WBEMSTATUS.WBEM_E_INVALID_PARAMETER],
  ['ActionNotSupported', WBEMSTATUS.WBEM_E_NOT_SUPPORTED],
  ['UnsupportedFeature', WBEMSTATUS.WBEM_E_NOT_SUPPORTED],
  ['AlreadyExists', WBEMSTATUS.WBEM_E_ALREADY_EXISTS],
  ['QuotaLimit', WBEMSTATUS.WBEM_E_QUOTA_VIOLATION],
  ['InvalidEnumerationContext', WBEMSTATUS.WBEM_E_INVALID_OPERATION],
  ['InternalError', WBEMSTATUS.WBEM_E_FAILED],
]);

export interface SoapFault {
  readonly code: string;
  readonly subcode?: string;
  readonly reason: string;
  /** The WBEM HRESULT the fault maps to. */
  readonly hresult: number;
}

function intOf(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const t = text.trim();
  if (!/^-?\d+$/.test(t) && !/^0x[0-9a-f]+$/i.test(t)) return undefined;
  const n = Number(t);
  return Number.isSafeInteger(n) ? n >>> 0 : undefined;
}

/** Every WSManFault Code, error_Code and __ExtendedStatus StatusCode below `node`, outermost first. */
function hresultsIn(node: XNode, out: number[]): void {
  if (node.name === 'WSManFault') {
    const code = intOf(attr(node, 'Code'));
    if (code !== undefined) out.push(code);
  }
  // WinRM's MSFT_WmiError carries the WMI HRESULT in error_Code.
  if (node.name === 'error_Code') {
    const code = intOf(node.text);
    if (code !== undefined) out.push(code);
  }
  if (node.name === '__ExtendedStatus') {
    const code = intOf(child(node, 'StatusCode')?.text);
    if (code !== undefined) out.push(code);
  }
  for (const c of node.children) hresultsIn(c, out);
}

function cimStatusIn(detail: XNode | undefined): number | undefined {
  if (!detail) return undefined;
  for (const c of detail.children) {
    const status = intOf(child(c, 'CIMStatusCode')?.text);
    if (status !== undefined) return status;
  }
  return undefined;
}

/** The HRESULT a fault maps to (see the module comment). */
function faultHResult(detail: XNode | undefined, subcode: string | undefined): number {
  const codes: number[] = [];
  if (detail) hresultsIn(detail, codes);
  const wbem = codes.find((c) => c >= 0x80041000 && c <= 0x8004ffff);
  if (wbem !== undefined) return wbem;
  const cim = cimStatusIn(detail);
  if (cim !== undefined && cim !== 0) return cimStatusToWbem.get(cim) ?? WBEMSTATUS.WBEM_E_FAILED;
  const local = subcode?.slice(subcode.indexOf(':') + 1);
  const bySubcode = local !== undefined ? subcodeToWbem.get(local) : undefined;
  if (bySubcode !== undefined) return bySubcode;
  const failure = codes.find((c) => c >= 0x80000000);
  return failure ?? WBEMSTATUS.WBEM_E_FAILED;
}

/** The fault in a response envelope, or undefined when the body holds none. */
export function soapFaultOf(envelope: XNode): SoapFault | undefined {
  const fault = path(envelope, 'Body', 'Fault');
  if (!fault) return undefined;
  const code = path(fault, 'Code', 'Value')?.text.trim() ?? '';
  const subcode = path(fault, 'Code', 'Subcode', 'Value')?.text.trim();
  const texts = children(child(fault, 'Reason'), 'Text').map((t) => t.text.trim());
  const detail = child(fault, 'Detail');
  const message = detail ? deepMessage(detail) : undefined;
  const reason = [texts[0], message].filter((t, i, a) => t && a.indexOf(t) === i).join(': ');
  return { code, subcode, reason, hresult: faultHResult(detail, subcode) };
}

/** WinRM's innermost `Message` text (a provider's own words), if any. */
function deepMessage(node: XNode): string | undefined {
  let found: string | undefined;
  const visit = (n: XNode): void => {
    if (n.name === 'Message' && n.children.length === 0 && n.text.trim()) found = n.text.trim();
    for (const c of n.children) visit(c);
  };
  visit(node);
  return found;
}

export function faultError(fault: SoapFault, operation: string): WbemError {
  const sub = fault.subcode ? ` [${fault.subcode}]` : '';
  return new WbemError(fault.hresult, operation, `${fault.reason || 'SOAP fault'}${sub}`);
}

export function transportError(operation: string, detail: string): WbemError {
  return new WbemError(WBEMSTATUS.WBEM_E_TRANSPORT_FAILURE, operation, detail);
}

export function timeoutError(operation: string, ms: number): WbemError {
  return new WbemError(WBEMSTATUS.WBEM_E_TIMED_OUT, operation, `no answer within ${ms} ms`);
}

export function cancelledError(operation: string): WbemError {
  return new WbemError(WBEMSTATUS.WBEM_E_CALL_CANCELLED, operation, 'aborted');
}

export function accessDeniedError(operation: string, detail: string): WbemError {
  return new WbemError(WBEMSTATUS.WBEM_E_ACCESS_DENIED, operation, detail);
}
