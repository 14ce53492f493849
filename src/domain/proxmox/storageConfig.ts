// /etc/pve/storage.cfg: sections "type: id" followed by indented "key value" lines.

export interface StorageDefinition {
  id: string;
  type: string;
  options: Record<string, string>;
}

export function parseStorageCfg(text: string): StorageDefinition[] {
  const storages: StorageDefinition[] = [];
  let current: StorageDefinition | undefined;
  for (const raw of text.split('\n')) {
    if (!raw.trim() || raw.trimStart().startsWith('#')) continue;
    const header = /^(\S+):\s*(\S+)\s*$/.exec(raw);
    if (header?.[1] && header[2]) {
      current = { type: header[1], id: header[2], options: {} };
      storages.push(current);
      continue;
    }
    const option = /^\s+(\S+)(?:\s+(.*))?$/.exec(raw);
    if (current && option?.[1]) current.options[option[1]] = (option[2] ?? '').trim();
  }
  return storages;
}

/** Where vzdump writes archives on a file-based storage: <path>/dump. */
export function dumpDirectory(storage: StorageDefinition): string | undefined {
  const path = storage.options.path;
  return path ? `${path.replace(/\/+$/, '')}/dump` : undefined;
}
