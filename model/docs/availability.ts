/**
 * Windows availability: the `MinimumClient` / `MinimumServer` qualifiers the docs source
 * writes (from the pages' Requirements tables and "not supported before …" notes), an
 * ordering of Windows versions by build number, and `filterSchemaForTarget`, which leaves
 * out of a resolved schema what a given Windows version lacks.
 */

import { WmigenError } from '../../grammar/diagnostics.js';
import type { CimClass, CimMethod, CimNamespace, CimProperty, CimQualifier, CimSchema } from '../cim/types.js';

export type WindowsFamily = 'client' | 'server';

export interface WindowsVersion {
  readonly family: WindowsFamily;
  /** Build number; versions of both families released together share it (8.1 = 2012 R2 = 9600). */
  readonly build: number;
  /** Canonical spelling, e.g. `Windows 10, version 1709`. */
  readonly name: string;
}

/** Every version the reference pages name, in release order per family. */
const versionTable: readonly WindowsVersion[] = [
  { family: 'client', build: 2195, name: 'Windows 2000 Professional' },
  { family: 'client', build: 2600, name: 'Windows XP' },
  { family: 'client', build: 6000, name: 'Windows Vista' },
  { family: 'client', build: 7600, name: 'Windows 7' },
  { family: 'client', build: 9200, name: 'Windows 8' },
  { family: 'client', build: 9600, name: 'Windows 8.1' },
  { family: 'client', build: 10240, name: 'Windows 10' },
  { family: 'client', build: 10586, name: 'Windows 10, version 1511' },
  { family: 'client', build: 14393, name: 'Windows 10, version 1607' },
  { family: 'client', build: 15063, name: 'Windows 10, version 1703' },
  { family: 'client', build: 16299, name: 'Windows 10, version 1709' },
  { family: 'client', build: 17134, name: 'Windows 10, version 1803' },
  { family: 'client', build: 17763, name: 'Windows 10, version 1809' },
  { family: 'client', build: 18362, name: 'Windows 10, version 1903' },
  { family: 'client', build: 18363, name: 'Windows 10, version 1909' },
  { family: 'client', build: 19041, name: 'Windows 10, version 2004' },
  { family: 'client', build: 19042, name: 'Windows 10, version 20H2' },
  { family: 'client', build: 19043, name: 'Windows 10, version 21H1' },
  { family: 'client', build: 19044, name: 'Windows 10, version 21H2' },
  { family: 'client', build: 19045, name: 'Windows 10, version 22H2' },
  { family: 'client', build: 22000, name: 'Windows 11' },
  { family: 'client', build: 22621, name: 'Windows 11, version 22H2' },
  { family: 'client', build: 22631, name: 'Windows 11, version 23H2' },
  { family: 'client', build: 26100, name: 'Windows 11, version 24H2' },
  { family: 'server', build: 2195, name: 'Windows 2000 Server' },
  { family: 'server', build: 3790, name: 'Windows Server 2003' },
  { family: 'server', build: 3791, name: 'Windows Server 2003 R2' },
  { family: 'server', build: 6001, name: 'Windows Server 2008' },
  { family: 'server', build: 7600, name: 'Windows Server 2008 R2' },
  { family: 'server', build: 9200, name: 'Windows Server 2012' },
  { family: 'server', build: 9600, name: 'Windows Server 2012 R2' },
  { family: 'server', build: 14393, name: 'Windows Server 2016' },
  { family: 'server', build: 16299, name: 'Windows Server, version 1709' },
  { family: 'server', build: 17134, name: 'Windows Server, version 1803' },
  { family: 'server', build: 17763, name: 'Windows Server 2019' },
  { family: 'server', build: 18362, name: 'Windows Server, version 1903' },
  { family: 'server', build: 18363, name: 'Windows Server, version 1909' },
  { family: 'server', build: 19041, name: 'Windows Server, version 2004' },
  { family: 'server', build: 19042, name: 'Windows Server, version 20H2' },
  { family: 'server', build: 20348, name: 'Windows Server 2022' },
  { family: 'server', build: 26100, name: 'Windows Server 2025' },
];

export const windowsVersions: readonly WindowsVersion[] = versionTable;

function squash(s: string): string {
  return s
    .toLowerCase()
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(microsoft|edition|editions|sp\d|service pack \d)\b/g, '')
    .replace(/[^a-z0-9.]+/g, ' ')
    .replace(/\bwin(dows)?\b/g, 'windows')
    .replace(/\bversion\b/g, '')
    .replace(/\s+/g, ' ')
    .trim();
}

const byKey = new Map<string, WindowsVersion>();
for (const v of versionTable) byKey.set(squash(v.name), v);

/**
 * Parses a Windows version as the pages write it (`Windows 8.1`, `Windows Server 2012 R2`,
 * `Windows 10, version 1709 [desktop apps only]`) or as a user types a target (`win10-1709`,
 * `server2019`, `8.1`, `10.0.17763`). Returns undefined for anything else.
 */
export function parseWindowsVersion(text: string): WindowsVersion | undefined {
  const whole = parseOneVersion(text);
  if (whole) return whole;
  // `Windows 7 Enterprise, Windows 7 Ultimate`, `Windows 8 or Windows Server 2012`: the
  // earliest of the listed releases, editions aside.
  const parts = text
    .split(/,\s*(?=Windows\b)|\s+or\s+/i)
    .map((p) => parseOneVersion(p.replace(/\b(Enterprise|Ultimate|Professional|Pro|Home(?: Premium| Basic)?|Education|Business|Datacenter|Standard|Essentials|Foundation)\b|\bwith SP\d\b/gi, ' ')))
    .filter((v): v is WindowsVersion => v !== undefined);
  return parts.sort((a, b) => a.build - b.build)[0];
}

