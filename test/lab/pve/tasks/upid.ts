import { PATHS } from '../labPaths';

export interface Upid {
  node: string;
  pid: number;
  pstart: number;
  starttime: number;
  type: string;
  id: string;
  user: string;
}

/** PVE::UPID decode grammar; pstart may have 9 hex digits after ~497 days of uptime. */
export const UPID_RE =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

const hex8 = (n: number): string => n.toString(16).toUpperCase().padStart(8, '0');

export function encodeUpid(u: Upid): string {
  return `UPID:${u.node}:${hex8(u.pid)}:${hex8(u.pstart)}:${hex8(u.starttime)}:${u.type}:${u.id}:${u.user}:`;
}

export function decodeUpid(upid: string): Upid | undefined {
  const m = UPID_RE.exec(upid);
  if (!m) return undefined;
  return {
    node: m[1] ?? '',
    pid: Number.parseInt(m[3] ?? '0', 16),
    pstart: Number.parseInt(m[4] ?? '0', 16),
    starttime: Number.parseInt(m[5] ?? '0', 16),
    type: m[6] ?? '',
    id: m[7] ?? '',
    user: m[8] ?? '',
  };
}

/** /var/log/pve/tasks/<last hex digit of starttime>/<UPID> */
export function taskLogPath(upid: string): string {
  const m = UPID_RE.exec(upid);
  const starttimeHex = m?.[5] ?? '00000000';
  return `${PATHS.tasksDir}/${starttimeHex.slice(7, 8)}/${upid}`;
}
