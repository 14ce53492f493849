import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import type { Dialogs } from '../../platform/confirm';
import type { ExplorerActivity } from './explorerActivity';
import type { HostModel } from '../../pve/hostModel';
import type { NodeOf } from './explorerNodes';
import { performPoolAction, poolActionProgressTitle, type PoolAction } from '../../pve/zfs/poolActions';

/** Scrub, Stop Scrub and Clear Errors on a pool of the Proxmox view. */
export async function runPoolCommand(
  data: HostModel,
  activity: ExplorerActivity,
  dialogs: Dialogs,
  logger: Logger,
  action: PoolAction,
  node: NodeOf<'pool'>,
): Promise<void> {
  const { hostName } = node;
  const pool = node.pool.name;
  const deps = { run: data.run.bind(data), confirm: dialogs.confirm.bind(dialogs), logger };
  const done = await performPoolAction(deps, action, hostName, pool, (work) =>
    activity.during(hostName, () =>
      // Not cancellable: the host goes on with `zpool scrub` (or clear) once asked, whatever
      // happens to our SSH command, so a Cancel could not promise anything. Stop Scrub undoes a scrub.
      Promise.resolve(
        vscode.window.withProgress(
          {
            location: vscode.ProgressLocation.Notification,
            title: poolActionProgressTitle(action, pool, hostName),
            cancellable: false,
          },
          work,
        ),
      ),
    ),
  );
  if (done && action === 'scrub')
    void vscode.window.showInformationMessage(
      `Scrub of ${pool} started. Its progress shows on the pool in the Proxmox view.`,
    );
}
