import { execFile } from 'node:child_process';
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { PveOpsApi } from '../../../src/extension';
import { EXTENSION_ID, Settings } from '../../../src/ids';
import { LabInfoSchema, type LabInfo } from '../../lab/runtime/labInfo';

/** The lab the harness started (scripts/runIntegrationTests.ts passes its info in the environment). */
export function labInfo(): LabInfo {
  const raw = process.env.PVE_LAB_INFO;
  if (!raw) throw new Error('PVE_LAB_INFO is not set: run the integration tests through npm run test:integration');
  return LabInfoSchema.parse(JSON.parse(raw));
}

export async function extensionApi(): Promise<PveOpsApi> {
  const extension = vscode.extensions.getExtension<PveOpsApi>(EXTENSION_ID);
  if (!extension) throw new Error(`${EXTENSION_ID} is not installed in this host`);
  return extension.activate();
}

/**
 * Switches lab states through the lab's CLI. The tests run bundled inside the extension host,
 * where the lab runtime cannot find its own scripts, so they ask the CLI in the repository.
 */
export function resetLab(...states: string[]): Promise<LabInfo> {
  const root = process.env.PVE_REPO_ROOT;
  if (!root) throw new Error('PVE_REPO_ROOT is not set: run the integration tests through npm run test:integration');
  return new Promise((resolve, reject) => {
    execFile(
      path.join(root, 'node_modules', '.bin', 'tsx'),
      ['test/lab/cli.ts', 'reset', ...states, '--json'],
      { cwd: root, timeout: 120_000 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`lab:reset ${states.join(' ')} failed: ${stderr || error.message}`));
        else resolve(LabInfoSchema.parse(JSON.parse(stdout.slice(stdout.indexOf('{')))));
      },
    );
  });
}

/** Configures the lab as host "pve2", as a user would in settings. */
export async function configureLabHost(lab: LabInfo, name = 'pve2'): Promise<void> {
  await vscode.workspace
    .getConfiguration()
    .update(
      Settings.hosts,
      [{ name, host: lab.host, port: lab.port, username: 'root', identityFile: lab.clientKeyPath }],
      vscode.ConfigurationTarget.Global,
    );
}

/** Trusts the lab's host key in the extension's trust store, as "Trust and Remember" would. */
export async function trustLabHostKey(api: PveOpsApi, lab: LabInfo): Promise<void> {
  const [keyType, key] = lab.hostKey.split(' ');
  if (!keyType || !key) throw new Error(`unreadable lab host key: ${lab.hostKey}`);
  await api.sessions.trustStore.add({ host: lab.host, port: lab.port, keyType, key });
}
