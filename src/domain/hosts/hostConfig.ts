import * as z from 'zod';

/** One entry of the `pve.hosts` setting. Validated on every read: settings are user input. */
export const hostConfigSchema = z.object({
  name: z.string().trim().min(1, 'a host needs a name'),
  host: z.string().trim().min(1, 'a host needs an address'),
  port: z.number().int().min(1).max(65535).optional(),
  username: z.string().trim().min(1).optional(),
  identityFile: z.string().trim().min(1).optional(),
  proxyJump: z.string().trim().min(1).optional(),
  sudo: z.boolean().optional(),
});

export type HostConfig = z.infer<typeof hostConfigSchema>;

export interface HostListResult {
  hosts: HostConfig[];
  /** One message per entry that was skipped, naming its position and what was wrong. */
  problems: string[];
}

/**
 * Reads the raw `pve.hosts` value. Bad entries are reported and skipped rather than failing the
 * whole list, so one typo does not hide every host.
 */
export function parseHostList(raw: unknown): HostListResult {
  if (raw === undefined || raw === null) return { hosts: [], problems: [] };
  if (!Array.isArray(raw)) return { hosts: [], problems: ['pve.hosts must be a list of hosts'] };
  const hosts: HostConfig[] = [];
  const problems: string[] = [];
  const seen = new Set<string>();
  raw.forEach((entry, index) => {
    const parsed = hostConfigSchema.safeParse(entry);
    if (!parsed.success) {
      problems.push(`pve.hosts[${index}]: ${describeIssues(parsed.error)}`);
      return;
    }
    if (seen.has(parsed.data.name)) {
      problems.push(`pve.hosts[${index}]: the name "${parsed.data.name}" is used twice`);
      return;
    }
    seen.add(parsed.data.name);
    hosts.push(parsed.data);
  });
  return { hosts, problems };
}

/** Checks what a user typed for a new host; returns a message, or undefined when it is fine. */
export function validateHostName(name: string, existing: readonly HostConfig[]): string | undefined {
  const trimmed = name.trim();
  if (!trimmed) return 'Enter a name, for example pve2.';
  if (existing.some((h) => h.name === trimmed)) return `A host named "${trimmed}" already exists.`;
  return undefined;
}

/** Accepts `host`, `host:port`, `[v6]` and `[v6]:port`; returns the parts or a message. */
export function parseAddress(input: string): { host: string; port?: number } | { error: string } {
  const text = input.trim();
  if (!text) return { error: 'Enter an address, for example 192.168.1.20 or pve2.lan.' };
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(text);
  const plain = /^([^\s:[\]]+)(?::(\d+))?$/.exec(text);
  const match = bracketed ?? plain;
  if (!match || !match[1]) return { error: `"${text}" is not a host name or address.` };
  if (match[2] === undefined) return { host: match[1] };
  const port = Number(match[2]);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    return { error: `Port ${match[2]} is out of range (1-65535).` };
  return { host: match[1], port };
}

function describeIssues(error: z.ZodError): string {
  return error.issues
    .map((issue) => (issue.path.length ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
}
