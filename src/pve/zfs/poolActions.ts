import type { Logger } from '../../domain/logging/logger';
import { proxmoxApi } from '../../domain/proxmox/api';
import type { RemoteOperation } from '../../domain/shell/remoteOperation';

// Scrub, Stop Scrub and Clear Errors of a ZFS pool, from the Proxmox view or the ZFS health
// panel alike: the same question, the same host command, the same log line. No 'vscode' here, so
// the order (ask, then be busy while the host works, then log) is tested in plain node; each
// caller shows its own busy state (a notification, a disabled button).

export type PoolAction = 'scrub' | 'stopScrub' | 'clear';

/** What Clear Errors must make plain before it runs, wherever it is offered. */
export const CLEAR_ERRORS_DETAIL =
  'zpool clear resets the error counters and the list of damaged files. It repairs NOTHING: damaged ' +
  'files stay damaged, and backups taken from them carry the damage. Restore or rebuild the affected ' +
  'guests first; a scrub afterwards shows what is still wrong.';

const WORDS: Record<PoolAction, { doing: string; done: (pool: string, host: string) => string }> = {
  scrub: { doing: 'Starting scrub', done: (pool, host) => `scrub of ${pool} on ${host} started` },
  stopScrub: { doing: 'Stopping scrub', done: (pool, host) => `scrub of ${pool} on ${host} stopped` },
  clear: { doing: 'Clearing errors', done: (pool, host) => `errors of ${pool} on ${host} cleared` },
};

function operation(action: PoolAction, pool: string): RemoteOperation<string> {
  return action === 'clear' ? proxmoxApi.zpoolClear(pool) : proxmoxApi.zpoolScrub(pool, action === 'stopScrub');
}

/** What a button says while the host works on it: "Starting scrub…". */
export function poolActionBusyText(action: PoolAction): string {
  return `${WORDS[action].doing}…`;
}

/** The title of the progress notification: "Starting scrub of rpool on pve2…". */
export function poolActionProgressTitle(action: PoolAction, pool: string, host: string): string {
  return `${WORDS[action].doing} of ${pool} on ${host}…`;
}

export interface PoolActionDeps {
  run<T>(host: string, operation: RemoteOperation<T>): Promise<T>;
  confirm(message: string, detail: string, action: string, safe: string): Promise<boolean>;
  logger: Logger;
}

/**
 * Runs one action on a pool. Clear Errors asks first, with "Keep Errors" as the safe answer.
 * `busy` wraps only the host command (`zpool scrub` can take a minute to return on a slow pool),
 * not the question. One info line when the host has done it; a failure is thrown for the caller
 * to report (one warning line). False when the user kept things as they were.
 */
export async function performPoolAction(
  deps: PoolActionDeps,
  action: PoolAction,
  host: string,
  pool: string,
  busy: <T>(work: () => Promise<T>) => Promise<T> = (work) => work(),
): Promise<boolean> {
  if (
    action === 'clear' &&
    !(await deps.confirm(`Clear the errors of ${pool} on ${host}?`, CLEAR_ERRORS_DETAIL, 'Clear Errors', 'Keep Errors'))
  )
    return false;
  await busy(() => deps.run(host, operation(action, pool)));
  deps.logger.info(WORDS[action].done(pool, host));
  return true;
}
