import { describe, expect, it } from 'vitest';
import { NameScope, propertyKey, quote, RESERVED_WORDS, safeIdentifier, valueMemberName } from '../../generator/cim/naming.js';
import { generateCimBindings } from '../../generator/cim/generate.js';
import { collidingNamesSchema } from './model-builders.js';

describe('safeIdentifier', () => {
  it.each([
    ['CIM_Process', 'CIM_Process'],
    ['delete', 'delete_'],
    ['class', 'class_'],
    ['Record', 'Record_'],
    ['Omit', 'Omit_'],
    ['string', 'string_'],
    ['9Lives', '_9Lives'],
    ['a-b.c', 'a_b_c'],
    ['', '_'],
  ])('%j → %j', (input, want) => {
    expect(safeIdentifier(input)).toBe(want);
  });

  it('never returns a reserved word', () => {
    for (const w of RESERVED_WORDS) expect(RESERVED_WORDS.has(safeIdentifier(w))).toBe(false);
  });
});

describe('valueMemberName', () => {
  it.each([
    ['Not Applicable', 'NotApplicable'],
    ['DMTF Reserved', 'DMTFReserved'],
    ['2.0', '_2_0'],
    ['In Service', 'InService'],
    ['Method Parameters Checked - Job Started', 'MethodParametersCheckedJobStarted'],
    ['Café', 'Cafe'],
    ['---', '_'],
    ['802.11a', '_802_11a'],
    ['delete', 'Delete'],
  ])('%j → %j', (input, want) => {
    expect(valueMemberName(input)).toBe(want);
  });
});

describe('keys and literals', () => {
  it('quotes keys that are not identifiers and never writes a bare __proto__', () => {
    expect(propertyKey('Name')).toBe('Name');
    expect(propertyKey('delete')).toBe('delete');
    expect(propertyKey('has space')).toBe("'has space'");
    expect(propertyKey('__proto__')).toBe('["__proto__"]');
    expect(quote("it's\\n\n")).toBe("'it\\'s\\\\n\\n'");
  });

  it('NameScope hands out _2, _3 on collisions', () => {
    const s = new NameScope(['taken']);
    expect(s.claim('taken')).toBe('taken_2');
    expect(s.claim('x')).toBe('x');
    expect(s.claim('x')).toBe('x_2');
    expect(s.claim('x')).toBe('x_3');
  });
});

describe('names in generated modules', () => {
  const schema = collidingNamesSchema();
  const out = generateCimBindings(schema);
  const text = (p: string): string => out.files.find((f) => f.path === p)!.text;

  it('renames classes that would shadow runtime imports or globals', () => {
    expect(text('root/names/CimDateTime.ts')).toContain('export interface CimDateTime_2 {');
    expect(text('root/names/CimDateTime.ts')).toContain('readonly When: CimDateTime | null;');
    expect(text('root/names/ObjectPath.ts')).toContain("readonly Ref: ObjectPath<'ObjectPath'> | null;");
    expect(text('root/names/Record.ts')).toContain('export interface Record_ {');
    expect(text('root/names/delete.ts')).toContain('export interface delete_ {');
    expect(text('root/names/delete.ts')).toContain('readonly class: string | null;');
    // the descriptor keeps the CIM name
    expect(text('root/names/delete.ts')).toContain("name: 'delete',");
  });

  it('resolves collisions between derived names and class names', () => {
    const w = text('root/names/Widget.ts');
    expect(w).toContain('export const Widget_State_2 = {\n  Delete: 0,\n  Delete_2: 1,\n  New: 2,\n  _2OK: 3,\n} as const;');
    expect(w).toContain('export type Widget_Methods = {'); // the methods map keeps the plain name…
    expect(w).toContain('export const Widget_Methods_2 = {'); // …the property enum gives way
    expect(text('root/names/Widget_State.ts')).toContain('export interface Widget_State {');
  });
});
