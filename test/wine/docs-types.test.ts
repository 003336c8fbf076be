/**
 * Issue 7's check against real WMI: the Win32 types that the bundled docs snapshot
 * (schemas/windows/cimv2.mof, from Microsoft's reference pages) gives agree with the values
 * Wine's WMI returns. Every property value of every row Wine returns for these classes is
 * checked against the property's CIM type in the snapshot, then converted through the
 * runtime with that type and checked against the TypeScript type the generator emits for
 * it (number, bigint, boolean, string, CimDateTime/CimInterval, arrays).
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadMofFiles } from '../../model/cim/load.js';
import type { CimClass, CimProperty } from '../../model/cim/types.js';
import { findClass, findProperty } from '../../model/cim/lookup.js';
import { valueFromWire } from '../../runtime/convert.js';
import { CimDateTime, CimInterval, parseCimDateTimeOrInterval } from '../../runtime/datetime.js';
import type { PropertyDescriptor } from '../../runtime/descriptor.js';
import { repoRoot } from '../corpus.js';

const classes = [
  'Win32_OperatingSystem',
  'Win32_ComputerSystem',
  'Win32_BIOS',
  'Win32_Processor',
  'Win32_Service',
  'Win32_LogicalDisk',
  'Win32_Process',
  'Win32_DiskDrive',
  'Win32_NetworkAdapter',
  'Win32_VideoController',
];

interface Row {
  className: string;
  properties: Record<string, unknown>;
}

const INTEGER_RANGES: Record<string, [number, number]> = {
  uint8: [0, 0xff],
  sint8: [-0x80, 0x7f],
  uint16: [0, 0xffff],
  sint16: [-0x8000, 0x7fff],
  uint32: [0, 0xffffffff],
  sint32: [-0x80000000, 0x7fffffff],
};

/** Why a wire value (as COM hands it over) does not fit a CIM type; null when it fits. */
function wireMismatch(p: CimProperty, v: unknown): string | null {
  if (v === null) return null;
  if (Array.isArray(v)) {
    if (!p.isArray) return 'an array for a scalar property';
    for (const x of v) {
      const m = wireMismatch({ ...p, isArray: false }, x);
      if (m) return `element: ${m}`;
    }
    return null;
  }
  if (p.isArray) return 'a scalar for an array property';
  const range = INTEGER_RANGES[p.type];
  if (range) {
    return typeof v === 'number' && Number.isInteger(v) && v >= range[0] && v <= range[1]
      ? null
      : `${JSON.stringify(v)} is not a ${p.type}`;
  }
  switch (p.type) {
    case 'uint64':
    case 'sint64':
      return typeof v === 'string' && (p.type === 'uint64' ? /^\d+$/ : /^-?\d+$/).test(v)
        ? null
        : `${JSON.stringify(v)} is not a ${p.type} (a decimal string on the wire)`;
    case 'real32':
    case 'real64':
      return typeof v === 'number' ? null : `${JSON.stringify(v)} is not a ${p.type}`;
    case 'boolean':
      return typeof v === 'boolean' ? null : `${JSON.stringify(v)} is not a boolean`;
    case 'string':
    case 'char16':
    case 'reference':
      return typeof v === 'string' ? null : `${JSON.stringify(v)} is not a string`;
    case 'datetime':
      if (typeof v !== 'string') return `${JSON.stringify(v)} is not a datetime string`;
      try {
        parseCimDateTimeOrInterval(v);
        return null;
      } catch (err) {
        return `${JSON.stringify(v)}: ${(err as Error).message}`;
      }
    case 'object':
      return typeof v === 'object' ? null : `${JSON.stringify(v)} is not an object`;
  }
  return `unknown type ${p.type}`;
}

