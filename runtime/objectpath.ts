/**
 * CIM object paths (`\\host\root\cimv2:Win32_Process.Handle="42"`).
 *
 * `ObjectPath<C>` is the type generated bindings give `ref` properties: a string at run
 * time (as WMI sends references), branded with the referenced class for the compiler.
 *
 * Forms understood (as WMI documents them):
 *  - class path: `Win32_Process`, `root\cimv2:Win32_Process`, `\\.\root\cimv2:Win32_Process`;
 *  - instance path with named keys: `Class.K1="v",K2=5,K3=TRUE`;
 *  - single unnamed key: `Class="v"`;
 *  - singleton: `Class=@`.
 * Key values are double- or single-quoted strings in which `\` escapes the next
 * character (so a reference key holds a whole escaped path), integers, or booleans.
 * `/` is accepted in place of `\` in the server and namespace parts.
 */

import { WmigenError, type Diagnostic } from '../grammar/diagnostics.js';

export type ObjectPath<ClassName extends string = string> = string & {
  readonly __cimClass?: ClassName;
};

export type ObjectPathKeyValue = string | number | bigint | boolean;

export interface ObjectPathKey {
  /** `null` for the unnamed single-key form `Class="v"`. */
  readonly name: string | null;
  readonly value: ObjectPathKeyValue;
}

export interface ParsedObjectPath {
  /** `.` for the local machine, or a host name; null when the path has no server part. */
  readonly server: string | null;
  /** With backslashes (`root\cimv2`); null when the path is relative. */
  readonly namespace: string | null;
  readonly className: string;
  readonly keys: readonly ObjectPathKey[];
  readonly singleton: boolean;
  /** True when the path names a class (no keys, not a singleton). */
  readonly isClass: boolean;
}

export class ObjectPathError extends WmigenError {
  readonly path: string;
  readonly offset: number;
  constructor(path: string, offset: number, reason: string) {
    const diagnostic: Diagnostic = {
      severity: 'error',
      code: 'WQL2001',
      message: reason,
      location: { file: '<object path>', line: 1, column: offset + 1, offset },
    };
    super(`invalid object path ${JSON.stringify(path)} at column ${offset + 1}: ${reason}`, [
      diagnostic,
    ]);
    this.path = path;
    this.offset = offset;
  }
}

const identifierStart = /[A-Za-z_]/;
const identifierPart = /[A-Za-z0-9_]/;

function isSlash(c: string): boolean {
  return c === '\\' || c === '/';
}

