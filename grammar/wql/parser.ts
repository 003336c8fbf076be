/**
 * The WQL parser: an EmbeddedActionsParser building the plain AST of `ast.ts` directly
 * (no CST), one instance reused through `parser.input`.
 *
 * Grammar (keywords case-insensitive):
 *   query       := select | associators | references
 *   select      := SELECT ('*' | prop (',' prop)*) FROM Identifier [WITHIN number]
 *                  [WHERE expr] [GROUP WITHIN number [BY prop (',' prop)*] [HAVING expr]]
 *   expr        := and (OR and)*          -- OR binds looser than AND, as WMI documents
 *   and         := unary (AND unary)*
 *   unary       := NOT unary | '(' expr ')' | predicate
 *   predicate   := prop (compOp literal | LIKE string | IS [NOT] NULL | ISA (string|Identifier))
 *                | literal compOp prop
 *   prop        := Identifier ('.' Identifier)*
 *   associators := ASSOCIATORS OF {path} [WHERE (Identifier ['=' (Identifier|string)])*]
 *   references  := REFERENCES OF {path} [WHERE …same…]
 *
 * Deviations from WMI, on purpose: `prop = NULL` is accepted as `IS NULL` (WMI accepts
 * it too); ordering operators with NULL or with TRUE/FALSE are rejected here because the
 * documentation calls them invalid and no schema is needed to see it.
 */

import { EmbeddedActionsParser, type IToken, type TokenType } from '../chevrotain.js';
import type {
  WqlAssociationFilter,
  WqlComparisonOperator,
  WqlExpression,
  WqlGroupClause,
  WqlLiteral,
  WqlPropertyRef,
  WqlQuery,
  WqlSelectQuery,
} from './ast.js';
import * as T from './tokens.js';
import { WqlSyntaxError } from './errors.js';

const flippedOperator: Record<WqlComparisonOperator, WqlComparisonOperator> = {
  '=': '=',
  '<>': '<>',
  '<': '>',
  '>': '<',
  '<=': '>=',
  '>=': '<=',
};

/** Removes the quotes and resolves backslash escapes of a WQL string literal. */
export function unquoteWqlString(image: string): string {
  const body = image.slice(1, -1);
  if (body.indexOf('\\') < 0) return body;
  return body.replace(/\\([\s\S])/g, '$1');
}

function numberLiteral(token: IToken): WqlLiteral {
  return { kind: 'number', value: Number(token.image), text: token.image };
}

type AssocKeyword = keyof Omit<WqlAssociationFilter, 'classDefsOnly' | 'keysOnly' | 'schemaOnly'>;
const valuedAssocKeywords: Record<string, AssocKeyword> = {
  assocclass: 'assocClass',
  resultclass: 'resultClass',
  role: 'role',
  resultrole: 'resultRole',
  requiredqualifier: 'requiredQualifier',
  requiredassocqualifier: 'requiredAssocQualifier',
};
const flagAssocKeywords: Record<string, 'classDefsOnly' | 'keysOnly' | 'schemaOnly'> = {
  classdefsonly: 'classDefsOnly',
  keysonly: 'keysOnly',
  schemaonly: 'schemaOnly',
};
/** REFERENCES OF takes only these (WMI rejects AssocClass, ResultRole, RequiredAssocQualifier there). */
const referencesKeywords = new Set([
  'resultclass',
  'role',
  'requiredqualifier',
  'classdefsonly',
  'keysonly',
  'schemaonly',
]);

class WqlParser extends EmbeddedActionsParser {
  /** The query text being parsed, for semantic errors raised from actions. */
  text = '';

  constructor() {
    super(T.allTokens, { maxLookahead: 2 });
    this.performSelfAnalysis();
  }

  private fail(message: string, offset: number): never {
    throw WqlSyntaxError.at(this.text, offset, message, 'WQL1003');
  }

  query = this.RULE('query', (): WqlQuery => {
    return this.OR([
      { ALT: () => this.SUBRULE(this.selectStatement) },
      { ALT: () => this.SUBRULE(this.associationStatement) },
    ]);
  });

