/**
 * Issue 15, defect 3: every file in --out, manifest included, is byte-identical for the same
 * input content, whatever folder the input and the output are in and however often it is
 * regenerated: no times, no paths. What wmigen keeps to skip an unchanged re-run lives
 * outside the output, and without it a run only takes longer.
 */
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { main, type CommandIo } from '../../cli/main.js';
import { MANIFEST_NAME, writeOutput } from '../../generator/cim/output.js';
import { outputCacheDir } from '../../generator/cim/output-cache.js';
import { generateCimBindings } from '../../generator/cim/generate.js';
import { hashInputs, loadMofSources } from '../../sources/load.js';
import { hasCorpus } from '../corpus.js';
import { goldenCases } from './golden-cases.js';

const work = mkdtempSync(join(tmpdir(), 'wmigen-repro-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Every file under `dir` with its bytes, by relative path. */
function tree(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string, prefix: string): void => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) =>
      a.name < b.name ? -1 : 1,
    )) {
      if (e.isDirectory()) walk(join(d, e.name), `${prefix}${e.name}/`);
      else out.set(`${prefix}${e.name}`, readFileSync(join(d, e.name)).toString('base64'));
    }
  };
  walk(dir, '');
  return out;
}

async function wmigen(args: string[], cwd: string): Promise<{ code: number; stderr: string }> {
  let stderr = '';
  const io: CommandIo = {
    stdout: () => undefined,
    stderr: (t) => (stderr += t),
    cwd,
    isTTY: false,
  };
  return { code: await main(args, io), stderr };
}

const mofText =
  'class Repro_A {\n  [Key] string Id;\n  [Description("A size.")] uint64 Size;\n};\nclass Repro_B : Repro_A {\n  datetime When;\n};\n';

describe('the output folder is reproducible', () => {
  it('is byte-identical from inputs in two folders into outputs in two folders, run twice, manifest included', async () => {
    const runs: Map<string, string>[] = [];
    for (const [i, where] of ['one', join('two', 'deeper', 'still')].entries()) {
      const project = join(work, where);
      mkdirSync(join(project, 'node_modules'), { recursive: true });
      mkdirSync(join(project, 'schema'), { recursive: true });
      writeFileSync(join(project, 'schema', 'repro.mof'), mofText);
      const out = join(project, i === 0 ? 'wmi' : 'bindings');
      for (let run = 0; run < 2; run++) {
        const r = await wmigen(
          ['--namespace', 'root\\cimv2', '--mof', 'schema/repro.mof', '--out', out, '--force'],
          project,
        );
        expect(r.code, r.stderr).toBe(0);
        runs.push(tree(out));
      }
      const manifest = readFileSync(join(out, MANIFEST_NAME), 'utf8');
      expect(manifest).not.toContain(work);
      expect(manifest).not.toContain('repro.mof');
      expect(Object.keys(JSON.parse(manifest) as object)).toEqual([
        'generator',
        'inputHash',
        'files',
      ]);
      // What speeds up the next run is kept outside the output.
      expect(existsSync(outputCacheDir(project))).toBe(true);
      expect(outputCacheDir(project).startsWith(out)).toBe(false);
    }
    expect(runs[0].has(MANIFEST_NAME)).toBe(true);
    for (const r of runs.slice(1)) expect(r).toEqual(runs[0]);
  });

  it('skips an unchanged re-run with the local cache, and without it only regenerates the same bytes', async () => {
    const project = join(work, 'skip');
    mkdirSync(join(project, 'node_modules'), { recursive: true });
    writeFileSync(join(project, 'repro.mof'), mofText);
    const args = ['--namespace', 'root\\cimv2', '--mof', 'repro.mof', '--out', 'wmi'];
    expect((await wmigen(args, project)).code).toBe(0);
    const first = tree(join(project, 'wmi'));
    expect((await wmigen(args, project)).stderr).toContain('is up to date');
    rmSync(outputCacheDir(project), { recursive: true, force: true });
    const again = await wmigen(args, project);
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('(0 files written, 3 unchanged, 0 removed)');
    expect(tree(join(project, 'wmi'))).toEqual(first);
    // A changed input is seen even though its path and size did not change.
    writeFileSync(join(project, 'repro.mof'), mofText.replace('A size.', 'B size.'));
    const changed = await wmigen(args, project);
    expect(changed.stderr).toContain('(1 files written, 2 unchanged, 0 removed)');
  });
});

describe.each(goldenCases)('golden $name regenerated into two folders', (c) => {
  it.runIf(!c.needsCorpus || hasCorpus)(
    'is byte-identical, manifest included',
    async () => {
      const trees: Map<string, string>[] = [];
      for (const where of ['first', join('second', 'nested')]) {
        let loaded = await c.load();
        if (loaded.inputFiles.length > 0 && loaded.description.includes('MOF file')) {
          // The sample's MOF, copied into a folder of its own: the same content at another path.
          const dir = join(work, 'inputs', where);
          mkdirSync(dir, { recursive: true });
          const copy = join(dir, basename(loaded.inputFiles[0]));
          copyFileSync(loaded.inputFiles[0], copy);
          loaded = await loadMofSources([copy], dir, undefined);
        }
        const { files } = generateCimBindings(loaded.schema, {
          namespaces: c.namespaces,
          classes: c.classes,
          source: loaded.label,
          classMap: c.classMap,
        });
        const out = join(work, 'golden', where, c.dir);
        for (let run = 0; run < 2; run++) {
          writeOutput(out, files, { inputHash: hashInputs(loaded.inputFiles, [c.name]) });
          trees.push(tree(out));
        }
      }
      expect(trees[0].size).toBeGreaterThan(2);
      for (const t of trees.slice(1)) expect(t).toEqual(trees[0]);
    },
    120_000,
  );
});
