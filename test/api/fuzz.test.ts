/**
 * Injection fuzz: adversarial strings through the typed builder never change the
 * structure of the query. For each string the builder's WQL is parsed back and its AST
 * compared with the intended shape, and the literal values must come back exactly.
 * A subset also runs against the in-memory provider: an instance named with the string
 * is found by equality, LIKE-literal and startsWith, and nothing else is.
 */
import { describe, expect, it } from 'vitest';
import type { WqlExpression, WqlSelectQuery } from '../../grammar/wql/ast.js';
import { matchesLike } from '../../grammar/wql/like.js';
import { parseWql } from '../../grammar/wql/parser.js';
import { connect, formatObjectPath, likeLiteral, parseObjectPath } from '../../runtime/index.js';
import { loadFixtureSchema } from '../memory/fixture.js';
import { Win32_Service } from './bindings/root/cimv2/Win32_Service.js';
import { rng } from '../random.js';

const CASES = 10_000;

const pieces = [
  "'",
  '"',
  '\\',
  '\\\\',
  '\\"',
  "\\'",
  "' OR 1=1",
  '" OR 1=1',
  "' OR '1'='1",
  '" OR ""="',
  ' OR ',
  ' AND ',
  '--',
  ';',
  '/*',
  '*/',
  '%',
  '_',
  '[',
  ']',
  '[^a]',
  '[a-z]',
  '{',
  '}',
  '(',
  ')',
  '=',
  '<>',
  '!=',
  '<',
  '>',
  ' ',
  '\t',
  '\n',
  '\r\n',
  '\u0000',
  '\u0001',
  'SELECT * FROM Win32_Process',
  'WHERE',
  'NULL',
  'TRUE',
  'ISA',
  'LIKE',
  '__CLASS',
  'é',
  '日本',
  '😀',
  '\u202e',
  '\u0301',
  '\ud800',
  '\udfff',
  '\uffff',
  'a',
  'Z',
  '0',
  '9',
  '.',
  ',',
  '@',
  '$',
  '#',
  '`',
];

function adversarial(next: () => number): string {
  const n = Math.floor(next() * 8);
  let s = '';
  for (let i = 0; i < n; i++) {
    if (next() < 0.15) s += String.fromCharCode(Math.floor(next() * 0x10000));
    else s += pieces[Math.floor(next() * pieces.length)];
  }
  return s;
}

type Shape = string | Shape[];
function shape(e: WqlExpression): Shape {
  switch (e.kind) {
    case 'and':
    case 'or':
      return [e.kind, shape(e.left), shape(e.right)];
    case 'not':
      return ['not', shape(e.operand)];
    case 'compare':
      return `${e.property.path.join('.')} ${e.operator} ${e.value.kind}`;
    case 'like':
      return `${e.property.path.join('.')} like`;
    case 'isNull':
      return `${e.property.path.join('.')} null ${e.negated}`;
    case 'isa':
      return `${e.property.path.join('.')} isa`;
  }
}
function literals(e: WqlExpression, out: string[] = []): string[] {
  if (e.kind === 'and' || e.kind === 'or') {
    literals(e.left, out);
    literals(e.right, out);
  } else if (e.kind === 'not') literals(e.operand, out);
  else if (e.kind === 'compare' && e.value.kind === 'string') out.push(e.value.value);
  else if (e.kind === 'like') out.push(e.pattern);
  return out;
}

const expectedShape: Shape = [
  'and',
  ['and', 'Name = string', ['or', 'DisplayName like', ['not', 'State <> string']]],
  ['and', 'StartMode = string', 'PathName like'.replace('PathName', 'Description')],
];

