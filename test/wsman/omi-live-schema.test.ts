/**
 * The live schema source over WS-Management (readWsmanSchema) against OMI: class
 * definitions read as Get-CimClass reads them, in the model's shape, checked against the
 * CIM-XML OMI sends for the same Get (fetched with curl and read with regular
 * expressions here), then handed to the generator. Runs inside scripts/omi-harness.mjs.
 */

import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { repoRoot } from '../corpus.js';
import { describe, expect, it } from 'vitest';
import { generateCimBindings } from '../../generator/cim/generate.js';
import { isWbemError } from '../../runtime/errors.js';
import { readWsmanSchema, type WsmanProviderOptions } from '../../runtime/wsman/index.js';

const env = process.env;
const live = env.WMIGEN_OMI === '1';
const port = Number(env.WMIGEN_OMI_HTTP_PORT ?? 5985);
const base: WsmanProviderOptions = {
  host: '127.0.0.1',
  port,
  user: env.WMIGEN_OMI_USER ?? '',
  password: env.WMIGEN_OMI_PASSWORD ?? '',
  allowUnencrypted: true,
  namespace: 'root/test',
  timeoutMs: 20_000,
};

/** The CIM-XML of a class as curl gets it: property name → TYPE (or `ref:Class`), `[]` for arrays. */
function outsideProperties(className: string): Map<string, string> {
  const url = `http://127.0.0.1:${port}/wsman`;
  const body =
    '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd"><s:Header>' +
    `<a:To>${url}</a:To><w:ResourceURI s:mustUnderstand="true">http://schemas.dmtf.org/wbem/cim-xml/2/cim-schema/2/*</w:ResourceURI>` +
    '<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>' +
    '<a:Action s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/09/transfer/Get</a:Action>' +
    '<w:MaxEnvelopeSize s:mustUnderstand="true">512000</w:MaxEnvelopeSize><a:MessageID>uuid:00000000-0000-0000-0000-000000000001</a:MessageID>' +
    `<w:SelectorSet><w:Selector Name="__cimnamespace">root/test</w:Selector><w:Selector Name="ClassName">${className}</w:Selector></w:SelectorSet>` +
    '<w:OptionSet><w:Option Name="IncludeInheritedElements">true</w:Option><w:Option Name="IncludeQualifiers">true</w:Option></w:OptionSet>' +
    '</s:Header><s:Body/></s:Envelope>';
  const xml = execFileSync('curl', ['-s', '-K', '-', '-H', 'Content-Type: application/soap+xml;charset=UTF-8', '--data-binary', body, url], {
    input: `user = "${base.user}:${base.password}"\n`,
    encoding: 'utf8',
  });
  const out = new Map<string, string>();
  for (const m of xml.matchAll(/<PROPERTY(\.ARRAY|\.REFERENCE)? NAME="([^"]+)"(?: TYPE="([^"]+)")?(?: REFERENCECLASS="([^"]+)")?/g))
    out.set(m[2], m[1] === '.REFERENCE' ? `ref:${m[4]}` : `${m[3]}${m[1] === '.ARRAY' ? '[]' : ''}`);
  return out;
}

