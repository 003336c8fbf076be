import { describe, expect, it } from 'vitest';
import { parseWql } from '../../grammar/wql/parser.js';
import { WqlSyntaxError } from '../../grammar/wql/errors.js';
import { createWqlLexer } from '../../grammar/wql/tokens.js';

describe('WQL parser', () => {
  it('lexer runs optimized', () => {
    expect(() => createWqlLexer(true)).not.toThrow();
  });

  it('parses SELECT * with WHERE, precedence AND over OR', () => {
    const q = parseWql(
      'SELECT * FROM Win32_LogicalDisk WHERE Name = "C:" OR Name = \'D:\' AND FreeSpace > 2000000',
    );
    expect(q).toMatchObject({
      kind: 'select',
      className: 'Win32_LogicalDisk',
      properties: '*',
      where: {
        kind: 'or',
        left: {
          kind: 'compare',
          property: { path: ['Name'] },
          operator: '=',
          value: { kind: 'string', value: 'C:' },
        },
        right: {
          kind: 'and',
          left: { kind: 'compare', value: { kind: 'string', value: 'D:' } },
          right: { kind: 'compare', operator: '>', value: { kind: 'number', value: 2000000 } },
        },
      },
    });
  });

  it('parses property lists, dotted paths, keywords in any case', () => {
    const q = parseWql(
      'select Name, ProcessId from win32_process where TargetInstance.Name like "%a[_]b%"',
    );
    expect(q).toMatchObject({
      kind: 'select',
      properties: [{ path: ['Name'] }, { path: ['ProcessId'] }],
      where: { kind: 'like', property: { path: ['TargetInstance', 'Name'] }, pattern: '%a[_]b%' },
    });
  });

  it('turns constant-first comparisons around and normalizes != and = NULL', () => {
    expect(parseWql('SELECT * FROM A WHERE 5 < X').kind).toBe('select');
    expect((parseWql('SELECT * FROM A WHERE 5 < X') as any).where).toMatchObject({
      operator: '>',
      property: { path: ['X'] },
    });
    expect((parseWql('SELECT * FROM A WHERE X != 5') as any).where.operator).toBe('<>');
    expect((parseWql('SELECT * FROM A WHERE X = NULL') as any).where).toMatchObject({
      kind: 'isNull',
      negated: false,
    });
    expect((parseWql('SELECT * FROM A WHERE X IS NOT NULL') as any).where).toMatchObject({
      kind: 'isNull',
      negated: true,
    });
    expect((parseWql('SELECT * FROM A WHERE NOT X IS NULL') as any).where).toMatchObject({
      kind: 'not',
    });
  });

  it('unescapes string literals', () => {
    const q = parseWql(
      String.raw`SELECT * FROM Win32_Directory WHERE Name = 'c:\\Scripts\'s' AND D = "say \"hi\""`,
    ) as any;
    expect(q.where.left.value.value).toBe("c:\\Scripts's");
    expect(q.where.right.value.value).toBe('say "hi"');
  });

  it('parses event queries with WITHIN, ISA, GROUP BY HAVING', () => {
    const q = parseWql(
      "SELECT * FROM __InstanceCreationEvent WITHIN 0.5 WHERE TargetInstance ISA 'Win32_Process' AND TargetInstance.Name = 'notepad.exe' GROUP WITHIN 600 BY TargetInstance.SourceName HAVING NumberOfEvents > 25",
    ) as any;
    expect(q.within).toBe(0.5);
    expect(q.where.left).toEqual({
      kind: 'isa',
      property: { path: ['TargetInstance'], offset: 55 },
      className: 'Win32_Process',
    });
    expect(q.group).toMatchObject({
      within: 600,
      by: [{ path: ['TargetInstance', 'SourceName'] }],
      having: { kind: 'compare' },
    });
  });

  it('parses ASSOCIATORS OF and REFERENCES OF with keywords', () => {
    expect(
      parseWql(
        'ASSOCIATORS OF {Win32_Service.Name="a}b"} WHERE AssocClass = Win32_DependentService Role=Dependent ResultClass = "Win32_Service" KeysOnly',
      ),
    ).toEqual({
      kind: 'associators',
      objectPath: 'Win32_Service.Name="a}b"',
      pathOffset: 16,
      assocClass: 'Win32_DependentService',
      role: 'Dependent',
      resultClass: 'Win32_Service',
      classDefsOnly: false,
      keysOnly: true,
      schemaOnly: false,
    });
    expect(parseWql('REFERENCES OF {Adapter="AHA-294X"} WHERE ClassDefsOnly')).toMatchObject({
      kind: 'references',
      classDefsOnly: true,
    });
  });

  it.each([
    ['SELECT * FROM', 13, 'WQL1002'],
    ['SELECT * FROM A WHERE X = "abc', 26, 'WQL1001'],
    ['SELECT * FROM A WHERE DriveType IS 5', 35, 'WQL1002'],
    ['SELECT * FROM A WHERE FileSystem IS NOT "NTFS"', 40, 'WQL1002'],
    ['SELECT * FROM A WHERE B >= null', 24, 'WQL1003'],
    ['SELECT * FROM A WHERE B <= TRUE', 24, 'WQL1003'],
    ['SELECT * FROM A WHERE P < (4 + 7 - 2)', 29, 'WQL1001'],
    ['SELECT * FROM A WHERE X = 1 OR', 30, 'WQL1002'],
    ['SELECT * FROM A WHERE X = 1 \u0000', 28, 'WQL1001'],
    [
      'Associators of {a="C:"} where resultClass = B AND requiredQualifier = Dynamic',
      46,
      'WQL1002',
    ],
    ['Associators of {a="C:"} where resultClass = B ClassDefsOnly', 15, 'WQL1003'],
    ['REFERENCES OF {a="C:"} where ResultRole = B', 29, 'WQL1003'],
    ['ASSOCIATORS OF {a="C:"', 15, 'WQL1001'],
  ])('rejects %j at offset %i', (text, offset, code) => {
    let err: unknown;
    try {
      parseWql(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(WqlSyntaxError);
    expect((err as WqlSyntaxError).offset).toBe(offset);
    expect((err as WqlSyntaxError).code).toBe(code);
    expect((err as WqlSyntaxError).column).toBe(offset + 1);
  });
});
