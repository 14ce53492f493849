import * as fs from 'node:fs';
import Mocha from 'mocha';

/**
 * Mocha's spec output plus a small JSON summary, so `npm test` can add up the counts of every
 * suite (plain node, lab, extension host, browser) into one "N passed, M failed" line.
 * The summary goes to $PVE_TEST_SUMMARY when it is set.
 */
class SummaryReporter extends Mocha.reporters.Spec {
  constructor(runner: Mocha.Runner, options?: Mocha.MochaOptions) {
    super(runner, options);
    runner.once(Mocha.Runner.constants.EVENT_RUN_END, () => {
      const file = process.env.PVE_TEST_SUMMARY;
      if (!file) return;
      const stats = runner.stats ?? { passes: 0, failures: 0, pending: 0 };
      fs.writeFileSync(file, JSON.stringify({ passed: stats.passes, failed: stats.failures, pending: stats.pending }));
    });
  }
}

export = SummaryReporter;
