import { entryMatchesHost, sameKey, type KnownHostEntry } from './knownHosts';
import { sha256Fingerprint, type PublicKey } from './sshKey';

/** Mirrors OpenSSH's StrictHostKeyChecking: ask (default), yes (known keys only), accept-new. */
export type StrictHostKeyChecking = 'ask' | 'yes' | 'accept-new';

/** A key the user trusted through the extension, kept in its machine-local trust store. */
export interface TrustedKey {
  host: string;
  port: number;
  keyType: string;
  /** base64 of the public key blob */
  key: string;
}

export interface HostKeyQuestion {
  host: string;
  port: number;
  presented: PublicKey;
}

export type HostKeyVerdict =
  | { verdict: 'trusted'; source: 'known_hosts' | 'trust-store' | 'session' }
  /** Unknown key: the user must decide. `otherTypesKnown` warns that the host is known with another key type. */
  | { verdict: 'ask'; fingerprint: string; otherTypesKnown: string[] }
  | { verdict: 'accept-new'; fingerprint: string }
  | { verdict: 'refuse-changed'; fingerprint: string; knownFingerprints: string[]; knownFrom: string[] }
  | { verdict: 'refuse-revoked'; fingerprint: string }
  | { verdict: 'refuse-unknown'; fingerprint: string };

export interface HostKeySources {
  knownHosts: readonly KnownHostEntry[];
  trusted: readonly TrustedKey[];
  /** Keys the user chose to "trust once" in this session. */
  session: readonly TrustedKey[];
  strict: StrictHostKeyChecking;
}

/**
 * Decides what to do with the key a server presented, before any authentication.
 * A changed key is always refused, whatever the strictness: that is the attack this guards against.
 */
export function decideHostKey(question: HostKeyQuestion, sources: HostKeySources): HostKeyVerdict {
  const { host, port, presented } = question;
  const fingerprint = sha256Fingerprint(presented.blob);
  const forHost = sources.knownHosts.filter(
    (entry) => entry.marker !== 'cert-authority' && entryMatchesHost(entry, host, port),
  );

  const revoked = sources.knownHosts.some((entry) => entry.marker === 'revoked' && sameKey(entry, presented));
  if (revoked) return { verdict: 'refuse-revoked', fingerprint };

  const recorded = forHost.filter((entry) => entry.marker === undefined);
  if (recorded.some((entry) => sameKey(entry, presented))) return { verdict: 'trusted', source: 'known_hosts' };
  const storeKeys = sources.trusted.filter((key) => key.host === host.toLowerCase() && key.port === port);
  if (storeKeys.some((key) => trustedMatches(key, presented))) return { verdict: 'trusted', source: 'trust-store' };
  const sessionKeys = sources.session.filter((key) => key.host === host.toLowerCase() && key.port === port);
  if (sessionKeys.some((key) => trustedMatches(key, presented))) return { verdict: 'trusted', source: 'session' };

  const sameType = [
    ...recorded
      .filter((entry) => entry.keyType === presented.type)
      .map((entry) => ({ key: entry.key, from: `${entry.source} line ${entry.line}` })),
    ...[...storeKeys, ...sessionKeys]
      .filter((key) => key.keyType === presented.type)
      .map((key) => ({ key: Buffer.from(key.key, 'base64'), from: 'keys trusted in Proxmox Ops' })),
  ];
  if (sameType.length > 0) {
    return {
      verdict: 'refuse-changed',
      fingerprint,
      knownFingerprints: [...new Set(sameType.map((known) => sha256Fingerprint(known.key)))],
      knownFrom: [...new Set(sameType.map((known) => known.from))],
    };
  }

  if (sources.strict === 'yes') return { verdict: 'refuse-unknown', fingerprint };
  if (sources.strict === 'accept-new') return { verdict: 'accept-new', fingerprint };
  const otherTypesKnown = [...new Set([...recorded.map((e) => e.keyType), ...storeKeys.map((k) => k.keyType)])];
  return { verdict: 'ask', fingerprint, otherTypesKnown };
}

function trustedMatches(key: TrustedKey, presented: PublicKey): boolean {
  return key.keyType === presented.type && Buffer.from(key.key, 'base64').equals(presented.blob);
}

export function toTrustedKey(question: HostKeyQuestion): TrustedKey {
  return {
    host: question.host.toLowerCase(),
    port: question.port,
    keyType: question.presented.type,
    key: question.presented.blob.toString('base64'),
  };
}
