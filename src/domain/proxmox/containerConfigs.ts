import type { RemoteOperation } from '../shell/remoteOperation';

// Every container's config in one round trip, from /etc/pve/lxc (the local node's directory in
// the cluster file system), instead of one API call per container. Snapshot sections
// ("[name]") are left out: only the current config counts.

const HEADER = '@@pve-ops-conf@@';

export function containerConfigsOperation(): RemoteOperation<Map<number, Record<string, string>>> {
  const script = [
    'for f in /etc/pve/lxc/*.conf; do',
    '  [ -r "$f" ] || continue',
    `  printf '${HEADER} %s\\n' "$f"`,
    '  sed \'/^\\[/q\' "$f"',
    'done',
    'true',
  ].join('\n');
  return { command: { script }, parse: (output) => parseContainerConfigs(output.stdout) };
}

export function parseContainerConfigs(text: string): Map<number, Record<string, string>> {
  const configs = new Map<number, Record<string, string>>();
  let current: Record<string, string> | undefined;
  for (const line of text.split('\n')) {
    const header = new RegExp(`^${HEADER} .*/(\\d+)\\.conf$`).exec(line);
    if (header) {
      current = {};
      configs.set(Number(header[1]), current);
      continue;
    }
    if (line.startsWith('[')) current = undefined; // the first snapshot section: the rest is history
    const entry = /^([a-z][\w.-]*)\s*:\s?(.*)$/.exec(line);
    if (current && entry?.[1]) current[entry[1]] = entry[2] ?? '';
  }
  return configs;
}
