import type * as vscode from 'vscode';
import * as z from 'zod';
import type { StartedBackup } from '../../domain/backup/backupPlan';

const KEY = 'pve.backup.started';
/** Enough for the monitors a user keeps open; older entries go first. */
const KEEP = 30;

const StartedBackupSchema = z.object({
  vmid: z.number().int(),
  storage: z.string(),
  mode: z.enum(['snapshot', 'suspend', 'stop']),
  compress: z.enum(['zstd', 'gzip', 'lzo', '0']),
  guestName: z.string(),
  guestType: z.enum(['lxc', 'qemu']),
  command: z.string(),
});
const StoredSchema = z.array(z.object({ upid: z.string(), backup: StartedBackupSchema }));

/**
 * The backups this extension started, by task id, kept across window reloads: the monitor of a
 * job that never got the global lock has nothing else to show how it was started.
 */
export class StartedBackups {
  constructor(private readonly memento: vscode.Memento) {}

  get(upid: string): StartedBackup | undefined {
    return this.entries().find((entry) => entry.upid === upid)?.backup;
  }

  async remember(upid: string, backup: StartedBackup): Promise<void> {
    const others = this.entries().filter((entry) => entry.upid !== upid);
    await this.memento.update(KEY, [...others, { upid, backup }].slice(-KEEP));
  }

  private entries(): z.infer<typeof StoredSchema> {
    const stored = StoredSchema.safeParse(this.memento.get(KEY));
    return stored.success ? stored.data : [];
  }
}
