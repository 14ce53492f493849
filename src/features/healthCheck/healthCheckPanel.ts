import * as vscode from 'vscode';
import { MEDIA_TAG, stopModeSetting } from '../../domain/health/policyFindings';
import { healthMarkdown } from '../../domain/health/healthMarkdown';
import type { Logger } from '../../domain/logging/logger';
import { proxmoxApi } from '../../domain/proxmox/api';
import { Commands } from '../../ids';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import { webviewHtml } from '../../platform/webviewHtml';
import { HealthViewMessageSchema, type HealthButton, type HealthHostMessage, type HealthReportState } from '../../protocol/healthCheck';
import type { HealthAction } from '../../domain/health/findings';
import { cleanUpStuckBackup } from '../backupMonitor/cleanUpStuckBackup';
import type { ExplorerData } from '../explorer/explorerData';
import { HealthCheckRun } from './healthCheckRun';

export const HEALTH_CHECK_VIEW = 'pve.healthCheck';

export interface HealthCheckDeps {
  extensionUri: vscode.Uri;
  data: ExplorerData;
  dialogs: Dialogs;
  settings: PveSettings;
  logger: Logger;
  /** how long one check may take before it is reported as not answering; the tests shorten it */
  checkTimeoutMs: number;
}

/** "Health — <host>": the report of one host's health check, with the fixes as buttons. */
export class HealthCheckPanel implements vscode.Disposable {
  readonly run: HealthCheckRun;
  private disposed = false;
  private readonly subscriptions: vscode.Disposable[] = [];
  private readonly changed = new vscode.EventEmitter<HealthReportState>();
  /** Fires with every state sent to the view (tests wait on it). */
  readonly onDidChange = this.changed.event;
  private readonly closed = new vscode.EventEmitter<void>();
  readonly onDidClose = this.closed.event;

  constructor(
    readonly panel: vscode.WebviewPanel,
    private readonly deps: HealthCheckDeps,
    readonly host: string,
    node?: string,
  ) {
    const policy = () => ({ maxBackupAgeDays: deps.settings.healthMaxBackupAgeDays(), modeByGuest: deps.settings.backupModeByGuest(), checkTimeoutMs: deps.checkTimeoutMs });
    this.run = new HealthCheckRun(deps.data, host, node, policy, deps.logger, () => this.post());
    panel.title = `Health — ${host}`;
    panel.webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(deps.extensionUri, 'dist', 'webview')] };
    panel.webview.html = webviewHtml(panel.webview, deps.extensionUri, 'healthCheck', `Health — ${host}`);
    this.subscriptions.push(
      panel.webview.onDidReceiveMessage((message: unknown) => this.receive(message)),
      panel.onDidDispose(() => this.dispose()),
    );
    void this.run.runAll();
  }

  state(): HealthReportState {
    return this.run.state();
  }

  dispose(): void {
    this.disposed = true;
    for (const subscription of this.subscriptions.splice(0)) subscription.dispose();
    this.closed.fire();
    this.closed.dispose();
    this.changed.dispose();
  }

  /** What a toolbar button does (the tests call it as a click would). */
  async press(button: HealthButton): Promise<void> {
    switch (button) {
      case 'runAgain':
        return this.run.runFailed();
      case 'runAll':
        return this.run.runAll();
      case 'copyMarkdown':
        await vscode.env.clipboard.writeText(healthMarkdown(this.state()));
        vscode.window.setStatusBarMessage('Copied the health report as Markdown', 3000);
        return;
    }
  }

  /** What a finding's fix button does. */
  async runAction(action: HealthAction): Promise<void> {
    const hostName = this.host;
    const guestInfo = async () => {
      const found = (await this.deps.data.inventory(hostName)).guests.find((g) => String(g.vmid) === action.target);
      if (!found) throw new Error(`Guest ${action.target ?? '?'} is not on ${hostName} any more.`);
      return found;
    };
    // what a guest's row in the tree hands to its commands
    const guest = async () => ({ kind: 'guest', hostName, guest: await guestInfo() });
    switch (action.id) {
      case 'cleanUpStuckBackup':
        await cleanUpStuckBackup(this.deps, hostName);
        return;
      case 'unlockGuest':
        await vscode.commands.executeCommand(Commands.unlockGuest, await guest());
        return;
      case 'backUpNow':
        await vscode.commands.executeCommand(Commands.startBackup, await guest());
        return;
      case 'scrub':
        if (!action.target) return;
        await this.deps.data.run(hostName, proxmoxApi.zpoolScrub(action.target));
        void vscode.window.showInformationMessage(`Scrub of ${action.target} started on ${hostName}. Show ZFS Health follows it.`);
        return;
      case 'fixTmpdir':
        await vscode.commands.executeCommand(Commands.editVzdumpConf, { kind: 'node', hostName, focus: 'tmpdir' });
        return;
      case 'openVzdumpConf':
        await vscode.commands.executeCommand(Commands.editVzdumpConf, { kind: 'node', hostName });
        return;
      case 'showZfsHealth':
        await vscode.commands.executeCommand(Commands.showZfsHealth, { hostName });
        return;
      case 'useStopModeForMedia': {
        const next = stopModeSetting(await guestInfo(), this.deps.settings.backupModeByGuest());
        await this.deps.settings.writeBackupModeByGuest(next);
        void vscode.window.showInformationMessage(`Back Up Now now suggests stop mode for guests tagged "${MEDIA_TAG}"${next[action.target ?? ''] ? ` and for ${action.target ?? ''}` : ''} (setting pve.backup.modeByGuest).`);
        return;
      }
    }
  }

  private receive(message: unknown): void {
    const parsed = HealthViewMessageSchema.safeParse(message);
    if (!parsed.success) {
      this.deps.logger.warn('health check: ignored a malformed message from the view');
      return;
    }
    const data = parsed.data;
    const work = data.type === 'health/ready' ? Promise.resolve(this.post()) : data.type === 'health/button' ? this.press(data.button) : this.runAction(data.action);
    void work.catch((error: unknown) => {
      const text = error instanceof Error ? error.message : String(error);
      this.deps.logger.error(`health check of ${this.host}: ${text}`);
      void vscode.window.showErrorMessage(text);
    });
  }

  private post(): void {
    if (this.disposed) return;
    const state = this.state();
    const message: HealthHostMessage = { type: 'health/state', state };
    void this.panel.webview.postMessage(message);
    this.changed.fire(state);
  }
}
