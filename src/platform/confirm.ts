import * as vscode from 'vscode';

/**
 * Questions before anything destructive or security-relevant. Every such question is a modal
 * built here, so that its safe answer is the one Enter gives.
 *
 * VS Code focuses the first button of a modal, and Escape picks the item marked as the close
 * affordance. So the buttons are: the safe answer first, then the risky ones, then a marked
 * Cancel. Enter, Escape, and a dialog that cannot be shown all mean no.
 *
 * One instance is made in activate() and handed to the commands, so the integration tests can
 * answer for the user.
 */
export class Dialogs {
  /** True only when the user picked `action`. `safe` names what happens otherwise ("Keep Running"). */
  async confirm(message: string, detail: string, action: string, safe = 'Cancel'): Promise<boolean> {
    return (await this.choose(message, detail, [action], safe)) === action;
  }

  /** One of `actions` when the user picked it; undefined for the safe answer, Escape or no dialog. */
  async choose<Action extends string>(
    message: string,
    detail: string,
    actions: readonly Action[],
    safe = 'Cancel',
  ): Promise<Action | undefined> {
    const items = modalButtons(actions, safe);
    const answer = await Promise.resolve(
      vscode.window.showWarningMessage(message, { modal: true, detail }, ...items),
    ).catch(() => undefined);
    return actions.find((action) => action === answer?.title && !answer.isCloseAffordance);
  }
}

/** The safe answer first (focused, so Enter takes it), the risky actions, then Escape's item. */
export function modalButtons(actions: readonly string[], safe: string): vscode.MessageItem[] {
  const close = safe === 'Cancel' ? 'Close' : 'Cancel';
  return [{ title: safe }, ...actions.map((title) => ({ title })), { title: close, isCloseAffordance: true }];
}
