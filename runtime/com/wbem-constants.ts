/**
 * The WMI flags, status codes and CIM types of the generated wbemcli enums, as signed
 * 32-bit numbers: koffi passes `long` arguments and returns HRESULTs as int32, while the
 * enums hold the unsigned values the IDL writes (`WBEM_INFINITE` is 0xFFFFFFFF here -1).
 * The names are the enums' own members, so a misspelled one is a compile error.
 */

import {
  CIMTYPE_ENUMERATION,
  WBEM_CHANGE_FLAG_TYPE,
  WBEM_CONDITION_FLAG_TYPE,
  WBEM_CONNECT_OPTIONS,
  WBEM_FLAVOR_TYPE,
  WBEM_GENERIC_FLAG_TYPE,
  WBEM_GENUS_TYPE,
  WBEM_QUERY_FLAG_TYPE,
  WBEM_STATUS_TYPE,
  WBEM_TIMEOUT_TYPE,
  WBEMSTATUS,
} from '../../generated/com/wbemcli.js';

/** The members of a numeric enum, each as a signed 32-bit number. */
type Signed<E> = { readonly [K in keyof E]: number };

function signed<E extends Record<string, string | number>>(e: E): Signed<E> {
  const out: Record<string, number> = {};
  // A numeric enum object also maps values back to names: keep the name → value entries.
  for (const [name, value] of Object.entries(e))
    if (typeof value === 'number') out[name] = value | 0;
  return out as Signed<E>;
}

/** The enums `wbem()` merges. */
export const wbemConstantEnums = {
  WBEMSTATUS,
  WBEM_GENERIC_FLAG_TYPE,
  WBEM_CONDITION_FLAG_TYPE,
  WBEM_CHANGE_FLAG_TYPE,
  WBEM_QUERY_FLAG_TYPE,
  WBEM_CONNECT_OPTIONS,
  WBEM_TIMEOUT_TYPE,
  WBEM_STATUS_TYPE,
  WBEM_GENUS_TYPE,
  WBEM_FLAVOR_TYPE,
  CIMTYPE_ENUMERATION,
} as const;

type Merged<T> = (T extends unknown ? (x: T) => void : never) extends (x: infer I) => void
  ? I
  : never;
type EnumsTable = Merged<
  {
    [E in keyof typeof wbemConstantEnums]: Signed<(typeof wbemConstantEnums)[E]>;
  }[keyof typeof wbemConstantEnums]
>;

// No member name occurs in two of these enums (test/runtime/com/vtable.test.ts checks it), so
// merging loses nothing.
const table = Object.assign(
  {},
  ...Object.values(wbemConstantEnums).map((e) => signed(e)),
) as EnumsTable;

export type WbemConstantName = keyof EnumsTable;

/** The constants, by their wbemcli.idl names, signed. */
export function wbem(): EnumsTable {
  return table;
}
