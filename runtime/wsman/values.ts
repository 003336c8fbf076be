/**
 * CIM instances between WS-Man XML (DSP0230) and the runtime's wire form
 * (provider.ts: numbers, decimal strings for 64-bit integers, DMTF datetime text,
 * object path strings for references, nested WireObjects, arrays, nulls).
 *
 * The XML has no types, so the class schema (schema.ts) decides each value's form;
 * without one (a server that does not serve schemas), an `xsi:type` the server wrote
 * decides, else the text stays a string.
 */

import type { WireObject, WireValue } from '../provider.js';
import {
  dmtfOfXsDate,
  dmtfOfXsDateTime,
  dmtfOfXsDuration,
  dmtfOfXsTime,
  isDmtfDatetime,
  xsOfDmtf,
} from './datetime.js';
import { NS, eprContentXml, type EndpointReference, type Selector } from './envelope.js';
import type { ClassSchema, CimTypeName, SlotType } from './schema.js';
import { pathOfEpr, type KeyKind } from './uri.js';
import { XSI, attr, child, children, escapeXml, isNil, type XNode } from './xml.js';

export interface DecodeContext {
  /** Cached schema of a class, or undefined when unknown. */
  readonly schemaOf: (className: string) => ClassSchema | undefined;
  /** Server and namespace written into paths of references that name none. */
  readonly host: string;
  readonly namespace: string;
}

const datetimeElements = new Set(['Datetime', 'Interval', 'Date', 'Time', 'CIM_DateTime']);

function isEpr(node: XNode): boolean {
  return (
    child(node, 'ReferenceParameters') !== undefined ||
    child(node, 'EndpointReference') !== undefined
  );
}

/** An endpoint reference from an element holding Address + ReferenceParameters (or an EndpointReference). */
export function eprOf(node: XNode): EndpointReference {
  const inner = child(node, 'EndpointReference') ?? node;
  const params = child(inner, 'ReferenceParameters');
  const selectors: Selector[] = [];
  for (const s of children(child(params, 'SelectorSet'), 'Selector')) {
    const name = attr(s, 'Name') ?? '';
    const nested = child(s, 'EndpointReference');
    selectors.push({ name, value: nested ? eprOf(nested) : s.text });
  }
  return {
    address: child(inner, 'Address')?.text.trim() ?? '',
    resourceUri: child(params, 'ResourceURI')?.text.trim() ?? '',
    selectors,
  };
}

function keyKindOf(ctx: DecodeContext): KeyKind {
  return (className, key) => {
    const t = ctx.schemaOf(className)?.properties.get(key.toLowerCase())?.cimType;
    if (
      t === undefined ||
      t === 'string' ||
      t === 'char16' ||
      t === 'datetime' ||
      t === 'reference'
    )
      return 'string';
    return t === 'boolean' ? 'boolean' : 'number';
  };
}

export function referencePath(node: XNode, ctx: DecodeContext): string {
  return pathOfEpr(eprOf(node), { host: ctx.host, namespace: ctx.namespace }, keyKindOf(ctx));
}

const xsiTypeToCim: Readonly<Record<string, CimTypeName>> = {
  cimBoolean: 'boolean',
  cimByte: 'sint8',
  cimUnsignedByte: 'uint8',
  cimShort: 'sint16',
  cimUnsignedShort: 'uint16',
  cimInt: 'sint32',
  cimUnsignedInt: 'uint32',
  cimLong: 'sint64',
  cimUnsignedLong: 'uint64',
  cimFloat: 'real32',
  cimDouble: 'real64',
  cimChar16: 'char16',
  cimString: 'string',
  cimDateTime: 'datetime',
  cimReference: 'reference',
  boolean: 'boolean',
  byte: 'sint8',
  unsignedByte: 'uint8',
  short: 'sint16',
  unsignedShort: 'uint16',
  int: 'sint32',
  unsignedInt: 'uint32',
  long: 'sint64',
  unsignedLong: 'uint64',
  float: 'real32',
  double: 'real64',
  string: 'string',
};

function hintedType(node: XNode): CimTypeName | undefined {
  const t = attr(node, 'type', XSI);
  if (!t) return undefined;
  return xsiTypeToCim[t.slice(t.indexOf(':') + 1)];
}