describe('typed builder injection fuzz', () => {
  it(`keeps the query structure for ${CASES} adversarial strings`, async () => {
    const schema = loadFixtureSchema();
    using wmi = await connect({ memory: { schema } });
    const next = rng(20261124);
    let checked = 0;
    const wantHead = JSON.stringify([
      'select',
      'Win32_Service',
      [{ path: ['Name'], offset: 7 }],
      null,
      null,
    ]);
    const wantShape = JSON.stringify(expectedShape);
    for (let i = 0; i < CASES; i++) {
      const s = adversarial(next);
      const wql = wmi
        .from(Win32_Service)
        .select('Name')
        .where((w) =>
          w.and(w.eq('Name', s), w.or(w.like('DisplayName', s), w.not(w.ne('State', s)))),
        )
        .where({ StartMode: 'Auto', Description: { contains: s } })
        .toWql();
      const q = parseWql(wql) as WqlSelectQuery;
      const head = JSON.stringify([q.kind, q.className, q.properties, q.within, q.group]);
      if (head !== wantHead) throw new Error(`statement changed for ${JSON.stringify(s)}: ${wql}`);
      if (JSON.stringify(shape(q.where!)) !== wantShape)
        throw new Error(`structure changed for ${JSON.stringify(s)}: ${wql}`);
      const lits = literals(q.where!);
      if (JSON.stringify(lits) !== JSON.stringify([s, s, s, 'Auto', `%${likeLiteral(s)}%`]))
        throw new Error(`values changed for ${JSON.stringify(s)}: ${wql}`);
      if (!matchesLike(`x${s}y`, lits[4]))
        throw new Error(`contains pattern misses ${JSON.stringify(s)}`);
      checked++;
    }
    expect(checked).toBe(CASES);
  });

  it(`keeps object paths and ASSOCIATORS OF statements intact for ${CASES} adversarial key values`, () => {
    const next = rng(424242);
    for (let i = 0; i < CASES; i++) {
      const s = adversarial(next);
      const path = formatObjectPath({
        server: '.',
        namespace: 'root\\cimv2',
        className: 'Win32_SessionProcess',
        keys: [
          {
            name: 'Antecedent',
            value: formatObjectPath({
              className: 'Win32_LogonSession',
              keys: [{ name: 'LogonId', value: s }],
            }),
          },
          { name: 'Dependent', value: s },
        ],
      });
      const parsed = parseObjectPath(path);
      if (
        parsed.className !== 'Win32_SessionProcess' ||
        parsed.keys.length !== 2 ||
        parsed.keys[1].value !== s
      ) {
        throw new Error(`path changed for ${JSON.stringify(s)}: ${path}`);
      }
      if (parseObjectPath(parsed.keys[0].value as string).keys[0].value !== s)
        throw new Error(`nested path changed for ${JSON.stringify(s)}`);
      const q = parseWql(`ASSOCIATORS OF {${path}} WHERE ResultClass = Win32_Process`);
      if (q.kind !== 'associators' || q.objectPath !== path || q.resultClass !== 'Win32_Process') {
        throw new Error(`statement changed for ${JSON.stringify(s)}: ${JSON.stringify(q)}`);
      }
    }
  });

  it('finds exactly the instance named by an adversarial string in the in-memory provider', async () => {
    const schema = loadFixtureSchema();
    const next = rng(7);
    const names = new Set<string>();
    while (names.size < 300) {
      const s = adversarial(next);
      if (s.length > 0) names.add(s);
    }
    // Names are keys and WQL compares case-insensitively: one per lower-cased spelling.
    const unique = [...new Map([...names].map((n) => [n.toLowerCase(), n])).values()];
    using wmi = await connect({
      memory: {
        schema,
        loadSchemaInstances: false,
        instances: unique.map((Name) => ({
          className: 'Win32_Service',
          properties: { Name, DisplayName: Name },
        })),
      },
    });
    for (const s of unique) {
      const byEq = await wmi.from(Win32_Service).select('Name').where({ Name: s }).toArray();
      expect(byEq.map((r) => r.Name)).toEqual([s]);
      const byLike = await wmi
        .from(Win32_Service)
        .select('Name')
        .where({ DisplayName: { like: likeLiteral(s) } })
        .toArray();
      expect(byLike.map((r) => r.Name)).toEqual([s]);
      const byPrefix = await wmi
        .from(Win32_Service)
        .select('Name')
        .where({ Name: { startsWith: s } })
        .toArray();
      expect(byPrefix.every((r) => r.Name!.toLowerCase().startsWith(s.toLowerCase()))).toBe(true);
      expect(byPrefix.map((r) => r.Name)).toContain(s);
    }
  });
});
