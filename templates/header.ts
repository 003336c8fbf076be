/**
 * The first lines of every generated file. Deterministic on purpose: no timestamp and no
 * wmigen version, so committed output only changes when the input or the generator does
 * (`--check` and the golden tests depend on that).
 */

import { GENERATED_MARKER } from '../common/generated-header.js';

export { GENERATED_MARKER };

/** `// Code generated …` and `// source: …`, then a blank line. `source` is one line. */
export function fileHeader(source: string): string {
  return `${GENERATED_MARKER}\n// source: ${source.replace(/[\r\n]+/g, ' ')}\n\n`;
}

/** True when a file's text starts with the generated marker (so wmigen may overwrite or delete it). */
export function isGeneratedText(text: string): boolean {
  return text.startsWith(GENERATED_MARKER);
}
