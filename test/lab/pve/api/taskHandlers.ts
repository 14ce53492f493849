import * as fs from 'node:fs';
import { hostPath } from '../labPaths';
import { sleepSync } from '../fsUtil';
import { ApiError, ParamError } from './apiError';
import type { Params } from './routes';
import { dumpLogfile, type LogLine } from '../tasks/taskLog';
import { isProcessRunning } from '../tasks/procStat';
import {
  readArchivedTasks,
  readTaskStatus,
  readUnsavedActiveTasks,
  refreshActiveTasks,
  type TaskEntry,
} from '../tasks/taskStore';
import { decodeUpid, taskLogPath, type Upid } from '../tasks/upid';

function statusType(status: string | undefined): 'ok' | 'warning' | 'error' | 'unknown' {
  if (!status) return 'unknown';
  if (status === 'OK') return 'ok';
  if (/^WARNINGS: \d+$/.test(status)) return 'warning';
  if (status === 'unexpected status') return 'unknown';
  return 'error';
}

/** GET /nodes/{node}/tasks, with the filters and paging of PVE/API2/Tasks.pm. */
export function listTasks(params: Params): TaskEntry[] {
  refreshActiveTasks();
  const start = Number(params.start ?? 0);
  let limit = Number(params.limit ?? 50);
  const source = String(params.source ?? 'archive');
  const errorsOnly = Number(params.errors ?? 0) === 1;
  let statusFilter: Record<string, boolean> = { ok: true, warning: true, error: true, unknown: true };
  if (params.statusfilter !== undefined && !errorsOnly) {
    statusFilter = { ok: false, warning: false, error: false, unknown: false };
    for (const f of String(params.statusfilter)
      .split(/[\s,;]+/)
      .filter(Boolean))
      statusFilter[f.toLowerCase()] = true;
  } else if (errorsOnly) statusFilter.ok = false;

  let count = 0;
  const res: TaskEntry[] = [];
  const filtered = (t: TaskEntry): boolean => {
    if (params.userfilter !== undefined && !t.user.toLowerCase().includes(String(params.userfilter).toLowerCase()))
      return true;
    if (params.typefilter !== undefined && t.type !== params.typefilter) return true;
    if (params.vmid !== undefined && (!t.id || t.id !== String(params.vmid))) return true;
    if (params.since !== undefined && t.starttime < Number(params.since)) return true;
    if (params.until !== undefined && t.starttime > Number(params.until)) return true;
    if (!statusFilter[statusType(t.status)]) return true;
    if (count++ < start) return true;
    if (limit <= 0) return true;
    return false;
  };
  if (source === 'active' || source === 'all') {
    for (const t of readUnsavedActiveTasks()) {
      if (!filtered(t)) {
        res.push(t);
        limit--;
      }
    }
  }
  if (source !== 'active') {
    for (const t of readArchivedTasks()) {
      if (!filtered(t)) {
        res.push(t);
        limit--;
      }
    }
  }
  return res;
}

function decodeOrThrow(upid: string): Upid {
  const task = decodeUpid(upid);
  if (!task) throw new ParamError({ upid: 'unable to parse worker upid' });
  return task;
}

/** GET /nodes/{node}/tasks/{upid}/status */
export function taskStatus(upid: string): Record<string, unknown> {
  const task = decodeOrThrow(upid);
  if (!fs.existsSync(hostPath(taskLogPath(upid)))) throw new ParamError({ upid: 'no such task' });
  const running = isProcessRunning(task.pid, task.pstart);
  return {
    ...task,
    upid,
    status: running ? 'running' : 'stopped',
    ...(running ? {} : { exitstatus: readTaskStatus(upid) }),
  };
}

/** GET /nodes/{node}/tasks/{upid}/log */
export function taskLog(upid: string, params: Params): LogLine[] {
  decodeOrThrow(upid);
  return dumpLogfile(hostPath(taskLogPath(upid)), Number(params.start ?? 0), Number(params.limit ?? 50)).lines;
}

/** DELETE /nodes/{node}/tasks/{upid}: TERM the worker's process group, KILL after 5 s. */
export function stopTask(upid: string): null {
  const task = decodeOrThrow(upid);
  if (!fs.existsSync(hostPath(taskLogPath(upid)))) throw new ParamError({ upid: 'no such task' });
  if (!isProcessRunning(task.pid, task.pstart)) return null;
  const signal = (sig: NodeJS.Signals): void => {
    try {
      process.kill(-task.pid, sig);
    } catch {
      try {
        process.kill(task.pid, sig);
      } catch {
        // gone
      }
    }
  };
  signal('SIGTERM');
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    if (!isProcessRunning(task.pid, task.pstart)) return null;
    sleepSync(50);
  }
  signal('SIGKILL');
  return null;
}

export function requireTaskExists(upid: string): void {
  if (!decodeUpid(upid)) throw new ApiError(`unable to parse worker upid '${upid}'`);
}
