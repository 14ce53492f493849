import * as fs from 'node:fs';
import * as path from 'node:path';
import { hostPath, PATHS } from '../labPaths';
import { readFileIfExists, withLockFile, writeFileAtomic } from '../fsUtil';
import { isProcessRunning } from './procStat';
import { decodeUpid, taskLogPath, type Upid } from './upid';

/** A task as listed by the task APIs. */
export interface TaskEntry extends Upid {
  upid: string;
  endtime?: number;
  status?: string;
}

interface ActiveEntry extends TaskEntry {
  saved: boolean;
}

const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');
const activeFile = (): string => hostPath(`${PATHS.tasksDir}/active`);
const indexFile = (): string => hostPath(`${PATHS.tasksDir}/index`);
const activeLock = (): string => hostPath(`${PATHS.tasksDir}/.active.lock`);

/** read_active_workers: `UPID saved [endtime [status]]` */
function readActive(): ActiveEntry[] {
  const raw = readFileIfExists(activeFile()) ?? '';
  const res: ActiveEntry[] = [];
  for (const line of raw.split('\n')) {
    const m = /^(\S+)\s(0|1)(\s([0-9A-Za-z]{8})(\s(\s*\S.*))?)?$/.exec(line);
    if (!m) continue;
    const task = decodeUpid(m[1] ?? '');
    if (!task) continue;
    res.push({
      ...task,
      upid: m[1] ?? '',
      saved: m[2] === '1',
      endtime: m[4] ? Number.parseInt(m[4], 16) : undefined,
      status: m[6] || undefined,
    });
  }
  return res;
}

function writeActive(list: ActiveEntry[]): void {
  const raw = list
    .map((t) =>
      t.endtime !== undefined
        ? `${t.upid} ${t.saved ? 1 : 0} ${hex8(t.endtime)}${t.status ? ` ${t.status}` : ''}`
        : `${t.upid} ${t.saved ? 1 : 0}`,
    )
    .join('\n');
  writeFileAtomic(activeFile(), raw ? `${raw}\n` : '');
}

/** PVE::UPID::read_status from the last line of the task log. */
export function readTaskStatus(upid: string): string {
  let content: string;
  try {
    content = fs.readFileSync(hostPath(taskLogPath(upid)), 'utf8');
  } catch (err) {
    return `unable to get last line from task log - ${(err as Error).message}`;
  }
  const lines = content.split('\n');
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const last = lines[lines.length - 1] ?? '';
  if (last === 'TASK OK') return 'OK';
  const err = /^TASK ERROR: (.+)$/.exec(last);
  if (err) return err[1] ?? '';
  const warn = /^TASK (WARNINGS: \d+)$/.exec(last);
  if (warn) return warn[1] ?? '';
  return 'unexpected status';
}

/**
 * active_workers(): keeps running tasks (and up to 25 finished ones) in 'active', and appends
 * finished, unsaved tasks to 'index' with their end time and status.
 */
export function refreshActiveTasks(
  newTask?: { upid: string },
  finished?: { endtime: number; status: string },
): TaskEntry[] {
  return withLockFile(activeLock(), () => {
    const list = readActive();
    if (newTask && !list.some((t) => t.upid === newTask.upid)) {
      const task = decodeUpid(newTask.upid);
      if (task) list.push({ ...task, upid: newTask.upid, saved: false });
    }
    const running: ActiveEntry[] = [];
    const done: ActiveEntry[] = [];
    for (const t of list) {
      if (finished && t.upid === newTask?.upid) {
        t.endtime = finished.endtime;
        t.status = finished.status;
        done.push(t);
      } else if (t.endtime === undefined && isProcessRunning(t.pid, t.pstart)) running.push(t);
      else done.push(t);
    }
    done.sort((a, b) => b.starttime - a.starttime);
    let archive = '';
    for (const t of done) {
      if (t.endtime === undefined) {
        t.endtime = Math.floor(Date.now() / 1000);
        t.status = readTaskStatus(t.upid);
      }
      if (!t.saved) {
        archive += `${t.upid} ${hex8(t.endtime)} ${t.status ?? ''}\n`;
        t.saved = true;
      }
    }
    if (archive) {
      fs.mkdirSync(path.dirname(indexFile()), { recursive: true });
      fs.appendFileSync(indexFile(), archive);
    }
    writeActive([...running, ...done.slice(0, Math.max(0, 25 - running.length))]);
    return [...running, ...done];
  });
}

/** Lines of index (newest last in the file), newest first. */
export function readArchivedTasks(): TaskEntry[] {
  const res: TaskEntry[] = [];
  for (const file of [indexFile(), `${indexFile()}.1`]) {
    const raw = readFileIfExists(file) ?? '';
    const lines = raw
      .split('\n')
      .filter((l) => l !== '')
      .reverse();
    for (const line of lines) {
      const m = /^(\S+)(\s([0-9A-Za-z]{8})(\s(\S.*))?)?$/.exec(line);
      if (!m) continue;
      const task = decodeUpid(m[1] ?? '');
      if (!task) continue;
      res.push({ ...task, upid: m[1] ?? '', endtime: m[3] ? Number.parseInt(m[3], 16) : undefined, status: m[5] });
    }
  }
  return res;
}

/** Tasks of the active list that are not yet archived (running ones get status 'RUNNING'). */
export function readUnsavedActiveTasks(): TaskEntry[] {
  return readActive()
    .filter((t) => !t.saved)
    .map(({ saved: _saved, ...t }) => ({ ...t, status: t.status ?? 'RUNNING' }));
}

export function runningTasks(): TaskEntry[] {
  return readActive().filter((t) => t.endtime === undefined && isProcessRunning(t.pid, t.pstart));
}
