/**
 * The IDL grammar, preprocessor and model on small inputs written here: each construct
 * the issue lists, and the errors (typed, with file:line:col and a code frame).
 */
import { describe, expect, it } from 'vitest';
import { createIdlLexer } from '../../grammar/idl/tokens.js';
import { IdlModelError, IdlPreprocessError, IdlSyntaxError, IdlImportError } from '../../grammar/idl/errors.js';
import { countCppQuotes, loadIdl, type IdlProgram } from '../../grammar/idl/load.js';
import { WmigenError } from '../../grammar/diagnostics.js';
import { buildComModel } from '../../model/com/build.js';
import type { ComModel } from '../../model/com/types.js';

const UNKNOWN = `
[local, object, uuid(00000000-0000-0000-C000-000000000046), pointer_default(unique)]
interface IUnknown {
  typedef [unique] IUnknown *LPUNKNOWN;
  HRESULT QueryInterface([in] REFIID riid, [out, iid_is(riid)] void **ppvObject);
  ULONG AddRef();
  ULONG Release();
}
`;
const BASE = `
typedef long LONG;
typedef LONG HRESULT;
typedef unsigned long ULONG;
typedef unsigned short WCHAR;
typedef [string] const WCHAR *LPCWSTR;
typedef struct _GUID { ULONG Data1; unsigned short Data2, Data3; byte Data4[8]; } GUID;
typedef GUID IID;
typedef IID *REFIID;
typedef WCHAR *BSTR;
`;

