import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import type { HostModel } from '../../pve/hostModel';
import { ZfsPanelStateSchema } from '../../protocol/zfsHealth';
import { hostFromArgument, pickHost } from '../hosts/pickHost';
import { ZFS_HEALTH_VIEW, ZfsHealthPanel, type ZfsHealthDeps } from './zfsHealthPanel';

export interface ZfsHealthPanels {
  open(host: string): ZfsHealthPanel;
  panels: Map<string, ZfsHealthPanel>;
  deps: ZfsHealthDeps;
  disposables: vscode.Disposable[];
}

/** `revealGuest` shows a guest in the Proxmox view (the explorer's, handed in by the composition root). */
export function registerZfsHealth(
  context: vscode.ExtensionContext,
  settings: PveSettings,
  data: HostModel,
  revealGuest: (host: string, vmid: number) => Promise<void>,
  dialogs: Dialogs,
  logger: Logger,
): ZfsHealthPanels {
  const deps: ZfsHealthDeps = { extensionUri: context.extensionUri, data, dialogs, logger: logger.scoped('zfs'), scanIntervalMs: 3000, revealGuest };
  const panels = new Map<string, ZfsHealthPanel>();

  const attach = (panel: vscode.WebviewPanel, host: string): ZfsHealthPanel => {
    const health = new ZfsHealthPanel(panel, deps, host);
    panels.set(host, health);
    health.onDidClose(() => panels.delete(host));
    return health;
  };

  const open = (host: string): ZfsHealthPanel => {
    const existing = panels.get(host);
    if (existing) {
      existing.panel.reveal();
      void existing.refresh();
      return existing;
    }
    return attach(vscode.window.createWebviewPanel(ZFS_HEALTH_VIEW, `ZFS Health — ${host}`, vscode.ViewColumn.Active, { enableScripts: true, retainContextWhenHidden: false }), host);
  };

  const disposables: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(ZFS_HEALTH_VIEW, {
      // After a window reload: open again for the host the view kept.
      deserializeWebviewPanel: (panel, state: unknown) => {
        const saved = ZfsPanelStateSchema.safeParse(state);
        if (saved.success) attach(panel, saved.data.host);
        else panel.dispose();
        return Promise.resolve();
      },
    }),
    registerCommand(Commands.showZfsHealth, logger, async (arg) => {
      const host = hostFromArgument(arg) ?? (await pickHost(settings));
      return host ? open(host) : undefined;
    }),
    new vscode.Disposable(() => {
      for (const health of panels.values()) health.panel.dispose();
    }),
  ];
  return { open, panels, deps, disposables };
}
