/**
 * Builds the per-OS Windows snapshots from the corpus: for each capture of Microsoft's Go
 * bindings and each of its namespaces, the merge of the Go facts with the reference pages
 * (`docs/desktop-src` first, then `docs-2018/desktop-src`: newest page first), written as
 * MOF, checked by loading it back through the MOF front-end, and gzipped.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { writeMof } from '../../model/cim/mof-writer.js';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import type { DocPage } from '../../grammar/mddocs/page.js';
import { loadMofText } from '../../model/cim/load.js';
import { buildDocsSchema, namespaceKey, type DocsSchemaResult, type PageReport } from '../../model/docs/build.js';
import { readDocsFolders } from '../docs/read.js';
import { readGoCapture, type GoCapture, type GoReadFailure } from '../wmi-go/read.js';
import { mergeNamespace, type MergeStats, type StaticMethodEntry } from './merge.js';
import { snapshotFileFor, windowsOsVersions, type WindowsOs, type WindowsSnapshotEntry } from './versions.js';

/** The docs trees, newest first, relative to the corpus folder. */
export const docsTrees = ['docs/desktop-src', 'docs-2018/desktop-src'] as const;

export const windowsAttribution =
  "Class, property and method names, superclasses and Go types: Microsoft's Go bindings of WMI (github.com/microsoft/wmi, MIT). " +
  "Descriptions, CIM types, value lists and qualifiers: Microsoft's WMI reference pages (MicrosoftDocs/win32), © Microsoft Corporation, " +
  'licensed under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/); converted to MOF by wmigen, descriptions shortened to plain text.';

/** Every docs folder of the corpus, newest tree first, each folder's pages read once. */
export function readWindowsDocs(corpus: string): DocPage[] {
  const folders: string[] = [];
  for (const tree of docsTrees) {
    const dir = join(corpus, tree);
    for (const e of readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) if (e.isDirectory()) folders.push(join(dir, e.name));
  }
  return readDocsFolders(folders);
}

/** The reviewed list of static methods no page marks (`sources/windows/static-methods.json`). */
export function readStaticMethods(file: string): StaticMethodEntry[] {
  return JSON.parse(readFileSync(file, 'utf8')) as StaticMethodEntry[];
}

export interface BuiltSnapshot {
  readonly entry: WindowsSnapshotEntry;
  /** The gzipped MOF, byte-identical for the same corpus. */
  readonly gz: Buffer;
  readonly stats: MergeStats;
  readonly notes: readonly string[];
  readonly pageMembersNotOnOs: readonly string[];
  /** Diagnostics of loading the MOF back (errors make the build fail). */
  readonly diagnostics: readonly Diagnostic[];
}

export interface WindowsBuildResult {
  readonly snapshots: readonly BuiltSnapshot[];
  /** Go files that could not be read, per OS. */
  readonly goFailures: ReadonlyArray<GoReadFailure & { os: WindowsOs }>;
  /** Pages of a namespace that produced no class or method. */
  readonly pageFailures: readonly PageReport[];
}

export interface WindowsBuildOptions {
  readonly corpus: string;
  readonly staticMethods: readonly StaticMethodEntry[];
  /** Only these OS versions / namespaces (case-insensitive), for tests and `--only`. */
  readonly os?: readonly WindowsOs[];
  readonly namespaces?: readonly string[];
  /** Pages already read (tests reuse them). */
  readonly pages?: readonly DocPage[];
}

const SYSTEM_ONLY = '';

/** A Requirements `Namespace` row may list several (`Root\\default, Root\\CIMv2` on StdRegProv's page). */
function pageNamespaces(ns: string | undefined): string[] {
  return ns ? ns.split(/\s*,\s*|\s+and\s+/).filter(Boolean) : [];
}

/** Namespaces that at least one class page places a class in (lower-case keys). */
function documentedNamespaces(pages: readonly DocPage[]): Set<string> {
  const out = new Set<string>();
  for (const p of pages) if (p.kind === 'class') for (const ns of pageNamespaces(p.requirements.namespace)) out.add(namespaceKey(ns));
  return out;
}

/** The pages as the docs builder should see them for one namespace: a page listing several namespaces names this one. */
function pagesFor(pages: readonly DocPage[], nsKey: string): DocPage[] {
  return pages.map((p) => {
    if (p.kind !== 'class') return p;
    const listed = pageNamespaces(p.requirements.namespace);
    if (listed.length < 2) return p;
    const here = listed.find((n) => namespaceKey(n) === nsKey);
    return here ? { ...p, requirements: { ...p.requirements, namespace: here } } : p;
  });
}

