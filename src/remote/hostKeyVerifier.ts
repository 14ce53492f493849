import * as fs from 'node:fs/promises';
import type { Logger } from '../domain/logging/logger';
import {
  decideHostKey,
  toTrustedKey,
  type HostKeyQuestion,
  type StrictHostKeyChecking,
  type TrustedKey,
} from '../domain/ssh/hostKeyDecision';
import { parseKnownHosts, type KnownHostEntry } from '../domain/ssh/knownHosts';
import { describeKeyType } from '../domain/ssh/sshKey';
import { expandHome } from './auth';
import { HostKeyRejectedError } from './connect';
import type { TrustStore } from './trustStore';

/** The user's answer about an unknown key. Cancel is the default. */
export type TrustAnswer = 'once' | 'remember' | 'cancel';

export interface HostKeyPrompt {
  askUnknown(details: {
    host: string;
    port: number;
    keyType: string;
    fingerprint: string;
    otherTypesKnown: string[];
  }): Promise<TrustAnswer>;
}

/** OpenSSH's default known_hosts files; read, never written. */
export const DEFAULT_KNOWN_HOSTS_FILES = [
  '~/.ssh/known_hosts',
  '~/.ssh/known_hosts2',
  '/etc/ssh/ssh_known_hosts',
  '/etc/ssh/ssh_known_hosts2',
];

/**
 * Checks every presented host key (of the target and of each jump host) before authentication:
 * known_hosts first, then the extension's trust store, then "trust once" answers of this session.
 */
export class HostKeyVerifier {
  private readonly session: TrustedKey[] = [];

  constructor(
    private readonly options: {
      knownHostsFiles: () => readonly string[];
      trustStore: TrustStore;
      strict: () => StrictHostKeyChecking;
      prompt: HostKeyPrompt;
      logger: Logger;
    },
  ) {}

  async verify(question: HostKeyQuestion): Promise<true> {
    const where = question.port === 22 ? question.host : `${question.host}:${question.port}`;
    const verdict = decideHostKey(question, {
      knownHosts: await this.readKnownHosts(),
      trusted: await this.options.trustStore.list(),
      session: this.session,
      strict: this.options.strict(),
    });
    const keyType = describeKeyType(question.presented.type);
    switch (verdict.verdict) {
      case 'trusted':
        this.options.logger.debug(`host key of ${where} trusted (${verdict.source})`);
        return true;
      case 'accept-new':
        await this.options.trustStore.add(toTrustedKey(question));
        this.options.logger.info(
          `new host key of ${where} accepted and remembered (${keyType} ${verdict.fingerprint})`,
        );
        return true;
      case 'ask': {
        const answer = await this.options.prompt.askUnknown({
          host: question.host,
          port: question.port,
          keyType,
          fingerprint: verdict.fingerprint,
          otherTypesKnown: verdict.otherTypesKnown,
        });
        if (answer === 'cancel')
          throw new HostKeyRejectedError(
            `Connection to ${where} cancelled: its host key (${keyType} ${verdict.fingerprint}) was not trusted.`,
          );
        if (answer === 'remember') await this.options.trustStore.add(toTrustedKey(question));
        else this.session.push(toTrustedKey(question));
        this.options.logger.info(
          `host key of ${where} trusted ${answer === 'remember' ? 'and remembered' : 'for this session'} (${keyType} ${verdict.fingerprint})`,
        );
        return true;
      }
      case 'refuse-changed':
        throw new HostKeyRejectedError(
          `The host key of ${where} has CHANGED, so Proxmox Ops refused to connect. It now presents ${keyType} ${verdict.fingerprint}; ` +
            `the known key is ${verdict.knownFingerprints.join(', ')} (from ${verdict.knownFrom.join(', ')}). ` +
            `Someone may be intercepting the connection, or the host was reinstalled. Check the new fingerprint on the host's console ` +
            `(ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub); if it is right, remove the old key (ssh-keygen ` +
            `-R ${question.port === 22 ? question.host : `'[${question.host}]:${question.port}'`}, or "Proxmox: ` +
            `Forget Host Key") and connect again.`,
        );
      case 'refuse-revoked':
        throw new HostKeyRejectedError(
          `The host key of ${where} (${keyType} ${verdict.fingerprint}) is marked @revoked in known_hosts; Proxmox Ops will not connect.`,
        );
      case 'refuse-unknown':
        throw new HostKeyRejectedError(
          `${where} is not in known_hosts and strict host key checking is "yes", so Proxmox Ops refused its key (${keyType} ${verdict.fingerprint}). ` +
            `Add the key to ~/.ssh/known_hosts (e.g. by connecting once with ssh) or set pve.ssh.strictHostKeyChecking to "ask".`,
        );
    }
  }

  private async readKnownHosts(): Promise<KnownHostEntry[]> {
    const entries: KnownHostEntry[] = [];
    for (const file of this.options.knownHostsFiles()) {
      try {
        entries.push(...parseKnownHosts(await fs.readFile(expandHome(file), 'utf8'), file));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'ENOENT')
          this.options.logger.warn(`cannot read ${file}: ${String(error)}`);
      }
    }
    return entries;
  }
}
