import * as vscode from 'vscode';

/**
 * Questions before anything destructive. Only the named action confirms; closing the dialog,
 * or a dialog that cannot be shown, means no. One instance is made in activate() and handed to
 * the commands, so the integration tests can answer for the user.
 */
export class Dialogs {
  async confirm(message: string, detail: string, action: string): Promise<boolean> {
    const answer = await Promise.resolve(vscode.window.showWarningMessage(message, { modal: true, detail }, action)).catch(() => undefined);
    return answer === action;
  }
}
