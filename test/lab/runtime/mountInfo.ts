import * as fs from 'node:fs';

export interface MountEntry {
  mountPoint: string;
  fsType: string;
  source: string;
}

/** Parses /proc/<pid>/mountinfo (octal escapes in paths decoded). */
export function readMountInfo(pid: number | 'self'): MountEntry[] {
  const text = fs.readFileSync(`/proc/${pid}/mountinfo`, 'utf8');
  const out: MountEntry[] = [];
  for (const line of text.split('\n')) {
    if (line === '') continue;
    const [left, right] = line.split(' - ');
    const mountPoint = left?.split(' ')[4];
    const [fsType, source] = right?.split(' ') ?? [];
    if (mountPoint === undefined || fsType === undefined) continue;
    out.push({ mountPoint: unescape(mountPoint), fsType, source: unescape(source ?? '') });
  }
  return out;
}

function unescape(s: string): string {
  return s.replace(/\\([0-7]{3})/g, (_, oct: string) => String.fromCharCode(parseInt(oct, 8)));
}

/** The file system mounted last (the visible one) at mountPoint, if any. */
export function topMount(pid: number, mountPoint: string): MountEntry | undefined {
  return readMountInfo(pid)
    .filter((m) => m.mountPoint === mountPoint)
    .pop();
}
