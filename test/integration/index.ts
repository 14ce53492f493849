import * as fs from 'node:fs';
import * as path from 'node:path';
import { format } from 'node:util';
import Mocha from 'mocha';
import SummaryReporter from '../support/summaryReporter';

// Entry point the extension host calls with the tests path. Output goes to a file because the
// extension host's console only reaches the browser console.
export async function run(): Promise<void> {
  const reportFile = process.env.PVE_TEST_REPORT;
  if (reportFile) {
    fs.writeFileSync(reportFile, '');
    Mocha.reporters.Base.consoleLog = (...args: unknown[]) => {
      fs.appendFileSync(reportFile, `${format(...args)}\n`);
    };
  }
  const mocha = new Mocha({ ui: 'bdd', color: false, timeout: 60_000, reporter: SummaryReporter });
  const grep = process.env.PVE_TEST_GREP;
  if (grep) mocha.grep(grep);
  for (const file of fs.readdirSync(__dirname, { recursive: true })) {
    // ssh/ holds the SSH layer's plain-node tests (their own mocha config); they never run in the host.
    if (typeof file === 'string' && file.endsWith('.test.js') && !file.startsWith(`ssh${path.sep}`))
      mocha.addFile(path.join(__dirname, file));
  }
  const failures = await new Promise<number>((resolve) => mocha.run(resolve));
  if (failures > 0) throw new Error(`${failures} integration test(s) failed`);
}
