// Types of scripts/wine-setup.mjs for the TypeScript test files.
export declare const repoRoot: string;
export declare const NODE_WIN_VERSION: string;
export declare class WineUnavailableError extends Error {
  readonly step: string;
}
export interface WineEnvironment {
  readonly wine: string;
  readonly nodeExe: string;
  readonly prefix: string;
  readonly koffiEntry: string;
  readonly cache: string;
  readonly env: NodeJS.ProcessEnv;
}
export declare function cacheDir(): string;
export declare function wineEnv(prefix: string): NodeJS.ProcessEnv;
export declare function ensureWine(log?: (line: string) => void): WineEnvironment;
export declare function startWineServer(env: NodeJS.ProcessEnv): void;
export declare function stopWineServer(env: NodeJS.ProcessEnv): void;
export declare function prefixProcesses(prefix: string): { pid: number; name: string }[];
export declare function acquireWine(env: NodeJS.ProcessEnv): void;
export declare function releaseWine(env: NodeJS.ProcessEnv): boolean;
