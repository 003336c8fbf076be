/**
 * Resource URIs and selectors that name CIM classes and instances over WS-Management.
 *
 *  - `cim` (default): `http://schemas.microsoft.com/wbem/wscim/1/cim-schema/2/<Class>`
 *    with the selector `__cimnamespace` = `root/cimv2`, as PowerShell's CIM cmdlets
 *    send them; WinRM and OMI both take it for any class of any namespace.
 *  - `dmtf`: the DMTF prefix `http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/<Class>`
 *    with `__cimnamespace`, what WinRM documents for CIM_ classes and OMI writes back.
 *  - `wmi`: WinRM's `http://schemas.microsoft.com/wbem/wsman/1/wmi/<namespace>/<Class>`,
 *    the namespace in the path and no namespace selector; WQL enumerations go to
 *    `…/wmi/<namespace>/*`. OMI does not know this form.
 */

import { formatObjectPath, parseObjectPath, type ObjectPathKeyValue } from '../objectpath.js';
import type { EndpointReference, Selector } from './envelope.js';
import { ANONYMOUS } from './envelope.js';

export type ResourceUriScheme = 'cim' | 'dmtf' | 'wmi';

const prefixes = {
  cim: 'http://schemas.microsoft.com/wbem/wscim/1/cim-schema/2/',
  dmtf: 'http://schemas.dmtf.org/wbem/wscim/1/cim-schema/2/',
  wmi: 'http://schemas.microsoft.com/wbem/wsman/1/wmi/',
} as const;

export const NAMESPACE_SELECTOR = '__cimnamespace';

/** `root\cimv2` → `root/cimv2`. */
export function slashNamespace(ns: string): string {
  return ns.replace(/\\/g, '/').replace(/^\/+|\/+$/g, '');
}

/** `root/cimv2` → `root\cimv2`, the form object paths use. */
export function backslashNamespace(ns: string): string {
  return slashNamespace(ns).replace(/\//g, '\\');
}

export interface ResourceAddress {
  readonly resourceUri: string;
  /** The namespace selector where the scheme needs one. */
  readonly selectors: readonly Selector[];
}

/** The resource URI (and namespace selector) of a class, or `*` for WinRM's WQL enumeration. */
export function classResource(
  scheme: ResourceUriScheme,
  namespace: string,
  className: string,
): ResourceAddress {
  const ns = slashNamespace(namespace);
  if (scheme === 'wmi') return { resourceUri: `${prefixes.wmi}${ns}/${className}`, selectors: [] };
  return {
    resourceUri: `${prefixes[scheme]}${className}`,
    selectors: [{ name: NAMESPACE_SELECTOR, value: ns }],
  };
}

/** The class a resource URI names (its last segment). */
export function classOfResourceUri(uri: string): string {
  return uri.slice(uri.lastIndexOf('/') + 1);
}

/** The namespace a `wmi` resource URI carries, if it is one. */
export function namespaceOfWmiUri(uri: string): string | undefined {
  if (!uri.startsWith(prefixes.wmi)) return undefined;
  const rest = uri.slice(prefixes.wmi.length);
  const slash = rest.lastIndexOf('/');
  return slash > 0 ? rest.slice(0, slash) : undefined;
}

function keyText(v: ObjectPathKeyValue): string {
  return typeof v === 'boolean' ? (v ? 'true' : 'false') : String(v);
}

/**
 * The resource URI and selectors of an object path (`root\test:Class.K="v"`); the
 * path's namespace wins over `defaultNamespace`. A key whose value is itself a path
 * (a reference key) becomes an endpoint-reference selector.
 */
export function addressOfPath(
  scheme: ResourceUriScheme,
  defaultNamespace: string,
  objectPath: string,
  endpoint: string,
): ResourceAddress & { readonly className: string; readonly namespace: string } {
  const parsed = parseObjectPath(objectPath);
  const namespace = parsed.namespace ?? defaultNamespace;
  const base = classResource(scheme, namespace, parsed.className);
  const selectors: Selector[] = [...base.selectors];
  for (const k of parsed.keys) {
    const name = k.name ?? 'Name';
    if (typeof k.value === 'string' && looksLikeInstancePath(k.value)) {
      const inner = addressOfPath(scheme, namespace, k.value, endpoint);
      selectors.push({
        name,
        value: { address: ANONYMOUS, resourceUri: inner.resourceUri, selectors: inner.selectors },
      });
    } else selectors.push({ name, value: keyText(k.value) });
  }
  void endpoint;
  return { resourceUri: base.resourceUri, selectors, className: parsed.className, namespace };
}

function looksLikeInstancePath(s: string): boolean {
  if (
    !/^(\\\\[^\\/]+[\\/])?([A-Za-z0-9_]+[\\/])*[A-Za-z0-9_]+:[A-Za-z_]\w*[.=]|^[A-Za-z_]\w*\.\w+=/.test(
      s,
    )
  )
    return false;
  try {
    return !parseObjectPath(s).isClass;
  } catch {
    return false;
  }
}

/** Type lookup for key values: whether a key of a class is numeric/boolean (quoted otherwise). */
export type KeyKind = (className: string, key: string) => 'number' | 'boolean' | 'string';

/** The object path (`\\host\root\test:Class.K="v"`) an endpoint reference names. */
export function pathOfEpr(
  epr: EndpointReference,
  fallback: { readonly host: string; readonly namespace: string },
  keyKind?: KeyKind,
): string {
  const className = classOfResourceUri(epr.resourceUri);
  let namespace = namespaceOfWmiUri(epr.resourceUri) ?? fallback.namespace;
  const keys: { name: string; value: ObjectPathKeyValue }[] = [];
  for (const s of epr.selectors) {
    if (s.name === NAMESPACE_SELECTOR) {
      if (typeof s.value === 'string') namespace = s.value;
      continue;
    }
    if (typeof s.value !== 'string') {
      keys.push({
        name: s.name,
        value: pathOfEpr(s.value, { host: fallback.host, namespace }, keyKind),
      });
      continue;
    }
    const kind = keyKind?.(className, s.name) ?? 'string';
    const value: ObjectPathKeyValue =
      kind === 'number' && /^-?\d+$/.test(s.value)
        ? Number.isSafeInteger(Number(s.value))
          ? Number(s.value)
          : BigInt(s.value)
        : kind === 'boolean'
          ? s.value.trim().toLowerCase() === 'true'
          : s.value;
    keys.push({ name: s.name, value });
  }
  return formatObjectPath({
    server: fallback.host,
    namespace: backslashNamespace(namespace),
    className,
    keys,
    singleton: keys.length === 0,
  });
}
