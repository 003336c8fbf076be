/**
 * The live schema source over WS-Management (`wmigen --live --host h --transport wsman`):
 * class definitions read the way PowerShell's Get-CimClass reads them over a WS-Man CIM
 * session, straight into the model's plain data (`CimSchema`, model/cim/types.ts).
 *
 * - A named class: WS-Transfer Get of `http://schemas.dmtf.org/wbem/cim-xml/2/cim-schema/2/*`
 *   with the selectors `ClassName` and `__cimnamespace` and the options
 *   IncludeInheritedElements and IncludeQualifiers; the answer is the class in CIM-XML
 *   (DSP0201). Its ancestors are read the same way, so the model has the whole chain.
 * - No class named: an Enumerate of the same resource (every class of the namespace). OMI
 *   answers only the Get; a server that cannot list classes gets WBEM_E_NOT_SUPPORTED
 *   with the advice to name the classes.
 *
 * CIM-XML carries what the model needs: TYPE, ARRAYSIZE and REFERENCECLASS, qualifiers
 * with their flavors (OVERRIDABLE, TOSUBCLASS, TOINSTANCE, TRANSLATABLE) and PROPAGATED,
 * and CLASSORIGIN where the server writes it (OMI writes only PROPAGATED, so an inherited
 * member's origin is the root-most ancestor that has it).
 */

import type {
  CimClass,
  CimFlavor,
  CimMethod,
  CimParameter,
  CimProperty,
  CimQualifier,
  CimSchema,
  CimType,
  CimValue,
} from '../../model/cim/types.js';
import { WBEMSTATUS } from '../../generated/com/wbemcli.js';
import { WbemError } from '../errors.js';
import { createWsmanProvider, type WsmanProvider, type WsmanProviderOptions } from './provider.js';
import { cimTypeOf } from './schema.js';
import { backslashNamespace } from './uri.js';
import { attr, children, type XNode } from './xml.js';

export interface WsmanSchemaOptions extends WsmanProviderOptions {
  /** Classes to read (with their ancestors); all the server lists when absent. */
  readonly classes?: readonly string[];
  /** Use this provider instead of connecting (it stays open). */
  readonly connection?: WsmanProvider;
}

/** Reads class definitions over WS-Management into a `CimSchema` of one namespace. */
export async function readWsmanSchema(options: WsmanSchemaOptions): Promise<CimSchema> {
  const provider = options.connection ?? createWsmanProvider(options);
  const namespace = backslashNamespace(options.namespace ?? provider.namespace);
  try {
    const xml = await classElements(provider, namespace, options.classes);
    const classes = [...xml.values()].map((c) => toCimClass(c, xml, namespace));
    classes.sort((a, b) => {
      const x = a.name.toLowerCase();
      const y = b.name.toLowerCase();
      return x < y ? -1 : x > y ? 1 : a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
    });
    return { namespaces: [{ name: namespace, qualifierTypes: [], classes, instances: [] }] };
  } finally {
    if (!options.connection) provider.close();
  }
}

/** The `<CLASS>` elements of the wanted classes and their ancestors, by lower-cased name. */
async function classElements(
  provider: WsmanProvider,
  namespace: string,
  wanted: readonly string[] | undefined,
): Promise<Map<string, XNode>> {
  const out = new Map<string, XNode>();
  const names = wanted?.map((c) => c.trim()).filter((c) => c !== '');
  if (names === undefined || names.length === 0) {
    try {
      for await (const cls of provider.classDefinitionsXml(undefined, { namespace }))
        out.set((attr(cls, 'NAME') ?? '').toLowerCase(), cls);
    } catch (e) {
      if (!(e instanceof WbemError) || !listingRefused(e)) throw e;
      throw new WbemError(
        WBEMSTATUS.WBEM_E_NOT_SUPPORTED,
        'readWsmanSchema',
        `the server does not list the classes of ${namespace} (${e.statusName}): name them with --classes`,
      );
    }
    return out;
  }
  // The named classes must exist; their ancestors, referenced and embedded classes are
  // read too (the generator types references and embedded values by them) when the server has them.
  const queue = names.map((name) => ({ name, required: true }));
  while (queue.length > 0) {
    const { name, required } = queue.shift()!;
    if (out.has(name.toLowerCase())) continue;
    let cls: XNode | undefined;
    try {
      for await (const c of provider.classDefinitionsXml([name], { namespace })) cls = c;
    } catch (e) {
      if (required || !(e instanceof WbemError) || !missingClass(e)) throw e;
    }
    if (!cls) continue;
    out.set((attr(cls, 'NAME') ?? name).toLowerCase(), cls);
    const parent = attr(cls, 'SUPERCLASS');
    if (parent) queue.push({ name: parent, required: true });
    for (const other of classesNamedIn(cls)) queue.push({ name: other, required: false });
  }
  return out;
}

function missingClass(e: WbemError): boolean {
  return e.hresult === WBEMSTATUS.WBEM_E_INVALID_CLASS || e.hresult === WBEMSTATUS.WBEM_E_NOT_FOUND;
}

