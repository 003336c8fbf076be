/**
 * The MOF-like `syntax` blocks of the reference pages: a class declaration
 * (`[qualifiers] class Name : Super { members };`) and a method signature
 * (`uint32 Create([in] string CommandLine, …);`).
 *
 * These blocks are "simplified from MOF" by hand, so the reader is tolerant where the
 * pages are sloppy and says so: a member it cannot read is skipped with a problem
 * (and the caller may fill it from the property section), a missing `;` before the
 * next member or `}` is accepted, `Type REF Name` on an intrinsic type is read as the
 * intrinsic type, `[out, ref] Class &Name` (DNS pages) is a reference, and
 * `= ,` (an empty default) is ignored.
 */

export type SyntaxTokenKind = 'ident' | 'number' | 'string' | 'char' | 'punct' | 'eof';

export interface SyntaxToken {
  readonly kind: SyntaxTokenKind;
  readonly text: string;
  /** Offset in the block body. */
  readonly offset: number;
}

export interface SyntaxProblem {
  readonly message: string;
  /** Offset in the block body. */
  readonly offset: number;
}

export class SyntaxBlockError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
    this.name = 'SyntaxBlockError';
  }
}

/** A qualifier as written in a syntax block: `Name`, `Name(value)`, `Name{a, b}`. */
export interface SyntaxQualifier {
  readonly name: string;
  /** undefined: no value (a boolean `true`); array for `{…}` values. */
  readonly value?: SyntaxLiteral | readonly SyntaxLiteral[];
}

export type SyntaxLiteral =
  | { readonly kind: 'string'; readonly value: string }
  | { readonly kind: 'number'; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' }
  | { readonly kind: 'ident'; readonly name: string };

export interface SyntaxTypeRef {
  /** Intrinsic type name (lower-cased) or a class name for refs and embedded objects. */
  readonly name: string;
  readonly isRef: boolean;
}

export interface SyntaxProperty {
  readonly kind: 'property';
  readonly qualifiers: readonly SyntaxQualifier[];
  readonly type: SyntaxTypeRef;
  readonly name: string;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly defaultValue?: SyntaxLiteral | readonly SyntaxLiteral[];
  readonly offset: number;
}

export interface SyntaxParameter {
  readonly qualifiers: readonly SyntaxQualifier[];
  readonly type: SyntaxTypeRef;
  readonly name: string;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly defaultValue?: SyntaxLiteral | readonly SyntaxLiteral[];
}

export interface SyntaxMethod {
  readonly kind: 'method';
  readonly qualifiers: readonly SyntaxQualifier[];
  readonly isStatic: boolean;
  readonly returnType: SyntaxTypeRef;
  readonly returnIsArray: boolean;
  readonly name: string;
  readonly parameters: readonly SyntaxParameter[];
  readonly offset: number;
}

export interface SyntaxClass {
  readonly qualifiers: readonly SyntaxQualifier[];
  readonly name: string;
  readonly superclass: string | null;
  readonly members: readonly (SyntaxProperty | SyntaxMethod)[];
  readonly problems: readonly SyntaxProblem[];
  readonly offset: number;
}

export const intrinsicTypes: ReadonlySet<string> = new Set([
  'uint8',
  'sint8',
  'uint16',
  'sint16',
  'uint32',
  'sint32',
  'uint64',
  'sint64',
  'real32',
  'real64',
  'char16',
  'string',
  'boolean',
  'datetime',
  'object',
  'void',
]);

/** Tokenizes a block; throws SyntaxBlockError on an unterminated string or a stray character. */
export function tokenizeSyntax(text: string): SyntaxToken[] {
  const out: SyntaxToken[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\r' || c === '\n' || c === '\u00a0' || c === '\uFEFF') {
      i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '/') {
      while (i < n && text[i] !== '\n') i++;
      continue;
    }
    if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    const start = i;
    if (/[A-Za-z_]/.test(c)) {
      while (i < n && /[A-Za-z0-9_]/.test(text[i])) i++;
      out.push({ kind: 'ident', text: text.slice(start, i), offset: start });
      continue;
    }
    if (/[0-9]/.test(c) || ((c === '-' || c === '+') && /[0-9.]/.test(text[i + 1] ?? ''))) {
      i++;
      while (i < n && /[0-9A-Za-z.]/.test(text[i])) i++;
      out.push({ kind: 'number', text: text.slice(start, i), offset: start });
      continue;
    }
    if (c === '"' || c === '\u201c' || c === '\u201d') {
      i++;
      let v = '';
      for (;;) {
        if (i >= n || text[i] === '\n') throw new SyntaxBlockError('unterminated string', start);
        const d = text[i];
        if (d === '"' || d === '\u201c' || d === '\u201d') {
          i++;
          break;
        }
        if (d === '\\' && i + 1 < n) {
          const e = text[i + 1];
          v += e === 'n' ? '\n' : e === 't' ? '\t' : e;
          i += 2;
          continue;
        }
        v += d;
        i++;
      }
      out.push({ kind: 'string', text: v, offset: start });
      continue;
    }
    if (c === "'") {
      const end = text.indexOf("'", i + 1);
      if (end < 0) throw new SyntaxBlockError('unterminated character literal', start);
      out.push({ kind: 'char', text: text.slice(i + 1, end), offset: start });
      i = end + 1;
      continue;
    }
    if ('[](){},;:=&.$#'.includes(c)) {
      out.push({ kind: 'punct', text: c, offset: start });
      i++;
      continue;
    }
    throw new SyntaxBlockError(`unexpected character '${c}'`, start);
  }
  out.push({ kind: 'eof', text: '', offset: n });
  return out;
}

