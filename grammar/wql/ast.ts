/**
 * The WQL syntax tree: plain data produced by `parseWql` and consumed by the in-memory
 * provider's evaluator, the typed query builder's tests and the `query` command.
 *
 * Normalizations done by the parser (so consumers see one form):
 *  - `!=` is `<>`;
 *  - `constant op property` is turned around into `property op' constant`;
 *  - `prop = NULL` / `prop <> NULL` become `isNull` nodes;
 *  - keywords are case-insensitive, names keep their spelling.
 */

export type WqlComparisonOperator = '=' | '<>' | '<' | '>' | '<=' | '>=';

export type WqlLiteral =
  | { readonly kind: 'string'; readonly value: string }
  /** `text` keeps the source spelling so integers beyond 2^53 are not rounded. */
  | { readonly kind: 'number'; readonly value: number; readonly text: string }
  | { readonly kind: 'boolean'; readonly value: boolean }
  | { readonly kind: 'null' };

/** A property, possibly through embedded objects: `TargetInstance.Name` is `['TargetInstance', 'Name']`. */
export interface WqlPropertyRef {
  readonly path: readonly string[];
  /** 0-based offset of the property name in the query text. */
  readonly offset: number;
}

export type WqlExpression =
  | { readonly kind: 'and'; readonly left: WqlExpression; readonly right: WqlExpression }
  | { readonly kind: 'or'; readonly left: WqlExpression; readonly right: WqlExpression }
  | { readonly kind: 'not'; readonly operand: WqlExpression }
  | {
      readonly kind: 'compare';
      readonly property: WqlPropertyRef;
      readonly operator: WqlComparisonOperator;
      readonly value: WqlLiteral;
    }
  | { readonly kind: 'like'; readonly property: WqlPropertyRef; readonly pattern: string }
  | { readonly kind: 'isNull'; readonly property: WqlPropertyRef; readonly negated: boolean }
  | { readonly kind: 'isa'; readonly property: WqlPropertyRef; readonly className: string };

export interface WqlGroupClause {
  /** Grouping interval in seconds. */
  readonly within: number;
  readonly by: readonly WqlPropertyRef[];
  readonly having: WqlExpression | null;
}

export interface WqlSelectQuery {
  readonly kind: 'select';
  /** `'*'` or the selected properties (dotted paths allowed for event queries). */
  readonly properties: '*' | readonly WqlPropertyRef[];
  readonly className: string;
  readonly classOffset: number;
  /** `WITHIN n` polling interval in seconds (event queries). */
  readonly within: number | null;
  readonly where: WqlExpression | null;
  readonly group: WqlGroupClause | null;
}

/** The keywords of the WHERE clause of ASSOCIATORS OF / REFERENCES OF. */
export interface WqlAssociationFilter {
  readonly assocClass?: string;
  readonly resultClass?: string;
  readonly role?: string;
  readonly resultRole?: string;
  readonly requiredQualifier?: string;
  readonly requiredAssocQualifier?: string;
  readonly classDefsOnly: boolean;
  readonly keysOnly: boolean;
  readonly schemaOnly: boolean;
}

export interface WqlAssociatorsQuery extends WqlAssociationFilter {
  readonly kind: 'associators';
  /** The object path between the braces, as written. */
  readonly objectPath: string;
  readonly pathOffset: number;
}

export interface WqlReferencesQuery extends WqlAssociationFilter {
  readonly kind: 'references';
  readonly objectPath: string;
  readonly pathOffset: number;
}

export type WqlQuery = WqlSelectQuery | WqlAssociatorsQuery | WqlReferencesQuery;

/** The intrinsic event classes an event query may select from (and their common parent). */
export const INTRINSIC_INSTANCE_EVENTS = [
  '__InstanceCreationEvent',
  '__InstanceDeletionEvent',
  '__InstanceModificationEvent',
  '__InstanceOperationEvent',
] as const;
