/**
 * The resolved CIM model: plain, JSON-serializable data handed from the MOF front-end
 * (and the live and docs sources) to the generator and the in-memory provider.
 *
 * Every list is in a deterministic order: classes sorted by name (case-insensitively,
 * then by spelling); a class's properties and methods in inheritance order (the root
 * class's first, each class's own in declaration order, an override keeping the place of
 * the member it overrides). Names keep their declared spelling; lookups through
 * `model/cim/lookup.ts` are case-insensitive.
 */

import type { SourceLocation } from '../../grammar/diagnostics.js';

/** Every CIM intrinsic data type, plus `reference` for `ref` properties and parameters. */
export type CimType =
  | 'uint8'
  | 'sint8'
  | 'uint16'
  | 'sint16'
  | 'uint32'
  | 'sint32'
  | 'uint64'
  | 'sint64'
  | 'real32'
  | 'real64'
  | 'char16'
  | 'string'
  | 'boolean'
  | 'datetime'
  | 'reference'
  /** `object` in WMI MOF, or a class-typed (embedded) property: see `embeddedClass`. */
  | 'object';

/** Every CimType name, for checking a type written as text (CIM-XML, WS-Management). */
export const cimTypeNames: ReadonlySet<string> = new Set<CimType>([
  'uint8', 'sint8', 'uint16', 'sint16', 'uint32', 'sint32', 'uint64', 'sint64',
  'real32', 'real64', 'char16', 'string', 'boolean', 'datetime', 'reference', 'object',
]);

/**
 * A literal value as MOF writes it, in a JSON-safe form.
 * - integers that fit in a double are numbers; larger ones (uint64/sint64) are
 *   `{ kind: 'bigint', value: '<decimal>' }` so nothing is lost;
 * - char16 and datetime values are strings;
 * - `{ kind: 'alias' }` is a `$alias` reference, `{ kind: 'instance' }` an embedded
 *   `instance of` value.
 */
export type CimValue =
  | null
  | boolean
  | number
  | string
  | { readonly kind: 'bigint'; readonly value: string }
  | { readonly kind: 'alias'; readonly name: string }
  | CimInstanceValue
  | readonly CimValue[];

export interface CimInstanceValue {
  readonly kind: 'instance';
  readonly className: string;
  readonly properties: Readonly<Record<string, CimValue>>;
}

/** Qualifier flavors, with MOF's defaults filled in (so every field is explicit). */
export interface CimFlavor {
  /** `ToSubclass` (default) vs `Restricted` / WMI's `NotToSubclass`. */
  readonly toSubclass: boolean;
  /** `EnableOverride` (default) vs `DisableOverride`. */
  readonly overridable: boolean;
  readonly translatable: boolean;
  /** WMI: `Amended` (localized, kept in a separate amendment namespace). */
  readonly amended: boolean;
  /** WMI: `ToInstance` vs `NotToInstance` (default). */
  readonly toInstance: boolean;
}

export interface CimQualifier {
  /** Declared spelling (from the qualifier type if declared, else as used). */
  readonly name: string;
  readonly value: CimValue;
  readonly flavor: CimFlavor;
  /** True when this qualifier came from a superclass (or overridden member) by ToSubclass. */
  readonly propagated: boolean;
}

export type QualifierScope =
  | 'any'
  | 'class'
  | 'association'
  | 'indication'
  | 'property'
  | 'reference'
  | 'method'
  | 'parameter'
  | 'qualifier'
  | 'schema'
  | 'instance';

export interface CimQualifierType {
  readonly name: string;
  readonly type: CimType;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly defaultValue: CimValue;
  readonly scopes: readonly QualifierScope[];
  readonly flavor: CimFlavor;
  /** True for WMI's built-in qualifiers that no MOF declared. */
  readonly builtin: boolean;
  readonly location?: SourceLocation;
}

export interface CimProperty {
  readonly name: string;
  readonly type: CimType;
  /** For `reference`: the class named in `Class ref Name`. */
  readonly refClass?: string;
  /**
   * For `object` (and strings qualified `EmbeddedInstance("X")` / `EmbeddedObject`):
   * the embedded class when known.
   */
  readonly embeddedClass?: string;
  readonly isArray: boolean;
  /** `uint8 Data[16]`: the fixed array size. */
  readonly arraySize?: number;
  readonly defaultValue?: CimValue;
  /** Effective qualifiers: the property's own plus those propagated by flavor. */
  readonly qualifiers: readonly CimQualifier[];
  readonly isKey: boolean;
  /** The class that first declared this property. */
  readonly classOrigin: string;
  /** True when inherited unchanged from a superclass (not redeclared here). */
  readonly inherited: boolean;
  readonly location?: SourceLocation;
}

export interface CimParameter {
  readonly name: string;
  readonly type: CimType;
  readonly refClass?: string;
  readonly embeddedClass?: string;
  readonly isArray: boolean;
  readonly arraySize?: number;
  readonly in: boolean;
  readonly out: boolean;
  readonly qualifiers: readonly CimQualifier[];
}

export interface CimMethod {
  readonly name: string;
  /** Return type (`void` is not CIM, but WMI MOF writes it). */
  readonly returnType: CimType | 'void';
  readonly returnRefClass?: string;
  readonly returnEmbeddedClass?: string;
  readonly returnIsArray?: boolean;
  readonly parameters: readonly CimParameter[];
  readonly qualifiers: readonly CimQualifier[];
  readonly isStatic: boolean;
  readonly classOrigin: string;
  readonly inherited: boolean;
  readonly location?: SourceLocation;
}

export interface CimClass {
  readonly name: string;
  readonly namespace: string;
  readonly superclass: string | null;
  /** Superclass chain, nearest first (`['CIM_Process', 'CIM_LogicalElement', …]`). */
  readonly ancestors: readonly string[];
  readonly qualifiers: readonly CimQualifier[];
  readonly properties: readonly CimProperty[];
  readonly methods: readonly CimMethod[];
  /** Key property names in property order. */
  readonly keys: readonly string[];
  readonly isAssociation: boolean;
  readonly isIndication: boolean;
  readonly isAbstract: boolean;
  /** MOF 3.0 `structure` (no keys, embedded only). */
  readonly isStructure?: boolean;
  readonly location?: SourceLocation;
}

export interface CimInstance {
  readonly className: string;
  readonly namespace: string;
  readonly alias?: string;
  readonly qualifiers: readonly CimQualifier[];
  /** Property values as written; type-checked against the class. */
  readonly properties: Readonly<Record<string, CimValue>>;
  readonly location?: SourceLocation;
}

export interface CimNamespace {
  /** e.g. `root/cimv2` as written by `#pragma namespace`, normalized to backslashes: `root\cimv2`. */
  readonly name: string;
  readonly qualifierTypes: readonly CimQualifierType[];
  readonly classes: readonly CimClass[];
  readonly instances: readonly CimInstance[];
}

export interface CimSchema {
  readonly namespaces: readonly CimNamespace[];
}
