/**
 * Which bundled snapshot stands for a namespace when the user names no source: the per-OS
 * Windows snapshot of the version asked for (`--os`; the newest by default), else the
 * snapshots of `schemas/index.json` (the DMTF schema and the pages-only Windows namespaces).
 * The generator, `model`, `query` and `diff` all choose through here, so they agree.
 *
 * A namespace one Windows capture lacks while another has it is a gap of the capture, not a
 * difference of the OS (the 2019 capture has no root\WMI, root\default, root\directory);
 * `CaptureGapError` says so and names the version that has it.
 */

import { namespaceKey } from '../common/namespaces.js';
import { defaultSnapshotFor, listSnapshots, schemasDir, SourceError, type SnapshotEntry } from './load.js';
import { listWindowsSnapshots, windowsSnapshotEntry } from './windows/load.js';
import { newestWindowsOs, parseWindowsOs, windowsOsVersions, type WindowsOsVersion, type WindowsSnapshotEntry } from './windows/versions.js';

/** A version's capture lacks a namespace that another version's capture has. */
export class CaptureGapError extends SourceError {
  constructor(
    readonly namespace: string,
    readonly os: WindowsOsVersion,
    readonly capturedBy: readonly WindowsOsVersion[],
  ) {
    super(
      `${namespace} is not in the ${os.name} capture, which lacks that namespace entirely: a gap of the capture, ` +
        `not a difference of the OS (${capturedBy.map((v) => v.name).join(', ')} ${capturedBy.length === 1 ? 'has' : 'have'} it: --os ${capturedBy[capturedBy.length - 1].os})`,
    );
  }
}

export interface BundledChoice {
  /** The snapshot, in the shape `loadSnapshot` takes. */
  readonly entry: SnapshotEntry;
  /** The Windows version of a per-OS snapshot; undefined for the other bundled snapshots. */
  readonly os?: WindowsOsVersion;
  /** Set when the default (newest) version's capture lacks the namespace and an older one was used. */
  readonly fellBackFrom?: WindowsOsVersion;
}

const versionOf = (os: string): WindowsOsVersion => windowsOsVersions.find((v) => v.os === os)!;

/** Every namespace some bundled snapshot has, per-OS ones first, each once in its first spelling. */
export function bundledNamespaces(dir = schemasDir()): string[] {
  const seen = new Map<string, string>();
  for (const ns of [...listWindowsSnapshots(dir).map((e) => e.namespace), ...listSnapshots(dir).map((s) => s.namespace)]) {
    if (!seen.has(namespaceKey(ns))) seen.set(namespaceKey(ns), ns);
  }
  return [...seen.values()];
}

/** The per-OS snapshots of a namespace, oldest version first. */
export function windowsCapturesOf(namespace: string, dir = schemasDir()): WindowsSnapshotEntry[] {
  const key = namespaceKey(namespace);
  const order = (e: WindowsSnapshotEntry): number => windowsOsVersions.findIndex((v) => v.os === e.os);
  return listWindowsSnapshots(dir)
    .filter((e) => namespaceKey(e.namespace) === key)
    .sort((a, b) => order(a) - order(b));
}

/**
 * The bundled snapshot for a namespace. With `os`, only that version's capture (a capture that
 * lacks the namespace is a `CaptureGapError`); without, the newest capture that has it, else the
 * other bundled snapshots' default for the namespace. Undefined when nothing bundled has it.
 * An unknown `os` throws `UnknownWindowsOsError`.
 */
export function bundledSnapshotFor(namespace: string, os?: string, dir = schemasDir()): BundledChoice | undefined {
  const asked = os === undefined ? undefined : parseWindowsOs(os);
  const captures = windowsCapturesOf(namespace, dir);
  if (asked) {
    const found = captures.find((e) => e.os === asked.os);
    if (found) return { entry: windowsSnapshotEntry(found), os: asked };
    if (captures.length > 0) throw new CaptureGapError(namespace, asked, captures.map((e) => versionOf(e.os)));
    const other = defaultSnapshotFor(namespace, listSnapshots(dir));
    if (other) {
      throw new SourceError(
        `no Windows capture has ${namespace}, so --os does not apply; the bundled schema ${other.name} (from the reference pages) has it: leave out --os`,
      );
    }
    return undefined;
  }
  const newest = captures[captures.length - 1];
  if (newest) {
    const choice = { entry: windowsSnapshotEntry(newest), os: versionOf(newest.os) };
    return newest.os === newestWindowsOs ? choice : { ...choice, fellBackFrom: versionOf(newestWindowsOs) };
  }
  const other = defaultSnapshotFor(namespace, listSnapshots(dir));
  return other ? { entry: other } : undefined;
}
