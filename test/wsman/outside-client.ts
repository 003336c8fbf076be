/**
 * The outside client the OMI tests compare against: curl posts a raw WS-Man message and
 * the answer is read here with regular expressions, sharing no code with runtime/wsman.
 */

import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';

export interface OutsideProperty {
  readonly nil: boolean;
  /** Raw element text (entities decoded), or the inner XML when it has child elements. */
  readonly text: string;
  readonly xsiType?: string;
}

export type OutsideInstance = Map<string, OutsideProperty[]>;

const decode = (s: string): string =>
  s
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&#(\d+);/g, (_m, d: string) => String.fromCharCode(Number(d)))
    .replace(/&#x([0-9a-f]+);/gi, (_m, h: string) => String.fromCharCode(parseInt(h, 16)))
    .replace(/&amp;/g, '&');

function enumerateMessage(
  url: string,
  className: string,
  namespace: string,
  wql: string | undefined,
  context?: string,
): string {
  const action = context ? 'Pull' : 'Enumerate';
  const body = context
    ? `<n:Pull><n:EnumerationContext>${context}</n:EnumerationContext><n:MaxElements>50</n:MaxElements></n:Pull>`
    : `<n:Enumerate><w:OptimizeEnumeration/><w:MaxElements>50</w:MaxElements>${
        wql
          ? `<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">${wql.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;')}</w:Filter>`
          : ''
      }</n:Enumerate>`;
  return (
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
    'xmlns:n="http://schemas.xmlsoap.org/ws/2004/09/enumeration" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header>' +
    `<a:To>${url}</a:To><w:ResourceURI s:mustUnderstand="true">http://schemas.microsoft.com/wbem/wscim/1/cim-schema/2/${className}</w:ResourceURI>` +
    '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    `<a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/enumeration/${action}</a:Action>` +
    `<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize><a:MessageID>uuid:${randomUUID()}</a:MessageID>` +
    `<w:SelectorSet><w:Selector Name="__cimnamespace">${namespace}</w:Selector></w:SelectorSet></s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

/** Posts with curl; the password goes through curl's config on stdin, not argv. */
export function curlPost(url: string, user: string, password: string, xml: string): string {
  const config = `user = "${user}:${password}"\n`;
  return execFileSync(
    'curl',
    [
      '-s',
      '--fail-with-body',
      '-K',
      '-',
      '-H',
      'Content-Type: application/soap+xml;charset=UTF-8',
      '--data-binary',
      xml,
      url,
    ],
    { input: config, encoding: 'utf8' },
  );
}

/** Every instance of an enumeration (Enumerate, then Pull to the end), as curl sees them. */
export function outsideEnumerate(
  url: string,
  user: string,
  password: string,
  className: string,
  namespace: string,
  wql?: string,
): OutsideInstance[] {
  const out: OutsideInstance[] = [];
  let context: string | undefined;
  for (;;) {
    const xml = curlPost(
      url,
      user,
      password,
      enumerateMessage(url, className, namespace, wql, context),
    );
    const instanceRe = /<(\w+):(\w+) xmlns:\1="[^"]*\/\2">([\s\S]*?)<\/\1:\2>/g;
    for (const m of xml.matchAll(instanceRe)) out.push(propertiesOf(m[1]!, m[3]!));
    if (/EndOfSequence/.test(xml)) return out;
    const ctx = /<\w+:EnumerationContext>([^<]*)</.exec(xml);
    if (!ctx) return out;
    context = ctx[1];
  }
}

function propertiesOf(prefix: string, inner: string): OutsideInstance {
  const props: OutsideInstance = new Map();
  const propRe = new RegExp(
    `<${prefix}:(\\w+)((?:\\s[^>]*?)?)(?:/>|>([\\s\\S]*?)</${prefix}:\\1>)`,
    'g',
  );
  for (const m of inner.matchAll(propRe)) {
    const attrs = m[2] ?? '';
    const prop: OutsideProperty = {
      nil: /xsi:nil="true"/.test(attrs),
      text: m[3] !== undefined && !m[3].includes('<') ? decode(m[3]) : (m[3] ?? ''),
      xsiType: /xsi:type="(?:\w+:)?(\w+)"/.exec(attrs)?.[1],
    };
    const list = props.get(m[1]!);
    if (list) list.push(prop);
    else props.set(m[1]!, [prop]);
  }
  return props;
}
