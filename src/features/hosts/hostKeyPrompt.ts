import * as vscode from 'vscode';
import type { HostKeyPrompt, TrustAnswer } from '../../remote/hostKeyVerifier';

/** The modal for an unknown host key. Closing it, or Cancel, refuses the key. */
export class ModalHostKeyPrompt implements HostKeyPrompt {
  async askUnknown(details: { host: string; port: number; keyType: string; fingerprint: string; otherTypesKnown: string[] }): Promise<TrustAnswer> {
    const where = details.port === 22 ? details.host : `${details.host}:${details.port}`;
    const lines = [
      `${details.keyType} key fingerprint:`,
      details.fingerprint,
      '',
      'Compare it with the host\'s own key before trusting it, e.g. on the Proxmox console:',
      'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub',
    ];
    if (details.otherTypesKnown.length) {
      lines.unshift(`Warning: this host is already known with a ${details.otherTypesKnown.join(', ')} key, but now offers a different key type.`, '');
    }
    const once = 'Trust Once';
    const remember = 'Trust and Remember';
    // A dialog that cannot be shown (automation, a closing window) counts as Cancel.
    const choice = await Promise.resolve(
      vscode.window.showWarningMessage(`The authenticity of ${where} can't be established.`, { modal: true, detail: lines.join('\n') }, once, remember),
    ).catch(() => undefined);
    if (choice === remember) return 'remember';
    if (choice === once) return 'once';
    return 'cancel';
  }
}
