import type { StartedBackup } from '../../domain/backup/backupPlan';
import { backupPollOperation, LOG_PAGE, pathsToMeasure, type BackupPoll } from '../../domain/backup/backupPoll';
import { buildMonitorState, type SizeSample } from './monitorState';
import { proxmoxApi } from '../../domain/proxmox/api';
import type { TaskLogLine, TaskStatus } from '../../domain/proxmox/schemas';
import type { RemoteOperation } from '../../domain/shell/remoteOperation';
import type { MonitorState } from '../../protocol/backupMonitor';
import { errorMessage } from '../../shared/errorMessage';

type Run = <T>(operation: RemoteOperation<T>) => Promise<T>;

type Listener = (change: { newLines: TaskLogLine[] }) => void;

/**
 * Follows one vzdump task: one remote command per look (status, new log lines, sizes), every
 * two seconds while it runs, until it ends; then the archive is looked up on the storage.
 * No VS Code here, so the load benchmark runs it as it is.
 */
export class BackupFollower {
  readonly lines: TaskLogLine[] = [];
  private status: TaskStatus | undefined;
  private readonly samples: SizeSample[] = [];
  private archiveSize: number | undefined;
  private readonly listeners = new Set<Listener>();
  private readonly abort = new AbortController();
  /** Remote commands run so far, for the load benchmark. */
  commands = 0;
  /** Why the last look failed (connection lost, task unknown); cleared by the next good look. */
  error: string | undefined;
  /** Resolves when the task has ended and its archive was looked up, or when disposed. */
  readonly done: Promise<void>;
  private failures = 0;

  constructor(
    private readonly run: Run,
    readonly host: string,
    readonly node: string,
    readonly upid: string,
    private readonly intervalMs = 2000,
    /** how the extension started this backup, when it did */
    private readonly started?: StartedBackup,
  ) {
    this.done = this.follow();
  }

  state(): MonitorState {
    return buildMonitorState({
      host: this.host,
      node: this.node,
      upid: this.upid,
      lines: this.lines.map((l) => l.t),
      status: this.status,
      samples: this.samples,
      started: this.started,
      archiveSize: this.archiveSize,
      followError: this.error,
      now: Date.now(),
    });
  }

  get finished(): boolean {
    return this.status?.status === 'stopped';
  }

  /** Called after every look that changed something; returns a disposable to stop listening. */
  onDidChange(listener: Listener): { dispose(): void } {
    this.listeners.add(listener);
    return { dispose: () => this.listeners.delete(listener) };
  }

  dispose(): void {
    this.abort.abort();
    this.listeners.clear();
  }

  private fire(change: { newLines: TaskLogLine[] }): void {
    for (const listener of this.listeners) listener(change);
  }

  /**
   * Looks until the task ends. A failed look (the connection dropped, the host is busy) is shown
   * and retried, less often each time, because the backup itself goes on regardless.
   */
  private async follow(): Promise<void> {
    for (;;) {
      if (this.abort.signal.aborted) return;
      this.commands++;
      let poll: BackupPoll;
      try {
        poll = await this.run(
          backupPollOperation(this.node, this.upid, this.lines.length, pathsToMeasure(this.lines.map((l) => l.t))),
        );
      } catch (error: unknown) {
        if (this.abort.signal.aborted) return;
        this.failures++;
        this.error = errorMessage(error);
        this.fire({ newLines: [] });
        await this.sleep(Math.min(30_000, this.intervalMs * 2 ** this.failures));
        continue;
      }
      if (this.abort.signal.aborted) return;
      this.failures = 0;
      this.error = undefined;
      this.lines.push(...poll.lines);
      this.status = poll.status;
      const bytes = [...poll.sizes.values()].reduce((sum, size) => sum + size, 0);
      if (poll.sizes.size) this.samples.push({ at: Date.now(), bytes });
      if (this.samples.length > 30) this.samples.shift();
      const backlog = poll.lines.length >= LOG_PAGE;
      if (this.finished && !backlog) {
        await this.lookUpArchive();
        this.fire({ newLines: poll.lines });
        return;
      }
      this.fire({ newLines: poll.lines });
      if (!backlog) await this.sleep(this.intervalMs);
    }
  }

  /** The finished archive, as the storage lists it (its size proves it is really there). */
  private async lookUpArchive(): Promise<void> {
    const state = this.state();
    if (!state.archive || !state.storage || state.status !== 'ok') return;
    this.commands++;
    const content = await this.run(proxmoxApi.storageContent(this.node, state.storage, 'backup')).catch(() => []);
    const name = state.archive.path.split('/').pop() ?? '';
    this.archiveSize = content.find((item) => item.volid.endsWith(`/${name}`))?.size;
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.abort.signal.addEventListener('abort', () => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
