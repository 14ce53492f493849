// Earlier versions of a saved host file are kept beside it: vzdump.conf.pve-ops-20261126-184800.bak.
// The timestamp sorts as text, so the newest are the last names in order.

const SUFFIX = /^\.pve-ops-\d{8}-\d{6}(?:-\d+)?\.bak$/;

export function backupName(fileName: string, when: Date): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  const day = `${when.getUTCFullYear()}${pad(when.getUTCMonth() + 1)}${pad(when.getUTCDate())}`;
  const stamp = `${day}-${pad(when.getUTCHours())}${pad(when.getUTCMinutes())}${pad(when.getUTCSeconds())}`;
  // Two saves in one second must not share a name: add the milliseconds.
  return `${fileName}.pve-ops-${stamp}-${String(when.getUTCMilliseconds()).padStart(3, '0')}.bak`;
}

export function isBackupOf(fileName: string, candidate: string): boolean {
  return candidate.startsWith(fileName) && SUFFIX.test(candidate.slice(fileName.length));
}

/** The backups of fileName beyond the newest `keep`, oldest first. */
export function backupsToPrune(fileName: string, names: string[], keep: number): string[] {
  const backups = names.filter((name) => isBackupOf(fileName, name)).sort();
  return backups.slice(0, Math.max(0, backups.length - keep));
}

/** Temporary files of an atomic write of fileName that never got renamed (the connection was cut). */
export function leftoverTemporaryFiles(fileName: string, names: string[]): string[] {
  const prefix = `.${fileName}.pve-ops-`;
  return names.filter((name) => name.startsWith(prefix) && /^[0-9a-f]{8}\.tmp$/.test(name.slice(prefix.length)));
}
