/** The build's report: pages that produced nothing (failures) and what was left out or repaired (warnings). */

import type { SourceLocation } from '../../grammar/diagnostics.js';
import { cmpReport } from './order.js';
import type { PageReport } from './types.js';

export class Reports {
  readonly failures: PageReport[] = [];
  readonly warnings: PageReport[] = [];

  add(list: PageReport[], file: string, subject: string, reason: string, location?: SourceLocation): void {
    list.push({ file, ...(location ? { line: location.line } : {}), subject, reason });
  }

  warn(file: string, subject: string, reason: string, location?: SourceLocation): void {
    this.add(this.warnings, file, subject, reason, location);
  }

  fail(file: string, subject: string, reason: string, location?: SourceLocation): void {
    this.add(this.failures, file, subject, reason, location);
  }

  /** Both lists in their stable order. */
  sort(): void {
    this.failures.sort(cmpReport);
    this.warnings.sort(cmpReport);
  }
}
