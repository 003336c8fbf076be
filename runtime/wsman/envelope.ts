/**
 * SOAP 1.2 request envelopes of WS-Management (DSP0226) and its CIM binding (DSP0227):
 * Get, Put, Create, Delete (WS-Transfer), Enumerate, Pull, Release (WS-Enumeration),
 * and Invoke (action `<resource URI>/<method>`). Header and body shapes follow what
 * WinRM and OMI both accept; the namespace prefixes are the ones WinRM uses.
 */

import { randomUUID } from 'node:crypto';
import { escapeXml } from './xml.js';

export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  wsa: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  wsman: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  wsen: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration',
  msman: 'http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd',
  cimbinding: 'http://schemas.dmtf.org/wbem/wsman/1/cimbinding.xsd',
  xsi: 'http://www.w3.org/2001/XMLSchema-instance',
  cim: 'http://schemas.dmtf.org/wbem/wscim/1/common',
} as const;

export const ACTION = {
  get: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Get',
  put: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Put',
  create: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Create',
  delete: 'http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete',
  enumerate: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Enumerate',
  pull: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Pull',
  release: 'http://schemas.xmlsoap.org/ws/2004/09/enumeration/Release',
  subscribe: 'http://schemas.xmlsoap.org/ws/2004/08/eventing/Subscribe',
  unsubscribe: 'http://schemas.xmlsoap.org/ws/2004/08/eventing/Unsubscribe',
} as const;

export const EVENTING_NS = 'http://schemas.xmlsoap.org/ws/2004/08/eventing';
export const PULL_DELIVERY = 'http://schemas.dmtf.org/wbem/wsman/1/wsman/Pull';

export const WQL_DIALECT = 'http://schemas.microsoft.com/wbem/wsman/1/WQL';
export const ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous';

/** An endpoint reference: what a CIM reference is on the wire. */
export interface EndpointReference {
  readonly address: string;
  readonly resourceUri: string;
  readonly selectors: readonly Selector[];
}

export interface Selector {
  readonly name: string;
  readonly value: string | EndpointReference;
}

export interface RequestHeader {
  /** The endpoint URL, e.g. `http://host:5985/wsman`. */
  readonly to: string;
  readonly resourceUri: string;
  readonly action: string;
  readonly selectors?: readonly Selector[];
  /** WS-Man OptionSet entries (`<w:Option Name="…">value</w:Option>`). */
  readonly options?: Readonly<Record<string, string>>;
  /** OperationTimeout, in milliseconds. */
  readonly operationTimeoutMs?: number;
  /** `xml:lang` of the Locale header, e.g. `en-US`. */
  readonly locale?: string;
  readonly maxEnvelopeSize?: number;
  /** Defaults to a fresh `uuid:` id. */
  readonly messageId?: string;
  /** Further header XML (a subscription's reference parameters for Unsubscribe). */
  readonly extraHeaders?: string;
}

/** `PT60.000S`: an xs:duration in seconds, as WinRM writes OperationTimeout. */
export function xsDurationOfMs(ms: number): string {
  return `PT${(Math.max(0, ms) / 1000).toFixed(3)}S`;
}

export function selectorSetXml(selectors: readonly Selector[]): string {
  if (selectors.length === 0) return '';
  let out = '<w:SelectorSet>';
  for (const s of selectors) {
    out += `<w:Selector Name="${escapeXml(s.name)}">`;
    out += typeof s.value === 'string' ? escapeXml(s.value) : eprXml(s.value);
    out += '</w:Selector>';
  }
  return out + '</w:SelectorSet>';
}

/** The content of an endpoint reference (Address and ReferenceParameters). */
export function eprContentXml(epr: EndpointReference): string {
  return (
    `<a:Address>${escapeXml(epr.address)}</a:Address>` +
    `<a:ReferenceParameters><w:ResourceURI>${escapeXml(epr.resourceUri)}</w:ResourceURI>` +
    selectorSetXml(epr.selectors) +
    '</a:ReferenceParameters>'
  );
}

function eprXml(epr: EndpointReference): string {
  return `<a:EndpointReference>${eprContentXml(epr)}</a:EndpointReference>`;
}

const envelopeOpen =
  `<s:Envelope xmlns:s="${NS.soap}" xmlns:a="${NS.wsa}" xmlns:n="${NS.wsen}" ` +
  `xmlns:w="${NS.wsman}" xmlns:p="${NS.msman}" xmlns:b="${NS.cimbinding}" xmlns:xsi="${NS.xsi}">`;

