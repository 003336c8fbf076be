/**
 * `--os`: which Windows version's bundled snapshots to use (`2019`, `23h2`, or a full name
 * such as `Windows Server 2019`), and the bundled snapshot of a namespace that generation,
 * `model`, `query` and `diff` use when no other source is named. An unknown version or
 * namespace is one line, with the nearest known spelling when there is one.
 */

import { bundledNamespaces, bundledSnapshotFor, type BundledChoice } from '../sources/bundled.js';
import { SourceError } from '../sources/load.js';
import { parseWindowsOs, UnknownWindowsOsError, windowsOsVersions, type WindowsOsVersion } from '../sources/windows/versions.js';
import { checkNamespaceSpelling, didYouMean, nearestNamespace } from './namespaces.js';

export function parseOsOption(text: string): WindowsOsVersion {
  try {
    return parseWindowsOs(text);
  } catch (err) {
    if (!(err instanceof UnknownWindowsOsError)) throw err;
    const spellings = windowsOsVersions.flatMap((v) => [v.os, ...v.aliases]);
    // The namespace matcher's edit distance serves for version names as well.
    const near = nearestNamespace(text.trim().toLowerCase(), spellings);
    const known = windowsOsVersions.map((v) => `${v.os} (${v.name})`).join(', ');
    throw new UnknownWindowsOsError(`--os ${text}: unknown Windows version${near === undefined ? '' : `; did you mean ${near}?`} (known: ${known})`);
  }
}

/** The bundled snapshot of `namespace` (on `os`, else the newest capture that has it); throws a one-line error when none. */
export function chooseBundledSnapshot(namespace: string, os: string | undefined): BundledChoice {
  if (os !== undefined) parseOsOption(os);
  const known = bundledNamespaces();
  checkNamespaceSpelling(namespace, known);
  const choice = bundledSnapshotFor(namespace, os);
  if (!choice) {
    throw new SourceError(`no bundled schema covers ${namespace}${didYouMean(namespace, known)} (wmigen --list-schemas lists them; use --mof for other namespaces)`);
  }
  return choice;
}

/** `root\CIMV2 on Windows Server 23H2` or `bundled schema windows-bootevents`, for messages and diff headers. */
export function describeChoice(choice: BundledChoice): string {
  return choice.os ? `${choice.entry.namespace} on ${choice.os.name}` : `bundled schema ${choice.entry.name}`;
}
