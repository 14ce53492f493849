// The known ways a vzdump run goes wrong, recognised line by line. Each rule looks for the text a
// tool prints (rsync, tar, QEMU, vzdump itself) anywhere in the line, because the same message can
// carry a task-log level, a per-guest timestamp, a job-log "<vmid>: <date> <time>" prefix or stray
// characters from pasting.

export type ProblemCode =
  | 'rsync-permission'
  | 'nfs-permission'
  | 'tmpdir-nfs'
  | 'acl-unsupported'
  | 'file-vanished'
  | 'lock-timeout'
  | 'guest-locked'
  | 'snapshot-unsupported'
  | 'io-error';

export interface VzdumpProblem {
  code: ProblemCode;
  /** 0-based index of the line where the log first shows it */
  line: number;
  /** what happened, in our words */
  message: string;
  /** the guest whose backup showed it; absent for job-wide problems */
  vmid?: number;
}

interface ProblemRule {
  code: ProblemCode;
  /** any one matching is enough */
  patterns: RegExp[];
  /** when set, the line must also match this */
  context?: RegExp;
  message: (match: RegExpExecArray) => string;
}

// Paths and words that say a permission error is about where vzdump writes (the dump directory or
// its temporary copy), not about some other file. tar's own lines count as well: in the real logs
// they are about the ".tmp" directory on the share that an unprivileged container's root cannot open.
const DUMP_OR_TMP = /\btar:|\/mnt\/pve\/|\/dump\/|vzdump-(?:lxc|qemu)-\d|vzdumptmp|temporary directory/;

const RULES: ProblemRule[] = [
  {
    code: 'rsync-permission',
    // "rsync: ..." / "tar: ..." is how both tools start their own messages
    patterns: [/\b(rsync|tar): .*Operation not permitted/],
    message: (m) =>
      `${m[1] ?? 'rsync'} was refused an operation ("Operation not permitted"), typically setting owners, modes or times on the copy.`,
  },
  {
    // vzdump's own message has no reason; on a share it is nearly always a refused mkdir
    code: 'nfs-permission',
    patterns: [/unable to create temporary directory/],
    message: () => 'vzdump could not create its temporary directory (on a share this is usually a refused write).',
  },
  {
    // a bare "Permission denied" counts only when it is about the dump or temporary directory
    code: 'nfs-permission',
    patterns: [/Permission denied/],
    context: DUMP_OR_TMP,
    message: () => 'Writing to the dump or temporary directory was refused ("Permission denied").',
  },
  {
    code: 'tmpdir-nfs',
    patterns: [/temporary directory is on NFS/i],
    message: () => 'The temporary copy was made on NFS, so vzdump left out xattrs and ACLs.',
  },
  {
    code: 'acl-unsupported',
    patterns: [
      /\b(?:set_acl|sys_acl_set_file|acl_set_file|setfacl)\b.*Operation not supported/,
      /ACLs are not supported/,
    ],
    message: () => 'The filesystem of the temporary directory cannot store POSIX ACLs, so copying them failed.',
  },
  {
    code: 'file-vanished',
    patterns: [
      /file has vanished/i,
      /some files vanished/i,
      /file changed as we read it/i,
      /file removed before we read it/i,
    ],
    message: () => 'Files changed or disappeared while they were being copied.',
  },
  {
    code: 'lock-timeout',
    patterns: [/can't acquire lock '([^']*vzdump\.lock)'/],
    message: (m) =>
      `The job could not get the global backup lock (${m[1] ?? '/var/run/vzdump.lock'}): another vzdump held it.`,
  },
  {
    code: 'guest-locked',
    patterns: [/\b(?:CT|VM)(?: \d+)? is locked \(([\w-]+)\)/],
    message: (m) => `The guest still had a '${m[1] ?? 'unknown'}' lock from an earlier operation.`,
  },
  {
    code: 'snapshot-unsupported',
    patterns: [/mode failure - some volumes do not support snapshots/],
    message: () => 'Snapshot mode was not possible because some volumes cannot be snapshotted.',
  },
  {
    code: 'io-error',
    patterns: [/Input\/output error/i, /\bRead error at byte\b/],
    message: () => 'Reading the guest data failed with an I/O error.',
  },
];

/** The problems one log line shows: at most one per code. */
export function findProblems(line: string): { code: ProblemCode; message: string }[] {
  const found: { code: ProblemCode; message: string }[] = [];
  for (const rule of RULES) {
    if (found.some((problem) => problem.code === rule.code)) continue;
    if (rule.context && !rule.context.test(line)) continue;
    for (const pattern of rule.patterns) {
      const match = pattern.exec(line);
      if (!match) continue;
      found.push({ code: rule.code, message: rule.message(match) });
      break;
    }
  }
  return found;
}
