import * as vscode from 'vscode';
import type { Logger } from '../domain/logging/logger';
import { redactSecrets } from '../domain/logging/redact';
import { OUTPUT_CHANNEL_NAME } from '../ids';

/** Secrets the session learned (passwords typed, passphrases); masked wherever they appear. */
export class SecretRegistry {
  private readonly secrets = new Set<string>();
  add(secret: string): void {
    this.secrets.add(secret);
  }
  values(): Iterable<string> {
    return this.secrets;
  }
}

/** The one "Proxmox" log channel, wrapped so every line is redacted first. */
export function createLogger(secrets: SecretRegistry): { logger: Logger; channel: vscode.LogOutputChannel } {
  const channel = vscode.window.createOutputChannel(OUTPUT_CHANNEL_NAME, { log: true });
  return { logger: new ChannelLogger(channel, secrets, ''), channel };
}

class ChannelLogger implements Logger {
  constructor(
    private readonly channel: vscode.LogOutputChannel,
    private readonly secrets: SecretRegistry,
    private readonly prefix: string,
  ) {}

  trace(message: string): void {
    this.channel.trace(this.clean(message));
  }
  debug(message: string): void {
    this.channel.debug(this.clean(message));
  }
  info(message: string): void {
    this.channel.info(this.clean(message));
  }
  warn(message: string): void {
    this.channel.warn(this.clean(message));
  }
  error(message: string | Error): void {
    const text = message instanceof Error ? (message.stack ?? message.message) : message;
    this.channel.error(this.clean(text));
  }
  scoped(scope: string): Logger {
    return new ChannelLogger(this.channel, this.secrets, `${this.prefix}[${scope}] `);
  }

  private clean(message: string): string {
    return this.prefix + redactSecrets(message, this.secrets.values());
  }
}
