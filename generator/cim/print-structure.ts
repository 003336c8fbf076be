/**
 * Prints the ts-morph structures a class module is built from (imports, interfaces with
 * property signatures, type aliases) to exactly the text ts-morph 28's `printStructure`
 * gives for them with `{ indentNumberOfSpaces: 2, useSingleQuote: true }`.
 *
 * Why not `printStructure` itself: it needs ts-morph loaded, and ts-morph loads the whole
 * TypeScript compiler (a 9 MB module: 200–350 ms of every `wmigen` run just to compile it),
 * and its printers go through CodeBlockWriter, which looks at every character it writes
 * and creates a writer per doc comment and import list: printing took about three quarters
 * of emitting all 1,894 CIM 2.51 modules, and most of the garbage. The structures stay
 * ts-morph's (`SourceFileStructure` and friends); this prints the subset the generator
 * builds, and says `undefined` for anything else — any other field, or text whose printing
 * depends on CodeBlockWriter's string and comment tracking (newlines, quotes, comment
 * markers) — so the caller hands that module to ts-morph. `test/generator/print.test.ts`
 * compares both printers over every bundled schema.
 */

import type {
  ImportDeclarationStructure,
  ImportSpecifierStructure,
  InterfaceDeclarationStructure,
  OptionalKind,
  PropertySignatureStructure,
  StatementStructures,
  StructureKind,
  TypeAliasDeclarationStructure,
} from 'ts-morph';

/**
 * ts-morph's `StructureKind` values for the kinds the generator builds, without loading
 * ts-morph (its enum is a runtime object). A test checks them against ts-morph's.
 */
export const Kind = {
  SourceFile: 36 as StructureKind.SourceFile,
  ImportDeclaration: 16 as StructureKind.ImportDeclaration,
  ImportSpecifier: 17 as StructureKind.ImportSpecifier,
  Interface: 19 as StructureKind.Interface,
  PropertySignature: 33 as StructureKind.PropertySignature,
  TypeAlias: 38 as StructureKind.TypeAlias,
} as const;

/** Expands a doc entry that is a placeholder (see emit-class.ts) into comment lines at `indent`; undefined for other docs. */
export type DocExpander = (doc: string, indent: string) => string | undefined;

const IMPORT_KEYS = new Set(['kind', 'isTypeOnly', 'moduleSpecifier', 'namedImports']);
const SPECIFIER_KEYS = new Set(['kind', 'name', 'isTypeOnly']);
const INTERFACE_KEYS = new Set(['kind', 'name', 'docs', 'isExported', 'extends', 'properties']);
const PROPERTY_KEYS = new Set(['kind', 'name', 'type', 'docs', 'isReadonly', 'hasQuestionToken']);
const TYPE_ALIAS_KEYS = new Set(['kind', 'name', 'docs', 'isExported', 'type']);

/** Thrown inside the printer for a structure it does not print; caught by `printStatements`. */
class Unsupported extends Error {}

/**
 * The statements of one module as ts-morph prints them after a line of their own: no
 * leading blank line, exactly one newline at the end. Undefined when some structure needs
 * ts-morph's printer.
 */
export function printStatements(statements: readonly (StatementStructures | string)[], expandDoc: DocExpander): string | undefined {
  try {
    let out = '';
    let previous: StructureKind | undefined;
    for (const s of statements) {
      if (typeof s !== 'object' || s === null) return undefined;
      if (previous !== undefined) {
        // ts-morph: a blank line after a closing brace, else a new line; interfaces always
        // start after a blank line.
        if (previous === Kind.Interface || s.kind === Kind.Interface) out += '\n\n';
        else out += '\n';
      }
      switch (s.kind) {
        case Kind.ImportDeclaration:
          out += importText(s);
          break;
        case Kind.Interface:
          out += interfaceText(s, expandDoc);
          break;
        case Kind.TypeAlias:
          out += typeAliasText(s, expandDoc);
          break;
        default:
          return undefined;
      }
      previous = s.kind;
    }
    return out.length > 0 ? out + '\n' : out;
  } catch (err) {
    if (err instanceof Unsupported) return undefined;
    throw err;
  }
}

function onlyKeys(structure: object, allowed: ReadonlySet<string>): void {
  for (const key in structure) {
    if (allowed.has(key)) continue;
    const value = (structure as Record<string, unknown>)[key];
    if (value === undefined || value === null || value === false || (Array.isArray(value) && value.length === 0)) continue;
    throw new Unsupported(key);
  }
}

