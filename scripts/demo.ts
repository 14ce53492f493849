import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { runningLabInfo, startLab, stopLab } from '../test/lab/runtime/lab';
import { startCodeServer } from './host/codeServer';
import { ensureHost } from './host/ensureHost';
import { DEMO_RUNBOOK, demoSettings } from './host/demoProfile';
import { trustLabKeyInProfile } from './host/labProfile';
import { repoRoot } from './host/paths';

// `npm run demo`: builds the VSIX, starts the pve2 lab, installs the extension into a fresh real
// VS Code (code-server) with the lab configured as host "pve2" and its host key trusted, and
// prints the URL to open. Ctrl-C stops everything it started.

function packageVsix(): string {
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run package failed');
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return path.join(repoRoot, `pve-ops-${version}.vsix`);
}

async function main(): Promise<void> {
  ensureHost();
  const vsix = packageVsix();
  const labWasRunning = (await runningLabInfo()) !== undefined;
  console.log(labWasRunning ? 'Using the running pve2 lab.' : 'Starting the pve2 lab...');
  const lab = await startLab();
  const port = process.env.PVE_DEMO_PORT ? Number(process.env.PVE_DEMO_PORT) : undefined;
  const server = await startCodeServer({
    smokeTestDriver: false,
    label: 'demo',
    install: [vsix],
    port,
    settings: demoSettings(lab),
    beforeStart: (userDataDir) => trustLabKeyInProfile(userDataDir, lab),
  });
  // The printed URL names only the folder. A URL that also opens a file makes VS Code skip
  // restoring the last session's editors, so a reload lost the open backup monitors; and with
  // window.restoreWindows "preserve" the two raced. The runbook waits in the Explorer instead.
  fs.writeFileSync(path.join(server.workspace, DEMO_RUNBOOK.name), DEMO_RUNBOOK.content());
  console.log(`\nProxmox Ops is running in VS Code at:\n\n  ${server.workbenchUrl()}\n`);
  console.log(
    `Open it in a browser on this machine; the Proxmox view lists the lab host "pve2" (${lab.host}:${lab.port}),`,
  );
  console.log(
    `and ${DEMO_RUNBOOK.name} in the Explorer has a Run lens on each command block. Reloading the page keeps what was open.`,
  );
  console.log('Press Ctrl-C to stop.');
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('\nStopping...');
  await server.stop();
  if (!labWasRunning) await stopLab();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
