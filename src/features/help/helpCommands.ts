import * as vscode from 'vscode';

/** Opens the README that ships inside the extension, so help works offline. */
export async function openReadme(extensionUri: vscode.Uri): Promise<void> {
  const readme = vscode.Uri.joinPath(extensionUri, 'README.md');
  await vscode.commands.executeCommand('markdown.showPreview', readme);
}