export function parseObjectPath(text: string): ParsedObjectPath {
  let i = 0;
  const fail = (reason: string, at = i): never => {
    throw new ObjectPathError(text, at, reason);
  };
  let server: string | null = null;
  let namespace: string | null = null;
  if (text.length >= 2 && isSlash(text[0]) && isSlash(text[1])) {
    i = 2;
    const start = i;
    while (i < text.length && !isSlash(text[i]) && text[i] !== ':') i++;
    if (i === start) fail('missing server name after \\\\');
    server = text.slice(start, i);
    if (!isSlash(text[i] ?? '')) fail('expected \\ and a namespace after the server name');
    i++;
  }
  // A namespace ends at ':' that comes before any '.', '=' or quote of the class part.
  const colon = scanNamespaceEnd(text, i);
  if (colon >= 0) {
    const raw = text.slice(i, colon);
    if (raw.length === 0) fail('empty namespace');
    namespace = raw.replace(/\//g, '\\');
    if (!/^[A-Za-z0-9_]+(\\[A-Za-z0-9_]+)*$/.test(namespace)) fail('invalid namespace name', i);
    i = colon + 1;
  } else if (server !== null) {
    fail('a path with a server needs a namespace and a colon');
  }
  const classStart = i;
  if (!identifierStart.test(text[i] ?? '')) fail('expected a class name');
  while (i < text.length && identifierPart.test(text[i])) i++;
  const className = text.slice(classStart, i);
  if (i === text.length) {
    return { server, namespace, className, keys: [], singleton: false, isClass: true };
  }
  if (text[i] === '=') {
    i++;
    if (text[i] === '@') {
      i++;
      if (i !== text.length) fail('unexpected text after =@');
      return { server, namespace, className, keys: [], singleton: true, isClass: false };
    }
    const value = readValue();
    if (i !== text.length)
      fail('unexpected text after the key value (name the keys when there are several)');
    return {
      server,
      namespace,
      className,
      keys: [{ name: null, value }],
      singleton: false,
      isClass: false,
    };
  }
  if (text[i] !== '.') fail(`unexpected ${JSON.stringify(text[i])} after the class name`);
  i++;
  const keys: ObjectPathKey[] = [];
  for (;;) {
    const nameStart = i;
    if (!identifierStart.test(text[i] ?? '')) fail('expected a key property name');
    while (i < text.length && identifierPart.test(text[i])) i++;
    const name = text.slice(nameStart, i);
    if (text[i] !== '=') fail(`expected = after key ${name}`);
    i++;
    const value = readValue();
    if (keys.some((k) => k.name!.toLowerCase() === name.toLowerCase()))
      fail(`key ${name} is given twice`, nameStart);
    keys.push({ name, value });
    if (i === text.length) break;
    if (text[i] !== ',') fail('expected , between keys');
    i++;
  }
  return { server, namespace, className, keys, singleton: false, isClass: false };

  function readValue(): ObjectPathKeyValue {
    const c = text[i];
    if (c === '"' || c === "'") {
      const start = i;
      i++;
      let out = '';
      for (;;) {
        if (i >= text.length) fail('unterminated string', start);
        const ch = text[i];
        if (ch === '\\') {
          if (i + 1 >= text.length) fail('unterminated string', start);
          out += text[i + 1];
          i += 2;
        } else if (ch === c) {
          i++;
          return out;
        } else {
          out += ch;
          i++;
        }
      }
    }
    const m = /^(?:[+-]?\d+|TRUE|FALSE)/i.exec(text.slice(i));
    if (!m) return fail('expected a quoted string, an integer, TRUE or FALSE');
    i += m[0].length;
    const word = m[0].toUpperCase();
    if (word === 'TRUE') return true;
    if (word === 'FALSE') return false;
    const n = Number(m[0]);
    return Number.isSafeInteger(n) ? n : BigInt(m[0]);
  }
}

function scanNamespaceEnd(text: string, from: number): number {
  for (let j = from; j < text.length; j++) {
    const c = text[j];
    if (c === ':') return j;
    if (c === '.' || c === '=' || c === '"' || c === "'") return -1;
  }
  return -1;
}

/** Escapes a string key value for a double-quoted object-path literal. */
export function quoteObjectPathString(value: string): string {
  return `"${value.replace(/[\\"]/g, (c) => `\\${c}`)}"`;
}

function formatKeyValue(value: ObjectPathKeyValue): string {
  if (typeof value === 'string') return quoteObjectPathString(value);
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'number' && !Number.isInteger(value))
    throw new RangeError(`object path key values are integers, not ${value}`);
  return String(value);
}

export interface FormatObjectPathInput {
  readonly server?: string | null;
  readonly namespace?: string | null;
  readonly className: string;
  /** Keys in the order to write them; a single `name: null` key writes `Class=value`. */
  readonly keys?: readonly ObjectPathKey[];
  readonly singleton?: boolean;
}

export function formatObjectPath<C extends string = string>(
  path: FormatObjectPathInput,
): ObjectPath<C> {
  let out = '';
  if (path.server != null) out += `\\\\${path.server}\\`;
  if (path.namespace != null) out += `${path.namespace.replace(/\//g, '\\')}:`;
  else if (path.server != null) throw new RangeError('a path with a server needs a namespace');
  out += path.className;
  if (path.singleton) return (out + '=@') as ObjectPath<C>;
  const keys = path.keys ?? [];
  if (keys.length === 1 && keys[0].name === null)
    return `${out}=${formatKeyValue(keys[0].value)}` as ObjectPath<C>;
  if (keys.length > 0) {
    out +=
      '.' +
      keys
        .map((k) => {
          if (k.name === null) throw new RangeError('only a single key may be unnamed');
          return `${k.name}=${formatKeyValue(k.value)}`;
        })
        .join(',');
  }
  return out as ObjectPath<C>;
}

/** The relative path (`Class.Key=…`) of a parsed path: server and namespace dropped. */
export function relativeObjectPath(path: ParsedObjectPath): string {
  return formatObjectPath({
    className: path.className,
    keys: path.keys,
    singleton: path.singleton,
  });
}

/**
 * A typed instance path: `instancePath(Win32_Process, { Handle: '42' })` gives
 * `ObjectPath<'Win32_Process'>`. Keys are written in the order given by the class's
 * descriptor (`keys`), so equal instances give equal paths.
 */
export function instancePath<C extends string>(
  className: C,
  keyOrder: readonly string[],
  keyValues: Readonly<Record<string, ObjectPathKeyValue>>,
  namespace?: string,
): ObjectPath<C> {
  if (keyOrder.length === 0) return formatObjectPath<C>({ className, namespace, singleton: true });
  const keys = keyOrder.map((name) => {
    const value = keyValues[name];
    if (value === undefined || value === null)
      throw new RangeError(`key ${name} of ${className} is missing`);
    return { name, value };
  });
  return formatObjectPath<C>({ className, namespace, keys });
}
