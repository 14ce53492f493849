import * as vscode from 'vscode';
import { z } from 'zod';
import { ExplorerTreeProvider } from './features/explorer/explorerTreeProvider';
import { openReadme } from './features/help/helpCommands';
import { addHost } from './features/hosts/addHostCommand';
import { connectHost, disconnectHost, forgetHostKey, openHostShell, removeHost } from './features/hosts/hostCommands';
import { HostSessions } from './features/hosts/hostSessions';
import { Commands, Settings, Views } from './ids';
import { registerCommand } from './platform/commands';
import { createLogger, SecretRegistry } from './platform/logger';
import { PveSettings } from './platform/settings';

/** What activate() returns: handles the integration tests use to observe the extension. */
export interface PveOpsApi {
  sessions: HostSessions;
}

// The composition root: it builds the parts, wires them together and hands every
// disposable to VS Code. Behaviour lives in features/, remote/ and domain/.
export function activate(context: vscode.ExtensionContext): PveOpsApi {
  const secrets = new SecretRegistry();
  const { logger, channel } = createLogger(secrets);
  const settings = new PveSettings((message) => logger.warn(message));
  const sessions = new HostSessions(settings, logger, context.secrets, secrets, context.globalStorageUri);
  const explorer = new ExplorerTreeProvider(settings, (name) => sessions.state(name));

  context.subscriptions.push(
    channel,
    sessions,
    explorer,
    vscode.window.createTreeView(Views.explorer, { treeDataProvider: explorer, showCollapseAll: true }),
    settings.onDidChange(Settings.hosts, () => explorer.refresh()),
    sessions.onDidChangeState(() => explorer.refresh()),
    registerCommand(Commands.addHost, logger, async (given) => {
      await addHost(settings, given);
      explorer.refresh();
    }),
    registerCommand(Commands.removeHost, logger, (node) => removeHost(sessions, settings, node)),
    registerCommand(Commands.connectHost, logger, (node) => connectHost(sessions, settings, node)),
    registerCommand(Commands.disconnectHost, logger, (node) => disconnectHost(sessions, settings, node)),
    registerCommand(Commands.forgetHostKey, logger, (node) => forgetHostKey(sessions, settings, node)),
    registerCommand(Commands.openHostShell, logger, (node) => openHostShell(sessions, settings, node)),
    registerCommand(Commands.refreshExplorer, logger, () => explorer.refresh()),
    registerCommand(Commands.showLog, logger, () => channel.show()),
    registerCommand(Commands.openReadme, logger, () => openReadme(context.extensionUri)),
  );

  const manifest = z.object({ version: z.string() }).safeParse(context.extension.packageJSON);
  logger.info(`Proxmox Ops ${manifest.success ? manifest.data.version : '(unknown version)'} activated`);
  return { sessions };
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
