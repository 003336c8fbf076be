/**
 * The public runtime API that generated bindings and users import (`@wmigen/runtime`).
 * Each runtime module adds its exports here.
 */

export * from './descriptor.js';
export type * from './provider.js';
export type {
  ObjectPath,
  ObjectPathKey,
  ObjectPathKeyValue,
  ParsedObjectPath,
} from './objectpath.js';
export { ObjectPathError, formatObjectPath, instancePath, parseObjectPath } from './objectpath.js';
export { QueryBuilder, WmiServices, connect } from './services.js';
export type { ConnectWsmanOptions } from './services.js';

/**
 * Class name → instance interface. Generated bindings add their classes with
 * `declare module '@wmigen/runtime' { interface WmiClassMap { Win32_Process: Win32_Process } }`,
 * which types `associatorsVia()` results.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-interface
export interface WmiClassMap {}
export type {
  AssociationOptions,
  ConnectWithMemoryOptions,
  EventOptions,
  InstanceEvent,
  InstanceByName,
  InstanceEventKind,
  RefClassNames,
  Typed,
} from './services.js';
export { Where, likeLiteral } from './query.js';
export type { Condition, Filter, PropertyFilter, PropertyName, WhereInput } from './query.js';
export { classOf, fromWireObject, pathOf, registerClasses, toWireObject } from './convert.js';
export { awaitCallResult } from './callresult.js';
export type { CallResultLike } from './callresult.js';
export { WqlSyntaxError } from '../grammar/wql/errors.js';
export type { WqlQuery } from '../grammar/wql/ast.js';
// The WQL parser and the in-memory provider load Chevrotain (~0.2 s): they are not
// imported here; `connect({ memory })` loads them on demand, tests import
// runtime/memory/index.js directly.
export * from './datetime.js';
export * from './flags.js';
export * from './errors.js';
export type { MemoryProvider } from './memory/provider.js';
export type {
  MemoryInstanceInput,
  MemoryProviderOptions,
  MethodCall,
  MethodHandler,
} from './memory/provider.js';
// The COM provider is loaded by `connect()` on Windows only (koffi): types here, values
// from '@wmigen/runtime/com' paths (runtime/com/provider.js, runtime/com/live-schema.js).
export type { ComProvider, ComProviderOptions, SecurityOptions } from './com/provider.js';
export type { LiveSchemaOptions } from './com/live-schema.js';
