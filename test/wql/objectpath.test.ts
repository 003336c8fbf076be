import { describe, expect, it } from 'vitest';
import {
  ObjectPathError,
  formatObjectPath,
  instancePath,
  parseObjectPath,
  type ObjectPath,
} from '../../runtime/objectpath.js';

describe('object paths', () => {
  it('parses a full instance path', () => {
    expect(parseObjectPath('\\\\host\\root\\cimv2:Win32_Process.Handle="42"')).toEqual({
      server: 'host',
      namespace: 'root\\cimv2',
      className: 'Win32_Process',
      keys: [{ name: 'Handle', value: '42' }],
      singleton: false,
      isClass: false,
    });
  });

  it('parses multi-key, numbers, booleans, single quotes, forward slashes', () => {
    const p = parseObjectPath(
      "//./root/default:MyOtherClass.FirstKey=1,SecondKey='two',Third=true,Big=18446744073709551615",
    );
    expect(p.server).toBe('.');
    expect(p.namespace).toBe('root\\default');
    expect(p.keys).toEqual([
      { name: 'FirstKey', value: 1 },
      { name: 'SecondKey', value: 'two' },
      { name: 'Third', value: true },
      { name: 'Big', value: 18446744073709551615n },
    ]);
  });

  it('parses singleton, unnamed key and class paths', () => {
    expect(parseObjectPath('MySingletonClass=@')).toMatchObject({
      className: 'MySingletonClass',
      singleton: true,
      keys: [],
    });
    expect(parseObjectPath('MyClass="e:"')).toMatchObject({ keys: [{ name: null, value: 'e:' }] });
    expect(parseObjectPath('root\\cimv2:Win32_Process')).toMatchObject({
      namespace: 'root\\cimv2',
      isClass: true,
    });
  });

  it('round-trips escaped quotes and backslashes, including a nested reference path', () => {
    const inner = formatObjectPath({
      server: '.',
      namespace: 'root\\cimv2',
      className: 'Win32_LogonSession',
      keys: [{ name: 'LogonId', value: '999' }],
    });
    expect(inner).toBe('\\\\.\\root\\cimv2:Win32_LogonSession.LogonId="999"');
    const outer = formatObjectPath({
      className: 'Win32_SessionProcess',
      keys: [
        { name: 'Antecedent', value: inner },
        { name: 'Dependent', value: 'C:\\dir\\"q"' },
      ],
    });
    expect(outer).toBe(
      'Win32_SessionProcess.Antecedent="\\\\\\\\.\\\\root\\\\cimv2:Win32_LogonSession.LogonId=\\"999\\"",Dependent="C:\\\\dir\\\\\\"q\\""',
    );
    const back = parseObjectPath(outer);
    expect(back.keys[0].value).toBe(inner);
    expect(back.keys[1].value).toBe('C:\\dir\\"q"');
    expect(parseObjectPath(back.keys[0].value as string).keys[0].value).toBe('999');
  });

  it('gives typed paths', () => {
    const p: ObjectPath<'Win32_Service'> = instancePath('Win32_Service', ['Name'], {
      Name: 'w"32',
    });
    expect(p).toBe('Win32_Service.Name="w\\"32"');
    expect(instancePath('StdRegProv', [], {})).toBe('StdRegProv=@');
  });

  it.each([
    ['', 0],
    ['Win32_Process.', 14],
    ['Win32_Process.Handle', 20],
    ['Win32_Process.Handle="4', 21],
    ['Win32_Process.Handle=x', 21],
    ['\\\\host', 6],
    ['Win32_Process.A=1,A=2', 18],
    ['Win32_Process=@x', 15],
  ])('rejects %j at %i', (text, offset) => {
    let err: unknown;
    try {
      parseObjectPath(text);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ObjectPathError);
    expect((err as ObjectPathError).offset).toBe(offset);
  });
});
