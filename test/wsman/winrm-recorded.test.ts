/**
 * The WS-Man provider against WinRM-shaped exchanges (WMI resource URIs, `cim:Datetime`
 * values, WinRM's fault details), served by a small HTTP server on loopback: what OMI,
 * the real server of the other suites, does not speak. The answers are in
 * test/wsman/fixtures, written in the shapes Microsoft's WS-Management protocol
 * documentation (MS-WSMV) gives, not captured from a live WinRM.
 */

import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest';

vi.setConfig({ testTimeout: 10_000 });
import { isWbemError } from '../../runtime/errors.js';
import type { WireObject } from '../../runtime/provider.js';
import { createWsmanProvider, type WsmanProviderOptions } from '../../runtime/wsman/index.js';
import { connect } from '../../runtime/services.js';
import { Win32_Service } from '../api/bindings/root/cimv2/Win32_Service.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), 'fixtures');
const fixture = (name: string): string => readFileSync(join(fixtures, name), 'utf8');

interface Seen {
  readonly action: string;
  readonly resourceUri: string;
  readonly body: string;
  readonly authorization?: string;
  readonly socket: number;
}

type Reply = { status?: number; body: string } | 'hang';

let server: http.Server;
let port = 0;
let seen: Seen[] = [];
let handler: (s: Seen) => Reply = () => ({ body: '' });
const sockets = new Map<unknown, number>();
const hanging = new Set<http.ServerResponse>();

