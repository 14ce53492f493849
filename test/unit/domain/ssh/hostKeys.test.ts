import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { decideHostKey, toTrustedKey, type HostKeySources } from '../../../../src/domain/ssh/hostKeyDecision';
import { entryMatchesHost, knownHostsName, parseKnownHosts } from '../../../../src/domain/ssh/knownHosts';
import { keyTypeOf, publicKeyFromBlob, sha256Fingerprint, type PublicKey } from '../../../../src/domain/ssh/sshKey';

// Fixtures were made with OpenSSH's ssh-keygen (see test/fixtures/ssh/README.md).
const fixtures = path.resolve(__dirname, '../../../fixtures/ssh');
const read = (name: string) => fs.readFileSync(path.join(fixtures, name), 'utf8');
const publicKey = (name: string): PublicKey => publicKeyFromBlob(Buffer.from(read(name).split(' ')[1] ?? '', 'base64'));

const hostKey = publicKey('host_ed25519.pub');
const ecdsaKey = publicKey('host_ecdsa.pub');
const otherKey = publicKey('other_ed25519.pub');
const revokedKey = publicKey('revoked_ed25519.pub');

function sources(overrides: Partial<HostKeySources> = {}): HostKeySources {
  return {
    knownHosts: parseKnownHosts(read('known_hosts_plain'), '~/.ssh/known_hosts'),
    trusted: [],
    session: [],
    strict: 'ask',
    ...overrides,
  };
}

describe('SSH keys', () => {
  it('prints the SHA256 fingerprint exactly as ssh-keygen -lf does', () => {
    assert.equal(sha256Fingerprint(hostKey.blob), read('host_ed25519.fingerprint').split(' ')[1]);
    assert.equal(sha256Fingerprint(ecdsaKey.blob), read('host_ecdsa.fingerprint').split(' ')[1]);
  });

  it('reads the key type from the blob', () => {
    assert.equal(hostKey.type, 'ssh-ed25519');
    assert.equal(ecdsaKey.type, 'ecdsa-sha2-nistp256');
    assert.throws(() => keyTypeOf(Buffer.from([0, 0])), /too short/);
  });
});

describe('parseKnownHosts', () => {
  const entries = parseKnownHosts(read('known_hosts_plain'));

  it('reads entries with their markers and skips comments', () => {
    assert.equal(entries.length, 5);
    assert.deepEqual(
      entries.map((e) => e.marker),
      [undefined, undefined, undefined, 'revoked', 'cert-authority'],
    );
    assert.deepEqual(
      entries.map((e) => e.line),
      [2, 3, 4, 5, 6],
    );
  });

  it('matches plain names and addresses on port 22 only, [host]:port on its port', () => {
    const [first, second] = entries;
    assert.ok(first && second);
    assert.ok(entryMatchesHost(first, 'pve2.lan', 22));
    assert.ok(entryMatchesHost(first, 'PVE2.lan', 22));
    assert.ok(entryMatchesHost(first, '192.168.1.20', 22));
    assert.ok(!entryMatchesHost(first, 'pve2.lan', 2222));
    assert.ok(entryMatchesHost(second, 'pve2.lan', 2222));
    assert.equal(knownHostsName('pve2.lan', 2222), '[pve2.lan]:2222');
  });

  it('honours wildcards and negation', () => {
    const wildcard = entries[2];
    assert.ok(wildcard);
    assert.ok(entryMatchesHost(wildcard, 'node1.example.org', 22));
    assert.ok(!entryMatchesHost(wildcard, 'bad.example.org', 22));
    assert.ok(!entryMatchesHost(wildcard, 'example.org', 22));
  });

  it('matches hashed entries made by ssh-keygen -H, including [host]:port', () => {
    const hashed = parseKnownHosts(read('known_hosts_hashed'));
    assert.equal(hashed.length, 2);
    assert.ok(hashed[0] && entryMatchesHost(hashed[0], 'pve2.lan', 22));
    assert.ok(hashed[0] && !entryMatchesHost(hashed[0], 'pve3.lan', 22));
    assert.ok(hashed[1] && entryMatchesHost(hashed[1], '10.0.0.7', 2222));
    assert.ok(hashed[1] && !entryMatchesHost(hashed[1], '10.0.0.7', 22));
  });
});