/** A whole envelope: the header from `h`, then `body` (the Body's inner XML). */
export function envelope(h: RequestHeader, body: string): string {
  let x = envelopeOpen + '<s:Header>';
  x += `<a:To>${escapeXml(h.to)}</a:To>`;
  x += `<w:ResourceURI s:mustUnderstand="true">${escapeXml(h.resourceUri)}</w:ResourceURI>`;
  x += `<a:ReplyTo><a:Address s:mustUnderstand="true">${ANONYMOUS}</a:Address></a:ReplyTo>`;
  x += `<a:Action s:mustUnderstand="true">${escapeXml(h.action)}</a:Action>`;
  x += `<w:MaxEnvelopeSize s:mustUnderstand="true">${h.maxEnvelopeSize ?? 512000}</w:MaxEnvelopeSize>`;
  x += `<a:MessageID>${h.messageId ?? `uuid:${randomUUID().toUpperCase()}`}</a:MessageID>`;
  if (h.locale) {
    x += `<w:Locale xml:lang="${escapeXml(h.locale)}" s:mustUnderstand="false"/>`;
    x += `<p:DataLocale xml:lang="${escapeXml(h.locale)}" s:mustUnderstand="false"/>`;
  }
  if (h.operationTimeoutMs !== undefined)
    x += `<w:OperationTimeout>${xsDurationOfMs(h.operationTimeoutMs)}</w:OperationTimeout>`;
  if (h.selectors) x += selectorSetXml(h.selectors);
  if (h.extraHeaders) x += h.extraHeaders;
  const options = Object.entries(h.options ?? {});
  if (options.length > 0) {
    // Not mustUnderstand: a server that lacks an option (WinRM or OMI) goes on without it.
    x += '<w:OptionSet>';
    for (const [k, v] of options)
      x += `<w:Option Name="${escapeXml(k)}">${escapeXml(v)}</w:Option>`;
    x += '</w:OptionSet>';
  }
  return x + `</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
}

export const ASSOCIATION_DIALECT =
  'http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter';

/** DSP0227's association filter: ASSOCIATORS OF (associated) / REFERENCES OF (association). */
export interface AssociationFilter {
  readonly kind: 'associated' | 'association';
  readonly object: EndpointReference;
  readonly associationClass?: string;
  readonly role?: string;
  readonly resultClass?: string;
  readonly resultRole?: string;
}

export function associationFilterXml(f: AssociationFilter): string {
  const tag = f.kind === 'associated' ? 'b:AssociatedInstances' : 'b:AssociationInstances';
  const el = (name: string, v: string | undefined): string =>
    v === undefined ? '' : `<b:${name}>${escapeXml(v)}</b:${name}>`;
  return (
    `<${tag}><b:Object>${eprContentXml(f.object)}</b:Object>` +
    el('AssociationClassName', f.kind === 'associated' ? f.associationClass : undefined) +
    el('Role', f.role) +
    el('ResultClassName', f.resultClass) +
    el('ResultRole', f.kind === 'associated' ? f.resultRole : undefined) +
    `</${tag}>`
  );
}

export interface EnumerateBody {
  /** A WQL query (the WQL filter dialect); omitted for all instances of the resource. */
  readonly wql?: string;
  /** An association filter instead of WQL. */
  readonly association?: AssociationFilter;
  /** Items returned in the Enumerate response itself (OptimizeEnumeration). */
  readonly maxElements: number;
  /** Ask for each item's endpoint reference too, so rows carry their paths. */
  readonly withEpr: boolean;
}

export function enumerateBody(b: EnumerateBody): string {
  let x = '<n:Enumerate>';
  if (b.withEpr) x += '<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>';
  x += `<w:OptimizeEnumeration/><w:MaxElements>${b.maxElements}</w:MaxElements>`;
  if (b.association)
    x += `<w:Filter Dialect="${ASSOCIATION_DIALECT}">${associationFilterXml(b.association)}</w:Filter>`;
  else if (b.wql !== undefined)
    x += `<w:Filter Dialect="${WQL_DIALECT}">${escapeXml(b.wql)}</w:Filter>`;
  return x + '</n:Enumerate>';
}

export function pullBody(context: string, maxElements: number): string {
  return (
    `<n:Pull><n:EnumerationContext>${escapeXml(context)}</n:EnumerationContext>` +
    `<n:MaxElements>${maxElements}</n:MaxElements></n:Pull>`
  );
}

export function releaseBody(context: string): string {
  return `<n:Release><n:EnumerationContext>${escapeXml(context)}</n:EnumerationContext></n:Release>`;
}

/** WS-Eventing Subscribe with WS-Man's pull delivery: events are then Pulled like enumeration items. */
export function subscribeBody(wql: string, heartbeatMs: number, expiresMs?: number): string {
  return (
    `<e:Subscribe xmlns:e="${EVENTING_NS}"><e:Delivery Mode="${PULL_DELIVERY}">` +
    `<w:Heartbeats>${xsDurationOfMs(heartbeatMs)}</w:Heartbeats></e:Delivery>` +
    (expiresMs !== undefined ? `<e:Expires>${xsDurationOfMs(expiresMs)}</e:Expires>` : '') +
    `<w:Filter Dialect="${WQL_DIALECT}">${escapeXml(wql)}</w:Filter></e:Subscribe>`
  );
}
