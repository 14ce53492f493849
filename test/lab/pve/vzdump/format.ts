/** Small formatting helpers with the exact output of PVE::VZDump and PVE::Tools. */

const z2 = (n: number): string => String(n).padStart(2, '0');

/** strftime("%F %H:%M:%S", localtime) */
export function localTimestamp(date = new Date()): string {
  return `${date.getFullYear()}-${z2(date.getMonth() + 1)}-${z2(date.getDate())} ${z2(date.getHours())}:${z2(date.getMinutes())}:${z2(date.getSeconds())}`;
}

/** strftime("-%Y_%m_%d-%H_%M_%S", localtime) without the leading dash */
export function archiveTimestamp(date: Date): string {
  return `${date.getFullYear()}_${z2(date.getMonth() + 1)}_${z2(date.getDate())}-${z2(date.getHours())}_${z2(date.getMinutes())}_${z2(date.getSeconds())}`;
}

/** PVE::VZDump::format_size */
export function formatSize(size: number): string {
  const kb = size / 1024;
  if (kb < 1024) return `${Math.floor(kb)}KB`;
  const mb = size / (1024 * 1024);
  if (mb < 1024) return `${Math.floor(mb)}MB`;
  const gb = mb / 1024;
  if (gb < 1024) return `${gb.toFixed(2)}GB`;
  return `${(gb / 1024).toFixed(2)}TB`;
}

/** PVE::VZDump::format_time: HH:MM:SS */
export function formatDuration(seconds: number): string {
  const h = Math.floor(seconds / 3600);
  const m = Math.floor((seconds - h * 3600) / 60);
  const s = seconds - h * 3600 - m * 60;
  return `${z2(h)}:${z2(m)}:${z2(s)}`;
}

/** Shell quoting as it appears in vzdump's "command '...' failed" messages (display only). */
export function shellQuote(arg: string): string {
  if (arg === '') return "''";
  if (/^[\w\-./:@%+,^!]+$/.test(arg)) return arg;
  return `'${arg.replace(/'/g, `'\\''`)}'`;
}

export function commandString(argv: readonly string[]): string {
  return argv.map(shellQuote).join(' ');
}