/**
 * Text written as is. CodeBlockWriter tracks quotes and comments to decide how to indent
 * after a newline and whether a comment must be closed; text without newlines, comment
 * markers, escapes and with paired single quotes prints the same whatever that state is.
 */
function plain(text: string): string {
  if (
    text.includes('\n') ||
    text.includes('\r') ||
    text.includes('//') ||
    text.includes('/*') ||
    text.includes('*/') ||
    text.includes('\\') ||
    text.includes('"') ||
    text.includes('`')
  ) {
    throw new Unsupported(text);
  }
  let quotes = 0;
  for (let i = text.indexOf("'"); i !== -1; i = text.indexOf("'", i + 1)) quotes++;
  if (quotes % 2 !== 0) throw new Unsupported(text);
  return text;
}

function docsText(docs: InterfaceDeclarationStructure['docs'], indent: string, expandDoc: DocExpander): string {
  if (docs === undefined || docs.length === 0) return '';
  let out = '';
  for (const doc of docs) {
    if (typeof doc !== 'string') throw new Unsupported('JSDoc structure');
    const expanded = expandDoc(doc, indent);
    if (expanded !== undefined) out += expanded;
    else {
      const line = plain(doc);
      if (line.trim() === '') throw new Unsupported('empty doc');
      // JSDocStructurePrinter: `/** text */` for one line (no second space before `*/` after one).
      out += `${indent}/** ${line}${line.endsWith(' ') ? '' : ' '}*/\n`;
    }
  }
  return out;
}

function importText(s: ImportDeclarationStructure): string {
  onlyKeys(s, IMPORT_KEYS);
  let out = s.isTypeOnly ? 'import type' : 'import';
  const named = s.namedImports;
  if (typeof named === 'string' || typeof named === 'function') throw new Unsupported('namedImports text');
  if (named !== undefined && named.length > 0) {
    out += ' { ';
    for (let i = 0; i < named.length; i++) {
      if (i > 0) out += ', ';
      out += specifierText(named[i]);
    }
    out += ' } from';
  }
  if (s.moduleSpecifier.includes("'")) throw new Unsupported('quote in module specifier');
  return `${out} '${plain(s.moduleSpecifier)}';`;
}

function specifierText(spec: OptionalKind<ImportSpecifierStructure> | string | ((...args: never[]) => unknown)): string {
  if (typeof spec === 'string') return plain(spec);
  if (typeof spec === 'function') throw new Unsupported('writer function');
  onlyKeys(spec, SPECIFIER_KEYS);
  return (spec.isTypeOnly ? 'type ' : '') + plain(spec.name);
}

function interfaceText(s: InterfaceDeclarationStructure, expandDoc: DocExpander): string {
  onlyKeys(s, INTERFACE_KEYS);
  let out = docsText(s.docs, '', expandDoc) + (s.isExported ? 'export ' : '') + `interface ${plain(s.name)} `;
  const ext = s.extends;
  if (ext !== undefined) {
    if (typeof ext === 'function' || (Array.isArray(ext) && ext.some((e) => typeof e !== 'string'))) throw new Unsupported('extends writer');
    const text = typeof ext === 'string' ? plain(ext) : (ext as string[]).map(plain).join(', ');
    if (text.trim() !== '') out += `extends ${text} `;
  }
  const props = s.properties;
  // ts-morph prints an empty body over two lines; the generator writes prettier's `{}`
  // (emit-class.ts replaces it in ts-morph's text too).
  if (props === undefined || props.length === 0) return out + '{}';
  out += '{\n';
  for (const p of props) out += propertyText(p, expandDoc);
  return out + '}';
}

function propertyText(p: OptionalKind<PropertySignatureStructure>, expandDoc: DocExpander): string {
  onlyKeys(p, PROPERTY_KEYS);
  let out = docsText(p.docs, '  ', expandDoc) + '  ' + (p.isReadonly ? 'readonly ' : '') + plain(p.name);
  if (p.hasQuestionToken) out += '?';
  if (typeof p.type === 'function') throw new Unsupported('type writer');
  if (p.type !== undefined && p.type.trim() !== '') out += ': ' + plain(p.type);
  return out + ';\n';
}

function typeAliasText(s: TypeAliasDeclarationStructure, expandDoc: DocExpander): string {
  onlyKeys(s, TYPE_ALIAS_KEYS);
  if (typeof s.type === 'function') throw new Unsupported('type writer');
  let out = docsText(s.docs, '', expandDoc) + (s.isExported ? 'export ' : '') + `type ${plain(s.name)}`;
  if (s.type.trim() !== '') out += ' = ' + plain(s.type);
  return out + ';';
}
