/**
 * Keeps the number of open SSH channels under the server's MaxSessions (OpenSSH: 10) and
 * queues the rest in order, so a burst of commands waits instead of failing with
 * "open failure". A queued caller whose AbortSignal fires leaves the queue.
 */
export class ChannelLimiter {
  private active = 0;
  private readonly waiting: Array<{ grant: () => void; signal?: AbortSignal; onAbort?: () => void }> = [];

  constructor(private readonly max: number) {
    if (max < 1) throw new Error('A channel limit must be at least 1');
  }

  get inUse(): number {
    return this.active;
  }

  get queued(): number {
    return this.waiting.length;
  }

  /** Resolves with a release function once a channel slot is free. Call release exactly once. */
  acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) return Promise.reject(abortError(signal));
    if (this.active < this.max) {
      this.active++;
      return Promise.resolve(this.releaser());
    }
    return new Promise((resolve, reject) => {
      const entry: (typeof this.waiting)[number] = { grant: () => resolve(this.releaser()), signal };
      if (signal) {
        entry.onAbort = () => {
          const index = this.waiting.indexOf(entry);
          if (index >= 0) this.waiting.splice(index, 1);
          reject(abortError(signal));
        };
        signal.addEventListener('abort', entry.onAbort, { once: true });
      }
      this.waiting.push(entry);
    });
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiting.shift();
      if (!next) {
        this.active--;
        return;
      }
      if (next.signal && next.onAbort) next.signal.removeEventListener('abort', next.onAbort);
      next.grant(); // the slot passes straight to the next caller
    };
  }
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  const error = new Error('The operation was cancelled');
  error.name = 'AbortError';
  return error;
}
