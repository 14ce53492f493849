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

/** Configures the lab as host "pve2", as a user would in settings. */
export async function configureLabHost(lab: LabInfo, name = 'pve2'): Promise<void> {
  await vscode.workspace
    .getConfiguration()
    .update(Settings.hosts, [{ name, host: lab.host, port: lab.port, username: 'root', identityFile: lab.clientKeyPath }], vscode.ConfigurationTarget.Global);
}

/** Trusts the lab's host key in the extension's trust store, as "Trust and Remember" would. */
export async function trustLabHostKey(api: PveOpsApi, lab: LabInfo): Promise<void> {
  const [keyType, key] = lab.hostKey.split(' ');
  if (!keyType || !key) throw new Error(`unreadable lab host key: ${lab.hostKey}`);
  await api.sessions.trustStore.add({ host: lab.host, port: lab.port, keyType, key });
}