function realOf(text: string): number {
  const t = text.trim();
  if (t === 'INF') return Infinity;
  if (t === '-INF') return -Infinity;
  if (t === 'NaN') return NaN;
  return Number(t);
}

function scalarOfText(text: string, cimType: CimTypeName | undefined): WireValue {
  switch (cimType) {
    case 'boolean': {
      const t = text.trim().toLowerCase();
      return t === 'true' || t === '1';
    }
    case 'uint8':
    case 'sint8':
    case 'uint16':
    case 'sint16':
    case 'uint32':
    case 'sint32':
      return Number(text.trim());
    case 'real32':
    case 'real64':
      return realOf(text);
    case 'uint64':
    case 'sint64':
      return /^[+-]?\d+$/.test(text.trim()) ? BigInt(text.trim()).toString() : text.trim();
    case 'char16':
      // OMI and WinRM send the UTF-16 code; DSP0230 also allows the character itself.
      return /^\d+$/.test(text.trim()) ? String.fromCharCode(Number(text.trim())) : text;
    case 'datetime':
      return dmtfOfXsDateTime(text) ?? dmtfOfXsDuration(text) ?? text.trim();
    default:
      return text;
  }
}

/** One property element's value (not an array). */
function valueOfElement(node: XNode, slot: SlotType | undefined, ctx: DecodeContext): WireValue {
  if (isNil(node)) return null;
  const first = node.children[0];
  if (first !== undefined) {
    if (datetimeElements.has(first.name)) {
      const t = first.text;
      const dmtf =
        first.name === 'Interval'
          ? dmtfOfXsDuration(t)
          : first.name === 'Date'
            ? dmtfOfXsDate(t)
            : first.name === 'Time'
              ? dmtfOfXsTime(t)
              : (dmtfOfXsDateTime(t) ?? (isDmtfDatetime(t.trim()) ? t.trim() : undefined));
      return dmtf ?? t.trim();
    }
    if (isEpr(node)) return referencePath(node, ctx);
    return decodeInstance(first, ctx, null);
  }
  return scalarOfText(node.text, slot?.cimType ?? hintedType(node));
}

/**
 * A WireObject from an instance element (`<p:Class xmlns:p="…/Class">…`); `path` is
 * its path when the response carried its endpoint reference.
 */
export function decodeInstance(node: XNode, ctx: DecodeContext, path: string | null): WireObject {
  const xsiType = attr(node, 'type', XSI);
  const className = xsiType?.endsWith('_Type')
    ? xsiType.slice(xsiType.indexOf(':') + 1, -5)
    : node.name;
  return { className, path, properties: decodeProperties(node, className, ctx) };
}

/** Properties of an instance or `_OUTPUT` element, typed by `className`'s schema (or method parameters). */
export function decodeProperties(
  node: XNode,
  className: string,
  ctx: DecodeContext,
  slots?: (name: string) => SlotType | undefined,
): Record<string, WireValue> {
  const schema = ctx.schemaOf(className);
  const slotOf = slots ?? ((name: string) => schema?.properties.get(name.toLowerCase()));
  const groups = new Map<string, XNode[]>();
  for (const c of node.children) {
    const list = groups.get(c.name);
    if (list) list.push(c);
    else groups.set(c.name, [c]);
  }
  const props: Record<string, WireValue> = {};
  for (const [name, elements] of groups) {
    const slot = slotOf(name);
    const propName = slot?.name ?? name;
    const octets = octetsOf(elements);
    if (octets !== undefined) {
      props[propName] = octets;
      continue;
    }
    const isArray = slot?.isArray ?? elements.length > 1;
    if (!isArray) {
      props[propName] = valueOfElement(elements[0]!, slot, ctx);
      continue;
    }
    // A nil array is one nil element; an empty array has no element at all.
    if (elements.length === 1 && isNil(elements[0]!)) props[propName] = null;
    else props[propName] = elements.map((e) => valueOfElement(e, slot, ctx));
  }
  return props;
}

/** An octet string (uint8[] that OMI sends as one base64 element), as the byte values. */
function octetsOf(elements: readonly XNode[]): number[] | undefined {
  if (elements.length !== 1) return undefined;
  const t = attr(elements[0]!, 'type', XSI);
  if (!t || t.slice(t.indexOf(':') + 1) !== 'cimBase64Binary') return undefined;
  return [...Buffer.from(elements[0]!.text.trim(), 'base64')];
}

