/**
 * When the MOF loader starts its read-ahead worker (model/cim/read-files.ts): not for a
 * process's first long include list, nor its first load (a CLI run loads once and would only
 * pay for starting a thread), but from the second long list on, for the loads after it.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadMofFiles } from '../../model/cim/load.js';
import { readAheadStats } from '../../model/cim/read-files.js';

const dir = mkdtempSync(join(tmpdir(), 'wmigen-read-ahead-'));
for (let i = 0; i < 80; i++) writeFileSync(join(dir, `c${i}.mof`), `class C_${i} { [Key] string Id; };\n`);
const top = join(dir, 'top.mof');
writeFileSync(top, Array.from({ length: 80 }, (_, i) => `#pragma include("c${i}.mof")\n`).join(''));

describe('the read-ahead worker', () => {
  it('is started by the second long include list of a process and serves the loads after it', async () => {
    const first = loadMofFiles([top]);
    expect(first.ok).toBe(true);
    expect(first.schema.namespaces[0].classes).toHaveLength(80);
    loadMofFiles([top]);
    expect(readAheadStats.lists).toBe(0);
    // The worker starts in the background: later loads use it once it listens.
    for (let waited = 0; readAheadStats.lists === 0 && waited < 20_000; waited += 50) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      expect(loadMofFiles([top]).schema).toEqual(first.schema);
    }
    expect(readAheadStats.lists).toBe(1);
    expect(readAheadStats.files).toBe(80);
  });
});
