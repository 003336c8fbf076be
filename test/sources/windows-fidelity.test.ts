/**
 * Pages against Go facts, and the committed snapshots against a rebuild from the corpus.
 * Needs ../shared/corpus (the Go captures and the reference pages).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DocPage } from '../../grammar/mddocs/page.js';
import { buildDocsSchema, namespaceKey } from '../../model/docs/build.js';
import { readWindowsDocs } from '../../sources/windows/build.js';
import { fidelityOf } from '../../sources/windows/fidelity.js';
import { readGoCapture } from '../../sources/wmi-go/read.js';
import { run } from '../../cli/commands/schema-windows.js';
import { corpusDir, hasCorpus, repoRoot } from '../corpus.js';

const reviewedFile = join(repoRoot, 'test', 'sources', 'fidelity-disagreements.txt');

describe.skipIf(!hasCorpus)('Windows snapshots against the corpus (needs ../shared/corpus)', () => {
  let pages: DocPage[];
  beforeAll(() => {
    pages = readWindowsDocs(corpusDir);
  });

  it('pages and Go facts agree on the properties both describe, except the reviewed list', () => {
    const capture = readGoCapture(join(corpusDir, 'wmi-go', 'server23h2'));
    const placed = new Set(pages.flatMap((p) => (p.kind === 'class' && p.requirements.namespace ? [namespaceKey(p.requirements.namespace)] : [])));
    let properties = 0;
    let agreeing = 0;
    const found: string[] = [];
    for (const ns of capture.namespaces) {
      if (!placed.has(namespaceKey(ns.namespace))) continue;
      const r = fidelityOf(ns, buildDocsSchema(pages, { namespace: ns.namespace, systemClasses: 'none' }));
      properties += r.properties;
      agreeing += r.agreeing;
      found.push(...r.disagreements);
    }
    const reviewed = new Set(
      readFileSync(reviewedFile, 'utf8')
        .split('\n')
        .filter((l) => l && !l.startsWith('#')),
    );
    expect(found.filter((d) => !reviewed.has(d))).toEqual([]);
    // Wide margins: thousands of properties compared, nearly all agreeing.
    expect(properties).toBeGreaterThan(10_000);
    expect(agreeing / properties).toBeGreaterThan(0.95);
  }, 300_000);

  describe('wmigen schema windows --check', () => {
    const out = mkdtempSync(join(tmpdir(), 'wmigen-win-'));
    afterAll(() => rmSync(out, { recursive: true, force: true }));
    const io = (err: string[]) => ({ stdout: () => undefined, stderr: (t: string) => void err.push(t), cwd: repoRoot, isTTY: false });

    it('rebuilds the committed root\\CIMV2 and root\\DEFAULT snapshots byte for byte and reports drift', async () => {
      const err: string[] = [];
      const args = [corpusDir, '--namespace', 'root\\cimv2,root\\default', '--check'];
      expect(await run(args, io(err))).toBe(0);
      expect(err.join('')).toMatch(/23h2 root\\CIMV2: 1349 classes/);
      // A fresh folder has nothing committed: every snapshot drifts.
      const err2: string[] = [];
      expect(await run([...args, '--out-dir', out, '--os', '23h2'], io(err2))).toBe(3);
      expect(err2.join('')).toMatch(/windows\/os\/23h2\/root\/cimv2\.mof\.gz differs/);
    }, 300_000);
  });
});
