import * as vscode from 'vscode';
import { EXTENSION_ID, WALKTHROUGH_ID } from '../../ids';
import type { PveSettings } from '../../platform/settings';

/** Opens the README that ships inside the extension, so help works offline. */
export async function openReadme(extensionUri: vscode.Uri): Promise<void> {
  const readme = vscode.Uri.joinPath(extensionUri, 'README.md');
  await vscode.commands.executeCommand('markdown.showPreview', readme);
}

export async function openWalkthrough(): Promise<void> {
  await vscode.commands.executeCommand('workbench.action.openWalkthrough', `${EXTENSION_ID}#${WALKTHROUGH_ID}`, false);
}

/**
 * A short runbook in a new, unsaved editor, on the first configured host: the walkthrough's "run a
 * block" step, without the user having to write one first.
 */
export async function openExampleRunbook(extensionUri: vscode.Uri, settings: PveSettings): Promise<void> {
  const template = new TextDecoder().decode(
    await vscode.workspace.fs.readFile(vscode.Uri.joinPath(extensionUri, 'media', 'walkthrough', 'example-runbook.md')),
  );
  const host = settings.readHosts().hosts[0]?.name ?? 'my-host';
  const document = await vscode.workspace.openTextDocument({
    language: 'markdown',
    content: template.replace(/\{\{host\}\}/g, host),
  });
  await vscode.window.showTextDocument(document);
}
