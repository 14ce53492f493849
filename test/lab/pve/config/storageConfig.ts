import * as z from '../schemas/z';
import { hostPath, PATHS } from '../labPaths';
import { readFileIfExists } from '../fsUtil';

export const StorageEntrySchema = z.object({
  type: z.enum(['dir', 'zfspool', 'nfs', 'lvmthin', 'lvm', 'cifs', 'pbs']),
  storage: z.string().regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]$/i),
  path: z.string().optional(),
  pool: z.string().optional(),
  server: z.string().optional(),
  export: z.string().optional(),
  content: z.array(z.string()),
  shared: z.boolean(),
  disabled: z.boolean(),
  pruneBackups: z.string().optional(),
});
export type StorageEntry = z.infer<typeof StorageEntrySchema>;

/** Parses the section config format of /etc/pve/storage.cfg. */
export function parseStorageCfg(raw: string): StorageEntry[] {
  const result: StorageEntry[] = [];
  let current: Record<string, unknown> | undefined;
  const flush = (): void => {
    if (current) result.push(StorageEntrySchema.parse(current));
    current = undefined;
  };
  for (const line of raw.split('\n')) {
    if (line.trim() === '' || line.trim().startsWith('#')) {
      if (line.trim() === '') flush();
      continue;
    }
    const head = /^(\S+):\s*(\S+)\s*$/.exec(line);
    if (head) {
      flush();
      const type = head[1] ?? '';
      current = { type, storage: head[2], content: [], shared: type === 'nfs' || type === 'cifs', disabled: false };
      continue;
    }
    const prop = /^\s+(\S+)(?:\s+(.*?))?\s*$/.exec(line);
    if (!prop || !current) continue;
    const key = prop[1] ?? '';
    const value = prop[2] ?? '';
    if (key === 'content') current.content = value.split(',').filter(Boolean);
    else if (key === 'disable') current.disabled = true;
    else if (key === 'shared') current.shared = value !== '0';
    else if (key === 'prune-backups') current.pruneBackups = value;
    else if (['path', 'pool', 'server', 'export'].includes(key)) current[key] = value;
  }
  flush();
  return result;
}

export function readStorageCfg(): StorageEntry[] {
  return parseStorageCfg(readFileIfExists(hostPath(PATHS.storageCfg)) ?? '');
}

export function findStorage(id: string): StorageEntry | undefined {
  return readStorageCfg().find((s) => s.storage === id);
}

/** Directory holding backups of a file-based storage. */
export function dumpDirOf(storage: StorageEntry): string | undefined {
  return storage.path ? `${storage.path}/dump` : undefined;
}

/** Resolves 'storage:vmid/file.raw' to a host path for dir-like storages. */
export function volumePath(volid: string): string | undefined {
  const m = /^([^:]+):(.+)$/.exec(volid);
  if (!m) return undefined;
  const storage = findStorage(m[1] ?? '');
  if (!storage?.path) return undefined;
  const name = m[2] ?? '';
  if (name.startsWith('backup/')) return `${storage.path}/dump/${name.slice('backup/'.length)}`;
  return `${storage.path}/images/${name}`;
}

/** Content types sorted like PVE prints them. */
export function contentList(storage: StorageEntry): string {
  return [...storage.content].sort().join(',');
}
