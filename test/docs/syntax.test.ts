import { describe, expect, it } from 'vitest';
import { parseClassSyntax, parseMethodSyntax, SyntaxBlockError, tokenizeSyntax } from '../../grammar/mddocs/syntax.js';

describe('syntax blocks: class declarations', () => {
  it('reads qualifiers (with braces inside strings), name, superclass and typed members', () => {
    const c = parseClassSyntax(`[Dynamic, Provider("CIMWin32"), UUID("{8502C4DC-5FBB-11D2-AAC1-006008C78BC7}"), AMENDMENT]
class Win32_Process : CIM_Process
{
  string   CreationClassName;
  uint16   ExecutionState;
  string   IdentifyingDescriptions[1];
  CIM_DataFile REF Dependent;
  boolean  Enabled = false;
};`);
    expect(c.name).toBe('Win32_Process');
    expect(c.superclass).toBe('CIM_Process');
    expect(c.qualifiers.map((q) => q.name)).toEqual(['Dynamic', 'Provider', 'UUID', 'AMENDMENT']);
    expect(c.qualifiers[2].value).toEqual({ kind: 'string', value: '{8502C4DC-5FBB-11D2-AAC1-006008C78BC7}' });
    expect(c.members.map((m) => m.name)).toEqual(['CreationClassName', 'ExecutionState', 'IdentifyingDescriptions', 'Dependent', 'Enabled']);
    const arr = c.members[2];
    expect(arr.kind === 'property' && arr.isArray && arr.arraySize).toBe(1);
    const ref = c.members[3];
    expect(ref.kind === 'property' && ref.type).toEqual({ name: 'CIM_DataFile', isRef: true });
    expect(c.problems).toEqual([]);
  });

  it('keeps going past a member without a type and reports it (FWP pages)', () => {
    const c = parseClassSyntax(`class MSFT_X : CIM_ManagedElement
{
  string PrefixMapping[];
         TcpMappingTimeout;
  uint32 UdpMappingTimeout;
}`);
    expect(c.members.map((m) => m.name)).toEqual(['PrefixMapping', 'UdpMappingTimeout']);
    expect(c.problems).toHaveLength(1);
    expect(c.problems[0].message).toMatch(/TcpMappingTimeout.*no type/);
  });

  it('reads methods declared in a class block, with or without a semicolon before the next member', () => {
    const c = parseClassSyntax(`class MSFT_NetFirewallDynamicKeywordAddress : CIM_ManagedElement
{
  string Id;
  uint32 UpdateDynamicKeywordAddress
  (
    string Id,
    string Addresses,
    boolean Append
  );
  string Dependents[]
}`);
    const m = c.members[1];
    expect(m.kind).toBe('method');
    expect(m.kind === 'method' && m.parameters.map((p) => p.name)).toEqual(['Id', 'Addresses', 'Append']);
    expect(c.members[2].name).toBe('Dependents');
  });

  it("reads `string.  Caption;` and `uint16 REF X` as the intrinsic type, with a problem each", () => {
    const c = parseClassSyntax('class A { string.  Caption; uint16 REF IsMinimum = 0; };');
    expect(c.members.map((m) => (m.kind === 'property' ? `${m.type.name}${m.type.isRef ? ' ref' : ''} ${m.name}` : ''))).toEqual(['string Caption', 'uint16 IsMinimum']);
    expect(c.problems).toHaveLength(2);
  });

  it('throws SyntaxBlockError when there is no class header', () => {
    expect(() => parseClassSyntax('instance of Foo { A = 1; };')).toThrow(SyntaxBlockError);
    expect(() => tokenizeSyntax('string "open')).toThrow(/unterminated string/);
  });
});

describe('syntax blocks: method signatures', () => {
  it('reads [in]/[out], class-typed and array parameters (Win32_Process.Create)', () => {
    const { method, problems } = parseMethodSyntax(`uint32 Create(
  [in]  string               CommandLine,
  [in]  string               CurrentDirectory,
  [in]  Win32_ProcessStartup ProcessStartupInformation,
  [out] uint32               ProcessId
);`);
    expect(problems).toEqual([]);
    expect(method.name).toBe('Create');
    expect(method.returnType).toEqual({ name: 'uint32', isRef: false });
    expect(method.parameters.map((p) => [p.qualifiers.map((q) => q.name).join(), p.type.name, p.name])).toEqual([
      ['in', 'string', 'CommandLine'],
      ['in', 'string', 'CurrentDirectory'],
      ['in', 'Win32_ProcessStartup', 'ProcessStartupInformation'],
      ['out', 'uint32', 'ProcessId'],
    ]);
  });

  it('reads the pages\' slips: `static`, `&RR` references, `= ,`, unquoted defaults, `Integer`', () => {
    expect(parseMethodSyntax('static uint32 Create([in] string Path);').method.isStatic).toBe(true);
    const dns = parseMethodSyntax('void CreateInstanceFromPropertyData([in, optional] uint32 RecordClass = 1, [out, ref] MicrosoftDNS_AAAAType &RR);');
    expect(dns.method.parameters[1].type).toEqual({ name: 'MicrosoftDNS_AAAAType', isRef: true });
    const chk = parseMethodSyntax('uint32 Chkdsk([in] boolean FixErrors = , [in] boolean OKToRunAtBootUp = );');
    expect(chk.method.parameters.map((p) => p.defaultValue)).toEqual([undefined, undefined]);
    const sm = parseMethodSyntax('uint32 ChangeStartMode([in] string StartMode = Auto Start);');
    expect(sm.method.parameters[0].defaultValue).toEqual({ kind: 'string', value: 'Auto Start' });
    expect(sm.problems[0].message).toMatch(/unquoted default/);
    const int = parseMethodSyntax('Integer StartService();');
    expect(int.method.returnType.name).toBe('uint32');
    expect(int.problems[0].message).toMatch(/not a MOF type/);
  });

  it('rejects a broken parameter list with the offending token', () => {
    expect(() => parseMethodSyntax('uint32 Reset([in] boolean RefreshInterval In, [in] boolean X);')).toThrow(/expected ',' or '\)'.*'In'/);
  });
});
