/**
 * The markdown layer of Microsoft's reference pages (MicrosoftDocs/win32): YAML front
 * matter, fenced code blocks, `##`/`###` sections, pipe tables, and inline markdown turned
 * into plain text. Only the subset those pages use; every function works on offsets into
 * the page so callers can report `file:line:col`.
 */

export interface FrontMatter {
  /** Scalar keys (`title`, `description`, `ms.date`, …), values unquoted. */
  readonly scalars: Readonly<Record<string, string>>;
  /** List keys (`api_name`, `topic_type`, …). */
  readonly lists: Readonly<Record<string, readonly string[]>>;
  /** Offset of the first character after the closing `---` line. */
  readonly end: number;
}

const emptyFrontMatter: FrontMatter = { scalars: {}, lists: {}, end: 0 };

/** Reads the `---`-delimited front matter (a flat YAML subset: scalars and `- item` lists). */
export function readFrontMatter(text: string): FrontMatter {
  const open = /^\uFEFF?---[ \t]*\r?\n/.exec(text);
  if (!open) return emptyFrontMatter;
  const close = /^---[ \t]*(\r?\n|$)/m;
  close.lastIndex = 0;
  const rest = text.slice(open[0].length);
  const m = close.exec(rest);
  if (!m) return emptyFrontMatter;
  const body = rest.slice(0, m.index);
  const scalars: Record<string, string> = {};
  const lists: Record<string, string[]> = {};
  let listKey: string | null = null;
  for (const raw of body.split(/\r?\n/)) {
    const item = /^\s*-\s+(.*)$/.exec(raw);
    if (item && listKey) {
      lists[listKey].push(unquoteYaml(item[1].trim()));
      continue;
    }
    const kv = /^([A-Za-z0-9_.-]+)\s*:\s*(.*)$/.exec(raw);
    if (!kv) continue;
    const value = kv[2].trim();
    if (value === '') {
      listKey = kv[1];
      lists[listKey] = [];
    } else {
      listKey = null;
      scalars[kv[1]] = unquoteYaml(value);
    }
  }
  return { scalars, lists, end: open[0].length + m.index + m[0].length };
}

function unquoteYaml(v: string): string {
  if (v.length >= 2 && ((v[0] === '"' && v.endsWith('"')) || (v[0] === "'" && v.endsWith("'")))) {
    return v.slice(1, -1);
  }
  return v;
}

export interface CodeBlock {
  /** The info string after the fence (`syntax`, `mof`, `VB`, or empty). */
  readonly info: string;
  readonly body: string;
  /** Offset of the body's first character in the page. */
  readonly offset: number;
}

/** Every fenced code block (```` ``` ```` fences at the start of a line). */
export function codeBlocks(text: string): CodeBlock[] {
  const out: CodeBlock[] = [];
  const fence = /^[ \t]*```[ \t]*([A-Za-z0-9+#-]*)[^\n]*\n/gm;
  let m: RegExpExecArray | null;
  while ((m = fence.exec(text))) {
    const start = m.index + m[0].length;
    const closeRe = /^[ \t]*```[ \t]*$/gm;
    closeRe.lastIndex = start;
    const c = closeRe.exec(text);
    const end = c ? c.index : text.length;
    out.push({ info: m[1].toLowerCase(), body: text.slice(start, end), offset: start });
    fence.lastIndex = c ? c.index + c[0].length : text.length;
  }
  return out;
}

export interface Section {
  readonly level: number;
  readonly heading: string;
  /** Offset of the section body (after the heading line). */
  readonly offset: number;
  readonly body: string;
}

/**
 * Splits the page into heading sections (`#`…`####`), skipping headings inside code
 * fences. A section's body runs to the next heading of the same or a higher level.
 */
export function sections(text: string): Section[] {
  const heads: { level: number; heading: string; start: number; bodyStart: number }[] = [];
  const fenced = fencedRanges(text);
  const re = /^(#{1,4})[ \t]+(.+?)[ \t]*#*[ \t]*$/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text))) {
    if (inRanges(fenced, m.index)) continue;
    heads.push({ level: m[1].length, heading: m[2].trim(), start: m.index, bodyStart: m.index + m[0].length });
  }
  return heads.map((h, i) => {
    let end = text.length;
    for (let j = i + 1; j < heads.length; j++) {
      if (heads[j].level <= h.level) {
        end = heads[j].start;
        break;
      }
    }
    return { level: h.level, heading: h.heading, offset: h.bodyStart, body: text.slice(h.bodyStart, end) };
  });
}

function fencedRanges(text: string): [number, number][] {
  return codeBlocks(text).map((b) => [b.offset, b.offset + b.body.length]);
}

function inRanges(ranges: [number, number][], at: number): boolean {
  for (const [a, b] of ranges) if (at >= a && at < b) return true;
  return false;
}

