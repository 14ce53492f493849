import * as vscode from 'vscode';
import * as z from 'zod';
import { ExpectedError } from '../../domain/errors';
import { monitorForTitle, type OpenMonitor } from '../../domain/backup/restoredMonitor';
import type { Logger } from '../../domain/logging/logger';
import { parseUpid } from '../../domain/proxmox/upid';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
import { PanelRegistry } from '../../platform/panelRegistry';
import type { PveSettings } from '../../platform/settings';
import { PanelStateSchema } from '../../protocol/backupMonitor';
import type { HostModel } from '../../pve/hostModel';
import { hostFromArgument, pickHost } from '../hosts/pickHost';
import { backUpNow } from './backUpNow';
import { StartedBackups } from './startedBackups';
import { OpenMonitors } from './openMonitors';
import { cleanUpStuckBackup } from './cleanUpStuckBackup';
import { BACKUP_MONITOR_VIEW, BackupMonitorPanel, type MonitorDeps } from './backupMonitorPanel';

/** What "Open Backup Monitor" accepts: a task row of the tree, or host + UPID (runbooks, tests). */
const TaskArgumentSchema = z.union([
  z
    .object({ kind: z.literal('task'), hostName: z.string(), node: z.string(), task: z.object({ upid: z.string() }) })
    .transform((t) => ({ host: t.hostName, upid: t.task.upid })),
  z.object({ host: z.string(), upid: z.string() }),
]);

export interface BackupMonitors {
  open(host: string, upid: string): BackupMonitorPanel;
  panels: ReadonlyMap<string, BackupMonitorPanel>;
  deps: MonitorDeps;
  disposables: vscode.Disposable[];
}

export function registerBackups(
  context: vscode.ExtensionContext,
  settings: PveSettings,
  data: HostModel,
  dialogs: Dialogs,
  logger: Logger,
): BackupMonitors {
  const deps: MonitorDeps = {
    extensionUri: context.extensionUri,
    data,
    dialogs,
    logger: logger.scoped('backup'),
    intervalMs: 2000,
  };
  const started = new StartedBackups(context.globalState);
  const openMonitors = new OpenMonitors(context.workspaceState);

  const registry = new PanelRegistry<OpenMonitor, BackupMonitorPanel>({
    viewType: BACKUP_MONITOR_VIEW,
    // one monitor per task
    key: ({ upid }) => upid,
    title: ({ upid }) => `Backup ${parseUpid(upid)?.id ?? ''}`,
    create: (panel, { host, upid }) => {
      const node = parseUpid(upid)?.node;
      if (!node) throw new ExpectedError(`"${upid}" is not a Proxmox task id (UPID).`);
      const monitor = new BackupMonitorPanel(panel, deps, host, node, upid, started.get(upid));
      void openMonitors.add({ host, upid });
      return monitor;
    },
    // After a window reload: reattach to the same task, from the state the view kept or, when
    // the browser lost that state, from our own list of open monitors.
    savedState: PanelStateSchema,
    withoutState: (panel) => {
      const task = monitorForTitle(panel.title, openMonitors.list(), new Set(registry.panels.keys()));
      if (!task)
        deps.logger.warn(
          `Closed the restored panel "${panel.title}": it kept no task, and no open backup monitor matches it`,
        );
      return task;
    },
    restored: (monitor, fromState) =>
      deps.logger.info(
        `Restored the backup monitor of ${monitor.upid} on ${monitor.host}${fromState ? '' : ' (matched by its title)'}`,
      ),
    // a monitor closed while the extension shuts down comes back with the window
    closed: (monitor, closingAll) => {
      if (!closingAll) void openMonitors.remove(monitor.upid);
    },
  });
  const open = (host: string, upid: string): BackupMonitorPanel => registry.open({ host, upid });

  const disposables: vscode.Disposable[] = [
    registerCommand(Commands.openBackupMonitor, logger, async (arg) => {
      if (arg !== undefined) {
        const { host, upid } = TaskArgumentSchema.parse(arg);
        return open(host, upid);
      }
      return showRunningBackups();
    }),
    registerCommand(Commands.showRunningBackups, logger, (arg) => showRunningBackups(arg)),
    registerCommand(Commands.cleanUpStuckBackup, logger, async (arg) => {
      const host = hostFromArgument(arg) ?? (await pickHost(settings));
      return host ? cleanUpStuckBackup(deps, host) : undefined;
    }),
    registerCommand(Commands.startBackup, logger, async (arg) => {
      const begun = await backUpNow(arg, { settings, data, dialogs });
      if (!begun) return undefined;
      await started.remember(begun.upid, begun.backup);
      deps.logger.info(`Started ${begun.backup.command} on ${begun.host} (${begun.upid})`);
      return open(begun.host, begun.upid);
    }),
    registry,
  ];

  async function showRunningBackups(arg?: unknown): Promise<BackupMonitorPanel | undefined> {
    const host = hostFromArgument(arg) ?? (await pickHost(settings));
    if (!host) return undefined;
    const inventory = await data.inventory(host);
    const tasks = (await Promise.all(inventory.nodes.map((n) => data.tasks(host, n.node, { fresh: true }))))
      .flatMap((t) => t.running)
      .filter((t) => t.type === 'vzdump');
    if (tasks.length === 0) {
      void vscode.window.showInformationMessage(`No backup is running on ${host}.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      tasks.map((t) => ({
        label: `vzdump ${t.id ?? ''}`.trim(),
        description: `${t.node} · started ${new Date(t.starttime * 1000).toLocaleTimeString()}`,
        upid: t.upid,
      })),
      { title: `Running backups on ${host}` },
    );
    return picked ? open(host, picked.upid) : undefined;
  }

  return { open, panels: registry.panels, deps, disposables };
}