/** Whether a converted value has the TypeScript type the generator emits for the property. */
function typedMismatch(p: CimProperty, v: unknown): string | null {
  if (v === null) return null;
  if (p.isArray) {
    if (!Array.isArray(v)) return 'not an array';
    for (const x of v) {
      const m = typedMismatch({ ...p, isArray: false }, x);
      if (m) return `element: ${m}`;
    }
    return null;
  }
  const expected: Record<string, (x: unknown) => boolean> = {
    uint64: (x) => typeof x === 'bigint',
    sint64: (x) => typeof x === 'bigint',
    boolean: (x) => typeof x === 'boolean',
    string: (x) => typeof x === 'string',
    char16: (x) => typeof x === 'string',
    reference: (x) => typeof x === 'string',
    datetime: (x) => x instanceof CimDateTime || x instanceof CimInterval,
    object: (x) => typeof x === 'object',
  };
  const check = expected[p.type] ?? ((x: unknown) => typeof x === 'number');
  return check(v) ? null : `${String(v)} (${typeof v}) does not have the generated type of ${p.type}`;
}

describe.runIf(process.platform === 'linux')("the docs snapshot's types against Wine's values", () => {
  let rows: Row[];
  let docsClasses: Map<string, CimClass>;

  beforeAll(async () => {
    const { prepareWine, windowsPath } = await import('./wine.js');
    const wine = prepareWine();
    const script = fileURLToPath(new URL('./capture-rows.mjs', import.meta.url));
    let result: { rows: Row[]; fatal?: string };
    try {
      result = wine.runForJson<{ rows: Row[]; fatal?: string }>(script, [windowsPath(join(repoRoot, 'dist')), classes.join(',')], 300_000).result;
    } finally {
      wine.stop();
    }
    expect(result.fatal).toBeUndefined();
    rows = result.rows;

    const loaded = loadMofFiles([join(repoRoot, 'schemas', 'windows', 'cimv2.mof')]);
    expect(loaded.ok).toBe(true);
    const ns = loaded.schema.namespaces.find((n) => n.name.toLowerCase() === 'root\\cimv2');
    docsClasses = new Map(classes.map((c) => [c, findClass(ns!, c)!]));
  }, 600_000);

  it('Wine returns rows for every class checked', () => {
    for (const c of classes) expect(rows.filter((r) => r.className === c).length, c).toBeGreaterThan(0);
  });

  it('every value Wine returns fits the CIM type the pages give its property', () => {
    const problems: string[] = [];
    let checked = 0;
    for (const row of rows) {
      const cls = docsClasses.get(row.className);
      expect(cls, row.className).toBeDefined();
      for (const [name, value] of Object.entries(row.properties)) {
        if (name.startsWith('__')) continue;
        const p = findProperty(cls!, name);
        if (!p) {
          problems.push(`${row.className}.${name}: not in the docs snapshot`);
          continue;
        }
        const m = wireMismatch(p, value);
        if (m) problems.push(`${row.className}.${name}: ${m}`);
        if (value !== null) checked++;
      }
    }
    expect(problems).toEqual([]);
    expect(checked).toBeGreaterThan(200);
  });

  it('converted through the runtime, every value has the generated TypeScript type', () => {
    const problems: string[] = [];
    const seenTypes = new Set<string>();
    for (const row of rows) {
      const cls = docsClasses.get(row.className)!;
      for (const [name, value] of Object.entries(row.properties)) {
        const p = name.startsWith('__') ? undefined : findProperty(cls, name);
        if (!p || value === null) continue;
        const descriptor: PropertyDescriptor = {
          name: p.name,
          cimType: p.type,
          isArray: p.isArray,
          refClass: p.refClass,
          embeddedClass: p.embeddedClass,
        };
        const typed = valueFromWire(descriptor, value as never);
        const m = typedMismatch(p, typed);
        if (m) problems.push(`${row.className}.${name}: ${m}`);
        seenTypes.add(p.type);
      }
    }
    expect(problems).toEqual([]);
    // The rows exercised the conversions that matter: 64-bit integers, datetimes, booleans.
    for (const t of ['uint64', 'datetime', 'boolean', 'string', 'uint32']) expect(seenTypes).toContain(t);
  });
});
