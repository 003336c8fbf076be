export { MemoryProvider, createMemoryProvider } from './provider.js';
export type { MemoryInstanceInput, MemoryProviderOptions, MethodCall, MethodHandler } from './provider.js';