beforeAll(async () => {
  server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      if (!sockets.has(req.socket)) sockets.set(req.socket, sockets.size + 1);
      const s: Seen = {
        action: /<a:Action[^>]*>([^<]*)</.exec(body)?.[1] ?? '',
        resourceUri: /<w:ResourceURI[^>]*>([^<]*)</.exec(body)?.[1] ?? '',
        body,
        authorization: req.headers.authorization,
        socket: sockets.get(req.socket)!,
      };
      seen.push(s);
      const reply = handler(s);
      if (reply === 'hang') {
        hanging.add(res);
        return;
      }
      const msgId = /<a:MessageID>([^<]*)</.exec(body)?.[1] ?? '';
      res.writeHead(reply.status ?? 200, { 'Content-Type': 'application/soap+xml;charset=UTF-8' });
      res.end(reply.body.replace('RELATES', msgId));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  for (const r of hanging) r.destroy();
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

beforeEach(() => {
  seen = [];
});

const options = (): WsmanProviderOptions => ({
  host: '127.0.0.1',
  port,
  user: 'admin',
  password: 'p@ss',
  allowUnencrypted: true,
  resourceUris: 'wmi',
  timeoutMs: 5000,
  pathHost: 'WIN-HOST',
});

const schemaReply = (s: Seen): Reply =>
  s.body.includes('<w:Selector Name="ClassName">Win32_Service<')
    ? { body: fixture('winrm-getclass-win32_service.xml') }
    : { status: 500, body: fixture('winrm-fault-invalid-class.xml') };

const enumerateAndPull = (s: Seen): Reply => {
  if (s.resourceUri.endsWith('cim-schema/2/*')) return schemaReply(s);
  if (s.action.endsWith('/Enumerate')) return { body: fixture('winrm-enumerate-response.xml') };
  if (s.action.endsWith('/Pull')) return { body: fixture('winrm-pull-response.xml') };
  if (s.action.endsWith('/Release'))
    return {
      body: '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body/></s:Envelope>',
    };
  return { status: 500, body: fixture('winrm-fault-invalid-class.xml') };
};

async function collect(it: AsyncIterable<WireObject>): Promise<WireObject[]> {
  const rows: WireObject[] = [];
  for await (const r of it) rows.push(r);
  return rows;
}

describe('WS-Man provider on WinRM-shaped exchanges', () => {
  it('enumerates with WinRM WMI resource URIs and the WQL dialect, typed by the class schema', async () => {
    handler = enumerateAndPull;
    using p = createWsmanProvider({ ...options(), locale: 'de-DE' });
    const wql = "SELECT * FROM Win32_Service WHERE State = 'Running' OR Name < 'X'";
    const rows = await collect(p.execQuery(wql, { batchSize: 7 }));
    const enumerate = seen.find((s) => s.action.endsWith('/Enumerate'))!;
    expect(enumerate.resourceUri).toBe(
      'http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/*',
    );
    expect(enumerate.body).toContain(
      '<w:Filter Dialect="http://schemas.microsoft.com/wbem/wsman/1/WQL">SELECT * FROM Win32_Service WHERE State = &apos;Running&apos; OR Name &lt; &apos;X&apos;</w:Filter>',
    );
    expect(enumerate.body).toContain('<w:OptimizeEnumeration/><w:MaxElements>7</w:MaxElements>');
    expect(enumerate.body).toContain(
      '<w:EnumerationMode>EnumerateObjectAndEPR</w:EnumerationMode>',
    );
    expect(enumerate.body).toMatch(/<w:OperationTimeout>PT4\.500S<\/w:OperationTimeout>/);
    expect(enumerate.body).toContain('<w:Locale xml:lang="de-DE"');
    expect(enumerate.authorization).toBe(`Basic ${Buffer.from('admin:p@ss').toString('base64')}`);
    const pull = seen.find((s) => s.action.endsWith('/Pull'))!;
    expect(pull.body).toContain(
      '<n:EnumerationContext>uuid:9A8B7C6D-0000-4000-8000-000000000001</n:EnumerationContext><n:MaxElements>7</n:MaxElements>',
    );
    expect(rows).toEqual([
      {
        className: 'Win32_Service',
        path: '\\\\WIN-HOST\\root\\cimv2:Win32_Service.Name="WinRM"',
        properties: {
          AcceptPause: false,
          AcceptStop: true,
          Caption: 'Windows Remote Management (WS-Management)',
          CheckPoint: 0,
          Description: null,
          InstallDate: null,
          Name: 'WinRM',
          ProcessId: 1234,
          ServiceSpecificExitCode: 0,
          Started: true,
          State: 'Running',
        },
      },
      {
        className: 'Win32_Service',
        path: '\\\\WIN-HOST\\root\\cimv2:Win32_Service.Name="Spooler"',
        properties: {
          AcceptPause: false,
          AcceptStop: false,
          Caption: 'Print Spooler & "queue" <x>',
          CheckPoint: 0,
          Description: null,
          InstallDate: '20240229235958.500000-300',
          Name: 'Spooler',
          ProcessId: 0,
          ServiceSpecificExitCode: 0,
          Started: false,
          State: 'Stopped',
        },
      },
    ]);
    // One keep-alive connection for the class schema, the Enumerate and the Pull.
    expect(new Set(seen.map((s) => s.socket)).size).toBe(1);
  });

  it('serves the typed API through connect({ transport: "wsman" })', async () => {
    handler = enumerateAndPull;
    using wmi = await connect({ transport: 'wsman', ...options() });
    expect(wmi.provider.kind).toBe('wsman');
    const rows = await wmi.from(Win32_Service).select('Name', 'ProcessId', 'InstallDate').toArray();
    expect(rows.map((r) => [r.Name, r.ProcessId])).toEqual([
      ['WinRM', 1234],
      ['Spooler', 0],
    ]);
    expect(rows[1].InstallDate?.toString()).toBe('20240229235958.500000-300');
    expect(seen.find((s) => s.action.endsWith('/Enumerate'))!.body).toContain(
      'SELECT Name, ProcessId, InstallDate FROM Win32_Service',
    );
  });

  it('Pulls only as the consumer asks, and Releases the context when it stops early', async () => {
    handler = enumerateAndPull;
    using p = createWsmanProvider(options());
    for await (const row of p.execQuery('SELECT * FROM Win32_Service')) {
      expect(row.properties.Name).toBe('WinRM');
      break;
    }
    await new Promise((r) => setTimeout(r, 100));
    expect(seen.filter((s) => s.action.endsWith('/Pull'))).toHaveLength(0);
    const release = seen.find((s) => s.action.endsWith('/Release'));
    expect(release?.body).toContain(
      '<n:EnumerationContext>uuid:9A8B7C6D-0000-4000-8000-000000000001</n:EnumerationContext>',
    );
  });

  it('Gets an instance by path with WMI selectors, and Invokes with typed parameters', async () => {
    handler = (s) => {
      if (s.resourceUri.endsWith('cim-schema/2/*')) return schemaReply(s);
      if (s.action.endsWith('/transfer/Get'))
        return {
          body: fixture('winrm-pull-response.xml').replace(
            /[\s\S]*<w:Item>(<p:Win32_Service[\s\S]*?<\/p:Win32_Service>)[\s\S]*/,
            '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>$1</s:Body></s:Envelope>',
          ),
        };
      return {
        body: '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body><p:Change_OUTPUT xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Service"><p:ReturnValue>0</p:ReturnValue></p:Change_OUTPUT></s:Body></s:Envelope>',
      };
    };
    using p = createWsmanProvider(options());
    const svc = await p.getObject('Win32_Service.Name="Spooler"');
    const get = seen.find(
      (s) => s.action.endsWith('/transfer/Get') && !s.resourceUri.endsWith('/*'),
    )!;
    expect(get.resourceUri).toBe(
      'http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Service',
    );
    expect(get.body).toContain(
      '<w:SelectorSet><w:Selector Name="Name">Spooler</w:Selector></w:SelectorSet>',
    );
    expect(svc.path).toBe('\\\\WIN-HOST\\root\\cimv2:Win32_Service.Name="Spooler"');
    expect(svc.properties.InstallDate).toBe('20240229235958.500000-300');
    const out = await p.execMethod('Win32_Service.Name="Spooler"', 'change', {
      DisplayName: 'Spooler <2>',
      ErrorControl: 1,
    });
    const invoke = seen.at(-1)!;
    expect(invoke.action).toBe(
      'http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Service/Change',
    );
    expect(invoke.body).toContain(
      '<p:Change_INPUT xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wmi/root/cimv2/Win32_Service"><p:DisplayName>Spooler &lt;2&gt;</p:DisplayName><p:ErrorControl>1</p:ErrorControl></p:Change_INPUT>',
    );
    expect(out).toEqual({ className: '__PARAMETERS', path: null, properties: { ReturnValue: 0 } });
  });

  it('maps WinRM faults to the WMI status they carry', async () => {
    using p = createWsmanProvider(options());
    handler = (s) =>
      s.resourceUri.endsWith('/*') && s.action.endsWith('/Get')
        ? { status: 500, body: fixture('winrm-fault-invalid-class.xml') }
        : { status: 500, body: fixture('winrm-fault-invalid-class.xml') };
    const e1 = await collect(p.execQuery('SELECT * FROM Win32_Nope')).catch((e: unknown) => e);
    expect(isWbemError(e1, 'WBEM_E_INVALID_CLASS')).toBe(true);
    expect((e1 as Error).message).toContain('Invalid class');
    handler = () => ({ status: 500, body: fixture('winrm-fault-not-found.xml') });
    const e2 = await p.getObject('Win32_Service.Name="Nope"').catch((e: unknown) => e);
    expect(isWbemError(e2, 'WBEM_E_NOT_FOUND')).toBe(true);
    expect((e2 as Error).message).toContain('No instance found');
    handler = () => ({ status: 401, body: '' });
    const e3 = await p.getObject('Win32_Service.Name="x"').catch((e: unknown) => e);
    expect(isWbemError(e3, 'WBEM_E_ACCESS_DENIED')).toBe(true);
    expect((e3 as Error).message).not.toContain('p@ss');
  });

  it('times out and aborts every call, without waiting on the server', async () => {
    handler = () => 'hang';
    using p = createWsmanProvider({ ...options(), timeoutMs: 300 });
    const t0 = performance.now();
    const e1 = await p.getObject('Win32_Service.Name="x"').catch((e: unknown) => e);
    expect(isWbemError(e1, 'WBEM_E_TIMED_OUT')).toBe(true);
    expect(performance.now() - t0).toBeLessThan(3000);
    const ac = new AbortController();
    setTimeout(() => ac.abort(), 50);
    const e2 = await p
      .getObject('Win32_Service.Name="x"', { signal: ac.signal, timeoutMs: 10_000 })
      .catch((e: unknown) => e);
    expect(isWbemError(e2, 'WBEM_E_CALL_CANCELLED')).toBe(true);
  });

  it('refuses Basic over HTTP unless asked, and Negotiate without credentials', () => {
    expect(() => createWsmanProvider({ host: 'h', user: 'u', password: 'secret-pw' })).toThrow(
      /allowUnencrypted/,
    );
    try {
      createWsmanProvider({ host: 'h', user: 'u', password: 'secret-pw' });
    } catch (e) {
      expect(isWbemError(e, 'WBEM_E_INVALID_PARAMETER')).toBe(true);
      expect(String(e)).not.toContain('secret-pw');
    }
    expect(() => createWsmanProvider({ host: 'h', user: 'u', auth: 'negotiate' })).toThrow(
      /negotiate' needs user and password/,
    );
    expect(() =>
      createWsmanProvider({ host: 'h', user: 'u', password: 'x', auth: 'negotiate' }),
    ).not.toThrow();
    expect(() =>
      createWsmanProvider({ host: 'h', https: true, user: 'u', password: 'x' }),
    ).not.toThrow();
  });

  it('sends ASSOCIATORS OF / REFERENCES OF as the DSP0227 association filter with CIM resource URIs', async () => {
    handler = (s) =>
      s.resourceUri.endsWith('cim-schema/2/*')
        ? { status: 500, body: fixture('winrm-fault-invalid-class.xml') }
        : {
            body: fixture('winrm-enumerate-response.xml').replace(
              /<w:Items>[\s\S]*<\/w:Items>/,
              '<w:Items/><w:EndOfSequence/>',
            ),
          };
    using p = createWsmanProvider({ ...options(), resourceUris: 'cim', namespace: 'root/test' });
    await collect(
      p.execQuery(
        'ASSOCIATORS OF {XYZ_Widget.SerialNumber=1} WHERE AssocClass = XYZ_Connector ResultRole = Right',
      ),
    );
    await collect(
      p.execQuery(
        'REFERENCES OF {XYZ_Widget.SerialNumber=1} WHERE ResultClass = XYZ_Connector Role = Left',
      ),
    );
    const [assoc, refs] = seen.filter((s) => s.action.endsWith('/Enumerate'));
    expect(assoc!.resourceUri).toBe('http://schemas.dmtf.org/wbem/wscim/1/*');
    const object =
      '<b:Object><a:Address>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address><a:ReferenceParameters>' +
      '<w:ResourceURI>http://schemas.microsoft.com/wbem/wscim/1/cim-schema/2/XYZ_Widget</w:ResourceURI><w:SelectorSet>' +
      '<w:Selector Name="__cimnamespace">root/test</w:Selector><w:Selector Name="SerialNumber">1</w:Selector></w:SelectorSet></a:ReferenceParameters></b:Object>';
    expect(assoc!.body).toContain(
      `<w:Filter Dialect="http://schemas.dmtf.org/wbem/wsman/1/cimbinding/associationFilter"><b:AssociatedInstances>${object}` +
        '<b:AssociationClassName>XYZ_Connector</b:AssociationClassName><b:ResultRole>Right</b:ResultRole></b:AssociatedInstances></w:Filter>',
    );
    expect(refs!.body).toContain(
      `<b:AssociationInstances>${object}<b:Role>Left</b:Role><b:ResultClassName>XYZ_Connector</b:ResultClassName></b:AssociationInstances>`,
    );
    const bad = await collect(
      p.execQuery('ASSOCIATORS OF {XYZ_Widget.SerialNumber=1} WHERE ClassDefsOnly'),
    ).catch((e: unknown) => e);
    expect(isWbemError(bad, 'WBEM_E_NOT_SUPPORTED')).toBe(true);
  });
});
