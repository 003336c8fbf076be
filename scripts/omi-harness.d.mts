/** Types of scripts/omi-harness.mjs for the tests that start it. */
export function omiDir(): string;
/** Why OMI cannot run here, or null when it can (`build` makes a missing build). */
export function omiUnavailableReason(options?: { build?: boolean }): string | null;
