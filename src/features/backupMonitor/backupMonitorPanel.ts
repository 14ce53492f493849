import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { proxmoxApi } from '../../domain/proxmox/api';
import { Commands } from '../../ids';
import type { Dialogs } from '../../platform/confirm';
import { webviewHtml } from '../../platform/webviewHtml';
import { ViewMessageSchema, type ActionId, type HostMessage } from '../../protocol/backupMonitor';
import type { ExplorerData } from '../explorer/explorerData';
import { taskLogUri } from '../explorer/readonlyDocuments';
import { BackupFollower } from './backupFollower';
import { cleanUpStuckBackup } from './cleanUpStuckBackup';

export const BACKUP_MONITOR_VIEW = 'pve.backupMonitor';

export interface MonitorDeps {
  extensionUri: vscode.Uri;
  data: ExplorerData;
  dialogs: Dialogs;
  logger: Logger;
  /** milliseconds between looks at the task; the tests shorten it */
  intervalMs: number;
}

/** One panel per task: the follower's view model and new log lines go in, the user's actions come out. */
export class BackupMonitorPanel implements vscode.Disposable {
  readonly follower: BackupFollower;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: MonitorDeps,
    readonly host: string,
    readonly node: string,
    readonly upid: string,
  ) {
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')] };
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'backupMonitor', 'Backup');
    this.follower = new BackupFollower((operation) => deps.data.run(host, operation), host, node, upid, deps.intervalMs);
    this.subscriptions.push(
      this.follower,
      this.follower.onDidChange(({ newLines }) => {
        this.post({ type: 'backup/log', lines: newLines, reset: false });
        this.postState();
      }),
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
  }

  dispose(): void {
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.closed.fire();
    this.closed.dispose();
  }

  private receive(message: unknown): void {
    const parsed = ViewMessageSchema.safeParse(message);
    if (!parsed.success) {
      this.deps.logger.warn(`backup monitor: ignored a malformed message from the view`);
      return;
    }
    if (parsed.data.type === 'backup/ready') {
      // A new or reloaded view: send everything once.
      this.post({ type: 'backup/log', lines: this.follower.lines, reset: true });
      this.postState();
      return;
    }
    const action = parsed.data.action;
    void this.runAction(action).catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      this.deps.logger.error(`backup monitor action ${action}: ${text}`);
      void vscode.window.showErrorMessage(text);
    });
  }

  private postState(): void {
    const state = this.follower.state();
    this.panel.title = `Backup ${state.vmid ?? ''} · ${state.status === 'ok' ? 'finished' : state.status}`;
    this.post({ type: 'backup/state', state });
  }

  private post(message: HostMessage): void {
    void this.panel.webview.postMessage(message);
  }

  /** What a button in the view does (also called by the tests, as a click would). */
  async runAction(action: ActionId): Promise<void> {
    const state = this.follower.state();
    switch (action) {
      case 'stop': {
        if (!(await this.deps.dialogs.confirm(`Stop the backup of ${state.vmid ?? '?'} on ${this.host}?`, 'vzdump ends, the partial archive is removed and the guest is resumed or started again by vzdump.', 'Stop Backup'))) return;
        await this.deps.data.run(this.host, proxmoxApi.stopTask(this.node, this.upid));
        return;
      }
      case 'openLog':
        await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(taskLogUri(this.host, this.node, this.upid)), { preview: true });
        return;
      case 'copyCommand':
        await vscode.env.clipboard.writeText(state.command);
        vscode.window.setStatusBarMessage('Copied the vzdump command', 2000);
        return;
      case 'fixTmpdir':
        await vscode.commands.executeCommand(Commands.editVzdumpConf, { kind: 'node', hostName: this.host, focus: 'tmpdir' });
        return;
      case 'testWrite': {
        const storage = (await this.deps.data.inventory(this.host)).storages.find((s) => s.storage === state.storage);
        if (!storage) throw new Error(`The storage of this backup (${state.storage ?? 'unknown'}) is not on ${this.host}.`);
        await vscode.commands.executeCommand(Commands.testStorageWrite, { kind: 'storage', hostName: this.host, storage });
        return;
      }
      case 'unlock': {
        const guest = (await this.deps.data.inventory(this.host)).guests.find((g) => g.vmid === state.vmid);
        if (!guest) throw new Error(`Guest ${state.vmid ?? '?'} is not on ${this.host}.`);
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
