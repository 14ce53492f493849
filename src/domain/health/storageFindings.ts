import { WRITE_TEST_STEPS, type WriteTestStep } from '../proxmox/writeProbe';
import type { Finding } from './findings';

/**
 * The runbook's write test on one backup storage: pass when every step works; otherwise a failure
 * naming the first step the storage refused (for an NFS export squashing root, chown or chmod).
 */
export function writeTestFinding(storage: string, directory: string, steps: readonly WriteTestStep[]): Finding {
  const details = steps
    .map((s) => `${s.ok ? 'ok    ' : 'FAILED'} ${s.command}${s.message ? `: ${s.message}` : ''}`)
    .join('\n');
  const failed = steps.find((s) => !s.ok);
  if (steps.length === 0)
    return {
      area: 'storage',
      verdict: 'failure',
      title: `${storage}: the write test did not run`,
      evidence: `no answer from the test in ${directory}`,
    };
  if (!failed && steps.length < WRITE_TEST_STEPS.length) {
    const last = steps[steps.length - 1]?.step ?? 'create';
    return {
      area: 'storage',
      verdict: 'failure',
      title: `${storage}: the write test stopped after the ${last} step`,
      evidence: `${steps.length} of ${WRITE_TEST_STEPS.length} steps answered in ${directory}`,
      details,
    };
  }
  if (!failed)
    return {
      area: 'storage',
      verdict: 'pass',
      title: `${storage}: create, timestamp, chown, chmod and remove work in ${directory}`,
      evidence: steps.map((s) => s.step).join(' ✓ ') + ' ✓',
      details,
    };
  const hint =
    failed.step === 'create'
      ? 'vzdump cannot write archives here'
      : 'rsync and tar cannot keep owners and permissions here, so container backups that copy through this storage fail';
  return {
    area: 'storage',
    verdict: 'failure',
    title: `${storage}: the write test fails at the ${failed.step} step`,
    evidence: `${failed.command}: ${failed.message || 'failed'}`,
    details: `${details}\n\n${hint}.`,
    ...(failed.step === 'create' ? {} : { action: { id: 'fixTmpdir', label: 'Set a local tmpdir…' } as const }),
  };
}
