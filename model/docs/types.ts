/** What building a namespace from reference pages takes and gives. */

import type { CimSchema } from '../cim/types.js';

export type SystemClassPolicy = 'referenced' | 'all' | 'none';

export interface DocsSchemaOptions {
  /** The namespace to build, e.g. `root\cimv2`. */
  readonly namespace: string;
  /**
   * System classes (`__Namespace`, …; Requirements "All WMI namespaces"): `referenced`
   * (default) takes those the namespace's classes derive from or refer to, `all` takes
   * every one, `none` none.
   */
  readonly systemClasses?: SystemClassPolicy;
}

export interface PageReport {
  readonly file: string;
  readonly line?: number;
  /** `Win32_Process`, `Win32_Process.Create`, `Win32_Process.Name`. */
  readonly subject: string;
  readonly reason: string;
}

export interface DocsSchemaStats {
  /** Class pages placed in this namespace (read or not). */
  readonly classPages: number;
  /** Classes built from those pages. */
  readonly classesFromNamespacePages: number;
  /** Classes pulled in from other namespaces' pages (ancestors, referenced classes). */
  readonly classesPulledIn: number;
  readonly methods: number;
  readonly properties: number;
  readonly pagesRead: number;
}

export interface DocsSchemaResult {
  /** One namespace; classes hold their own members only (resolve by loading the MOF). */
  readonly schema: CimSchema;
  /** Pages that produced no class or method, each with the reason. */
  readonly failures: readonly PageReport[];
  /** Members left out or repaired, classes pulled in, superclasses not found. */
  readonly warnings: readonly PageReport[];
  readonly stats: DocsSchemaStats;
}