describe.skipIf(!live)('readWsmanSchema against OMI (runs inside scripts/omi-harness.mjs)', () => {
  it('reads a class, its ancestors and the classes it references, in the model shape', async () => {
    const schema = await readWsmanSchema({ ...base, classes: ['TestClass_AllDMTFTypes'] });
    expect(schema.namespaces).toHaveLength(1);
    const ns = schema.namespaces[0];
    expect(ns.name).toBe('root\\test');
    const names = ns.classes.map((c) => c.name);
    expect(names).toContain('TestClass_AllDMTFTypes');
    expect(names).toContain('TestClass_ForEmbedded');
    const cls = ns.classes.find((c) => c.name === 'TestClass_AllDMTFTypes')!;
    expect(cls.superclass).not.toBeNull();
    expect(names).toContain(cls.superclass);
    expect(cls.ancestors[0]).toBe(cls.superclass);
    expect(cls.keys).toEqual(['v_Key']);

    // Every property with the type the server's CIM-XML gives it.
    const outside = outsideProperties('TestClass_AllDMTFTypes');
    expect(outside.size).toBeGreaterThan(15);
    const mine = new Map(cls.properties.map((p) => [p.name, p.type === 'reference' ? `ref:${p.refClass}` : `${p.type}${p.isArray ? '[]' : ''}`]));
    expect(mine).toEqual(outside);

    const byName = new Map(cls.properties.map((p) => [p.name, p]));
    expect(byName.get('v_Key')).toMatchObject({ isKey: true, type: 'uint64', inherited: true, classOrigin: cls.superclass });
    expect(byName.get('v_embeddedInstance')).toMatchObject({ type: 'string', embeddedClass: 'TestClass_ForEmbedded' });
    expect(byName.get('v_octetUint8')!.qualifiers.map((q) => q.name.toLowerCase())).toContain('octetstring');
    expect(byName.get('v_Key')!.qualifiers.find((q) => q.name === 'Key')).toMatchObject({ value: true, flavor: { overridable: false } });
    // Inherited members first.
    expect(cls.properties[0].name).toBe('v_Key');

    const get = cls.methods.find((m) => m.name === 'GetBoolValue')!;
    expect(get.returnType).toBe('uint32');
    expect(get.parameters).toEqual([expect.objectContaining({ name: 'boolVal', type: 'boolean', in: false, out: true })]);
    const set = cls.methods.find((m) => m.name === 'SetBoolValue')!;
    expect(set.parameters[0]).toMatchObject({ in: true, out: false });
  });

  it('generates typed bindings from what it read', async () => {
    const schema = await readWsmanSchema({ ...base, classes: ['TestClass_AllDMTFTypes'] });
    const result = generateCimBindings(schema, { classes: ['TestClass_AllDMTFTypes'] });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const mod = result.files.find((f) => f.path.endsWith('/TestClass_AllDMTFTypes.ts'))!;
    expect(mod.text.startsWith('// Code generated by wmigen. DO NOT EDIT.')).toBe(true);
    expect(mod.text).toMatch(/v_uint64\??: bigint/);
    expect(mod.text).toMatch(/v_DATETIME\??: /);
    expect(mod.text).toMatch(/SetBoolValue/);
  });

  it('wmigen --live --host generates bindings from the host\'s schema', () => {
    const out = mkdtempSync(join(tmpdir(), 'wmigen-live-wsman-'));
    try {
      const r = spawnSync(
        process.execPath,
        [join(repoRoot, 'bin', 'wmigen.js'), '--live', '--host', `127.0.0.1:${port}`, '--transport', 'wsman', '--user', base.user!,
          '--password-env', 'WMIGEN_OMI_PASSWORD', '--insecure-http', '--namespace', 'root/test', '--classes', 'TestClass_AllDMTFTypes', '--out', out, '--quiet'],
        { encoding: 'utf8', env: { ...process.env, WMIGEN_OMI_PASSWORD: base.password } },
      );
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toContain(base.password!);
      const text = readFileSync(join(out, 'root', 'test', 'TestClass_AllDMTFTypes.ts'), 'utf8');
      expect(text).toMatch(/v_uint64\??: bigint/);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });

  it('an unknown class is WBEM_E_INVALID_CLASS; no class named: the server cannot list them', async () => {
    await expect(readWsmanSchema({ ...base, classes: ['No_Such_Class'] })).rejects.toSatisfy((e) => isWbemError(e, 'WBEM_E_INVALID_CLASS'));
    await expect(readWsmanSchema({ ...base })).rejects.toThrow(/does not list the classes of root\\test .*name them with --classes/);
  });
});
