/**
 * The CIM generator's entry point: a resolved schema in, the text of every output file
 * out (paths relative to the output directory, `/`-separated). Pure: no file system, no
 * clock, so the same input always gives byte-identical output. Writing (atomically, or
 * checking for drift) is `output.ts`'s job.
 */

import { editDistance } from '../../common/edit-distance.js';
import { propertyKey } from '../../common/identifiers.js';
import { sameNamespace } from '../../common/namespaces.js';
import type { Diagnostic } from '../../grammar/diagnostics.js';
import { WmigenError } from '../../grammar/diagnostics.js';
import type { CimClass, CimNamespace, CimSchema } from '../../model/cim/types.js';
import { fileHeader } from '../../templates/header.js';
import { emitClassModule } from './emit-class.js';
import { compareNames, planNamespace, type ClassPlan } from './plan.js';

export interface GeneratedFile {
  /** Relative to the output directory, `/`-separated: `root/cimv2/CIM_Process.ts`. */
  readonly path: string;
  readonly text: string;
  /** Set by the prettier pass: the hash of the text before formatting. */
  readonly unformattedHash?: string;
}

export interface CimGenerateOptions {
  /** Only these namespaces (case-insensitive); all when omitted. */
  readonly namespaces?: readonly string[];
  /** Only these classes and what they need (superclasses, referenced and embedded classes). */
  readonly classes?: readonly string[];
  /** The `// source:` text for a class (no machine paths: the caller makes it relative). */
  readonly source?: (cls: CimClass) => string;
  /** Default `@wmigen/runtime`. */
  readonly runtimeModule?: string;
  /**
   * Add the classes to the runtime's `WmiClassMap` in each namespace index (default true).
   * Off when two generated namespaces sharing class names are compiled together: the map
   * is global, so their entries would conflict (TS2717).
   */
  readonly classMap?: boolean;
  /** Called after each module is emitted. */
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Receives each file as soon as it is generated, in output order; the result's `files`
   * is then empty (the command writes modules as they come instead of holding all of them).
   */
  readonly onFile?: (file: GeneratedFile) => void;
}

export interface CimGenerateResult {
  readonly files: readonly GeneratedFile[];
  readonly diagnostics: readonly Diagnostic[];
  readonly classCount: number;
}

/** Thrown for requests the schema cannot satisfy (unknown namespace or class). */
export class GenerateError extends WmigenError {}

/** `root\cimv2` → `root/cimv2` (segments made safe for file systems). */
export function namespaceDir(namespace: string): string {
  return namespace
    .split(/[\\/]+/)
    .filter((s) => s.length > 0)
    .map((s) => s.replace(/[^A-Za-z0-9_.-]/g, '_'))
    .join('/');
}

/**
 * The classes named plus everything their bindings need: superclasses (interfaces
 * extend them), embedded classes (property types), and referenced classes (so a path
 * can be followed with typed bindings). Throws for names not in the namespace.
 */
export function classClosure(ns: CimNamespace, names: readonly string[]): CimClass[] {
  const byLower = new Map(ns.classes.map((c) => [c.name.toLowerCase(), c] as const));
  const missing = names.filter((n) => !byLower.has(n.toLowerCase()));
  if (missing.length > 0) {
    throw new GenerateError(
      `${missing.length === 1 ? 'class' : 'classes'} not found in ${ns.name}: ${missing.join(', ')}` +
        suggestion(missing[0], ns.classes.map((c) => c.name)),
    );
  }
  const chosen = new Map<string, CimClass>();
  const queue = names.map((n) => byLower.get(n.toLowerCase())!);
  const want = (name: string | null | undefined): void => {
    if (!name) return;
    const c = byLower.get(name.toLowerCase());
    if (c && !chosen.has(c.name.toLowerCase())) queue.push(c);
  };
  while (queue.length > 0) {
    const c = queue.pop()!;
    const lower = c.name.toLowerCase();
    if (chosen.has(lower)) continue;
    chosen.set(lower, c);
    want(c.superclass);
    for (const p of c.properties) {
      want(p.refClass);
      want(p.embeddedClass);
    }
    for (const m of c.methods) {
      want(m.returnRefClass);
      want(m.returnEmbeddedClass);
      for (const p of m.parameters) {
        want(p.refClass);
        want(p.embeddedClass);
      }
    }
  }
  return [...chosen.values()].sort((a, b) => compareNames(a.name, b.name));
}

