import { hasCorpus } from './corpus.js';

/** Runs once before the unit and corpus projects: says which suites skip for want of the corpus. */
export default async function setup(): Promise<void> {
  if (!hasCorpus) {
    process.stdout.write('wmigen tests: the suites that read real-world inputs are skipped: ../shared/corpus is not beside the repository\n');
  }
}
