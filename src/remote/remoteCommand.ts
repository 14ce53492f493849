import { toCommandLine } from '../domain/shell/shellQuote';

export type { CollectedOutput, RemoteCommand, RemoteOperation } from '../domain/shell/remoteOperation';
import type { RemoteCommand } from '../domain/shell/remoteOperation';

export interface ExecResult {
  exitCode: number | null;
  /** The signal that ended the remote process, e.g. "TERM" when it was cancelled. */
  signal?: string;
}

/** The first stderr line of every command carries the remote process id, so a cancel can end its whole process group. */
export const PID_MARKER = '\u001epve-ops-pid ';

/**
 * Builds the line handed to the remote login shell. sshd makes that shell a session and
 * process-group leader, so `$$` is the group id of everything the command starts.
 */
export function buildRemoteLine(command: RemoteCommand, sudo: boolean): string {
  const sudoPrefix = sudo ? 'sudo -n -- ' : '';
  const program = 'script' in command ? `${sudoPrefix}bash -s` : sudoPrefix + toCommandLine(command.argv);
  return `printf '${PID_MARKER.replace('\u001e', '\\036')}%s\\n' "$$" >&2; exec ${program}`;
}

/** A script that ends a process group: TERM, up to 3 s of grace, then KILL to whatever is left. */
export function buildKillGroupCommand(pid: number, sudo: boolean): RemoteCommand {
  if (!Number.isInteger(pid) || pid <= 1) throw new Error(`Refusing to signal process group ${pid}`);
  // No `--` before the negative id: dash's kill builtin rejects it.
  const script = [
    'pgid=$1',
    'kill -TERM "-$pgid" 2>/dev/null || exit 0',
    'i=0',
    'while [ $i -lt 30 ]; do kill -0 "-$pgid" 2>/dev/null || exit 0; sleep 0.1; i=$((i+1)); done',
    'kill -KILL "-$pgid" 2>/dev/null',
    'exit 0',
  ].join('\n');
  return { argv: [...(sudo ? ['sudo', '-n', '--'] : []), 'sh', '-c', script, 'pve-ops-cancel', String(pid)] };
}

/** sudo -n prints this when it would have to ask for a password. */
export function isSudoPasswordRequired(stderr: string): boolean {
  return /sudo: (a password is required|a terminal is required)/.test(stderr);
}

export function sudoHelp(user: string): string {
  return (
    `sudo on the host asks ${user} for a password, and Proxmox Ops never types one into sudo. Allow ` +
    `the commands without a password, for example with a line in /etc/sudoers.d/pve-ops: "${user} ` +
    `ALL=(root) NOPASSWD: ALL" (or a narrower command list), or connect as root.`
  );
}
