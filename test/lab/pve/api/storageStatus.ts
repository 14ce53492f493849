import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { fileSystemUsage } from '../fsUtil';
import { hostPath, isRealRoot } from '../labPaths';
import { contentList, readStorageCfg, type StorageEntry } from '../config/storageConfig';
import { runZfsTool } from './zfs';

export interface StorageStatus {
  storage: string;
  type: string;
  content: string;
  active: 0 | 1;
  enabled: 0 | 1;
  shared: 0 | 1;
  total: number;
  used: number;
  avail: number;
  used_fraction: number;
  /** activation error printed by pvesm status before its table */
  error?: string;
}

const NETWORK_TYPES = new Set(['nfs', 'cifs']);

/**
 * Proxmox asks a network storage's server before touching its mount (NFSPlugin's
 * check_connection) and gives up with "storage '<id>' is not online" when it does not answer. The
 * lab has no server to ask, so it asks the mount itself, in a child it can give up on: a statfs on
 * a hung mount never returns.
 */
export function networkStorageOffline(s: StorageEntry): string | undefined {
  if (!NETWORK_TYPES.has(s.type)) return undefined;
  const probe = spawnSync('stat', ['-f', '-c', '%b', hostPath(s.path ?? '/nonexistent')], {
    timeout: 2000,
    stdio: 'ignore',
  });
  return probe.error || probe.signal ? `storage '${s.storage}' is not online` : undefined;
}

function usageOf(s: StorageEntry): { total: number; used: number; avail: number } | string {
  const offline = networkStorageOffline(s);
  if (offline) return offline;
  if (s.type === 'zfspool') {
    const pool = s.pool ?? '';
    const out = runZfsTool('zfs', ['get', '-o', 'value', '-Hp', 'available,used', pool]);
    if (out === undefined) {
      if (isRealRoot()) return `zfs error: cannot open '${pool}': dataset does not exist`;
      return { total: 158_000_000_000, used: 0, avail: 158_000_000_000 };
    }
    const [avail, used] = out.trim().split('\n').map(Number);
    return { total: (avail ?? 0) + (used ?? 0), used: used ?? 0, avail: avail ?? 0 };
  }
  const dir = hostPath(s.path ?? '/nonexistent');
  if (!fs.existsSync(dir)) return `unable to activate storage '${s.storage}' - directory '${s.path}' does not exist`;
  return fileSystemUsage(dir);
}

/** GET /nodes/{node}/storage: status of every configured storage (df of its directory). */
export function storageStatuses(): StorageStatus[] {
  return readStorageCfg().map((s) => {
    const usage = s.disabled ? { total: 0, used: 0, avail: 0 } : usageOf(s);
    const ok = typeof usage !== 'string';
    const u = ok ? usage : { total: 0, used: 0, avail: 0 };
    return {
      storage: s.storage,
      type: s.type,
      content: contentList(s),
      active: ok && !s.disabled ? 1 : 0,
      enabled: s.disabled ? 0 : 1,
      shared: s.shared ? 1 : 0,
      total: u.total,
      used: u.used,
      avail: u.avail,
      used_fraction: u.total > 0 ? u.used / u.total : 0,
      ...(ok ? {} : { error: usage }),
    };
  });
}
