/**
 * The public entry `wmigen/schema`: a CIM schema loaded from MOF files, MOF text or the
 * bundled snapshots, for the in-memory provider of `@wmigen/runtime`
 * (`connect({ memory: { schema, instances } })`). It parses MOF, so it belongs to the
 * generator package (a devDependency where tests run), not to the lean runtime.
 */

import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import type { CimSchema } from '../model/cim/types.js';
import {
  expandMofArguments,
  findSnapshot,
  listSnapshots,
  loadSnapshot,
  schemasDir,
  splitSnapshot,
  type SnapshotEntry,
} from '../sources/load.js';
import { bundledSnapshotFor } from '../sources/bundled.js';
import { listWindowsSnapshots, windowsSnapshotEntry } from '../sources/windows/load.js';

export type { CimSchema } from '../model/cim/types.js';
export { MofError, MofSemanticError, MofSyntaxError } from '../model/cim/errors.js';

export interface MofText {
  /** Names the text in diagnostics (`name:line:col`); default `text-<n>.mof`. */
  readonly name?: string;
  readonly text: string;
}

export interface LoadSchemaOptions {
  /** Bundled snapshots by name (`windows-cimv2`, `cim-2.51`…; see `bundledSchemaNames()`). */
  readonly bundled?: string | readonly string[];
  /** MOF files, or folders whose `*.mof` files are read in name order; relative to `cwd`. */
  readonly files?: readonly string[];
  /** MOF source text, loaded after the files. */
  readonly text?: string | MofText | readonly (string | MofText)[];
  /**
   * Namespace before any `#pragma namespace` (default: the first bundled snapshot's, else
   * `root\cimv2`). Given alone, or with `os`, it names a bundled Windows snapshot:
   * `loadSchema({ namespace: 'root\\Microsoft\\Windows\\Storage', os: '2019' })`.
   */
  readonly namespace?: string;
  /** The Windows version of that snapshot (`2019`, `23h2` or a full name); default the newest that has the namespace. */
  readonly os?: string;
  /** DMTF mode: no WMI built-in qualifiers or system classes (default: only for strict snapshots alone). */
  readonly strict?: boolean;
  /** Base of relative `files` (default `process.cwd()`). */
  readonly cwd?: string;
}

/** Every bundled snapshot: the pages' and DMTF's, then one per Windows version and namespace. */
function allSnapshots(): SnapshotEntry[] {
  return [...listSnapshots(), ...listWindowsSnapshots().map(windowsSnapshotEntry)];
}

/** The names of the bundled snapshots, for `loadSchema({ bundled })`. */
export function bundledSchemaNames(): string[] {
  return allSnapshots().map((s) => s.name);
}

/** The bundled snapshots `options` names, by name or by namespace and Windows version. */
function chosenSnapshots(options: LoadSchemaOptions, others: number): { entries: SnapshotEntry[]; byNamespace: boolean } {
  const names = asList(options.bundled);
  if (names.length > 0 || (others > 0 && options.os === undefined)) {
    const all = allSnapshots();
    return { entries: names.map((name) => findSnapshot(name, all)), byNamespace: false };
  }
  if (options.namespace === undefined) return { entries: [], byNamespace: false };
  const choice = bundledSnapshotFor(options.namespace, options.os);
  if (!choice) throw new TypeError(`loadSchema: no bundled schema covers ${options.namespace}`);
  return { entries: [choice.entry], byNamespace: true };
}

const asList = <T>(v: T | readonly T[] | undefined): readonly T[] =>
  v === undefined ? [] : Array.isArray(v) ? (v as readonly T[]) : [v as T];

/**
 * Loads and resolves a schema; classes and `instance of` declarations of every source
 * together, in the order bundled, files, text. Throws `MofSyntaxError` or
 * `MofSemanticError` carrying every diagnostic (file:line:col) when the MOF has errors.
 */
export async function loadSchema(options: LoadSchemaOptions): Promise<CimSchema> {
  const texts = asList(options.text).map((t, i) =>
    typeof t === 'string'
      ? { name: `text-${i + 1}.mof`, text: t }
      : { name: t.name ?? `text-${i + 1}.mof`, text: t.text },
  );
  const files = expandMofArguments(options.files ?? [], options.cwd ?? process.cwd()).map(
    (f) => f.file,
  );
  const { entries: bundled, byNamespace } = chosenSnapshots(options, texts.length + files.length);
  if (bundled.length + texts.length + files.length === 0)
    throw new TypeError('loadSchema: give bundled, files, text or a bundled namespace');
  const { loadMofFiles, throwIfErrors } = await import('../model/cim/load.js');

  if (
    bundled.length === 1 &&
    texts.length === 0 &&
    files.length === 0 &&
    (options.namespace === undefined || byNamespace) &&
    options.strict === undefined
  ) {
    // A snapshot alone: its precompiled model when the build has one.
    const loaded = await loadSnapshot(bundled[0]);
    throwIfErrors({
      ...loaded,
      diagnostics: [...loaded.diagnostics],
      ok: !loaded.diagnostics.some((d) => d.severity === 'error'),
      tokenCount: 0,
    });
    return loaded.schema;
  }

  const virtual = new Map<string, string>();
  for (const entry of bundled) {
    const raw = readFileSync(`${schemasDir()}/${entry.file}`);
    const text =
      entry.format === 'mof.gz' ? gunzipSync(raw).toString('utf8') : raw.toString('utf8');
    for (const s of splitSnapshot(text, entry.file.replace(/\.gz$/, '')))
      virtual.set(`${entry.name}/${s.name}`, s.text);
  }
  for (const t of texts) virtual.set(t.name, t.text);
  const result = loadMofFiles(
    [
      ...[...virtual.keys()].filter((k) => !texts.some((t) => t.name === k)),
      ...files,
      ...texts.map((t) => t.name),
    ],
    {
      strict:
        options.strict ??
        (bundled.length > 0 &&
          bundled.every((b) => b.strict === true) &&
          files.length + texts.length === 0),
      defaultNamespace: options.namespace ?? bundled[0]?.namespace,
      readFile: (p) => {
        const t = virtual.get(p.replace(/\\/g, '/'));
        return t === undefined ? readFileSync(p) : Buffer.from(t, 'utf8');
      },
    },
  );
  return throwIfErrors(result).schema;
}