/** Classes a definition names: REFERENCECLASS of references, EmbeddedInstance qualifiers. */
function classesNamedIn(node: XNode, out: string[] = []): string[] {
  const ref = attr(node, 'REFERENCECLASS');
  if (ref) out.push(ref);
  if (node.name === 'QUALIFIER' && attr(node, 'NAME')?.toLowerCase() === 'embeddedinstance') {
    const v = children(node, 'VALUE')[0]?.text.trim();
    if (v) out.push(v);
  }
  for (const c of node.children) classesNamedIn(c, out);
  return out;
}

/** Faults by which a server says it has no class listing (as opposed to access or transport). */
function listingRefused(e: WbemError): boolean {
  return (
    e.hresult === WBEMSTATUS.WBEM_E_INVALID_CLASS ||
    e.hresult === WBEMSTATUS.WBEM_E_NOT_SUPPORTED ||
    e.hresult === WBEMSTATUS.WBEM_E_NOT_FOUND ||
    e.hresult === WBEMSTATUS.WBEM_E_FAILED ||
    e.hresult === WBEMSTATUS.WBEM_E_INVALID_PARAMETER
  );
}

function flag(node: XNode, name: string, dflt: boolean): boolean {
  const v = attr(node, name);
  return v === undefined ? dflt : v.trim().toLowerCase() === 'true';
}

/** One VALUE's text as the model's CimValue of `type`. */
function scalarOf(text: string, type: CimType): CimValue {
  switch (type) {
    case 'boolean':
      return text.trim().toLowerCase() === 'true';
    case 'uint8': case 'sint8': case 'uint16': case 'sint16':
    case 'uint32': case 'sint32': case 'uint64': case 'sint64': {
      const t = text.trim();
      if (!/^[+-]?\d+$/.test(t)) return t;
      const n = Number(t);
      return Number.isSafeInteger(n) ? n : { kind: 'bigint', value: BigInt(t).toString() };
    }
    case 'real32': case 'real64':
      return Number(text.trim());
    default:
      return text;
  }
}

/** The VALUE, VALUE.ARRAY or VALUE.NULL inside `node`, or undefined when it has none. */
function valueOf(node: XNode, type: CimType): CimValue | undefined {
  for (const c of node.children) {
    if (c.name === 'VALUE') return scalarOf(c.text, type);
    if (c.name === 'VALUE.NULL') return null;
    if (c.name === 'VALUE.ARRAY')
      return c.children.map((v) => (v.name === 'VALUE.NULL' ? null : scalarOf(v.text, type)));
  }
  return undefined;
}

function qualifiersOf(node: XNode): CimQualifier[] {
  return children(node, 'QUALIFIER').map((q) => {
    const flavor: CimFlavor = {
      toSubclass: flag(q, 'TOSUBCLASS', true),
      overridable: flag(q, 'OVERRIDABLE', true),
      translatable: flag(q, 'TRANSLATABLE', false),
      amended: false,
      toInstance: flag(q, 'TOINSTANCE', false),
    };
    return {
      name: attr(q, 'NAME') ?? '',
      value: valueOf(q, cimTypeOf(attr(q, 'TYPE'))) ?? null,
      flavor,
      propagated: flag(q, 'PROPAGATED', false),
    };
  });
}

function qualifier(qs: readonly CimQualifier[], name: string): CimValue | undefined {
  return qs.find((q) => q.name.toLowerCase() === name.toLowerCase())?.value;
}

function isTrue(v: CimValue | undefined): boolean {
  return v === true || (typeof v === 'string' && v.toLowerCase() === 'true');
}

/** Type, array and embedding of a PROPERTY or PARAMETER element (any of their forms). */
function slotOf(node: XNode, qualifiers: readonly CimQualifier[]) {
  const tag = node.name;
  const isArray = tag.endsWith('.ARRAY') || tag.endsWith('.REFARRAY');
  const arraySize = attr(node, 'ARRAYSIZE');
  const size = arraySize !== undefined && /^\d+$/.test(arraySize) ? { arraySize: Number(arraySize) } : {};
  if (tag.endsWith('.REFERENCE') || tag.endsWith('.REFARRAY')) {
    const refClass = attr(node, 'REFERENCECLASS');
    return { type: 'reference' as CimType, isArray, ...size, ...(refClass ? { refClass } : {}) };
  }
  const embedded = qualifier(qualifiers, 'EmbeddedInstance') ?? attr(node, 'EmbeddedClassName');
  const type = cimTypeOf(attr(node, 'TYPE') ?? attr(node, 'PARAMTYPE'));
  return {
    type,
    isArray,
    ...size,
    ...(typeof embedded === 'string' ? { embeddedClass: embedded } : {}),
  };
}

