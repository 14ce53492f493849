// The model of `zpool status` output, shared by the text and the JSON readers.
// Optional fields are left out (not set to undefined) when the output does not print them.

export type ScanKind = 'scrub' | 'resilver' | 'none';
/** A paused scrub counts as 'in-progress': it has not finished and was not canceled. */
export type ScanState = 'finished' | 'in-progress' | 'canceled' | 'none';

export interface ZpoolScan {
  kind: ScanKind;
  state: ScanState;
  /** The "% done" figure as zpool prints it; it can exceed 100 (zpool-status(8) says so). */
  percent?: number;
  /** The "with N errors" count of a finished or stopped scan. */
  errors?: number;
  /** The scan lines as printed, each trimmed, joined with "\n". */
  text: string;
}

/** The class sections of the config tree, named as `zpool status` heads them. */
export type VdevSection = 'logs' | 'cache' | 'spares' | 'special' | 'dedup';

export const VDEV_SECTIONS: readonly VdevSection[] = ['dedup', 'special', 'logs', 'cache', 'spares'];

export interface Vdev {
  name: string;
  /** ONLINE, DEGRADED, FAULTED, OFFLINE, UNAVAIL, REMOVED, SPLIT, UNKNOWN; INUSE/AVAIL for spares; '' for a class header. */
  state: string;
  read: number;
  write: number;
  cksum: number;
  children: Vdev[];
  /** Set on a class section entry and on every vdev below it; absent in the pool's own tree. */
  section?: VdevSection;
  /** What zpool prints after the counters: `too many errors`, `(resilvering)`, `was /dev/sdv1`, ... */
  note?: string;
}

export interface PoolErrors {
  /** True only when zpool said "No known data errors" (JSON: error_count 0). */
  clean: boolean;
  /** The entries under "Permanent errors have been detected ...", as printed (paths, dataset:<0x..>, <metadata>:<0x..>). */
  permanent: string[];
  /** True when zpool said the error list could not be read ("errors: List of errors unavailable ..."). */
  unavailable?: boolean;
}

export interface ZpoolStatus {
  name: string;
  /** The pool health of ` state:` (ONLINE, DEGRADED, FAULTED, SUSPENDED, UNAVAIL, ...). */
  state: string;
  /** The `status:` text with its continuation lines joined by one space. */
  status?: string;
  action?: string;
  /** The URL of the `see:` line. */
  see?: string;
  scan?: ZpoolScan;
  /** The pool's root vdev first, then one entry per class section (dedup, special, logs, cache, spares). */
  vdevs: Vdev[];
  errors: PoolErrors;
}
