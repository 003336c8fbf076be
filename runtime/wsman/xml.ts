/**
 * XML for WS-Management: responses are parsed with fast-xml-parser (a maintained,
 * dependency-free, pure-JS parser; its ordered mode keeps repeated elements such as
 * array properties in document order) into a small namespace-resolved tree, so the
 * decoders match elements by namespace URI and local name, never by the prefixes a
 * server happens to choose. Requests are written as text with `escapeXml`.
 */

import { XMLParser } from 'fast-xml-parser';

export interface XAttr {
  /** Namespace URI, '' when unprefixed. */
  readonly ns: string;
  readonly name: string;
  readonly value: string;
}

export interface XNode {
  /** Namespace URI of the element, '' when none. */
  readonly ns: string;
  /** Local name. */
  readonly name: string;
  readonly attrs: readonly XAttr[];
  readonly children: readonly XNode[];
  /** Concatenated character data directly inside this element (entities decoded). */
  readonly text: string;
}

export const XSI = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

const parser = new XMLParser({
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: '',
  parseTagValue: false,
  parseAttributeValue: false,
  trimValues: false,
  ignoreDeclaration: true,
  ignorePiTags: true,
  processEntities: true,
  htmlEntities: true,
  commentPropName: '#comment',
});

type Ordered = Record<string, unknown> & { ':@'?: Record<string, string> };

function splitName(qname: string): [string, string] {
  const i = qname.indexOf(':');
  return i < 0 ? ['', qname] : [qname.slice(0, i), qname.slice(i + 1)];
}

function build(entry: Ordered, scope: ReadonlyMap<string, string>): XNode | null {
  const tag = Object.keys(entry).find((k) => k !== ':@');
  if (tag === undefined || tag === '#text' || tag === '#comment') return null;
  const rawAttrs = entry[':@'] ?? {};
  let local = scope;
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) {
      if (local === scope) local = new Map(scope);
      (local as Map<string, string>).set(k === 'xmlns' ? '' : k.slice(6), v);
    }
  }
  const attrs: XAttr[] = [];
  for (const [k, v] of Object.entries(rawAttrs)) {
    if (k === 'xmlns' || k.startsWith('xmlns:')) continue;
    const [prefix, name] = splitName(k);
    const ns = prefix === '' ? '' : prefix === 'xml' ? XML_NS : (local.get(prefix) ?? prefix);
    attrs.push({ ns, name, value: v });
  }
  const [prefix, name] = splitName(tag);
  const children: XNode[] = [];
  let text = '';
  for (const child of (entry[tag] as Ordered[]) ?? []) {
    if ('#text' in child) text += String(child['#text']);
    else {
      const node = build(child, local);
      if (node) children.push(node);
    }
  }
  return { ns: local.get(prefix) ?? '', name, attrs, children, text };
}

/** Parses a document; throws a SyntaxError-like Error on malformed XML. */
export function parseXml(text: string): XNode {
  const top = parser.parse(text) as Ordered[];
  for (const entry of top) {
    const node = build(entry, new Map());
    if (node) return node;
  }
  throw new Error('no root element');
}

export function attr(node: XNode, name: string, ns?: string): string | undefined {
  for (const a of node.attrs)
    if (a.name === name && (ns === undefined || a.ns === ns)) return a.value;
  return undefined;
}

export function child(node: XNode | undefined, name: string, ns?: string): XNode | undefined {
  if (!node) return undefined;
  for (const c of node.children) if (c.name === name && (ns === undefined || c.ns === ns)) return c;
  return undefined;
}

export function children(node: XNode | undefined, name: string, ns?: string): XNode[] {
  if (!node) return [];
  return node.children.filter((c) => c.name === name && (ns === undefined || c.ns === ns));
}

/** Follows a path of local names (any namespace). */
export function path(node: XNode | undefined, ...names: string[]): XNode | undefined {
  let n = node;
  for (const name of names) n = child(n, name);
  return n;
}

export function isNil(node: XNode): boolean {
  const v = attr(node, 'nil', XSI);
  return v === 'true' || v === '1';
}

const escapes: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  '\r': '&#13;',
};

/** Escapes text for element content and double-quoted attributes. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"'\r]/g, (c) => escapes[c]!);
}
