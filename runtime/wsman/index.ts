/**
 * WMI over WS-Management (WinRM, OMI): `createWsmanProvider()` gives a WmiProvider for
 * `connect()`, `fleet()` runs one query on many hosts. See docs/wsman.md.
 */

export { createWsmanProvider, WsmanProvider } from './provider.js';
export type { WsmanProviderOptions } from './provider.js';
export { fleet } from './fleet.js';
export { readWsmanSchema } from './live-schema.js';
export type { WsmanSchemaOptions } from './live-schema.js';
export type { FleetHost, FleetItem, FleetOptions } from './fleet.js';
export type { TlsOptions } from './http.js';
export type { ResourceUriScheme } from './uri.js';
export type {
  ClassSchema,
  MethodSchema,
  PropertySchema,
  ParameterSchema,
  CimTypeName,
} from './schema.js';
