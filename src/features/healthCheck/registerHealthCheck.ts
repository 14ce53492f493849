import * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import { HealthPanelStateSchema } from '../../protocol/healthCheck';
import type { HostModel } from '../../pve/hostModel';
import { hostFromArgument, pickHost } from '../hosts/pickHost';
import { HEALTH_CHECK_VIEW, HealthCheckPanel, type HealthCheckDeps } from './healthCheckPanel';

export interface HealthCheckPanels {
  open(host: string, node?: string): HealthCheckPanel;
  panels: Map<string, HealthCheckPanel>;
  deps: HealthCheckDeps;
  disposables: vscode.Disposable[];
}

/** The node a tree row names, when the command starts from a node. */
function nodeFromArgument(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = (arg as { kind?: unknown; node?: { node?: unknown } }).node?.node;
  return typeof node === 'string' ? node : undefined;
}

export function registerHealthCheck(context: vscode.ExtensionContext, settings: PveSettings, data: HostModel, dialogs: Dialogs, logger: Logger): HealthCheckPanels {
  const deps: HealthCheckDeps = { extensionUri: context.extensionUri, data, dialogs, settings, logger: logger.scoped('health'), checkTimeoutMs: 20_000 };
  const panels = new Map<string, HealthCheckPanel>();

  const attach = (panel: vscode.WebviewPanel, host: string, node?: string): HealthCheckPanel => {
    const report = new HealthCheckPanel(panel, deps, host, node);
    panels.set(host, report);
    report.onDidClose(() => {
      if (panels.get(host) === report) panels.delete(host);
    });
    return report;
  };

  const open = (host: string, node?: string): HealthCheckPanel => {
    const existing = panels.get(host);
    if (existing) {
      existing.panel.reveal();
      void existing.run.runAll();
      return existing;
    }
    return attach(vscode.window.createWebviewPanel(HEALTH_CHECK_VIEW, `Health — ${host}`, vscode.ViewColumn.Active, { enableScripts: true }), host, node);
  };

  const disposables: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(HEALTH_CHECK_VIEW, {
      // After a window reload: check the host the view kept again.
      deserializeWebviewPanel: (panel, state: unknown) => {
        const saved = HealthPanelStateSchema.safeParse(state);
        if (saved.success) attach(panel, saved.data.host);
        else panel.dispose();
        return Promise.resolve();
      },
    }),
    registerCommand(Commands.checkHostHealth, logger, async (arg) => {
      const host = hostFromArgument(arg) ?? (await pickHost(settings, 'Check the health of which host?'));
      return host ? open(host, nodeFromArgument(arg)) : undefined;
    }),
    new vscode.Disposable(() => {
      for (const report of panels.values()) report.panel.dispose();
    }),
  ];
  return { open, panels, deps, disposables };
}
