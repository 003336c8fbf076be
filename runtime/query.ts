/**
 * The typed query builder: `services.from(Win32_Service).select('Name', 'State')
 * .where({ StartMode: 'Auto' })` writes WQL that cannot be injected, because
 *  - property names come from the class (`keyof Instance`) and are checked against the
 *    descriptor at run time too;
 *  - every value is written by `quoteWqlString` / `formatWqlNumber` (never pasted);
 *  - the shape of the WHERE clause is fixed by the builder's tree, so a value can never
 *    add an operator, a clause or a parenthesis.
 * The selected properties narrow the result type; filters are typed by property (a
 * number property takes numbers, a ValueMap property its literal values).
 */

import { escapeLikeLiteral } from '../grammar/wql/like.js';
import { formatWqlNumber, isWqlIdentifier, quoteWqlString } from '../grammar/wql/quote.js';
import { CimDateTime, CimInterval } from './datetime.js';
import type { ClassDescriptor, InstanceOf, WmiClass } from './descriptor.js';
import { findPropertyDescriptor } from './convert.js';

export type PropertyName<I> = Extract<keyof I, string>;
/** The non-null value type of a property (arrays excluded: WQL cannot compare them). */
export type ValueOf<I, K extends keyof I> = Exclude<I[K], null | undefined | readonly unknown[]>;
type StringKeys<I> = {
  [K in PropertyName<I>]: ValueOf<I, K> extends string ? K : never;
}[PropertyName<I>];
type OrderedKeys<I> = {
  [K in PropertyName<I>]: ValueOf<I, K> extends number | bigint | string | CimDateTime | CimInterval
    ? K
    : never;
}[PropertyName<I>];

/** Per-property filter: a value (equality), null (IS NULL), or operators. */
export type PropertyFilter<V> =
  | V
  | null
  | {
      readonly eq?: V;
      readonly ne?: V;
      readonly lt?: V;
      readonly le?: V;
      readonly gt?: V;
      readonly ge?: V;
      /** One of these values (OR of equalities). */
      readonly in?: readonly V[];
      /** A WQL LIKE pattern (`%`, `_`, `[a-z]`); for a literal part use `likeLiteral()`. */
      readonly like?: V extends string ? string : never;
      readonly startsWith?: V extends string ? string : never;
      readonly contains?: V extends string ? string : never;
      readonly isNull?: boolean;
    };

export type Filter<I> = { readonly [K in PropertyName<I>]?: PropertyFilter<ValueOf<I, K>> };

/** A condition tree: the only way WHERE clauses are written. */
export type Condition =
  | {
      readonly op: 'cmp';
      readonly property: string;
      readonly operator: '=' | '<>' | '<' | '<=' | '>' | '>=';
      readonly value: unknown;
    }
  | { readonly op: 'like'; readonly property: string; readonly pattern: string }
  | { readonly op: 'null'; readonly property: string; readonly negated: boolean }
  | { readonly op: 'isa'; readonly property: string; readonly className: string }
  | { readonly op: 'and' | 'or'; readonly operands: readonly Condition[] }
  | { readonly op: 'not'; readonly operand: Condition };

/** Builds conditions with names and values typed by the instance interface. */
export class Where<I> {
  eq<K extends PropertyName<I>>(property: K, value: ValueOf<I, K>): Condition {
    return { op: 'cmp', property, operator: '=', value };
  }
  ne<K extends PropertyName<I>>(property: K, value: ValueOf<I, K>): Condition {
    return { op: 'cmp', property, operator: '<>', value };
  }
  lt<K extends OrderedKeys<I>>(property: K, value: ValueOf<I, K>): Condition {
    return { op: 'cmp', property, operator: '<', value };
  }
  le<K extends OrderedKeys<I>>(property: K, value: ValueOf<I, K>): Condition {
    return { op: 'cmp', property, operator: '<=', value };
  }
  gt<K extends OrderedKeys<I>>(property: K, value: ValueOf<I, K>): Condition {
    return { op: 'cmp', property, operator: '>', value };
  }
  ge<K extends OrderedKeys<I>>(property: K, value: ValueOf<I, K>): Condition {
    return { op: 'cmp', property, operator: '>=', value };
  }
  like<K extends StringKeys<I>>(property: K, pattern: string): Condition {
    return { op: 'like', property, pattern };
  }
  isNull<K extends PropertyName<I>>(property: K): Condition {
    return { op: 'null', property, negated: false };
  }
  isNotNull<K extends PropertyName<I>>(property: K): Condition {
    return { op: 'null', property, negated: true };
  }
  and(...operands: Condition[]): Condition {
    return { op: 'and', operands };
  }
  or(...operands: Condition[]): Condition {
    return { op: 'or', operands };
  }
  not(operand: Condition): Condition {
    return { op: 'not', operand };
  }
}

/** Escapes text so that it matches literally inside a LIKE pattern. */
export function likeLiteral(text: string): string {
  return escapeLikeLiteral(text);
}

