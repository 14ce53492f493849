import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabInfo } from '../../test/lab/runtime/labInfo';
import { labHostSettings } from './labProfile';
import { repoRoot } from './paths';

/**
 * What `npm run demo` sets up, shared with the browser test that reloads it: the lab as host
 * "pve2", and the example runbook in the workspace.
 */
export function demoSettings(lab: LabInfo): Record<string, unknown> {
  return labHostSettings(lab);
}

export const DEMO_RUNBOOK = {
  name: 'pve2-incident-runbook.md',
  content: (): string => fs.readFileSync(path.join(repoRoot, 'examples', 'pve2-incident-runbook.md'), 'utf8'),
};
