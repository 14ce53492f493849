import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import type { GuestAction } from '../../domain/proxmox/api';
import type { Logger } from '../../domain/logging/logger';
import { BuiltinCommands, Commands, ContextKeys, Settings, Views } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import type { HostSessions } from '../hosts/hostSessions';
import { openSshTerminal } from '../../platform/sshTerminal';
import { ExplorerActivity } from './explorerActivity';
import type { HostModel } from '../../pve/hostModel';
import type { ExplorerNode, NodeOf } from './explorerNodes';
import { ExplorerTreeProvider } from './explorerTreeProvider';
import { GuestCommands, selectedGuests } from './guestCommands';
import type { PoolAction } from '../../pve/zfs/poolActions';
import { runPoolCommand } from './poolCommands';
import { guestConfigUri, READONLY_SCHEME, taskLogUri } from '../../platform/readonlyUris';
import { ReadonlyDocumentProvider } from './readonlyDocuments';
import { RefreshScheduler } from './refreshScheduler';
import { HostStatusBar } from './statusBar';
import { testWriteAccess } from './storageCommands';

export interface Explorer {
  provider: ExplorerTreeProvider;
  view: vscode.TreeView<ExplorerNode>;
  statusBar: HostStatusBar;
  /** Shows a guest's row in the view, opening the view and the way to it. */
  revealGuest: (host: string, vmid: number) => Promise<void>;
  disposables: vscode.Disposable[];
}

