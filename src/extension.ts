import type * as vscode from 'vscode';
import * as z from 'zod';
import { registerExplorer, type Explorer } from './features/explorer/registerExplorer';
import { registerRunbooks, type Runbooks } from './features/runbooks/registerRunbooks';
import { registerRemoteFiles } from './features/remoteFiles/registerRemoteFiles';
import type { RemoteFileSystem } from './features/remoteFiles/remoteFileSystem';
import { registerVzdumpConf, type VzdumpConfEditor } from './features/vzdumpConf/registerVzdumpConf';
import { registerBackups, type BackupMonitors } from './features/backups/registerBackups';
import { registerZfsHealth, type ZfsHealthPanels } from './features/zfsHealth/registerZfsHealth';
import { registerHealthCheck, type HealthCheckPanels } from './features/healthCheck/registerHealthCheck';
import { openExampleRunbook, openReadme, openWalkthrough } from './features/help/helpCommands';
import { registerHostContextKeys } from './features/hosts/hostContextKeys';
import { addHost } from './features/hosts/addHostCommand';
import { connectHost, disconnectHost, forgetHostKey, openHostShell, removeHost } from './features/hosts/hostCommands';
import { HostSessions } from './features/hosts/hostSessions';
import { Commands } from './ids';
import { HostModel } from './pve/hostModel';
import { registerCommand } from './platform/commands';
import { Dialogs } from './platform/confirm';
import { createLogger, SecretRegistry } from './platform/logger';
import { PveSettings } from './platform/settings';

/** What activate() returns: handles the integration tests use to observe the extension. */
export interface PveOpsApi {
  sessions: HostSessions;
  pve: HostModel;
  explorer: Pick<Explorer, 'provider' | 'view' | 'statusBar'>;
  dialogs: Dialogs;
  runbooks: Pick<Runbooks, 'runner' | 'output' | 'prompts' | 'documents' | 'history'>;
  remoteFiles: RemoteFileSystem;
  vzdumpConf: Pick<VzdumpConfEditor, 'diagnostics' | 'save'>;
  backups: Pick<BackupMonitors, 'open' | 'panels' | 'deps'>;
  zfsHealth: Pick<ZfsHealthPanels, 'open' | 'panels' | 'deps'>;
  health: Pick<HealthCheckPanels, 'open' | 'panels' | 'deps'>;
}

// The composition root: it builds the parts, wires them together and hands every
// disposable to VS Code. Behaviour lives in features/, remote/ and domain/.
export function activate(context: vscode.ExtensionContext): PveOpsApi {
  const secrets = new SecretRegistry();
  const { logger, channel } = createLogger(secrets);
  const settings = new PveSettings((message) => logger.warn(message));
  const dialogs = new Dialogs();
  const sessions = new HostSessions(settings, logger, context.secrets, secrets, context.globalStorageUri, dialogs);
  const pve = new HostModel(sessions.connect, sessions.onConnectionChange);
  const explorer = registerExplorer(settings, sessions, pve, dialogs, logger);

  const runbooks = registerRunbooks(context, { settings, sessions, data: pve, dialogs, secrets, logger });
  const remoteFiles = registerRemoteFiles(settings, pve, logger);
  const backups = registerBackups(context, settings, pve, dialogs, logger);
  const zfsHealth = registerZfsHealth(context, settings, pve, explorer.revealGuest, dialogs, logger);
  const health = registerHealthCheck(context, settings, pve, logger);
  const vzdumpConf = registerVzdumpConf({ settings, sessions, files: remoteFiles.files, data: pve, dialogs, logger });

  context.subscriptions.push(
    channel,
    sessions,
    ...explorer.disposables,
    ...runbooks.disposables,
    ...remoteFiles.disposables,
    ...vzdumpConf.disposables,
    ...backups.disposables,
    ...zfsHealth.disposables,
    ...health.disposables,
    registerCommand(Commands.addHost, logger, (given) => addHost(settings, given)),
    registerCommand(Commands.removeHost, logger, (node) => removeHost(sessions, settings, dialogs, node)),
    registerCommand(Commands.connectHost, logger, (node) => connectHost(sessions, settings, node)),
    registerCommand(Commands.disconnectHost, logger, (node) => disconnectHost(sessions, settings, node)),
    registerCommand(Commands.forgetHostKey, logger, (node) => forgetHostKey(sessions, settings, node)),
    registerCommand(Commands.openHostShell, logger, (node) => openHostShell(sessions, settings, node)),
    registerCommand(Commands.showLog, logger, () => channel.show()),
    registerCommand(Commands.openReadme, logger, () => openReadme(context.extensionUri)),
    registerCommand(Commands.openWalkthrough, logger, () => openWalkthrough()),
    registerCommand(Commands.openExampleRunbook, logger, () => openExampleRunbook(context.extensionUri, settings)),
    registerHostContextKeys(settings, sessions),
  );

  const manifest = z.object({ version: z.string() }).safeParse(context.extension.packageJSON);
  logger.info(`Proxmox Ops ${manifest.success ? manifest.data.version : '(unknown version)'} activated`);
  return {
    sessions,
    pve,
    explorer,
    dialogs,
    runbooks,
    remoteFiles: remoteFiles.files,
    vzdumpConf,
    backups,
    zfsHealth,
    health,
  };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
