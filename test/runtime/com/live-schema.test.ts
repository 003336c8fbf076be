/**
 * `readLiveSchema` against the C++ double: class MOF by CreateClassEnum + GetObjectText,
 * and, when the provider cannot enumerate classes (as on Wine), by introspection.
 */

import { beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { readLiveSchema } from '../../../runtime/com/live-schema.js';
import { WbemError } from '../../../runtime/errors.js';
import type { CimClass, CimSchema } from '../../../model/cim/types.js';
import { loadDouble, type DoubleControls } from './double.js';

let dbl: DoubleControls;

beforeAll(() => {
  dbl = loadDouble();
});

beforeEach(() => {
  dbl.set('no_class_enum', 0);
  dbl.set('polls', 2);
  dbl.set('wine_sync', 0);
});

function cls(schema: CimSchema, name: string): CimClass {
  const c = schema.namespaces.flatMap((n) => n.classes).find((x) => x.name === name);
  if (!c) throw new Error(`no class ${name}`);
  return c;
}

function propertyShape(c: CimClass) {
  return Object.fromEntries(c.properties.map((p) => [p.name, [p.type, p.isArray, p.refClass ?? p.embeddedClass ?? null]]));
}

describe('readLiveSchema', () => {
  it('reads class objects from CreateClassEnum into the model, ancestors first', async () => {
    const sources: string[] = [];
    const live = dbl.get('live_objects');
    const schema = await readLiveSchema({
      namespace: 'root\\test',
      classes: ['Widget'],
      platform: { library: dbl.library },
      report: (name, source) => sources.push(`${name}:${source}`),
    });
    expect(sources).toEqual(['Thing:class', 'Widget:class']);
    const widget = cls(schema, 'Widget');
    expect(widget.superclass).toBe('Thing');
    expect(widget.keys).toEqual(['Id']);
    expect(propertyShape(widget)).toMatchObject({
      U64: ['uint64', false, null],
      When: ['datetime', false, null],
      Link: ['reference', false, 'Widget'],
      Inner: ['string', false, 'Gadget'],
      Texts: ['string', true, null],
    });
    const add = widget.methods.find((m) => m.name === 'Add')!;
    expect(add.isStatic).toBe(false);
    expect(add.parameters.map((p) => [p.name, p.type, p.in, p.out])).toEqual([
      ['A', 'uint32', true, false],
      ['B', 'uint32', true, false],
      ['Sum', 'uint32', false, true],
    ]);
    expect(widget.methods.find((m) => m.name === 'Echo')!.isStatic).toBe(true);
    expect(dbl.get('live_objects')).toBe(live);
  });

  it('rebuilds classes by introspection when the provider cannot enumerate them (Wine)', async () => {
    dbl.set('no_class_enum', 1);
    const sources: string[] = [];
    const schema = await readLiveSchema({
      namespace: 'root\\test',
      classes: ['Widget', 'Gadget'],
      platform: { library: dbl.library },
      report: (name, source) => sources.push(`${name}:${source}`),
    });
    expect(sources).toEqual(['Widget:introspection', 'Gadget:introspection']);
    const widget = cls(schema, 'Widget');
    expect(widget.superclass).toBeNull();
    expect(widget.keys).toEqual(['Id']);
    expect(propertyShape(widget)).toMatchObject({
      Id: ['uint32', false, null],
      S64: ['sint64', false, null],
      Link: ['reference', false, 'Widget'],
      Inner: ['string', false, 'Gadget'],
      Bigs: ['uint64', true, null],
    });
    const echo = widget.methods.find((m) => m.name === 'Echo')!;
    expect(echo.isStatic).toBe(true);
    expect(echo.returnType).toBe('uint32');
    expect(echo.parameters.find((p) => p.name === 'U32')).toMatchObject({ type: 'uint32', in: true, out: true });
    expect(propertyShape(cls(schema, 'Gadget'))).toEqual({ Label: ['string', false, null], Weight: ['uint32', false, null] });
  });

  it('imports nothing of the MOF front-end: only the model\'s types', async () => {
    const { readFileSync } = await import('node:fs');
    const source = readFileSync(new URL('../../../runtime/com/live-schema.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/^import\s+(type\s+)?[^;]*?from\s+'([^']+)'/gm)].map((m) => [Boolean(m[1]), m[2]]);
    for (const [typeOnly, from] of imports) if (String(from).includes('/model/')) expect([typeOnly, from]).toEqual([true, '../../model/cim/types.js']);
  });

  it('asks for --classes when the provider can neither enumerate nor is given class names', async () => {
    dbl.set('no_class_enum', 1);
    const err = await readLiveSchema({ namespace: 'root\\test', platform: { library: dbl.library } }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WbemError);
    expect((err as WbemError).message).toContain('--classes');
  });
});
