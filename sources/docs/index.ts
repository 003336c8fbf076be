/**
 * The docs source end to end: docs folders → pages → one namespace's classes → MOF text.
 */

import { join } from 'node:path';
import { writeMof } from '../../model/cim/mof-writer.js';
import { buildDocsSchema, type DocsSchemaOptions, type DocsSchemaResult } from '../../model/docs/build.js';
import { snapshotHeader, type BundledSnapshot } from './bundled.js';
import { readDocsFolders } from './read.js';
import type { DocPage } from '../../grammar/mddocs/page.js';

export { buildDocsSchema, namespaceKey, type DocsSchemaOptions, type DocsSchemaResult, type PageReport } from '../../model/docs/build.js';
export { readDocsFolders } from './read.js';
export { filterSchemaForTarget, parseWindowsVersion, windowsVersions } from '../../model/docs/availability.js';
export { bundledSnapshots, findBundledSnapshot, bundledSchemasDir, docsSource, docsAttribution, type BundledSnapshot } from './bundled.js';

export interface DocsSnapshot extends DocsSchemaResult {
  readonly mof: string;
}

export interface DocsSnapshotOptions extends DocsSchemaOptions {
  /** Header comment lines (source and license attribution). */
  readonly header?: readonly string[];
}

/** Reads the folders and writes the namespace as a MOF snapshot. */
export function snapshotFromDocs(folders: readonly string[], options: DocsSnapshotOptions): DocsSnapshot {
  const pages = readDocsFolders(folders);
  const result = buildDocsSchema(pages, options);
  const header = options.header ?? [`Namespace ${options.namespace}, from Microsoft's WMI reference pages (CC BY 4.0).`];
  return { ...result, mof: writeMof(result.schema, { header }) };
}

/**
 * Bundled snapshots from a `desktop-src` folder. Each docs folder is read once and shared
 * by every snapshot that uses it.
 */
export function bundledSnapshotsFromDocs(entries: readonly BundledSnapshot[], desktopSrc: string): Map<string, DocsSnapshot> {
  const cache = new Map<string, DocPage[]>();
  const pagesOf = (folder: string): DocPage[] => {
    let pages = cache.get(folder);
    if (!pages) {
      pages = readDocsFolders([join(desktopSrc, folder)]);
      cache.set(folder, pages);
    }
    return pages;
  };
  const out = new Map<string, DocsSnapshot>();
  for (const entry of entries) {
    const pages = entry.folders.flatMap(pagesOf);
    const result = buildDocsSchema(pages, { namespace: entry.namespace, systemClasses: entry.allSystemClasses ? 'all' : 'referenced' });
    out.set(entry.name, { ...result, mof: writeMof(result.schema, { header: snapshotHeader(entry) }) });
  }
  return out;
}
