/**
 * Reading one reference page into plain data: a WMI class page (front matter, the
 * `syntax` block, the property sections with their data type, access type, qualifiers,
 * description and value lists, the methods table, the Requirements table) or a WMI
 * method page (the MOF signature, parameter descriptions, return codes, Requirements).
 *
 * Pages that are neither come back as `kind: 'other'`; pages that look like a class or
 * method page but cannot be read come back as `kind: 'unreadable'` with the reason and
 * location. Nothing here touches the file system.
 */

import type { SourceLocation } from '../diagnostics.js';
import { blockText, codeBlocks, findSection, inlineText, lineStarts, pipeTables, readFrontMatter, sections, type CodeBlock, type FrontMatter, type Section } from './markdown.js';
import { parseClassSyntax, parseMethodSyntax, SyntaxBlockError, type SyntaxClass, type SyntaxMethod } from './syntax.js';

export interface DocQualifier {
  /** As written on the page (spelling normalized later by the model). */
  readonly name: string;
  /** Arguments in parentheses; undefined when the qualifier has none (boolean true). */
  readonly args?: readonly DocArg[];
}

export type DocArg = { readonly kind: 'string'; readonly value: string } | { readonly kind: 'number'; readonly value: string } | { readonly kind: 'boolean'; readonly value: boolean };

/** One `**Name** (value)` entry: a ValueMap value and its Values name. */
export interface DocValue {
  /** The ValueMap string: a decimal number, a range `a..b`, `..`, or a string value. */
  readonly value: string;
  readonly name: string;
}

export interface Requirements {
  readonly minimumClient?: string;
  readonly minimumServer?: string;
  readonly namespace?: string;
  readonly mof?: string;
  readonly dll?: string;
}

export interface DocProperty {
  readonly name: string;
  /** `Data type:` as written (`string`, `uint16 array`, `Win32_X`), plain text. */
  readonly dataType?: string;
  readonly access?: 'read' | 'readwrite' | 'write';
  readonly qualifiers: readonly DocQualifier[];
  readonly description: string;
  readonly values: readonly DocValue[];
  /** Class named by "This property is inherited from X". */
  readonly inheritedFrom?: string;
  /** From "… not supported before Windows 8 and Windows Server 2012" notes. */
  readonly minimumClient?: string;
  readonly minimumServer?: string;
  readonly location: SourceLocation;
}

export interface DocMethodLink {
  readonly name: string;
  /** The linked file relative to the page's folder (no anchor), or undefined for no link. */
  readonly href?: string;
  readonly description: string;
  readonly minimumClient?: string;
  readonly minimumServer?: string;
}

export interface DocProblem {
  readonly message: string;
  readonly location: SourceLocation;
}

export interface DocClassPage {
  readonly kind: 'class';
  readonly file: string;
  readonly title: string;
  readonly syntax: SyntaxClass;
  readonly description: string;
  readonly requirements: Requirements;
  readonly properties: readonly DocProperty[];
  readonly methods: readonly DocMethodLink[];
  /** Member-level problems (the class itself was read). */
  readonly problems: readonly DocProblem[];
  readonly location: SourceLocation;
}

export interface DocParameterDoc {
  readonly name: string;
  readonly description: string;
  /** The parameter's value list (`**Boot Start** ("Boot")`, Value/Meaning tables), as a property's. */
  readonly values: readonly DocValue[];
}

export interface DocMethodPage {
  readonly kind: 'method';
  readonly file: string;
  readonly title: string;
  readonly className: string;
  readonly methodName: string;
  readonly syntax: SyntaxMethod;
  readonly isStatic: boolean;
  readonly description: string;
  readonly parameterDocs: readonly DocParameterDoc[];
  readonly returnValues: readonly DocValue[];
  readonly requirements: Requirements;
  readonly problems: readonly DocProblem[];
  readonly location: SourceLocation;
}

export interface DocOtherPage {
  readonly kind: 'other';
  readonly file: string;
  readonly title: string;
}

export interface DocUnreadablePage {
  readonly kind: 'unreadable';
  readonly file: string;
  readonly title: string;
  /** What the page claims to be: a class or a method page. */
  readonly claimed: 'class' | 'method';
  /** For a class page: the class name from the title; for a method page `Class.Method`. */
  readonly subject: string;
  readonly reason: string;
  readonly location: SourceLocation;
  readonly requirements: Requirements;
}

