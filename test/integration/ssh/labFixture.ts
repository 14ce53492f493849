import type { Logger } from '../../../src/domain/logging/logger';
import type { CredentialPrompter } from '../../../src/remote/auth';
import type { ConnectDeps, ConnectTarget } from '../../../src/remote/connect';
import { HostKeyVerifier } from '../../../src/remote/hostKeyVerifier';
import { TrustStore } from '../../../src/remote/trustStore';
import { startLab } from '../../lab/runtime/lab';
import type { LabInfo } from '../../lab/runtime/labInfo';

// Shared set-up for the SSH layer's tests: the real lab, its real host keys (verified even in
// tests), and prompters that answer the way a test needs.

export const quietLogger: Logger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  scoped: () => quietLogger,
};

export function ensureLab(): Promise<LabInfo> {
  return startLab();
}

export const noSecrets: CredentialPrompter = {
  passphrase: () => Promise.resolve(undefined),
  password: () => Promise.resolve(undefined),
  rejected: () => undefined,
};

/** A target for root with the lab's client key and no other identities tried first. */
export function rootTarget(lab: LabInfo, overrides: Partial<ConnectTarget> = {}): ConnectTarget {
  return {
    host: lab.host,
    port: lab.port,
    username: lab.user,
    identityFiles: [lab.clientKeyPath],
    jumps: [],
    sudo: false,
    ...overrides,
  };
}

/** Trusts exactly the keys in the lab's known_hosts, as StrictHostKeyChecking=yes would. */
export function labKnownHostsVerifier(
  lab: LabInfo,
  trustStoreFile = '/nonexistent/pve-ops-trust.json',
): HostKeyVerifier {
  return new HostKeyVerifier({
    knownHostsFiles: () => [lab.knownHostsPath],
    trustStore: new TrustStore(trustStoreFile),
    strict: () => 'yes',
    prompt: { askUnknown: () => Promise.reject(new Error('a test with strict checking must not be asked')) },
    logger: quietLogger,
  });
}

export function labDeps(lab: LabInfo, overrides: Partial<ConnectDeps> = {}): ConnectDeps {
  const verifier = labKnownHostsVerifier(lab);
  return { logger: quietLogger, prompter: noSecrets, verifyHostKey: (q) => verifier.verify(q), ...overrides };
}
