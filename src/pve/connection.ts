import type { FileConnection } from '../remote/remoteFiles';
import type { SshConnection } from '../remote/sshConnection';

/** What the host model needs of a connection: running one remote operation, and SFTP for files. */
export type HostConnection = Pick<SshConnection, 'run'> & FileConnection;

/**
 * How the host model reaches a host. `node` names the cluster node a read or an action is for:
 * the one place where a cluster's node-local work can be routed to its own node.
 */
export type ConnectionSource = (host: string, node?: string) => Promise<HostConnection>;

/** A host's connection changed; `connected` is false once it dropped or was closed. */
export interface ConnectionChange {
  host: string;
  connected: boolean;
}

/** Subscribes to connection changes; the result ends the subscription. */
export type ConnectionEvents = (listener: (change: ConnectionChange) => void) => { dispose(): void };
