// Apart from values.ts so that the runtime's in-memory provider checks ranges without
// importing the MOF grammar's literal rules.

/**
 * Number ranges of the integer types for the common case of an integer the parser gave as a
 * number: checked without making a BigInt (CIM 2.51 converts thousands of integer qualifier
 * values per load). Numbers from the parser are safe integers, so 64-bit types only need
 * the sign check.
 */
export const integerRanges: Readonly<Record<string, readonly [number, number]>> = {
  uint8: [0, 255],
  sint8: [-128, 127],
  uint16: [0, 65535],
  sint16: [-32768, 32767],
  uint32: [0, 4294967295],
  sint32: [-2147483648, 2147483647],
  uint64: [0, Number.MAX_SAFE_INTEGER],
  sint64: [Number.MIN_SAFE_INTEGER, Number.MAX_SAFE_INTEGER],
};
