/**
 * Strings qualified `EmbeddedObject` (CIM 2.x's `CIM_InstIndication.SourceInstance`) or
 * `EmbeddedInstance("X")` hold embedded objects: typed as `object` is in TypeScript,
 * described as `object` to the runtime, and converted as objects by the runtime.
 */
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { generateCimBindings, type GeneratedFile } from '../../generator/cim/generate.js';
import { findSnapshot, loadSnapshot } from '../../sources/load.js';
import { loadMofTextOrThrow } from '../../model/cim/load.js';
import { connect, registerClasses, type WmiClass } from '../../runtime/index.js';
import { typecheckFiles } from './typecheck.js';

const mof = `
class Y { [key] string K; uint64 N; };
class A {
  [key] string K;
  [EmbeddedObject] string AnyObj;
  [EmbeddedObject] string Many[];
  [EmbeddedInstance("Y")] string Emb;
  object O;
  string Plain;
  [EmbeddedObject] string Echo([in, EmbeddedObject] string Arg);
};
instance of A {
  K = "a";
  AnyObj = instance of Y { K = "y"; N = 5; };
  Many = { instance of Y { K = "m1"; N = 1; }, instance of Y { K = "m2"; N = 2; } };
  Emb = instance of Y { K = "z"; N = 18446744073709551615; };
  Plain = "text";
};
`;

const schema = loadMofTextOrThrow(mof, 'embedded.mof').schema;
const runtimeEntry = fileURLToPath(new URL('../../runtime/index.ts', import.meta.url));
const result = generateCimBindings(schema, { runtimeModule: runtimeEntry, source: () => 'embedded.mof' });

function fileOf(files: readonly GeneratedFile[], path: string): string {
  const f = files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} among ${files.map((x) => x.path).join(', ')}`);
  return f.text;
}
const moduleA = fileOf(result.files, 'root/cimv2/A.ts');

describe('[EmbeddedObject] string', () => {
  it('is typed as object is, EmbeddedInstance by its class, a plain string stays a string', () => {
    expect(moduleA).toMatch(/readonly AnyObj: Readonly<Record<string, unknown>> \| null;/);
    expect(moduleA).toMatch(/readonly Many: readonly Readonly<Record<string, unknown>>\[\] \| null;/);
    expect(moduleA).toMatch(/readonly O: Readonly<Record<string, unknown>> \| null;/);
    expect(moduleA).toMatch(/readonly Emb: Y \| null;/);
    expect(moduleA).toMatch(/readonly Plain: string \| null;/);
    expect(moduleA).toMatch(/readonly Arg\??: Readonly<Record<string, unknown>>/);
    expect(moduleA).toMatch(/readonly ReturnValue: Readonly<Record<string, unknown>>/);
  });

  it('is an object in the runtime descriptor', () => {
    expect(moduleA).toContain("AnyObj: { name: 'AnyObj', cimType: 'object', isArray: false }");
    expect(moduleA).toContain("Many: { name: 'Many', cimType: 'object', isArray: true }");
    expect(moduleA).toContain("Emb: { name: 'Emb', cimType: 'object', isArray: false, embeddedClass: 'Y' }");
    expect(moduleA).toContain("Plain: { name: 'Plain', cimType: 'string', isArray: false }");
    expect(moduleA).toContain("{ name: 'Arg', cimType: 'object', isArray: false, in: true, out: false }");
    expect(moduleA).toContain("returnType: 'object',");
  });

  it("types CIM 2.51's CIM_InstIndication.SourceInstance ([EmbeddedObject] string) as an object", async () => {
    const loaded = await loadSnapshot(findSnapshot('cim-2.51'));
    const files = generateCimBindings(loaded.schema, { classes: ['CIM_InstIndication'] }).files;
    const text = fileOf(files, 'root/cimv2/CIM_InstIndication.ts');
    expect(text).toMatch(/readonly SourceInstance: Readonly<Record<string, unknown>>;/);
    expect(text).toContain("SourceInstance: { name: 'SourceInstance', cimType: 'object', isArray: false }");
  });

  it('type-checks under --strict', () => {
    expect(typecheckFiles(generateCimBindings(schema).files).errors).toEqual([]);
  });
});

describe('[EmbeddedObject] string in the runtime', () => {
  const dir = mkdtempSync(join(tmpdir(), 'wmigen-embedded-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads and writes embedded objects through the generated bindings', async () => {
    for (const f of result.files) {
      mkdirSync(dirname(join(dir, f.path)), { recursive: true });
      writeFileSync(join(dir, f.path), f.text);
    }
    const bindings = (await import(pathToFileURL(join(dir, 'root/cimv2/index.ts')).href)) as Record<string, WmiClass>;
    const A = bindings.A as WmiClass<Record<string, unknown>>;
    registerClasses(bindings.Y);
    using wmi = await connect({ memory: { schema } });
    const a = await wmi.get(A, { K: 'a' });
    const anyObj = a.AnyObj as Record<string, unknown>;
    expect(anyObj).toMatchObject({ K: 'y', N: 5n });
    expect((a.Many as Record<string, unknown>[]).map((m) => m.N)).toEqual([1n, 2n]);
    expect(a.Emb).toMatchObject({ K: 'z', N: 18446744073709551615n });
    expect(a.Plain).toBe('text');

    await wmi.put(A, { K: 'b', Emb: { K: 'w', N: 7n }, AnyObj: a.Emb });
    const b = await wmi.get(A, { K: 'b' });
    expect(b.Emb).toMatchObject({ K: 'w', N: 7n });
    expect(b.AnyObj).toMatchObject({ K: 'z' });
    const hits: unknown[] = [];
    for await (const row of wmi.query('SELECT K FROM A WHERE Emb ISA "Y"')) hits.push(row.properties.K);
    expect(hits.sort()).toEqual(['a', 'b']);
  });
});
