/**
 * Microsoft's reference pages → CIM classes of one namespace.
 *
 * Input: pages read by `grammar/mddocs/page.ts` (any number of docs folders). Output: a
 * `CimSchema` with one namespace whose classes carry only the members they declare
 * themselves (`inherited: false`), ready for the MOF writer; the MOF front-end resolves
 * inheritance when the snapshot is loaded. Plus a report: every class or method page of
 * this namespace that produced nothing, with its reason, and every member-level problem.
 *
 * What the pages say and how it lands:
 * - class: the syntax block's qualifiers, name and superclass; `Description` from the
 *   page's introduction; `MinimumClient`/`MinimumServer` from Requirements;
 * - property: type from the syntax block (or `Data type:` when the block lost it), the
 *   listed qualifiers, `Read`/`Write` from the access type, `Description`, the value list
 *   as `ValueMap`/`Values`, availability from "not supported before …" notes. A property
 *   the page says is inherited is left to the ancestor that declares it;
 * - method: the method page's signature (`[in]`/`[out]`, types, `Static` where the page
 *   says so), parameter descriptions, return codes as the method's `ValueMap`/`Values`,
 *   its Requirements when they differ from the class's.
 * Superclasses, referenced and embedded classes missing from the namespace are pulled in
 * from the other pages given (the CIM_ bases, system classes), each noted in the report.
 */


import type { DocClassPage, DocMethodPage, DocPage, DocUnreadablePage } from '../../grammar/mddocs/page.js';
import { draftClass, normPath, type Draft, type PageIndex } from './draft.js';
import { decideOwnMembers, topoOrder, typedClasses } from './members.js';
import { ALL_NAMESPACES, folderNamespaces, folderOf, namespaceKey } from './namespaces.js';
import { QualifierRegistry } from './qualifiers.js';
import { nearestClass, repairTypes, truncatedClass } from './repair.js';
import { Reports } from './reports.js';
import type { DocsSchemaOptions, DocsSchemaResult, SystemClassPolicy } from './types.js';

export type { DocsSchemaOptions, DocsSchemaResult, DocsSchemaStats, PageReport, SystemClassPolicy } from './types.js';
export { namespaceKey } from './namespaces.js';

/** Builds one namespace from the pages. */
export function buildDocsSchema(pages: readonly DocPage[], options: DocsSchemaOptions): DocsSchemaResult {
  const build = new NamespaceSelection(pages, options);
  const drafts = build.draftClasses();
  build.reportPagesOfNoNamespace();
  build.repairSuperclasses(drafts);
  // Types that name classes without a page cannot be written as such.
  for (const d of drafts.values()) repairTypes(d, drafts, (subject, reason) => build.reports.warn(d.page.file, subject, reason, d.location));

  const registry = new QualifierRegistry();
  const decided = decideOwnMembers(topoOrder(drafts), drafts, registry, build.reports);
  const { classes, usedQualifiers } = typedClasses(decided, registry, build.reports);
  build.reports.sort();
  const fromHere = [...drafts.keys()].filter((k) => !build.pulledIn.has(k) && build.isOwn(drafts.get(k)!.page, drafts.get(k)!.name)).length;
  return {
    schema: { namespaces: [{ name: options.namespace, qualifierTypes: registry.declarations(usedQualifiers), classes, instances: [] }] },
    failures: build.reports.failures,
    warnings: build.reports.warnings,
    stats: {
      classPages: build.classPagesHere,
      classesFromNamespacePages: fromHere,
      classesPulledIn: classes.length - fromHere,
      methods: decided.reduce((n, c) => n + c.methods.length, 0),
      properties: decided.reduce((n, c) => n + c.properties.length, 0),
      pagesRead: pages.length,
    },
  };
}

