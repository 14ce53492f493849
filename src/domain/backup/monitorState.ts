import type { MonitorState } from '../../protocol/backupMonitor';
import type { TaskStatus } from '../proxmox/schemas';
import { parseUpid } from '../proxmox/upid';
import { parseVzdumpLog } from './index';
import { monitorPhases } from './monitorPhases';
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
  guestName?: string;
  archiveSize?: number;
  /** why the monitor cannot see the task right now */
  followError?: string;
  now: number;
}

export function buildMonitorState(input: MonitorInput): MonitorState {
  const upid = parseUpid(input.upid);
  const summary = parseVzdumpLog(input.lines.join('\n'));
  const guest = summary.guests[0];
  const command = /starting new backup job: (vzdump .*)$/.exec(input.lines.find((l) => l.includes('starting new backup job:')) ?? '')?.[1];
  const option = (name: string) => (command ? new RegExp(`--${name}[ =](\\S+)`).exec(command)?.[1] : undefined);
  const startTime = upid ? Math.floor(upid.startTime.getTime() / 1000) : Math.floor(input.now / 1000);
  const finished = input.status?.status === 'stopped';
  const exitStatus = input.status?.exitstatus;
  const ok = finished && (exitStatus === 'OK' || (exitStatus?.startsWith('WARNINGS') ?? false));
  const vmid = guest?.vmid ?? numberOr(upid?.id);
  return {
    upid: input.upid,
    host: input.host,
    node: input.node,
    vmid,
    guestName: input.guestName ?? guestNameFromLog(input.lines),
    guestType: guest?.guestType,
    storage: option('storage'),
    mode: guest?.mode ?? option('mode'),
    modeFallback: guest?.modeFallback === 'suspend',
    compress: option('compress'),
    command: command ?? `vzdump ${vmid ?? ''}`.trim(),
    startTime,
    elapsed: Math.max(0, Math.floor(input.now / 1000) - startTime),
    status: !finished ? 'running' : ok ? 'ok' : /interrupted|aborted|stopped/i.test(exitStatus ?? '') ? 'stopped' : 'failed',
    exitStatus,
    phases: monitorPhases(input.lines, finished ? { ok } : undefined, guest?.mode ?? option('mode')),
    progress: progressOf(guest?.percent, lastProgressLine(input.lines), input.samples, finished),
    warnings: input.lines.filter((l) => /\bWARN(ING)?:/.test(l)).length,
    errors: input.lines.filter((l) => /\bERROR:/.test(l)).length,
    problems: summary.problems.map((problem) => {
      const advice = PROBLEM_ADVICE[problem.code];
      return { code: problem.code, line: problem.line, title: advice?.title ?? problem.code, explanation: advice ? `${problem.message} ${advice.explanation}` : problem.message, actions: advice?.actions ?? [] };
    }),
    followError: input.followError,
    archive: guest?.archive ? { path: guest.archive, size: input.archiveSize, listed: input.archiveSize !== undefined } : undefined,
  };
}

function progressOf(percent: number | undefined, line: ProgressLine | undefined, samples: readonly SizeSample[], finished: boolean): MonitorState['progress'] {
  const bytes = samples.at(-1)?.bytes;
  const rate = rateOf(samples);
  if (percent === undefined) return { bytes, bytesPerSecond: rate };
  // A VM's progress line says how long its copy has run so far; the rest at the same pace is the ETA.
  const eta = !finished && line && percent > 0 && percent < 100 ? Math.round((line.seconds * (100 - percent)) / percent) : undefined;
  return { percent, bytes, totalBytes: line?.totalBytes, bytesPerSecond: rate, etaSeconds: eta };
}

interface ProgressLine {
  totalBytes: number;
  seconds: number;
}

/** The last `NN% (x of y) in 1m 33s` line: the size of the disks and how long the copy has run. */
function lastProgressLine(lines: readonly string[]): ProgressLine | undefined {
  for (let i = lines.length - 1; i >= 0; i--) {
    const match = /\b\d{1,3}% \(([\d.]+) ?([KMGT]?i?B) of ([\d.]+) ?([KMGT]?i?B)\) in ((?:\d+[hms] ?)+)/.exec(lines[i] ?? '');
    if (!match) continue;
    const [, , , total = '0', unit = 'B', duration = ''] = match;
    const seconds = [...duration.matchAll(/(\d+)([hms])/g)].reduce((sum, [, n = '0', u]) => sum + Number(n) * (u === 'h' ? 3600 : u === 'm' ? 60 : 1), 0);
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
