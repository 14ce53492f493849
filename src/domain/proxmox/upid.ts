// UPID: the id of a Proxmox task, `UPID:node:pid:pstart:starttime:type:id:user:` (hex numbers;
// id may be empty, e.g. a vzdump of several guests).

const UPID =
  /^UPID:([a-zA-Z0-9](?:[a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;

export interface Upid {
  upid: string;
  node: string;
  pid: number;
  startTime: Date;
  type: string;
  id: string;
  user: string;
}

export function parseUpid(text: string): Upid | undefined {
  const match = UPID.exec(text.trim());
  if (!match) return undefined;
  const [, node = '', pid = '0', , start = '0', type = '', id = '', user = ''] = match;
  return {
    upid: text.trim(),
    node,
    pid: parseInt(pid, 16),
    startTime: new Date(parseInt(start, 16) * 1000),
    type,
    id,
    user,
  };
}

/** Every UPID in a piece of output, e.g. what `pvesh create` or a runbook block printed. */
export function findUpids(text: string): string[] {
  return [...text.matchAll(/UPID:[^\s'"]+:/g)]
    .map((m) => m[0])
    .filter((candidate) => parseUpid(candidate) !== undefined);
}