describe('decideHostKey', () => {
  it('trusts a key recorded in known_hosts, plain or hashed', () => {
    assert.deepEqual(decideHostKey({ host: 'pve2.lan', port: 22, presented: hostKey }, sources()), {
      verdict: 'trusted',
      source: 'known_hosts',
    });
    const hashed = sources({ knownHosts: parseKnownHosts(read('known_hosts_hashed')) });
    assert.equal(decideHostKey({ host: '10.0.0.7', port: 2222, presented: ecdsaKey }, hashed).verdict, 'trusted');
  });

  it('refuses a changed key and names the old fingerprint and where it came from', () => {
    const verdict = decideHostKey({ host: 'pve2.lan', port: 22, presented: otherKey }, sources());
    assert.deepEqual(verdict, {
      verdict: 'refuse-changed',
      fingerprint: sha256Fingerprint(otherKey.blob),
      knownFingerprints: [sha256Fingerprint(hostKey.blob)],
      knownFrom: ['~/.ssh/known_hosts line 2'],
    });
  });

  it('refuses a changed key even with accept-new, and one that changed since it was trusted in the extension', () => {
    assert.equal(
      decideHostKey({ host: 'pve2.lan', port: 22, presented: otherKey }, sources({ strict: 'accept-new' })).verdict,
      'refuse-changed',
    );
    const trusted = [toTrustedKey({ host: 'lab', port: 2200, presented: hostKey })];
    const verdict = decideHostKey({ host: 'lab', port: 2200, presented: otherKey }, sources({ trusted }));
    assert.equal(verdict.verdict, 'refuse-changed');
  });

  it('refuses a revoked key everywhere', () => {
    assert.equal(
      decideHostKey({ host: 'anything', port: 22, presented: revokedKey }, sources()).verdict,
      'refuse-revoked',
    );
  });

  it('asks about an unknown host, or follows StrictHostKeyChecking yes / accept-new', () => {
    const question = { host: 'new.lan', port: 22, presented: hostKey };
    assert.deepEqual(decideHostKey(question, sources()), {
      verdict: 'ask',
      fingerprint: sha256Fingerprint(hostKey.blob),
      otherTypesKnown: [],
    });
    assert.equal(decideHostKey(question, sources({ strict: 'yes' })).verdict, 'refuse-unknown');
    assert.equal(decideHostKey(question, sources({ strict: 'accept-new' })).verdict, 'accept-new');
  });

  it('warns when the host is known with a different key type', () => {
    const verdict = decideHostKey({ host: 'pve2.lan', port: 22, presented: ecdsaKey }, sources());
    assert.deepEqual(verdict, {
      verdict: 'ask',
      fingerprint: sha256Fingerprint(ecdsaKey.blob),
      otherTypesKnown: ['ssh-ed25519'],
    });
  });

  it('trusts keys from the trust store and from "trust once" in this session', () => {
    const key = toTrustedKey({ host: 'Lab', port: 2200, presented: hostKey });
    assert.equal(key.host, 'lab');
    assert.deepEqual(decideHostKey({ host: 'lab', port: 2200, presented: hostKey }, sources({ trusted: [key] })), {
      verdict: 'trusted',
      source: 'trust-store',
    });
    assert.deepEqual(decideHostKey({ host: 'lab', port: 2200, presented: hostKey }, sources({ session: [key] })), {
      verdict: 'trusted',
      source: 'session',
    });
    assert.equal(
      decideHostKey({ host: 'lab', port: 2201, presented: hostKey }, sources({ trusted: [key] })).verdict,
      'ask',
    );
  });

  it('does not treat a @cert-authority line as a host key', () => {
    assert.equal(decideHostKey({ host: 'x.lan', port: 22, presented: otherKey }, sources()).verdict, 'ask');
  });
});
