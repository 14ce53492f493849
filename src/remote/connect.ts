import { Client, type ClientChannel, type ConnectConfig } from 'ssh2';
import { ExpectedError } from '../domain/errors';
import type { Logger } from '../domain/logging/logger';
import type { HostKeyQuestion } from '../domain/ssh/hostKeyDecision';
import { publicKeyFromBlob } from '../domain/ssh/sshKey';
import { createAuthHandler, type CredentialPrompter } from './auth';
import { ChannelLimiter } from './channelLimiter';
import { SshConnection } from './sshConnection';

/** Where to connect, after settings and ~/.ssh/config were resolved. */
export interface ConnectTarget {
  host: string;
  port: number;
  username: string;
  identityFiles: readonly string[];
  /** Jump hosts in the order they are crossed, as ProxyJump lists them. */
  jumps: readonly Omit<ConnectTarget, 'jumps' | 'sudo'>[];
  /** Run commands through `sudo -n`: true for non-root users unless configured otherwise. */
  sudo: boolean;
}

/** Thrown when a host key was not accepted; the message says why and what to do. */
export class HostKeyRejectedError extends ExpectedError {}

export interface ConnectDeps {
  logger: Logger;
  prompter: CredentialPrompter;
  /** Decides on a presented host key; throws HostKeyRejectedError (with the reason) or resolves true. */
  verifyHostKey(question: HostKeyQuestion): Promise<true>;
  agent?: string;
  /** OpenSSH's default MaxSessions is 10; stay below it. */
  maxChannels?: number;
  readyTimeoutMs?: number;
}

// Keepalive as the issue asks: every 15 s, give up after 3 unanswered.
const KEEPALIVE_INTERVAL_MS = 15_000;
const KEEPALIVE_COUNT_MAX = 3;

/** Opens a connection, crossing any jump hosts; each hop's host key is verified too. */
export async function openConnection(target: ConnectTarget, deps: ConnectDeps): Promise<SshConnection> {
  const hops: Client[] = [];
  let sock: ClientChannel | undefined;
  try {
    for (const jump of target.jumps) {
      const { client: hop } = await connectClient(jump, deps, sock);
      hops.push(hop);
      const next = target.jumps[hops.length] ?? target;
      sock = await forward(hop, next.host, next.port);
    }
    const { client, authMethod } = await connectClient(target, deps, sock);
    // Closing the final connection tears down the hops under it.
    client.on('close', () => hops.forEach((hop) => hop.end()));
    return new SshConnection(
      client,
      { user: target.username, authMethod, sudo: target.sudo },
      new ChannelLimiter(deps.maxChannels ?? 8),
      deps.logger,
    );
  } catch (error) {
    hops.forEach((hop) => hop.end());
    throw error;
  }
}

function connectClient(
  target: Omit<ConnectTarget, 'jumps' | 'sudo'>,
  deps: ConnectDeps,
  sock?: ClientChannel,
): Promise<{ client: Client; authMethod: string }> {
  const client = new Client();
  const auth = createAuthHandler({ ...target, agent: deps.agent }, deps.prompter, deps.logger);
  const where = `${target.username}@${target.host}:${target.port}`;
  let hostKeyProblem: Error | undefined;
  const config: ConnectConfig = {
    host: target.host,
    port: target.port,
    username: target.username,
    sock,
    readyTimeout: deps.readyTimeoutMs ?? 20_000,
    keepaliveInterval: KEEPALIVE_INTERVAL_MS,
    keepaliveCountMax: KEEPALIVE_COUNT_MAX,
    authHandler: auth.handler,
    hostVerifier: (key: Buffer, verify: (accepted: boolean) => void) => {
      let question: HostKeyQuestion;
      try {
        question = { host: target.host, port: target.port, presented: publicKeyFromBlob(key) };
      } catch (error) {
        hostKeyProblem = new HostKeyRejectedError(`${where} sent a host key that cannot be read: ${String(error)}`);
        verify(false);
        return;
      }
      deps.verifyHostKey(question).then(
        () => verify(true),
        (error: unknown) => {
          hostKeyProblem = error instanceof Error ? error : new HostKeyRejectedError(String(error));
          verify(false);
        },
      );
    },
  };
  return new Promise((resolve, reject) => {
    const onError = (error: Error & { level?: string }) => {
      // ssh2 reports a missing or empty agent as an error, then goes on with the next method.
      if (error.level === 'agent') {
        deps.logger.debug(`ssh-agent not usable for ${where}: ${error.message}`);
        return;
      }
      cleanup();
      // ssh2 may report more errors while it tears down (e.g. "Connection lost before handshake"
      // after a refused handshake); with no listener left, Node would throw them as uncaught.
      client.on('error', (late: Error) => deps.logger.debug(`${where} after the failed connect: ${late.message}`));
      client.end();
      reject(hostKeyProblem ?? new Error(`Could not connect to ${where}: ${describeError(error)}`));
    };
    const onReady = () => {
      cleanup();
      client.on('error', (error: Error) => deps.logger.warn(`${where}: ${error.message}`));
      const authMethod = auth.succeededWith() ?? 'none';
      deps.logger.info(`connected to ${where} (${authMethod})`);
      resolve({ client, authMethod });
    };
    const cleanup = () => {
      client.off('error', onError);
      client.off('ready', onReady);
    };
    client.on('error', onError);
    client.on('ready', onReady);
    client.connect(config);
    // Small commands are latency-bound: without TCP_NODELAY, Nagle and delayed ACKs add ~40 ms each.
    client.setNoDelay(true);
  });
}

function forward(hop: Client, host: string, port: number): Promise<ClientChannel> {
  return new Promise((resolve, reject) =>
    hop.forwardOut('127.0.0.1', 0, host, port, (error, channel) =>
      error ? reject(new Error(`The jump host could not reach ${host}:${port}: ${error.message}`)) : resolve(channel),
    ),
  );
}

function describeError(error: Error & { level?: string }): string {
  if (error.level === 'client-authentication')
    return 'authentication failed (no key, agent identity or password was accepted)';
  if (/ECONNREFUSED/.test(error.message)) return 'the connection was refused (is sshd running on that port?)';
  if (/ETIMEDOUT|Timed out/.test(error.message)) return 'the host did not answer in time';
  if (/ENOTFOUND|EAI_AGAIN/.test(error.message)) return 'the host name could not be resolved';
  return error.message;
}