class Cursor {
  pos = 0;
  constructor(readonly toks: SyntaxToken[]) {}
  peek(k = 0): SyntaxToken {
    return this.toks[Math.min(this.pos + k, this.toks.length - 1)];
  }
  next(): SyntaxToken {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  isPunct(p: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'punct' && t.text === p;
  }
  isIdent(word?: string, k = 0): boolean {
    const t = this.peek(k);
    return t.kind === 'ident' && (word === undefined || t.text.toLowerCase() === word);
  }
  expectPunct(p: string): SyntaxToken {
    const t = this.peek();
    if (t.kind !== 'punct' || t.text !== p) throw new SyntaxBlockError(`expected '${p}' but found '${t.text || 'end of block'}'`, t.offset);
    return this.next();
  }
  expectIdent(what: string): SyntaxToken {
    const t = this.peek();
    if (t.kind !== 'ident') throw new SyntaxBlockError(`expected ${what} but found '${t.text || 'end of block'}'`, t.offset);
    return this.next();
  }
}

function parseLiteral(c: Cursor): SyntaxLiteral {
  const t = c.next();
  switch (t.kind) {
    case 'string': {
      let v = t.text;
      // MOF concatenates adjacent string literals.
      while (c.peek().kind === 'string') v += c.next().text;
      return { kind: 'string', value: v };
    }
    case 'char':
      return { kind: 'string', value: t.text };
    case 'number':
      return { kind: 'number', text: t.text };
    case 'ident': {
      const w = t.text.toLowerCase();
      if (w === 'true' || w === 'false') return { kind: 'boolean', value: w === 'true' };
      if (w === 'null') return { kind: 'null' };
      // Unquoted words (`Override(Description)`, `ModelCorrespondence(CIM_X.Y)`).
      let name = t.text;
      while (c.isPunct('.') && c.peek(1).kind === 'ident') {
        c.next();
        name += '.' + c.next().text;
      }
      return { kind: 'ident', name };
    }
    default:
      throw new SyntaxBlockError(`expected a value but found '${t.text || 'end of block'}'`, t.offset);
  }
}

function parseValue(c: Cursor): SyntaxLiteral | SyntaxLiteral[] {
  if (c.isPunct('{')) {
    c.next();
    const items: SyntaxLiteral[] = [];
    while (!c.isPunct('}')) {
      items.push(parseLiteral(c));
      if (c.isPunct(',')) c.next();
      else break;
    }
    c.expectPunct('}');
    return items;
  }
  return parseLiteral(c);
}

/** `[Name, Name(value), Name{a, b}, …]` (the `[` is current). */
function parseQualifierList(c: Cursor): SyntaxQualifier[] {
  c.expectPunct('[');
  const out: SyntaxQualifier[] = [];
  while (!c.isPunct(']')) {
    const name = c.expectIdent('a qualifier name').text;
    let value: SyntaxLiteral | readonly SyntaxLiteral[] | undefined;
    if (c.isPunct('(')) {
      c.next();
      if (c.isPunct(')')) value = undefined;
      else {
        const first = parseValue(c);
        if (c.isPunct(',')) {
          // `Name("a", "b")`: several values in parentheses, read as an array.
          const items: SyntaxLiteral[] = Array.isArray(first) ? [...first] : [first as SyntaxLiteral];
          while (c.isPunct(',')) {
            c.next();
            items.push(parseLiteral(c));
          }
          value = items;
        } else value = first;
      }
      c.expectPunct(')');
    } else if (c.isPunct('{')) {
      value = parseValue(c);
    }
    // Flavors after a colon (`Description("x"): Amended`) carry no meaning for the schema.
    if (c.isPunct(':')) {
      c.next();
      while (c.isIdent()) c.next();
    }
    out.push(value === undefined ? { name } : { name, value });
    if (c.isPunct(',')) c.next();
    else if (!c.isPunct(']')) throw new SyntaxBlockError(`expected ',' or ']' in a qualifier list but found '${c.peek().text}'`, c.peek().offset);
  }
  c.expectPunct(']');
  return out;
}

/** Type names the pages use that MOF does not have (`Integer StartService();`). */
const typeAliases: Record<string, string> = { integer: 'uint32', bool: 'boolean' };

function parseTypeRef(c: Cursor): SyntaxTypeRef & { refProblem?: string } {
  const t = c.expectIdent('a type');
  const alias = typeAliases[t.text.toLowerCase()];
  if (alias) return { name: alias, isRef: false, refProblem: `'${t.text}' is not a MOF type; read as ${alias}` };
  const lower = t.text.toLowerCase();
  const intrinsic = intrinsicTypes.has(lower);
  // `string.  Caption;` (a stray period after the type).
  if (c.isPunct('.') && c.peek(1).kind === 'ident') {
    c.next();
    return { name: intrinsic ? lower : t.text, isRef: false, refProblem: `stray '.' after type '${t.text}' ignored` };
  }
  if (c.isIdent('ref')) {
    c.next();
    if (intrinsic) return { name: lower, isRef: false, refProblem: `'${t.text} REF' is not a reference type; read as ${lower}` };
    return { name: t.text, isRef: true };
  }
  return { name: intrinsic ? lower : t.text, isRef: false };
}

function parseArraySuffix(c: Cursor): { isArray: boolean; arraySize?: number } {
  if (!c.isPunct('[')) return { isArray: false };
  c.next();
  let arraySize: number | undefined;
  if (c.peek().kind === 'number') arraySize = Number(c.next().text);
  c.expectPunct(']');
  return arraySize === undefined ? { isArray: true } : { isArray: true, arraySize };
}

function parseParameter(c: Cursor, problems: SyntaxProblem[]): SyntaxParameter {
  const qualifiers = c.isPunct('[') ? parseQualifierList(c) : [];
  const type = parseTypeRef(c);
  if (type.refProblem) problems.push({ message: type.refProblem, offset: c.peek().offset });
  let isRef = type.isRef;
  // DNS pages: `[out, ref] MicrosoftDNS_AType &RR` — a C++-style reference marks a REF.
  if (c.isPunct('&')) {
    c.next();
    if (!intrinsicTypes.has(type.name)) isRef = true;
  }
  const name = c.expectIdent('a parameter name').text;
  const arr = parseArraySuffix(c);
  let defaultValue: SyntaxLiteral | readonly SyntaxLiteral[] | undefined;
  if (c.isPunct('=')) {
    c.next();
    // `= ,` and `= )`: the page lost the default; ignore it.
    if (c.peek().kind === 'ident' && !/^(true|false|null)$/i.test(c.peek().text)) {
      // `= Auto Start`: an unquoted default, read as a string.
      const at = c.peek().offset;
      const words: string[] = [];
      while (c.peek().kind === 'ident' || c.isPunct('.')) words.push(c.next().text);
      defaultValue = { kind: 'string', value: words.join(' ').replace(/ \. /g, '.') };
      problems.push({ message: `unquoted default value '${words.join(' ')}' read as a string`, offset: at });
    } else if (!c.isPunct(',') && !c.isPunct(')')) defaultValue = parseValue(c);
  }
  const param: SyntaxParameter = { qualifiers, type: { name: type.name, isRef }, name, ...arr };
  return defaultValue === undefined ? param : { ...param, defaultValue };
}

function parseParameterList(c: Cursor, problems: SyntaxProblem[]): SyntaxParameter[] {
  c.expectPunct('(');
  const params: SyntaxParameter[] = [];
  while (!c.isPunct(')')) {
    params.push(parseParameter(c, problems));
    if (c.isPunct(',')) c.next();
    else if (!c.isPunct(')')) throw new SyntaxBlockError(`expected ',' or ')' in a parameter list but found '${c.peek().text}'`, c.peek().offset);
  }
  c.expectPunct(')');
  return params;
}

/** One member: a property or a method. The cursor is at its first token. */
function parseMember(c: Cursor, problems: SyntaxProblem[]): SyntaxProperty | SyntaxMethod {
  const offset = c.peek().offset;
  const qualifiers = c.isPunct('[') ? parseQualifierList(c) : [];
  let isStatic = false;
  if (c.isIdent('static') && c.peek(1).kind === 'ident' && c.peek(2).kind === 'ident') {
    c.next();
    isStatic = true;
  }
  if (c.peek().kind === 'ident' && (c.isPunct(';', 1) || c.isPunct('}', 1))) {
    throw new SyntaxBlockError(`member '${c.peek().text}' has no type`, c.peek().offset);
  }
  const type = parseTypeRef(c);
  if (type.refProblem) problems.push({ message: type.refProblem, offset });
  const returnArr = parseArraySuffix(c);
  const name = c.expectIdent('a member name').text;
  if (c.isPunct('(')) {
    const parameters = parseParameterList(c, problems);
    endMember(c);
    return { kind: 'method', qualifiers, isStatic, returnType: { name: type.name, isRef: type.isRef }, returnIsArray: returnArr.isArray, name, parameters, offset };
  }
  const arr = returnArr.isArray ? returnArr : parseArraySuffix(c);
  let defaultValue: SyntaxLiteral | readonly SyntaxLiteral[] | undefined;
  if (c.isPunct('=')) {
    c.next();
    if (!c.isPunct(';')) defaultValue = parseValue(c);
  }
  endMember(c);
  const prop: SyntaxProperty = { kind: 'property', qualifiers, type: { name: type.name, isRef: type.isRef }, name, ...arr, offset };
  return defaultValue === undefined ? prop : { ...prop, defaultValue };
}

function endMember(c: Cursor): void {
  if (c.isPunct(';')) {
    c.next();
    return;
  }
  // A forgotten `;` is tolerated when the next member or the class end follows.
  if (c.isPunct('}') || c.isPunct('[') || c.peek().kind === 'ident') return;
  throw new SyntaxBlockError(`expected ';' but found '${c.peek().text || 'end of block'}'`, c.peek().offset);
}

function skipToMemberEnd(c: Cursor): void {
  let depth = 0;
  while (c.peek().kind !== 'eof') {
    const t = c.peek();
    if (t.kind === 'punct') {
      if (t.text === '(' || t.text === '[') depth++;
      else if (t.text === ')' || t.text === ']') depth = Math.max(0, depth - 1);
      else if (t.text === '}' && depth === 0) return;
      else if (t.text === ';' && depth === 0) {
        c.next();
        return;
      }
    }
    c.next();
  }
}

/**
 * Reads the first class declaration in a block. Throws SyntaxBlockError when the block
 * has no readable class header; unreadable members become `problems`.
 */
export function parseClassSyntax(text: string): SyntaxClass {
  const c = new Cursor(tokenizeSyntax(text));
  const problems: SyntaxProblem[] = [];
  // Skip anything before the class header (pragmas, comments were already dropped).
  let qualifiers: SyntaxQualifier[] = [];
  for (;;) {
    if (c.peek().kind === 'eof') throw new SyntaxBlockError('no class declaration in the syntax block', 0);
    if (c.isPunct('[')) {
      qualifiers = parseQualifierList(c);
      continue;
    }
    if (c.isIdent('class')) break;
    qualifiers = [];
    c.next();
  }
  const offset = c.next().offset;
  const name = c.expectIdent('a class name').text;
  let superclass: string | null = null;
  if (c.isPunct(':')) {
    c.next();
    superclass = c.expectIdent('a superclass name').text;
  }
  c.expectPunct('{');
  const members: (SyntaxProperty | SyntaxMethod)[] = [];
  while (!c.isPunct('}') && c.peek().kind !== 'eof') {
    const at = c.peek().offset;
    try {
      members.push(parseMember(c, problems));
    } catch (e) {
      if (!(e instanceof SyntaxBlockError)) throw e;
      problems.push({ message: e.message, offset: e.offset });
      // Always move past the member's first token, then to its end.
      if (c.peek().offset === at) c.next();
      skipToMemberEnd(c);
    }
  }
  if (c.peek().kind === 'eof') problems.push({ message: "class body has no closing '}'", offset: c.peek().offset });
  return { qualifiers, name, superclass, members, problems, offset };
}

/** Reads a standalone method signature (`uint32 Name([in] T a, …);`). */
export function parseMethodSyntax(text: string): { method: SyntaxMethod; problems: SyntaxProblem[] } {
  const c = new Cursor(tokenizeSyntax(text));
  const problems: SyntaxProblem[] = [];
  const member = parseMember(c, problems);
  if (member.kind !== 'method') throw new SyntaxBlockError(`'${member.name}' is not a method signature`, member.offset);
  return { method: member, problems };
}