function parseOneVersion(text: string): WindowsVersion | undefined {
  const raw = text.trim();
  const build = /^(?:10\.0\.|6\.[0-3]\.)?(\d{4,5})$/.exec(raw);
  if (build && /\./.test(raw)) {
    const n = Number(build[1]);
    const client = [...versionTable].filter((v) => v.family === 'client' && v.build <= n).pop();
    return client ? { family: 'client', build: n, name: client.name } : undefined;
  }
  let s = squash(raw.replace(/^win(?=\d)/i, 'windows ').replace(/^server(?=\s?\d)/i, 'windows server ').replace(/-/g, ' '));
  if (!s.startsWith('windows')) s = `windows ${s}`;
  s = s.replace(/^windows (\d)/, 'windows $1').replace(/\s+/g, ' ');
  const hit = byKey.get(s) ?? byKey.get(s.replace(/ r2$/, ' r2'));
  if (hit) return hit;
  // `Windows 10 1709` / `Windows Server 1709` without the comma.
  const m = /^windows (10|11|server) (\d{4}|\d\dh\d)$/.exec(s);
  if (m) return byKey.get(squash(m[1] === 'server' ? `Windows Server, version ${m[2]}` : `Windows ${m[1]}, version ${m[2]}`));
  return undefined;
}

/** Negative when `a` came before `b`, by build number. */
export function compareWindowsVersions(a: WindowsVersion, b: WindowsVersion): number {
  return a.build - b.build;
}

function qualifierString(qs: readonly CimQualifier[], name: string): string | undefined {
  const q = qs.find((x) => x.name.toLowerCase() === name.toLowerCase());
  return typeof q?.value === 'string' ? q.value : undefined;
}

/**
 * The first version of `family` that has an element with these qualifiers. When only the
 * other family's minimum is given, its build number stands in (releases since Vista ship
 * both families from one build). Undefined: no availability recorded (always there).
 */
export function minimumBuild(qualifiers: readonly CimQualifier[], family: WindowsFamily): number | undefined {
  const own = qualifierString(qualifiers, family === 'client' ? 'MinimumClient' : 'MinimumServer');
  const other = qualifierString(qualifiers, family === 'client' ? 'MinimumServer' : 'MinimumClient');
  const v = (own !== undefined ? parseWindowsVersion(own) : undefined) ?? (other !== undefined ? parseWindowsVersion(other) : undefined);
  return v?.build;
}

export class UnknownWindowsVersionError extends WmigenError {
  constructor(readonly target: string) {
    super(`unknown Windows version '${target}'; use e.g. "Windows 8.1", "Windows 10, version 1709", "Windows Server 2012 R2", "win10-1809" or a build like 10.0.17763`);
  }
}

/**
 * Leaves out every class, property and method whose minimum version is later than the
 * target, every class whose superclass was left out, and every member whose type names a
 * class that was left out. Members inherited unchanged are judged by their declaring
 * class's own qualifiers (availability qualifiers are Restricted, so they do not propagate).
 */
export function filterSchemaForTarget(schema: CimSchema, target: string): CimSchema {
  const version = parseWindowsVersion(target);
  if (!version) throw new UnknownWindowsVersionError(target);
  const tooNew = (qs: readonly CimQualifier[]): boolean => {
    const b = minimumBuild(qs, version.family);
    return b !== undefined && b > version.build;
  };
  const namespaces: CimNamespace[] = schema.namespaces.map((ns) => {
    const byName = new Map(ns.classes.map((c) => [c.name.toLowerCase(), c]));
    const dropped = new Set<string>();
    const isDropped = (c: CimClass): boolean => {
      const key = c.name.toLowerCase();
      if (dropped.has(key)) return true;
      if (tooNew(c.qualifiers) || c.ancestors.some((a) => {
        const ac = byName.get(a.toLowerCase());
        return ac !== undefined && tooNew(ac.qualifiers);
      })) {
        dropped.add(key);
        return true;
      }
      return false;
    };
    for (const c of ns.classes) isDropped(c);
    const ownProperty = (origin: string, name: string): CimProperty | undefined =>
      byName.get(origin.toLowerCase())?.properties.find((p) => p.name.toLowerCase() === name.toLowerCase() && !p.inherited);
    const ownMethod = (origin: string, name: string): CimMethod | undefined =>
      byName.get(origin.toLowerCase())?.methods.find((m) => m.name.toLowerCase() === name.toLowerCase() && !m.inherited);
    const typeGone = (cls?: string): boolean => cls !== undefined && dropped.has(cls.toLowerCase());
    const classes = ns.classes
      .filter((c) => !dropped.has(c.name.toLowerCase()))
      .map((c): CimClass => {
        const properties = c.properties.filter((p) => {
          const decl = p.inherited ? (ownProperty(p.classOrigin, p.name) ?? p) : p;
          return !tooNew(decl.qualifiers) && !typeGone(p.refClass) && !typeGone(p.embeddedClass);
        });
        const methods = c.methods.filter((m) => {
          const decl = m.inherited ? (ownMethod(m.classOrigin, m.name) ?? m) : m;
          return (
            !tooNew(decl.qualifiers) &&
            !typeGone(m.returnRefClass) &&
            !typeGone(m.returnEmbeddedClass) &&
            !m.parameters.some((p) => typeGone(p.refClass) || typeGone(p.embeddedClass))
          );
        });
        const keys = c.keys.filter((k) => properties.some((p) => p.name === k));
        return { ...c, properties, methods, keys };
      });
    return { ...ns, classes };
  });
  return { namespaces };
}
