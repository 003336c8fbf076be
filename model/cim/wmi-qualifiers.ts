/**
 * WMI's standard qualifiers, which WMI knows without any MOF declaring them. In non-strict
 * (WMI) mode they are the built-in qualifier types of every namespace; a MOF declaration of
 * the same name replaces them. Names and data types are the facts listed on Microsoft's
 * "Standard Qualifiers", "Standard WMI Qualifiers", "Meta Qualifiers", "Key Qualifier",
 * "CIMTYPE Qualifier" and WDM provider pages. WMI does not police their scopes, so they
 * are declared with scope `any`, and a value of another type than documented is accepted
 * as written (mofcomp does the same).
 */

import type { CimType } from './types.js';

export interface BuiltinQualifier {
  readonly name: string;
  readonly type: CimType;
  readonly isArray: boolean;
  /** `DisableOverride` in WMI (only Key and the meta qualifiers). */
  readonly disableOverride?: boolean;
  /** `Restricted`: not propagated to subclasses. */
  readonly restricted?: boolean;
}

const b = (name: string, extra: Partial<BuiltinQualifier> = {}): BuiltinQualifier => ({ name, type: 'boolean', isArray: false, ...extra });
const s = (name: string, extra: Partial<BuiltinQualifier> = {}): BuiltinQualifier => ({ name, type: 'string', isArray: false, ...extra });
const sa = (name: string): BuiltinQualifier => ({ name, type: 'string', isArray: true });
const i = (name: string): BuiltinQualifier => ({ name, type: 'sint32', isArray: false });

export const wmiStandardQualifiers: readonly BuiltinQualifier[] = [
  // Meta qualifiers and Key.
  b('Association', { disableOverride: true }),
  b('Indication', { disableOverride: true }),
  b('Key', { disableOverride: true }),
  // Standard (CIM) qualifiers as WMI knows them.
  b('Abstract', { restricted: true }),
  b('Aggregate'),
  b('Aggregation'),
  s('Alias'),
  s('ArrayType'),
  sa('BitMap'),
  sa('BitValues'),
  b('Constructor'),
  s('CreateBy'),
  s('DeleteBy'),
  s('Description'),
  b('Destructor'),
  s('DisplayName'),
  s('EmbeddedInstance'),
  b('EmbeddedObject'),
  b('Gauge'),
  b('In'),
  b('Lazy'),
  sa('MappingStrings'),
  i('Max'),
  i('MaxLen'),
  i('MaxValue'),
  i('Min'),
  i('MinValue'),
  sa('ModelCorrespondence'),
  s('Nonlocal'),
  s('NonlocalType'),
  s('NullValue'),
  b('Out'),
  s('Override'),
  s('Propagated'),
  b('Read'),
  b('Required'),
  s('Revision'),
  s('Schema'),
  s('Source'),
  s('SourceType'),
  b('SupportsCreate'),
  b('SupportsDelete'),
  b('SupportsUpdate'),
  b('Terminal'),
  s('Units'),
  sa('ValueMap'),
  sa('Values'),
  s('Version'),
  b('Weak'),
  b('Write'),
  b('WriteAtCreate'),
  b('WriteAtUpdate'),
  // Standard WMI qualifiers.
  b('Amendment'),
  b('Bypass_GetObject'),
  b('CIM_Key'),
  s('CIMType'),
  s('ClassContext'),
  s('ClassVersion'),
  b('Deprecated'),
  b('Display'),
  b('Dynamic'),
  b('DynProps'),
  b('Fixed'),
  i('ID'),
  b('Implemented'),
  s('InstanceContext'),
  s('Locale'),
  sa('NamespaceSecuritySDDL'),
  b('Optional'),
  sa('Privileges'),
  s('PropertyContext'),
  s('Provider'),
  b('RequiresEncryption'),
  b('Singleton'),
  b('Static'),
  s('SubType'),
  s('UUID'),
  sa('WritePrivileges'),
  // WDM provider qualifiers used by driver MOFs.
  b('WMI'),
  s('guid'),
  i('WmiDataId'),
  s('WmiSizeIs'),
  i('WmiMethodId'),
];
