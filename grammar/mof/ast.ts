/**
 * The plain AST the MOF parser builds for one file: no CST is kept. Every node carries
 * `o`, the 0-based offset of its first token in the decoded text; lines and columns are
 * computed only when a diagnostic needs them.
 */

/** A literal or composite value as written. Strings are already unescaped and concatenated. */
export type ValueAst =
  | { readonly t: 'null'; readonly o: number }
  | { readonly t: 'bool'; readonly v: boolean; readonly o: number }
  /** Integers: a number when it is a safe integer, else a bigint. `radix` is how it was written. */
  | { readonly t: 'int'; readonly v: number | bigint; readonly o: number; readonly based?: boolean }
  | { readonly t: 'real'; readonly v: number; readonly o: number }
  | { readonly t: 'str'; readonly v: string; readonly o: number }
  | { readonly t: 'char'; readonly v: string; readonly o: number }
  | { readonly t: 'alias'; readonly name: string; readonly o: number }
  /** A bare identifier as a value: a MOF 3.0 enumeration value. */
  | { readonly t: 'name'; readonly name: string; readonly o: number }
  | { readonly t: 'array'; readonly items: readonly ValueAst[]; readonly o: number }
  /**
   * An array of string literals only (CIM's ValueMap, Values, MappingStrings: nearly all of
   * its arrays): the strings, and each item's offset, without a node per item. A string-typed value can be the strings array itself.
   */
  | { readonly t: 'strs'; readonly v: readonly string[]; readonly offsets: readonly number[]; readonly o: number }
  | { readonly t: 'inst'; readonly inst: InstanceAst; readonly o: number };

export interface QualifierAst {
  readonly name: string;
  readonly value: ValueAst | undefined;
  /** Flavor keywords after `:`, as written. */
  readonly flavors: readonly NameAst[];
  readonly o: number;
}

export interface NameAst {
  readonly name: string;
  readonly o: number;
}

export interface PragmaAst {
  readonly kind: 'pragma';
  readonly name: string;
  readonly args: readonly ValueAst[];
  readonly o: number;
}

export interface QualifierDeclAst {
  readonly kind: 'qualifierDecl';
  readonly name: string;
  /** Undefined for WMI's untyped form `qualifier read : ToInstance;` (flavors only). */
  readonly typeName: string | undefined;
  readonly typeOffset: number;
  readonly isArray: boolean;
  readonly arraySize: number | undefined;
  readonly defaultValue: ValueAst | undefined;
  /** Undefined when the declaration has no `Scope(...)` (an error, reported by the resolver). */
  readonly scopes: readonly NameAst[] | undefined;
  readonly flavors: readonly NameAst[];
  readonly o: number;
}

/** The array part of a declaration: `[]` or `[n]`; undefined when not an array. */
export interface ArrayAst {
  readonly size: number | undefined;
}

export interface PropertyAst {
  readonly kind: 'property';
  readonly qualifiers: readonly QualifierAst[];
  readonly typeName: string;
  readonly typeOffset: number;
  readonly isRef: boolean;
  readonly name: string;
  readonly array: ArrayAst | undefined;
  readonly defaultValue: ValueAst | undefined;
  readonly o: number;
  readonly nameOffset: number;
}

export interface ParameterAst {
  readonly qualifiers: readonly QualifierAst[];
  readonly typeName: string;
  readonly typeOffset: number;
  readonly isRef: boolean;
  readonly name: string;
  readonly array: ArrayAst | undefined;
  readonly defaultValue: ValueAst | undefined;
  readonly o: number;
}

export interface MethodAst {
  readonly kind: 'method';
  readonly qualifiers: readonly QualifierAst[];
  readonly typeName: string;
  readonly typeOffset: number;
  readonly isRef: boolean;
  readonly returnArray: boolean;
  readonly name: string;
  readonly parameters: readonly ParameterAst[];
  readonly o: number;
  readonly nameOffset: number;
}

export type FeatureAst = PropertyAst | MethodAst;

export interface ClassAst {
  readonly kind: 'class';
  /** `class`, or MOF 3.0's `association`, `indication`, `structure`. */
  readonly keyword: 'class' | 'association' | 'indication' | 'structure';
  readonly qualifiers: readonly QualifierAst[];
  readonly name: string;
  readonly alias: string | undefined;
  readonly superclass: NameAst | undefined;
  readonly features: readonly FeatureAst[];
  readonly o: number;
  readonly nameOffset: number;
}

export interface PropertyValueAst {
  readonly qualifiers: readonly QualifierAst[];
  readonly name: string;
  /** Undefined when WMI's form `[Dynamic] Prop;` names a property without a value. */
  readonly value: ValueAst | undefined;
  readonly o: number;
}

export interface InstanceAst {
  readonly kind: 'instance';
  /** `instance of` or MOF 3.0's `value of`. */
  readonly keyword: 'instance' | 'value';
  readonly qualifiers: readonly QualifierAst[];
  readonly className: string;
  readonly classOffset: number;
  readonly alias: string | undefined;
  readonly properties: readonly PropertyValueAst[];
  readonly o: number;
}

export interface EnumerationAst {
  readonly kind: 'enumeration';
  readonly qualifiers: readonly QualifierAst[];
  readonly name: string;
  readonly baseType: string;
  readonly values: readonly { readonly name: string; readonly value: ValueAst | undefined; readonly o: number }[];
  readonly o: number;
}

export type ProductionAst = PragmaAst | QualifierDeclAst | ClassAst | InstanceAst | EnumerationAst;
