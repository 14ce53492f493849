import { VZDUMP_LOCK } from '../backup/stuckBackup';
import type { RemoteOperation } from '../shell/remoteOperation';

// Is the global backup lock taken, and do the backup processes on the host move? vzdump takes an
// flock on /var/run/vzdump.lock and never deletes the file, so the file's presence means nothing;
// only a lock we cannot share is held. A backup that holds it but is stopped, or sits in
// uninterruptible I/O (a hung NFS mount), without reading or writing a byte, is stuck.

export const STALL_SAMPLE_SECONDS = 2;

export interface ProcessSample {
  /** the one-letter state of /proc/<pid>/stat: R, S, D (uninterruptible I/O), T (stopped), Z... */
  state: string;
  /** rchar + wchar of /proc/<pid>/io: every byte it read or wrote, disk or pipe */
  io: number;
}

export interface LockProbe {
  lock: 'absent' | 'free' | 'held';
  /** two samples, STALL_SAMPLE_SECONDS apart, of the PIDs asked about; a PID that ended is missing */
  samples: [Map<number, ProcessSample>, Map<number, ProcessSample>];
}

/** Tries a shared lock without waiting (released at once), then samples the given PIDs twice. */
export function lockProbeOperation(pids: readonly number[]): RemoteOperation<LockProbe> {
  const list = pids.filter((p) => Number.isSafeInteger(p) && p > 0).join(' ');
  const script = [
    'LC_ALL=C; export LC_ALL',
    `L=${VZDUMP_LOCK}`,
    'if [ ! -e "$L" ]; then echo "lock absent"; elif flock -n -s "$L" true 2>/dev/null; then echo "lock free"; else echo "lock held"; fi',
    // bash builtins only: no fork per process
    'sample() { for p in $2; do',
    '  line=; read -r line 2>/dev/null < /proc/$p/stat || continue',
    '  st=${line##*) }; st=${st%% *}; io=0',
    '  while read -r k v; do case $k in rchar:|wchar:) io=$((io + v));; esac; done 2>/dev/null < /proc/$p/io',
    '  printf "sample %s %s %s %s\\n" "$1" "$p" "$st" "$io"',
    'done; }',
    `P='${list}'`,
    'sample 0 "$P"',
    `[ -n "$P" ] && sleep ${STALL_SAMPLE_SECONDS} && sample 1 "$P"`,
    'true',
  ].join('\n');
  return {
    command: { script },
    parse: (output) => {
      const lock = /^lock (absent|free|held)$/m.exec(output.stdout)?.[1] as LockProbe['lock'] | undefined;
      if (!lock) throw new Error(`could not test ${VZDUMP_LOCK}: ${output.stderr.trim() || 'no answer'}`);
      const samples: LockProbe['samples'] = [new Map<number, ProcessSample>(), new Map<number, ProcessSample>()];
      for (const match of output.stdout.matchAll(/^sample ([01]) (\d+) (\S+) (\d+)$/gm)) {
        samples[match[1] === '1' ? 1 : 0].set(Number(match[2]), { state: match[3] ?? '?', io: Number(match[4]) });
      }
      return { lock, samples };
    },
  };
}

const STUCK_STATES: Record<string, string> = { D: 'in uninterruptible I/O', T: 'stopped', t: 'stopped by a tracer' };

/** The PIDs that were stopped or in uninterruptible I/O in both samples and moved no byte in between, with why. */
export function stalledProcesses(probe: LockProbe): Map<number, string> {
  const stalled = new Map<number, string>();
  for (const [pid, first] of probe.samples[0]) {
    const second = probe.samples[1].get(pid);
    const why = second && second.state === first.state ? STUCK_STATES[first.state] : undefined;
    if (why && second?.io === first.io)
      stalled.set(pid, `${why} (state ${first.state}), no I/O in ${STALL_SAMPLE_SECONDS} s`);
  }
  return stalled;
}
