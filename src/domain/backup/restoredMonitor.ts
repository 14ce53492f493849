import { parseUpid } from '../proxmox/upid';

// VS Code keeps a webview's saved state only as well as the browser flushes its storage on a
// reload; in VS Code for the Web it is sometimes lost. The extension keeps its own list of open
// monitors, and a monitor restored without its state is matched to one by the VMID in its title.

export interface OpenMonitor {
  host: string;
  upid: string;
}

/** The task of a restored panel titled "Backup 1031 · failed": the newest open monitor of that guest not yet restored. */
export function monitorForTitle(
  title: string,
  open: readonly OpenMonitor[],
  restored: ReadonlySet<string>,
): OpenMonitor | undefined {
  const vmid = /^Backup (\d+)\b/.exec(title)?.[1];
  if (!vmid) return undefined;
  return [...open].reverse().find((monitor) => !restored.has(monitor.upid) && parseUpid(monitor.upid)?.id === vmid);
}
