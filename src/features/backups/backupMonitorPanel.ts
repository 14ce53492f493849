import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import type { StartedBackup } from '../../domain/backup/backupPlan';
import type { Logger } from '../../domain/logging/logger';
import { proxmoxApi } from '../../domain/proxmox/api';
import { Commands } from '../../ids';
import type { Dialogs } from '../../platform/confirm';
import { WebviewPanelHost } from '../../platform/webviewPanelHost';
import { ViewMessageSchema, type ActionId, type HostMessage, type MonitorState } from '../../protocol/backupMonitor';
import type { HostModel } from '../../pve/hostModel';
import { taskLogUri } from '../../platform/readonlyUris';
import { BackupFollower } from '../../pve/backups/backupFollower';
import { cleanUpStuckBackup } from './cleanUpStuckBackup';

export const BACKUP_MONITOR_VIEW = 'pve.backupMonitor';

export interface MonitorDeps {
  extensionUri: vscode.Uri;
  data: HostModel;
  dialogs: Dialogs;
  logger: Logger;
  /** milliseconds between looks at the task; the tests shorten it */
  intervalMs: number;
}

/** One panel per task: the follower's view model and new log lines go in, the user's actions come out. */
export class BackupMonitorPanel extends WebviewPanelHost<MonitorState> {
  readonly follower: BackupFollower;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly deps: MonitorDeps,
    readonly host: string,
    readonly node: string,
    readonly upid: string,
    started?: StartedBackup,
  ) {
    super(panel, deps.extensionUri, 'backupMonitor', panel.title, deps.logger);
    this.follower = new BackupFollower(
      (operation) => deps.data.run(host, operation),
      host,
      node,
      upid,
      deps.intervalMs,
      started,
    );
    this.subscriptions.push(
      this.follower,
      this.follower.onDidChange(({ newLines }) => {
        this.post({ type: 'backup/log', lines: newLines, reset: false });
        this.postState();
      }),
    );
  }

  protected receive(message: unknown): void {
    const parsed = ViewMessageSchema.safeParse(message);
    if (!parsed.success) return this.ignoreMalformed('backup monitor');
    if (parsed.data.type === 'backup/ready') {
      // A new or reloaded view: send everything once.
      this.post({ type: 'backup/log', lines: this.follower.lines, reset: true });
      this.postState();
      return;
    }
    const action = parsed.data.action;
    this.settle(this.runAction(action), `backup monitor action ${action}`);
  }

  private postState(): void {
    const state = this.follower.state();
    this.panel.title = `Backup ${state.vmid ?? ''} · ${state.status === 'ok' ? 'finished' : state.status}`;
    this.send({ type: 'backup/state', state } satisfies HostMessage, state);
  }

  private post(message: HostMessage): void {
    if (!this.disposed) void this.panel.webview.postMessage(message);
  }

  /** What a button in the view does (also called by the tests, as a click would). */
  async runAction(action: ActionId): Promise<void> {
    const state = this.follower.state();
    switch (action) {
      case 'stop': {
        const detail =
          'vzdump ends, the partial archive is removed and the guest is resumed or started again by vzdump.';
        if (
          !(await this.deps.dialogs.confirm(
            `Stop the backup of ${state.vmid ?? '?'} on ${this.host}?`,
            detail,
            'Stop Backup',
            'Keep Running',
          ))
        )
          return;
        await this.deps.data.run(this.host, proxmoxApi.stopTask(this.node, this.upid));
        this.deps.logger.info(`Stopped the backup of ${state.vmid ?? '?'} on ${this.host} (${this.upid})`);
        return;
      }
      case 'openLog':
        await vscode.window.showTextDocument(
          await vscode.workspace.openTextDocument(taskLogUri(this.host, this.node, this.upid)),
          { preview: true },
        );
        return;
      case 'copyCommand':
        await vscode.env.clipboard.writeText(state.command);
        vscode.window.setStatusBarMessage('Copied the vzdump command', 2000);
        return;
      case 'fixTmpdir':
        await vscode.commands.executeCommand(Commands.editVzdumpConf, {
          kind: 'node',
          hostName: this.host,
          focus: 'tmpdir',
        });
        return;
      case 'testWrite': {
        const storage = (await this.deps.data.inventory(this.host)).storages.find((s) => s.storage === state.storage);
        if (!storage)
          throw new ExpectedError(`The storage of this backup (${state.storage ?? 'unknown'}) is not on ${this.host}.`);
        await vscode.commands.executeCommand(Commands.testStorageWrite, {
          kind: 'storage',
          hostName: this.host,
          storage,
        });
        return;
      }
      case 'unlock': {
        const guest = (await this.deps.data.inventory(this.host)).guests.find((g) => g.vmid === state.vmid);
        if (!guest) throw new ExpectedError(`Guest ${state.vmid ?? '?'} is not on ${this.host}.`);
        await vscode.commands.executeCommand(Commands.unlockGuest, { kind: 'guest', hostName: this.host, guest });
        return;
      }
      case 'cleanupStuck':
        await cleanUpStuckBackup(this.deps, this.host, this.upid);
        return;
      case 'openZfsHealth':
        await vscode.commands.executeCommand(Commands.showZfsHealth, { hostName: this.host });
        return;
    }
  }
}