function suggestion(name: string, candidates: readonly string[]): string {
  const lower = name.toLowerCase();
  let best: string | undefined;
  let bestScore = Infinity;
  for (const c of candidates) {
    const d = editDistance(lower, c.toLowerCase(), bestScore);
    if (d < bestScore) {
      bestScore = d;
      best = c;
    }
  }
  return best !== undefined && bestScore <= Math.max(2, Math.floor(name.length / 4)) ? ` (did you mean ${best}?)` : '';
}

export function selectNamespaces(schema: CimSchema, wanted: readonly string[] | undefined): CimNamespace[] {
  if (wanted === undefined || wanted.length === 0) return [...schema.namespaces].sort((a, b) => compareNames(a.name, b.name));
  const out: CimNamespace[] = [];
  for (const w of wanted) {
    const ns = schema.namespaces.find((n) => sameNamespace(n.name, w));
    if (!ns) {
      const have = schema.namespaces.map((n) => n.name).join(', ') || 'none';
      throw new GenerateError(`namespace ${w} is not in the input (namespaces found: ${have})`);
    }
    out.push(ns);
  }
  return out;
}

/** The namespaces and classes `generateCimBindings` generates for these options. */
function selectClasses(schema: CimSchema, options: Pick<CimGenerateOptions, 'namespaces' | 'classes'>): Array<{ ns: CimNamespace; classes: readonly CimClass[] }> {
  return selectNamespaces(schema, options.namespaces).map((ns) => ({ ns, classes: options.classes?.length ? classClosure(ns, options.classes) : ns.classes }));
}

/** A class module's path: the class's own name, so it is known before anything is planned. */
function modulePath(dir: string, cls: CimClass): string {
  return `${dir}/${cls.name}.ts`;
}

/**
 * The paths of the files `generateCimBindings` will give for these options, known from the
 * schema alone (not in output order): the command lets its writer create them while
 * planning runs.
 */
export function outputPaths(schema: CimSchema, options: Pick<CimGenerateOptions, 'namespaces' | 'classes'> = {}): string[] {
  const paths: string[] = [];
  for (const { ns, classes } of selectClasses(schema, options)) {
    const dir = namespaceDir(ns.name);
    for (const c of classes) paths.push(modulePath(dir, c));
    paths.push(`${dir}/index.ts`);
  }
  return paths;
}

export function generateCimBindings(schema: CimSchema, options: CimGenerateOptions = {}): CimGenerateResult {
  const runtimeModule = options.runtimeModule ?? '@wmigen/runtime';
  const source = options.source ?? ((cls: CimClass) => (cls.location ? baseName(cls.location.file) : 'unknown'));
  const files: GeneratedFile[] = [];
  const emitFile = options.onFile ?? ((f: GeneratedFile) => void files.push(f));
  const diagnostics: Diagnostic[] = [];
  const selections = selectClasses(schema, options);
  const total = selections.reduce((n, s) => n + s.classes.length, 0);
  let done = 0;
  for (const { ns, classes } of selections) {
    const dir = namespaceDir(ns.name);
    const plan = planNamespace(ns, classes);
    diagnostics.push(...plan.diagnostics);
    for (const cp of plan.classes) {
      emitFile({ path: modulePath(dir, cp.cls), text: emitClassModule(cp, { runtimeModule, source: source(cp.cls) }) });
      if (++done % 32 === 0 || done === total) options.onProgress?.(done, total);
    }
    emitFile({ path: `${dir}/index.ts`, text: emitNamespaceIndex(ns.name, plan.classes, options.classMap === false ? null : runtimeModule) });
  }
  return { files, diagnostics, classCount: total };
}

/**
 * `export *` of every class module of a namespace (all exported names are unique
 * namespace-wide), then the namespace's classes added to the runtime's `WmiClassMap`
 * (CIM class name → interface), which types `associatorsVia()` results by the classes an
 * association's references name. `import()` types keep the index free of imports, so it
 * loads no module the `export *` lines do not.
 */
export function emitNamespaceIndex(
  namespace: string,
  classes: ReadonlyArray<Pick<ClassPlan, 'moduleName' | 'id'> & { readonly cls: Pick<CimClass, 'name'> }>,
  /** The module whose `WmiClassMap` to augment; null: no augmentation. */
  runtimeModule: string | null = '@wmigen/runtime',
): string {
  let text = fileHeader(`namespace ${namespace}, ${classes.length} classes`);
  for (const c of classes) text += `export * from './${c.moduleName}.js';\n`;
  if (classes.length === 0 || runtimeModule === null) return text;
  text += `\ndeclare module ${JSON.stringify(runtimeModule)} {\n  interface WmiClassMap {\n`;
  for (const c of classes) text += `    ${propertyKey(c.cls.name)}: import('./${c.moduleName}.js').${c.id};\n`;
  text += '  }\n}\n';
  return text;
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}
