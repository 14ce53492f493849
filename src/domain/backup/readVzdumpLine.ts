// What one vzdump log line says, independent of the lines around it. Every message is searched
// anywhere in the line: task logs have "INFO: ", per-guest logs a timestamp in front, job logs
// "<vmid>: <date> <time> ", and pasted text may carry anything else before it. Published logs
// sometimes have two lines joined into one, so a line may say several things.

export type GuestType = 'lxc' | 'qemu';

/** A guest the line names, and what it says happened to it. */
export interface GuestMention {
  vmid: number;
  event?: 'start' | 'finish' | 'fail';
  guestType?: GuestType;
}

export interface VzdumpLine {
  /** in the order they appear; the last one is the guest the rest of the line is about */
  mentions: GuestMention[];
  /** a type only one kind of guest prints */
  guestType?: GuestType;
  mode?: string;
  fallback: boolean;
  archive?: string;
  percent?: number;
  /** text of an ERROR line that belongs to a guest */
  error?: string;
  /** an error that ends the current guest's backup without naming it */
  endsGuest: boolean;
  /** the job (re)starts, so an earlier end no longer holds */
  jobStart: boolean;
  /** the job's end, with its outcome */
  jobEnd?: 'ok' | 'failed';
}

const MENTIONS: [RegExp, GuestMention['event']][] = [
  [/Starting Backup of VM (\d+)(?: \((lxc|qemu)\))?/g, 'start'],
  [/Finished Backup of VM (\d+)/g, 'finish'],
  [/Backup of VM (\d+) failed/g, 'fail'],
  // the job log (backup summary, notification mail) puts "<vmid>: <date> <time> " before each line
  [/\b(\d+): \d{4}-\d\d-\d\d \d\d:\d\d:\d\d\b/g, undefined],
  // QEMU's errors name their VM, so a log that starts there still shows which guest failed;
  // a failed 'backup' command ends the guest's backup, other commands (fsfreeze) need not
  [/\bVM (\d+) qmp command 'backup' failed\b/g, 'fail'],
  [/\bVM (\d+) qmp command '(?!backup')/g, undefined],
];

/** Messages only one guest type prints, for guests whose "Starting Backup" line is missing. */
const TYPE_HINTS: [RegExp, GuestType][] = [
  [/\bCT Name: |including mount point |starting (?:first|final) sync |vzdump-lxc-\d|'ct\/\d/, 'lxc'],
  [/\bVM Name: |include disk '|vzdump-qemu-\d|'vm\/\d|qmp command|stopping kvm /, 'qemu'],
];

const MODE = /backup mode: (\w+)/;
const FALLBACK = /mode failure - some volumes do not support snapshots|trying 'suspend' mode instead/;
const ARCHIVE = /creating (?:vzdump |Proxmox Backup Server )?archive '([^']+)'/;
/** QEMU's "%3d%% (<done> of <total>) ..." and, for templates, vma's "progress N% done/total zeros" */
const PERCENT = [/\bINFO:\s+(\d{1,3})% \([^()]* of [^()]*\)/, /\bINFO: progress (\d{1,3})% \d+\/\d+/];

/** The first level marker decides the level; "TASK ERROR:" is the task's end, not a message. */
const LEVEL = /(?<!TASK )\b(INFO|WARN|ERROR): ?(.*)$/;

/** QEMU could not start the backup job (the message has no VMID since qemu-server d83de8f2) */
const ENDS_GUEST = /executing QMP command to start backup failed/;

const JOB_START = /starting new backup job: /;
const JOB_OK = [/Backup job finished successfully/, /\bTASK OK\s*$/, /\bTASK WARNINGS: \d+/];
const JOB_FAILED = [
  /Backup job finished with errors/,
  /Backup job failed\b/,
  /\bFailed at \d{4}-\d\d-\d\d/,
  /\bjob errors\s*$/,
  /\bTASK ERROR:/,
  // vzdump gives up after lockwait and exits without starting any guest
  /can't acquire lock '[^']*vzdump\.lock'/,
];
/** job-wide messages, not a guest's errors */
const JOB_MESSAGE = /^(?:Backup job failed\b|can't acquire lock |trying to get global lock|starting new backup job)/;

export function readVzdumpLine(line: string): VzdumpLine {
  const read: VzdumpLine = {
    mentions: findMentions(line),
    fallback: FALLBACK.test(line),
    endsGuest: ENDS_GUEST.test(line),
    jobStart: JOB_START.test(line),
  };
  read.guestType = TYPE_HINTS.find(([pattern]) => pattern.test(line))?.[1];
  read.mode = MODE.exec(line)?.[1];
  read.archive = ARCHIVE.exec(line)?.[1];
  for (const pattern of PERCENT) {
    const percent = pattern.exec(line)?.[1];
    if (percent !== undefined) read.percent = Number(percent);
  }
  const level = LEVEL.exec(line);
  const text = level?.[2]?.trim();
  if (level?.[1] === 'ERROR' && text && !JOB_MESSAGE.test(text)) read.error = text;
  if (JOB_FAILED.some((pattern) => pattern.test(line))) read.jobEnd = 'failed';
  else if (JOB_OK.some((pattern) => pattern.test(line))) read.jobEnd = 'ok';
  return read;
}

function findMentions(line: string): GuestMention[] {
  const found: { at: number; mention: GuestMention }[] = [];
  for (const [pattern, event] of MENTIONS) {
    for (const match of line.matchAll(pattern)) {
      const mention: GuestMention = { vmid: Number(match[1]) };
      if (event) mention.event = event;
      if (match[2]) mention.guestType = match[2] as GuestType;
      found.push({ at: match.index, mention });
    }
  }
  return found.sort((a, b) => a.at - b.at).map((entry) => entry.mention);
}