/** The pages indexed for lookups by path and by class. */
function indexPages(pages: readonly DocPage[]): PageIndex {
  const byPath = new Map<string, DocPage>();
  for (const p of pages) byPath.set(normPath(p.file), p);
  // Method pages that could not be read, by class: reported with the class they belong to.
  const unreadableMethods = new Map<string, DocUnreadablePage[]>();
  for (const p of pages) {
    if (p.kind !== 'unreadable' || p.claimed !== 'method') continue;
    const key = p.subject.split('.')[0].toLowerCase();
    unreadableMethods.set(key, [...(unreadableMethods.get(key) ?? []), p]);
  }
  const methodPages = new Map<string, DocMethodPage[]>();
  for (const p of pages) {
    if (p.kind !== 'method') continue;
    const key = p.className.toLowerCase();
    const list = methodPages.get(key) ?? [];
    list.push(p);
    methodPages.set(key, list);
  }
  return { byPath, methodPages, unreadableMethods };
}

/**
 * Which class pages make the namespace: its own (and every system class when asked),
 * then the classes they need (superclasses, referenced and embedded classes) pulled in
 * from the other pages given.
 */
class NamespaceSelection {
  readonly reports = new Reports();
  /** Class pages of this namespace, readable or not. */
  classPagesHere = 0;
  /** Lower-case names of classes pulled in from other namespaces' pages. */
  readonly pulledIn = new Set<string>();
  private readonly nsKey: string;
  private readonly systemPolicy: SystemClassPolicy;
  private readonly index: PageIndex;
  private readonly primaryFolder: string;
  private readonly folderNs: Map<string, string>;
  /** Class pages by lower-case class name; when two pages declare one class, this namespace's wins. */
  private readonly classPages = new Map<string, DocClassPage>();
  private readonly selected = new Map<string, DocClassPage>();
  private readonly queue: string[] = [];

  constructor(
    private readonly pages: readonly DocPage[],
    private readonly options: DocsSchemaOptions,
  ) {
    this.nsKey = namespaceKey(options.namespace);
    this.systemPolicy = options.systemClasses ?? 'referenced';
    this.index = indexPages(pages);
    // A page without a Namespace row (win32-baseboard.md) belongs to its folder's namespace.
    this.primaryFolder = pages.length ? folderOf(pages[0].file) : '';
    this.folderNs = folderNamespaces(pages, this.primaryFolder, this.nsKey);
    this.pickClassPages();
    this.reportUnreadableClassPages();
    this.seed();
  }

  private pageNs(p: { file: string; requirements: { namespace?: string } }, className: string): string | undefined {
    if (p.requirements.namespace) return namespaceKey(p.requirements.namespace);
    if (className.startsWith('__')) return ALL_NAMESPACES;
    return this.folderNs.get(folderOf(p.file));
  }

  /** Whether a page is one of this namespace's (system classes count when all are asked for). */
  isOwn(p: { file: string; requirements: { namespace?: string } }, className: string): boolean {
    const ns = this.pageNs(p, className);
    return ns === this.nsKey || (ns === ALL_NAMESPACES && this.systemPolicy === 'all');
  }

  private pickClassPages(): void {
    for (const p of this.pages) {
      if (p.kind !== 'class') continue;
      const key = p.syntax.name.toLowerCase();
      const prev = this.classPages.get(key);
      if (!prev) {
        this.classPages.set(key, p);
        continue;
      }
      const prevHere = this.pageNs(prev, prev.syntax.name) === this.nsKey;
      const thisHere = this.pageNs(p, p.syntax.name) === this.nsKey;
      const keep = !prevHere && thisHere ? p : prev;
      const drop = keep === p ? prev : p;
      this.classPages.set(key, keep);
      this.reports.warn(drop.file, drop.syntax.name, `another page (${keep.file}) also declares ${drop.syntax.name}; that page is used`, drop.location);
    }
  }

  /** Unreadable class pages of this namespace (or of no stated namespace) are failures. */
  private reportUnreadableClassPages(): void {
    for (const p of this.pages) {
      if (p.kind !== 'unreadable' || p.claimed !== 'class') continue;
      if (this.isOwn(p, p.subject)) {
        this.classPagesHere++;
        this.reports.fail(p.file, p.subject, p.reason, p.location);
      } else if (this.pageNs(p, p.subject) === undefined) {
        this.reports.warn(p.file, p.subject, `${p.reason}; the page names no namespace and is not counted as one of ${this.options.namespace}'s`, p.location);
      }
    }
  }

