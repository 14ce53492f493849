import type { ZpoolStatus } from './types';

/**
 * Remembers which damaged files were already seen, so a refresh that finds the same list says
 * nothing and one that finds a new entry says so once. The first look at a host only sets the
 * baseline: damage known on connecting is shown by the status bar and the tree, not announced.
 */
export class DamageAnnouncer {
  private readonly seen = new Set<string>();
  private readonly hosts = new Set<string>();

  /** The entries of these pools not seen before on this host (none on its first look). */
  fresh(host: string, pools: readonly Pick<ZpoolStatus, 'name' | 'errors'>[]): { pool: string; entry: string }[] {
    const firstLook = !this.hosts.has(host);
    this.hosts.add(host);
    const found: { pool: string; entry: string }[] = [];
    for (const pool of pools) {
      for (const entry of pool.errors.permanent) {
        const key = JSON.stringify([host, pool.name, entry]);
        if (this.seen.has(key)) continue;
        this.seen.add(key);
        if (!firstLook) found.push({ pool: pool.name, entry });
      }
    }
    return found;
  }
}
