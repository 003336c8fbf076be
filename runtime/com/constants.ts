/**
 * Numeric constants of OLE Automation and RPC security that wbemcli.idl does not define
 * (VARENUM lives in wtypes.idl, the RPC_C_* values in rpcdce.h). WMI's own flags,
 * statuses, CIM types, slots and IIDs come from the generated bindings.
 */

export const VT_EMPTY = 0;
export const VT_NULL = 1;
export const VT_I2 = 2;
export const VT_I4 = 3;
export const VT_R4 = 4;
export const VT_R8 = 5;
export const VT_DATE = 7;
export const VT_BSTR = 8;
export const VT_DISPATCH = 9;
export const VT_ERROR = 10;
export const VT_BOOL = 11;
export const VT_VARIANT = 12;
export const VT_UNKNOWN = 13;
export const VT_I1 = 16;
export const VT_UI1 = 17;
export const VT_UI2 = 18;
export const VT_UI4 = 19;
export const VT_I8 = 20;
export const VT_UI8 = 21;
export const VT_INT = 22;
export const VT_UINT = 23;
export const VT_ARRAY = 0x2000;
export const VT_BYREF = 0x4000;

/** sizeof(VARIANT) on 64-bit Windows: vt + 3 reserved words + a 16-byte union. */
export const VARIANT_SIZE = 24;
export const VARIANT_VALUE_OFFSET = 8;

export const COINIT_MULTITHREADED = 0x0;
export const CLSCTX_INPROC_SERVER = 0x1;
export const CLSCTX_LOCAL_SERVER = 0x4;
export const RPC_C_AUTHN_LEVEL_DEFAULT = 0;
export const RPC_C_AUTHN_LEVEL_CALL = 3;
export const RPC_C_AUTHN_LEVEL_PKT_PRIVACY = 6;
export const RPC_C_IMP_LEVEL_IMPERSONATE = 3;
export const RPC_C_AUTHN_WINNT = 10;
export const RPC_C_AUTHN_DEFAULT = 0xffffffff;
export const RPC_C_AUTHZ_NONE = 0;
export const RPC_C_AUTHZ_DEFAULT = 0xffffffff;
export const EOAC_NONE = 0;
export const SEC_WINNT_AUTH_IDENTITY_UNICODE = 2;

export const S_OK = 0;
export const S_FALSE = 1;
export const E_NOINTERFACE = 0x80004002 | 0;
export const E_POINTER = 0x80004003 | 0;
/** CoInitializeSecurity was already called for this process (by us or the host). */
export const RPC_E_TOO_LATE = 0x80010119 | 0;
/** The thread is already in a single-threaded apartment. */
export const RPC_E_CHANGED_MODE = 0x80010106 | 0;
