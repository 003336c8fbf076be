/**
 * The emitter on inputs written to trip it: reserved words as parameter names, `*​/` in
 * text that lands in comments, property accessors, and output that TypeScript parses.
 */
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { emitComBindings, safeIdentifier, docText } from '../../generator/com/emit.js';
import { loadIdl } from '../../grammar/idl/load.js';
import { buildComModel } from '../../model/com/build.js';

const files: Record<string, string> = {
  'main.idl': `
typedef long LONG;
typedef LONG HRESULT;
typedef unsigned long ULONG;
typedef unsigned short WCHAR;
typedef WCHAR *BSTR;
typedef struct _GUID { ULONG a; } GUID;
typedef GUID *REFIID;
[object, local, uuid(00000000-0000-0000-C000-000000000046)]
interface IUnknown { HRESULT QueryInterface([in] REFIID riid, [out] void **ppv); ULONG AddRef(); ULONG Release(); }
[object, uuid(11111111-2222-3333-4444-555555555555)]
interface ITricky : IUnknown {
  HRESULT delete([in] long class, [in] long function, [out] long *in);
  [propget] HRESULT Value([out, retval] BSTR *v);
  [propput] HRESULT Value([in] BSTR v);
  HRESULT Big([in] unsigned __int64 q, [out] hyper *h, [in] double d, [in] float f, [in] short b);
}
typedef [v1_enum] enum tagTRICKY_ENUM { T_ZERO, T_BIG = 0xFFFFFFFF, T_NEG = -5 } TRICKY_ENUM;
[uuid(22222222-2222-3333-4444-555555555555), helpstring("ends a comment */ here")]
coclass Tricky { interface ITricky; };
`,
};

function emit(): string {
  const program = loadIdl('/mem/main.idl', { readFile: (p) => files[p.replace('/mem/', '')] });
  return emitComBindings(buildComModel(program), { file: 'main.idl' });
}

describe('emitComBindings', () => {
  it('renames reserved words and escapes comment ends', () => {
    expect(safeIdentifier('default')).toBe('default_');
    expect(safeIdentifier('in')).toBe('in_');
    expect(safeIdentifier('2x')).toBe('_2x');
    expect(safeIdentifier('ok')).toBe('ok');
    expect(docText('a */ b')).toBe('a *\\/ b');
  });

  it('emits TypeScript that parses, deterministically', () => {
    const text = emit();
    expect(emit()).toBe(text);
    const out = ts.transpileModule(text, { reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 } });
    expect(out.diagnostics?.map((d) => ts.flattenDiagnosticMessageText(d.messageText, '\n'))).toEqual([]);
    expect(text).toContain("name: 'class_', direction: 'in'");
    expect(text).toContain('int32 __stdcall ITricky_delete(void *self, int32 class_, int32 function_, _Out_ int32 *in_)');
    expect(text).toContain('    delete: {');
    expect(text).toMatch(/delete: \{\n\s+slot: 3,\n\s+args: \['i32', 'i32', 'ptr'\],\n\s+returns: 'HRESULT',/);
    expect(text).toContain('get_Value: {');
    expect(text).toContain('put_Value: {');
    expect(text).toContain('int32 __stdcall ITricky_Big(void *self, uint64 q, _Out_ int64 *h, double d, float f, int16 b)');
    expect(text).toContain("args: ['u64', 'ptr', 'f64', 'f32', 'i32'],");
    expect(text).toContain("export type ITrickyMethodName = keyof (typeof ITricky)['methods'] | IUnknownMethodName;");
    expect(text).toContain('readonly ITricky: ITrickyMethodName;');
    expect(text).toContain('export const comClassIds = { CLSID_Tricky } as const;');
    expect(text).toMatch(/T_BIG = 0xFFFFFFFF,\n\s+T_NEG = -5,?/);
    expect(text).toContain("export const CLSID_Tricky = '22222222-2222-3333-4444-555555555555';");
    expect(text).toContain('/** ITricky : IUnknown [object]: vtable begins at 3, is 7 entries long */');
    expect(text).not.toContain('wbemStatusName'); // only for files declaring WBEMSTATUS
  });
});
