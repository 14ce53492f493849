import { z } from 'zod';

/** The switches and pool states `lab:reset` knows, with what each does (printed by --help). */
export const LAB_STATES = {
  seed: 'the default: rpool mirror ONLINE with permanent errors in the three disk images of runbook 3.1',
  healthy:
    'rpool rebuilt as runbook section 8 plans: a matched NVMe mirror, scrubbed, without any error (instead of the seed damage)',
  degraded: 'one rpool mirror side offline (DEGRADED / OFFLINE)',
  scrubbing: 'a scrub running on rpool, slowed down (slow disks) so it lasts minutes',
  'nfs-acl': 'truenas-bu behaves like the TrueNAS export with the ACL mismatch: chown/chgrp/chmod fail with EPERM',
  'vanishing-files': "a live writer in CT 1031 creates and deletes Sentry envelopes (rsync: 'file has vanished')",
  'stuck-lock': 'a vzdump of CT 1031 hangs holding /var/run/vzdump.lock and lock: backup',
  rekey: 'new host keys for both sshds (clients must see a changed host key)',
  'many-guests':
    '1,000 guests in /cluster/resources: the seed plus generated CTs and QEMU VMs (configs and power states only)',
} as const;
export type LabStateName = keyof typeof LAB_STATES;
export const LabStateNameSchema = z.enum(Object.keys(LAB_STATES) as [LabStateName, ...LabStateName[]]);

const SshEndpointSchema = z.object({
  host: z.literal('127.0.0.1'),
  port: z.number().int().min(1).max(65535),
  /** 'SHA256:...' exactly as `ssh-keygen -lf` prints the host key's fingerprint */
  hostKeyFingerprint: z.string().regex(/^SHA256:[A-Za-z0-9+/]{43}$/),
  /** the host key as an OpenSSH public key line: 'ssh-ed25519 AAAA...' */
  hostKey: z.string().startsWith('ssh-ed25519 '),
});

/** What `lab:start --json` prints: everything a client needs to reach the lab. */
export const LabInfoSchema = SshEndpointSchema.extend({
  user: z.literal('root'),
  /** ed25519 private key accepted for root (and pveadmin) */
  clientKeyPath: z.string(),
  /** known_hosts holding both sshds' host keys, for StrictHostKeyChecking yes */
  knownHostsPath: z.string(),
  /** ssh_config with Host pve2 and pve2-jump: `ssh -F <this> pve2` */
  sshConfigPath: z.string(),
  /** password account (passwordless sudo inside the lab) */
  passwordUser: z.string(),
  password: z.string().min(12),
  /** a second sshd in the same lab with its own host key, for ProxyJump tests */
  jump: SshEndpointSchema,
  nodeName: z.literal('pve2'),
  labDir: z.string(),
  /** states applied by the last start or reset, e.g. ['seed'] */
  states: z.array(LabStateNameSchema),
});
export type LabInfo = z.infer<typeof LabInfoSchema>;
