import { createHash } from 'node:crypto';

/** A host key as the server sent it: the SSH wire-format public key blob. */
export interface PublicKey {
  type: string;
  blob: Buffer;
}

/** Reads the key type, the first string of an SSH public key blob (`ssh-ed25519`, ...). */
export function keyTypeOf(blob: Buffer): string {
  if (blob.length < 4) throw new Error('The host key is too short to be an SSH public key');
  const length = blob.readUInt32BE(0);
  if (length === 0 || length > 64 || 4 + length > blob.length)
    throw new Error('The host key does not start with a key type');
  return blob.toString('latin1', 4, 4 + length);
}

export function publicKeyFromBlob(blob: Buffer): PublicKey {
  return { type: keyTypeOf(blob), blob };
}

/** The fingerprint exactly as `ssh-keygen -lf` prints it: SHA256 in base64 without padding. */
export function sha256Fingerprint(blob: Buffer): string {
  return `SHA256:${createHash('sha256').update(blob).digest('base64').replace(/=+$/, '')}`;
}

/** A human name for the key type, as the trust dialog shows it. */
export function describeKeyType(type: string): string {
  const names: Record<string, string> = {
    'ssh-ed25519': 'ED25519',
    'ssh-rsa': 'RSA',
    'ecdsa-sha2-nistp256': 'ECDSA (P-256)',
    'ecdsa-sha2-nistp384': 'ECDSA (P-384)',
    'ecdsa-sha2-nistp521': 'ECDSA (P-521)',
  };
  return names[type] ?? type;
}
