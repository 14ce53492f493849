import { checkAgainstHost, LOCAL_TMPDIR, type VzdumpHostFacts } from '../vzdumpConf/hostChecks';
import { scanVzdumpConf, validateVzdumpConf } from '../vzdumpConf';
import type { Finding } from './findings';

const OPEN = { id: 'openVzdumpConf', label: 'Open vzdump.conf' } as const;
const FIX_TMPDIR = { id: 'fixTmpdir', label: 'Set a local tmpdir…' } as const;

/**
 * /etc/vzdump.conf as Proxmox reads it: no line it would reject, and a tmpdir that is set, exists
 * and is local (the pve2 incident: temporary copies on the NFS share failed every container backup).
 * `facts.paths` must hold the tmpdir's facts when one is set.
 */
export function vzdumpConfFindings(text: string, facts: VzdumpHostFacts): Finding[] {
  const result = validateVzdumpConf(text);
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  const findings: Finding[] = [
    errors.length
      ? {
          area: 'vzdump.conf',
          verdict: 'failure',
          title: `vzdump.conf has ${errors.length} line${errors.length === 1 ? '' : 's'} Proxmox rejects`,
          evidence: `line ${(errors[0]?.line ?? 0) + 1}: ${errors[0]?.message ?? ''}`,
          details: errors.map((d) => `line ${d.line + 1}: ${d.message}`).join('\n'),
          action: OPEN,
        }
      : {
          area: 'vzdump.conf',
          verdict: 'pass',
          title: 'vzdump.conf reads cleanly',
          evidence: `${Object.keys(result.values).length} option${Object.keys(result.values).length === 1 ? '' : 's'} set, no errors`,
        },
  ];

  const tmpdir = result.values.tmpdir;
  const onHost = checkAgainstHost(scanVzdumpConf(text), result.values, facts).filter((d) => d.key === 'tmpdir');
  if (typeof tmpdir !== 'string') {
    const hint = onHost[0];
    findings.push(
      hint
        ? {
            area: 'vzdump.conf',
            verdict: 'warning',
            title: 'No tmpdir is set, and backups go to a network share',
            evidence: 'tmpdir: not set',
            details: hint.message,
            action: FIX_TMPDIR,
          }
        : {
            area: 'vzdump.conf',
            verdict: 'warning',
            title: 'No tmpdir is set',
            evidence: 'tmpdir: not set',
            details:
              `vzdump then keeps temporary copies next to the archive or in /var/tmp. A local tmpdir such ` +
              `as ${LOCAL_TMPDIR} keeps them off network shares for good.`,
            action: FIX_TMPDIR,
          },
    );
    return findings;
  }
  const fact = facts.paths.find((p) => p.path === tmpdir);
  const problem = onHost[0];
  if (problem)
    findings.push({
      area: 'vzdump.conf',
      verdict: 'failure',
      title: `tmpdir ${tmpdir} is not usable`,
      evidence: problem.message.split('. ')[0] ?? problem.message,
      details: problem.message,
      action: FIX_TMPDIR,
    });
  else if (!fact)
    findings.push({
      area: 'vzdump.conf',
      verdict: 'warning',
      title: `tmpdir ${tmpdir} could not be checked`,
      evidence: 'the host did not describe this path',
      action: OPEN,
    });
  else
    findings.push({
      area: 'vzdump.conf',
      verdict: 'pass',
      title: `tmpdir ${tmpdir} exists on a local filesystem`,
      evidence: `tmpdir: ${tmpdir} (${fact.kind}, ${fact.fsType || 'unknown filesystem'})`,
    });
  return findings;
}
