/**
 * The host model's one cache. It remembers the pending answer of each key, so concurrent askers
 * share one remote call; forgets an answer that failed, so the next ask tries again; and forgets
 * on demand, after an action, a save or a reconnect changed what the host would answer.
 */
export class Memo {
  private readonly entries = new Map<string, { pending: Promise<unknown>; ask: () => Promise<unknown> }>();

  /** The remembered answer for `key`, or `ask()`'s, remembered. Keys are typed by their callers. */
  get<T>(key: string, ask: () => Promise<T>): Promise<T> {
    const known = this.entries.get(key);
    if (known) return known.pending as Promise<T>;
    const pending = ask();
    const entry = { pending, ask };
    this.entries.set(key, entry);
    pending.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    return pending;
  }

  /** Forgets the keys that start with `prefix`, or every key without one. */
  forget(prefix?: string): void {
    if (prefix === undefined) return this.entries.clear();
    for (const key of [...this.entries.keys()]) if (key.startsWith(prefix)) this.entries.delete(key);
  }

  /**
   * Asks again everything that was asked, and settles when all answered. Askers meanwhile get the
   * new answers; the old ones are dropped at once, so nobody reads a stale one during the reload.
   */
  async refresh(): Promise<void> {
    const asked = [...this.entries];
    this.entries.clear();
    await Promise.allSettled(asked.map(([key, { ask }]) => this.get(key, ask)));
  }
}
