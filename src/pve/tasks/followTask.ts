import { proxmoxApi } from '../../domain/proxmox/api';
import type { RemoteOperation } from '../../domain/shell/remoteOperation';

export interface TaskOutcome {
  upid: string;
  ok: boolean;
  /** The task's final status: OK, WARNINGS: n, or the error text. */
  exitStatus: string;
  /** The log lines that explain a failure (errors first), for the message to the user. */
  errorLines: string[];
}

type Run = <T>(operation: RemoteOperation<T>) => Promise<T>;

/** Polls a task until it stops, then reads its end state (and, on failure, why). */
export async function followTask(
  run: Run,
  node: string,
  upid: string,
  options: { signal?: AbortSignal; intervalMs?: number } = {},
): Promise<TaskOutcome> {
  let interval = options.intervalMs ?? 300;
  for (;;) {
    options.signal?.throwIfAborted();
    const status = await run(proxmoxApi.taskStatus(node, upid));
    if (status.status === 'stopped') {
      const exitStatus = status.exitstatus ?? 'unknown';
      const ok = exitStatus === 'OK' || exitStatus.startsWith('WARNINGS');
      const errorLines = ok ? [] : pickErrorLines((await run(proxmoxApi.taskLog(node, upid))).map((line) => line.t));
      return { upid, ok, exitStatus, errorLines };
    }
    await new Promise((resolve) => setTimeout(resolve, interval));
    interval = Math.min(2000, interval * 1.5);
  }
}

function pickErrorLines(lines: string[]): string[] {
  const errors = lines.filter((line) => /error|failed|unable|cannot|not permitted|locked/i.test(line));
  return (errors.length ? errors : lines).slice(-5);
}
