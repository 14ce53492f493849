import * as path from 'node:path';
import * as vscode from 'vscode';
import { ExpectedError } from '../../domain/errors';
import type { HostConfig } from '../../domain/hosts/hostConfig';
import type { Logger } from '../../domain/logging/logger';
import type { ConnectTarget } from '../../remote/connect';
import { ConnectionPool, type ConnectionState } from '../../remote/connectionPool';
import { DEFAULT_KNOWN_HOSTS_FILES, HostKeyVerifier } from '../../remote/hostKeyVerifier';
import { resolveTarget } from '../../remote/sshConfigResolver';
import type { SshConnection } from '../../remote/sshConnection';
import { TRUST_STORE_FILE, TrustStore } from '../../remote/trustStore';
import type { ConnectionEvents, ConnectionSource } from '../../pve/connection';
import type { SecretRegistry } from '../../platform/logger';
import type { Dialogs } from '../../platform/confirm';
import type { PveSettings } from '../../platform/settings';
import { InputBoxCredentialPrompter } from './credentialPrompter';
import { ModalHostKeyPrompt } from './hostKeyPrompt';

// What the other features may know of a connection's state (they reach SSH only through here).
export { DISCONNECTED_BY_USER, type ConnectionState } from '../../remote/connectionPool';

/**
 * The SSH side of the extension as the UI sees it: one shared connection per configured host,
 * with its state, and the trust store of host keys in machine-local global storage.
 */
export class HostSessions implements vscode.Disposable {
  readonly trustStore: TrustStore;
  private readonly pool: ConnectionPool;
  private readonly knownHostsFiles = new Set(DEFAULT_KNOWN_HOSTS_FILES);
  private readonly stateChanged = new vscode.EventEmitter<{ host: string; state: ConnectionState }>();
  readonly onDidChangeState = this.stateChanged.event;

  constructor(
    private readonly settings: PveSettings,
    logger: Logger,
    secrets: vscode.SecretStorage,
    redact: SecretRegistry,
    globalStorage: vscode.Uri,
    dialogs: Dialogs,
  ) {
    const sshLogger = logger.scoped('ssh');
    this.trustStore = new TrustStore(path.join(globalStorage.fsPath, TRUST_STORE_FILE));
    const verifier = new HostKeyVerifier({
      knownHostsFiles: () => [...this.knownHostsFiles],
      trustStore: this.trustStore,
      strict: () => settings.strictHostKeyChecking(),
      prompt: new ModalHostKeyPrompt(dialogs),
      logger: sshLogger,
    });
    this.pool = new ConnectionPool(
      (name) => this.target(name),
      {
        logger: sshLogger,
        prompter: new InputBoxCredentialPrompter(secrets, redact),
        verifyHostKey: (question) => verifier.verify(question),
        agent: agentSocket(settings.agent()),
      },
      sshLogger,
    );
    this.pool.onDidChangeState((host, state) => this.stateChanged.fire({ host, state }));
  }

  /** How the host model reaches a host: for now every node through the host's one connection. */
  readonly connect: ConnectionSource = (hostName) => this.connection(hostName);

  /** Tells the host model when a connection dropped or was closed, so it forgets what it knew. */
  readonly onConnectionChange: ConnectionEvents = (listener) =>
    this.onDidChangeState(({ host, state }) => listener({ host, connected: state.status !== 'disconnected' }));

  connection(hostName: string, options?: { skipBackoff?: boolean }): Promise<SshConnection> {
    return this.pool.get(hostName, options);
  }

  state(hostName: string): ConnectionState {
    return this.pool.state(hostName);
  }

  disconnect(hostName: string): void {
    this.pool.disconnect(hostName);
  }

  host(hostName: string): HostConfig {
    const host = this.settings.readHosts().hosts.find((h) => h.name === hostName);
    if (!host) throw new ExpectedError(`No host named "${hostName}" in pve.hosts.`);
    return host;
  }

  /** Host and port as the connection sees them (after ~/.ssh/config), for the trust store. */
  async resolvedAddress(hostName: string): Promise<{ host: string; port: number }> {
    const target = await this.target(hostName);
    return { host: target.host, port: target.port };
  }

  dispose(): void {
    this.pool.dispose();
    this.stateChanged.dispose();
  }

  private async target(hostName: string): Promise<ConnectTarget> {
    const resolved = await resolveTarget(this.host(hostName));
    resolved.knownHostsFiles.forEach((file) => this.knownHostsFiles.add(file));
    return resolved.target;
  }
}

function agentSocket(choice: 'auto' | 'pageant' | 'none'): string | undefined {
  if (choice === 'none') return undefined;
  if (choice === 'pageant') return 'pageant';
  if (process.platform === 'win32') return process.env.SSH_AUTH_SOCK ?? '\\\\.\\pipe\\openssh-ssh-agent';
  return process.env.SSH_AUTH_SOCK || undefined;
}
