export { MemoryProvider, createMemoryProvider } from './provider.js';
export type {
  MemoryInstanceInput,
  MemoryProviderOptions,
  MethodCall,
  MethodHandler,
} from './provider.js';
export { canonicalRow, captureInstances, compareQuery } from './capture.js';
export type { CaptureOptions, CompareOptions } from './capture.js';