  selectStatement = this.RULE('selectStatement', (): WqlSelectQuery => {
    this.CONSUME(T.Select);
    let properties: '*' | WqlPropertyRef[] = '*';
    this.OR([
      { ALT: () => this.CONSUME(T.Star) },
      {
        ALT: () => {
          const list: WqlPropertyRef[] = [];
          this.AT_LEAST_ONE_SEP({
            SEP: T.Comma,
            DEF: () => list.push(this.SUBRULE(this.propertyRef)),
          });
          properties = list;
        },
      },
    ]);
    this.CONSUME(T.From);
    const cls = this.CONSUME(T.Identifier);
    let within: number | null = null;
    this.OPTION(() => {
      this.CONSUME(T.Within);
      within = this.SUBRULE(this.interval);
    });
    let where: WqlExpression | null = null;
    this.OPTION2(() => {
      this.CONSUME(T.Where);
      where = this.SUBRULE(this.expression);
    });
    let group: WqlGroupClause | null = null;
    this.OPTION3(() => {
      this.CONSUME(T.Group);
      this.CONSUME2(T.Within);
      const groupWithin = this.SUBRULE2(this.interval);
      const by: WqlPropertyRef[] = [];
      this.OPTION4(() => {
        this.CONSUME(T.By);
        this.AT_LEAST_ONE_SEP2({
          SEP: T.Comma,
          DEF: () => by.push(this.SUBRULE2(this.propertyRef)),
        });
      });
      let having: WqlExpression | null = null;
      this.OPTION5(() => {
        this.CONSUME(T.Having);
        having = this.SUBRULE2(this.expression);
      });
      group = { within: groupWithin, by, having };
    });
    return {
      kind: 'select',
      properties,
      className: cls.image,
      classOffset: cls.startOffset,
      within,
      where,
      group,
    };
  });

  interval = this.RULE('interval', (): number => {
    const tok = this.CONSUME(T.NumberLiteral);
    return this.ACTION(() => {
      const seconds = Number(tok.image);
      if (!(seconds > 0) || !Number.isFinite(seconds))
        this.fail('an interval must be a positive number of seconds', tok.startOffset);
      return seconds;
    });
  });

  expression = this.RULE('expression', (): WqlExpression => {
    let left = this.SUBRULE(this.andExpression);
    this.MANY(() => {
      this.CONSUME(T.Or);
      const right = this.SUBRULE2(this.andExpression);
      left = { kind: 'or', left, right };
    });
    return left;
  });

  andExpression = this.RULE('andExpression', (): WqlExpression => {
    let left = this.SUBRULE(this.unaryExpression);
    this.MANY(() => {
      this.CONSUME(T.And);
      const right = this.SUBRULE2(this.unaryExpression);
      left = { kind: 'and', left, right };
    });
    return left;
  });

