import * as z from 'zod';

// Messages between the ZFS health panel and the extension, validated with zod on arrival on both
// sides. The extension sends the whole view model (pools, their vdevs, the damage mapped to
// guests) whenever it changes; the view sends the user's actions.

export const VdevRowSchema = z.object({
  name: z.string(),
  state: z.string(),
  read: z.number(),
  write: z.number(),
  cksum: z.number(),
  /** 0 for the pool's root vdev, 1 for mirror-0, 2 for its disks */
  depth: z.number().int(),
  note: z.string().optional(),
  section: z.string().optional(),
});
export type VdevRow = z.infer<typeof VdevRowSchema>;

export const DamageViewSchema = z.object({
  entry: z.string(),
  kind: z.string(),
  dataset: z.string().optional(),
  storage: z.string().optional(),
  volume: z.string().optional(),
  vmid: z.number().int().optional(),
  guest: z
    .object({ vmid: z.number().int(), name: z.string(), type: z.enum(['lxc', 'qemu']), status: z.string() })
    .optional(),
  backups: z.array(
    z.object({ storage: z.string(), volid: z.string(), ctime: z.number().optional(), size: z.number().optional() }),
  ),
});
export type DamageView = z.infer<typeof DamageViewSchema>;

export const PoolViewSchema = z.object({
  name: z.string(),
  state: z.string(),
  /** how the state is coloured: healthy, needs attention, or broken */
  severity: z.enum(['ok', 'warning', 'error']),
  status: z.string().optional(),
  action: z.string().optional(),
  see: z.string().optional(),
  scan: z
    .object({
      kind: z.string(),
      state: z.string(),
      percent: z.number().optional(),
      errors: z.number().optional(),
      text: z.string(),
    })
    .optional(),
  capacity: z.object({ size: z.number(), alloc: z.number(), free: z.number() }).optional(),
  vdevs: z.array(VdevRowSchema),
  errorsSummary: z.string(),
  damage: z.array(DamageViewSchema),
  mirrorWarnings: z.array(z.string()),
});
export type PoolView = z.infer<typeof PoolViewSchema>;

export const ZfsHealthStateSchema = z.object({
  host: z.string(),
  node: z.string(),
  /** ms since the epoch of the look this state comes from */
  updatedAt: z.number(),
  pools: z.array(PoolViewSchema),
  /** set while a refresh is under way, e.g. to follow a scrub */
  refreshing: z.boolean(),
  /** pools whose scrub, stop or clear the host has not answered yet, with what their button says meanwhile */
  busy: z
    .array(z.object({ pool: z.string(), action: z.enum(['scrub', 'stopScrub', 'clear']), text: z.string() }))
    .optional(),
  /** the last look failed; the pools are from the one before */
  error: z.string().optional(),
});
export type ZfsHealthState = z.infer<typeof ZfsHealthStateSchema>;

export const ZfsActionSchema = z.enum(['scrub', 'stopScrub', 'clear', 'refresh', 'copyReport']);
export type ZfsAction = z.infer<typeof ZfsActionSchema>;

export const ZfsHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('zfs/state'), state: ZfsHealthStateSchema }),
]);
export type ZfsHostMessage = z.infer<typeof ZfsHostMessageSchema>;

export const ZfsViewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('zfs/ready') }),
  z.object({ type: z.literal('zfs/action'), action: ZfsActionSchema, pool: z.string().optional() }),
  z.object({ type: z.literal('zfs/revealGuest'), vmid: z.number().int() }),
]);
export type ZfsViewMessage = z.infer<typeof ZfsViewMessageSchema>;

/** What the panel keeps with getState/setState, so a reload reopens it for the same host. */
export const ZfsPanelStateSchema = z.object({ host: z.string() });

/**
 * The accessible name of a running scan's progress bar: "Scrub 0.04% done", as zpool prints the
 * figure (a small one is the very case where the bar itself shows next to nothing).
 */
export function scanProgressLabel(scan: { kind: string; percent?: number }): string {
  const what = scan.kind === 'resilver' ? 'Resilver' : 'Scrub';
  return scan.percent === undefined ? `${what} in progress` : `${what} ${scan.percent}% done`;
}
