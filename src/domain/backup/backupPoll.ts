import { apiPath } from '../proxmox/pvesh';
import { extractJson, validate } from '../proxmox/pveshJson';
import { taskLogSchema, taskStatusSchema, type TaskLogLine, type TaskStatus } from '../proxmox/schemas';
import { quoteShellArg } from '../shell/shellQuote';
import type { RemoteOperation } from '../shell/remoteOperation';

// One look at a running backup, in ONE remote command: the task's status, the log lines after
// the ones already seen (never the whole log again), and how many bytes the growing archive and
// the temporary directory hold. The monitor runs it every couple of seconds, so following a
// backup costs the host less than one command a second.

const SEPARATOR = '@@pve-ops-backup-poll@@';
/** Lines asked for per look; a longer backlog is read over the next looks. */
export const LOG_PAGE = 5000;

export interface BackupPoll {
  status: TaskStatus;
  lines: TaskLogLine[];
  /** bytes per measured path (paths that do not exist are left out) */
  sizes: Map<string, number>;
}

export function backupPollOperation(
  node: string,
  upid: string,
  logStart: number,
  measure: readonly string[],
): RemoteOperation<BackupPoll> {
  const task = apiPath('nodes', node, 'tasks', upid);
  const script = [
    `pvesh get ${quoteShellArg(`${task}/status`)} --output-format json`,
    `echo ${SEPARATOR}`,
    `pvesh get ${quoteShellArg(`${task}/log`)} --start ${Math.max(0, Math.floor(logStart))} --limit ${LOG_PAGE} --output-format json`,
    `echo ${SEPARATOR}`,
    ...(measure.length ? [`du -sb -- ${measure.map(quoteShellArg).join(' ')} 2>/dev/null`] : []),
    'true',
  ].join('\n');
  return {
    command: { script },
    parse: (output) => {
      const [statusText = '', logText = '', duText = ''] = output.stdout.split(`${SEPARATOR}\n`);
      const status = validate(
        taskStatusSchema,
        extractJson(statusText, `the status of ${upid}`),
        `the status of ${upid}`,
      );
      const lines = withoutPlaceholder(
        validate(taskLogSchema, extractJson(logText, `the log of ${upid}`), `the log of ${upid}`),
      );
      return { status, lines, sizes: parseDu(duText) };
    },
  };
}

/**
 * A task whose log is still empty (or not written yet) answers one placeholder line, n=1 "no
 * content" or "unable to open file - ...". It is not a log line: counting it would make the next
 * look skip the real first line ("starting new backup job: vzdump ...").
 */
export function withoutPlaceholder(lines: TaskLogLine[]): TaskLogLine[] {
  const [only] = lines;
  return lines.length === 1 && only?.n === 1 && /^(no content|unable to open file - )/.test(only.t) ? [] : lines;
}

/** `du -sb` lines: "<bytes>\t<path>". */
export function parseDu(text: string): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\d+)\t(.+)$/.exec(line);
    if (match?.[1] && match[2]) sizes.set(match[2], Number(match[1]));
  }
  return sizes;
}

/** What to measure for a container backup: the archive as it grows, and the sync copy in the tmpdir. */
export function pathsToMeasure(log: readonly string[]): string[] {
  const paths = new Set<string>();
  for (const line of log) {
    const archive = /creating (?:vzdump )?archive '([^']+)'/.exec(line)?.[1];
    if (archive) {
      paths.add(archive);
      paths.add(`${archive.replace(/\.(gz|lzo|zst)$/, '')}.dat`);
    }
    const sync = /starting (?:first|final) sync \S+ to (\/\S+)/.exec(line)?.[1];
    if (sync) paths.add(sync.replace(/\/+$/, ''));
  }
  return [...paths];
}
