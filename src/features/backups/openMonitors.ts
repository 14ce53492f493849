import type * as vscode from 'vscode';
import * as z from 'zod';
import type { OpenMonitor } from '../../domain/backup/restoredMonitor';

const KEY = 'pve.backup.openMonitors';
const KEEP = 30;
const StoredSchema = z.array(z.object({ host: z.string(), upid: z.string() }));

/** The backup monitors open in this workspace, oldest first, for restoring them after a reload. */
export class OpenMonitors {
  constructor(private readonly memento: vscode.Memento) {}

  list(): OpenMonitor[] {
    const stored = StoredSchema.safeParse(this.memento.get(KEY));
    return stored.success ? stored.data : [];
  }

  async add(monitor: OpenMonitor): Promise<void> {
    await this.memento.update(KEY, [...this.list().filter((m) => m.upid !== monitor.upid), monitor].slice(-KEEP));
  }

  async remove(upid: string): Promise<void> {
    await this.memento.update(
      KEY,
      this.list().filter((m) => m.upid !== upid),
    );
  }
}