export type DocPage = DocClassPage | DocMethodPage | DocOtherPage | DocUnreadablePage;

const identRe = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Reads one page. `file` is used for locations only. */
export function readDocPage(text: string, file: string): DocPage {
  const fm = readFrontMatter(text);
  const title = inlineText(fm.scalars['title'] ?? '');
  const classTitle = /^([A-Za-z_][A-Za-z0-9_]*) (?:WMI )?class\b/.exec(title);
  const methodTitle = /^([A-Za-z_][A-Za-z0-9_]*) method of the ([A-Za-z_][A-Za-z0-9_]*) (?:WMI )?class\b/i.exec(title);
  if (methodTitle) return readMethodPage(text, file, fm, title, methodTitle[2], methodTitle[1]);
  // Some method pages are titled `Class.Method method` or only carry `api_name: Class.Method`.
  const dotted = /^([A-Za-z_][A-Za-z0-9_]*)(?:\.|::)([A-Za-z_][A-Za-z0-9_]*) method\b/.exec(title);
  if (dotted) return readMethodPage(text, file, fm, title, dotted[1], dotted[2]);
  // Otherwise a "… method" page whose one api_name is `Class.Method` and that has a MOF signature.
  const api = fm.lists['api_name'] ?? [];
  const apiMethod = api.length === 1 ? /^([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)$/.exec(api[0]) : null;
  if (apiMethod && / method\b/i.test(title) && /^[ \t]*```[ \t]*(mof|syntax)/m.test(text)) return readMethodPage(text, file, fm, title, apiMethod[1], apiMethod[2]);
  if (classTitle) return readClassPage(text, file, fm, title, classTitle[1]);
  return { kind: 'other', file, title };
}

/** Line starts of the page being read, computed once per page (locations are asked for often). */
let lineIndex: { text: string; starts: number[] } | undefined;

function loc(text: string, file: string, offset: number): SourceLocation {
  if (lineIndex?.text !== text) lineIndex = { text, starts: lineStarts(text) };
  const starts = lineIndex.starts;
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (starts[mid] <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { file, line: lo + 1, column: offset - starts[lo] + 1, offset };
}

function syntaxBlocks(text: string): CodeBlock[] {
  return codeBlocks(text).filter((b) => b.info === 'syntax' || b.info === 'mof' || b.info === '');
}

function readClassPage(text: string, file: string, fm: FrontMatter, title: string, titleName: string): DocPage {
  const all = sections(text);
  const requirements = readRequirements(all);
  const unreadable = (reason: string, offset: number): DocUnreadablePage => ({
    kind: 'unreadable',
    file,
    title,
    claimed: 'class',
    subject: titleName,
    reason,
    location: loc(text, file, offset),
    requirements,
  });
  const syntaxSection = findSection(all, /^syntax$/i);
  const blocks = syntaxBlocks(text).filter((b) => /(^|[\s\]])class\s+[A-Za-z_]/.test(b.body));
  if (blocks.length === 0) {
    // No MOF and no Namespace or MOF row: an ActiveX, C++ or .NET class, not a WMI class.
    if (!requirements.namespace && !requirements.mof) return { kind: 'other', file, title };
    return unreadable(syntaxSection ? 'the Syntax section has no MOF class declaration' : 'no Syntax section with a MOF class declaration (not a WMI class page?)', syntaxSection?.offset ?? fm.end);
  }
  // Prefer the block that declares the class named in the title (win32-keyboard.md has two).
  let chosen: { block: CodeBlock; syntax: SyntaxClass } | undefined;
  let firstError: { message: string; offset: number } | undefined;
  for (const block of blocks) {
    try {
      const syntax = parseClassSyntax(block.body);
      if (!chosen || (syntax.name.toLowerCase() === titleName.toLowerCase() && chosen.syntax.name.toLowerCase() !== titleName.toLowerCase())) chosen = { block, syntax };
    } catch (e) {
      if (!(e instanceof SyntaxBlockError)) throw e;
      firstError ??= { message: e.message, offset: block.offset + e.offset };
    }
  }
  if (!chosen) return unreadable(`the syntax block cannot be read: ${firstError?.message}`, firstError?.offset ?? 0);
  const { block, syntax } = chosen;
  const problems: DocProblem[] = syntax.problems.map((p) => ({ message: p.message, location: loc(text, file, block.offset + p.offset) }));
  if (syntax.name.toLowerCase() !== titleName.toLowerCase()) {
    problems.push({ message: `the title names ${titleName} but the syntax block declares ${syntax.name}`, location: loc(text, file, block.offset + syntax.offset) });
  }
  const propsSection = all.find((s) => s.level >= 2 && /^properties$/i.test(s.heading));
  const properties = propsSection ? readPropertySections(text, file, propsSection, problems) : [];
  const methodsSection = all.find((s) => s.level >= 2 && /^methods$/i.test(s.heading));
  const methods = methodsSection ? readMethodsTable(methodsSection) : [];
  return {
    kind: 'class',
    file,
    title,
    syntax,
    description: pageDescription(text, fm, all),
    requirements,
    properties,
    methods,
    problems,
    location: loc(text, file, block.offset + syntax.offset),
  };
}

/** The paragraphs under the `#` heading, before the first `##` (or the front matter's description). */
function pageDescription(text: string, fm: FrontMatter, all: readonly Section[]): string {
  const h1 = all.find((s) => s.level === 1);
  if (h1) {
    const firstSub = all.find((s) => s.level > 1 && s.offset > h1.offset);
    const end = firstSub ? text.lastIndexOf('\n', firstSub.offset - 1) : h1.offset + h1.body.length;
    const body = text.slice(h1.offset, Math.max(h1.offset, end));
    const paras = blockText(body.replace(/^```[\s\S]*?^```/gm, ''))
      .split('\n')
      .filter((p) => !/^(The following syntax is simplified|This topic uses Managed Object Format)/.test(p) && !/^\\?\[.*\]$/.test(p));
    if (paras.length) return paras.join('\n');
  }
  return inlineText(fm.scalars['description'] ?? '');
}

const versionNoise = /\[(desktop apps only|UWP apps only|desktop apps \| UWP apps)\]/gi;

export function cleanVersion(v: string): string | undefined {
  const t = inlineText(v).replace(versionNoise, '').replace(/\s+/g, ' ').trim();
  if (!t || /^none supported$/i.test(t) || t === '-') return undefined;
  return t;
}

export function readRequirements(all: readonly Section[]): Requirements {
  const sec = findSection(all, /^requirements$/i);
  if (!sec) return {};
  const out: { -readonly [K in keyof Requirements]: Requirements[K] } = {};
  for (const table of pipeTables(sec.body)) {
    for (const row of table) {
      if (row.length < 2) continue;
      const key = inlineText(row[0]).toLowerCase();
      const value = inlineText(row[1]);
      if (key.startsWith('minimum supported client')) out.minimumClient = cleanVersion(row[1]);
      else if (key.startsWith('minimum supported server')) out.minimumServer = cleanVersion(row[1]);
      else if (key === 'namespace') out.namespace = value.replace(/\\\\/g, '\\');
      else if (key === 'mof') out.mof = value;
      else if (key === 'dll') out.dll = value;
    }
  }
  return out;
}

/** "… not supported before Windows 8.1 and Windows Server 2012 R2." → client/server. */
export function readAvailabilityNote(text: string): { minimumClient?: string; minimumServer?: string } {
  const m = /not (?:supported|available) (?:before|until|prior to) (Windows(?:[^.:;]|\.(?=\d))*?)(?:\.(?!\d)|;|$)/i.exec(text);
  if (!m) return {};
  const out: { minimumClient?: string; minimumServer?: string } = {};
  for (const part of m[1].split(/\s+and\s+|,\s*/)) {
    const v = part.trim();
    if (/^Windows Server\b/i.test(v)) out.minimumServer ??= v;
    else if (/^Windows\b/i.test(v)) out.minimumClient ??= v;
  }
  return out;
}

/** Splits at commas outside quotes, parentheses, braces and brackets. */
export function splitTopLevel(s: string, sep = ','): string[] {
  const out: string[] = [];
  let depth = 0;
  let quote = false;
  let cur = '';
  for (const ch of s) {
    if (ch === '"' || ch === '\u201c' || ch === '\u201d') quote = !quote;
    else if (!quote && (ch === '(' || ch === '{' || ch === '[')) depth++;
    else if (!quote && (ch === ')' || ch === '}' || ch === ']')) depth = Math.max(0, depth - 1);
    if (ch === sep && depth === 0 && !quote) {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.push(cur);
  return out.map((x) => x.trim()).filter((x) => x !== '');
}

function readArg(raw: string): DocArg {
  const t = raw.trim();
  const q = /^["\u201c\u201d](.*)["\u201c\u201d]$/s.exec(t);
  if (q) return { kind: 'string', value: q[1] };
  if (/^[+-]?(0x[0-9a-f]+|[0-9]+(\.[0-9]+)?)$/i.test(t)) return { kind: 'number', value: t };
  if (/^(true|false)$/i.test(t)) return { kind: 'boolean', value: /^true$/i.test(t) };
  return { kind: 'string', value: t };
}

/** `Qualifiers: [**Key**](…), [**MaxLen**](…) (256), DisplayName("x")` → qualifiers. */
export function readQualifierLine(line: string): { qualifiers: DocQualifier[]; unreadable: string[] } {
  const plain = inlineText(line.replace(/^\s*Qualifiers\s*:/i, ''));
  const qualifiers: DocQualifier[] = [];
  const unreadable: string[] = [];
  for (const item of splitTopLevel(plain)) {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)\s*(?:[({]\s*(.*?)\s*[)}])?\.?$/s.exec(item);
    if (!m) {
      unreadable.push(item);
      continue;
    }
    if (m[2] === undefined) qualifiers.push({ name: m[1] });
    else {
      const args = m[2] === '' ? [] : splitTopLevel(m[2]).map(readArg);
      qualifiers.push(args.length ? { name: m[1], args } : { name: m[1] });
    }
  }
  return { qualifiers, unreadable };
}

const maxByType: Record<string, string> = {
  '255': 'uint8',
  '65535': 'uint16',
  '4294967295': 'uint32',
  '18446744073709551615': 'uint64',
};

/**
 * The value part of `**Name** (value)` as a ValueMap string: `1 (0x1)` → `1`, `0x10` →
 * `16`, `22 4294967295` and `101–4294967295` → `22..4294967295`, `..` stays, `"Boot"` →
 * `Boot`. Returns undefined when the text is no value (prose in parentheses).
 */
export function normalizeValue(raw: string): string | undefined {
  let t = inlineText(raw).trim();
  const quoted = /^["\u201c](.*)["\u201d]$/.exec(t);
  if (quoted) return quoted[1];
  t = t.replace(/\s*\((0x[0-9a-f]+|[0-9]+)\)\s*$/i, '').trim();
  const num = (s: string): string | undefined => {
    if (/^[+-]?[0-9]+$/.test(s)) return String(BigInt(s));
    if (/^0x[0-9a-f]+$/i.test(s)) return String(BigInt(s));
    return undefined;
  };
  if (t === '..') return '..';
  const single = num(t);
  if (single !== undefined) return single;
  const range = /^(\S+?)\s*(?:\.\.|–|-|\s)\s*(\S*)$/.exec(t);
  if (range) {
    const a = num(range[1]);
    const b = range[2] === '' ? '' : num(range[2]);
    if (a !== undefined && b !== undefined) return `${a}..${b}`;
  }
  if (/^[A-Za-z_][A-Za-z0-9_ ]*$/.test(t) && t.length <= 40) return t;
  return undefined;
}

export { maxByType };

const valueLineRe = /^(?:\s*<span[^>]*>\s*<\/span>)*\s*\*{2,4}(.+?)\*{2,4}\s*(?:\((.*)\))?\s*(?:<\/dt>)?\s*$/;

/**
 * The value list of a property or a return value: `**Name** (value)` lines, or
 * `**Name**` followed by a `<dd>` whose first line is the number (method pages), or a
 * pipe table whose first column holds the value.
 */
export function readValueList(body: string): DocValue[] {
  const values: DocValue[] = [];
  const lines = body.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    const m = valueLineRe.exec(line);
    if (!m) continue;
    const name = inlineText(m[1]);
    if (!name) continue;
    if (m[2] !== undefined) {
      const v = normalizeValue(m[2]);
      // `**1** (Other)`: some pages put the value first.
      if (v !== undefined && /^[0-9]+$/.test(name) && !/^[+-]?[0-9]|^\.\./.test(v)) values.push({ value: name, name: v });
      else if (v !== undefined) values.push({ value: v, name });
      continue;
    }
    // `**Other**` / `</dt> <dd>13–65535</dd>`: the value inside the definition.
    let k = i + 1;
    while (k < lines.length && lines[k].trim() === '') k++;
    const inline = k < lines.length ? /^\s*<\/dt>\s*<dd>\s*([^<]+?)\s*<\/dd>/.exec(lines[k]) : null;
    if (inline) {
      const nv = normalizeValue(inline[1]);
      if (nv !== undefined && /^[+-]?[0-9]|^\.\./.test(nv)) values.push({ value: nv, name });
      continue;
    }
    // `**Name**` / `</dt> <dd>` / `0`: the number opens the definition.
    let j = i + 1;
    while (j < lines.length && /^\s*(<\/dt>\s*<dd>|<dd>|)\s*$/.test(lines[j])) j++;
    if (j < lines.length && j - i <= 4) {
      const v = /^\s*([+-]?(?:0x[0-9a-fA-F]+|[0-9]+)(?:\s+(?:0x[0-9a-fA-F]+|[0-9]+))?(?:\s*\(0x[0-9a-fA-F]+\))?)\s*$/.exec(lines[j]);
      if (v && /<\/dt>\s*<dd>|<dd>/.test(lines.slice(i + 1, j).join(' '))) {
        const nv = normalizeValue(v[1]);
        if (nv !== undefined) values.push({ value: nv, name });
      }
    }
  }
  if (values.length) return values;
  return readValueTable(body);
}

function readValueTable(body: string): DocValue[] {
  for (const table of pipeTables(body)) {
    if (table.length < 2) continue;
    const head = table[0].map((c) => inlineText(c).toLowerCase());
    if (!/^(value|return code|return value)/.test(head[0] ?? '')) continue;
    const out: DocValue[] = [];
    for (const row of table.slice(1)) {
      // A cell like `<dl> <dt>**Name**</dt> <dt>3</dt> </dl>` holds the name and the value.
      const cell = row[0] ?? '';
      const parts = [...cell.matchAll(/<dt>(.*?)<\/dt>/g)].map((x) => inlineText(x[1])).filter(Boolean);
      const plainParts = parts.length ? parts : [inlineText(cell)];
      let value: string | undefined;
      let name: string | undefined;
      for (const p of plainParts) {
        const v = normalizeValue(p.replace(/^(0x[0-9a-f]+|[0-9]+)\s*\(.*\)$/i, '$1'));
        if (value === undefined && v !== undefined && /^[+-]?[0-9]|^\.\./.test(v)) value = v;
        else if (name === undefined && /^[A-Za-z_]/.test(p)) name = p;
      }
      if (value === undefined) return [];
      if (name === undefined) {
        const meaning = inlineText(row[1] ?? '').replace(/\.$/, '');
        name = meaning.split(/(?<=[a-z0-9)])\.\s/)[0].slice(0, 80);
      }
      out.push({ value, name });
    }
    if (out.length) return out;
  }
  return [];
}

/** Property entries: a `**Name**` or `` `Name` `` line followed shortly by `Data type:`. */
function readPropertySections(text: string, file: string, section: Section, problems: DocProblem[]): DocProperty[] {
  const body = section.body;
  const lines = body.split(/\n/);
  const lineOffsets: number[] = [];
  let off = 0;
  for (const l of lines) {
    lineOffsets.push(off);
    off += l.length + 1;
  }
  const heads: { name: string; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:\*\*([A-Za-z_][A-Za-z0-9_]*)\*\*|`([A-Za-z_][A-Za-z0-9_]*)`|<b>([A-Za-z_][A-Za-z0-9_]*)<\/b>)\s*(?:<\/dt>)?\s*$/.exec(lines[i]);
    if (!m) continue;
    let found = false;
    for (let j = i + 1, seen = 0; j < lines.length && seen < 4; j++) {
      if (!lines[j].trim() || /^\s*(<\/dt>\s*)?<dd>\s*(<dl>\s*<dt>)?\s*$/.test(lines[j])) continue;
      seen++;
      if (/^\s*(\*\*|`|<b>)[A-Za-z_]/.test(lines[j])) break;
      if (/Data type\s*:/i.test(lines[j])) {
        found = true;
        break;
      }
    }
    if (found) heads.push({ name: m[1] ?? m[2] ?? m[3], line: i });
  }
  const out: DocProperty[] = [];
  for (let h = 0; h < heads.length; h++) {
    const start = heads[h].line + 1;
    const end = h + 1 < heads.length ? heads[h + 1].line : lines.length;
    const entry = lines.slice(start, end);
    const location = loc(text, file, section.offset + lineOffsets[heads[h].line]);
    let dataType: string | undefined;
    let access: DocProperty['access'];
    let qualifiers: DocQualifier[] = [];
    let lastMeta = -1;
    for (let i = 0; i < entry.length; i++) {
      const l = entry[i];
      const dt = /Data type\s*:\s*(.*)$/i.exec(l);
      if (dt) {
        dataType = inlineText(dt[1]).replace(/\.$/, '') || undefined;
        lastMeta = i;
        continue;
      }
      const at = /Access type\s*:\s*(.*)$/i.exec(l);
      if (at) {
        const a = inlineText(at[1]).toLowerCase();
        access = a.startsWith('read/write') || a.startsWith('read-write') ? 'readwrite' : a.startsWith('write') ? 'write' : 'read';
        lastMeta = i;
        continue;
      }
      const q = /^\s*Qualifiers\s*:(.*)$/i.exec(l);
      if (q) {
        const r = readQualifierLine(inlineText(q[1]) === '' ? '' : q[1]);
        qualifiers = r.qualifiers;
        for (const u of r.unreadable) problems.push({ message: `property ${heads[h].name}: qualifier '${u}' cannot be read; left out`, location });
        lastMeta = i;
      }
    }
    const rest = entry.slice(lastMeta + 1).join('\n');
    const inherited = /This property is inherited from\s+(.+?)(?:\.\s*$|\.\s*\n|$)/m.exec(rest);
    const inheritedFrom = inherited ? /([A-Za-z_][A-Za-z0-9_]*)/.exec(inlineText(inherited[1]))?.[1] : undefined;
    const values = readValueList(rest);
    const description = propertyDescription(rest);
    const note = /not (?:supported|available)/i.test(rest) ? readAvailabilityNote(inlineText(rest)) : {};
    out.push({
      name: heads[h].name,
      ...(dataType !== undefined ? { dataType } : {}),
      ...(access !== undefined ? { access } : {}),
      qualifiers,
      description,
      values,
      ...(inheritedFrom ? { inheritedFrom } : {}),
      ...note,
      location,
    });
  }
  return out;
}

/** The prose before the value list, without the "inherited from" sentence. */
function propertyDescription(rest: string): string {
  const cut = rest.search(/^\s*(<dt>|<dl>|\|)|^(?:\s*<span[^>]*><\/span>)+/m);
  const prose = (cut >= 0 ? rest.slice(0, cut) : rest).replace(/This property is inherited from[^\n]*/g, '');
  return blockText(splitDefinitionTags(prose));
}

/** `<dl>`/`<dt>`/`<dd>` tags become paragraph breaks, except inside pipe-table rows. */
function splitDefinitionTags(md: string): string {
  return md
    .split('\n')
    .map((l) => (l.trim().startsWith('|') ? l : l.replace(/<\/?(dd|dt|dl)>/g, '\n\n')))
    .join('\n');
}

function readMethodsTable(section: Section): DocMethodLink[] {
  const out: DocMethodLink[] = [];
  for (const table of pipeTables(section.body)) {
    if (!table.length || !/^method/i.test(inlineText(table[0][0] ?? ''))) continue;
    for (const row of table.slice(1)) {
      const cell = row[0] ?? '';
      const link = /\[([^\]]*)\]\(((?:[^()#\s]|\([^()]*\))*)(?:#[^)]*)?\)/.exec(cell);
      const name = inlineText(link ? link[1] : cell);
      if (!identRe.test(name)) continue;
      const description = inlineText(row[1] ?? '');
      const href = link && link[2] && !/^https?:/i.test(link[2]) ? link[2] : undefined;
      out.push({ name, ...(href ? { href } : {}), description: description.replace(/\s*Windows[^:]*:\s*This method is not supported before(?:[^.]|\.(?=\d))*\.?\s*/i, '').trim(), ...readAvailabilityNote(description) });
    }
  }
  return out;
}

function readMethodPage(text: string, file: string, fm: FrontMatter, title: string, className: string, methodName: string): DocPage {
  const all = sections(text);
  const requirements = readRequirements(all);
  const unreadable = (reason: string, offset: number): DocUnreadablePage => ({
    kind: 'unreadable',
    file,
    title,
    claimed: 'method',
    subject: `${className}.${methodName}`,
    reason,
    location: loc(text, file, offset),
    requirements,
  });
  // Some method pages label their MOF signature `C++` (SecProv's Win32_Tpm pages).
  const blocks = codeBlocks(text).filter((b) => ['syntax', 'mof', '', 'c++', 'cpp'].includes(b.info) && b.body.includes('('));
  if (blocks.length === 0) return unreadable('no MOF method signature in the Syntax section', findSection(all, /^syntax$/i)?.offset ?? fm.end);
  let parsed: { method: SyntaxMethod; problems: { message: string; offset: number }[]; block: CodeBlock } | undefined;
  let firstError: { message: string; offset: number } | undefined;
  for (const block of blocks) {
    try {
      const r = parseMethodSyntax(block.body);
      if (r.method.name.toLowerCase() === methodName.toLowerCase() || !parsed) parsed = { ...r, block };
      if (r.method.name.toLowerCase() === methodName.toLowerCase()) break;
    } catch (e) {
      if (!(e instanceof SyntaxBlockError)) throw e;
      firstError ??= { message: e.message, offset: block.offset + e.offset };
    }
  }
  if (!parsed) return unreadable(`the method signature cannot be read: ${firstError?.message}`, firstError?.offset ?? 0);
  const { method, block } = parsed;
  const problems: DocProblem[] = parsed.problems.map((p) => ({ message: p.message, location: loc(text, file, block.offset + p.offset) }));
  if (method.name.toLowerCase() !== methodName.toLowerCase()) {
    problems.push({ message: `the title names ${methodName} but the signature declares ${method.name}`, location: loc(text, file, block.offset + method.offset) });
  }
  const paramSection = findSection(all, /^parameters$/i);
  const returnSection = findSection(all, /^return values?$/i);
  const remarks = findSection(all, /^remarks$/i);
  const staticText = [fm.scalars['description'] ?? '', text.slice(fm.end, remarks ? remarks.offset + remarks.body.length : undefined)].join('\n');
  // `The static **Install** [WMI class](…) method` (MSIProv's Win32_Product.Install).
  const isStatic = method.isStatic || /(?<!not )\b(?:is )?a static method\b|WMI class static method|\bThe static \*{0,2}[A-Za-z_][A-Za-z0-9_]*\*{0,2}\s+(?:\[WMI class\]\([^)]*\)\s+)?method\b|Qualifiers:[^\n|]*\bstatic\b/i.test(staticText.replace(/is not a static method/gi, ''));
  return {
    kind: 'method',
    file,
    title,
    className,
    methodName: method.name,
    syntax: method,
    isStatic,
    description: pageDescription(text, fm, all),
    parameterDocs: paramSection ? readParameterDocs(paramSection.body, method.parameters.map((p) => p.name)) : [],
    returnValues: returnSection ? readValueList(returnSection.body) : [],
    requirements,
    problems,
    location: loc(text, file, block.offset + method.offset),
  };
}

/**
 * `*Name* \[in\]` or `` `Name` \[in\] `` headings, each followed by its description and
 * its value list. A value list's own `**Other**` entries look like headings: where the
 * signature's parameter names are known, only headings naming a parameter count.
 */
function readParameterDocs(body: string, parameterNames: readonly string[]): DocParameterDoc[] {
  const lines = body.split(/\r?\n/);
  let heads: { name: string; line: number }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*(?:<dt>\s*)?(?:\*{1,2}|`)([A-Za-z_][A-Za-z0-9_]*)(?:\*{1,2}|`)\s*(?:\\?\[[^\]]*\\?\])?\s*(?:<\/dt>)?\s*$/.exec(lines[i]);
    if (m) heads.push({ name: m[1], line: i });
  }
  const known = new Set(parameterNames.map((n) => n.toLowerCase()));
  const named = heads.filter((h) => known.has(h.name.toLowerCase()));
  if (named.length > 0) heads = named;
  return heads.map((h, k) => {
    const end = k + 1 < heads.length ? heads[k + 1].line : lines.length;
    const chunk = lines.slice(h.line + 1, end).join('\n');
    const cut = chunk.search(/^(?:\s*<span[^>]*><\/span>)+|^\s*<dl>\s*<dt>\s*$/m);
    return { name: h.name, description: blockText(splitDefinitionTags(cut >= 0 ? chunk.slice(0, cut) : chunk)), values: readValueList(chunk) };
  });
}
