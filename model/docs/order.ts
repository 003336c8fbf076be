/** The build's stable orders: names case-insensitively first, reports by file, line, subject. */

import type { PageReport } from './types.js';

export function cmpName(a: string, b: string): number {
  const x = a.toLowerCase();
  const y = b.toLowerCase();
  return x < y ? -1 : x > y ? 1 : a < b ? -1 : a > b ? 1 : 0;
}

export function cmpReport(a: PageReport, b: PageReport): number {
  return cmpName(a.file, b.file) || (a.line ?? 0) - (b.line ?? 0) || cmpName(a.subject, b.subject) || cmpName(a.reason, b.reason);
}
