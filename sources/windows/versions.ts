/**
 * The Windows versions wmigen has snapshots of, how users name them (`--os 2019`,
 * `--os 23h2`, full names too), and where each namespace's snapshot lives in the package
 * (`schemas/windows/os/<os>/<namespace path, lower-case>.mof.gz`, listed in
 * `schemas/windows/os/index.json`).
 */

import { WmigenError } from '../../grammar/diagnostics.js';

export type WindowsOs = '2019' | '23h2';

export interface WindowsOsVersion {
  readonly os: WindowsOs;
  /** `Windows Server 2019`. */
  readonly name: string;
  /** The build number (`10.0.17763`). */
  readonly build: string;
  /** The capture's folder under `wmi-go/`. */
  readonly captureFolder: string;
  /** Other spellings accepted by `--os`. */
  readonly aliases: readonly string[];
}

/** Oldest first; the newest is the default. */
export const windowsOsVersions: readonly WindowsOsVersion[] = [
  { os: '2019', name: 'Windows Server 2019', build: '10.0.17763', captureFolder: 'server2019', aliases: ['server2019', 'windows server 2019', 'ws2019', '1809', '10.0.17763'] },
  { os: '23h2', name: 'Windows Server 23H2', build: '10.0.25398', captureFolder: 'server23h2', aliases: ['server23h2', 'windows server 23h2', 'ws23h2', '10.0.25398'] },
];

export const newestWindowsOs: WindowsOs = windowsOsVersions[windowsOsVersions.length - 1].os;

export class UnknownWindowsOsError extends WmigenError {}

/** `2019`, `Windows Server 2019`, `server23h2`, `23H2` → the version; anything else throws. */
export function parseWindowsOs(text: string): WindowsOsVersion {
  const t = text.trim().toLowerCase().replace(/\s+/g, ' ');
  const found = windowsOsVersions.find((v) => v.os === t || v.aliases.includes(t));
  if (!found) throw new UnknownWindowsOsError(`unknown Windows version ${JSON.stringify(text)} (known: ${windowsOsVersions.map((v) => `${v.os} = ${v.name}`).join(', ')})`);
  return found;
}

export interface WindowsSnapshotEntry {
  readonly os: WindowsOs;
  /** WMI's spelling: `root\CIMV2`. */
  readonly namespace: string;
  /** Under `schemas/`: `windows/os/23h2/root/cimv2.mof.gz`. */
  readonly file: string;
  readonly classes: number;
  readonly documentedClasses: number;
}

/** `root\Microsoft\Windows\Storage` → `windows/os/23h2/root/microsoft/windows/storage.mof.gz`. */
export function snapshotFileFor(os: WindowsOs, namespace: string): string {
  const path = namespace
    .split(/[\\/]+/)
    .filter(Boolean)
    .map((s) => s.toLowerCase())
    .join('/');
  return `windows/os/${os}/${path}.mof.gz`;
}

/** The `schemas/windows/os/index.json` path under `schemas/`. */
export const windowsIndexFile = 'windows/os/index.json';
