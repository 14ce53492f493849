import * as vscode from 'vscode';
import { proxmoxApi } from '../../domain/proxmox/api';
import type { Dialogs } from '../../platform/confirm';
import type { ExplorerActivity } from './explorerActivity';
import type { ExplorerData } from './explorerData';
import type { NodeOf } from './explorerNodes';

type PoolNode = NodeOf<'pool'>;

/** What Clear Errors must make plain before it runs, wherever it is offered. */
export const CLEAR_ERRORS_DETAIL =
  'zpool clear resets the error counters and the list of damaged files. It repairs NOTHING: damaged files stay damaged, and backups taken from them carry the damage. Restore or rebuild the affected guests first; a scrub afterwards shows what is still wrong.';

export async function scrubPool(data: ExplorerData, activity: ExplorerActivity, node: PoolNode): Promise<void> {
  await activity.during(node.hostName, () => data.run(node.hostName, proxmoxApi.zpoolScrub(node.pool.name)));
  void vscode.window.showInformationMessage(`Scrub of ${node.pool.name} started. Its progress shows on the pool in the Proxmox view.`);
}

export async function stopScrub(data: ExplorerData, activity: ExplorerActivity, node: PoolNode): Promise<void> {
  await activity.during(node.hostName, () => data.run(node.hostName, proxmoxApi.zpoolScrub(node.pool.name, true)));
}

export async function clearPoolErrors(data: ExplorerData, activity: ExplorerActivity, dialogs: Dialogs, node: PoolNode): Promise<void> {
  if (!(await dialogs.confirm(`Clear the errors of ${node.pool.name}?`, CLEAR_ERRORS_DETAIL, 'Clear Errors'))) return;
  await activity.during(node.hostName, () => data.run(node.hostName, proxmoxApi.zpoolClear(node.pool.name)));
}
