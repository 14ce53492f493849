import * as z from '../schemas/z';
import { hostPath, PATHS } from '../labPaths';
import { readFileIfExists, writeFileAtomic } from '../fsUtil';

/** Lab switches kept in /run/pve-lab/settings.json. */
export const LabSettingsSchema = z.object({
  /** vzdump runs this many times slower (1 = full speed) */
  slowFactor: z.number().min(1).max(1000).default(1),
  /** real seconds one 'lockwait' minute lasts (60 on a real host) */
  lockwaitUnitSeconds: z.number().min(0.1).max(60).default(60),
});
export type LabSettings = z.infer<typeof LabSettingsSchema>;

const settingsFile = (): string => hostPath(`${PATHS.labRunDir}/settings.json`);

export function readLabSettings(): LabSettings {
  const raw = readFileIfExists(settingsFile());
  return LabSettingsSchema.parse(raw === undefined ? {} : JSON.parse(raw));
}

export function writeLabSettings(change: Partial<LabSettings>): LabSettings {
  const next = LabSettingsSchema.parse({ ...readLabSettings(), ...change });
  writeFileAtomic(settingsFile(), `${JSON.stringify(next, null, 2)}\n`);
  return next;
}
