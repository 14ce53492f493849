import type { ZpoolStatus } from './types';

/**
 * One short line for the sidebar and status bar: "3 files with permanent errors", "no known data
 * errors", "error list unavailable", or "errors not listed" when the output had no list (`zpool status`
 * without -v prints only "N data errors", and an excerpt may stop before the errors line).
 */
export function summarizePoolErrors(pool: Pick<ZpoolStatus, 'errors'>): string {
  const { clean, permanent, unavailable } = pool.errors;
  if (permanent.length > 0)
    return `${permanent.length} ${permanent.length === 1 ? 'file' : 'files'} with permanent errors`;
  if (unavailable) return 'error list unavailable';
  if (clean) return 'no known data errors';
  return 'errors not listed';
}