  /** Seed: this namespace's classes (and every system class when asked). */
  private seed(): void {
    for (const [key, p] of this.classPages) {
      if (this.isOwn(p, p.syntax.name)) {
        this.selected.set(key, p);
        this.classPagesHere++;
      }
    }
    this.queue.push(...[...this.selected.keys()].sort());
  }

  private want(name: string, by: string, why: string): void {
    const key = name.toLowerCase();
    if (this.selected.has(key)) return;
    const p = this.classPages.get(key);
    if (!p) return;
    const ns = this.pageNs(p, p.syntax.name);
    if (ns === ALL_NAMESPACES && this.systemPolicy === 'none') return;
    this.selected.set(key, p);
    this.pulledIn.add(key);
    this.queue.push(key);
    if (ns !== ALL_NAMESPACES) this.reports.warn(p.file, p.syntax.name, `pulled in from ${p.requirements.namespace ?? 'a page without a namespace'} as the ${why} of ${by}`, p.location);
  }

  /** Drafts the selected classes and, in turn, every class they need. */
  draftClasses(): Map<string, Draft> {
    const drafts = new Map<string, Draft>();
    while (this.queue.length) {
      const key = this.queue.shift() as string;
      const page = this.selected.get(key) as DocClassPage;
      const draft = draftClass(page, this.index, this.reports);
      drafts.set(key, draft);
      this.fixSystemSuperclass(draft);
      if (draft.superclass) this.want(draft.superclass, draft.name, 'superclass');
      const refs = new Set<string>();
      for (const p of draft.properties) for (const c of [p.refClass, p.embeddedClass]) if (c) refs.add(c);
      for (const m of draft.methods) {
        for (const c of [m.returnRefClass, m.returnEmbeddedClass]) if (c) refs.add(c);
        for (const p of m.parameters) for (const c of [p.refClass, p.embeddedClass]) if (c) refs.add(c);
      }
      for (const c of [...refs].sort()) this.want(c, draft.name, 'referenced class');
    }
    return drafts;
  }

  /** `class X : ExtrinsicEvent`: markdown took the `__` of a system class name for bold. */
  private fixSystemSuperclass(draft: Draft): void {
    const lower = draft.superclass?.toLowerCase();
    if (!lower || this.classPages.has(lower) || !this.classPages.has(`__${lower}`)) return;
    const fixed = this.classPages.get(`__${lower}`)!.syntax.name;
    this.reports.warn(draft.page.file, draft.name, `superclass ${draft.superclass} read as ${fixed} (the page lost its leading underscores)`, draft.location);
    draft.superclass = fixed;
  }

  /** A class page of another folder that names no namespace and nothing here needed. */
  reportPagesOfNoNamespace(): void {
    for (const [key, p] of this.classPages) {
      if (!this.selected.has(key) && this.pageNs(p, p.syntax.name) === undefined) {
        this.reports.warn(p.file, p.syntax.name, `the page names no namespace, nor do the other pages of its folder; not counted as one of ${this.options.namespace}'s classes (only ${this.primaryFolder}, the first folder given, is taken as the namespace's own)`, p.location);
      }
    }
  }

  /**
   * Superclasses without a page: a misspelt or cut-off name is read as the class it names;
   * otherwise the class becomes a root class and keeps every property.
   */
  repairSuperclasses(drafts: Map<string, Draft>): void {
    for (const d of drafts.values()) {
      if (!d.superclass || drafts.has(d.superclass.toLowerCase())) continue;
      const near = nearestClass(d.superclass, drafts) ?? truncatedClass(d.superclass, d.name, drafts);
      if (near) {
        this.reports.warn(d.page.file, d.name, `superclass ${d.superclass} has no page; read as ${near} (a misspelt or cut-off name)`, d.location);
        d.superclass = near;
        continue;
      }
      this.reports.warn(d.page.file, d.name, `superclass ${d.superclass} has no readable page; ${d.name} is written as a root class with all its properties`, d.location);
      d.superclass = null;
    }
  }
}
