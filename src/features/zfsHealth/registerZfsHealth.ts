import type * as vscode from 'vscode';
import type { Logger } from '../../domain/logging/logger';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
import { PanelRegistry } from '../../platform/panelRegistry';
import type { PveSettings } from '../../platform/settings';
import type { HostModel } from '../../pve/hostModel';
import { ZfsPanelStateSchema } from '../../protocol/zfsHealth';
import { hostFromArgument, pickHost } from '../hosts/pickHost';
import { ZFS_HEALTH_VIEW, ZfsHealthPanel, type ZfsHealthDeps } from './zfsHealthPanel';

export interface ZfsHealthPanels {
  open(host: string): ZfsHealthPanel;
  panels: ReadonlyMap<string, ZfsHealthPanel>;
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
  const deps: ZfsHealthDeps = {
    extensionUri: context.extensionUri,
    data,
    dialogs,
    logger: logger.scoped('zfs'),
    scanIntervalMs: 3000,
    revealGuest,
  };
  const registry = new PanelRegistry<{ host: string }, ZfsHealthPanel>({
    viewType: ZFS_HEALTH_VIEW,
    key: ({ host }) => host,
    title: ({ host }) => `ZFS Health — ${host}`,
    create: (panel, { host }) => new ZfsHealthPanel(panel, deps, host),
    reopen: (health) => void health.refresh(),
    // after a window reload: open again for the host the view kept
    savedState: ZfsPanelStateSchema,
  });
  const open = (host: string): ZfsHealthPanel => registry.open({ host });

  const disposables: vscode.Disposable[] = [
    registerCommand(Commands.showZfsHealth, logger, async (arg) => {
      const host = hostFromArgument(arg) ?? (await pickHost(settings));
      return host ? open(host) : undefined;
    }),
    registry,
  ];
  return { open, panels: registry.panels, deps, disposables };
}
