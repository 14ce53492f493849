import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { waitUntil } from '../../test/support/waitUntil';
import { codeServerEntry, node24Bin, repoRoot, runsDir } from './paths';

export interface CodeServerOptions {
  /** Needed for the in-host tests: without it the workbench ignores the test payload. It also hides toasts. */
  smokeTestDriver: boolean;
  /** A name for the run folder, e.g. "integration" or "e2e". */
  label: string;
  /** Extra environment for the server; the extension host inherits it. */
  env?: Record<string, string>;
  /** Extra user settings merged over test/host/settings.json. */
  settings?: Record<string, unknown>;
  /** VSIX files to install into the fresh extensions folder before the server starts. */
  install?: string[];
  /** A fixed port (the demo); tests take a free one. */
  port?: number;
  /** Prepares the fresh profile (e.g. the demo's trusted host key) before the server starts. */
  beforeStart?: (userDataDir: string) => void;
}

export interface CodeServer {
  port: number;
  origin: string;
  runDir: string;
  workspace: string;
  logFile: string;
  workbenchUrl(query?: Record<string, string>): string;
  /** The workbench URL that also opens this file (an absolute path on the server) in an editor. */
  openFileUrl(file: string): string;
  stop(): Promise<void>;
}

/**
 * Starts code-server 4.139.1 (VS Code 1.139.1) on a free loopback port with a fresh profile,
 * extensions folder and temp dir, as its own process group so stop() ends every child too.
 */
export async function startCodeServer(options: CodeServerOptions): Promise<CodeServer> {
  const runDir = path.join(runsDir, `${options.label}-${Date.now()}-${process.pid}`);
  const dirs = {
    userData: path.join(runDir, 'user-data'),
    extensions: path.join(runDir, 'extensions'),
    tmp: path.join(runDir, 'tmp'),
  };
  const workspace = path.join(runDir, 'workspace');
  for (const dir of [...Object.values(dirs), path.join(dirs.userData, 'User'), workspace])
    fs.mkdirSync(dir, { recursive: true });
  const baseSettings: unknown = JSON.parse(
    fs.readFileSync(path.join(repoRoot, 'test', 'host', 'settings.json'), 'utf8'),
  );
  fs.writeFileSync(
    path.join(dirs.userData, 'User', 'settings.json'),
    JSON.stringify({ ...(baseSettings as object), ...options.settings }, null, 2),
  );
  fs.cpSync(path.join(repoRoot, 'test', 'fixtures', 'workspace'), workspace, { recursive: true });
  const configFile = path.join(runDir, 'config.yaml');
  fs.writeFileSync(configFile, ''); // otherwise code-server writes ~/.config/code-server/config.yaml

  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ...options.env,
    TMPDIR: dirs.tmp,
    PATH: `${node24Bin}${path.delimiter}${process.env.PATH ?? ''}`,
  };
  const commonArgs = ['--config', configFile, '--user-data-dir', dirs.userData, '--extensions-dir', dirs.extensions];
  for (const vsix of options.install ?? [])
    await runToEnd(env, [...commonArgs, '--install-extension', vsix], path.join(runDir, 'install.log'));

  options.beforeStart?.(dirs.userData);
  const port = options.port ?? (await freePort());
  const logFile = path.join(runDir, 'code-server.log');
  const log = fs.openSync(logFile, 'a');
  const args = [
    ...commonArgs,
    '--auth',
    'none',
    '--bind-addr',
    `127.0.0.1:${port}`,
    '--disable-telemetry',
    '--disable-update-check',
    '--disable-workspace-trust',
    ...(options.smokeTestDriver ? ['--vscode-option', 'enable-smoke-test-driver'] : []),
  ];
  const child = spawn(path.join(node24Bin, 'node'), [codeServerEntry, ...args], {
    env,
    detached: true,
    stdio: ['ignore', log, log],
  });
  fs.closeSync(log);
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;

  const stop = async (): Promise<void> => {
    if (child.exitCode === null && child.pid) {
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        /* already gone */
      }
      const timer = setTimeout(() => {
        try {
          if (child.pid) process.kill(-child.pid, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 5000);
      await exited;
      clearTimeout(timer);
    }
  };

  try {
    await waitForHealth(origin, exited, logFile);
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    port,
    origin,
    runDir,
    workspace,
    logFile,
    stop,
    workbenchUrl: (query = {}) => `${origin}/?${new URLSearchParams({ folder: workspace, ...query }).toString()}`,
    openFileUrl: (file) =>
      `${origin}/?${new URLSearchParams({ folder: workspace, payload: JSON.stringify([['openFile', `vscode-remote://127.0.0.1:${port}${file}`]]) }).toString()}`,
  };
}

async function waitForHealth(origin: string, exited: Promise<void>, logFile: string): Promise<void> {
  let dead = false;
  void exited.then(() => (dead = true));
  const answers = async (): Promise<boolean> => {
    if (dead) throw new Error(`code-server exited during start; see ${logFile}`);
    try {
      return (await fetch(`${origin}/healthz`)).ok;
    } catch {
      return false; // not listening yet
    }
  };
  await waitUntil(`code-server to answer /healthz (its log: ${logFile})`, answers, {
    timeoutMs: 60_000,
    intervalMs: 100,
  });
}

function runToEnd(env: NodeJS.ProcessEnv, args: string[], logFile: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const log = fs.openSync(logFile, 'a');
    const child = spawn(path.join(node24Bin, 'node'), [codeServerEntry, ...args], { env, stdio: ['ignore', log, log] });
    fs.closeSync(log);
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0
        ? resolve()
        : reject(new Error(`code-server ${args.join(' ')} failed (exit ${String(code)}); see ${logFile}`)),
    );
  });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port')),
      );
    });
  });
}
