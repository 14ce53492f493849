import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { startCodeServer } from './host/codeServer';
import { ensureHost } from './host/ensureHost';
import { repoRoot } from './host/paths';

// `npm run demo`: builds the VSIX, installs it into a fresh real VS Code (code-server) and prints
// the URL to open. Ctrl-C stops everything it started.

function packageVsix(): string {
  const result = spawnSync('npm', ['run', '--silent', 'package'], { cwd: repoRoot, stdio: 'inherit' });
  if (result.status !== 0) throw new Error('npm run package failed');
  const { version } = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as { version: string };
  return path.join(repoRoot, `pve-ops-${version}.vsix`);
}

async function main(): Promise<void> {
  ensureHost();
  const vsix = packageVsix();
  const port = process.env.PVE_DEMO_PORT ? Number(process.env.PVE_DEMO_PORT) : undefined;
  const server = await startCodeServer({ smokeTestDriver: false, label: 'demo', install: [vsix], port });
  console.log(`\nProxmox Ops is running in VS Code at:\n\n  ${server.workbenchUrl()}\n\nOpen it in a browser on this machine. Press Ctrl-C to stop.`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  console.log('\nStopping...');
  await server.stop();
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