/** Loads `files['main.idl']` from memory. */
function load(files: Record<string, string>, defines?: Record<string, string>): IdlProgram {
  return loadIdl('/mem/main.idl', {
    includeDirs: ['/mem/inc'],
    readFile: (p) => files[p.replace(/^\/mem\//, '')],
    ...(defines ? { defines } : {}),
  });
}

function model(main: string, extra: Record<string, string> = {}): ComModel {
  return buildComModel(load({ 'main.idl': main, 'inc/base.idl': BASE, 'inc/unknwn.idl': `import "base.idl";\n${UNKNOWN}`, ...extra }));
}

describe('lexer', () => {
  it('runs Chevrotain optimized (first-char lookup for every token)', () => {
    expect(() => createIdlLexer(true)).not.toThrow();
  });
});

describe('preprocessor', () => {
  it('follows #define, #ifdef/#ifndef/#if defined/#elif/#else/#endif', () => {
    const m = model(`
import "unknwn.idl";
#define WANT_A
#define LEVEL 2
#ifdef WANT_A
typedef enum { A1 = LEVEL } A;
#else
typedef enum { NOT_A } NotA;
#endif
#ifndef WANT_A
typedef enum { X } X_T;
#elif LEVEL > 1 && defined(WANT_A) && !defined(NOPE)
typedef enum { B1 = LEVEL * 10 } B;
#endif
#if 0
this is not IDL at all {{{
#endif
#undef LEVEL
#ifdef LEVEL
typedef enum { C1 } C;
#endif
`);
    const names = m.enums.map((e) => e.name);
    expect(names).toEqual(['A', 'B']);
    expect(m.enums[1].members).toEqual([{ name: 'B1', value: 20 }]);
  });

  it('#includes through the include directories and shares macros with the includer', () => {
    const m = model(`import "unknwn.idl";\n#define PART 7\n#include "part.idl"\n`, {
      'inc/part.idl': 'typedef enum { P = PART } PartE;\n',
    });
    expect(m.enums.find((e) => e.name === 'PartE')?.members[0].value).toBe(7);
  });

  it('expands function-like macros with ## pasting and # stringizing', () => {
    const m = model(`
import "unknwn.idl";
#define PIPE(iid, name, type) [object, uuid(iid)] interface IPipe##name : IUnknown { HRESULT Pull([out] type *buf); }
PIPE(DB2F3ACA-2f86-11d1-8e04-00c04fb9989a, Byte, byte)
PIPE(DB2F3ACC-2f86-11d1-8e04-00c04fb9989a, Long, LONG)
#define NAME_OF(x) #x
const char *S = NAME_OF(hello);
`);
    expect(m.interfaces.map((i) => i.name)).toContain('IPipeByte');
    const pipe = m.interfaces.find((i) => i.name === 'IPipeLong')!;
    expect(pipe.iid).toBe('DB2F3ACC-2F86-11D1-8E04-00C04FB9989A');
    expect(pipe.methods[0]).toMatchObject({ name: 'Pull', slot: 3 });
    expect(pipe.methods[0].params[0]).toMatchObject({ idlType: 'LONG', pointerDepth: 1, direction: 'out' });
    expect(m.constants.find((c) => c.name === 'S')?.value).toBe('hello');
  });

  it('keeps cpp_quote aside and skips system headers with a note', () => {
    const program = load({ 'main.idl': 'cpp_quote("#include <windows.h>")\n#include <nothere.h>\ncpp_quote("a" "b");\ntypedef long L;\n' });
    expect(program.files[0].cppQuotes.map((q) => q.text)).toEqual(['#include <windows.h>', 'ab']);
    expect(program.notes.map((n) => n.code)).toEqual(['IDL1006']);
    expect(program.notes[0].location).toMatchObject({ line: 2, column: 1 });
  });

  it('keeps the cpp_quotes of included files, macro bodies and macro arguments in order, counted by file', () => {
    const files = {
      'main.idl':
        'cpp_quote("m1")\n#define Q cpp_quote("body")\n#define F(x) x\n#include "part.idl"\ncpp_quote("m2") Q F(cpp_quote("arg") typedef long L;)\ncpp_quote ( "spaced" /* c */ )\ncpp_quote("m3")\n',
      'part.idl': 'cpp_quote("p1")\ncpp_quote("p2")\n',
    };
    const program = load(files);
    const counts: [string, number][] = [];
    countCppQuotes(program.files[0], (file, n) => counts.push([file, n]));
    const quotes = program.files[0].cppQuotes;
    expect(quotes.map((q) => `${q.file.replace('/mem/', '')}:${q.text}`)).toEqual([
      'main.idl:m1', 'part.idl:p1', 'part.idl:p2', 'main.idl:m2', 'main.idl:body', 'main.idl:arg', 'main.idl:spaced', 'main.idl:m3',
    ]);
    expect(quotes[0].offset).toBe(0);
    // The same runs once the objects are made, and the same JSON as plain records.
    const again: [string, number][] = [];
    countCppQuotes(program.files[0], (file, n) => again.push([file, n]));
    expect(again).toEqual(counts);
    expect(counts.map(([f, n]) => `${f.replace('/mem/', '')}:${n}`)).toEqual(['main.idl:1', 'part.idl:2', 'main.idl:5']);
    expect(JSON.parse(JSON.stringify(program.files[0])).cppQuotes).toEqual(quotes.map((q) => ({ file: q.file, offset: q.offset, text: q.text })));
    expect(Object.keys(program.files[0])).toEqual(['path', 'definitions', 'definitionFiles', 'cppQuotes']);
  });

  it('reports #error, unterminated #if and a missing quoted include as IdlPreprocessError', () => {
    expect(() => load({ 'main.idl': '#error stop here\n' })).toThrow(IdlPreprocessError);
    expect(() => load({ 'main.idl': '\n#ifdef X\ntypedef long L;\n' })).toThrow(/main\.idl:2:1: error IDL1001: unterminated conditional/);
    expect(() => load({ 'main.idl': '#include "gone.idl"\n' })).toThrow(/IDL1004/);
    expect(() => load({ 'main.idl': '#endif\n' })).toThrow(/#endif without #if/);
  });
});

describe('imports', () => {
  it('parses each imported file once, imports first, and does not share macros across imports', () => {
    const program = load({
      'main.idl': 'import "a.idl";\nimport "b.idl";\n#ifdef FROM_A\ntypedef enum { LEAK } Leak;\n#endif\n',
      'inc/a.idl': 'import "b.idl";\n#define FROM_A\ntypedef long ALONG;\n',
      'inc/b.idl': 'typedef long BLONG;\n',
    });
    expect(program.files.map((f) => f.path)).toEqual(['/mem/inc/b.idl', '/mem/inc/a.idl', '/mem/main.idl']);
    expect(buildComModel(program).enums).toEqual([]);
  });

  it('fails with IdlImportError naming the file and position of a missing import', () => {
    let err: unknown;
    try {
      load({ 'main.idl': 'typedef long L;\nimport "missing.idl";\n' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IdlImportError);
    expect((err as IdlImportError).diagnostics[0]).toMatchObject({ code: 'IDL3001', location: { file: '/mem/main.idl', line: 2 } });
  });

  it('reads a .h import with the C subset, and skips one it cannot read with a note', () => {
    const program = load({
      'main.idl': 'import "ok.h";\nimport "bad.h";\n',
      'inc/ok.h': '#ifndef OK_H\n#define OK_H\ntypedef unsigned int UINT32, *PUINT32;\nextern int counter;\n#endif\n',
      'inc/bad.h': 'static inline int f(int x) { return x + 1; }\n',
    });
    expect(program.files.map((f) => f.path.split('/').pop())).toEqual(['ok.h', 'main.idl']);
    expect(program.notes.map((n) => n.code)).toEqual(['IDL3002']);
    expect(program.notes[0].message).toMatch(/bad\.h .*skipped/);
    const m = buildComModel(program);
    expect(m.typedefs.find((t) => t.name === 'PUINT32')?.resolved).toMatchObject({ kind: 'uint', bits: 32, pointerDepth: 1 });
  });
});

describe('grammar', () => {
  it('reads interfaces with attributes, forward declarations, inheritance and calling conventions', () => {
    const m = model(`
import "unknwn.idl";
interface IChild;
[object, uuid(11111111-2222-3333-4444-555555555555), local, restricted, hidden, dual, oleautomation,
 async_uuid(11111111-2222-3333-4444-555555555556), pointer_default(unique),]
interface IParent : IUnknown {
  HRESULT __stdcall First([in] long a, [in, out] long *b, [out, retval] long *c);
  [local] HRESULT Second([in, size_is(n), length_is(*m)] byte *data, [in] ULONG n, [in, out, unique] ULONG *m);
  [call_as(Second)] HRESULT RemoteSecond([in] ULONG n);
  void _stdcall Third(void);
  HRESULT Fourth([in, string, annotation("_In_")] LPCWSTR s, [in, defaultvalue(-1)] long d, ...);
};
[object, uuid("{aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee}")]
interface IChild : IParent {
  HRESULT Fifth();
}
`);
    const parent = m.interfaces.find((i) => i.name === 'IParent')!;
    expect(parent.attributes.map((a) => a.name)).toEqual(['object', 'uuid', 'local', 'restricted', 'hidden', 'dual', 'oleautomation', 'async_uuid', 'pointer_default']);
    expect(parent.methods.map((x) => [x.name, x.slot])).toEqual([
      ['First', 3],
      ['Second', 4],
      ['Third', 5],
      ['Fourth', 6],
    ]);
    expect(parent.remoteMethods).toEqual(['RemoteSecond']);
    expect(parent.methods[1]).toMatchObject({ local: true, remotedBy: 'RemoteSecond' });
    expect(parent.methods[0].params.map((p) => [p.direction, p.pointerDepth, p.retval ?? false])).toEqual([
      ['in', 0, false],
      ['inout', 1, false],
      ['out', 1, true],
    ]);
    expect(parent.methods[1].params[0]).toMatchObject({ sizeIs: 'n', lengthIs: '*m' });
    expect(parent.methods[2]).toMatchObject({ returnType: { idlType: 'void' }, callingConvention: '_stdcall' });
    expect(parent.methods[3].params[0].resolved).toMatchObject({ kind: 'uint', bits: 16, pointerDepth: 1, isString: true });
    const child = m.interfaces.find((i) => i.name === 'IChild')!;
    expect(child).toMatchObject({ iid: 'AAAAAAAA-BBBB-CCCC-DDDD-EEEEEEEEEEEE', base: 'IParent', vtableStart: 7, vtableLength: 8 });
  });

  it('reads typedefs of enums, structs and unions with attributes, unions with switch, arrays and bit fields', () => {
    const m = model(`
import "unknwn.idl";
typedef [v1_enum] enum tagE { E0, E1 = 0x10, E2, E3 = E1 << 4 | 1, E4 = -1, E5 = ~0, E6 = (int) 0x80000000, E7 = 'A', E8 = E1 > 4 ? 100 : 200 } E;
typedef struct tagS { [size_is(n)] long *p; unsigned long n; byte flags : 3; WCHAR name[32]; ULONG rest[*]; } S, *PS;
typedef union tagU switch (long kind) u { case 1: long l; case 2: case 3: double d; default: ; } U;
typedef [switch_type(ULONG)] union tagU2 { [case(1)] long l; [case(2)] S s; [default] ; } U2;
enum tagBare { BARE = 3 };
struct tagDecl { long x; };
const long ANSWER = 42;
const unsigned short FLAGS = 0x0001 | 0x0010;
const char *GREETING = "hi";
`);
    const e = m.enums.find((x) => x.name === 'E')!;
    expect(Object.fromEntries(e.members.map((x) => [x.name, x.value]))).toEqual({
      E0: 0, E1: 16, E2: 17, E3: 257, E4: -1, E5: -1, E6: -2147483648, E7: 65, E8: 100,
    });
    expect(e.attributes.map((a) => a.name)).toEqual(['v1_enum']);
    expect(m.enums.find((x) => x.name === 'tagBare')?.members).toEqual([{ name: 'BARE', value: 3 }]);
    expect(m.constants.map((c) => [c.name, c.value])).toEqual([
      ['ANSWER', 42],
      ['FLAGS', 17],
      ['GREETING', 'hi'],
    ]);
    expect(m.typedefs.find((t) => t.name === 'PS')?.resolved).toMatchObject({ kind: 'struct', name: 'tagS', pointerDepth: 1 });
    expect(m.typedefs.find((t) => t.name === 'U')?.resolved).toMatchObject({ kind: 'union', name: 'tagU' });
  });

  it('reads coclass, library, importlib, dispinterface, module and midl_pragma', () => {
    const m = model(`
import "unknwn.idl";
midl_pragma warning(disable: 2111)
[uuid(12345678-1234-1234-1234-123456789012), version(1.0), helpstring("Lib")]
library TestLib {
  importlib("stdole2.tlb");
  interface IInLib;
  [object, uuid(12345678-1234-1234-1234-123456789013)]
  interface IInLib : IUnknown { [propget, id(1)] HRESULT Value([out, retval] long *v); [propput, id(1)] HRESULT Value([in] long v); }
  [uuid(12345678-1234-1234-1234-123456789014)]
  dispinterface DEvents { properties: [id(1)] long Count; methods: [id(2)] void Fired([in] long code); };
  [uuid(12345678-1234-1234-1234-123456789015)]
  dispinterface DWrapped { interface IInLib; };
  [uuid(12345678-1234-1234-1234-123456789016), appobject]
  coclass Thing { [default] interface IInLib; [source] dispinterface DEvents; };
  [dllname("thing.dll")]
  module ThingFunctions { const long MODULE_CONST = 5; [entry("F")] long __stdcall F([in] long x); };
};
`);
    expect(m.libraries).toEqual([{ name: 'TestLib', file: 'main.idl', libid: '12345678-1234-1234-1234-123456789012' }]);
    expect(m.interfaces.find((i) => i.name === 'IInLib')?.methods.map((x) => [x.name, x.declaredName, x.property, x.slot])).toEqual([
      ['get_Value', 'Value', 'get', 3],
      ['put_Value', 'Value', 'put', 4],
    ]);
    expect(m.dispinterfaces.map((d) => [d.name, d.properties, d.methods])).toEqual([
      ['DEvents', ['Count'], ['Fired']],
      ['DWrapped', [], []],
    ]);
    expect(m.coclasses[0]).toMatchObject({
      name: 'Thing',
      clsid: '12345678-1234-1234-1234-123456789016',
      interfaces: [
        { name: 'IInLib', isDefault: true, isSource: false },
        { name: 'DEvents', isDefault: false, isSource: true },
      ],
    });
    expect(m.constants.find((c) => c.name === 'MODULE_CONST')?.value).toBe(5);
  });

  it('reads C function pointers, SAFEARRAY(...) and conformant arrays in a header-like input', () => {
    const m = model(`
import "unknwn.idl";
typedef HRESULT (__stdcall *CALLBACK_FN)(void *ctx, long code);
typedef struct { CALLBACK_FN fn; SAFEARRAY(BSTR) names; } HOLDER;
[object, uuid(12345678-1234-1234-1234-123456789099)]
interface IUsesArrays : IUnknown { HRESULT Names([out] SAFEARRAY(BSTR) *names, [in] CALLBACK_FN fn); }
`);
    const p = m.interfaces.find((i) => i.name === 'IUsesArrays')!.methods[0].params;
    expect(p[0]).toMatchObject({ idlType: 'SAFEARRAY(BSTR)', pointerDepth: 1, resolved: { kind: 'safearray', pointerDepth: 2 } });
    expect(p[1].resolved).toMatchObject({ kind: 'function', pointerDepth: 1 });
  });
});

describe('WinRT syntax', () => {
  it('reads namespaces, apicontract, runtimeclass, delegates, requires, declare and parameterized types', () => {
    const m = model(`
import "unknwn.idl";
[object, uuid(af86e2e0-b12d-4c6a-9c5a-d7aa65101e90)]
interface IInspectable : IUnknown { HRESULT GetIids([out] ULONG *count, [out] IID **iids); HRESULT GetRuntimeClassName([out] void **name); HRESULT GetTrustLevel([out] long *level); }
namespace Windows.Foundation {
  [contractversion(1)] apicontract FoundationContract {}
  interface IClosable;
  delegate HRESULT EventHandler<T>([in] IInspectable *sender, [in] T args);
  [uuid(30d5a829-7fa4-4026-83bb-d75bae4ea99e)]
  interface IClosable : IInspectable { HRESULT Close(); }
  [uuid(fbc4dd29-245b-11e4-af98-689423260cf8)]
  interface IVector<T> : IInspectable requires Windows.Foundation.IClosable {
    HRESULT GetAt([in] UINT32 index, [out, retval] T *value);
    HRESULT GetMany([out] Windows.Foundation.IVector<Windows.Foundation.IVector<INT32>> **items);
  }
  [uuid(a4ed5c81-76c9-40bd-8be6-b1d90fb20ae7)]
  delegate HRESULT AsyncActionCompletedHandler([in] IClosable *action, [in] long status);
  declare { interface Windows.Foundation.IVector<HSTRING>; interface IVector<IVector<INT32>>; }
  runtimeclass Thing;
  [activatable(1)] runtimeclass Thing { [default] interface Windows.Foundation.IClosable; interface IVector<HSTRING>; }
}
`);
    const closable = m.interfaces.find((i) => i.name === 'IClosable')!;
    expect(closable).toMatchObject({ base: 'IInspectable', vtableStart: 6, vtableLength: 7, iid: '30D5A829-7FA4-4026-83BB-D75BAE4EA99E' });
    const vector = m.interfaces.find((i) => i.name === 'IVector')!;
    expect(vector).toMatchObject({ typeParams: ['T'], requires: ['Windows.Foundation.IClosable'], vtableLength: 8 });
    expect(vector.methods[1].params[0]).toMatchObject({ idlType: 'Windows.Foundation.IVector<Windows.Foundation.IVector<INT32>>', pointerDepth: 2, resolved: { kind: 'interface' } });
    const handler = m.interfaces.find((i) => i.name === 'AsyncActionCompletedHandler')!;
    expect(handler).toMatchObject({ isDelegate: true, base: 'IUnknown', vtableLength: 4, iid: 'A4ED5C81-76C9-40BD-8BE6-B1D90FB20AE7' });
    expect(handler.methods.map((x) => [x.name, x.slot])).toEqual([['Invoke', 3]]);
    expect(m.coclasses).toEqual([
      expect.objectContaining({ name: 'Thing', kind: 'runtimeclass', interfaces: [
        { name: 'Windows.Foundation.IClosable', isDefault: true, isSource: false },
        { name: 'IVector<HSTRING>', isDefault: false, isSource: false },
      ] }),
    ]);
  });
});

describe('errors', () => {
  it('throws IdlSyntaxError with file:line:col and a code frame, never a partial result', () => {
    let err: unknown;
    try {
      model('import "unknwn.idl";\n[object, uuid(12345678-1234-1234-1234-123456789012)]\ninterface IBad : IUnknown {\n  HRESULT Broken([in] long a b);\n}\n');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(IdlSyntaxError);
    expect(err).toBeInstanceOf(WmigenError);
    const e = err as IdlSyntaxError;
    expect(e.diagnostics[0]).toMatchObject({ severity: 'error', code: 'IDL2001', location: { file: '/mem/main.idl', line: 4, column: 30 } });
    expect(e.message).toContain("unexpected 'b'");
    expect(e.message).toContain('> 4 |   HRESULT Broken([in] long a b);');
    expect(e.message).toMatch(/\n\s+\|\s{30}\^/);
  });

  it('locates an error inside an #included file in that file', () => {
    expect(() => model('import "unknwn.idl";\n#include "broken.idl"\n', { 'inc/broken.idl': 'typedef long L;\ntypedef struct { long x } Y;\n' })).toThrow(
      /inc\/broken\.idl:2:25: error IDL2001/,
    );
  });

  it('reports an error at end of file', () => {
    expect(() => load({ 'main.idl': 'interface IOpen {\n  HRESULT A();\n' })).toThrow(/main\.idl:2:15: error IDL2001: unexpected end of file/);
  });

  it('keeps nothing of a failed parse for the next load (attributes read before the error)', () => {
    expect(() => load({ 'main.idl': '[local, uuid(12345678-1234-1234-1234-123456789abc)] 42;' })).toThrow(IdlSyntaxError);
    const after = load({ 'main.idl': 'typedef long X;\ninterface I;\n[in] HRESULT f([in] long a);' });
    const [typedef, forward, method] = after.files[0].definitions;
    expect(typedef).toMatchObject({ kind: 'typedef', attributes: [] });
    expect(forward).toMatchObject({ kind: 'forward', attributes: [] });
    expect(method).toMatchObject({ kind: 'declaration', attributes: [{ name: 'in' }] });
  });

  it('reports an unknown base interface as IdlModelError', () => {
    expect(() => model('import "unknwn.idl";\ninterface INotDefined;\n[object, uuid(12345678-1234-1234-1234-123456789012)]\ninterface IX : INotDefined { HRESULT A(); }\n')).toThrow(IdlModelError);
  });

  it('warns when an enum value cannot be evaluated and keeps the rest', () => {
    const m = model('import "unknwn.idl";\ntypedef enum { OK = 1, BAD = NOWHERE + 1, AFTER = 5 } E;\n');
    expect(m.enums[0].members).toEqual([
      { name: 'OK', value: 1 },
      { name: 'AFTER', value: 5 },
    ]);
    expect(m.notes.map((n) => [n.code, n.severity])).toEqual([['IDL4002', 'warning']]);
  });
});
