/**
 * The per-OS Windows snapshots bundled in the package: listing them and loading one
 * namespace of one version as a `LoadedSchema`, the shape every schema source gives the
 * generator, `model`, `query` and `diff`. A snapshot is a gzipped MOF file loaded by the
 * existing snapshot loader, so a precompiled or cached model is used the same way.
 */

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadSnapshot, schemasDir, SourceError, type LoadedSchema, type SnapshotEntry, type SnapshotLoadOptions } from '../load.js';
import { newestWindowsOs, parseWindowsOs, windowsIndexFile, windowsOsVersions, type WindowsOs, type WindowsSnapshotEntry } from './versions.js';

export { parseWindowsOs, windowsOsVersions, newestWindowsOs, type WindowsOs, type WindowsSnapshotEntry } from './versions.js';

function namespaceKey(ns: string): string {
  return ns.replace(/\//g, '\\').replace(/^\\+|\\+$/g, '').toLowerCase();
}

/** Every bundled per-OS snapshot (`schemas/windows/os/index.json`); none when the index is absent. */
export function listWindowsSnapshots(dir = schemasDir()): WindowsSnapshotEntry[] {
  const path = join(dir, windowsIndexFile);
  if (!existsSync(path)) return [];
  return (JSON.parse(readFileSync(path, 'utf8')) as { snapshots?: WindowsSnapshotEntry[] }).snapshots ?? [];
}

export interface WindowsSnapshotQuery {
  /** `2019`, `23h2` or a full name (`Windows Server 2019`); default: the newest. */
  readonly os?: string;
  /** Any spelling and case: `root\cimv2`, `root/CIMV2`. */
  readonly namespace: string;
}

/** The snapshot for a namespace on a version, or undefined when that capture has no such namespace. */
export function findWindowsSnapshot(query: WindowsSnapshotQuery, dir = schemasDir()): WindowsSnapshotEntry | undefined {
  const os = query.os === undefined ? newestWindowsOs : parseWindowsOs(query.os).os;
  const key = namespaceKey(query.namespace);
  return listWindowsSnapshots(dir).find((e) => e.os === os && namespaceKey(e.namespace) === key);
}

/** The namespaces a version's capture has, in index order. */
export function windowsNamespaces(os: WindowsOs | string = newestWindowsOs, dir = schemasDir()): string[] {
  const v = parseWindowsOs(os).os;
  return listWindowsSnapshots(dir)
    .filter((e) => e.os === v)
    .map((e) => e.namespace);
}

/** The entry the generic snapshot loader takes: name `windows-23h2-root-cimv2`. */
export function windowsSnapshotEntry(e: WindowsSnapshotEntry): SnapshotEntry {
  const version = windowsOsVersions.find((v) => v.os === e.os)!;
  return {
    name: `windows-${e.os}-${namespaceKey(e.namespace).replace(/\\/g, '-')}`,
    namespace: e.namespace,
    file: e.file,
    format: 'mof.gz',
    description: `${e.namespace} on ${version.name}`,
    attribution: "Microsoft's Go bindings of WMI (MIT) and WMI reference pages (MicrosoftDocs/win32, CC BY 4.0); see schemas/windows/ATTRIBUTION.md",
  };
}

/**
 * Loads one namespace of one version. A version whose capture lacks the namespace is an
 * error that says so (a capture's gap is not an OS difference).
 */
export async function loadWindowsSnapshot(query: WindowsSnapshotQuery, options: SnapshotLoadOptions & { dir?: string } = {}): Promise<LoadedSchema> {
  const dir = options.dir ?? schemasDir();
  const entry = findWindowsSnapshot(query, dir);
  if (!entry) {
    const os = query.os === undefined ? newestWindowsOs : parseWindowsOs(query.os).os;
    const name = windowsOsVersions.find((v) => v.os === os)!.name;
    throw new SourceError(`no bundled snapshot of ${query.namespace} for ${name}: its capture does not have that namespace (${windowsNamespaces(os, dir).length} namespaces captured)`);
  }
  return loadSnapshot(windowsSnapshotEntry(entry), dir, options);
}