/** Class names of `node`'s embedded instances, at any depth (their schemas are needed to decode). */
export function embeddedClassNames(node: XNode, out: Set<string>): void {
  for (const prop of node.children) {
    const first = prop.children[0];
    if (!first || datetimeElements.has(first.name) || isEpr(prop)) continue;
    const xsiType = attr(first, 'type', XSI);
    out.add(xsiType?.endsWith('_Type') ? xsiType.slice(xsiType.indexOf(':') + 1, -5) : first.name);
    embeddedClassNames(first, out);
  }
}

// ---- encoding -------------------------------------------------------------------------

export interface EncodeContext {
  readonly schemaOf: (className: string) => ClassSchema | undefined;
  /** Resource URI of a class (the XML namespace of its instances). */
  readonly classUri: (className: string) => string;
  /** Endpoint reference of an object path, for reference values. */
  readonly eprOfPath: (path: string) => EndpointReference;
}

function textOfScalar(v: WireValue, cimType: CimTypeName | undefined): string {
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') {
    if (cimType === 'char16') return String(v);
    if (Number.isNaN(v)) return 'NaN';
    if (v === Infinity) return 'INF';
    if (v === -Infinity) return '-INF';
    return String(v);
  }
  if (typeof v === 'string' && cimType === 'char16' && v.length === 1)
    return String(v.charCodeAt(0));
  return String(v);
}

let prefixCounter = 0;

function encodeValue(
  prefix: string,
  name: string,
  v: WireValue,
  slot: SlotType | undefined,
  ctx: EncodeContext,
): string {
  const open = `<${prefix}:${name}`;
  const close = `</${prefix}:${name}>`;
  if (v === null) return `${open} xsi:nil="true"/>`;
  if (Array.isArray(v) && slot?.octetString) {
    const b64 = Buffer.from(v as number[]).toString('base64');
    return `${open} xmlns:cim="${NS.cim}" xsi:type="cim:cimBase64Binary">${b64}${close}`;
  }
  if (Array.isArray(v)) return v.map((x) => encodeValue(prefix, name, x, slot, ctx)).join('');
  if (typeof v === 'object') return `${open}>${encodeInstance(v as WireObject, ctx, true)}${close}`;
  const t = slot?.cimType;
  // Without a schema a string stays a string: guessing references would corrupt values.
  if (typeof v === 'string' && t === 'reference')
    return `${open}>${eprContentXml(ctx.eprOfPath(v))}${close}`;
  if (typeof v === 'string' && (t === 'datetime' || (t === undefined && isDmtfDatetime(v)))) {
    // DSP0230's text form, bare: OMI reads an element inside a property as an embedded
    // instance, and both servers parse the xs:dateTime / xs:duration text.
    return `${open}>${escapeXml(xsOfDmtf(v).text)}${close}`;
  }
  return `${open}>${escapeXml(textOfScalar(v as WireValue, t))}${close}`;
}

/** Property elements of `props`, in the namespace `prefix` is bound to. */
export function encodeProperties(
  prefix: string,
  props: Readonly<Record<string, WireValue>>,
  slotOf: (name: string) => SlotType | undefined,
  ctx: EncodeContext,
): string {
  let out = '';
  for (const [name, v] of Object.entries(props))
    out += encodeValue(prefix, slotOf(name)?.name ?? name, v, slotOf(name), ctx);
  return out;
}

/** `<pN:Class xmlns:pN="uri">…</pN:Class>`; embedded ones also carry `xsi:type`. */
export function encodeInstance(obj: WireObject, ctx: EncodeContext, embedded = false): string {
  const prefix = `q${++prefixCounter % 1000}`;
  const schema = ctx.schemaOf(obj.className);
  const type = embedded ? ` xsi:type="${prefix}:${obj.className}_Type"` : '';
  const xsiNs = embedded ? '' : ` xmlns:xsi="${XSI}"`;
  return (
    `<${prefix}:${obj.className} xmlns:${prefix}="${escapeXml(ctx.classUri(obj.className))}"${xsiNs}${type}>` +
    encodeProperties(prefix, obj.properties, (n) => schema?.properties.get(n.toLowerCase()), ctx) +
    `</${prefix}:${obj.className}>`
  );
}
