import * as fs from 'node:fs';
import { run } from './exec';

/** Files the lab runs, and the Debian package that ships each. */
const REQUIRED: ReadonlyArray<{ file: string; pkg: string }> = [
  { file: '/usr/sbin/sshd', pkg: 'openssh-server' },
  { file: '/usr/bin/ssh', pkg: 'openssh-client' },
  { file: '/usr/bin/ssh-keygen', pkg: 'openssh-client' },
  { file: '/usr/sbin/zfs-fuse', pkg: 'zfs-fuse' },
  { file: '/usr/bin/bindfs', pkg: 'bindfs' },
  { file: '/usr/bin/rsync', pkg: 'rsync' },
  { file: '/usr/bin/zstd', pkg: 'zstd' },
  { file: '/usr/bin/sudo', pkg: 'sudo' },
  { file: '/usr/bin/jq', pkg: 'jq' },
  // slows zfs-fuse's disk I/O down for the 'scrubbing' state
  { file: '/usr/bin/strace', pkg: 'strace' },
  { file: '/usr/bin/unshare', pkg: 'util-linux' },
  { file: '/usr/bin/nsenter', pkg: 'util-linux' },
  { file: '/usr/sbin/useradd', pkg: 'passwd' },
  { file: '/usr/sbin/chpasswd', pkg: 'passwd' },
];

export class LabPrerequisiteError extends Error {}

/** Checked before anything touches the lab dir: one message that says all that is missing. */
export function assertRoot(): void {
  if (process.getuid?.() === 0) return;
  const missing = missingPackages();
  throw new LabPrerequisiteError(
    `The pve2 lab needs root (it creates namespaces, overlays and FUSE mounts)${missing.length ? ` and the Debian packages: ${missing.join(' ')}` : ''}.`,
  );
}

export function missingPackages(): string[] {
  return [...new Set(REQUIRED.filter((r) => !fs.existsSync(r.file)).map((r) => r.pkg))];
}

/**
 * Root, /dev/fuse and the Debian packages. Missing packages are installed with apt-get when we
 * are root; packages' services are kept from starting with a policy-rc.d (created only if absent).
 */
export async function ensurePrerequisites(log: (line: string) => void): Promise<void> {
  assertRoot();
  if (!fs.existsSync('/dev/fuse'))
    throw new LabPrerequisiteError('The pve2 lab needs /dev/fuse (zfs-fuse and bindfs are FUSE file systems).');
  const missing = missingPackages();
  if (missing.length === 0) return;
  log(`installing ${missing.join(' ')} with apt-get`);
  if (!fs.existsSync('/usr/sbin/policy-rc.d'))
    fs.writeFileSync('/usr/sbin/policy-rc.d', '#!/bin/sh\nexit 101\n', { mode: 0o755 });
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const update = await run(['apt-get', 'update'], { env, timeoutMs: 300_000 });
  const install = await run(['apt-get', 'install', '-y', '--no-install-recommends', ...missing], {
    env,
    timeoutMs: 600_000,
  });
  const still = missingPackages();
  if (still.length > 0) {
    const detail = (install.stderr || update.stderr).trim().split('\n').slice(-3).join(' / ');
    throw new LabPrerequisiteError(
      `The pve2 lab needs the Debian packages: ${still.join(' ')} (apt-get install failed: ${detail}).`,
    );
  }
}
