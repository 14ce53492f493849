import * as z from 'zod';

// Messages between the health check report and the extension, validated with zod on arrival on
// both sides. The extension sends the whole report whenever a check finishes; the view sends the
// user's clicks.

export const VerdictSchema = z.enum(['pass', 'warning', 'failure']);
export const HealthAreaSchema = z.enum(['storage', 'vzdump.conf', 'locks', 'zfs', 'backups', 'policy']);
export type Verdict = z.infer<typeof VerdictSchema>;
export type HealthArea = z.infer<typeof HealthAreaSchema>;

/** How the report sorts findings: failures first. */
export const VERDICT_ORDER: Record<Verdict, number> = { failure: 0, warning: 1, pass: 2 };

/** The report's sections, in the order it shows them. */
export const AREA_TITLES: Record<HealthArea, string> = {
  storage: 'Backup storages',
  'vzdump.conf': 'vzdump.conf',
  locks: 'Locks',
  zfs: 'ZFS',
  backups: 'Backups per guest',
  policy: 'Backup policy',
};

export const HealthActionIdSchema = z.enum([
  'cleanUpStuckBackup',
  'unlockGuest',
  'scrub',
  'fixTmpdir',
  'openVzdumpConf',
  'backUpNow',
  'useStopModeForMedia',
  'showZfsHealth',
]);

export const HealthActionSchema = z.object({
  id: HealthActionIdSchema,
  label: z.string(),
  target: z.string().optional(),
});

export const FindingViewSchema = z.object({
  area: HealthAreaSchema,
  verdict: VerdictSchema,
  title: z.string(),
  evidence: z.string(),
  details: z.string().optional(),
  action: HealthActionSchema.optional(),
});
export type FindingView = z.infer<typeof FindingViewSchema>;

/** One check (a storage's write test, the locks, the pools...) and where it stands. */
export const CheckViewSchema = z.object({
  id: z.string(),
  area: HealthAreaSchema,
  title: z.string(),
  state: z.enum(['running', 'done', 'error']),
  /** why the check itself could not run (the host did not answer, a command failed) */
  error: z.string().optional(),
  findings: z.array(FindingViewSchema),
  /** ms the check took */
  durationMs: z.number().optional(),
});
export type CheckView = z.infer<typeof CheckViewSchema>;

export const HealthReportStateSchema = z.object({
  host: z.string(),
  node: z.string(),
  /** ms since the epoch when the last run started, and how long it took when it is over */
  startedAt: z.number(),
  durationMs: z.number().optional(),
  running: z.boolean(),
  checks: z.array(CheckViewSchema),
  counts: z.object({ pass: z.number(), warning: z.number(), failure: z.number() }),
});
export type HealthReportState = z.infer<typeof HealthReportStateSchema>;

export const HealthButtonSchema = z.enum(['runAgain', 'runAll', 'copyMarkdown']);
export type HealthButton = z.infer<typeof HealthButtonSchema>;

export const HealthHostMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('health/state'), state: HealthReportStateSchema }),
]);
export type HealthHostMessage = z.infer<typeof HealthHostMessageSchema>;

export const HealthViewMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('health/ready') }),
  z.object({ type: z.literal('health/button'), button: HealthButtonSchema }),
  z.object({ type: z.literal('health/action'), action: HealthActionSchema }),
]);
export type HealthViewMessage = z.infer<typeof HealthViewMessageSchema>;

/** What the panel keeps with getState/setState, so a reload reopens it for the same host. */
export const HealthPanelStateSchema = z.object({ host: z.string() });
