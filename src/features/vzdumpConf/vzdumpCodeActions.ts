import * as vscode from 'vscode';
import { Commands } from '../../ids';
import { REMOTE_FILE_SCHEME } from '../../platform/remoteFileScheme';
import type { VzdumpDiagnostics } from './vzdumpDiagnostics';

/**
 * Quick fixes carried by the diagnostics: rename a misspelled key, drop the space before the
 * colon, replace maxfiles with prune-backups, strip an inline comment, and move tmpdir to a
 * local directory (created on the host with owner root and mode 755, as the runbook does).
 */
export class VzdumpCodeActions implements vscode.CodeActionProvider {
  static readonly kinds = [vscode.CodeActionKind.QuickFix];

  constructor(private readonly diagnostics: VzdumpDiagnostics) {}

  provideCodeActions(
    document: vscode.TextDocument,
    _range: vscode.Range,
    context: vscode.CodeActionContext,
  ): vscode.CodeAction[] {
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      const fix = this.diagnostics.origin(diagnostic)?.fix;
      if (!fix) continue;
      const line = diagnostic.range.start.line;
      const edit = new vscode.WorkspaceEdit();
      if (fix.replacementLine === null) edit.delete(document.uri, document.lineAt(line).rangeIncludingLineBreak);
      else if (fix.insert) edit.insert(document.uri, new vscode.Position(line, 0), `${fix.replacementLine}\n`);
      else edit.replace(document.uri, document.lineAt(line).range, fix.replacementLine);
      const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
      action.edit = edit;
      action.diagnostics = [diagnostic];
      action.isPreferred = true;
      if (fix.kind === 'set-tmpdir' && document.uri.scheme === REMOTE_FILE_SCHEME) {
        action.command = {
          title: 'Create the directory',
          command: Commands.createVzdumpTmpdir,
          arguments: [{ host: document.uri.authority, path: fix.path }],
        };
      }
      actions.push(action);
    }
    return actions;
  }
}
