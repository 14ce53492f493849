import * as vscode from 'vscode';
import * as z from 'zod';
import { ExpectedError } from '../../domain/errors';
import { monitorForTitle } from '../../domain/backup/restoredMonitor';
import type { Logger } from '../../domain/logging/logger';
import { parseUpid } from '../../domain/proxmox/upid';
import { Commands } from '../../ids';
import { registerCommand } from '../../platform/commands';
import type { Dialogs } from '../../platform/confirm';
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
  z.object({ kind: z.literal('task'), hostName: z.string(), node: z.string(), task: z.object({ upid: z.string() }) }).transform((t) => ({ host: t.hostName, upid: t.task.upid })),
  z.object({ host: z.string(), upid: z.string() }),
]);

export interface BackupMonitors {
  open(host: string, upid: string): BackupMonitorPanel;
  panels: Map<string, BackupMonitorPanel>;
  deps: MonitorDeps;
  disposables: vscode.Disposable[];
}

export function registerBackupMonitor(context: vscode.ExtensionContext, settings: PveSettings, data: HostModel, dialogs: Dialogs, logger: Logger): BackupMonitors {
  const deps: MonitorDeps = { extensionUri: context.extensionUri, data, dialogs, logger: logger.scoped('backup'), intervalMs: 2000 };
  const panels = new Map<string, BackupMonitorPanel>();
  const started = new StartedBackups(context.globalState);
  const openMonitors = new OpenMonitors(context.workspaceState);
  /** Set while the extension shuts down: panels closed then are restored with the window. */
  let shuttingDown = false;

  const attach = (panel: vscode.WebviewPanel, host: string, upid: string): BackupMonitorPanel => {
    const node = parseUpid(upid)?.node;
    if (!node) throw new ExpectedError(`"${upid}" is not a Proxmox task id (UPID).`);
    const monitor = new BackupMonitorPanel(panel, deps, host, node, upid, started.get(upid));
    panels.set(upid, monitor);
    void openMonitors.add({ host, upid });
    monitor.onDidClose(() => {
      panels.delete(upid);
      if (!shuttingDown) void openMonitors.remove(upid);
    });
    return monitor;
  };

  const open = (host: string, upid: string): BackupMonitorPanel => {
    const existing = panels.get(upid);
    if (existing) {
      existing.panel.reveal();
      return existing;
    }
    const id = parseUpid(upid)?.id;
    const panel = vscode.window.createWebviewPanel(BACKUP_MONITOR_VIEW, `Backup ${id ?? ''}`, vscode.ViewColumn.Active, { enableScripts: true });
    return attach(panel, host, upid);
  };

  const disposables: vscode.Disposable[] = [
    vscode.window.registerWebviewPanelSerializer(BACKUP_MONITOR_VIEW, {
      // After a window reload: reattach to the same task, from the state the view kept or, when
      // the browser lost that state, from our own list of open monitors.
      deserializeWebviewPanel: (panel, state: unknown) => {
        const saved = PanelStateSchema.safeParse(state);
        const task = saved.success ? saved.data : monitorForTitle(panel.title, openMonitors.list(), new Set(panels.keys()));
        if (!task) {
          deps.logger.warn(`Closed the restored panel "${panel.title}": it kept no task, and no open backup monitor matches it`);
          panel.dispose();
          return Promise.resolve();
        }
        attach(panel, task.host, task.upid);
        deps.logger.info(`Restored the backup monitor of ${task.upid} on ${task.host}${saved.success ? '' : ' (matched by its title)'}`);
        return Promise.resolve();
      },
    }),
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
    new vscode.Disposable(() => {
      shuttingDown = true;
      for (const monitor of panels.values()) monitor.panel.dispose();
    }),
  ];

  async function showRunningBackups(arg?: unknown): Promise<BackupMonitorPanel | undefined> {
    const host = hostFromArgument(arg) ?? (await pickHost(settings));
    if (!host) return undefined;
    const inventory = await data.inventory(host);
    const tasks = (await Promise.all(inventory.nodes.map((n) => data.tasks(host, n.node, { fresh: true })))).flatMap((t) => t.running).filter((t) => t.type === 'vzdump');
    if (tasks.length === 0) {
      void vscode.window.showInformationMessage(`No backup is running on ${host}.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      tasks.map((t) => ({ label: `vzdump ${t.id ?? ''}`.trim(), description: `${t.node} · started ${new Date(t.starttime * 1000).toLocaleTimeString()}`, upid: t.upid })),
      { title: `Running backups on ${host}` },
    );
    return picked ? open(host, picked.upid) : undefined;
  }

  return { open, panels, deps, disposables };
}
