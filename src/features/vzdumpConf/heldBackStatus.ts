import * as vscode from 'vscode';
import { countOf } from '../../shared/format';
import { REMOTE_FILE_SCHEME } from '../../platform/remoteFileScheme';
import { VZDUMP_LANGUAGE } from './vzdumpDiagnostics';

/**
 * With auto-save on, VS Code holds back the save of vzdump.conf while it has errors
 * (files.autoSaveWhenNoErrors, which this extension sets for the language). Without a word that
 * would look like a save that silently failed; this quiet item says why the host has not got the
 * edit, and a click shows the errors.
 */
export class HeldBackSaveStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem(
    'pve.vzdumpConf.heldBack',
    vscode.StatusBarAlignment.Left,
    49,
  );
  private readonly subscriptions: vscode.Disposable[];

  constructor() {
    this.item.name = 'vzdump.conf not saved';
    this.item.command = 'workbench.actions.view.problems';
    const update = () => this.update();
    this.subscriptions = [
      vscode.window.onDidChangeActiveTextEditor(update),
      vscode.workspace.onDidChangeTextDocument(update),
      vscode.workspace.onDidSaveTextDocument(update),
      vscode.languages.onDidChangeDiagnostics(update),
      vscode.workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration('files')) update();
      }),
    ];
    this.update();
  }

  private update(): void {
    const document = vscode.window.activeTextEditor?.document;
    const errors =
      document && heldBack(document)
        ? vscode.languages.getDiagnostics(document.uri).filter((d) => d.severity === vscode.DiagnosticSeverity.Error)
            .length
        : 0;
    if (!document || errors === 0) {
      this.item.hide();
      return;
    }
    const count = countOf(errors, 'error');
    this.item.text = `$(circle-slash) Not saved: ${count}`;
    this.item.tooltip =
      `Auto-save waits while vzdump.conf on ${document.uri.authority} has ${count}, so the host still ` +
      `has the last saved version. Click to see them; fix them, or press Ctrl+S to save anyway.`;
    this.item.show();
  }

  dispose(): void {
    for (const subscription of this.subscriptions) subscription.dispose();
    this.item.dispose();
  }
}

function heldBack(document: vscode.TextDocument): boolean {
  if (document.uri.scheme !== REMOTE_FILE_SCHEME || document.languageId !== VZDUMP_LANGUAGE || !document.isDirty)
    return false;
  const files = vscode.workspace.getConfiguration('files', document);
  return files.get<string>('autoSave', 'off') !== 'off' && files.get<boolean>('autoSaveWhenNoErrors', false);
}
