import * as z from 'zod';

// Messages between the backup monitor panel and the extension, validated with zod on arrival on
// both sides. The extension sends the whole view model on every change (it is small) and the
// log as appended lines, so a long log is never sent twice.

export const phaseIds = ['lock', 'prepare', 'guest', 'sync', 'archive', 'resume', 'end'] as const;
export const PhaseIdSchema = z.enum(phaseIds);
export type PhaseId = z.infer<typeof PhaseIdSchema>;

export const PhaseSchema = z.object({
  id: PhaseIdSchema,
  label: z.string(),
  state: z.enum(['pending', 'active', 'done', 'failed', 'skipped']),
});

export const ActionIdSchema = z.enum([
  'stop',
  'openLog',
  'copyCommand',
  'fixTmpdir',
  'testWrite',
  'unlock',
  'cleanupStuck',
  'openZfsHealth',
]);
export type ActionId = z.infer<typeof ActionIdSchema>;

export const ProblemViewSchema = z.object({
  code: z.string(),
  line: z.number().int(),
  title: z.string(),
  explanation: z.string(),
  actions: z.array(z.object({ id: ActionIdSchema, label: z.string() })),
});

export const MonitorStateSchema = z.object({
  upid: z.string(),
  host: z.string(),
  node: z.string(),
  vmid: z.number().int().optional(),
  guestName: z.string().optional(),
  guestType: z.enum(['lxc', 'qemu']).optional(),
  storage: z.string().optional(),
  mode: z.string().optional(),
  modeFallback: z.boolean(),
  compress: z.string().optional(),
  command: z.string(),
  startTime: z.number(),
  /** seconds since the start, when the state was made */
  elapsed: z.number(),
  status: z.enum(['running', 'ok', 'failed', 'stopped']),
  exitStatus: z.string().optional(),
  /** a failed job's reason, from its log (the exit status can be a bare "unexpected status") */
  failureReason: z.string().optional(),
  phases: z.array(PhaseSchema),
  progress: z.object({
    percent: z.number().optional(),
    bytes: z.number().optional(),
    totalBytes: z.number().optional(),
    bytesPerSecond: z.number().optional(),
    etaSeconds: z.number().optional(),
  }),
  warnings: z.number().int(),
  errors: z.number().int(),
  problems: z.array(ProblemViewSchema),
  archive: z.object({ path: z.string(), size: z.number().optional(), listed: z.boolean() }).optional(),
  /** the last look at the task failed; the monitor keeps trying */
  followError: z.string().optional(),
});
export type MonitorState = z.infer<typeof MonitorStateSchema>;

export const LogLineSchema = z.object({ n: z.number().int(), t: z.string() });
export type LogLine = z.infer<typeof LogLineSchema>;

export const HostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('backup/state'), state: MonitorStateSchema }),
  z.object({ type: z.literal('backup/log'), lines: z.array(LogLineSchema), reset: z.boolean() }),
]);
export type HostMessage = z.infer<typeof HostMessageSchema>;

export const ViewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('backup/ready') }),
  z.object({ type: z.literal('backup/action'), action: ActionIdSchema }),
]);
export type ViewMessage = z.infer<typeof ViewMessageSchema>;

/** What the panel keeps with getState/setState, so a reload can reattach to the same task. */
export const PanelStateSchema = z.object({ host: z.string(), node: z.string(), upid: z.string() });
export type PanelState = z.infer<typeof PanelStateSchema>;
