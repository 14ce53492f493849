import * as vscode from 'vscode';
import type { Placeholder } from '../../domain/runbook/placeholders';

export interface Suggestion {
  value: string;
  label: string;
  description?: string;
}

/**
 * The questions a run asks. One instance is made in activate(); the integration tests replace
 * its methods to answer as a user would.
 */
export class RunbookPrompts {
  async pickHost(hosts: string[], documentName: string): Promise<string | undefined> {
    return vscode.window.showQuickPick(hosts, {
      title: `Run ${documentName} on which host?`,
      placeHolder: 'The choice is remembered for this document',
    });
  }

  /** Asks for a placeholder's value, offering what the host has; a secret is typed hidden. */
  async askValue(placeholder: Placeholder, suggestions: Suggestion[]): Promise<string | undefined> {
    if (placeholder.secret || suggestions.length === 0) {
      return vscode.window.showInputBox({
        title: `Value for ${placeholder.name}`,
        prompt: placeholder.secret
          ? 'Hidden as you type; it is not logged or kept.'
          : `Replaces ${display(placeholder)} in the block (quoted for the shell).`,
        value: placeholder.secret ? undefined : placeholder.default,
        password: placeholder.secret,
        ignoreFocusOut: true,
      });
    }
    return new Promise((resolve) => {
      const pick = vscode.window.createQuickPick<vscode.QuickPickItem & { value: string }>();
      let done = false;
      pick.title = `Value for ${display(placeholder)}`;
      pick.placeholder = 'Pick from the host, or type a value';
      pick.ignoreFocusOut = true;
      pick.items = suggestions.map((s) => ({ label: s.label, description: s.description, value: s.value }));
      if (placeholder.default) pick.value = placeholder.default;
      pick.onDidAccept(() => {
        done = true;
        resolve(pick.selectedItems[0]?.value ?? (pick.value || undefined));
        pick.dispose();
      });
      pick.onDidHide(() => {
        if (!done) resolve(undefined);
        pick.dispose();
      });
      pick.show();
    });
  }
}

function display(placeholder: Placeholder): string {
  return placeholder.kind === 'angle'
    ? `<${placeholder.name}>`
    : placeholder.kind === 'env'
      ? `\${${placeholder.name}}`
      : `$${placeholder.name}`;
}
