import * as fs from 'node:fs';
import * as path from 'node:path';
import { isHarmlessConsoleNoise, launchBrowser, newWorkbenchPage, screenshot } from './browser';
import { startCodeServer } from './codeServer';
import { ensureHost } from './ensureHost';
import { runsDir } from './paths';

// Runs mocha tests inside the real extension host of code-server, the way VS Code's own
// browser integration tests do: the workbench URL carries extensionDevelopmentPath and
// extensionTestsPath, and the workbench calls window.codeAutomationExit(code) when the tests end.
// Usage: tsx scripts/host/runInHost.ts --extensionDevelopmentPath=DIR --extensionTestsPath=FILE

export interface InHostRun {
  extensionDevelopmentPath: string;
  extensionTestsPath: string;
  env?: Record<string, string>;
  timeoutMs?: number;
}

export async function runInHost(run: InHostRun): Promise<number> {
  ensureHost();
  // The extension host inherits the server's environment: that is how the tests learn where to
  // write their report (their console output only reaches the browser console).
  const report = path.join(runsDir, `report-${Date.now()}-${process.pid}.txt`);
  fs.mkdirSync(runsDir, { recursive: true });
  const server = await startCodeServer({
    smokeTestDriver: true,
    label: 'integration',
    env: { ...run.env, PVE_TEST_REPORT: report },
  });
  const browser = await launchBrowser();
  try {
    const page = await newWorkbenchPage(browser);
    if (process.env.VERBOSE) {
      page.on('console', (message) => {
        if (!isHarmlessConsoleNoise(message.text())) console.log(`[workbench] ${message.text()}`);
      });
    }
    const exitCode = new Promise<number>((resolve) => {
      void page.exposeFunction('codeAutomationExit', (code: number) => resolve(code));
    });
    const remote = (file: string) => `vscode-remote://127.0.0.1:${server.port}${path.resolve(file)}`;
    const payload = [
      ['extensionDevelopmentPath', remote(run.extensionDevelopmentPath)],
      ['extensionTestsPath', remote(run.extensionTestsPath)],
      ['skipWelcome', 'true'],
    ];
    await page.goto(server.workbenchUrl({ payload: JSON.stringify(payload) }));
    const timeoutMs = run.timeoutMs ?? Number(process.env.EXT_TEST_TIMEOUT_MS ?? 600_000);
    const code = await Promise.race([
      exitCode,
      new Promise<number>((resolve) => setTimeout(() => resolve(-1), timeoutMs).unref()),
    ]);
    if (code === -1) console.error(`The extension tests did not finish within ${timeoutMs / 1000} s.`);
    if (code !== 0) console.error(`Screenshot: ${await screenshot(page, 'integration-exit')}`);
    return code;
  } finally {
    await browser.close();
    await server.stop();
    if (fs.existsSync(report)) process.stdout.write(fs.readFileSync(report, 'utf8'));
    else console.error(`No test report was written (expected ${report}); code-server log: ${server.logFile}`);
  }
}

function argValue(name: string): string | undefined {
  const prefix = `--${name}=`;
  return process.argv.find((arg) => arg.startsWith(prefix))?.slice(prefix.length);
}

if (require.main === module) {
  const extensionDevelopmentPath = argValue('extensionDevelopmentPath');
  const extensionTestsPath = argValue('extensionTestsPath');
  if (!extensionDevelopmentPath || !extensionTestsPath) {
    console.error('usage: runInHost --extensionDevelopmentPath=DIR --extensionTestsPath=FILE');
    process.exit(2);
  }
  runInHost({ extensionDevelopmentPath, extensionTestsPath }).then(
    (code) => process.exit(code),
    (error: unknown) => {
      console.error(error);
      process.exit(1);
    },
  );
}
