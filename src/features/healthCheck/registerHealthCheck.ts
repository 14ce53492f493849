import type * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import { PanelRegistry } from '../../platform/panelRegistry';
import type { PveSettings } from '../../platform/settings';
import { HealthPanelStateSchema } from '../../protocol/healthCheck';
import type { HostModel } from '../../pve/hostModel';
import { hostFromArgument, pickHost } from '../hosts/pickHost';
import { HEALTH_CHECK_VIEW, HealthCheckPanel, type HealthCheckDeps } from './healthCheckPanel';

export interface HealthCheckPanels {
  open(host: string, node?: string): HealthCheckPanel;
  panels: ReadonlyMap<string, HealthCheckPanel>;
  deps: HealthCheckDeps;
  disposables: vscode.Disposable[];
}

/** The node a tree row names, when the command starts from a node. */
function nodeFromArgument(arg: unknown): string | undefined {
  if (typeof arg !== 'object' || arg === null) return undefined;
  const node = (arg as { kind?: unknown; node?: { node?: unknown } }).node?.node;
  return typeof node === 'string' ? node : undefined;
}

export function registerHealthCheck(
  context: vscode.ExtensionContext,
  settings: PveSettings,
  data: HostModel,
  logger: Logger,
): HealthCheckPanels {
  const deps: HealthCheckDeps = {
    extensionUri: context.extensionUri,
    data,
    settings,
    logger: logger.scoped('health'),
    checkTimeoutMs: 20_000,
  };
  const registry = new PanelRegistry<{ host: string; node?: string }, HealthCheckPanel>({
    viewType: HEALTH_CHECK_VIEW,
    // one report per host, whichever node it was started from
    key: ({ host }) => host,
    title: ({ host }) => `Health — ${host}`,
    create: (panel, { host, node }) => new HealthCheckPanel(panel, deps, host, node),
    reopen: (report) => void report.run.runAll(),
    // after a window reload: check the host the view kept again
    savedState: HealthPanelStateSchema,
  });
  const open = (host: string, node?: string): HealthCheckPanel => registry.open({ host, node });

  const disposables: vscode.Disposable[] = [
    registerCommand(Commands.checkHostHealth, logger, async (arg) => {
      const host = hostFromArgument(arg) ?? (await pickHost(settings, 'Check the health of which host?'));
      return host ? open(host, nodeFromArgument(arg)) : undefined;
    }),
    registry,
  ];
  return { open, panels: registry.panels, deps, disposables };
}
