import * as fs from 'node:fs';
import * as path from 'node:path';
import type { LabInfo } from '../../test/lab/runtime/labInfo';
import { labHostSettings } from './labProfile';
import { repoRoot } from './paths';

/**
 * What `npm run demo` sets up, shared with the browser test that reloads it: the lab as host
 * "pve2", and the example runbook opened by the printed URL.
 */
export function demoSettings(lab: LabInfo): Record<string, unknown> {
  return {
    ...labHostSettings(lab),
    // The URL names the runbook to open; without this VS Code would then skip restoring the
    // editors of the last session, and a reload would lose an open backup monitor.
    'window.restoreWindows': 'preserve',
  };
}

export const DEMO_RUNBOOK = {
  name: 'pve2-incident-runbook.md',
  content: (): string => fs.readFileSync(path.join(repoRoot, 'examples', 'pve2-incident-runbook.md'), 'utf8'),
};