  unaryExpression = this.RULE('unaryExpression', (): WqlExpression => {
    return this.OR([
      {
        ALT: () => {
          this.CONSUME(T.Not);
          const operand = this.SUBRULE(this.unaryExpression);
          return { kind: 'not', operand } as WqlExpression;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.LParen);
          const inner = this.SUBRULE(this.expression);
          this.CONSUME(T.RParen);
          return inner;
        },
      },
      { ALT: () => this.SUBRULE(this.propertyPredicate) },
      { ALT: () => this.SUBRULE(this.constantPredicate) },
    ]);
  });

  /** `prop op constant`, `prop LIKE 'p'`, `prop IS [NOT] NULL`, `prop ISA 'Class'`. */
  propertyPredicate = this.RULE('propertyPredicate', (): WqlExpression => {
    const property = this.SUBRULE(this.propertyRef);
    return this.OR([
      {
        ALT: () => {
          const op = this.SUBRULE(this.comparisonOperator);
          const value = this.SUBRULE(this.literal);
          return this.ACTION(() => this.comparison(property, op.operator, value, op.offset));
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Like);
          const pattern = this.CONSUME(T.StringLiteral);
          return {
            kind: 'like',
            property,
            pattern: unquoteWqlString(pattern.image),
          } as WqlExpression;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Is);
          let negated = false;
          this.OPTION(() => {
            this.CONSUME(T.Not);
            negated = true;
          });
          this.CONSUME(T.Null);
          return { kind: 'isNull', property, negated } as WqlExpression;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Isa);
          const cls = this.OR2([
            {
              ALT: () => {
                const tok = this.CONSUME2(T.StringLiteral);
                return this.ACTION(() => unquoteWqlString(tok.image));
              },
            },
            { ALT: () => this.CONSUME(T.Identifier).image },
          ]);
          return { kind: 'isa', property, className: cls } as WqlExpression;
        },
      },
    ]);
  });

  /** `constant op prop`, turned around into `prop op' constant`. */
  constantPredicate = this.RULE('constantPredicate', (): WqlExpression => {
    const value = this.SUBRULE(this.literal);
    const op = this.SUBRULE(this.comparisonOperator);
    const property = this.SUBRULE(this.propertyRef);
    return this.ACTION(() =>
      this.comparison(property, flippedOperator[op.operator], value, op.offset),
    );
  });

  private comparison(
    property: WqlPropertyRef,
    operator: WqlComparisonOperator,
    value: WqlLiteral,
    opOffset: number,
  ): WqlExpression {
    if (value.kind === 'null') {
      if (operator === '=') return { kind: 'isNull', property, negated: false };
      if (operator === '<>') return { kind: 'isNull', property, negated: true };
      this.fail(`NULL can only be tested with IS [NOT] NULL, = or <>, not ${operator}`, opOffset);
    }
    if (value.kind === 'boolean' && operator !== '=' && operator !== '<>') {
      this.fail(`TRUE and FALSE can only be compared with =, <> or !=, not ${operator}`, opOffset);
    }
    return { kind: 'compare', property, operator, value };
  }

  comparisonOperator = this.RULE(
    'comparisonOperator',
    (): { operator: WqlComparisonOperator; offset: number } => {
      const tok = this.OR([
        { ALT: () => this.CONSUME(T.Equals) },
        { ALT: () => this.CONSUME(T.NotEquals) },
        { ALT: () => this.CONSUME(T.LessEquals) },
        { ALT: () => this.CONSUME(T.GreaterEquals) },
        { ALT: () => this.CONSUME(T.Less) },
        { ALT: () => this.CONSUME(T.Greater) },
      ]);
      const image = tok.image === '!=' ? '<>' : tok.image;
      return { operator: image as WqlComparisonOperator, offset: tok.startOffset };
    },
  );

  literal = this.RULE('literal', (): WqlLiteral => {
    return this.OR([
      {
        ALT: () =>
          ({
            kind: 'string',
            value: unquoteWqlString(this.CONSUME(T.StringLiteral).image),
          }) as WqlLiteral,
      },
      { ALT: () => numberLiteral(this.CONSUME(T.NumberLiteral)) },
      {
        ALT: () => {
          this.CONSUME(T.True);
          return { kind: 'boolean', value: true } as WqlLiteral;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.False);
          return { kind: 'boolean', value: false } as WqlLiteral;
        },
      },
      {
        ALT: () => {
          this.CONSUME(T.Null);
          return { kind: 'null' } as WqlLiteral;
        },
      },
    ]);
  });

  propertyRef = this.RULE('propertyRef', (): WqlPropertyRef => {
    const first = this.CONSUME(T.Identifier);
    const path = [first.image];
    this.MANY(() => {
      this.CONSUME(T.Dot);
      path.push(this.CONSUME2(T.Identifier).image);
    });
    return { path, offset: first.startOffset };
  });

  associationStatement = this.RULE('associationStatement', (): WqlQuery => {
    const kindToken = this.OR([
      { ALT: () => this.CONSUME(T.Associators) },
      { ALT: () => this.CONSUME(T.References) },
    ]);
    this.CONSUME(T.Of);
    const pathToken = this.CONSUME(T.ObjectPathLiteral);
    const items: { name: IToken; value: IToken | null }[] = [];
    this.OPTION(() => {
      this.CONSUME(T.Where);
      this.AT_LEAST_ONE(() => {
        const name = this.CONSUME(T.Identifier);
        let value: IToken | null = null;
        this.OPTION2(() => {
          this.CONSUME(T.Equals);
          value = this.OR2([
            { ALT: () => this.CONSUME2(T.Identifier) },
            { ALT: () => this.CONSUME(T.StringLiteral) },
          ]);
        });
        items.push({ name, value });
      });
    });
    return this.ACTION(() => {
      const isReferences = kindToken.tokenType === T.References;
      const filter: Record<string, string | boolean> = {
        classDefsOnly: false,
        keysOnly: false,
        schemaOnly: false,
      };
      const seen = new Set<string>();
      for (const { name, value } of items) {
        const key = name.image.toLowerCase();
        if (seen.has(key)) this.fail(`${name.image} is given twice`, name.startOffset);
        seen.add(key);
        if (isReferences && !referencesKeywords.has(key)) {
          this.fail(
            `${name.image} is not a keyword of REFERENCES OF (ResultClass, Role, RequiredQualifier, ClassDefsOnly, KeysOnly, SchemaOnly)`,
            name.startOffset,
          );
        }
        const valued = valuedAssocKeywords[key];
        const flag = flagAssocKeywords[key];
        if (valued) {
          if (value === null)
            this.fail(`${name.image} needs "= value"`, name.startOffset + name.image.length);
          filter[valued] =
            value.tokenType === T.StringLiteral ? unquoteWqlString(value.image) : value.image;
        } else if (flag) {
          if (value !== null) this.fail(`${name.image} takes no value`, value.startOffset);
          filter[flag] = true;
        } else {
          this.fail(
            `unknown keyword ${name.image} in the WHERE clause of ${isReferences ? 'REFERENCES' : 'ASSOCIATORS'} OF`,
            name.startOffset,
          );
        }
      }
      if (filter.classDefsOnly && filter.resultClass !== undefined) {
        this.fail('ClassDefsOnly and ResultClass cannot be used together', pathToken.startOffset);
      }
      const objectPath = pathToken.image.slice(1, -1);
      return {
        kind: isReferences ? 'references' : 'associators',
        objectPath,
        pathOffset: pathToken.startOffset + 1,
        ...filter,
      } as unknown as WqlQuery;
    });
  });
}

