/**
 * Class schemas over WS-Management, read the way PowerShell's Get-CimClass reads them
 * over a WS-Man CIM session: a WS-Transfer Get of the resource URI
 * `http://schemas.dmtf.org/wbem/cim-xml/2/cim-schema/2/*` with the selectors
 * `ClassName` and `__cimnamespace`; the answer is the class in CIM-XML (DSP0201).
 *
 * WS-Man instances carry no types (`<p:Count>5</p:Count>`), so the provider reads each
 * class's schema once to give values their wire form: 5 as a number for a uint32,
 * "5" for a uint64, a one-character string for a char16, DMTF text for datetimes.
 */

import { cimTypeNames, type CimType } from '../../model/cim/types.js';
import { attr, child, children, type XNode } from './xml.js';

export const CIM_XML_SCHEMA_URI = 'http://schemas.dmtf.org/wbem/cim-xml/2/cim-schema/2/*';

/** The CIM type names WS-Management's class schemas use: the model's own. */
export type CimTypeName = CimType;

export interface SlotType {
  readonly name: string;
  readonly cimType: CimTypeName;
  readonly isArray: boolean;
  /** Referenced class of a reference, embedded class of an EmbeddedInstance. */
  readonly className?: string;
  /** A uint8[] with the OctetString qualifier: one base64 element on the wire. */
  readonly octetString?: boolean;
}

export interface PropertySchema extends SlotType {
  readonly key: boolean;
}

export interface ParameterSchema extends SlotType {
  readonly in: boolean;
  readonly out: boolean;
}

export interface MethodSchema {
  readonly name: string;
  readonly returnType: CimTypeName;
  readonly parameters: ReadonlyMap<string, ParameterSchema>;
}

export interface ClassSchema {
  readonly name: string;
  readonly superclass: string | null;
  /** By lower-cased name. */
  readonly properties: ReadonlyMap<string, PropertySchema>;
  readonly keys: readonly string[];
  /** By lower-cased name. */
  readonly methods: ReadonlyMap<string, MethodSchema>;
}


/** A CIM-XML TYPE attribute as a CimType (`instance` is an embedded object; unknown reads as string). */
export function cimTypeOf(text: string | undefined): CimTypeName {
  const t = (text ?? 'string').toLowerCase();
  if (t === 'instance') return 'object';
  return (cimTypeNames.has(t) ? t : 'string') as CimTypeName;
}

function qualifierValue(node: XNode, name: string): string | undefined {
  for (const q of children(node, 'QUALIFIER')) {
    if (attr(q, 'NAME')?.toLowerCase() === name.toLowerCase())
      return child(q, 'VALUE')?.text ?? 'true';
  }
  return undefined;
}

/** Type of a PROPERTY / PARAMETER element of any of its forms (.ARRAY, .REFERENCE, .REFARRAY). */
function slotOf(node: XNode): SlotType {
  const name = attr(node, 'NAME') ?? '';
  const isArray = node.name.endsWith('.ARRAY') || node.name.endsWith('.REFARRAY');
  if (node.name.endsWith('.REFERENCE') || node.name.endsWith('.REFARRAY')) {
    return { name, cimType: 'reference', isArray, className: attr(node, 'REFERENCECLASS') };
  }
  const embeddedInstance = qualifierValue(node, 'EmbeddedInstance');
  const embeddedObject =
    qualifierValue(node, 'EmbeddedObject') !== undefined ||
    attr(node, 'EmbeddedObject') !== undefined;
  let cimType = cimTypeOf(attr(node, 'TYPE') ?? attr(node, 'PARAMTYPE'));
  if (embeddedInstance !== undefined || embeddedObject) cimType = 'object';
  const octetString = isTrue(qualifierValue(node, 'OctetString'));
  return {
    name,
    cimType,
    isArray,
    className: embeddedInstance ?? attr(node, 'EmbeddedClassName'),
    octetString,
  };
}

const propertyTags = ['PROPERTY', 'PROPERTY.ARRAY', 'PROPERTY.REFERENCE'];
const parameterTags = ['PARAMETER', 'PARAMETER.ARRAY', 'PARAMETER.REFERENCE', 'PARAMETER.REFARRAY'];

function isTrue(v: string | undefined): boolean {
  return v !== undefined && v.trim().toLowerCase() === 'true';
}

/** A ClassSchema from a CIM-XML `<CLASS>` element. */
export function classSchemaOf(cls: XNode): ClassSchema {
  const properties = new Map<string, PropertySchema>();
  const keys: string[] = [];
  const methods = new Map<string, MethodSchema>();
  for (const node of cls.children) {
    if (propertyTags.includes(node.name)) {
      const slot = slotOf(node);
      const key = isTrue(qualifierValue(node, 'Key'));
      properties.set(slot.name.toLowerCase(), { ...slot, key });
      if (key) keys.push(slot.name);
    } else if (node.name === 'METHOD') {
      const parameters = new Map<string, ParameterSchema>();
      for (const p of node.children) {
        if (!parameterTags.includes(p.name)) continue;
        const slot = slotOf(p);
        const isIn = qualifierValue(p, 'In');
        const isOut = qualifierValue(p, 'Out');
        parameters.set(slot.name.toLowerCase(), {
          ...slot,
          in: isIn === undefined ? isOut === undefined : isTrue(isIn),
          out: isTrue(isOut),
        });
      }
      const name = attr(node, 'NAME') ?? '';
      methods.set(name.toLowerCase(), { name, returnType: cimTypeOf(attr(node, 'TYPE')), parameters });
    }
  }
  return {
    name: attr(cls, 'NAME') ?? '',
    superclass: attr(cls, 'SUPERCLASS') ?? null,
    properties,
    keys,
    methods,
  };
}

/** Finds the `<CLASS>` element in a GetClass response body. */
export function findClassElement(node: XNode): XNode | undefined {
  if (node.name === 'CLASS') return node;
  for (const c of node.children) {
    const found = findClassElement(c);
    if (found) return found;
  }
  return undefined;
}
