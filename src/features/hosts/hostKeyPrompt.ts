import type { Dialogs } from '../../platform/confirm';
import type { HostKeyPrompt, TrustAnswer } from '../../remote/hostKeyVerifier';

const TRUST_ONCE = 'Trust Once';
const TRUST_AND_REMEMBER = 'Trust and Remember';

/** The modal for an unknown host key. Enter, Escape and "Don't Connect" refuse the key. */
export class ModalHostKeyPrompt implements HostKeyPrompt {
  constructor(private readonly dialogs: Dialogs) {}

  async askUnknown(details: {
    host: string;
    port: number;
    keyType: string;
    fingerprint: string;
    otherTypesKnown: string[];
  }): Promise<TrustAnswer> {
    const where = details.port === 22 ? details.host : `${details.host}:${details.port}`;
    const lines = [
      `${details.keyType} key fingerprint:`,
      details.fingerprint,
      '',
      "Compare it with the host's own key before trusting it, e.g. on the Proxmox console:",
      'ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub',
    ];
    if (details.otherTypesKnown.length) {
      lines.unshift(
        `Warning: this host is already known with a ${details.otherTypesKnown.join(', ')} key, but now offers a different key type.`,
        '',
      );
    }
    const choice = await this.dialogs.choose(
      `The authenticity of ${where} can't be established.`,
      lines.join('\n'),
      [TRUST_ONCE, TRUST_AND_REMEMBER],
      "Don't Connect",
    );
    if (choice === TRUST_AND_REMEMBER) return 'remember';
    if (choice === TRUST_ONCE) return 'once';
    return 'cancel';
  }
}
