import { z } from 'zod';

/**
 * Zod schemas of the Proxmox VE API results the extension reads, with field names and types from
 * the API schema (PVE 8/9). pvesh prints these without the {"data": ...} wrapper. Objects are
 * strict where the API declares its properties, so an invented field fails validation.
 */

const int = z.number().int();
const bool01 = z.union([z.literal(0), z.literal(1)]);
const vmid = int.min(100).max(999_999_999);

export const UPID_PATTERN =
  /^UPID:([a-zA-Z0-9]([a-zA-Z0-9-]*[a-zA-Z0-9])?):([0-9A-Fa-f]{8}):([0-9A-Fa-f]{8,9}):([0-9A-Fa-f]{8}):([^:\s/]+):([^:\s/]*):([^:\s/]+):$/;
export const UpidSchema = z.string().regex(UPID_PATTERN);

/** GET /cluster/resources */
export const ClusterResourceSchema = z.strictObject({
  'cgroup-mode': int.optional(),
  content: z.string().optional(),
  cpu: z.number().min(0).optional(),
  disk: int.min(0).optional(),
  diskread: int.optional(),
  diskwrite: int.optional(),
  hastate: z.string().optional(),
  id: z.string(),
  level: z.string().optional(),
  lock: z.string().optional(),
  maxcpu: z.number().min(0).optional(),
  maxdisk: int.min(0).optional(),
  maxmem: int.optional(),
  mem: int.min(0).optional(),
  memhost: int.min(0).optional(),
  name: z.string().optional(),
  netin: int.optional(),
  netout: int.optional(),
  network: z.string().optional(),
  'network-type': z.enum(['fabric', 'zone']).optional(),
  node: z.string().optional(),
  plugintype: z.string().optional(),
  pool: z.string().optional(),
  protocol: z.string().optional(),
  sdn: z.string().optional(),
  shared: bool01.optional(),
  status: z.string().optional(),
  storage: z.string().optional(),
  tags: z.string().optional(),
  template: bool01.optional(),
  type: z.enum(['node', 'storage', 'pool', 'qemu', 'lxc', 'openvz', 'sdn', 'network']),
  uptime: int.optional(),
  vmid: vmid.optional(),
  'zone-type': z.string().optional(),
});
export const ClusterResourcesSchema = z.array(ClusterResourceSchema);

/** GET /nodes */
export const NodeListSchema = z.array(
  z.strictObject({
    cpu: z.number().optional(),
    level: z.string().optional(),
    maxcpu: int.optional(),
    maxmem: int.optional(),
    mem: int.optional(),
    node: z.string(),
    ssl_fingerprint: z.string().optional(),
    status: z.enum(['unknown', 'online', 'offline']),
    uptime: int.optional(),
  }),
);

/** GET /nodes/{node}/status (the API allows additional properties here) */
export const NodeStatusSchema = z.looseObject({
  'boot-info': z.looseObject({ mode: z.enum(['efi', 'legacy-bios']), secureboot: bool01.optional() }),
  cpu: z.number(),
  cpuinfo: z.looseObject({ cores: int, cpus: int, model: z.string(), sockets: int }),
  'current-kernel': z.looseObject({
    machine: z.string(),
    release: z.string(),
    sysname: z.string(),
    version: z.string(),
  }),
  loadavg: z.array(z.string()).length(3),
  memory: z.looseObject({ available: int.optional(), free: int, total: int, used: int }),
  pveversion: z.string(),
  rootfs: z.looseObject({ avail: int, free: int, total: int, used: int }),
  uptime: int.optional(),
});

const guestCommon = {
  cpu: z.number().optional(),
  cpus: z.number().optional(),
  diskread: int.optional(),
  diskwrite: int.optional(),
  lock: z.string().optional(),
  maxdisk: int.optional(),
  maxmem: int.optional(),
  mem: int.optional(),
  name: z.string().optional(),
  netin: int.optional(),
  netout: int.optional(),
  pressurecpusome: z.number().optional(),
  pressureiofull: z.number().optional(),
  pressureiosome: z.number().optional(),
  pressurememoryfull: z.number().optional(),
  pressurememorysome: z.number().optional(),
  status: z.enum(['stopped', 'running']),
  tags: z.string().optional(),
  template: bool01.optional(),
  uptime: int.optional(),
  vmid,
};

/** GET /nodes/{node}/lxc */
export const LxcListEntrySchema = z.strictObject({
  ...guestCommon,
  disk: int.min(0).optional(),
  maxswap: int.optional(),
  type: z.literal('lxc').optional(),
});
export const LxcListSchema = z.array(LxcListEntrySchema);

