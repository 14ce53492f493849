import { parseZpoolStatusJson } from './zpoolStatusJson';
import { parseZpoolStatusText } from './zpoolStatusText';
import type { ZpoolStatus } from './types';

export type { PoolErrors, ScanKind, ScanState, Vdev, VdevSection, ZpoolScan, ZpoolStatus } from './types';
export { VDEV_SECTIONS } from './types';
export { parseZpoolStatusJson } from './zpoolStatusJson';
export { parseZpoolStatusText } from './zpoolStatusText';
export { summarizePoolErrors } from './summarizePoolErrors';

/**
 * One object per pool from the output of `zpool status [-v]` or `zpool status -j [-v]`. JSON is
 * recognised by its first character, so callers need not know which the host printed (zfs-fuse and
 * OpenZFS before 2.3 have no -j). Text output never starts with "{": its first line is "  pool:" or a
 * message such as "no pools available". Unreadable JSON throws; text never does (lines it does not
 * know are skipped, and output with no pool gives []).
 */
export function parseZpoolStatus(text: string): ZpoolStatus[] {
  return /^\s*\{/.test(text) ? parseZpoolStatusJson(text) : parseZpoolStatusText(text);
}
