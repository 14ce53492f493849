import * as z from 'zod';

// What the extension reads from the Proxmox API (through `pvesh ... --output-format json`).
// Lenient on purpose: unknown fields are kept, numbers that Perl printed as strings are accepted,
// so a newer Proxmox does not break the tree. The lab's fidelity checks hold the strict shapes.

const num = z.coerce.number();
const optionalNum = num.optional();

export const clusterResourceSchema = z.looseObject({
  id: z.string(),
  type: z.string(),
  node: z.string().optional(),
  status: z.string().optional(),
  name: z.string().optional(),
  vmid: optionalNum,
  uptime: optionalNum,
  cpu: optionalNum,
  maxcpu: optionalNum,
  mem: optionalNum,
  maxmem: optionalNum,
  disk: optionalNum,
  maxdisk: optionalNum,
  lock: z.string().optional(),
  tags: z.string().optional(),
  template: optionalNum,
  storage: z.string().optional(),
  plugintype: z.string().optional(),
  content: z.string().optional(),
  shared: optionalNum,
});
export type ClusterResource = z.infer<typeof clusterResourceSchema>;
export const clusterResourcesSchema = z.array(clusterResourceSchema);

export const storageStatusSchema = z.looseObject({
  storage: z.string(),
  type: z.string(),
  content: z.string().optional(),
  active: optionalNum,
  enabled: optionalNum,
  shared: optionalNum,
  total: optionalNum,
  used: optionalNum,
  avail: optionalNum,
});
export type StorageStatus = z.infer<typeof storageStatusSchema>;

export const storageContentSchema = z.array(
  z.looseObject({
    volid: z.string(),
    content: z.string(),
    format: z.string().optional(),
    size: optionalNum,
    ctime: optionalNum,
    vmid: optionalNum,
    subtype: z.string().optional(),
    notes: z.string().optional(),
    protected: optionalNum,
  }),
);
export type StorageContentItem = z.infer<typeof storageContentSchema>[number];

export const taskSchema = z.looseObject({
  upid: z.string(),
  node: z.string(),
  type: z.string(),
  id: z.string().optional(),
  user: z.string().optional(),
  starttime: num,
  endtime: optionalNum,
  status: z.string().optional(),
});
export type TaskSummary = z.infer<typeof taskSchema>;
export const taskListSchema = z.array(taskSchema);

export const taskStatusSchema = z.looseObject({
  upid: z.string(),
  status: z.enum(['running', 'stopped']),
  exitstatus: z.string().optional(),
  type: z.string().optional(),
  id: z.string().optional(),
  starttime: optionalNum,
});
export type TaskStatus = z.infer<typeof taskStatusSchema>;

export const taskLogSchema = z.array(z.object({ n: num, t: z.string() }));
export type TaskLogLine = z.infer<typeof taskLogSchema>[number];

export const zfsPoolListSchema = z.array(
  z.looseObject({
    name: z.string(),
    health: z.string(),
    size: optionalNum,
    alloc: optionalNum,
    free: optionalNum,
    frag: optionalNum,
    dedup: optionalNum,
  }),
);
export type ZfsPoolSummary = z.infer<typeof zfsPoolListSchema>[number];

/** A guest config: a flat map of keys to values (numbers stay numbers where the API made them so). */
export const guestConfigSchema = z.record(z.string(), z.unknown());