/** GET /nodes/{node}/lxc/{vmid}/status/current */
export const LxcStatusCurrentSchema = z.strictObject({
  ...guestCommon,
  disk: int.min(0).optional(),
  maxswap: int.optional(),
  ha: z.looseObject({ managed: bool01 }),
  type: z.literal('lxc').optional(),
});

const qemuStatusFields = {
  ...guestCommon,
  /** not in the return schema, but vmstatus always sets it (0: "no info available") */
  disk: int.min(0).optional(),
  memhost: int.optional(),
  pid: int.optional(),
  pressurecpufull: z.number().optional(),
  qmpstatus: z.string().optional(),
  'running-machine': z.string().optional(),
  'running-qemu': z.string().optional(),
  serial: bool01.optional(),
};

/** GET /nodes/{node}/qemu */
export const QemuListEntrySchema = z.strictObject(qemuStatusFields);
export const QemuListSchema = z.array(QemuListEntrySchema);

/**
 * GET /nodes/{node}/qemu/{vmid}/status/current. Loose: besides the declared fields, a real node's
 * vmstatus($vmid, 1) adds QMP details (nics, blockstat, ballooninfo, proxmox-support...).
 */
export const QemuStatusCurrentSchema = z.looseObject({
  ...qemuStatusFields,
  agent: bool01.optional(),
  clipboard: z.enum(['vnc']).optional(),
  ha: z.looseObject({ managed: bool01 }),
  spice: bool01.optional(),
});

const LXC_LOCKS = [
  'backup',
  'create',
  'destroyed',
  'disk',
  'fstrim',
  'migrate',
  'mounted',
  'rollback',
  'snapshot',
  'snapshot-delete',
] as const;
const LXC_CONFIG_NUMBERED = /^(mp|net|dev|unused)\d+$/;

/** GET /nodes/{node}/lxc/{vmid}/config */
export const LxcConfigSchema = z
  .strictObject({
    arch: z.enum(['amd64', 'i386', 'arm64', 'armhf', 'riscv32', 'riscv64']).optional(),
    cmode: z.enum(['shell', 'console', 'tty']).optional(),
    console: bool01.optional(),
    cores: int.min(1).max(8192).optional(),
    cpulimit: z.number().min(0).max(8192).optional(),
    cpuunits: int.min(0).max(500000).optional(),
    debug: bool01.optional(),
    description: z.string().optional(),
    digest: z.string().regex(/^[0-9a-f]{40}$/),
    entrypoint: z.string().optional(),
    env: z.string().optional(),
    features: z.string().optional(),
    hookscript: z.string().optional(),
    hostname: z.string().optional(),
    lock: z.enum(LXC_LOCKS).optional(),
    lxc: z.array(z.tuple([z.string(), z.string()])).optional(),
    memory: int.min(16).optional(),
    nameserver: z.string().optional(),
    onboot: bool01.optional(),
    ostype: z
      .enum([
        'debian',
        'devuan',
        'ubuntu',
        'centos',
        'fedora',
        'opensuse',
        'archlinux',
        'alpine',
        'gentoo',
        'nixos',
        'unmanaged',
      ])
      .optional(),
    protection: bool01.optional(),
    rootfs: z.string().optional(),
    searchdomain: z.string().optional(),
    startup: z.string().optional(),
    swap: int.min(0).optional(),
    tags: z.string().optional(),
    template: bool01.optional(),
    timezone: z.string().optional(),
    tty: int.min(0).max(6).optional(),
    unprivileged: bool01.optional(),
  })
  .catchall(z.string())
  .superRefine((conf, ctx) => {
    for (const key of Object.keys(conf)) {
      if (!(key in LxcConfigKnownKeys) && !LXC_CONFIG_NUMBERED.test(key)) {
        ctx.addIssue({ code: 'custom', message: `unknown config key '${key}'`, path: [key] });
      }
    }
  });
const LxcConfigKnownKeys: Record<string, true> = Object.fromEntries(
  'arch cmode console cores cpulimit cpuunits debug description digest entrypoint env features hookscript hostname lock lxc memory nameserver onboot ostype protection rootfs searchdomain startup swap tags template timezone tty unprivileged'
    .split(' ')
    .map((k) => [k, true]),
);

/** GET /nodes/{node}/storage */
export const StorageStatusSchema = z.array(
  z.strictObject({
    active: bool01.optional(),
    avail: int.optional(),
    content: z.string(),
    enabled: bool01.optional(),
    formats: z.record(z.string(), z.unknown()).optional(),
    select_existing: bool01.optional(),
    shared: bool01.optional(),
    storage: z.string(),
    total: int.optional(),
    type: z.string(),
    used: int.optional(),
    used_fraction: z.number().optional(),
  }),
);

