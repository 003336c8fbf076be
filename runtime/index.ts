/**
 * The public runtime API that generated bindings and users import (`wmigen/runtime`).
 * Each runtime module adds its exports here.
 */

export * from './descriptor.js';
export type * from './provider.js';
export type { ObjectPath } from './objectpath.js';
export * from './datetime.js';
export * from './flags.js';
export * from './errors.js';
