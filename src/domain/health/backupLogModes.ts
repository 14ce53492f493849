import type { StorageDefinition } from '../proxmox/storageConfig';
import { dumpDirectory } from '../proxmox/storageConfig';
import type { RemoteOperation } from '../shell/remoteOperation';
import { quoteShellArg } from '../shell/shellQuote';

// vzdump keeps each archive's log next to it (vzdump-lxc-1031-<date>.log), and the log says which
// mode the backup ran in ("INFO: backup mode: stop"). That is how a guest was really backed up,
// whatever the policy says now.

/** The log file of an archive on a file-based storage, or undefined (PBS, no path). */
export function archiveLogPath(volid: string, storages: readonly StorageDefinition[]): string | undefined {
  const [storageId = '', volume = ''] = volid.split(/:(.*)/s);
  const storage = storages.find((s) => s.id === storageId);
  const dir = storage ? dumpDirectory(storage) : undefined;
  const file = volume.replace(/^backup\//, '');
  if (!dir || !file || file.includes('/') || !/\.(tar|vma)(\.\w+)?$/.test(file)) return undefined;
  return `${dir}/${file.replace(/\.(tar|vma)(\.\w+)?$/, '.log')}`;
}

/** One round trip: the mode line of each log ('' when the log is missing or says nothing). */
export function backupLogModesOperation(logPaths: readonly string[]): RemoteOperation<Map<string, string>> {
  const script = [
    'LC_ALL=C; export LC_ALL',
    `for f in ${logPaths.map(quoteShellArg).join(' ')}; do`,
    '  m=$(grep -m1 -o "backup mode: [a-z]*" "$f" 2>/dev/null)',
    '  printf "%s\\t%s\\n" "${m#backup mode: }" "$f"',
    'done',
  ].join('\n');
  return {
    command: { script },
    parse: (output) =>
      new Map(
        output.stdout.split('\n').flatMap((line) => {
          const match = /^([a-z]*)\t(.+)$/.exec(line);
          return match ? [[match[2] ?? '', match[1] ?? ''] as [string, string]] : [];
        }),
      ),
  };
}