/** Turns the object form of a filter into conditions (ANDed). */
export function filterToCondition<I>(filter: Filter<I>): Condition {
  const parts: Condition[] = [];
  for (const [property, spec] of Object.entries(filter as Record<string, unknown>)) {
    if (spec === undefined) continue;
    if (spec === null) {
      parts.push({ op: 'null', property, negated: false });
      continue;
    }
    if (
      typeof spec !== 'object' ||
      spec instanceof CimDateTime ||
      spec instanceof CimInterval ||
      spec instanceof Date
    ) {
      parts.push({ op: 'cmp', property, operator: '=', value: spec });
      continue;
    }
    const s = spec as Record<string, unknown>;
    const ops: Array<[string, '=' | '<>' | '<' | '<=' | '>' | '>=']> = [
      ['eq', '='],
      ['ne', '<>'],
      ['lt', '<'],
      ['le', '<='],
      ['gt', '>'],
      ['ge', '>='],
    ];
    for (const key of Object.keys(s)) {
      if (
        ![
          'eq',
          'ne',
          'lt',
          'le',
          'gt',
          'ge',
          'in',
          'like',
          'startsWith',
          'contains',
          'isNull',
        ].includes(key)
      ) {
        throw new TypeError(`unknown filter operator ${key} on ${property}`);
      }
    }
    for (const [key, operator] of ops)
      if (s[key] !== undefined) parts.push({ op: 'cmp', property, operator, value: s[key] });
    if (s.in !== undefined) {
      const values = s.in as readonly unknown[];
      // An empty IN matches nothing: written as a contradiction on the same property.
      parts.push(
        values.length === 0
          ? {
              op: 'and',
              operands: [
                { op: 'null', property, negated: false },
                { op: 'null', property, negated: true },
              ],
            }
          : {
              op: 'or',
              operands: values.map(
                (value) => ({ op: 'cmp', property, operator: '=', value }) as Condition,
              ),
            },
      );
    }
    if (s.like !== undefined) parts.push({ op: 'like', property, pattern: String(s.like) });
    if (s.startsWith !== undefined)
      parts.push({ op: 'like', property, pattern: `${escapeLikeLiteral(String(s.startsWith))}%` });
    if (s.contains !== undefined)
      parts.push({ op: 'like', property, pattern: `%${escapeLikeLiteral(String(s.contains))}%` });
    if (s.isNull !== undefined) parts.push({ op: 'null', property, negated: !s.isNull });
  }
  return parts.length === 1 ? parts[0] : { op: 'and', operands: parts };
}

/** Checks a property name against the class and returns its declared spelling. */
export function checkedProperty(d: ClassDescriptor | null, name: string, prefix = ''): string {
  if (d === null) {
    if (!isWqlIdentifier(name))
      throw new TypeError(`${JSON.stringify(name)} is not a property name`);
    return prefix + name;
  }
  const p = findPropertyDescriptor(d, name);
  if (!p) throw new TypeError(`${d.name} has no property ${JSON.stringify(name)}`);
  if (!isWqlIdentifier(p.name))
    throw new TypeError(`${JSON.stringify(p.name)} cannot be written in WQL`);
  return prefix + p.name;
}

/** A constant in WQL: strings always quoted and escaped, numbers checked, dates in DMTF form. */
export function wqlConstant(value: unknown): string {
  if (typeof value === 'string') return quoteWqlString(value);
  if (typeof value === 'number' || typeof value === 'bigint') return formatWqlNumber(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (value instanceof CimDateTime || value instanceof CimInterval)
    return quoteWqlString(value.toString());
  if (value instanceof Date) return quoteWqlString(CimDateTime.fromDate(value).toString());
  throw new TypeError(
    `${typeof value === 'object' ? 'an object' : typeof value} cannot be a WQL constant`,
  );
}

/** Writes a condition as WQL. `prefix` (e.g. `TargetInstance.`) qualifies property names. */
export function renderCondition(c: Condition, d: ClassDescriptor | null, prefix = ''): string {
  switch (c.op) {
    case 'cmp':
      if (c.value === null || c.value === undefined) {
        if (c.operator !== '=' && c.operator !== '<>')
          throw new TypeError(`${c.property} ${c.operator} null is not WQL`);
        return `${checkedProperty(d, c.property, prefix)} IS ${c.operator === '=' ? '' : 'NOT '}NULL`;
      }
      return `${checkedProperty(d, c.property, prefix)} ${c.operator} ${wqlConstant(c.value)}`;
    case 'like':
      return `${checkedProperty(d, c.property, prefix)} LIKE ${quoteWqlString(c.pattern)}`;
    case 'null':
      return `${checkedProperty(d, c.property, prefix)} IS ${c.negated ? 'NOT ' : ''}NULL`;
    case 'isa':
      return `${checkedProperty(d, c.property, prefix)} ISA ${quoteWqlString(c.className)}`;
    case 'not':
      return `NOT (${renderCondition(c.operand, d, prefix)})`;
    case 'and':
    case 'or': {
      if (c.operands.length === 0) throw new TypeError(`an empty ${c.op.toUpperCase()}`);
      if (c.operands.length === 1) return renderCondition(c.operands[0], d, prefix);
      return c.operands
        .map((o) => `(${renderCondition(o, d, prefix)})`)
        .join(c.op === 'and' ? ' AND ' : ' OR ');
    }
  }
}

export type WhereInput<I> = Filter<I> | ((w: Where<I>) => Condition);

export function toCondition<I>(input: WhereInput<I>): Condition {
  return typeof input === 'function' ? input(new Where<I>()) : filterToCondition(input);
}

/** The WQL text of a SELECT over a class, the conditions ANDed. */
export function selectWql(
  d: ClassDescriptor,
  properties: readonly string[] | null,
  conditions: readonly Condition[],
): string {
  if (!isWqlIdentifier(d.name))
    throw new TypeError(`${JSON.stringify(d.name)} is not a class name`);
  const list =
    properties === null || properties.length === 0
      ? '*'
      : properties.map((p) => checkedProperty(d, p)).join(', ');
  let wql = `SELECT ${list} FROM ${d.name}`;
  if (conditions.length > 0)
    wql += ` WHERE ${renderCondition(conditions.length === 1 ? conditions[0] : { op: 'and', operands: conditions }, d)}`;
  return wql;
}

/** The typed result of a selection: exactly the selected properties. */
export type Selected<I, S extends PropertyName<I>> = Pick<I, S>;

export type { InstanceOf, WmiClass };