let lexer: ReturnType<typeof T.createWqlLexer> | undefined;
let parser: WqlParser | undefined;

/** Tokens by name, for error messages that say what was expected. */
export function tokenLabel(t: TokenType): string {
  return t.LABEL ?? t.name;
}

/**
 * Parses one WQL statement. Throws `WqlSyntaxError` (with offset, line and column) for
 * anything that is not valid WQL.
 */
export function parseWql(text: string): WqlQuery {
  lexer ??= T.createWqlLexer();
  parser ??= new WqlParser();
  const lexed = lexer.tokenize(text);
  if (lexed.errors.length > 0) {
    const e = lexed.errors[0];
    const ch = text.charAt(e.offset);
    const what =
      ch === '"' || ch === "'"
        ? 'unterminated string literal'
        : ch === '{'
          ? 'unterminated object path (missing })'
          : `unexpected character ${JSON.stringify(ch)}`;
    throw WqlSyntaxError.at(text, e.offset, what, 'WQL1001');
  }
  parser.text = text;
  parser.input = lexed.tokens;
  const result = parser.query();
  if (parser.errors.length > 0) {
    const err = parser.errors[0];
    const tok = err.token;
    const offset =
      Number.isFinite(tok.startOffset) && tok.tokenType.name !== 'EOF'
        ? tok.startOffset
        : text.length;
    const found = tok.tokenType.name === 'EOF' ? 'end of query' : `'${tok.image}'`;
    throw WqlSyntaxError.at(
      text,
      offset,
      `unexpected ${found}; ${simplifyMessage(err.message)}`,
      'WQL1002',
    );
  }
  return result;
}

/** Chevrotain's messages list token names; keep its "expecting …" part, reworded briefly. */
function simplifyMessage(message: string): string {
  const expecting = /Expecting:?\s*(?:token of type\s*)?-->\s*(.*?)\s*<--/s.exec(message);
  if (expecting) return `expected ${expecting[1]}`;
  if (/Redundant input, expecting EOF/.test(message)) return 'expected the end of the query';
  const alternatives = [...message.matchAll(/^\s*\d+\. \[(.*?)\]\s*$/gm)].map((m) =>
    m[1].replace(/, /g, ' '),
  );
  if (alternatives.length > 0) return `expected one of: ${[...new Set(alternatives)].join(', ')}`;
  return message.split('\n')[0];
}
