import { readVzdumpLine, type GuestType, type VzdumpLine } from './readVzdumpLine';
import { findProblems, type ProblemCode, type VzdumpProblem } from './vzdumpProblems';

// The summary of a vzdump task log, a per-guest log file or a job log, whole or in part: which
// guests it backed up and how far each got, whether the job ended, and the known problems it shows.

export interface VzdumpLogSummary {
  guests: GuestBackup[];
  /** the job's end was logged */
  finished: boolean;
  /** set when finished: whether it ended without errors */
  ok?: boolean;
  problems: VzdumpProblem[];
}

export interface GuestBackup {
  vmid: number;
  guestType?: GuestType;
  /** the mode actually used: the last "backup mode:" line of the guest */
  mode?: string;
  /** snapshot mode was not possible and vzdump used suspend mode instead */
  modeFallback?: 'suspend';
  status: 'running' | 'ok' | 'failed';
  archive?: string;
  /** the last progress percentage seen */
  percent?: number;
  /** the guest's ERROR lines, message text only */
  errors: string[];
}

/** A guest while the log is read; the lines before the first guest line use one without a vmid. */
interface Draft extends Omit<GuestBackup, 'vmid'> {
  vmid?: number;
}

interface Found {
  code: ProblemCode;
  line: number;
  message: string;
  owner?: Draft;
}

export function parseVzdumpLog(text: string): VzdumpLogSummary {
  const guests = new Map<number, Draft>();
  const found: Found[] = [];
  // Lines before the first one that names a guest: if that line ends a guest (a log that starts
  // mid-backup), they were that guest's; if it starts one, they were the job's preamble.
  let lead: Draft | undefined = newDraft();
  let current: Draft | undefined;
  let end: { failed: boolean } | undefined;

  const lines = text === '' ? [] : text.split(/\r?\n/);
  lines.forEach((line, index) => {
    const read = readVzdumpLine(line);
    if (read.jobStart) end = undefined;
    for (const mention of read.mentions) {
      let guest = guests.get(mention.vmid);
      if (!guest) {
        const starts = read.mentions.some((other) => other.vmid === mention.vmid && other.event === 'start');
        guest = lead && !starts ? lead : newDraft();
        guest.vmid = mention.vmid;
        guests.set(mention.vmid, guest);
      }
      lead = undefined;
      current = guest;
      if (mention.guestType) guest.guestType = mention.guestType;
      if (mention.event === 'start') {
        guest.status = 'running';
        // a guest after a logged end: the earlier end was a guest's ("Failed at") or another job's
        end = undefined;
      } else if (mention.event === 'finish') guest.status = 'ok';
      else if (mention.event === 'fail') guest.status = 'failed';
    }
    const owner = current ?? lead;
    if (owner) applyLine(owner, read);
    for (const problem of findProblems(line)) {
      // the global lock belongs to the job, whatever guest was logged last
      found.push({ ...problem, line: index, owner: problem.code === 'lock-timeout' ? undefined : owner });
    }
    if (read.jobEnd) end = { failed: (end?.failed ?? false) || read.jobEnd === 'failed' };
  });

  const result = [...guests.values()].map((draft) => toGuest(draft, end !== undefined));
  return {
    guests: result,
    finished: end !== undefined,
    ...(end ? { ok: !end.failed && result.every((guest) => guest.status === 'ok') } : {}),
    problems: uniqueProblems(found),
  };
}

function newDraft(): Draft {
  return { status: 'running', errors: [] };
}

function applyLine(guest: Draft, read: VzdumpLine): void {
  guest.guestType ??= read.guestType;
  if (read.mode) guest.mode = read.mode;
  if (read.fallback) guest.modeFallback = 'suspend';
  if (read.archive) guest.archive = read.archive;
  if (read.percent !== undefined) guest.percent = read.percent;
  if (read.error) guest.errors.push(read.error);
  if (read.endsGuest) guest.status = 'failed';
}

/** Undefined fields are left out, so a summary compares and serialises cleanly. */
function toGuest(draft: Draft, jobEnded: boolean): GuestBackup {
  // A guest the job ended without finishing did not get a backup.
  const status = jobEnded && draft.status === 'running' ? 'failed' : draft.status;
  const guest: GuestBackup = { vmid: draft.vmid ?? 0, status, errors: draft.errors };
  if (draft.guestType) guest.guestType = draft.guestType;
  if (draft.mode) guest.mode = draft.mode;
  if (draft.modeFallback) guest.modeFallback = draft.modeFallback;
  if (draft.archive) guest.archive = draft.archive;
  if (draft.percent !== undefined) guest.percent = draft.percent;
  return guest;
}

/** Each code once per guest (and once for the job), at the line where it first shows. */
function uniqueProblems(found: Found[]): VzdumpProblem[] {
  const seen = new Set<string>();
  const problems: VzdumpProblem[] = [];
  for (const { code, line, message, owner } of found) {
    const vmid = owner?.vmid;
    const key = `${code}@${vmid ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    problems.push(vmid === undefined ? { code, line, message } : { code, line, message, vmid });
  }
  return problems;
}