/**
 * `Captured on Windows Server 2019 and Windows Server 23H2.`, or which version lacks the
 * class, or that a version's capture lacks the whole namespace (a gap of the capture, not a
 * difference of the OS).
 */
function availabilityNotes(captures: ReadonlyArray<{ version: { name: string }; capture: GoCapture }>): (namespace: string, cls: string) => string {
  const present = captures.map(({ version, capture }) => ({
    name: version.name,
    classes: new Map(capture.namespaces.map((n) => [namespaceKey(n.namespace), new Set(n.classes.map((c) => c.name.toLowerCase()))])),
  }));
  return (namespace, cls) => {
    const key = namespaceKey(namespace);
    const has = present.filter((p) => p.classes.get(key)?.has(cls.toLowerCase())).map((p) => p.name);
    const lacks = present.filter((p) => p.classes.has(key) && !p.classes.get(key)!.has(cls.toLowerCase())).map((p) => p.name);
    const uncaptured = present.filter((p) => !p.classes.has(key)).map((p) => p.name);
    const parts = [`Captured on ${has.join(' and ')}.`];
    if (lacks.length) parts.push(`Not on ${lacks.join(' or ')}.`);
    if (uncaptured.length) parts.push(`The ${uncaptured.join(' and ')} capture lacks the ${namespace} namespace, so it says nothing about this class.`);
    return parts.join(' ');
  };
}

export function buildWindowsSnapshots(options: WindowsBuildOptions): WindowsBuildResult {
  const pages = options.pages ?? readWindowsDocs(options.corpus);
  const withPages = documentedNamespaces(pages);
  const docsCache = new Map<string, DocsSchemaResult>();
  const docsFor = (ns: string): DocsSchemaResult => {
    // A namespace no class page names still has the system classes, documented for all namespaces.
    const key = withPages.has(namespaceKey(ns)) ? namespaceKey(ns) : SYSTEM_ONLY;
    let r = docsCache.get(key);
    if (!r) docsCache.set(key, (r = buildDocsSchema(pagesFor(pages, key), { namespace: key === SYSTEM_ONLY ? 'system classes only' : ns, systemClasses: 'all' })));
    return r;
  };
  const wanted = options.namespaces ? new Set(options.namespaces.map(namespaceKey)) : undefined;
  const snapshots: BuiltSnapshot[] = [];
  const goFailures: Array<GoReadFailure & { os: WindowsOs }> = [];
  // Every capture is read, even for one version: each class says which versions have it.
  const captures = windowsOsVersions.map((version) => ({ version, capture: readGoCapture(join(options.corpus, 'wmi-go', version.captureFolder)) }));
  const availability = availabilityNotes(captures);
  const associations = new Set(pages.flatMap((p) => (p.kind === 'class' && p.syntax.qualifiers.some((q) => q.name.toLowerCase() === 'association') ? [p.syntax.name.toLowerCase()] : [])));
  for (const { version, capture } of captures) {
    if (options.os && !options.os.includes(version.os)) continue;
    goFailures.push(...capture.failures.map((f) => ({ ...f, os: version.os })));
    for (const ns of capture.namespaces) {
      if (wanted && !wanted.has(namespaceKey(ns.namespace))) continue;
      const merged = mergeNamespace(ns, docsFor(ns.namespace), {
        osName: version.name,
        staticMethods: options.staticMethods,
        availability: (cls) => availability(ns.namespace, cls),
        associations,
      });
      const file = snapshotFileFor(version.os, ns.namespace);
      const mof = writeMof(merged.schema, {
        header: [`Namespace ${ns.namespace} on ${version.name}.`, windowsAttribution, 'Regenerate with: wmigen schema windows <corpus>'],
      });
      const loaded = loadMofText(mof, file.replace(/\.gz$/, ''), { defaultNamespace: ns.namespace });
      snapshots.push({
        entry: { os: version.os, namespace: ns.namespace, file, classes: merged.stats.classes, documentedClasses: merged.stats.documentedClasses },
        gz: gzipSync(Buffer.from(mof, 'utf8'), { level: 9 }),
        stats: merged.stats,
        notes: merged.notes,
        pageMembersNotOnOs: merged.pageMembersNotOnOs,
        diagnostics: loaded.diagnostics,
      });
    }
  }
  // A page shared by several namespaces (system classes) is reported once.
  const seen = new Set<string>();
  const pageFailures = [...docsCache.values()].flatMap((r) => r.failures).filter((f) => {
    const key = `${f.file}|${f.subject}|${f.reason}`;
    return seen.has(key) ? false : (seen.add(key), true);
  });
  return { snapshots, goFailures, pageFailures };
}
