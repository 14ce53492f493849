import { createHmac, timingSafeEqual } from 'node:crypto';
import type { PublicKey } from './sshKey';

// Reads OpenSSH known_hosts text (never writes it): plain and hashed (|1|salt|hash) host
// patterns, [host]:port, wildcards, negation and the @revoked / @cert-authority markers.

export interface KnownHostEntry {
  marker?: 'revoked' | 'cert-authority';
  patterns: HostPattern[];
  keyType: string;
  key: Buffer;
  line: number;
  /** The file the entry came from, for messages. */
  source: string;
}

type HostPattern =
  { kind: 'hashed'; salt: Buffer; hash: Buffer } | { kind: 'plain'; pattern: string; negated: boolean };

export function parseKnownHosts(text: string, source = 'known_hosts'): KnownHostEntry[] {
  const entries: KnownHostEntry[] = [];
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith('#')) return;
    const fields = line.split(/\s+/);
    let marker: KnownHostEntry['marker'];
    if (fields[0] === '@revoked' || fields[0] === '@cert-authority') {
      marker = fields[0] === '@revoked' ? 'revoked' : 'cert-authority';
      fields.shift();
    }
    const [hosts, keyType, keyText] = fields;
    if (!hosts || !keyType || !keyText) return; // not an entry OpenSSH would use either
    const key = Buffer.from(keyText, 'base64');
    if (key.length === 0) return;
    entries.push({ marker, patterns: hosts.split(',').flatMap(parsePattern), keyType, key, line: index + 1, source });
  });
  return entries;
}

function parsePattern(text: string): HostPattern[] {
  if (text.startsWith('|1|')) {
    const [, , salt, hash] = text.split('|');
    if (!salt || !hash) return [];
    return [{ kind: 'hashed', salt: Buffer.from(salt, 'base64'), hash: Buffer.from(hash, 'base64') }];
  }
  const negated = text.startsWith('!');
  return [{ kind: 'plain', pattern: (negated ? text.slice(1) : text).toLowerCase(), negated }];
}

/** The name OpenSSH looks up: `host` on port 22, `[host]:port` otherwise. */
export function knownHostsName(host: string, port: number): string {
  const lower = host.toLowerCase();
  return port === 22 ? lower : `[${lower}]:${port}`;
}

export function entryMatchesHost(entry: KnownHostEntry, host: string, port: number): boolean {
  const name = knownHostsName(host, port);
  let matched = false;
  for (const pattern of entry.patterns) {
    if (pattern.kind === 'hashed') {
      if (hashedMatches(pattern.salt, pattern.hash, name)) matched = true;
      continue;
    }
    if (wildcardMatches(pattern.pattern, name)) {
      if (pattern.negated) return false; // a negated match vetoes the whole line
      matched = true;
    }
  }
  return matched;
}

function hashedMatches(salt: Buffer, hash: Buffer, name: string): boolean {
  const computed = createHmac('sha1', salt).update(name).digest();
  return computed.length === hash.length && timingSafeEqual(computed, hash);
}

function wildcardMatches(pattern: string, name: string): boolean {
  const regex = new RegExp(
    `^${pattern
      .replace(/[.+^${}()|[\]\\]/g, '\\$&')
      .replace(/\*/g, '.*')
      .replace(/\?/g, '.')}$`,
  );
  return regex.test(name);
}

export function sameKey(entry: { keyType: string; key: Buffer }, presented: PublicKey): boolean {
  return entry.keyType === presented.type && entry.key.equals(presented.blob);
}
