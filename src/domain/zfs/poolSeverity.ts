import type { ZpoolStatus } from './types';

/**
 * One judgement of a pool for every place that colours it (tree, status bar, health panel):
 * ok only when ONLINE with no known data errors; a pool that still serves data but has damage or
 * a missing side needs attention; anything that no longer serves data is an error.
 */
export function poolSeverity(pool: Pick<ZpoolStatus, 'state' | 'errors'>): 'ok' | 'warning' | 'error' {
  if (pool.state === 'ONLINE' && pool.errors.clean) return 'ok';
  return pool.state === 'ONLINE' || pool.state === 'DEGRADED' ? 'warning' : 'error';
}
