import { setTimeout as delay } from 'node:timers/promises';

/** What a probe gives while the awaited thing is not there yet. */
export type NotYet = undefined | null | false;

export interface WaitOptions {
  /** How long to keep probing before failing; 20 s unless told. */
  timeoutMs?: number;
  /** The pause between two probes; 25 ms unless told (probes that run a remote command ask for more). */
  intervalMs?: number;
}

/** The wait ran out of time; its message names what was awaited. */
export class WaitTimeoutError extends Error {
  override name = 'WaitTimeoutError';
}

/**
 * The one poll-until of the tests, the lab and its tools: calls `probe` until it gives a value
 * (anything but undefined, null or false) and returns that value. After `timeoutMs` it fails with
 * "timed out after N ms waiting for <what>". A probe that throws ends the wait with its error.
 * For things that announce themselves (events, promises), await those instead.
 */
export async function waitUntil<T>(
  what: string,
  probe: () => T | PromiseLike<T>,
  { timeoutMs = 20_000, intervalMs = 25 }: WaitOptions = {},
): Promise<Exclude<T, NotYet>> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (isReady(value)) return value;
    if (Date.now() > deadline) throw new WaitTimeoutError(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await delay(intervalMs);
  }
}

function isReady<T>(value: T): value is Exclude<T, NotYet> {
  return value !== undefined && value !== null && value !== false;
}