/** Ancestors nearest first, as far as the server described them. */
function ancestorsOf(cls: XNode, all: ReadonlyMap<string, XNode>): string[] {
  const out: string[] = [];
  let parent = attr(cls, 'SUPERCLASS');
  while (parent && !out.some((a) => a.toLowerCase() === parent!.toLowerCase())) {
    out.push(parent);
    const node = all.get(parent.toLowerCase());
    if (!node) break;
    parent = attr(node, 'SUPERCLASS');
  }
  return out;
}

/** The class that first declared member `name` (`tags` are its element names). */
function originOf(
  node: XNode,
  self: string,
  chainRootFirst: readonly XNode[],
  tags: readonly string[],
): string {
  const explicit = attr(node, 'CLASSORIGIN');
  if (explicit) return explicit;
  if (!flag(node, 'PROPAGATED', false)) return self;
  const name = (attr(node, 'NAME') ?? '').toLowerCase();
  for (const a of chainRootFirst) {
    if (a.children.some((c) => tags.includes(c.name) && (attr(c, 'NAME') ?? '').toLowerCase() === name))
      return attr(a, 'NAME') ?? self;
  }
  return self;
}

const propertyTags = ['PROPERTY', 'PROPERTY.ARRAY', 'PROPERTY.REFERENCE'];
const parameterTags = ['PARAMETER', 'PARAMETER.ARRAY', 'PARAMETER.REFERENCE', 'PARAMETER.REFARRAY'];

function parameterOf(p: XNode): CimParameter {
  const qualifiers = qualifiersOf(p);
  const isIn = qualifier(qualifiers, 'In');
  const isOut = qualifier(qualifiers, 'Out');
  return {
    name: attr(p, 'NAME') ?? '',
    ...slotOf(p, qualifiers),
    // An Out-only parameter (no In qualifier) is not an input.
    in: isIn === undefined ? isOut === undefined : isTrue(isIn),
    out: isTrue(isOut),
    qualifiers,
  };
}

/** Members in inheritance order: the root class's first, each class's own in document order. */
function byInheritance<T extends { classOrigin: string }>(items: T[], chainRootFirst: readonly string[]): T[] {
  const rank = (o: string): number => {
    const i = chainRootFirst.findIndex((c) => c.toLowerCase() === o.toLowerCase());
    return i < 0 ? chainRootFirst.length : i;
  };
  return items
    .map((item, i) => ({ item, i, r: rank(item.classOrigin) }))
    .sort((a, b) => a.r - b.r || a.i - b.i)
    .map((x) => x.item);
}

/** A `<CLASS>` element as the model's CimClass. */
export function toCimClass(cls: XNode, all: ReadonlyMap<string, XNode>, namespace: string): CimClass {
  const name = attr(cls, 'NAME') ?? '';
  const ancestors = ancestorsOf(cls, all);
  const chainRootFirst = [...ancestors].reverse();
  const chainNodes = chainRootFirst
    .map((a) => all.get(a.toLowerCase()))
    .filter((n): n is XNode => n !== undefined);
  const order = [...chainRootFirst, name];
  const properties: CimProperty[] = [];
  const methods: CimMethod[] = [];
  for (const node of cls.children) {
    if (propertyTags.includes(node.name)) {
      const qualifiers = qualifiersOf(node);
      const slot = slotOf(node, qualifiers);
      const defaultValue = valueOf(node, slot.type);
      const classOrigin = originOf(node, name, chainNodes, propertyTags);
      properties.push({
        name: attr(node, 'NAME') ?? '',
        ...slot,
        ...(defaultValue !== undefined ? { defaultValue } : {}),
        qualifiers,
        isKey: isTrue(qualifier(qualifiers, 'Key')),
        classOrigin,
        inherited: classOrigin.toLowerCase() !== name.toLowerCase() && flag(node, 'PROPAGATED', true),
      });
    } else if (node.name === 'METHOD') {
      const qualifiers = qualifiersOf(node);
      const classOrigin = originOf(node, name, chainNodes, ['METHOD']);
      const returnType = attr(node, 'TYPE');
      methods.push({
        name: attr(node, 'NAME') ?? '',
        returnType: returnType === undefined ? 'void' : cimTypeOf(returnType),
        parameters: node.children.filter((p) => parameterTags.includes(p.name)).map(parameterOf),
        qualifiers,
        isStatic: isTrue(qualifier(qualifiers, 'Static')),
        classOrigin,
        inherited: classOrigin.toLowerCase() !== name.toLowerCase() && flag(node, 'PROPAGATED', true),
      });
    }
  }
  const qualifiers = qualifiersOf(cls);
  const ordered = byInheritance(properties, order);
  return {
    name,
    namespace,
    superclass: attr(cls, 'SUPERCLASS') ?? null,
    ancestors,
    qualifiers,
    properties: ordered,
    methods: byInheritance(methods, order),
    keys: ordered.filter((p) => p.isKey).map((p) => p.name),
    isAssociation: isTrue(qualifier(qualifiers, 'Association')),
    isIndication: isTrue(qualifier(qualifiers, 'Indication')),
    isAbstract: isTrue(qualifier(qualifiers, 'Abstract')),
  };
}
