import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import { MEDIA_TAG, stopModeSetting } from '../../domain/health/policyFindings';
import { healthMarkdown } from '../../pve/health/healthMarkdown';
import type { Logger } from '../../domain/logging/logger';
import { proxmoxApi } from '../../domain/proxmox/api';
import { Commands } from '../../ids';
import type { PveSettings } from '../../platform/settings';
import { WebviewPanelHost } from '../../platform/webviewPanelHost';
import {
  HealthViewMessageSchema,
  type HealthButton,
  type HealthHostMessage,
  type HealthReportState,
} from '../../protocol/healthCheck';
import type { HealthAction } from '../../domain/health/findings';
import type { HostModel } from '../../pve/hostModel';
import { HealthCheckRun } from '../../pve/health/healthCheckRun';

export const HEALTH_CHECK_VIEW = 'pve.healthCheck';

export interface HealthCheckDeps {
  extensionUri: vscode.Uri;
  data: HostModel;
  settings: PveSettings;
  logger: Logger;
  /** how long one check may take before it is reported as not answering; the tests shorten it */
  checkTimeoutMs: number;
}

/** "Health — <host>": the report of one host's health check, with the fixes as buttons. */
export class HealthCheckPanel extends WebviewPanelHost<HealthReportState> {
  readonly run: HealthCheckRun;

  constructor(
    panel: vscode.WebviewPanel,
    private readonly deps: HealthCheckDeps,
    readonly host: string,
    node?: string,
  ) {
    super(panel, deps.extensionUri, 'healthCheck', `Health — ${host}`, deps.logger);
    const policy = () => ({
      maxBackupAgeDays: deps.settings.healthMaxBackupAgeDays(),
      modeByGuest: deps.settings.backupModeByGuest(),
      checkTimeoutMs: deps.checkTimeoutMs,
    });
    this.run = new HealthCheckRun(deps.data, host, node, policy, deps.logger, () => this.post());
    void this.run.runAll();
  }

  state(): HealthReportState {
    return this.run.state();
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
      if (!found) throw new ExpectedError(`Guest ${action.target ?? '?'} is not on ${hostName} any more.`);
      return found;
    };
    // what a guest's row in the tree hands to its commands
    const guest = async () => ({ kind: 'guest', hostName, guest: await guestInfo() });
    switch (action.id) {
      case 'cleanUpStuckBackup':
        await vscode.commands.executeCommand(Commands.cleanUpStuckBackup, { hostName });
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
        void vscode.window.showInformationMessage(
          `Scrub of ${action.target} started on ${hostName}. Show ZFS Health follows it.`,
        );
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
        void vscode.window.showInformationMessage(
          `Back Up Now now suggests stop mode for guests tagged "${MEDIA_TAG}"${next[action.target ?? ''] ? ` and for ${action.target ?? ''}` : ''} ` +
            `(setting pve.backup.modeByGuest).`,
        );
        return;
      }
    }
  }

  protected receive(message: unknown): void {
    const parsed = HealthViewMessageSchema.safeParse(message);
    if (!parsed.success) return this.ignoreMalformed('health check');
    const data = parsed.data;
    const work =
      data.type === 'health/ready'
        ? Promise.resolve(this.post())
        : data.type === 'health/button'
          ? this.press(data.button)
          : this.runAction(data.action);
    this.settle(work, `health check of ${this.host}`);
  }

  private post(): void {
    const state = this.state();
    const message: HealthHostMessage = { type: 'health/state', state };
    this.send(message, state);
  }
}
