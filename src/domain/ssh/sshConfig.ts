// OpenSSH's own resolution (`ssh -G <alias>`) is the reference for what ~/.ssh/config means;
// these functions only read its output and the Host lines users pick aliases from.

export interface ResolvedSshConfig {
  hostname: string;
  port: number;
  user: string;
  identityFiles: string[];
  proxyJump?: string;
  knownHostsFiles: string[];
  identityAgent?: string;
}

/** Reads the `key value` lines that `ssh -G` prints. */
export function parseSshG(text: string): ResolvedSshConfig {
  const values = new Map<string, string[]>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\S+)\s+(.*)$/.exec(line.trim());
    if (!match?.[1] || match[2] === undefined) continue;
    const key = match[1].toLowerCase();
    values.set(key, [...(values.get(key) ?? []), match[2]]);
  }
  const one = (key: string) => values.get(key)?.[0];
  const hostname = one('hostname');
  if (!hostname) throw new Error('ssh -G printed no hostname');
  const port = Number(one('port') ?? '22');
  const proxyJump = one('proxyjump');
  const identityAgent = one('identityagent');
  return {
    hostname,
    port: Number.isInteger(port) ? port : 22,
    user: one('user') ?? 'root',
    identityFiles: values.get('identityfile') ?? [],
    proxyJump: proxyJump && proxyJump !== 'none' ? proxyJump : undefined,
    knownHostsFiles: [...(values.get('userknownhostsfile') ?? []), ...(values.get('globalknownhostsfile') ?? [])]
      .flatMap((v) => v.split(/\s+/))
      .filter(Boolean),
    identityAgent: identityAgent && identityAgent !== 'none' ? identityAgent : undefined,
  };
}

export interface JumpSpec {
  user?: string;
  host: string;
  port?: number;
}

/** ProxyJump's `[user@]host[:port][,...]` (also `ssh://[user@]host[:port]`). */
export function parseProxyJump(value: string): JumpSpec[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter(Boolean)
    .map((part) => {
      const text = part.replace(/^ssh:\/\//, '');
      const at = text.lastIndexOf('@');
      const user = at >= 0 ? text.slice(0, at) : undefined;
      const rest = at >= 0 ? text.slice(at + 1) : text;
      const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(rest);
      const plain = /^([^:]+)(?::(\d+))?$/.exec(rest);
      const match = bracketed ?? plain;
      if (!match?.[1]) throw new Error(`"${part}" is not a jump host ([user@]host[:port])`);
      return { user: user || undefined, host: match[1], port: match[2] ? Number(match[2]) : undefined };
    });
}

/** Concrete aliases from `Host` lines (patterns with * ? or ! are not hosts one can pick). */
export function listHostAliases(configText: string): { aliases: string[]; includes: string[] } {
  const aliases: string[] = [];
  const includes: string[] = [];
  for (const raw of configText.split(/\r?\n/)) {
    const line = raw.replace(/#.*$/, '').trim();
    const match = /^(host|include)\s*[=\s]\s*(.+)$/i.exec(line);
    if (!match?.[1] || !match[2]) continue;
    const words = match[2].split(/\s+/).map((w) => w.replace(/^"|"$/g, ''));
    if (match[1].toLowerCase() === 'include') includes.push(...words);
    else aliases.push(...words.filter((w) => !/[*?!]/.test(w)));
  }
  return { aliases, includes };
}
