/** Types of scripts/omi-bench-provider.mjs for the bench that uses it. */
export const BENCH_NAMESPACE: string;
export const BENCH_CLASS: string;
/** Builds and registers the bench's OMI provider when needed; null, or why it could not. */
export function ensureBenchProvider(): string | null;
