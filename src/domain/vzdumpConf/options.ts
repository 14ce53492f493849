// The options /etc/vzdump.conf may set, as Proxmox VE's vzdump schema defines them (types,
// choices, ranges, formats), each explained in our own words for completion and hover.

export type OptionType = 'boolean' | 'integer' | 'string' | 'array';

export interface SubKey {
  name: string;
  type: 'boolean' | 'integer' | 'string';
  minimum?: number;
  maximum?: number;
  format?: 'pve-storage-id';
  default?: string;
  /** a part without '=' sets this sub-key (fleecing: a bare `1` means enabled=1) */
  defaultKey?: boolean;
  summary: string;
}

export interface VzdumpOption {
  name: string;
  type: OptionType;
  enum?: readonly string[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  format?:
    | 'pve-storage-id'
    | 'pve-vmid-list'
    | 'email-or-username-list'
    | 'pve-node'
    | 'pve-configid'
    | 'prune-backups'
    | 'backup-performance'
    | 'backup-fleecing';
  default?: string;
  summary: string;
  subKeys?: readonly SubKey[];
  /** picks guests: accepted in the file, but it belongs in a job or on the command line */
  guestSelection?: boolean;
  /** still read, but on its way out */
  deprecated?: string;
  /** no longer in the schema: Proxmox keeps the line and never uses it */
  removed?: { since: string; replacement?: string };
  /** the placeholder the shipped /etc/vzdump.conf shows for this key (`#tmpdir: DIR`) */
  placeholder?: string;
}

const keep = (name: string, what: string): SubKey => ({
  name,
  type: 'integer',
  minimum: 0,
  summary: `Keep the newest backup of each of the last N ${what}.`,
});

export const vzdumpOptions: readonly VzdumpOption[] = [
  { name: 'all', type: 'boolean', default: '0', guestSelection: true, summary: 'Back up every guest on the node.' },
  {
    name: 'bwlimit',
    placeholder: 'KBPS',
    type: 'integer',
    minimum: 0,
    default: '0',
    summary: 'Caps backup I/O bandwidth, in KiB/s. 0 means no limit.',
  },
  {
    name: 'compress',
    type: 'string',
    enum: ['0', '1', 'gzip', 'lzo', 'zstd'],
    default: '0',
    summary: 'How archives are compressed: 0 for none, 1 for the default (lzo), or gzip, lzo or zstd.',
  },
  {
    name: 'dumpdir',
    placeholder: 'DIR',
    type: 'string',
    summary: 'A directory to write archives to instead of a storage. Ignored when storage is also set.',
  },
  {
    name: 'exclude',
    type: 'string',
    format: 'pve-vmid-list',
    guestSelection: true,
    summary: 'VMIDs to leave out when backing up all guests.',
  },
  {
    name: 'exclude-path',
    placeholder: 'PATHLIST',
    type: 'array',
    summary:
      'Paths to leave out of container backups (shell globs). A leading / anchors a path at the container root. May be given on several lines; they add up.',
  },
  {
    name: 'fleecing',
    placeholder: 'enabled=BOOLEAN,storage=STORAGE_ID',
    type: 'string',
    format: 'backup-fleecing',
    summary:
      'VM backups only: keep copies of blocks the guest overwrites during the backup on a fast storage, so a slow backup target does not slow the guest down.',
    subKeys: [
      {
        name: 'enabled',
        type: 'boolean',
        default: '0',
        defaultKey: true,
        summary: 'Turn fleecing on (1) or off (0). A bare 1 or 0 means this key.',
      },
      {
        name: 'storage',
        type: 'string',
        format: 'pve-storage-id',
        summary:
          'The storage that holds the fleecing images; required when fleecing is enabled. Prefer a local, thin-provisioned one.',
      },
    ],
  },
  {
    name: 'ionice',
    placeholder: 'PRI',
    type: 'integer',
    minimum: 0,
    maximum: 8,
    default: '7',
    summary: 'I/O priority of the backup process (0 is highest, 8 means idle).',
  },
  {
    name: 'lockwait',
    placeholder: 'MINUTES',
    type: 'integer',
    minimum: 0,
    default: '180',
    summary: 'How many minutes a job waits for the global backup lock before it gives up.',
  },
  {
    name: 'mailnotification',
    type: 'string',
    enum: ['always', 'failure'],
    default: 'always',
    deprecated: 'use the notification system (notification-mode) instead',
    summary: 'When to send the old-style notification mail.',
  },
  {
    name: 'mailto',
    placeholder: 'ADDRESSLIST',
    type: 'string',
    format: 'email-or-username-list',
    deprecated: 'use the notification system (notification-mode) instead',
    summary: 'Addresses or user names for the old-style notification mail, separated by commas, semicolons or spaces.',
  },
  {
    name: 'maxfiles',
    type: 'integer',
    minimum: 1,
    removed: { since: 'Proxmox VE 9', replacement: 'prune-backups' },
    summary: 'How many backups of a guest to keep. Replaced by prune-backups.',
  },
  {
    name: 'mode',
    placeholder: 'snapshot|suspend|stop',
    type: 'string',
    enum: ['snapshot', 'suspend', 'stop'],
    default: 'snapshot',
    summary:
      'snapshot backs up a running guest, suspend pauses it for a final sync, stop shuts it down for the backup and starts it again.',
  },
  { name: 'node', type: 'string', format: 'pve-node', guestSelection: true, summary: 'Run only on this cluster node.' },
  {
    name: 'notes-template',
    type: 'string',
    maxLength: 1024,
    summary:
      'Notes added to each backup. May use {{cluster}}, {{guestname}}, {{node}} and {{vmid}}; one line, with \\n for a line break. Used only with a storage.',
  },
  {
    name: 'notification-mode',
    type: 'string',
    enum: ['auto', 'legacy-sendmail', 'notification-system'],
    default: 'auto',
    summary:
      'How the job reports: through the notification system, by the old mail settings, or automatically ' +
      '(mail when mailto is set, else the notification system).',
  },
  {
    name: 'notification-policy',
    type: 'string',
    enum: ['always', 'failure', 'never'],
    removed: {
      since: 'Proxmox VE 9',
      replacement:
        'notification-mode and the notification system (matchers and targets under Datacenter > Notifications)',
    },
    summary: 'When to notify. Replaced by the notification system.',
  },
  {
    name: 'notification-target',
    type: 'string',
    format: 'pve-configid',
    removed: {
      since: 'Proxmox VE 9',
      replacement:
        'notification-mode and the notification system (matchers and targets under Datacenter > Notifications)',
    },
    summary: 'Where to notify. Replaced by the notification system.',
  },
  {
    name: 'pbs-change-detection-mode',
    placeholder: 'legacy|data|metadata',
    type: 'string',
    enum: ['legacy', 'data', 'metadata'],
    summary: 'Container backups to Proxmox Backup Server: how changed files are found (metadata is fastest).',
  },
  {
    name: 'performance',
    placeholder: '[max-workers=N][,pbs-entries-max=N]',
    type: 'string',
    format: 'backup-performance',
    summary: 'Tuning for heavy backups.',
    subKeys: [
      {
        name: 'max-workers',
        type: 'integer',
        minimum: 1,
        maximum: 256,
        default: '16',
        summary: 'VMs: how many I/O workers may run at once.',
      },
      {
        name: 'pbs-entries-max',
        type: 'integer',
        minimum: 1,
        default: '1048576',
        summary:
          'Containers to Proxmox Backup Server: how many entries are held in memory at once. Raise it for containers with very many files.',
      },
    ],
  },
  {
    name: 'pigz',
    placeholder: 'N',
    type: 'integer',
    default: '0',
    summary: 'With gzip: 1 uses pigz with half the cores, N>1 uses N threads; 0 uses plain gzip.',
  },
  { name: 'pool', type: 'string', summary: 'Back up the guests of this resource pool.' },
  {
    name: 'protected',
    type: 'boolean',
    summary: 'Mark new backups as protected, so pruning never removes them. Used only with a storage.',
  },
  {
    name: 'prune-backups',
    placeholder: 'keep-INTERVAL=N[,...]',
    type: 'string',
    format: 'prune-backups',
    default: 'keep-all=1',
    summary: "Which backups to keep after a job. A storage's own setting wins over this one.",
    subKeys: [
      {
        name: 'keep-all',
        type: 'boolean',
        summary: 'Keep every backup. Cannot be combined with the other keep options.',
      },
      { name: 'keep-last', type: 'integer', minimum: 0, summary: 'Keep the last N backups.' },
      keep('keep-hourly', 'hours'),
      keep('keep-daily', 'days'),
      keep('keep-weekly', 'weeks'),
      keep('keep-monthly', 'months'),
      keep('keep-yearly', 'years'),
    ],
  },
  { name: 'quiet', type: 'boolean', default: '0', guestSelection: true, summary: 'Be quiet (a command-line switch).' },
  { name: 'remove', type: 'boolean', default: '1', summary: 'Prune old backups after a job, following prune-backups.' },
  {
    name: 'script',
    placeholder: 'FILENAME',
    type: 'string',
    summary: 'A hook script called at each phase of the job.',
  },
  {
    name: 'size',
    type: 'integer',
    minimum: 500,
    removed: { since: 'Proxmox VE 7' },
    summary: 'The old LVM snapshot size. No longer used.',
  },
  {
    name: 'stdexcludes',
    placeholder: 'BOOLEAN',
    type: 'boolean',
    default: '1',
    summary: 'Leave temporary files and logs out of container backups.',
  },
  {
    name: 'stop',
    type: 'boolean',
    default: '0',
    guestSelection: true,
    summary: 'Stop running backup jobs on this node (a command-line switch).',
  },
  {
    name: 'stopwait',
    placeholder: 'MINUTES',
    type: 'integer',
    minimum: 0,
    default: '10',
    summary: 'Minutes to wait for a guest to shut down in stop mode.',
  },
  {
    name: 'storage',
    placeholder: 'STORAGE_ID',
    type: 'string',
    format: 'pve-storage-id',
    summary: 'The storage backups go to. Without it (and without dumpdir) they go to "local".',
  },
  {
    name: 'tmpdir',
    placeholder: 'DIR',
    type: 'string',
    summary:
      'Where container backups keep temporary files. Use a local directory: on NFS or CIFS rsync cannot set owners and ACLs.',
  },
  { name: 'vmid', type: 'string', format: 'pve-vmid-list', guestSelection: true, summary: 'The guests to back up.' },
  { name: 'zstd', type: 'integer', default: '1', summary: 'zstd threads: 0 uses half the cores, N uses N threads.' },
];

/** Parameters of the API and the command line only: in this file they are unknown keys. */
export const API_ONLY_KEYS: ReadonlySet<string> = new Set(['stdout', 'job-id']);

const byName = new Map(vzdumpOptions.map((option) => [option.name, option]));

/** The option of that exact name (keys are case-sensitive), removed ones included. */
export function findOption(name: string): VzdumpOption | undefined {
  return byName.get(name);
}

/**
 * The current option a key most likely meant: the same name in other case or with '_' for '-',
 * a near miss (up to one edit for short names, two for longer ones, a swap counting as one),
 * or the start of exactly one option name (`prune` for prune-backups). Undefined when nothing is close.
 */
export function suggestKey(name: string): string | undefined {
  const wanted = name.toLowerCase().replace(/_/g, '-');
  const current = vzdumpOptions.filter((option) => !option.removed);
  if (current.some((option) => option.name === wanted)) return wanted;
  let best: { name: string; distance: number } | undefined;
  for (const option of current) {
    const allowed = Math.min(option.name.length, wanted.length) <= 4 ? 1 : 2;
    if (Math.abs(option.name.length - wanted.length) > allowed) continue;
    const distance = editDistance(wanted, option.name);
    if (distance <= allowed && (!best || distance < best.distance)) best = { name: option.name, distance };
  }
  if (best) return best.name;
  if (wanted.length < 3) return undefined;
  const prefixed = current.filter((option) => option.name.startsWith(wanted));
  return prefixed.length === 1 ? prefixed[0]?.name : undefined;
}

/** Levenshtein distance with adjacent swaps counted as one edit. */
function editDistance(a: string, b: string): number {
  let beforePrevious: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min((previous[j] ?? 0) + 1, (row[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        best = Math.min(best, (beforePrevious[j - 2] ?? 0) + 1);
      row.push(best);
    }
    beforePrevious = previous;
    previous = row;
  }
  return previous[b.length] ?? 0;
}
