import * as vscode from 'vscode';
import { z } from 'zod';
import { ExplorerTreeProvider } from './features/explorer/explorerTreeProvider';
import { openReadme } from './features/help/helpCommands';
import { addHost } from './features/hosts/addHostCommand';
import { Commands, Settings, Views } from './ids';
import { registerCommand } from './platform/commands';
import { createLogger, SecretRegistry } from './platform/logger';
import { PveSettings } from './platform/settings';

// The composition root: it builds the parts, wires them together and hands every
// disposable to VS Code. Behaviour lives in features/, remote/ and domain/.
export function activate(context: vscode.ExtensionContext): void {
  const secrets = new SecretRegistry();
  const { logger, channel } = createLogger(secrets);
  const settings = new PveSettings();
  const explorer = new ExplorerTreeProvider(settings);

  context.subscriptions.push(
    channel,
    explorer,
    vscode.window.createTreeView(Views.explorer, { treeDataProvider: explorer, showCollapseAll: true }),
    settings.onDidChange(Settings.hosts, () => explorer.refresh()),
    registerCommand(Commands.addHost, logger, async (given) => {
      await addHost(settings, given);
      explorer.refresh();
    }),
    registerCommand(Commands.refreshExplorer, logger, () => explorer.refresh()),
    registerCommand(Commands.showLog, logger, () => channel.show()),
    registerCommand(Commands.openReadme, logger, () => openReadme(context.extensionUri)),
  );

  const manifest = z.object({ version: z.string() }).safeParse(context.extension.packageJSON);
  logger.info(`Proxmox Ops ${manifest.success ? manifest.data.version : '(unknown version)'} activated`);
}

export function deactivate(): void {
  // Everything is disposed through context.subscriptions.
}
