/**
 * Reading docs folders from disk: every `*.md` below each folder, in a stable order, each
 * named `<folder name>/<path inside it>` so reports and snapshots do not depend on where
 * the folders live.
 */

import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { WmigenError } from '../../grammar/diagnostics.js';
import { readDocPage, type DocPage } from '../../grammar/mddocs/page.js';

export class DocsFolderError extends WmigenError {}

function listMarkdown(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))) {
      const p = join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && entry.name.toLowerCase().endsWith('.md')) out.push(p);
    }
  };
  walk(dir);
  return out;
}

/** Reads and parses every page of the folders (a folder may also be a single `.md` file). */
export function readDocsFolders(paths: readonly string[]): DocPage[] {
  const pages: DocPage[] = [];
  for (const given of paths) {
    const abs = resolve(given);
    let isDir: boolean;
    try {
      isDir = statSync(abs).isDirectory();
    } catch {
      throw new DocsFolderError(`docs folder not found: ${given}`);
    }
    const files = isDir ? listMarkdown(abs) : [abs];
    const root = isDir ? abs : resolve(abs, '..');
    const prefix = basename(root);
    for (const f of files) {
      const name = `${prefix}/${relative(root, f).split('\\').join('/')}`;
      const text = readFileSync(f, 'utf8');
      pages.push(readDocPage(text.charCodeAt(0) === 0xfeff ? text.slice(1) : text, name));
    }
  }
  return pages;
}
