/**
 * Microsoft's Go bindings of WMI (github.com/microsoft/wmi, MIT), generated from live WMI
 * on a Windows version, read into plain facts: which classes each namespace has, their
 * superclass, properties with Go types and methods with IN/OUT parameters, and the Go
 * enums. Only facts are carried, never the code.
 *
 * One file declares one Go type. Its `// Source` header names the namespace with dots
 * (`root.Microsoft.Windows.Storage`) in WMI's own spelling; enum files name themselves
 * there instead (`Source Error_ErrorType`), so their namespace is their folder's, taken
 * from the class files beside them. Folder and file names are lower-cased or shortened
 * (`root/wmidefault` is root\default, `ACE.go` declares `__ACE`) and are not used for names.
 */

import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A Go type as written, split: `[]MSFT_X` → `{ goType: 'MSFT_X', isArray: true }`. */
export interface GoTypeRef {
  /** `string`, `uint16`, `bool`, `interface{}`, a class or enum name (package prefix removed). */
  readonly goType: string;
  readonly isArray: boolean;
}

export interface GoProperty extends GoTypeRef {
  readonly name: string;
}

export interface GoParameter extends GoTypeRef {
  readonly name: string;
  readonly in: boolean;
  readonly out: boolean;
  /** Marked `/* OPTIONAL IN *\/`. */
  readonly optional: boolean;
}

export interface GoMethod {
  readonly name: string;
  readonly parameters: readonly GoParameter[];
}

export interface GoClassFacts {
  readonly kind: 'class';
  readonly name: string;
  /** WMI spelling with backslashes: `root\Microsoft\Windows\Storage`. */
  readonly namespace: string;
  readonly superclass: string | null;
  /** The properties the class declares (or overrides), in file order. */
  readonly properties: readonly GoProperty[];
  readonly methods: readonly GoMethod[];
  /** Path relative to the capture folder, `/`-separated. */
  readonly file: string;
}

export interface GoEnumFacts {
  readonly kind: 'enum';
  /** `Error_ErrorType`: the class name without its schema prefix, `_`, the property. */
  readonly name: string;
  readonly members: ReadonlyArray<{ readonly name: string; readonly value: number }>;
  readonly file: string;
}

export interface GoReadFailure {
  readonly kind: 'failure';
  readonly file: string;
  readonly reason: string;
}

export type GoFileFacts = GoClassFacts | GoEnumFacts | GoReadFailure;

const SOURCE_RE = /^\/\/\s+Source\s+(\S+)\s*$/m;
const STRUCT_RE = /^type ([A-Za-z_][A-Za-z0-9_]*) struct \{\n([\s\S]*?)^\}/m;
const ENUM_RE = /^type ([A-Za-z_][A-Za-z0-9_]*) int\s*$/m;
// Field names may be any Unicode identifier (`Value4Countbucket01128µs` of a perf class).
const FIELD_RE = /^\t([\p{L}_][\p{L}\p{N}_]*)\s+(\S+)\s*$/u;
const EMBED_RE = /^\t\*(?:([A-Za-z_][A-Za-z0-9_]*)\.)?([A-Za-z_][A-Za-z0-9_]*)\s*$/;
// `/*Custom IN*/` (also spelled `Custon`) marks the bindings' own arguments for asynchronous
// calls (Action, PercentComplete, Timeout): not WMI parameters, left out.
const PARAM_RE = /^\/\*\s*(OPTIONAL IN|Custo[mn] IN|IN\/OUT|IN|OUT)\s*\*\/\s*([\p{L}_][\p{L}\p{N}_]*)\s+(\S+)$/u;

/** `root.CIMV2.Security` → `root\CIMV2\Security`. */
export function goSourceNamespace(source: string): string {
  return source.split('.').join('\\');
}

export function splitGoType(raw: string): GoTypeRef {
  let t = raw.trim();
  let isArray = false;
  if (t.startsWith('[]')) {
    isArray = true;
    t = t.slice(2);
  }
  if (t.startsWith('*')) t = t.slice(1);
  // A type of another package (`cimv2.CIM_X`, `interop.CIM_Error`): the class name is the same.
  const dot = t.lastIndexOf('.');
  if (dot > 0 && t !== 'interface{}') t = t.slice(dot + 1);
  if (t === 'byte') t = 'uint8';
  return { goType: t, isArray };
}

/** Reads one Go file of the bindings. */
export function readGoFile(text: string, file: string): GoFileFacts {
  const fail = (reason: string): GoReadFailure => ({ kind: 'failure', file, reason });
  const source = SOURCE_RE.exec(text)?.[1];
  if (!source) return fail('no `// Source` header');
  const struct = STRUCT_RE.exec(text);
  if (struct) {
    if (!/^root(\.|$)/i.test(source)) return fail(`the \`// Source\` header (${source}) names no namespace`);
    return readClass(struct[1], struct[2], text, goSourceNamespace(source), file);
  }
  const enumMatch = ENUM_RE.exec(text);
  if (enumMatch) return readEnum(enumMatch[1], text, file);
  return fail('declares neither a struct nor an int enum type');
}

