import { execFileSync, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
  chromiumPath,
  CODE_SERVER_VERSION,
  codeServerEntry,
  hostDir,
  NODE_MAJOR,
  node24,
  node24Bin,
  readyMarker,
} from './paths';

// Installs what the real-VS-Code tests need and npm ci cannot: Debian's chromium (for
// Playwright) and libkrb5-dev (code-server builds its kerberos addon), Node 24 and code-server
// from npm into .vscode-host/. Desktop VS Code cannot be downloaded here; code-server is the
// same VS Code (server + web workbench) and works offline.

const debianPackages: ReadonlyArray<{ pkg: string; present: () => boolean }> = [
  { pkg: 'chromium', present: () => fs.existsSync(chromiumPath) },
  {
    pkg: 'libkrb5-dev',
    present: () => fs.existsSync('/usr/include/krb5.h') || fs.existsSync('/usr/include/krb5/krb5.h'),
  },
];

export function ensureHost(log: (line: string) => void = console.log): void {
  ensureDebianPackages(log);
  if (fs.existsSync(readyMarker) && fs.existsSync(codeServerEntry) && fs.existsSync(node24)) return;
  const started = Date.now();
  log(
    `Installing the VS Code test host (node ${NODE_MAJOR}, code-server ${CODE_SERVER_VERSION}) into ${path.relative(process.cwd(), hostDir)}/ ...`,
  );
  installNpmFolder(path.join(hostDir, 'node24'), { node: true }, [`node@${NODE_MAJOR}`], process.env.PATH ?? '');
  // code-server's postinstall refuses to run unless npm itself runs on Node 24.
  const pathWithNode24 = `${node24Bin}${path.delimiter}${process.env.PATH ?? ''}`;
  installNpmFolder(
    path.join(hostDir, 'code-server'),
    { 'code-server': true, argon2: true },
    [`code-server@${CODE_SERVER_VERSION}`],
    pathWithNode24,
  );
  if (!fs.existsSync(codeServerEntry)) throw new Error(`code-server did not install: ${codeServerEntry} is missing`);
  fs.writeFileSync(readyMarker, new Date().toISOString());
  log(`VS Code test host installed in ${Math.round((Date.now() - started) / 1000)} s`);
}

function installNpmFolder(
  dir: string,
  allowScripts: Record<string, boolean>,
  packages: string[],
  pathEnv: string,
): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ private: true, allowScripts }, null, 2));
  const npmCli = fs.realpathSync(execFileSync('sh', ['-c', 'command -v npm'], { encoding: 'utf8' }).trim());
  const nodeForNpm = pathEnv.startsWith(node24Bin) ? node24 : process.execPath;
  // Under `npm test`, npm's own npm_* variables (npm_config_user_agent among them) would leak
  // into this install and make code-server's postinstall believe it runs on the outer Node.
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !/^npm_/i.test(name)));
  const result = spawnSync(nodeForNpm, [npmCli, 'install', '--no-audit', '--no-fund', ...packages], {
    cwd: dir,
    stdio: 'inherit',
    env: { ...env, PATH: pathEnv },
  });
  if (result.status !== 0)
    throw new Error(`npm install ${packages.join(' ')} failed in ${dir} (exit ${String(result.status)})`);
}

function ensureDebianPackages(log: (line: string) => void): void {
  const missing = debianPackages.filter((entry) => !entry.present()).map((entry) => entry.pkg);
  if (missing.length === 0) return;
  if (process.getuid?.() !== 0) {
    throw new Error(
      `Missing Debian packages for the VS Code tests: ${missing.join(' ')}. Install them with: sudo apt-get install -y ${missing.join(' ')}`,
    );
  }
  log(`Installing Debian packages: ${missing.join(' ')}`);
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env });
  if (update.status !== 0) throw new Error('apt-get update failed');
  const install = spawnSync('apt-get', ['install', '-y', '-qq', '--no-install-recommends', ...missing], {
    stdio: 'inherit',
    env,
  });
  if (install.status !== 0) throw new Error(`apt-get install ${missing.join(' ')} failed`);
}

if (require.main === module) {
  try {
    ensureHost();
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  }
}