/** Finds the first section whose heading matches (case-insensitively). */
export function findSection(all: readonly Section[], heading: RegExp): Section | undefined {
  return all.find((s) => heading.test(s.heading));
}

/** Rows of the first pipe table in `text`, header row first, separator row dropped. */
export function pipeTables(text: string): string[][][] {
  const tables: string[][][] = [];
  let cur: string[][] | null = null;
  for (const line of text.split(/\r?\n/)) {
    const t = line.trim();
    if (t.startsWith('|')) {
      const cells = splitRow(t);
      if (cells.every((c) => /^:?-+:?$/.test(c.trim()) || c.trim() === '')) {
        if (!cur) cur = [];
        continue;
      }
      if (!cur) cur = [];
      cur.push(cells);
    } else if (cur) {
      tables.push(cur);
      cur = null;
    }
  }
  if (cur) tables.push(cur);
  return tables;
}

function splitRow(row: string): string[] {
  const inner = row.replace(/^\|/, '').replace(/\|\s*$/, '');
  const cells: string[] = [];
  let cur = '';
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '\\' && inner[i + 1] === '|') {
      cur += '\\|';
      i++;
    } else if (ch === '|') {
      cells.push(cur.trim());
      cur = '';
    } else cur += ch;
  }
  cells.push(cur.trim());
  return cells;
}

const entities: Record<string, string> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  mdash: '—',
  ndash: '–',
  trade: '™',
  reg: '®',
  copy: '©',
};

/** Decodes HTML character references (`&amp;`, `&#32;`, `&#x2014;`). */
export function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (whole, e: string) => {
    if (e[0] === '#') {
      const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code < 0x110000 ? String.fromCodePoint(code) : whole;
    }
    return entities[e] ?? whole;
  });
}

/**
 * Inline markdown to plain text: links keep their text, emphasis and code marks go,
 * backslash escapes are undone, HTML tags are dropped (`<br/>` becomes a space),
 * entities decoded. Whitespace runs collapse to one space.
 */
export function inlineText(md: string): string {
  // Most cells and lines are plain: skip the rewriting passes for them.
  if (!/[[*`\\<&!_]/.test(md)) return md.replace(/\s+/g, ' ').trim();
  let s = md;
  s = s.replace(/<br\s*\/?>/gi, ' ');
  s = s.replace(/<[^>\n]+>/g, '');
  // images, then links (possibly nested emphasis inside): [text](url) → text
  s = s.replace(/!\[([^\]]*)\]\([^)]*\)/g, '$1');
  for (let i = 0; i < 3; i++) s = s.replace(/\[([^\[\]]*)\]\((?:[^()]|\([^()]*\))*\)/g, '$1');
  s = s.replace(/\*\*\*([^*]+)\*\*\*/g, '$1');
  s = s.replace(/\*\*+([^*]*?)\*\*+/g, '$1');
  s = s.replace(/(^|[^\w*\\])\*([^*\s][^*]*?)\*(?=[^\w*]|$)/g, '$1$2');
  s = s.replace(/`([^`]*)`/g, '$1');
  s = s.replace(/\\([\\`*_{}\[\]()#+\-.!|<>"'&])/g, '$1');
  s = decodeEntities(s);
  return s.replace(/\s+/g, ' ').trim();
}

/**
 * Block markdown to plain paragraphs joined by a newline: notes (`> [!NOTE]`),
 * list markers and `<dl>` markup removed, each paragraph run through `inlineText`.
 */
export function blockText(md: string): string {
  const paras: string[] = [];
  for (const chunk of md.split(/\r?\n[ \t]*\r?\n/)) {
    const rows = chunk.split(/\r?\n/).filter((l) => l.trim() !== '');
    if (rows.length > 0 && rows.every((l) => l.trim().startsWith('|'))) {
      // A pipe table: one line per row, cells joined by " | ", the header row kept.
      for (const row of pipeTables(rows.join('\n')).flat()) {
        const line = row.map((c) => inlineText(c.replace(/<\/?(dl|dt|dd)>/gi, ' '))).filter(Boolean).join(' | ');
        if (line) paras.push(line);
      }
      continue;
    }
    let p = chunk
      .split(/\r?\n/)
      .map((l) => l.replace(/^\s*>\s?/, '').replace(/^\s*\[!(NOTE|Note|note|IMPORTANT|Important|WARNING|Warning|TIP|Tip|CAUTION|Caution)\]\s*/, ''))
      .join(' ');
    p = p.replace(/<\/?(dl|dt|dd)>/gi, ' ');
    const t = inlineText(p);
    if (t) paras.push(t);
  }
  return paras.join('\n');
}

/** Line index (0-based) → offset table, for turning offsets into line/column lazily. */
export function lineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) starts.push(i + 1);
  return starts;
}
