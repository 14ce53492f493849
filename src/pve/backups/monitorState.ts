import type { MonitorState } from '../../protocol/backupMonitor';
import type { TaskStatus } from '../../domain/proxmox/schemas';
import { parseUpid } from '../../domain/proxmox/upid';
import type { StartedBackup } from '../../domain/backup/backupPlan';
import { parseVzdumpLog } from '../../domain/backup/index';
import { monitorPhases } from '../../domain/backup/monitorPhases';
import { PROBLEM_ADVICE } from './problemAdvice';

// The monitor's view model, computed from what the host said so far: the log lines, the task
// status and the measured sizes. Pure, so every case is tested without a host.

export interface SizeSample {
  at: number;
  bytes: number;
}

export interface MonitorInput {
  host: string;
  node: string;
  upid: string;
  lines: readonly string[];
  status: TaskStatus | undefined;
  /** bytes of the growing archive and temporary copy, oldest first */
  samples: readonly SizeSample[];
  /** how the extension started this backup, when it did */
  started?: StartedBackup;
  archiveSize?: number;
  /** why the monitor cannot see the task right now */
  followError?: string;
  now: number;
}

export function buildMonitorState(input: MonitorInput): MonitorState {
  const upid = parseUpid(input.upid);
  const summary = parseVzdumpLog(input.lines.join('\n'));
  const guest = summary.guests[0];
  const command = /starting new backup job: (vzdump .*)$/.exec(
    input.lines.find((l) => l.includes('starting new backup job:')) ?? '',
  )?.[1];
  const started = input.started;
  // The log's command line is what ran; what we asked for fills in when the job never logged it.
  const option = (name: 'storage' | 'mode' | 'compress') =>
    command ? new RegExp(`--${name}[ =](\\S+)`).exec(command)?.[1] : started?.[name];
  const startTime = upid ? Math.floor(upid.startTime.getTime() / 1000) : Math.floor(input.now / 1000);
  const finished = input.status?.status === 'stopped';
  const exitStatus = input.status?.exitstatus;
  const ok = finished && (exitStatus === 'OK' || (exitStatus?.startsWith('WARNINGS') ?? false));
  const vmid = guest?.vmid ?? numberOr(upid?.id) ?? started?.vmid;
  const status = !finished
    ? 'running'
    : ok
      ? 'ok'
      : /interrupted|aborted|stopped/i.test(exitStatus ?? '')
        ? 'stopped'
        : 'failed';
  return {
    upid: input.upid,
    host: input.host,
    node: input.node,
    vmid,
    guestName: guestNameFromLog(input.lines) ?? started?.guestName,
    guestType: guest?.guestType ?? started?.guestType,
    storage: option('storage'),
    mode: guest?.mode ?? option('mode'),
    modeFallback: guest?.modeFallback === 'suspend',
    compress: option('compress'),
    command: command ?? started?.command ?? `vzdump ${vmid ?? ''}`.trim(),
    startTime,
    elapsed: Math.max(0, Math.floor(input.now / 1000) - startTime),
    status,
    exitStatus,
    failureReason: status === 'failed' ? failureReason(input.lines) : undefined,
    phases: monitorPhases(input.lines, finished ? { ok } : undefined, guest?.mode ?? option('mode')),
    progress: progressOf(guest?.percent, lastProgressLine(input.lines), input.samples, finished),
    warnings: input.lines.filter((l) => /\bWARN(ING)?:/.test(l)).length,
    errors: input.lines.filter((l) => /\bERROR:/.test(l)).length,
    problems: summary.problems.map((problem) => {
      const advice = PROBLEM_ADVICE[problem.code];
      return {
        code: problem.code,
        line: problem.line,
        title: advice?.title ?? problem.code,
        explanation: advice ? `${problem.message} ${advice.explanation}` : problem.message,
        actions: advice?.actions ?? [],
      };
    }),
    followError: input.followError,
    archive: guest?.archive
      ? { path: guest.archive, size: input.archiveSize, listed: input.archiveSize !== undefined }
      : undefined,
  };
}

/**
 * Why a job failed, in its own words: the first ERROR line. A job that timed out on the global
 * lock ends without a status line, so the task's "unexpected status" says nothing.
 */
function failureReason(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const message = /\bERROR: (.+)$/.exec(line)?.[1]?.trim();
    if (!message) continue;
    const lock = /can't acquire lock '([^']+)'(?: - got (timeout)| \(wait = 0\))?/.exec(message);
    if (!lock) return message;
    const [, lockFile, timeout] = lock;
    return timeout
      ? `timed out waiting for the global backup lock (${lockFile})`
      : `another backup held the global backup lock (${lockFile}) and lockwait is 0`;
  }
  return undefined;
}

function progressOf(
  percent: number | undefined,
  line: ProgressLine | undefined,
  samples: readonly SizeSample[],
  finished: boolean,
): MonitorState['progress'] {
  const bytes = samples.at(-1)?.bytes;
  const rate = rateOf(samples);
  if (percent === undefined) return { bytes, bytesPerSecond: rate };
  // A VM's progress line says how long its copy has run so far; the rest at the same pace is the ETA.
  const eta =
    !finished && line && percent > 0 && percent < 100
      ? Math.round((line.seconds * (100 - percent)) / percent)
      : undefined;
  return { percent, bytes, totalBytes: line?.totalBytes, bytesPerSecond: rate, etaSeconds: eta };
}

interface ProgressLine {
  totalBytes: number;
  seconds: number;
}

/** The last `NN% (x of y) in 1m 33s` line: the size of the disks and how long the copy has run. */
function lastProgressLine(lines: readonly string[]): ProgressLine | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /\b\d{1,3}% \(([\d.]+) ?([KMGT]?i?B) of ([\d.]+) ?([KMGT]?i?B)\) in ((?:\d+[hms] ?)+)/.exec(
      lines[i] ?? '',
    );
    if (!match) continue;
    const [, , , total = '0', unit = 'B', duration = ''] = match;
    const seconds = [...duration.matchAll(/(\d+)([hms])/g)].reduce(
      (sum, [, n = '0', u]) => sum + Number(n) * (u === 'h' ? 3600 : u === 'm' ? 60 : 1),
      0,
    );
    return { totalBytes: Number(total) * unitBytes(unit), seconds };
  }
  return undefined;
}

function unitBytes(unit: string): number {
  const power = ['B', 'K', 'M', 'G', 'T'].indexOf(unit[0] ?? 'B');
  return 1024 ** Math.max(0, power);
}

/** Bytes per second over the last samples (the last ten seconds or so), undefined until there are two. */
function rateOf(samples: readonly SizeSample[]): number | undefined {
  const last = samples.at(-1);
  const first = samples.filter((s) => last && last.at - s.at <= 10_000)[0];
  if (!last || !first || last.at <= first.at) return undefined;
  return Math.max(0, ((last.bytes - first.bytes) * 1000) / (last.at - first.at));
}

function numberOr(text: string | undefined): number | undefined {
  const value = Number(text);
  return text && Number.isInteger(value) ? value : undefined;
}

/** vzdump logs the guest's name: "CT Name: docker" for containers, "VM Name: win11" for VMs. */
function guestNameFromLog(lines: readonly string[]): string | undefined {
  for (const line of lines) {
    const name = /\b(?:CT|VM) Name: (.+)$/.exec(line)?.[1]?.trim();
    if (name) return name;
  }
  return undefined;
}
