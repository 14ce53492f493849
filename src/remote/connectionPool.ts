import { logFailure } from '../domain/logging/logFailure';
import type { Logger } from '../domain/logging/logger';
import { HostKeyRejectedError, openConnection, type ConnectDeps, type ConnectTarget } from './connect';
import type { SshConnection } from './sshConnection';
import { errorMessage } from '../shared/errorMessage';

export type ConnectionState =
  { status: 'disconnected'; reason?: string } | { status: 'connecting' } | { status: 'connected' };

interface Slot {
  connection?: SshConnection;
  pending?: Promise<SshConnection>;
  state: ConnectionState;
  failures: number;
  lastFailureAt: number;
}

/** The reason of a connection the user closed: not a failure. */
export const DISCONNECTED_BY_USER = 'disconnected by the user';

const BACKOFF_START_MS = 500;
const BACKOFF_MAX_MS = 30_000;

/** How long to wait before the next attempt after `failures` failures in a row. */
export function backoffDelay(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(BACKOFF_MAX_MS, BACKOFF_START_MS * 2 ** (failures - 1));
}

/**
 * One connection per host, shared by everything (tree, runbooks, terminals, files). Callers
 * that arrive while a connection is being made wait for the same attempt. A dropped connection
 * shows as "disconnected" with its reason and is made again on the next use, after a backoff
 * that grows with repeated failures, with no window reload.
 */
export class ConnectionPool {
  private readonly slots = new Map<string, Slot>();
  private readonly listeners = new Set<(host: string, state: ConnectionState) => void>();
  private disposed = false;

  constructor(
    private readonly resolveTarget: (hostName: string) => Promise<ConnectTarget>,
    private readonly deps: ConnectDeps,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  onDidChangeState(listener: (host: string, state: ConnectionState) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  state(hostName: string): ConnectionState {
    return this.slots.get(hostName)?.state ?? { status: 'disconnected' };
  }

  /** The live connection to a host, connecting (or reconnecting) when needed. */
  get(hostName: string, options: { skipBackoff?: boolean } = {}): Promise<SshConnection> {
    if (this.disposed) return Promise.reject(new Error('The connection pool was disposed'));
    const slot = this.slot(hostName);
    if (slot.connection && !slot.connection.closed) return Promise.resolve(slot.connection);
    slot.pending ??= this.connect(hostName, slot, options.skipBackoff ?? false).finally(() => {
      slot.pending = undefined;
    });
    return slot.pending;
  }

  disconnect(hostName: string): void {
    const slot = this.slots.get(hostName);
    if (!slot?.connection) return;
    const connection = slot.connection;
    slot.connection = undefined;
    slot.failures = 0;
    connection.close();
    this.setState(hostName, slot, { status: 'disconnected', reason: DISCONNECTED_BY_USER });
  }

  dispose(): void {
    this.disposed = true;
    for (const [host, slot] of this.slots) {
      slot.connection?.close();
      slot.connection = undefined;
      this.setState(host, slot, { status: 'disconnected' });
    }
    this.listeners.clear();
  }

  private async connect(hostName: string, slot: Slot, skipBackoff: boolean): Promise<SshConnection> {
    // Let get() store this attempt first: a state listener that asks for the connection again
    // (the status bar does) must join it, not start another one from inside the event.
    await Promise.resolve();
    const wait = skipBackoff ? 0 : slot.lastFailureAt + backoffDelay(slot.failures) - this.now();
    if (wait > 0) {
      this.logger.debug(`${hostName}: waiting ${wait} ms before reconnecting`);
      await new Promise((resolve) => setTimeout(resolve, wait));
    }
    this.setState(hostName, slot, { status: 'connecting' });
    try {
      const connection = await openConnection(await this.resolveTarget(hostName), this.deps);
      slot.connection = connection;
      slot.failures = 0;
      connection.onClose((reason) => {
        if (slot.connection !== connection) return;
        slot.connection = undefined;
        slot.failures = 1;
        slot.lastFailureAt = this.now();
        this.logger.warn(`${hostName}: connection lost (${reason})`);
        this.setState(hostName, slot, { status: 'disconnected', reason: `connection lost: ${reason}` });
      });
      this.setState(hostName, slot, { status: 'connected' });
      return connection;
    } catch (error) {
      // A refused host key is a decision, not a network hiccup: no backoff, ask again next time.
      if (!(error instanceof HostKeyRejectedError)) {
        slot.failures++;
        slot.lastFailureAt = this.now();
      }
      logFailure(this.logger, error, `${hostName}: not connected`);
      this.setState(hostName, slot, { status: 'disconnected', reason: errorMessage(error) });
      throw error;
    }
  }

  private slot(hostName: string): Slot {
    let slot = this.slots.get(hostName);
    if (!slot) {
      slot = { state: { status: 'disconnected' }, failures: 0, lastFailureAt: 0 };
      this.slots.set(hostName, slot);
    }
    return slot;
  }

  private setState(hostName: string, slot: Slot, state: ConnectionState): void {
    slot.state = state;
    for (const listener of this.listeners) listener(hostName, state);
  }
}
