import * as vscode from 'vscode';
import type { CredentialPrompter } from '../../remote/auth';
import type { SecretRegistry } from '../../platform/logger';

const REMEMBER_OFF: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('circle-large-outline'),
  tooltip: 'Remember in VS Code secret storage (off)',
};
const REMEMBER_ON: vscode.QuickInputButton = {
  iconPath: new vscode.ThemeIcon('pass-filled'),
  tooltip: 'Remember in VS Code secret storage (on)',
};

/**
 * Asks for passphrases and passwords in a password input box. A secret is stored in VS Code's
 * SecretStorage only when the user turns on the "remember" button; it never goes to settings
 * and is registered for redaction so it cannot reach the log.
 */
export class InputBoxCredentialPrompter implements CredentialPrompter {
  constructor(
    private readonly secrets: vscode.SecretStorage,
    private readonly redact: SecretRegistry,
  ) {}

  async passphrase(keyFile: string, attempt: number): Promise<string | undefined> {
    return this.ask(`passphrase:${keyFile}`, attempt, {
      title: `Passphrase for ${keyFile}`,
      prompt:
        attempt > 1
          ? 'That passphrase did not decrypt the key. Try again.'
          : 'The key is encrypted. Enter its passphrase (Esc skips this key).',
    });
  }

  async password(user: string, host: string, attempt: number, prompt?: string): Promise<string | undefined> {
    return this.ask(`password:${user}@${host}`, attempt, {
      title: `Password for ${user}@${host}`,
      prompt:
        attempt > 1
          ? 'The host refused that password. Try again.'
          : (prompt?.trim() ?? 'Enter the SSH password (Esc cancels).'),
    });
  }

  rejected(kind: 'passphrase' | 'password', id: string): void {
    void this.secrets.delete(`${kind}:${id}`);
  }

  private async ask(
    key: string,
    attempt: number,
    text: { title: string; prompt: string },
  ): Promise<string | undefined> {
    if (attempt === 1) {
      const remembered = await this.secrets.get(key);
      if (remembered) {
        this.redact.add(remembered);
        return remembered;
      }
    }
    const result = await this.showPasswordBox(text);
    if (result === undefined) return undefined;
    this.redact.add(result.value);
    if (result.remember) await this.secrets.store(key, result.value);
    return result.value;
  }

  private showPasswordBox(text: {
    title: string;
    prompt: string;
  }): Promise<{ value: string; remember: boolean } | undefined> {
    return new Promise((resolve) => {
      const box = vscode.window.createInputBox();
      let remember = false;
      let done = false;
      box.title = text.title;
      box.prompt = text.prompt;
      box.password = true;
      box.ignoreFocusOut = true;
      box.buttons = [REMEMBER_OFF];
      box.onDidTriggerButton(() => {
        remember = !remember;
        box.buttons = [remember ? REMEMBER_ON : REMEMBER_OFF];
      });
      box.onDidAccept(() => {
        done = true;
        resolve({ value: box.value, remember });
        box.dispose();
      });
      box.onDidHide(() => {
        if (!done) resolve(undefined);
        box.dispose();
      });
      box.show();
    });
  }
}