/** Builds the Proxmox view and the commands on its items. */
export function registerExplorer(
  settings: PveSettings,
  sessions: HostSessions,
  data: HostModel,
  dialogs: Dialogs,
  logger: Logger,
): Explorer {
  const provider = new ExplorerTreeProvider(settings, sessions, data);
  const view = vscode.window.createTreeView(Views.explorer, {
    treeDataProvider: provider,
    showCollapseAll: true,
    canSelectMany: true,
  });
  const statusBar = new HostStatusBar(data, (host) => sessions.state(host));
  const activity = new ExplorerActivity((host) => {
    provider.refresh(host);
    if (statusBar.host === host) void statusBar.show(host);
  });
  const guests = new GuestCommands(sessions, data, activity, dialogs, logger);
  const connectedHosts = () =>
    settings
      .readHosts()
      .hosts.map((h) => h.name)
      .filter((name) => sessions.state(name).status === 'connected');
  const scheduler = new RefreshScheduler(
    view,
    () => settings.explorerRefreshSeconds(),
    () => connectedHosts().filter((host) => !activity.isBusy(host)),
    async (host) => {
      await provider.refreshChanged(host);
      if (statusBar.host === host) await statusBar.show(host);
    },
  );
  scheduler.update();

  const as = <K extends ExplorerNode['kind']>(kind: K, node: unknown, what: string): NodeOf<K> => {
    if (typeof node === 'object' && node !== null && (node as { kind?: unknown }).kind === kind)
      return node as NodeOf<K>;
    throw new ExpectedError(`Run this from a ${what} in the Proxmox view.`);
  };
  const poolCommand = (id: Parameters<typeof registerCommand>[0], action: PoolAction) =>
    registerCommand(id, logger, (node) =>
      runPoolCommand(data, activity, dialogs, logger.scoped('zfs'), action, as('pool', node, 'ZFS pool')),
    );
  const guestCommand = (id: Parameters<typeof registerCommand>[0], action: GuestAction) =>
    registerCommand(id, logger, (node, selected) => guests.act(action, selectedGuests(node, selected)));

  const disposables: vscode.Disposable[] = [
    provider,
    view,
    statusBar,
    scheduler,
    vscode.workspace.registerTextDocumentContentProvider(READONLY_SCHEME, new ReadonlyDocumentProvider(data)),
    view.onDidChangeVisibility(() => scheduler.update()),
    settings.onDidChange(Settings.explorerRefreshSeconds, () => scheduler.update()),
    settings.onDidChange(Settings.hosts, () => provider.refresh()),
    view.onDidChangeSelection((event) => {
      const host = event.selection.map(hostOf).find(Boolean);
      if (host && sessions.state(host).status === 'connected') void statusBar.show(host);
    }),
    sessions.onDidChangeState(({ host, state }) => {
      provider.redrawHost(host);
      if (state.status === 'connected' && !statusBar.host) void statusBar.show(host);
      else if (statusBar.host === host) void statusBar.show(host);
    }),
    registerCommand(Commands.refreshExplorer, logger, (node) => {
      const host = hostOf(node);
      provider.refresh(host);
      if (statusBar.host) void statusBar.show(statusBar.host);
    }),
    registerCommand(Commands.filterExplorer, logger, async () => {
      const text = await vscode.window.showInputBox({
        title: 'Filter Guests',
        prompt: 'Name, VMID or tag; several words must all match',
        value: provider.filter,
      });
      if (text === undefined) return;
      provider.setFilter(text);
      view.message = provider.filter ? `Filtered by "${provider.filter}"` : undefined;
      await vscode.commands.executeCommand('setContext', ContextKeys.explorerFiltered, Boolean(provider.filter));
    }),
    registerCommand(Commands.clearExplorerFilter, logger, async () => {
      provider.setFilter('');
      view.message = undefined;
      await vscode.commands.executeCommand('setContext', ContextKeys.explorerFiltered, false);
    }),
    guestCommand(Commands.startGuest, 'start'),
    guestCommand(Commands.shutdownGuest, 'shutdown'),
    guestCommand(Commands.stopGuest, 'stop'),
    guestCommand(Commands.rebootGuest, 'reboot'),
    registerCommand(Commands.openGuestShell, logger, (node) => guests.openShell(as('guest', node, 'container'))),
    registerCommand(Commands.unlockGuest, logger, (node) => guests.unlock(as('guest', node, 'container or VM'))),
    registerCommand(Commands.showGuestBackups, logger, (node) =>
      guests.showBackups(as('guest', node, 'container or VM')),
    ),
    registerCommand(Commands.copyGuestVmid, logger, (node) => guests.copyVmid(as('guest', node, 'container or VM'))),
    registerCommand(Commands.showGuestConfig, logger, async (node) => {
      const { hostName, guest } = as('guest', node, 'container or VM');
      const document = await vscode.workspace.openTextDocument(
        guestConfigUri(hostName, guest.node, guest.type, guest.vmid),
      );
      await vscode.window.showTextDocument(document, { preview: true });
    }),
    registerCommand(Commands.openNodeShell, logger, (node) => {
      const { hostName, node: info } = as('node', node, 'node');
      openSshTerminal(`${info.node} (shell)`, () => sessions.connection(hostName)).show();
    }),
    registerCommand(Commands.testStorageWrite, logger, (node) => testWriteAccess(data, as('storage', node, 'storage'))),
    poolCommand(Commands.scrubPool, 'scrub'),
    poolCommand(Commands.stopPoolScrub, 'stopScrub'),
    poolCommand(Commands.clearPoolErrors, 'clear'),
    registerCommand(Commands.openTask, logger, async (node) => {
      const { hostName, node: nodeName, task } = as('task', node, 'task');
      const document = await vscode.workspace.openTextDocument(taskLogUri(hostName, nodeName, task.upid));
      await vscode.window.showTextDocument(document, { preview: true });
    }),
  ];
  const revealGuest = async (host: string, vmid: number): Promise<void> => {
    const guest = (await data.inventory(host)).guests.find((g) => g.vmid === vmid);
    if (!guest) throw new ExpectedError(`Guest ${vmid} is not on ${host} any more.`);
    // The view may be closed or hidden behind another one: show it, then open the way to the guest.
    await vscode.commands.executeCommand(BuiltinCommands.focusExplorer);
    await view.reveal({ kind: 'guest', hostName: host, guest }, { select: true, focus: true, expand: false });
  };
  return { provider, view, statusBar, revealGuest, disposables };
}

function hostOf(node: unknown): string | undefined {
  if (typeof node !== 'object' || node === null) return undefined;
  const candidate = node as Partial<ExplorerNode> & { hostName?: unknown; host?: { name?: unknown } };
  if (typeof candidate.hostName === 'string') return candidate.hostName;
  if (candidate.kind === 'host' && typeof candidate.host?.name === 'string') return candidate.host.name;
  return undefined;
}