/** GET /nodes/{node}/storage/{storage}/content */
export const StorageContentSchema = z.array(
  z.strictObject({
    content: z.string(),
    ctime: int.optional(),
    encrypted: z.string().optional(),
    format: z.string(),
    notes: z.string().optional(),
    parent: z.string().optional(),
    protected: bool01.optional(),
    size: int,
    subtype: z.string().optional(),
    used: int.optional(),
    verification: z.looseObject({ state: z.string(), upid: z.string() }).optional(),
    vmid: int.optional(),
    volid: z.string().regex(/^[a-z][a-z0-9\-_.]*[a-z0-9]:.+$/i),
  }),
);

/** GET /nodes/{node}/disks/zfs */
export const ZfsPoolListSchema = z.array(
  z.strictObject({
    alloc: int,
    dedup: z.number(),
    frag: int,
    free: int,
    health: z.string(),
    name: z.string(),
    size: int,
  }),
);

type ZfsVdev = {
  name: string;
  state?: string;
  read?: number;
  write?: number;
  cksum?: number;
  msg: string;
  leaf: 0 | 1;
  children?: ZfsVdev[];
};
const ZfsVdevSchema: z.ZodType<ZfsVdev> = z.lazy(() =>
  z.strictObject({
    name: z.string(),
    state: z.string().optional(),
    read: z.number().optional(),
    write: z.number().optional(),
    cksum: z.number().optional(),
    msg: z.string(),
    leaf: bool01,
    children: z.array(ZfsVdevSchema).optional(),
  }),
);

/** GET /nodes/{node}/disks/zfs/{name} */
export const ZfsPoolDetailSchema = z.strictObject({
  action: z.string().optional(),
  children: z.array(ZfsVdevSchema),
  errors: z.string(),
  name: z.string(),
  scan: z.string().optional(),
  see: z.string().optional(),
  state: z.string(),
  status: z.string().optional(),
  leaf: bool01.optional(),
});

/** GET /nodes/{node}/tasks */
export const TaskListSchema = z.array(
  z.strictObject({
    endtime: int.optional(),
    id: z.string(),
    node: z.string(),
    pid: int,
    pstart: int,
    starttime: int,
    status: z.string().optional(),
    type: z.string(),
    upid: UpidSchema,
    user: z.string(),
  }),
);

/** GET /nodes/{node}/tasks/{upid}/status */
export const TaskStatusSchema = z.strictObject({
  exitstatus: z.string().optional(),
  id: z.string(),
  node: z.string(),
  pid: int,
  pstart: int,
  starttime: int,
  status: z.enum(['running', 'stopped']),
  type: z.string(),
  upid: UpidSchema,
  user: z.string(),
});

/** GET /nodes/{node}/tasks/{upid}/log */
export const TaskLogSchema = z.array(z.strictObject({ n: int.min(1), t: z.string() }));

/** Values that come from /etc/vzdump.conf keep Perl's string type, schema defaults are numbers. */
const perlInt = z.union([int, z.string().regex(/^-?\d+$/)]);

/**
 * GET /nodes/{node}/vzdump/defaults. Loose: unknown keys of /etc/vzdump.conf (typos included) are
 * kept by the parser and returned as they are.
 */
export const VzdumpDefaultsSchema = z.looseObject({
  all: bool01.optional(),
  bwlimit: perlInt.optional(),
  compress: z.enum(['0', '1', 'gzip', 'lzo', 'zstd']).optional(),
  dumpdir: z.string().optional(),
  exclude: z.string().optional(),
  'exclude-path': z.string().optional(),
  fleecing: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))]).optional(),
  ionice: perlInt.optional(),
  lockwait: perlInt.optional(),
  mailnotification: z.enum(['always', 'failure']).optional(),
  mailto: z.string().optional(),
  maxfiles: perlInt.optional(),
  mode: z.enum(['snapshot', 'suspend', 'stop']).optional(),
  node: z.string().optional(),
  'notes-template': z.string().optional(),
  'notification-mode': z.enum(['auto', 'legacy-sendmail', 'notification-system']).optional(),
  'notification-policy': z.enum(['always', 'failure', 'never']).optional(),
  'notification-target': z.string().optional(),
  'pbs-change-detection-mode': z.enum(['legacy', 'data', 'metadata']).optional(),
  performance: z.union([z.string(), z.record(z.string(), z.union([z.string(), z.number()]))]).optional(),
  pigz: perlInt.optional(),
  pool: z.string().optional(),
  protected: bool01.optional(),
  'prune-backups': z.string().optional(),
  quiet: bool01.optional(),
  remove: bool01.optional(),
  script: z.string().optional(),
  stdexcludes: bool01.optional(),
  stop: bool01.optional(),
  stopwait: perlInt.optional(),
  storage: z.string().optional(),
  tmpdir: z.string().optional(),
  vmid: z.string().optional(),
  zstd: perlInt.optional(),
});