function readClass(name: string, body: string, text: string, namespace: string, file: string): GoClassFacts | GoReadFailure {
  let superclass: string | null = null;
  let sawEmbed = false;
  const properties: GoProperty[] = [];
  for (const line of body.split('\n')) {
    if (/^\s*(\/\/.*)?$/.test(line)) continue;
    const embed = EMBED_RE.exec(line);
    if (embed) {
      if (sawEmbed) return { kind: 'failure', file, reason: `${name} embeds two structs` };
      sawEmbed = true;
      // `*cim.WmiInstance` is the bindings' base of every root class: no superclass.
      if (!(embed[1] === 'cim' && embed[2] === 'WmiInstance')) superclass = embed[2];
      continue;
    }
    const field = FIELD_RE.exec(line);
    if (!field) return { kind: 'failure', file, reason: `${name}: unreadable struct line \`${line.trim()}\`` };
    properties.push({ name: field[1], ...splitGoType(field[2]) });
  }
  const methods = readMethods(name, text);
  if ('reason' in methods) return { kind: 'failure', file, reason: methods.reason };
  return { kind: 'class', name, namespace, superclass, properties, methods: methods.list, file };
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * The WMI methods: the methods on the class's pointer receiver that return
 * `(result uint32, err error)`; the generated property accessors return `(value T, err
 * error)` or `(err error)` and are skipped (their names do not always match a property).
 */
function readMethods(className: string, text: string): { list: GoMethod[] } | { reason: string } {
  const list: GoMethod[] = [];
  const head = new RegExp(`^func \\(instance \\*${escapeRe(className)}\\) ([A-Za-z_][A-Za-z0-9_]*)\\(`, 'gm');
  for (const m of text.matchAll(head)) {
    const methodName = m[1];
    const start = m.index! + m[0].length;
    // Parameter types hold no parentheses (`interface{}` has braces): the first `)` ends the list.
    const stop = text.indexOf(')', start);
    if (stop < 0) return { reason: `${className}.${methodName}: the parameter list does not end` };
    if (!text.startsWith(') (result ', stop)) continue;
    const parameters: GoParameter[] = [];
    for (const rawParam of text.slice(start, stop).split(',')) {
      const p = rawParam.replace(/\s+/g, ' ').trim();
      if (p === '') continue;
      const pm = PARAM_RE.exec(p);
      if (!pm) return { reason: `${className}.${methodName}: unreadable parameter \`${p}\`` };
      const dir = pm[1];
      if (dir.startsWith('Custo')) continue;
      parameters.push({
        name: pm[2],
        ...splitGoType(pm[3]),
        in: dir !== 'OUT',
        out: dir === 'OUT' || dir === 'IN/OUT',
        optional: dir === 'OPTIONAL IN',
      });
    }
    list.push({ name: methodName, parameters });
  }
  return { list };
}

function readEnum(name: string, text: string, file: string): GoEnumFacts | GoReadFailure {
  const members: Array<{ name: string; value: number }> = [];
  const re = new RegExp(`^\\t${escapeRe(name)}_([A-Za-z0-9_]*)\\s+${escapeRe(name)}\\s*=\\s*(-?(?:0x[0-9A-Fa-f]+|\\d+))\\s*$`, 'gm');
  for (const m of text.matchAll(re)) members.push({ name: m[1], value: Number(m[2]) });
  if (members.length === 0) return { kind: 'failure', file, reason: `enum ${name} has no readable constants` };
  return { kind: 'enum', name, members, file };
}

export interface GoNamespaceFacts {
  readonly namespace: string;
  /** The capture folder, relative, `/`-separated (`root/wmidefault`). */
  readonly folder: string;
  readonly classes: readonly GoClassFacts[];
  readonly enums: readonly GoEnumFacts[];
}

export interface GoCapture {
  /** Namespaces sorted by name (case-insensitively). */
  readonly namespaces: readonly GoNamespaceFacts[];
  readonly failures: readonly GoReadFailure[];
  readonly files: number;
}

function goFilesByFolder(root: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  const walk = (dir: string): void => {
    const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of entries) {
      const p = join(dir, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && e.name.endsWith('.go')) {
        const rel = relative(root, dir).split('\\').join('/');
        out.set(rel, [...(out.get(rel) ?? []), p]);
      }
    }
  };
  walk(root);
  return out;
}

/**
 * Reads one capture (`server2019/` or `server23h2/`). A folder's namespace is the one its
 * class files' headers name; a folder whose files disagree, or that has only enums, is
 * reported and its files are read under the first class's namespace (or left out).
 */
export function readGoCapture(root: string): GoCapture {
  const failures: GoReadFailure[] = [];
  const namespaces: GoNamespaceFacts[] = [];
  let files = 0;
  for (const [folder, paths] of goFilesByFolder(root)) {
    const classes: GoClassFacts[] = [];
    const enums: GoEnumFacts[] = [];
    for (const path of paths) {
      files++;
      const rel = relative(root, path).split('\\').join('/');
      let facts: GoFileFacts;
      try {
        facts = readGoFile(readFileSync(path, 'utf8'), rel);
      } catch (err) {
        facts = { kind: 'failure', file: rel, reason: `cannot read: ${(err as Error).message}` };
      }
      if (facts.kind === 'class') classes.push(facts);
      else if (facts.kind === 'enum') enums.push(facts);
      else failures.push(facts);
    }
    const names = [...new Set(classes.map((c) => c.namespace))];
    if (names.length === 0) {
      failures.push(...enums.map((e) => ({ kind: 'failure' as const, file: e.file, reason: `folder ${folder} has no class file naming its namespace` })));
      continue;
    }
    if (names.length > 1) {
      for (const c of classes.filter((c) => c.namespace !== names[0])) {
        failures.push({ kind: 'failure', file: c.file, reason: `its header names ${c.namespace}, the folder's other files ${names[0]}` });
      }
    }
    namespaces.push({ namespace: names[0], folder, classes: classes.filter((c) => c.namespace === names[0]), enums });
  }
  namespaces.sort((a, b) => a.namespace.toLowerCase().localeCompare(b.namespace.toLowerCase()));
  return { namespaces, failures, files };
}
